"""Input files -> decoded page images (SourceImage) or a ReadError for each page.

Every way a file can be bad (empty, wrong type, truncated, a header claiming a huge
size, a PDF that is not one or is encrypted, a FIFO or device named like a scan, a link
leaving the case folder) ends here as a ReadError or a refusal with a one-line message;
nothing in this module lets an exception escape for a bad file, and nothing is opened
before `lstat`/`stat` say it is a regular file (a FIFO would block, /dev/zero never ends).
Limits come from limits.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from .limits import (
    MAX_APPLICATION_BYTES,
    MAX_ASPECT,
    MAX_FRAMES,
    MAX_PAGES,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOADS_PER_CASE,
    MIN_SIDE,
)
from .messages import N_, Wording, as_data, wording
from .records import CaseInput, ReadError, SourceImage, Upload

if TYPE_CHECKING:  # numpy is imported where pixels are decoded: `rules list` needs none
    import numpy as np

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | PDF_SUFFIXES
# Formats whose extra frames are an animation, not pages of a document.
ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG"})
# PDF pages are rendered at this resolution: enough for 5 pt text, cheap for OCR.
PDF_DPI = 200

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def is_supported(path: Path) -> bool:
    """True when the file's suffix is one prereview reads."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def display_name(name: str) -> str:
    """A file name as text that every output can hold: names that are not UTF-8 (a zip made
    on a Chinese Windows holds GBK names) are decoded as GB18030, else with replacements."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


# --- opening files safely -----------------------------------------------------------------


class Refused(Exception):
    """A path that must not be opened (not a regular file, a link out of the case, too big)."""


def refusal(path: Path, root: Path | None = None) -> str | None:
    """Why `path` must not be read, from lstat/stat alone (nothing is opened), or None."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if root is not None and not target.is_relative_to(root.resolve()):
                return as_data(wording("symbolic link leaves the case folder: refused"))
            info = target.stat()
    except (OSError, RuntimeError):
        return as_data(wording("broken or looping symbolic link: refused"))
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(info.st_mode)
    return None


def _not_regular(mode: int) -> str:
    return as_data(wording("not a regular file (%(kind)s): refused", kind=_kind(mode)))


def _kind(mode: int) -> Wording:
    kinds = {
        stat.S_ISFIFO: N_("FIFO"),
        stat.S_ISCHR: N_("character device"),
        stat.S_ISBLK: N_("block device"),
        stat.S_ISSOCK: N_("socket"),
        stat.S_ISDIR: N_("folder"),
    }
    return wording(next((name for test, name in kinds.items() if test(mode)), N_("special file")))


def read_limited(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; Refused otherwise.

    Opened without following a final link and without blocking, then checked again on the
    open descriptor: a file swapped for a FIFO after the check still cannot hang the run.
    """
    reason = refusal(path, root)
    if reason:
        raise Refused(reason)
    target = path.resolve()
    try:
        handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise Refused(as_data(wording("cannot read file"), exc.strerror)) from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(_not_regular(info.st_mode))
        if info.st_size > limit:
            raise Refused(_over_limit(limit))
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(_over_limit(limit))
    return data


def _over_limit(limit: int) -> str:
    size = f"{limit >> 20} MB" if limit >= 1 << 20 else f"{limit >> 10} KB"
    return as_data(wording("file over %(size)s: refused", size=size))


# --- decoding -----------------------------------------------------------------------------


def read_pages(path: Path) -> list[SourceImage | ReadError]:
    """Decode every page of an input file; a bad file yields one ReadError, never raises."""
    return list(read_upload(path).pages)


def read_upload(path: Path, root: Path | None = None, pages: range | None = None) -> Upload:
    """Read a file once: its SHA-256 (for provenance) and every page decoded from those bytes
    (of a PDF, only the `pages` asked for, counted from 0: the others are read elsewhere).

    `root`, when given, is the case folder a link may not leave."""
    name = display_name(path.name)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        said = wording(
            "unsupported file type '%(suffix)s' (%(supported)s)",
            suffix=display_name(suffix),
            supported=supported,
        )
        message = as_data(said)
        return Upload(name, file_sha256(path, root), (ReadError(name, message),))
    try:
        data = read_limited(path, MAX_UPLOAD_BYTES, root)
    except Refused as exc:
        return Upload(name, None, (ReadError(name, str(exc)),))
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        return Upload(name, digest, (ReadError(name, as_data(wording("empty file (0 bytes)"))),))
    if suffix in PDF_SUFFIXES:
        first = pages.start if pages else 0
        decoded = tuple(_decoded(name, _pdf_pages(name, data, pages), first))
        return Upload(name, digest, decoded, data)
    return Upload(name, digest, tuple(_decoded(name, _image_pages(name, data))), data)


def pdf_page_count(path: Path, root: Path | None = None) -> int:
    """Pages of a PDF that can be read one by one (0 for any other file, or a PDF that cannot
    be opened or holds more pages than are read: read whole, it reports why)."""
    if path.suffix.lower() not in PDF_SUFFIXES:
        return 0
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(read_limited(path, MAX_UPLOAD_BYTES, root))
    except (Refused, pdfium.PdfiumError):
        return 0
    try:
        count = len(pdf)
    except Exception:  # noqa: BLE001 - a hostile page tree: read whole, it reports why
        count = 0
    finally:
        pdf.close()
    return count if count <= MAX_PAGES else 0


def file_sha256(path: Path, root: Path | None = None) -> str | None:
    """A file's SHA-256 without decoding it (None when it cannot or must not be read)."""
    try:
        return hashlib.sha256(read_limited(path, MAX_UPLOAD_BYTES, root)).hexdigest()
    except Refused:
        return None


class _BadInput(Exception):
    """A decoding failure with a message fit for the clerk."""


def _decoded(
    name: str, pages: Iterator[SourceImage | ReadError], first: int = 0
) -> list[SourceImage | ReadError]:
    """The pages a decoder yields until it fails (from page `first`, counted from 0); its
    failure becomes one ReadError.

    Decoders raise more than their documented errors on hostile files (a fuzzed TIFF raises
    TypeError, a recursive PDF page tree anything): every one is that file's finding."""
    decoded: list[SourceImage | ReadError] = []
    try:
        decoded.extend(pages)
    except _BadInput as exc:
        decoded.append(ReadError(_next_source(name, len(decoded) + first), str(exc)))
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - any decoder failure is a finding
        message = as_data(wording("corrupt file"), _first_line(exc))
        decoded.append(ReadError(_next_source(name, len(decoded) + first), message))
    return decoded


def _next_source(name: str, pages_before: int) -> str:
    """The source of the page that failed: the file itself, or the page after those read."""
    return f"{name}#p{pages_before + 1}" if pages_before else name


def _image_pages(name: str, data: bytes) -> Iterator[SourceImage | ReadError]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise _BadInput(
            as_data(wording("not an image file (content does not match its name)"))
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _BadInput(_too_large_message()) from exc
    with image:
        count = getattr(image, "n_frames", 1)
        limit = MAX_FRAMES if image.format in ANIMATED_FORMATS else MAX_PAGES
        multi = count > 1
        # The iterator seeks one image object from frame to frame: convert each in turn.
        for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if index > limit:
                yield _dropped(name, limit, count)
                break
            source = f"{name}#p{index}" if multi else name
            _check_size(*frame.size)
            yield SourceImage(source, _to_bgr(frame), multi_page=multi)


def _dropped(name: str, limit: int, count: int) -> ReadError:
    """The finding for the pages or frames past the limit, which are not read."""
    return ReadError(
        f"{name}#p{limit + 1}",
        as_data(
            wording(
                "only the first %(limit)s of %(count)s pages or frames were read; the rest were"
                " dropped",
                limit=limit,
                count=count,
            )
        ),
    )


def _check_size(width: int, height: int) -> None:
    """Refuse, before any pixel is decoded or resized, sizes no scan has."""
    if width * height > MAX_PIXELS:
        raise _BadInput(_too_large_message(width, height))
    if min(width, height) < MIN_SIDE:
        said = wording(
            "image too small (%(width)sx%(height)s px): under %(side)s px on a side",
            width=width,
            height=height,
            side=MIN_SIDE,
        )
        raise _BadInput(as_data(said))
    if max(width, height) / min(width, height) > MAX_ASPECT:
        said = wording(
            "image too thin (%(width)sx%(height)s px): sides over %(ratio)s:1",
            width=width,
            height=height,
            ratio=f"{MAX_ASPECT:g}",
        )
        raise _BadInput(as_data(said))


def _to_bgr(frame: Image.Image) -> np.ndarray:
    import numpy as np

    # Phone photos store their orientation in EXIF; boxes are reported in the upright image.
    upright = ImageOps.exif_transpose(frame)
    if upright.mode in ("I", "F") or upright.mode.startswith("I;16"):
        gray = _eight_bit(np.asarray(upright))
        return np.ascontiguousarray(np.stack([gray] * 3, axis=-1))
    rgb = np.asarray(upright.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _eight_bit(values: np.ndarray) -> np.ndarray:
    """16-bit, 32-bit and float scans stretched to 0..255: Pillow's own conversion clips
    them to white, and a white page reads as blank."""
    import numpy as np

    values = np.nan_to_num(values.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return np.zeros(values.shape, np.uint8)
    return ((values - low) * (255.0 / (high - low))).astype(np.uint8)


def _pdf_pages(
    name: str, data: bytes, wanted: range | None = None
) -> Iterator[SourceImage | ReadError]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _BadInput(
            as_data(wording("cannot open PDF: %(reason)s", reason=_pdf_reason(exc)))
        ) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise _BadInput(as_data(wording("PDF has no pages")))
        for index in range(min(count, MAX_PAGES)):
            if wanted is not None and index not in wanted:
                continue
            page = pdf[index]
            width_pt, height_pt = page.get_size()
            scale = _pdf_scale(width_pt, height_pt)
            _check_size(round(width_pt * scale), round(height_pt * scale))
            pixels = page.render(scale=scale).to_numpy()
            yield SourceImage(f"{name}#p{index + 1}", _rendered_to_bgr(pixels), True)
        if count > MAX_PAGES:
            yield _dropped(name, MAX_PAGES, count)
    finally:
        pdf.close()


def _pdf_scale(width_pt: float, height_pt: float) -> float:
    scale = PDF_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return scale


def _rendered_to_bgr(pixels: np.ndarray) -> np.ndarray:
    import numpy as np

    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    # pdfium renders BGR(A) by default.
    return np.ascontiguousarray(pixels[:, :, :3])


def _pdf_reason(exc: Exception) -> Wording:
    text = str(exc)
    if "password" in text.lower():
        return wording("the PDF is encrypted")
    if "format" in text.lower() or "not" in text.lower():
        return wording("not a valid PDF")
    # The decoder's own words are English: the clerk reads that the file is damaged.
    return Wording(wording("corrupt file").zh, _first_line(exc))


def _too_large_message(width: int | None = None, height: int | None = None) -> str:
    limit = MAX_PIXELS // 1_000_000
    if width:
        said = wording(
            "image too large (%(width)sx%(height)s px): over %(limit)s MP, refused",
            width=width,
            height=height,
            limit=limit,
        )
    else:
        said = wording("image too large: over %(limit)s MP, refused", limit=limit)
    return as_data(said)


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

    Only regular files are uploads: FIFOs, devices, sockets, broken or looping links and
    links out of the folder are refused (listed in `skipped`, never opened); past
    MAX_UPLOADS_PER_CASE the rest are listed as one refusal. Subfolders are not part of it.
    """
    files, skipped = list_uploads(folder)
    raw, unreadable = _application_bytes(folder / APPLICATION_FILE, folder)
    matter, declared, error = _application(raw)
    return CaseInput(
        name or display_name(folder.name),
        str(folder),
        tuple(files),
        matter,
        declared,
        unreadable or error,
        tuple(skipped),
        hashlib.sha256(raw).hexdigest() if raw is not None else None,
    )


def list_uploads(folder: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(names of the uploads to read, (name, reason) of those refused), from lstat/stat
    alone: nothing in the folder is opened."""
    files, skipped = [], []
    for path in _entries(folder):
        # JSON files are the application and its metadata, never a scan.
        if path.suffix.lower() == ".json" or _is_folder(path):
            continue
        reason = refusal(path, folder)
        if reason:
            skipped.append((display_name(path.name), reason))
        else:
            files.append(path.name)
    if len(files) > MAX_UPLOADS_PER_CASE:
        extra = len(files) - MAX_UPLOADS_PER_CASE
        skipped.append((f"{extra} files", _too_many_message(extra)))
        files = files[:MAX_UPLOADS_PER_CASE]
    return files, skipped


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _too_many_message(extra: int) -> str:
    said = wording(
        "over %(limit)s uploads in one case: %(extra)s files were not read",
        limit=MAX_UPLOADS_PER_CASE,
        extra=extra,
    )
    return as_data(said)


def _application_bytes(path: Path, root: Path) -> tuple[bytes | None, str | None]:
    """The bytes of application.json (None when absent), or why they cannot be read."""
    try:
        path.lstat()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, as_data(wording("application.json cannot be read"), exc.strerror)
    try:
        return read_limited(path, MAX_APPLICATION_BYTES, root), None
    except Refused as exc:
        return None, f"application.json: {exc}"


def _application(raw: bytes | None) -> tuple[str | None, dict[str, str], str | None]:
    """(matter, declared values, why application.json is unusable) from its bytes."""
    if raw is None:
        return None, {}, None
    try:
        # Notepad on Windows saves UTF-8 with a byte-order mark: accept it.
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, {}, as_data(wording("application.json is not UTF-8 text"))
    except json.JSONDecodeError as exc:
        return (
            None,
            {},
            as_data(
                wording(
                    "application.json is not valid JSON (line %(line)s: %(reason)s)",
                    line=exc.lineno,
                    reason=exc.msg,
                )
            ),
        )
    except RecursionError:
        return None, {}, as_data(wording("application.json is nested too deeply"))
    if not isinstance(data, dict):
        return None, {}, as_data(wording("application.json must be a JSON object"))
    matter = data.get("matter")
    declared = data.get("declared", {})
    if matter is not None and not (isinstance(matter, str) and _is_text(matter)):
        return (
            None,
            {},
            as_data(wording("application.json: 'matter' must be a string")),
        )
    if not isinstance(declared, dict) or not all(
        isinstance(v, str) and _is_text(v) for v in declared.values()
    ):
        return (
            matter,
            {},
            as_data(wording("application.json: 'declared' must map keys to strings")),
        )
    return (
        matter,
        {key: value for key, value in declared.items() if DECLARED_KEY.fullmatch(key)},
        None,
    )


def _is_text(value: str) -> bool:
    """False for strings no output can hold: JSON's `\\ud800` escapes give lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
