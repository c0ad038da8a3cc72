"""The checker's errata of a set of documents (convproof/check/errata.py), on documents written here."""

import json

from convproof.check.errata import build_errata
from convproof.seeds.errata_file import write_errata

WRONG = "Sizes.\n\n$$3 \\cdot 4 = 13$$\n\nAnd $2 + 2 = 4$.\n"
RIGHT = "Only $6 \\cdot 7 = 42$ here.\n"


def _docs(tmp_path):
    (tmp_path / "b.txt").write_text(RIGHT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(WRONG, encoding="utf-8")
    return [tmp_path / "a.txt", tmp_path / "b.txt"]


def test_a_wrong_equation_is_a_finding_with_its_line_and_correction(tmp_path):
    md, data = build_errata(_docs(tmp_path), "# My errata\n")
    assert md.startswith("# My errata\n")
    assert "| a.txt | 2 | 1 | 1 | 0 | 0 |" in md and "| b.txt | 1 | 1 | 0 | 0 | 0 |" in md
    assert "### 1. a.txt, line 3" in md and "### 2." not in md
    assert "Stated: `3 \\cdot 4 = 13`" in md and "Corrected: `3 \\cdot 4 = 12`" in md
    assert "| - | - | `13` | `12` |" in md
    assert data["summary"]["wrong"] == 1 and data["summary"]["holds"] == 2


def test_documents_without_errors_say_none(tmp_path):
    md, data = build_errata(_docs(tmp_path)[1:], "# E\n")
    assert "## Findings (wrong)\n\nNone." in md
    assert data["summary"] == {**data["summary"], "wrong": 0, "holds": 1}


def test_the_writer_puts_markdown_and_json_side_by_side(tmp_path):
    md, data = build_errata(_docs(tmp_path), "# E\n")
    paths = write_errata(tmp_path / "out" / "errata", "docs", md, data)
    assert [p.name for p in paths] == ["docs.md", "docs.json"]
    assert paths[0].read_text(encoding="utf-8") == md
    assert json.loads(paths[1].read_text(encoding="utf-8")) == data
