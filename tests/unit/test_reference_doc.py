"""docs/reference.md agrees with the code and the packaged packs it copies."""

import re

from prereview.records import EVIDENCE_SOURCES, FIELDS_BY_TYPE
from prereview.registry import TABLES
from prereview.rules import load_packs

from ..conftest import ROOT

REFERENCE = (ROOT / "docs" / "reference.md").read_text("utf-8")


def row_of(first_cell: str) -> str:
    (row,) = [line for line in REFERENCE.splitlines() if line.startswith(f"| `{first_cell}` |")]
    return row


def names_in(cell_text: str) -> list[str]:
    return re.findall(r"`([a-z_]+)`", cell_text)


def test_every_packaged_matter_and_its_documents():
    for matter, pack in load_packs(None).items():
        cells = row_of(matter).split("|")
        assert names_in(cells[3]) == list(pack.documents)
        assert pack.title in cells[2]


def test_every_document_type_and_its_fields():
    for doc_type, fields in FIELDS_BY_TYPE.items():
        assert names_in(row_of(doc_type).split("|")[3]) == list(fields)


def test_every_registry_table_and_its_columns():
    for table in TABLES:
        cells = row_of(table.name).split("|")
        assert names_in(cells[3]) == list(table.columns)
        assert names_in(cells[5]) == list(table.statuses)


def test_every_evidence_name():
    for name in EVIDENCE_SOURCES:
        assert row_of(name)
