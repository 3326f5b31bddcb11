"""The frozen records that flow between the pipeline's stages.

intake -> SourceImage -> preprocess -> PageImage -> ocr -> OcrResult
-> classify/extract -> Document -> (rules) Finding -> CaseReport
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotations: the light commands start without numpy
    import numpy as np

Box = tuple[int, int, int, int]
"""An axis-aligned box (x0, y0, x1, y1) in pixels."""

DOCUMENT_TYPES = ("id_card_front", "id_card_back", "business_licence", "property_deed")
UNKNOWN = "unknown"
OTHER = "other"  # a legible page that is none of DOCUMENT_TYPES (schema 2)

FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "id_card_front": ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    "id_card_back": ("issuing_authority", "valid_from", "valid_until"),
    "business_licence": (
        "credit_code",
        "name",
        "type",
        "legal_representative",
        "registered_capital",
        "established_date",
        "business_term_until",
        "address",
        "registration_authority",
    ),
    "property_deed": (
        "certificate_number",
        "owner",
        "co_ownership",
        "location",
        "unit_number",
        "right_type",
        "usage",
        "area",
        "term_until",
    ),
}


@dataclass(frozen=True)
class SourceImage:
    """One decoded page of an input file, before preprocessing.

    `source` follows the report format: `file`, `file#p2` for page 2 of a PDF or TIFF.
    """

    source: str
    pixels: np.ndarray  # BGR uint8
    multi_page: bool = False


@dataclass(frozen=True)
class ReadError:
    """An input that could not be decoded; it becomes an `unknown` document with an error."""

    source: str
    message: str


@dataclass(frozen=True)
class Upload:
    """One input file, read once: its SHA-256 (None if unreadable) and its decoded pages."""

    name: str
    sha256: str | None
    pages: tuple[SourceImage | ReadError, ...]
    # The file's own bytes, for the signals a re-encode would destroy (authenticity.py).
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class PageImage:
    """A preprocessed image ready for OCR, with the way back to the original pixels.

    `to_original` is a 3x3 homography mapping this image's pixels to the source image's
    pixels, so that boxes found here can be reported in the original file's coordinates.
    """

    source: str
    pixels: np.ndarray
    to_original: np.ndarray
    original_size: tuple[int, int]  # (width, height)
    quality: tuple[str, ...] = ()
    # An object the shape of a document is on the page (a card or sheet's outline, or a
    # printed block however blurred): such a page is never blank, nor a photo of no document.
    document_shaped: bool = False


@dataclass(frozen=True)
class OcrLine:
    """One text line as an OCR engine read it: text, box (in the OCR'd image), confidence 0..1."""

    text: str
    box: Box
    confidence: float

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def center_y(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class OcrResult:
    """All lines an engine read on one image, in reading order."""

    engine: str
    lines: tuple[OcrLine, ...]
    seconds: float = 0.0

    @property
    def mean_confidence(self) -> float:
        if not self.lines:
            return 0.0
        total = sum(len(line.text) for line in self.lines) or 1
        return sum(line.confidence * len(line.text) for line in self.lines) / total

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


EVIDENCE_SOURCES = (
    "check_digit",
    "id_number",
    "registry",
    "declared",
    "document",
    "other_side",
    "term_years",
)
"""What can corroborate a field value independently of the OCR (report schema 2):
a valid check digit; the birth date and sex encoded in the ID number; an exact match with
the registry record found by key; the value declared in application.json; another document
of the case showing the same value; the ID card's other side; a licence term that ends whole
years after the establishment date (less a day)."""


@dataclass(frozen=True)
class Field:
    """An extracted, normalised field value with its confidence and box in the original image,
    and `evidence`: the names (EVIDENCE_SOURCES) of what corroborates it besides the OCR."""

    value: str
    confidence: float
    box: Box
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signal:
    """One authenticity signal of a document (authenticity.py): its name, a score 0-1,
    whether it passed its threshold, and the evidence in words for the clerk."""

    name: str
    score: float
    evidence: str
    raised: bool = False


@dataclass(frozen=True)
class Document:
    """One document found in an input: its type, fields and image-quality signals."""

    source: str
    type: str
    fields: dict[str, Field] = field(default_factory=dict)
    quality: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = 0.0
    rotation: int = 0  # degrees clockwise the page was turned to read it
    looks_like: str | None = None  # for type `other`: what the text says the page is (户口簿)
    # Boxes (original pixels) of every ID-number-shaped OCR line, whatever the type: the
    # preview blurs them even when the document was not recognised.
    number_boxes: tuple[Box, ...] = ()
    overlay_text: tuple[str, ...] = ()  # phrases written over the upload, left out of values
    authenticity: tuple[Signal, ...] = ()  # photocopy, screen, edited, no_seal, not_a_document


FAIL = "fail"
REVIEW = "review"
PASS = "pass"
INFO = "info"  # a finding severity for the clerk that never changes the verdict (schema 2)
SEVERITY_ORDER = {FAIL: 0, REVIEW: 1, INFO: 2}  # the most severe first


@dataclass(frozen=True)
class Finding:
    """One rule that did not pass, with what a clerk needs to see why.

    `rule` is a stable dotted id (`id.check_digit`); `severity` is `fail` (a definite defect),
    `review` (the tool is not sure) or `info` (for the clerk; never changes the verdict);
    `message` is what the clerk reads (Chinese) and says what to do where that applies;
    `message_en` is the same in English for logs and developers; `fields` are
    `<doc type>.<field>`; `values` are the values compared.
    """

    rule: str
    severity: str
    message: str
    documents: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)
    message_en: str = ""


@dataclass(frozen=True)
class CaseInput:
    """One application folder: its scans and what application.json declared.

    `application_error` says why application.json could not be used (it is then ignored);
    `skipped` lists files that are not scans prereview reads, with the reason.
    """

    name: str
    folder: str
    files: tuple[str, ...]
    matter: str | None = None
    declared: dict[str, str] = field(default_factory=dict)
    application_error: str | None = None
    skipped: tuple[tuple[str, str], ...] = ()
    application_sha256: str | None = None


@dataclass(frozen=True)
class Preview:
    """A page image for the HTML report: JPEG bytes, masked as the report requires, and the
    scale from original pixels to preview pixels."""

    jpeg: bytes
    scale: float
    # The same page masked the same way at (up to) full resolution, for the enlarged crops.
    detail: bytes = b""
    detail_scale: float = 1.0


@dataclass(frozen=True)
class CaseReport:
    """Everything `check` says about one case."""

    case: str
    matter: str | None
    verdict: str
    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    provenance: dict
    seconds: float = 0.0
    previews: dict[str, Preview] = field(default_factory=dict)
