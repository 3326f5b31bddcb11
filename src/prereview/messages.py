"""The words of findings, from a gettext catalogue instead of bilingual literals.

Code writes each message once, in English, as the msgid (`%(name)s` placeholders); the
zh_CN catalogue (locale/zh_CN/LC_MESSAGES/prereview.po, compiled to .mo, kept up to date with
`make messages`) gives the Chinese a clerk reads. A finding carries both: `message` in
Chinese for the pages, `message_en` (the msgid, filled in) for logs and developers.

A placeholder's value may itself be a `Wording` (a document label, a term): each language
then gets its own half, so no English reaches a Chinese sentence. Rule-pack messages are
not here: pack authors write them in one language.
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from importlib import resources
from typing import NamedTuple

DOMAIN = "prereview"
LANGUAGE = "zh_CN"

# Where the English half of a bilingual data text starts: after a Chinese sentence's end,
# else after white space, from a letter or a bracket, with no CJK after it.
SENTENCE_BREAK = re.compile(r"(?<=[。！？）”])\s+(?=[A-Z])")
ENGLISH_TAIL = re.compile(r"\s+(?=[A-Za-z(][^\u3000-\u9fff\uff00-\uffef]*$)", re.DOTALL)


class Wording(NamedTuple):
    """One message in the clerk's language (`zh`) and in English (`en`)."""

    zh: str
    en: str


@cache
def catalogue() -> gettext.NullTranslations:
    """The packaged zh_CN catalogue; a missing one falls back to the English msgids."""
    locale = resources.files("prereview").joinpath("locale")
    with resources.as_file(locale) as folder:
        return gettext.translation(DOMAIN, localedir=folder, languages=[LANGUAGE], fallback=True)


def wording(msgid: str, **params: str | int | Wording) -> Wording:
    """`msgid` in Chinese and in English, placeholders filled from `params`."""
    zh = {name: value.zh if isinstance(value, Wording) else value for name, value in params.items()}
    en = {name: value.en if isinstance(value, Wording) else value for name, value in params.items()}
    translated = catalogue().gettext(msgid)
    return Wording(translated % zh if params else translated, msgid % en if params else msgid)


def N_(msgid: str) -> str:
    """Marks a msgid kept in a table for `pybabel extract`; `wording` translates it later."""
    return msgid


def joined(items: list[Wording] | tuple[Wording, ...]) -> Wording:
    """Several wordings as one list: `甲、乙` in Chinese, `a, b` in English."""
    return Wording("、".join(item.zh for item in items), ", ".join(item.en for item in items))


def as_data(said: Wording, detail: str | None = None) -> str:
    """A message kept as data (a file's read error in report.json): the Chinese, then the
    English with the system's own `detail` (English) after it; `data_label` takes it apart."""
    english = f"{said.en}: {detail}" if detail else said.en
    return f"{said.zh} {english}"


def data_label(text: str) -> Wording:
    """A label or sentence kept as data, `居民户口簿 household register`, `请补充营业执照。 Please
    add the business licence.`, as its two halves (data files and rule packs are not in the
    catalogue); text without an English part is the same in both."""
    found = SENTENCE_BREAK.search(text) or ENGLISH_TAIL.search(text)
    if found is None:
        return Wording(text, text)
    return Wording(text[: found.start()].rstrip(), text[found.end() :].strip())
