"""`prereview samples generate OUT`: write the synthetic sample-document set."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from ..samples.captures import generate_captures
from ..samples.cases import generate_cases
from ..samples.generate import DEFAULT_SEED, generate_samples, truth_path
from ..samples.wild import DEFAULT_COUNT, generate_wild
from .errors import exits_cleanly

app = typer.Typer(
    no_args_is_help=True,
    help="Generate synthetic sample documents (ID cards, licences, deeds) with ground truth.",
)


@app.command(no_args_is_help=True)
@exits_cleanly
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the uploads and truth files to.")],
    seed: Annotated[int, typer.Option(help="Seed of every synthetic record and degradation.")] = (
        DEFAULT_SEED
    ),
    limit: Annotated[
        int | None, typer.Option(help="Write only the first N uploads (a quick subset).")
    ] = None,
    family: Annotated[
        str,
        typer.Option(
            help="samples: the fixed sample set; wild: the family drawn to test generalisation;"
            " captures: originals, copies, screen photos, edited files, unsealed licences and"
            " non-documents, with the authenticity signals each should raise."
        ),
    ] = "samples",
    count: Annotated[
        int, typer.Option(min=1, help="Uploads of the wild or captures family to draw.")
    ] = DEFAULT_COUNT,
) -> None:
    """Write a sample set: each upload NAME.EXT with NAME.truth.json beside it.

    Examples: prereview samples generate sample_docs/documents --seed 20261124
              prereview samples generate /tmp/wild --family wild --seed 7001 --count 120
              prereview samples generate /tmp/caps --family captures --seed 7101 --count 120
    """
    if family == "wild":
        written = generate_wild(out, seed, count if limit is None else min(count, limit))
    elif family == "captures":
        written = generate_captures(out, seed, count if limit is None else min(count, limit))
    elif family == "samples":
        written = generate_samples(out, seed, limit)
    else:
        print(f"未知的样本系列 {family!r} / unknown family {family!r}: use samples, wild or captures",
              file=sys.stderr)  # fmt: skip
        raise typer.Exit(2)
    truths = [json.loads(truth_path(path).read_text("utf-8")) for path in written]
    documents = sum(len(truth["documents"]) for truth in truths)
    degraded = sum(len(truth["documents"]) for truth in truths if truth["degradations"])
    print(
        f"wrote {len(written)} uploads holding {documents} documents ({degraded} degraded)"
        f" to {out}, seed {seed}",
        file=sys.stderr,
    )


@app.command(no_args_is_help=True)
@exits_cleanly
def cases(
    out: Annotated[Path, typer.Argument(help="Folder to write the case folders to.")],
    registry_out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for persons/enterprises/properties.csv (default: OUT/../registry)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of every synthetic record and degradation.")] = (
        DEFAULT_SEED
    ),
) -> None:
    """Write the sample application cases (scans, application.json, expected.json) and registry.

    Old case folders in OUT (those holding an expected.json) are replaced; nothing else is removed.

    Example: prereview samples cases sample_docs/cases --registry-out sample_docs/registry
    """
    registry_dir = registry_out if registry_out is not None else out.parent / "registry"
    written = generate_cases(out, registry_dir, seed)
    verdicts = Counter(
        json.loads((folder / "expected.json").read_text("utf-8"))["verdict"] for folder in written
    )
    counts = ", ".join(f"{verdicts[v]} {v}" for v in ("pass", "fail", "review"))
    print(
        f"wrote {len(written)} cases ({counts}) to {out} and the registry to {registry_dir},"
        f" seed {seed}",
        file=sys.stderr,
    )
