"""The fixed sample set: synthetic uploads with a ground-truth file beside each.

`generate_samples(out_dir, seed)` writes every upload of SAMPLE_PLAN as `NAME.EXT` and its
truth as `NAME.truth.json`:

    {"file": "NAME.EXT", "degradations": ["turn_90", "blur"],
     "documents": [{"source": "NAME.EXT", "type": "id_card_front", "fields": {...}}]}

Sources follow the report contract: `NAME.pdf#p2` for a page, `NAME.jpg#d1` for the first of
several documents on one image (top to bottom), `NAME.pdf#p3#d2` for both. File names are
neutral like real uploads; the type must come from the content. Turns are clockwise.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from prereview.records import UNKNOWN
from prereview.samples import render
from prereview.samples.degrade import apply_degradations, to_bgr, to_pil
from prereview.samples.identities import (
    Enterprise,
    Person,
    Property,
    make_enterprise,
    make_person,
    make_property,
)

DEFAULT_SEED = 20261124
JPEG_QUALITY = 85
PDF_DPI = 150
PDF_DATE = time.struct_time((2024, 11, 20, 9, 30, 0, 2, 325, 0))  # fixed, for identical bytes


@dataclass(frozen=True)
class Page:
    """One page (or the whole image) of an upload: what to draw on it.

    `kind` is id_front, id_back, id_copy (both sides on an A4 page), licence, licence_old,
    deed, landscape or blank; `index` picks the person, enterprise or property of the pool.
    """

    kind: str
    index: int = 0


@dataclass(frozen=True)
class Upload:
    """One file of the sample set: its name, its pages and the degradations applied to each."""

    name: str
    pages: tuple[Page, ...]
    degradations: tuple[str, ...] = ()


def upload(name: str, kind: str, index: int = 0, *degradations: str) -> Upload:
    """A single-page upload."""
    return Upload(name, (Page(kind, index),), degradations)


# Ordered so that the first few uploads cover every kind (tests generate a prefix).
SAMPLE_PLAN: tuple[Upload, ...] = (
    upload("IMG_20241103_0007.jpg", "id_front", 0),
    upload("IMG_20241103_0009.jpg", "id_back", 0),
    upload("IMG_20241104_0051.jpg", "licence", 0),
    upload("IMG_20241104_0060.jpg", "deed", 0),
    upload("copy_01.jpg", "id_copy", 14, "photocopy"),
    Upload("scan_001.pdf", (Page("licence", 12), Page("deed", 12), Page("id_copy", 18)),
           ("photocopy",)),
    upload("IMG_20241115_0088.jpg", "landscape", 0),
    upload("IMG_20241108_0205.jpg", "id_front", 7, "turn_90"),
    upload("IMG_20241103_0008.jpg", "id_front", 1, "desk_photo"),
    upload("IMG_20241105_0112.jpg", "id_front", 2, "desk_photo", "shadow"),
    upload("微信图片_20241106101522.jpg", "id_front", 3, "rotate_small"),
    upload("scan_0004.png", "id_front", 4),
    upload("IMG_20241107_0031.jpg", "id_front", 5, "blur"),
    upload("mmexport1699012345678.jpg", "id_front", 6, "jpeg"),
    upload("IMG_20241109_0016.jpg", "id_front", 8, "low_res"),
    upload("IMG_20241110_0042.jpg", "id_front", 9, "desk_photo", "blur"),
    upload("upload_0011.jpg", "id_front", 10),
    upload("IMG_20241112_0108.jpg", "id_front", 11, "rotate_small", "jpeg"),
    upload("IMG_20241113_0003.jpg", "id_front", 12, "turn_180"),
    upload("photo_0014.webp", "id_front", 13),
    upload("IMG_20241103_0010.jpg", "id_back", 1, "desk_photo"),
    upload("IMG_20241105_0113.jpg", "id_back", 2, "desk_photo", "jpeg"),
    upload("微信图片_20241106101530.jpg", "id_back", 3, "shadow"),
    upload("scan_0005.png", "id_back", 4),
    upload("IMG_20241107_0032.jpg", "id_back", 5, "turn_270"),
    upload("mmexport1699012349012.jpg", "id_back", 6, "low_res", "jpeg"),
    upload("IMG_20241108_0206.jpg", "id_back", 7),
    upload("IMG_20241109_0017.bmp", "id_back", 8, "low_res"),
    upload("IMG_20241110_0043.jpg", "id_back", 9, "rotate_small"),
    upload("upload_0012.jpg", "id_back", 10, "photocopy"),
    upload("IMG_20241112_0109.jpg", "id_back", 11, "blur"),
    upload("IMG_20241113_0004.jpg", "id_back", 12),
    upload("photo_0015.jpg", "id_back", 13, "desk_photo", "rotate_small"),
    upload("scan_0101.jpg", "licence", 1, "turn_90"),
    upload("IMG_20241104_0052.jpg", "licence_old", 2),
    upload("IMG_20241104_0053.jpg", "licence", 3, "rotate_small"),
    upload("scan_0102.jpg", "licence", 4, "turn_180"),
    upload("scan_0103.jpg", "licence_old", 5, "photocopy"),
    upload("IMG_20241104_0054.jpg", "licence", 6, "desk_photo"),
    upload("IMG_20241104_0055.jpg", "licence", 7, "jpeg", "blur"),
    upload("IMG_20241104_0056.jpg", "licence", 8),
    upload("IMG_20241104_0057.jpg", "licence_old", 9, "shadow", "rotate_small"),
    upload("IMG_20241104_0058.jpg", "licence", 10, "low_res"),
    upload("scan_0104.jpg", "licence", 11, "turn_90", "jpeg"),
    upload("IMG_20241104_0061.jpg", "deed", 1, "rotate_small"),
    upload("scan_0201.jpg", "deed", 2, "photocopy"),
    upload("IMG_20241104_0062.jpg", "deed", 3, "desk_photo"),
    upload("scan_0202.jpg", "deed", 4),
    upload("IMG_20241104_0063.jpg", "deed", 5, "blur"),
    upload("scan_0203.jpg", "deed", 6, "turn_270"),
    upload("IMG_20241104_0064.jpg", "deed", 7, "shadow"),
    upload("IMG_20241104_0065.jpg", "deed", 8, "low_res", "rotate_small"),
    upload("scan_0204.jpg", "deed", 9),
    upload("IMG_20241104_0066.jpg", "deed", 10, "jpeg"),
    upload("scan_0205.jpg", "deed", 11, "turn_180"),
    upload("copy_02.jpg", "id_copy", 15),
    upload("copy_03.jpg", "id_copy", 16, "photocopy", "rotate_small"),
    upload("copy_04.jpg", "id_copy", 17, "low_res"),
    Upload("扫描件2.pdf", (Page("deed", 13), Page("id_copy", 19)), ("rotate_small",)),
    Upload("scan_0003.tif", (Page("deed", 14), Page("licence", 13)), ("photocopy",)),
    upload("scan_0020.jpg", "blank", 0),
)  # fmt: skip

BRANCH_ENTERPRISES = (3, 7)  # printed with 负责人
SOLE_ENTERPRISES = (10,)  # printed with 经营者
TWO_OWNER_DEEDS = (1, 4, 8, 11, 13)
ENTERPRISE_OWNED_DEEDS = (6,)
# Birth-year bands cycled over the people, so that the set holds children (5-year cards),
# people born before 1984 (division codes stdnum may not place) and 长期 cards.
BIRTH_BANDS = ((1950, 1970), (1984, 1999), (1971, 1983), (2000, 2012), (2009, 2015))


@dataclass(frozen=True)
class Pool:
    """The people, enterprises and properties the sample documents print."""

    people: tuple[Person, ...]
    enterprises: tuple[Enterprise, ...]
    properties: tuple[Property, ...]


def representative(people: tuple[Person, ...], index: int) -> Person:
    """people[index] if old enough to lead an enterprise, else one of the spare adults (20+)."""
    if people[index].birth_date.year <= 1995:
        return people[index]
    adults = [person for person in people[20:] if person.birth_date.year <= 1995]
    return adults[index % len(adults)]


def sample_pool(seed: int) -> Pool:
    """Every record the plan refers to, drawn in a fixed order from `seed`."""
    rng = random.Random(seed)
    people = tuple(
        make_person(rng, birth_range=BIRTH_BANDS[i % len(BIRTH_BANDS)]) for i in range(26)
    )
    enterprises = []
    for i in range(14):
        kind = 3 if i in BRANCH_ENTERPRISES else 4 if i in SOLE_ENTERPRISES else rng.randrange(3)
        enterprises.append(make_enterprise(rng, representative(people, i), kind=kind))
    properties = []
    for i in range(15):
        if i in ENTERPRISE_OWNED_DEEDS:
            owners = [enterprises[i].name]
        elif i in TWO_OWNER_DEEDS:
            owners = [people[i].name, people[20 + i % 6].name]
        else:
            owners = [people[i].name]
        commercial = i in ENTERPRISE_OWNED_DEEDS
        properties.append(make_property(rng, owners, commercial=commercial))
    return Pool(people, tuple(enterprises), tuple(properties))


def render_page(page: Page, pool: Pool, seed: int) -> tuple[Image.Image, list[tuple[str, dict]]]:
    """The page's image and its documents as (type, fields), top to bottom."""
    match page.kind:
        case "id_front":
            image, fields = render.render_id_front(pool.people[page.index])
            return image, [("id_card_front", fields)]
        case "id_back":
            image, fields = render.render_id_back(pool.people[page.index])
            return image, [("id_card_back", fields)]
        case "id_copy":
            image, (front, back) = render.render_id_copy_page(pool.people[page.index])
            return image, [("id_card_front", front), ("id_card_back", back)]
        case "licence" | "licence_old":
            layout = "old" if page.kind == "licence_old" else "current"
            image, fields = render.render_licence(pool.enterprises[page.index], layout)
            return image, [("business_licence", fields)]
        case "deed":
            image, fields = render.render_deed(pool.properties[page.index])
            return image, [("property_deed", fields)]
        case "landscape":
            return render.render_landscape(seed + page.index), [(UNKNOWN, {})]
        case "blank":
            return render.render_blank_page(seed + page.index), [(UNKNOWN, {})]
    raise ValueError(f"unknown page kind {page.kind!r}")


def degraded(image: Image.Image, page: Page, item: Upload, rng: np.random.Generator):
    """The page image after the upload's degradations, as an RGB PIL image."""
    if not item.degradations:
        return image
    radius = render.CARD_CORNER_RADIUS if page.kind in ("id_front", "id_back") else 0
    return to_pil(apply_degradations(to_bgr(image), item.degradations, rng, radius))


def sources(name: str, page_number: int | None, count: int) -> list[str]:
    """Contract sources of the documents on one page: NAME.pdf#p2, NAME.jpg#d1, ..."""
    base = name if page_number is None else f"{name}#p{page_number}"
    return [base] if count == 1 else [f"{base}#d{i}" for i in range(1, count + 1)]


def save_upload(path: Path, images: list[Image.Image]) -> None:
    """Write the page images in the format the file name says, with fixed metadata."""
    suffix = path.suffix.lower()
    first = images[0].convert("RGB")
    if suffix == ".pdf":
        first.save(
            path, "PDF", save_all=True, append_images=[i.convert("RGB") for i in images[1:]],
            resolution=PDF_DPI, quality=75, creationDate=PDF_DATE, modDate=PDF_DATE,
        )  # fmt: skip
    elif suffix in (".tif", ".tiff"):
        pages = [i.convert("L") for i in images]
        pages[0].save(
            path, "TIFF", save_all=True, append_images=pages[1:], compression="jpeg",
            quality=75, dpi=(PDF_DPI, PDF_DPI),
        )  # fmt: skip
    elif suffix in (".jpg", ".jpeg"):
        first.save(path, "JPEG", quality=JPEG_QUALITY)
    elif suffix == ".webp":
        first.save(path, "WEBP", quality=80, method=4)
    else:
        first.save(path)


def write_upload(out_dir: Path, item: Upload, pool: Pool, seed: int, number: int) -> Path:
    """Render, degrade and save one upload and its truth file; return the upload's path."""
    rng = np.random.default_rng([seed, number])
    multi_page = len(item.pages) > 1
    images, documents = [], []
    for page_number, page in enumerate(item.pages, start=1):
        image, found = render_page(page, pool, seed)
        images.append(degraded(image, page, item, rng))
        names = sources(item.name, page_number if multi_page else None, len(found))
        for source, (doc_type, fields) in zip(names, found, strict=True):
            documents.append({"source": source, "type": doc_type, "fields": fields})
    path = out_dir / item.name
    save_upload(path, images)
    truth = {"file": item.name, "degradations": list(item.degradations), "documents": documents}
    truth_path(path).write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def generate_samples(
    out_dir: Path, seed: int = DEFAULT_SEED, limit: int | None = None
) -> list[Path]:
    """Write the sample set (or its first `limit` uploads) into `out_dir`; return the uploads."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = sample_pool(seed)
    plan = SAMPLE_PLAN if limit is None else SAMPLE_PLAN[:limit]
    return [write_upload(out_dir, item, pool, seed, n) for n, item in enumerate(plan)]


def truth_path(upload_path: Path) -> Path:
    """The ground-truth file beside an upload: NAME.truth.json for NAME.EXT."""
    return upload_path.with_name(f"{upload_path.stem}.truth.json")


def read_truths(folder: Path) -> list[dict]:
    """Every ground-truth record in `folder`, sorted by file name."""
    return [json.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.truth.json"))]


if __name__ == "__main__":
    written = generate_samples(
        Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_SEED
    )
    print(f"wrote {len(written)} sample uploads", file=sys.stderr)
