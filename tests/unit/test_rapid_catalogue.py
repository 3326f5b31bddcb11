"""rapidocr's model catalogue, read once and without unused backends, says what rapidocr's
own loader reads for every section kept."""

from __future__ import annotations

from pathlib import Path

import pytest

omegaconf = pytest.importorskip("omegaconf")
pytest.importorskip("rapidocr")

from prereview.ocr.rapid import (  # noqa: E402
    UNUSED_CATALOGUE_SECTIONS,
    _catalogue_read_once,
    catalogue_used,
)


def catalogue_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("rapidocr")
    return Path(spec.origin).parent / "default_models.yaml"


def test_kept_sections_equal_rapidocrs_own_reading() -> None:
    path = catalogue_path()
    full = omegaconf.OmegaConf.to_container(omegaconf.OmegaConf.load(path))
    used = catalogue_used(path)
    assert used == {k: v for k, v in full.items() if k not in UNUSED_CATALOGUE_SECTIONS}
    # The backends prereview runs, and the language routes every model is found by, are kept.
    assert {"onnxruntime", "openvino", "model_routes", "lang_mapping"} <= used.keys()


def test_catalogue_is_built_once_and_only_while_importing(tmp_path: Path) -> None:
    other = tmp_path / "config.yaml"
    other.write_text("a: 1\n", encoding="utf-8")
    load = omegaconf.OmegaConf.load
    with _catalogue_read_once():
        first = omegaconf.OmegaConf.load(catalogue_path())
        assert omegaconf.OmegaConf.load(str(catalogue_path())) is first
        assert omegaconf.OmegaConf.load(other).a == 1
    assert omegaconf.OmegaConf.load is load
    assert "mnn" not in first and "openvino" in first
