"""Bad input: one clear line and a documented exit code, never a traceback, never a stop."""

import json
import struct
import zlib

import pytest
from PIL import Image
from typer.testing import CliRunner

from prereview.cli.app import app

runner = CliRunner()


def png_claiming(width, height):
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def truncated_jpeg(tmp_path):
    whole = tmp_path / "whole.jpg"
    Image.new("RGB", (400, 300), "white").save(whole, quality=90)
    data = whole.read_bytes()
    whole.unlink()
    return data[: len(data) // 2]


BAD_FILES = {
    "zero.jpg": (lambda tmp: b"", "empty file"),
    "letter.jpg": (lambda tmp: "申请书 application letter".encode(), "not an image file"),
    "truncated.jpg": (truncated_jpeg, "corrupt file"),
    "huge.png": (lambda tmp: png_claiming(30000, 30000), "image too large"),
    "fake.pdf": (lambda tmp: b"this is not a PDF", "not a valid PDF"),
    "notes.docx": (lambda tmp: b"PK\x03\x04", "unsupported file type"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_line_and_exit_1(tmp_path, name):
    make, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    result = runner.invoke(app, ["extract", "--json", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and message in errors[0] and name in errors[0]
    (document,) = json.loads(result.stdout)
    assert document["type"] == "unknown" and message in document["error"]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    for name in ("a_zero.jpg", "c_fake.pdf"):
        (tmp_path / name).write_bytes(
            BAD_FILES["zero.jpg"][0](tmp_path) if "zero" in name else b"%PDF-no"
        )
    Image.new("RGB", (600, 400), "white").save(tmp_path / "b_blank.png")
    result = runner.invoke(app, ["extract", "--json", str(tmp_path)])
    assert result.exit_code == 1
    documents = json.loads(result.stdout)
    assert [d["source"] for d in documents] == ["a_zero.jpg", "b_blank.png", "c_fake.pdf"]
    assert "error" not in documents[1] and documents[1]["type"] == "unknown"


def test_missing_path_exits_4(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nowhere.jpg")])
    assert result.exit_code == 4
    assert result.stderr.strip() == f"prereview: no such file or folder: {tmp_path / 'nowhere.jpg'}"


def test_unknown_engine_is_a_usage_error(tmp_path):
    Image.new("RGB", (60, 40), "white").save(tmp_path / "x.png")
    result = runner.invoke(app, ["extract", "--engine", "abbyy", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert "unknown OCR engine 'abbyy'" in result.stderr


def test_missing_tesseract_exits_3_with_install_hint(tmp_path, monkeypatch):
    import shutil

    Image.new("RGB", (60, 40), "white").save(tmp_path / "x.png")
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "tesseract" else real_which(name)
    )
    result = runner.invoke(app, ["extract", "--engine", "tesseract", str(tmp_path / "x.png")])
    assert result.exit_code == 3
    assert "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
