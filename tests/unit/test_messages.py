"""The finding messages come from the zh_CN catalogue: every msgid in the code is translated,
the packaged .mo is the .po compiled, and no finding is built from a bilingual literal."""

from __future__ import annotations

import ast
import gettext
import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from prereview import messages
from prereview.messages import Wording, data_label, wording

SRC = Path(messages.__file__).parent
LOCALE = SRC / "locale" / "zh_CN" / "LC_MESSAGES"
KEYWORDS = {"wording": None, "N_": None}
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalogue():
    with (LOCALE / "prereview.po").open("rb") as po:
        return read_po(po)


def _msgids_in_code() -> set[str]:
    found = extract_from_dir(
        SRC, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    )
    return {message for _, _, message, _, _ in found}


def test_every_msgid_in_the_code_has_a_chinese_translation():
    catalogue = _catalogue()
    msgids = _msgids_in_code()
    assert len(msgids) > 50  # the extraction found the code's messages
    untranslated = sorted(
        msgid for msgid in msgids if msgid not in catalogue or not catalogue[msgid].string
    )
    assert untranslated == [], "run `make messages` and translate these in the .po"
    for msgid in msgids:
        assert catalogue[msgid].string != msgid, msgid


def test_translations_use_only_the_placeholders_of_their_msgid():
    for message in _catalogue():
        if message.id:
            assert set(PLACEHOLDER.findall(message.string)) <= set(PLACEHOLDER.findall(message.id))
            assert "%" not in PLACEHOLDER.sub("", message.string).replace("%%", ""), message.id


def test_the_packaged_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue())
    compiled.seek(0)
    with (LOCALE / "prereview.mo").open("rb") as packaged:
        assert gettext.GNUTranslations(packaged)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), "the .mo is stale: run `make messages`"


def test_wording_fills_each_language_with_its_own_half():
    said = wording(
        "The ID card expired on %(date)s; the applicant must renew it and submit again.",
        date="2020-05-12",
    )
    assert said.zh == "身份证已过期（有效期至2020-05-12），请申请人换领新证后重新提交。"
    assert said.en.startswith("The ID card expired on 2020-05-12;")
    term = wording("%(years)s years", years=Wording("5", "five"))
    assert term == Wording("5年", "five years")


def test_data_labels_split_into_their_two_languages():
    assert data_label("居民户口簿 household register") == Wording(
        "居民户口簿", "household register"
    )
    assert data_label("请补充不动产权证书。 Please add the property deed (不动产权证书).") == (
        Wording("请补充不动产权证书。", "Please add the property deed (不动产权证书).")
    )
    assert data_label("只有中文") == Wording("只有中文", "只有中文")


def _calls(tree: ast.AST, names: set[str]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names:
                yield node


def _strings(node: ast.AST):
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value


def test_no_finding_is_built_from_a_literal_in_either_language_but_english_msgids():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for call in _calls(tree, {"Finding"}):
            offenders += [(path.name, text) for text in _strings(call) if CJK.search(text)]
        for call in _calls(tree, {"wording", "N_"}):
            first = call.args[0] if call.args else None
            if isinstance(first, ast.Constant) and CJK.search(str(first.value)):
                offenders.append((path.name, first.value))
    assert offenders == []


def test_a_file_read_error_is_kept_as_data_from_the_catalogue_and_splits_into_its_halves():
    from prereview import intake

    # No literal of intake.py mixes the two languages: its reasons come from the catalogue.
    tree = ast.parse((SRC / "intake.py").read_text("utf-8"))
    mixed = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and re.search(r"[A-Za-z]{4,}", node.value)
        and "\n" not in node.value  # docstrings
    ]
    assert mixed == []
    for kept in (
        intake._too_large_message(30000, 30000),
        intake._too_many_message(3),
        intake._not_regular(0o010644),
        intake._dropped("a.tif", 10, 12).message,
    ):
        said = data_label(kept)
        assert said.zh and not re.search(r"[A-Za-z]{4,}", said.zh), kept
        assert said.en and not CJK.search(said.en), kept
