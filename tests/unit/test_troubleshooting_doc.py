"""docs/troubleshooting.md quotes only messages the code can print: each quoted line, cut at
its example values (paths, quoted names, numbers, `…`, words the code fills in) and at its
punctuation, is found piece by piece in the source."""

import re

from ..conftest import ROOT

PAGE = ROOT / "docs" / "troubleshooting.md"
TEXT_BLOCK = re.compile(r"^```text\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Where a quoted message holds an example value rather than the code's own words.
VALUE = re.compile(
    r"'[^']*'"  # a quoted name or value
    r"|\$[\w.\[\]]*"  # a JSON path
    r"|[\w.-]*/[\w./-]*"  # a path with a folder
    r"|[\w-]+\.(?:db|csv|json|jpg)\b"  # a file name
    r"|\d+"
    r"|…"
    r"|\b(?:chi_sim|openvino|abbyy|ValueError|registry|my-case|my-registry|my-packs)\b"
    # Words the code fills in from a table: 不是{wanted}, 未知的{kind}.
    r"|登记库|CSV 文件夹|键"
)
# Messages join their parts with punctuation; each part is one literal in the source.
PUNCTUATION = re.compile(r"[，。：；（）()、？?！!`“”]|: |; |, ")
# Adjacent string literals ("a" "b", or across lines) are one message in the source.
ADJACENT = re.compile(r"\"\s*\n\s*[rbf]*\"")


def source_text() -> str:
    # Findings' Chinese words are in the zh_CN catalogue (messages.py), not in the .py files.
    files = [
        *(ROOT / "src" / "prereview").rglob("*.py"),
        *(ROOT / "src" / "prereview" / "locale").rglob("*.po"),
        *(ROOT / "rules").glob("*.json"),
    ]
    return "\n".join(ADJACENT.sub("", path.read_text("utf-8")) for path in files)


def quoted_messages() -> list[str]:
    lines = [
        line for block in TEXT_BLOCK.findall(PAGE.read_text("utf-8")) for line in block.splitlines()
    ]
    return [line.removeprefix("prereview: ") for line in lines if line.strip()]


def missing_pieces(message: str, source: str) -> list[str]:
    pieces = [part.strip() for piece in VALUE.split(message) for part in PUNCTUATION.split(piece)]
    return [piece for piece in pieces if len(piece) >= 3 and piece not in source]


def test_every_quoted_message_is_one_the_code_prints():
    source = source_text()
    messages = quoted_messages()
    assert len(messages) >= 15
    stale = {
        message: missing for message in messages if (missing := missing_pieces(message, source))
    }
    assert not stale, stale


def test_a_changed_message_is_noticed():
    source = source_text()
    assert missing_pieces("找不到登记库 registry.db：请先建立 (no registry at all)", source)


def test_the_page_is_linked_from_the_readme():
    assert "docs/troubleshooting.md" in (ROOT / "README.md").read_text("utf-8")
