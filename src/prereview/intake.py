"""Input files -> decoded page images (SourceImage) or a ReadError for each page.

Every way a file can be bad (empty, wrong type, truncated, a header claiming a huge
size, a PDF that is not one or is encrypted) ends here as a ReadError with a one-line
message; nothing in this module lets an exception escape for a bad file.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from .records import CaseInput, ReadError, SourceImage, Upload

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | PDF_SUFFIXES

# A 600 dpi A3 scan is ~70 MP; anything far beyond is a decompression bomb, not a scan.
MAX_PIXELS = 80_000_000
# PDF pages are rendered at this resolution: enough for 5 pt text, cheap for OCR.
PDF_DPI = 200
MAX_PAGES = 50
# Larger than any scan of a few pages; read whole into memory, so bounded.
MAX_FILE_BYTES = 256 << 20

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def is_supported(path: Path) -> bool:
    """True when the file's suffix is one prereview reads."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def read_pages(path: Path) -> list[SourceImage | ReadError]:
    """Decode every page of an input file; a bad file yields one ReadError, never raises."""
    return list(read_upload(path).pages)


def read_upload(path: Path) -> Upload:
    """Read a file once: its SHA-256 (for provenance) and every page decoded from those bytes."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        message = f"不支持的文件类型 unsupported file type '{suffix}' ({supported})"
        return Upload(name, file_sha256(path), (ReadError(name, message),))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1 << 20)
            return Upload(name, None, (ReadError(name, f"文件过大 file over {limit} MB, refused"),))
        data = path.read_bytes()
    except OSError as exc:
        return Upload(
            name, None, (ReadError(name, f"无法读取文件 cannot read file: {exc.strerror}"),)
        )
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        return Upload(name, digest, (ReadError(name, "空文件 empty file (0 bytes)"),))
    reader = _pdf_pages if suffix in PDF_SUFFIXES else _image_pages
    try:
        return Upload(name, digest, tuple(reader(name, data)))
    except _BadInput as exc:
        return Upload(name, digest, (ReadError(name, str(exc)),))
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        return Upload(
            name, digest, (ReadError(name, f"文件损坏 corrupt file: {_first_line(exc)}"),)
        )


def file_sha256(path: Path) -> str | None:
    """A file's SHA-256 without decoding it (None when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


class _BadInput(Exception):
    """A decoding failure with a message fit for the clerk."""


def _image_pages(name: str, data: bytes) -> Iterator[SourceImage]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise _BadInput("不是图像文件 not an image file (content does not match its name)") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _BadInput(_too_large_message()) from exc
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _BadInput(_too_large_message(width, height))
        multi = getattr(image, "n_frames", 1) > 1
        # The iterator seeks one image object from frame to frame: convert each in turn.
        for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if index > MAX_PAGES:
                break
            source = f"{name}#p{index}" if multi else name
            yield SourceImage(source, _to_bgr(frame), multi_page=multi)


def _to_bgr(frame: Image.Image) -> np.ndarray:
    # Phone photos store their orientation in EXIF; boxes are reported in the upright image.
    upright = ImageOps.exif_transpose(frame)
    rgb = np.asarray(upright.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _pdf_pages(name: str, data: bytes) -> Iterator[SourceImage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _BadInput(f"PDF 无法打开 cannot open PDF: {_pdf_reason(exc)}") from exc
    try:
        count = len(pdf)
        if count == 0:
            raise _BadInput("PDF 没有页面 PDF has no pages")
        for index in range(min(count, MAX_PAGES)):
            page = pdf[index]
            width_pt, height_pt = page.get_size()
            scale = _pdf_scale(width_pt, height_pt)
            pixels = page.render(scale=scale).to_numpy()
            yield SourceImage(f"{name}#p{index + 1}", _rendered_to_bgr(pixels), True)
    finally:
        pdf.close()


def _pdf_scale(width_pt: float, height_pt: float) -> float:
    scale = PDF_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return scale


def _rendered_to_bgr(pixels: np.ndarray) -> np.ndarray:
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    # pdfium renders BGR(A) by default.
    return np.ascontiguousarray(pixels[:, :, :3])


def _pdf_reason(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.lower():
        return "已加密 the PDF is encrypted"
    if "format" in text.lower() or "not" in text.lower():
        return "不是有效的 PDF not a valid PDF"
    return _first_line(exc)


def _too_large_message(width: int | None = None, height: int | None = None) -> str:
    size = f" ({width}x{height} px)" if width else ""
    return f"图像尺寸过大 image too large{size}: over {MAX_PIXELS // 1_000_000} MP, refused"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


APPLICATION_FILE = "application.json"
DECLARED_KEYS = (
    "applicant.name",
    "applicant.id_number",
    "enterprise.name",
    "enterprise.credit_code",
    "property.certificate_number",
)
DECLARED_KEY = re.compile(r"[a-z_]+\.[a-z_]+")
"""The form of a declared key: `<entity>.<field>`; DECLARED_KEYS are the packaged packs' own."""


def read_case(folder: Path, name: str | None = None) -> CaseInput:
    """The files directly inside a case folder, and application.json when it is usable.

    Symbolic links that lead outside the folder are refused (listed in `skipped`).
    """
    root = folder.resolve()
    files, skipped = [], []
    for path in sorted(folder.iterdir()):
        # JSON files are the application and its metadata, never a scan.
        if path.suffix.lower() == ".json" or path.name.startswith(".") or path.is_dir():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            skipped.append(
                (
                    path.name,
                    "符号链接指向案件文件夹之外，已拒绝 symbolic link leaves the case folder: refused",
                )
            )
            continue
        files.append(path.name)
    raw, unreadable = _application_bytes(folder / APPLICATION_FILE)
    matter, declared, error = _application(raw)
    return CaseInput(
        name or folder.name,
        str(folder),
        tuple(files),
        matter,
        declared,
        unreadable or error,
        tuple(skipped),
        hashlib.sha256(raw).hexdigest() if raw is not None else None,
    )


def _application_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """The bytes of application.json (None when absent), or why they cannot be read."""
    if not path.exists():
        return None, None
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, f"application.json 无法读取 cannot be read: {exc.strerror}"


def _application(raw: bytes | None) -> tuple[str | None, dict[str, str], str | None]:
    """(matter, declared values, why application.json is unusable) from its bytes."""
    if raw is None:
        return None, {}, None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, {}, "application.json 不是 UTF-8 编码 is not UTF-8 text"
    except json.JSONDecodeError as exc:
        return (
            None,
            {},
            f"application.json 不是有效的 JSON is not valid JSON (line {exc.lineno}: {exc.msg})",
        )
    if not isinstance(data, dict):
        return None, {}, "application.json 应为 JSON 对象 must be a JSON object"
    matter = data.get("matter")
    declared = data.get("declared", {})
    if matter is not None and not isinstance(matter, str):
        return None, {}, "application.json: matter 应为字符串 'matter' must be a string"
    if not isinstance(declared, dict) or not all(isinstance(v, str) for v in declared.values()):
        return (
            matter,
            {},
            "application.json: declared 应为字符串键值 'declared' must map keys to strings",
        )
    return (
        matter,
        {key: value for key, value in declared.items() if DECLARED_KEY.fullmatch(key)},
        None,
    )
