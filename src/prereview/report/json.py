"""Documents and reports as the JSON of contract.md."""

from __future__ import annotations

from ..records import Document


def mask_id_number(value: str) -> str:
    """110105199003071239 -> 110105********1239: keeps the division code and the check."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


MASKED_FIELDS = {("id_card_front", "id_number")}


def document_to_dict(document: Document, mask: bool = True) -> dict:
    """One document in the report's document format."""
    fields = {}
    for name, found in document.fields.items():
        value = found.value
        if mask and (document.type, name) in MASKED_FIELDS:
            value = mask_id_number(value)
        fields[name] = {
            "value": value,
            "confidence": round(found.confidence, 4),
            "box": list(found.box),
        }
    data: dict = {
        "source": document.source,
        "type": document.type,
        "fields": fields,
        "quality": list(document.quality),
    }
    if document.rotation:
        data["rotation"] = document.rotation
    if document.error:
        data["error"] = document.error
    return data
