"""The hostile case folders of one `check` run: each a folder builder and the rule id its
report must hold."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import files as f

ROOT = Path(__file__).resolve().parents[3]
ID_CARD = ROOT / "sample_docs" / "documents" / "mmexport1699012345678.jpg"
ID_CARD_NUMBER = json.loads(ID_CARD.with_suffix(".truth.json").read_text("utf-8"))["documents"][0][
    "fields"
]["id_number"]


@dataclass(frozen=True)
class Hostile:
    """One hostile case folder: how to fill it, and the rule its report must hold."""

    name: str
    build: Callable[[Path, Path], object]  # (case folder, a folder outside every case)
    rule: str
    absent: str | None = None  # a rule id the report must not hold
    verify: Callable[[dict], object] | None = None  # more checks on report.json
    given: str = ""  # appended to the folder's path on the command line (`child/..`)


def _put(name: str, data: bytes) -> Callable[[Path, Path], None]:
    return lambda folder, outside: f.write(folder / name, data)


def _link(name: str, target: str | Callable[[Path, Path], Path]) -> Callable[[Path, Path], None]:
    def build(folder: Path, outside: Path) -> None:
        aim = target(folder, outside) if callable(target) else target
        os.symlink(aim, folder / name)

    return build


def _outside_image(folder: Path, outside: Path) -> Path:
    path = outside / "elsewhere.png"
    path.write_bytes(f.image_bytes(f.small_image(), "PNG"))
    return path


def _outside_application(folder: Path, outside: Path) -> Path:
    path = outside / "application.json"
    path.write_bytes(f.application())
    return path


def _fifo(name: str) -> Callable[[Path, Path], None]:
    return lambda folder, outside: f.fifo(folder / name)


def _fifo_linked(folder: Path, outside: Path) -> None:
    f.fifo(folder / "pipe")
    os.symlink("pipe", folder / "scan.jpg")


def _socket(folder: Path, outside: Path):
    return f.unix_socket(folder / "scan.png")


def _many(folder: Path, outside: Path) -> None:
    for index in range(10_000):
        (folder / f"{index:05d}.jpg").touch()


def _sparse(folder: Path, outside: Path) -> None:
    f.sparse(folder / "huge.jpg", 3 << 20)  # the run sets the upload limit to 1 MB


def _big_application(folder: Path, outside: Path) -> None:
    declared = {"applicant.name": "x" * (300 << 10)}
    f.write(folder / "application.json", json.dumps({"declared": declared}).encode())


def _named_bytes(raw: bytes, data: bytes) -> Callable[[Path, Path], None]:
    return lambda folder, outside: f.write(Path(os.fsdecode(bytes(folder) + b"/" + raw)), data)


def _id_card(folder: Path, outside: Path) -> None:
    shutil.copy(ID_CARD, folder / "card.jpg")
    declared = {"applicant.name": "张三[/]\x1b[31m[bold]", "applicant.id_number": ID_CARD_NUMBER}
    f.write(folder / "application.json", f.application(**declared))


def _nothing(folder: Path, outside: Path) -> None:
    return None


def _decoded(report: dict) -> None:
    """Every upload decoded: no document carries a decoding error."""
    assert report["documents"], report
    assert not [document for document in report["documents"] if "error" in document], report


def _dropped(report: dict) -> None:
    """The pages or frames past the limit are named in a finding, the first ones were read."""
    errors = [document["error"] for document in report["documents"] if "error" in document]
    assert any("dropped" in error for error in errors), report
    assert any("error" not in document for document in report["documents"]), report


def _second_page_refused(report: dict) -> None:
    by_source = {document["source"]: document for document in report["documents"]}
    assert "error" not in by_source["scan.tif#p1"], report
    assert "too large" in by_source["scan.tif#p2"]["error"], report


def _source_contains(text: str) -> Callable[[dict], None]:
    def verify(report: dict) -> None:
        assert any(text in document["source"] for document in report["documents"]), report

    return verify


REFUSED = "case.refused_file"
UNREADABLE = "case.unreadable_document"
BAD_APPLICATION = "case.bad_application"

CASES = [
    # not regular files: refused without being opened (a FIFO blocks, /dev/zero never ends)
    Hostile("fifo_jpg", _fifo("scan.jpg"), REFUSED),
    Hostile("fifo_no_suffix", _fifo("scan"), REFUSED),
    Hostile("link_to_fifo", _fifo_linked, REFUSED),
    Hostile("dev_zero", _link("scan.jpg", "/dev/zero"), REFUSED),
    Hostile("dev_null", _link("scan.png", "/dev/null"), REFUSED),
    Hostile("dev_urandom_pdf", _link("scan.pdf", "/dev/urandom"), REFUSED),
    Hostile("unix_socket", _socket, REFUSED),
    Hostile("symlink_loop", _link("loop.jpg", "loop.jpg"), REFUSED),
    Hostile(
        "symlink_cycle",
        lambda d, o: (os.symlink("b.jpg", d / "a.jpg"), os.symlink("a.jpg", d / "b.jpg")),
        REFUSED,
    ),
    Hostile("broken_link", _link("gone.jpg", "does-not-exist.jpg"), REFUSED),
    Hostile("link_out_image", _link("scan.png", _outside_image), REFUSED),
    Hostile("link_out_passwd", _link("scan.jpg", "/etc/passwd"), REFUSED),
    Hostile("link_out_proc", _link("scan.jpg", "/proc/self/environ"), REFUSED),
    Hostile("link_to_folder", _link("scan.jpg", "/"), REFUSED),
    Hostile("too_many_uploads", _many, REFUSED),
    # application.json
    Hostile("app_fifo", _fifo("application.json"), BAD_APPLICATION),
    Hostile("app_dev_zero", _link("application.json", "/dev/zero"), BAD_APPLICATION),
    Hostile("app_link_out", _link("application.json", _outside_application), BAD_APPLICATION),
    Hostile("app_too_big", _big_application, BAD_APPLICATION),
    Hostile("app_nested_arrays", _put("application.json", f.nested_json(100_000)), BAD_APPLICATION),
    Hostile(
        "app_nested_objects", _put("application.json", f.nested_json(100_000, "{")), BAD_APPLICATION
    ),
    Hostile(
        "app_lone_surrogate",
        _put("application.json", b'{"declared": {"applicant.name": "\\ud800"}}'),
        BAD_APPLICATION,
    ),
    Hostile(
        "app_surrogate_matter", _put("application.json", b'{"matter": "\\udfff"}'), BAD_APPLICATION
    ),
    Hostile(
        "app_gbk",
        _put("application.json", '{"declared": {"applicant.name": "张三"}}'.encode("gbk")),
        BAD_APPLICATION,
    ),
    Hostile("app_not_json", _put("application.json", b"{matter: id-verification"), BAD_APPLICATION),
    Hostile("app_array", _put("application.json", b"[]"), BAD_APPLICATION),
    Hostile(
        "app_number_value",
        _put("application.json", b'{"declared": {"applicant.name": 1}}'),
        BAD_APPLICATION,
    ),
    Hostile("app_empty", _put("application.json", b""), BAD_APPLICATION),
    Hostile("app_nan", _put("application.json", b'{"matter": NaN}'), BAD_APPLICATION),
    Hostile(
        "app_bom",
        _put("application.json", b"\xef\xbb\xbf" + f.application()),
        "case.missing_document",
        BAD_APPLICATION,
    ),
    # broken and hostile images
    Hostile("zero_bytes", _put("scan.jpg", b""), UNREADABLE),
    Hostile("text_as_jpg", _put("scan.jpg", b"not an image at all\n"), UNREADABLE),
    Hostile(
        "truncated_png",
        _put("scan.png", f.truncated(f.image_bytes(f.small_image(), "PNG"))),
        UNREADABLE,
    ),
    Hostile(
        "truncated_jpeg",
        _put("scan.jpg", f.truncated(f.image_bytes(f.small_image(), "JPEG"), 0.3)),
        UNREADABLE,
    ),
    Hostile("truncated_tiff", _put("scan.tif", f.truncated(f.multipage_tiff(3), 0.4)), UNREADABLE),
    Hostile("tiff_header_only", _put("scan.tif", b"II*\x00\x08\x00\x00\x00\x00\x00"), UNREADABLE),
    Hostile(
        "tiff_page2_bomb",
        _put("scan.tif", f.tiff_second_frame_claiming(60000, 60000)),
        UNREADABLE,
        verify=_second_page_refused,
    ),
    Hostile("png_bomb", _put("scan.png", f.png_claiming(100_000, 100_000)), UNREADABLE),
    Hostile("png_50000x1", _put("scan.png", f.png((50_000, 1))), UNREADABLE),
    Hostile("png_1x50000", _put("scan.png", f.png((1, 50_000))), UNREADABLE),
    Hostile("png_3x3", _put("scan.png", f.png((3, 3))), UNREADABLE),
    Hostile("png_too_thin", _put("scan.png", f.png((4000, 100))), UNREADABLE),
    Hostile(
        "gif_as_jpg",
        _put("scan.jpg", f.image_bytes(f.small_image(), "GIF")),
        "case.unknown_matter",
        verify=_decoded,
    ),
    Hostile("webp_animated", _put("scan.webp", f.animated("WEBP", 8)), UNREADABLE, verify=_dropped),
    Hostile("gif_animated", _put("scan.gif", f.animated("GIF", 8)), UNREADABLE, verify=_dropped),
    Hostile("tiff_many_pages", _put("scan.tiff", f.multipage_tiff(7)), UNREADABLE, verify=_dropped),
    Hostile(
        "png_16bit", _put("scan.png", f.sixteen_bit_png()), "case.unknown_matter", verify=_decoded
    ),
    Hostile("tiff_float", _put("scan.tif", f.float_tiff()), "case.unknown_matter", verify=_decoded),
    Hostile("tiff_int32", _put("scan.tif", f.int32_tiff()), "case.unknown_matter", verify=_decoded),
    Hostile("unsupported_suffix", _put("notes.txt", b"hello"), UNREADABLE),
    Hostile("over_size_limit", _sparse, UNREADABLE),
    # PDFs
    Hostile("pdf_text", _put("scan.pdf", b"this is not a PDF\n"), UNREADABLE),
    Hostile("pdf_truncated", _put("scan.pdf", f.pdf()[:60]), UNREADABLE),
    Hostile("pdf_recursive_tree", _put("scan.pdf", f.recursive_pdf()), UNREADABLE),
    Hostile("pdf_corrupt_page", _put("scan.pdf", f.corrupt_page_pdf()), UNREADABLE),
    Hostile("pdf_no_pages", _put("scan.pdf", f.pdf([])), UNREADABLE),
    Hostile(
        "pdf_many_pages", _put("scan.pdf", f.pdf(["0 0 200 100"] * 7)), UNREADABLE, verify=_dropped
    ),
    # pdfium gives a page with an empty MediaBox its default size: with no content, it is a
    # blank page (legible, never the missing document), not a crash.
    Hostile("pdf_zero_page", _put("scan.pdf", f.pdf(["0 0 0 0"])), "case.blank_page"),
    Hostile("pdf_thin_page", _put("scan.pdf", f.pdf(["0 0 14400 10"])), UNREADABLE),
    # names
    Hostile(
        "name_gbk",
        _named_bytes("测试".encode("gbk") + b".jpg", b""),
        UNREADABLE,
        verify=_source_contains("测试"),
    ),
    Hostile("name_invalid_bytes", _named_bytes(b"\xff\xfe\xfd.jpg", b""), UNREADABLE),
    Hostile("name_dot_file", _put(".scan.jpg", b""), UNREADABLE, "case.empty"),
    Hostile("name_dot_no_suffix", _put(".hidden", b"x"), UNREADABLE, "case.empty"),
    Hostile("name_id_number", _put(f"{f.FULL_ID_NUMBER}.jpg", b""), UNREADABLE),
    Hostile("name_ansi", _put("\x1b[31mred\x1b[0m\x07.jpg", b""), UNREADABLE),
    Hostile("name_rich_markup", _put("张三[bold]x[red][link=y].jpg", b""), UNREADABLE),
    Hostile("name_html", _put("<script>alert(1)<script>.jpg", b""), UNREADABLE),
    Hostile("name_newline", _put("a\nb\r.jpg", b""), UNREADABLE),
    Hostile("name_bidi", _put("scan\u202egpj.exe.jpg", b""), UNREADABLE),
    # folders and output
    Hostile("empty_folder", _nothing, "case.empty"),
    Hostile("dotdot", lambda d, o: (d / "child").mkdir(), "case.empty", given="child/.."),
    Hostile("victim", _put("scan.jpg", b""), UNREADABLE),  # OUT/victim is a link beforehand
    Hostile("stale", _put("scan.jpg", b""), UNREADABLE),  # OUT/stale holds a killed run's temporary
    # a real card: declared values with markup and escapes; a pack message with <script>
    Hostile("id_card_markup", _id_card, "consistency.declared_name"),
]
