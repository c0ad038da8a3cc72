"""CI compiles every committed built-in report: the PDFs users open must build from the .tex we ship."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from convproof.reports import BUILTIN, report_stem

REPORTS = Path(__file__).resolve().parents[2] / "reports"
STEMS = [report_stem(name, lang) for name, (_, _, langs) in BUILTIN.items() for lang in langs]

pytestmark = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")


@pytest.mark.parametrize("stem", STEMS)
def test_committed_report_compiles_cleanly(tmp_path, stem):
    from convproof.latex.compile import compile_pdf

    shutil.copy(REPORTS / f"{stem}.tex", tmp_path)
    if (REPORTS / "figures").is_dir():
        shutil.copytree(REPORTS / "figures", tmp_path / "figures")
    log: list = []
    pdf = compile_pdf(tmp_path / f"{stem}.tex", log)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    pages = re.search(r"Output written on .*?\((\d+) pages?", log[0].replace("\n", ""))
    assert pages and int(pages.group(1)) >= 1
    text = log[0]
    assert "Undefined control sequence" not in text and "LaTeX Error" not in text
    assert "There were undefined references" not in text
