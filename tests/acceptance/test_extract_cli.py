"""`prereview extract` and `prereview samples generate` through the CLI."""

import json

import pytest
from typer.testing import CliRunner

from prereview.cli.app import app

from ..conftest import SAMPLES, truth_of

runner = CliRunner()
pytestmark = pytest.mark.engines


def test_extract_json_masks_id_numbers_by_default():
    result = runner.invoke(app, ["extract", "--json", str(SAMPLES / "copy_01.jpg")])
    assert result.exit_code == 0, result.stderr
    documents = json.loads(result.stdout)
    truth = truth_of("copy_01.jpg")
    assert [d["source"] for d in documents] == [d["source"] for d in truth["documents"]]
    front = documents[0]
    number = truth["documents"][0]["fields"]["id_number"]
    assert front["fields"]["id_number"]["value"] == number[:6] + "********" + number[-4:]
    assert number not in result.stdout
    assert set(front) >= {"source", "type", "fields", "quality"}


def test_extract_no_mask_shows_the_number():
    result = runner.invoke(
        app, ["extract", "--json", "--no-mask", str(SAMPLES / "IMG_20241103_0007.jpg")]
    )
    assert result.exit_code == 0
    number = truth_of("IMG_20241103_0007.jpg")["documents"][0]["fields"]["id_number"]
    assert json.loads(result.stdout)[0]["fields"]["id_number"]["value"] == number


def test_extract_table_names_type_and_fields():
    result = runner.invoke(app, ["extract", str(SAMPLES / "IMG_20241104_0060.jpg")])
    assert result.exit_code == 0
    assert "不动产权证书" in result.stdout and "unit_number" in result.stdout


def test_samples_generate_writes_uploads_with_truth(tmp_path):
    result = runner.invoke(app, ["samples", "generate", str(tmp_path), "--limit", "3"])
    assert result.exit_code == 0, result.stderr
    assert len(list(tmp_path.glob("*.truth.json"))) == 3
    assert "wrote 3 uploads" in result.stderr
