"""Authenticity signals on synthetic pixels and bytes, and the blank-page fix."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image

from prereview.authenticity import (
    GRID_PEAK,
    file_signals,
    grid_peak,
    not_a_document_signal,
    photocopy_signal,
    screen_signal,
    seal_signal,
)
from prereview.preprocess import is_blank
from prereview.samples import render
from prereview.samples.captures import chat_screenshot, displayed, photographed
from prereview.samples.degrade import over_exposed, photocopy, to_bgr
from prereview.samples.identities import make_enterprise, make_person, make_property


def _deed() -> np.ndarray:
    image, _ = render.render_deed(make_property(random.Random(3), ["张三"]))
    return to_bgr(image)


def test_grey_copy_is_a_photocopy_and_the_colour_licence_is_not():
    image, _ = render.render_licence(
        make_enterprise(random.Random(4), make_person(random.Random(5), birth_range=(1960, 1970)))
    )
    licence = cv2.resize(to_bgr(image), (400, 283))
    grey = photocopy(licence, np.random.default_rng(1))
    assert photocopy_signal(grey).raised
    assert not photocopy_signal(licence).raised
    assert not seal_signal(licence).raised


def test_editor_in_exif_is_edited_and_a_camera_is_not():
    def jpeg(software: str) -> bytes:
        exif = Image.Exif()
        exif[0x0131] = software
        stream = io.BytesIO()
        Image.new("RGB", (64, 64), "white").save(stream, "JPEG", exif=exif)
        return stream.getvalue()

    assert file_signals(jpeg("Adobe Photoshop 25.0 (Windows)"))[0].raised
    assert not file_signals(jpeg("HDR+ 1.0.540104767zd"))[0].raised


def test_licence_without_red_has_no_seal():
    assert seal_signal(np.full((300, 400, 3), 240, np.uint8)).raised


def test_a_blurred_deed_is_not_blank_and_a_blank_page_is():
    assert not is_blank(cv2.GaussianBlur(_deed(), (0, 0), 32))
    assert is_blank(to_bgr(render.render_blank_page(5)))


def test_a_washed_out_seal_counts_and_the_emblem_alone_is_no_seal():
    enterprise = make_enterprise(
        random.Random(8), make_person(random.Random(9), birth_range=(1960, 1970))
    )
    sealed, _ = render.render_licence(enterprise)
    unsealed, _ = render.render_licence(enterprise, sealed=False)
    small = cv2.resize(to_bgr(sealed), (400, 283))
    washed = over_exposed(small, np.random.default_rng(2))
    assert not seal_signal(small).raised
    assert not seal_signal(washed).raised
    assert seal_signal(cv2.resize(to_bgr(unsealed), (400, 283))).raised


def test_a_photo_of_a_monitor_is_a_screen_and_the_paper_is_not():
    licence, _ = render.render_licence(
        make_enterprise(random.Random(4), make_person(random.Random(5), birth_range=(1960, 1970)))
    )
    paper = to_bgr(licence)
    rng = np.random.default_rng(3)
    monitor = photographed(displayed(paper, rng), rng)
    assert screen_signal(monitor).raised
    assert not screen_signal(paper).raised


def test_a_monitor_grid_is_one_spectral_peak_and_paper_or_a_washed_out_print_has_none():
    licence, _ = render.render_licence(
        make_enterprise(random.Random(4), make_person(random.Random(5), birth_range=(1960, 1970)))
    )
    paper = to_bgr(licence)
    rng = np.random.default_rng(5)
    monitor = cv2.GaussianBlur(photographed(displayed(paper, rng), rng), (0, 0), 1.0)
    washed = over_exposed(_deed(), np.random.default_rng(2))

    def centre(pixels: np.ndarray) -> np.ndarray:
        h, w = pixels.shape[:2]
        return pixels[h // 2 - 192 : h // 2 + 192, w // 2 - 192 : w // 2 + 192].astype(np.float32)

    assert grid_peak(centre(monitor)) >= GRID_PEAK
    assert grid_peak(centre(paper)) < GRID_PEAK
    assert grid_peak(centre(washed)) < GRID_PEAK


def test_a_chat_screenshot_is_not_a_document_and_a_long_photographed_page_is():
    chat = chat_screenshot(random.Random(6))
    assert not_a_document_signal(chat, 60, False).raised
    assert not not_a_document_signal(chat, 60, True).raised
    # The same long page as a camera saw it: sensor noise everywhere, no screenshot.
    noise = np.random.default_rng(7).normal(0, 3, chat.shape)
    photo = np.clip(chat + noise, 0, 255).astype(np.uint8)
    assert not not_a_document_signal(photo, 60, False).raised
