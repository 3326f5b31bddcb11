"""Benchmarks, apart from the stages they measure: `documents` (fields and speed per engine on
the sample documents and the wild family), `real` (the real-photo development set, kept
outside the repository), `cases` (verdicts on generated cases), `batch` (batch throughput
and worker memory) and `captures` (the authenticity signals). Each runs as `python -m prereview.bench.<name>`; `python -m
prereview.bench` is `documents`."""
