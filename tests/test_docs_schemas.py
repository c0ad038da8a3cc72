"""The JSON schemas published in docs/cli/schemas/ describe what the commands print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convproof.cli import main

jsonschema = pytest.importorskip("jsonschema")
SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "cli" / "schemas"


def _validate(name: str, value) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(value, schema, cls=jsonschema.Draft202012Validator)


def test_shape(capsys):
    assert main(["shape", "-i", "7x6", "-k", "3", "-s", "2", "-p", "same", "--same-convention", "tf",
                 "--json"]) == 0
    _validate("shape", json.loads(capsys.readouterr().out))


def test_verify(capsys):
    assert main(["verify", "--json", "same.output_size", "params.conv"]) == 0
    for line in capsys.readouterr().out.splitlines():
        _validate("verify", json.loads(line))


def test_check(tmp_path, capsys):
    doc = tmp_path / "n.md"
    doc.write_text("$$2 + 2 = 5$$\n\n$$\\begin{bmatrix} f_{1} & f_{2} & 0 \\\\ 0 & f_{1} & f_{1} "
                   "\\end{bmatrix}$$\n\n$$\\text{no math}$$\n", encoding="utf-8")
    assert main(["check", "--json", str(doc), str(tmp_path / "missing.md")]) == 2
    report = json.loads(capsys.readouterr().out)
    _validate("check", report)
    assert {e["status"] for f in report["files"] for e in f["equations"]} >= {"wrong"}
    assert any("error" in f for f in report["files"])


def test_check_notebook(capsys):
    notebook = Path(__file__).resolve().parent / "data" / "notes.ipynb"
    assert main(["check", "--json", str(notebook)]) == 1
    report = json.loads(capsys.readouterr().out)
    _validate("check", report)
    assert all("cell" in e for e in report["files"][0]["equations"])
