"""`prereview samples generate OUT`: write the synthetic sample-document set."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..samples.generate import DEFAULT_SEED, generate_samples, truth_path
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
) -> None:
    """Write the fixed sample set: each upload NAME.EXT with NAME.truth.json beside it.

    Example: prereview samples generate sample_docs/documents --seed 20261124
    """
    written = generate_samples(out, seed, limit)
    truths = [json.loads(truth_path(path).read_text("utf-8")) for path in written]
    documents = sum(len(truth["documents"]) for truth in truths)
    degraded = sum(len(truth["documents"]) for truth in truths if truth["degradations"])
    print(
        f"wrote {len(written)} uploads holding {documents} documents ({degraded} degraded)"
        f" to {out}, seed {seed}",
        file=sys.stderr,
    )
