"""`python -m prereview.bench`: the document benchmark (`make bench`)."""

import typer

from .documents import main

typer.run(main)
