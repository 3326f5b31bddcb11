"""Builders of hostile and broken files: images, PDFs, TIFFs and JSON made in code, so the
repository holds no binary blobs."""

from __future__ import annotations

import io
import json
import os
import socket
import struct
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ..test_bad_input import png_claiming  # noqa: F401 - a pixel bomb, shared
from ..test_batch import _pdf as pdf_of_objects

FULL_ID_NUMBER = "110105199003071239"  # a made-up number with a valid check digit


def small_image(text: str = "A1", size: tuple[int, int] = (96, 64)) -> Image.Image:
    """A small legible-looking image: cheap for OCR."""
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((8, 8), text, fill="black")
    return image


def image_bytes(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png(size: tuple[int, int], mode: str = "L") -> bytes:
    return image_bytes(Image.new(mode, size, 255), "PNG")


def sixteen_bit_png() -> bytes:
    values = (np.asarray(small_image("16", (160, 80)).convert("L"), np.uint16) * 257).astype(
        np.uint16
    )
    return image_bytes(Image.fromarray(values), "PNG")


def float_tiff() -> bytes:
    values = np.asarray(small_image("F", (160, 80)).convert("L"), np.float32) / 255.0
    return image_bytes(Image.fromarray(values, mode="F"), "TIFF")


def int32_tiff() -> bytes:
    values = np.asarray(small_image("I", (160, 80)).convert("L"), np.int32) * 1000
    return image_bytes(Image.fromarray(values, mode="I"), "TIFF")


def frames(count: int) -> list[Image.Image]:
    return [small_image(f"F{index}") for index in range(count)]


def animated(fmt: str, count: int) -> bytes:
    images = frames(count)
    options = {"save_all": True, "append_images": images[1:], "duration": 100}
    if fmt == "WEBP":
        options["lossless"] = True
    return image_bytes(images[0], fmt, **options)


def multipage_tiff(count: int) -> bytes:
    images = frames(count)
    return image_bytes(images[0], "TIFF", save_all=True, append_images=images[1:])


def tiff_second_frame_claiming(width: int, height: int) -> bytes:
    """A two-page TIFF whose second page's header claims a huge size (a bomb on page 2)."""
    data = bytearray(multipage_tiff(2))
    first = struct.unpack_from("<I", data, 4)[0]
    count = struct.unpack_from("<H", data, first)[0]
    second = struct.unpack_from("<I", data, first + 2 + count * 12)[0]
    entries = struct.unpack_from("<H", data, second)[0]
    for index in range(entries):
        at = second + 2 + index * 12
        tag, kind = struct.unpack_from("<HH", data, at)
        if tag in (256, 257):
            value = width if tag == 256 else height
            if kind == 3:  # SHORT
                struct.pack_into("<H", data, at + 8, min(value, 65535))
            else:
                struct.pack_into("<I", data, at + 8, value)
    return bytes(data)


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(16, int(len(data) * keep))]


def pdf(pages: list[str] | None = None, kids_override: str | None = None) -> bytes:
    """A PDF written by hand: one object per page (`pages` are MediaBox strings)."""
    pages = pages if pages is not None else ["0 0 200 100"]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + index} 0 R" for index in range(len(pages)))
    objects.append(kids_override or f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [{box}] >>" for box in pages]
    return pdf_of_objects(objects)


def recursive_pdf() -> bytes:
    """A page tree whose Pages node lists itself as a kid."""
    return pdf(["0 0 200 100"], "<< /Type /Pages /Kids [2 0 R] /Count 1 >>")


def corrupt_page_pdf() -> bytes:
    """A page tree whose kid is not a page dictionary."""
    return pdf(["0 0 200 100"], "<< /Type /Pages /Kids [(not a page)] /Count 1 >>")


def nested_json(depth: int, opening: str = "[") -> bytes:
    closing = "]" if opening == "[" else "}"
    inner = "[" if opening == "[" else '{"a":'
    return (inner * depth + "1" + closing * depth).encode()


def application(**declared) -> bytes:
    return json.dumps(
        {"matter": "id-verification", "declared": declared}, ensure_ascii=False
    ).encode()


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> socket.socket:
    """A listening Unix socket at `path` (kept open by the caller)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    return server


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no disk space."""
    with path.open("wb") as handle:
        handle.truncate(size)


def long_name_path(root: Path, total: int) -> Path:
    """A folder nested under `root` whose relative path is about `total` characters."""
    folder = root
    while len(str(folder.relative_to(root))) < total:
        folder = folder / ("d" * 200)
    folder.mkdir(parents=True)
    return folder
