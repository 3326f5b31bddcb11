"""Evidence per field: what corroborates a value independently of the OCR that read it.

A value read with confidence 0.99 can still be misread; one that agrees exactly with an
independent source cannot be, by chance. The sources (records.EVIDENCE_SOURCES):

- `check_digit`: an ID number or credit code whose check character is right;
- `id_number`: a printed birth date or sex that the (valid) ID number encodes;
- `other_side`: the ID card's back whose validity period is the one the law gives the
  front's holder at the age of issue;
- `term_years`: a licence's 营业期限 that ends a whole number of years after its 成立日期, less
  a day, as terms are granted: two dates read apart that agree (a misread digit breaks it);
- `declared`: equal to the value declared in application.json (the pack's consistency rules
  say which declared key goes with which field);
- `document`: equal to the value another document of the case shows (the pack's consistency
  rules between documents, and two documents of one type);
- `registry`: equal to the registry record found by key (the pack's registry rules), or the
  key that found it.

Only exact agreement (NFKC-folded, white space removed) counts: a fuzzy match is a reason to
look, not evidence. Verdicts read the evidence in verdict.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .casework import primary_documents
from .normalize import fold
from .records import EVIDENCE_SOURCES, OTHER, UNKNOWN, Document
from .registry import Registry
from .rules import CaseFacts, RulePack, Value, as_refs, lookup_record, name_parts, record_column
from .validate import (
    credit_code_problem,
    id_number_problem,
    number_birth_date,
    parse_date,
    validity_fits_age,
    years_later,
)

Key = tuple[str, str]  # (document source, field name)


def with_evidence(
    documents: list[Document],
    declared: dict[str, str],
    pack: RulePack | None,
    registry: Registry | None,
) -> list[Document]:
    """The documents with every field's `evidence` filled in."""
    found: dict[Key, set[str]] = defaultdict(set)
    for document in documents:
        _own_evidence(document, found)
    _same_type_evidence(documents, found)
    chosen = primary_documents(documents)
    front, back = chosen.get("id_card_front"), chosen.get("id_card_back")
    if front is not None and back is not None and validity_fits_age(front, back):
        for name in ("valid_from", "valid_until"):
            found[(back.source, name)].add("other_side")
    if pack is not None:
        facts = CaseFacts(chosen, declared)
        _consistency_evidence(pack, facts, found)
        if registry is not None:
            _registry_evidence(pack, facts, registry, found)
    return [_annotated(document, found) for document in documents]


def _own_evidence(document: Document, found: dict[Key, set[str]]) -> None:
    """Check characters, and the birth date and sex the ID number encodes."""
    fields = document.fields
    code = fields.get("credit_code") if document.type == "business_licence" else None
    if code is not None and credit_code_problem(code.value) is None:
        found[(document.source, "credit_code")].add("check_digit")
    if document.type == "business_licence" and _term_in_whole_years(document):
        for name in ("established_date", "business_term_until"):
            found[(document.source, name)].add("term_years")
    if document.type != "id_card_front" or "id_number" not in fields:
        return
    number = fields["id_number"].value
    if id_number_problem(number) is not None:
        return
    found[(document.source, "id_number")].add("check_digit")
    birth = fields.get("birth_date")
    if birth is not None and parse_date(birth.value) == number_birth_date(number):
        found[(document.source, "birth_date")].add("id_number")
    sex = fields.get("sex")
    if sex is not None and sex.value == ("男" if int(number[16]) % 2 else "女"):
        found[(document.source, "sex")].add("id_number")


def _date_of(document: Document, name: str):
    found = document.fields.get(name)
    return parse_date(found.value) if found is not None else None


def _term_in_whole_years(document: Document) -> bool:
    start = _date_of(document, "established_date")
    end = _date_of(document, "business_term_until")
    if start is None or end is None or end <= start:
        return False
    years = end.year - start.year
    return any(
        abs((end - years_later(start, n)).days + 1) <= 1 for n in (years, years + 1) if n > 0
    )


def _same_type_evidence(documents: list[Document], found: dict[Key, set[str]]) -> None:
    """Two documents of one type (a card photographed twice) that show the same value."""
    for index, first in enumerate(documents):
        for other in documents[index + 1 :]:
            if first.type != other.type or first.type in (UNKNOWN, OTHER):
                continue
            for name in first.fields.keys() & other.fields.keys():
                if fold(first.fields[name].value) == fold(other.fields[name].value):
                    found[(first.source, name)].add("document")
                    found[(other.source, name)].add("document")


def _consistency_evidence(pack: RulePack, facts: CaseFacts, found: dict[Key, set[str]]) -> None:
    """Values that the pack's consistency rules compare, where they agree exactly."""
    # Folded and sorted as the `exact` rule compares them; owner lists in any order.
    for rule in pack.consistency:
        right = facts.value(rule["right"])
        if right is None:
            continue
        for ref in as_refs(rule["left"]):
            left = facts.value(ref)
            if left is None:
                continue
            if rule["compare"] == "member":
                _member_evidence(left, right, found)
            elif name_parts(left.text) == name_parts(right.text):
                _corroborate(left, right, found)
                _corroborate(right, left, found)


def _member_evidence(name: Value, owners: Value, found: dict[Key, set[str]]) -> None:
    """A name among a deed's owners is corroborated; the owner list only when it is that name."""
    parts = name_parts(owners.text)
    if fold(name.text) in parts:
        _corroborate(name, owners, found)
        if parts == [fold(name.text)]:
            _corroborate(owners, name, found)


def _registry_evidence(
    pack: RulePack, facts: CaseFacts, registry: Registry, found: dict[Key, set[str]]
) -> None:
    """The key that found a registry record, and the values that agree with that record."""
    for rule in pack.registry:
        key = facts.value(rule["key"])
        if key is None or key.source is None:
            continue
        record = lookup_record(registry, rule["table"], key.text)
        if record is None:
            continue
        found[(key.source, _field_name(key))].add("registry")
        for agree in rule.get("agree", ()):
            theirs = facts.value(agree["with"])
            registered = record_column(record, agree["column"])
            agrees = theirs is not None and name_parts(registered) == name_parts(theirs.text)
            if agrees and theirs.source is not None:
                found[(theirs.source, _field_name(theirs))].add("registry")


def _corroborate(value: Value, by: Value, found: dict[Key, set[str]]) -> None:
    if value.source is None:
        return  # a declared value: it is what is checked against, not what is read
    source = "declared" if by.source is None else "document"
    found[(value.source, _field_name(value))].add(source)


def _field_name(value: Value) -> str:
    return value.ref.partition(".")[2]


def _annotated(document: Document, found: dict[Key, set[str]]) -> Document:
    if not document.fields:
        return document
    fields = {
        name: replace(field, evidence=_ordered(found.get((document.source, name), set())))
        for name, field in document.fields.items()
    }
    return replace(document, fields=fields)


def _ordered(sources: set[str]) -> tuple[str, ...]:
    return tuple(name for name in EVIDENCE_SOURCES if name in sources)
