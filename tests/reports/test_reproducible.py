"""Reports are byte-for-byte reproducible: .tex and pictures always, PDFs when pdflatex is installed."""

import shutil

import pytest

from convproof import ConvSpec
from convproof.reports import build_report, spec_report

SPEC = ConvSpec((3, 3), (2, 2), stride=2, padding=1)


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_tex_and_figures_twice_identical(tmp_path):
    for run in ("a", "b"):
        spec_report(SPEC).write(tmp_path / run, "conv")
        build_report("conventions").write(tmp_path / run, "conventions")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b
    assert {"conv.tex", "conventions.tex", "figures/conv-t-sparsity.png", "figures/conv-overlap.png"} <= set(a)


def test_no_dates_or_paths_in_tex(tmp_path):
    text = spec_report(SPEC).write(tmp_path, "conv")[0].read_text(encoding="utf-8")
    assert str(tmp_path) not in text and "\\today" not in text and "2026" not in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_pdf_twice_identical(tmp_path):
    pdfs = []
    for run in ("a", "b"):
        paths = spec_report(ConvSpec(4, 2), lang="ru").write(tmp_path / run, "conv", pdf=True)
        pdfs.append(paths[-1].read_bytes())
    assert pdfs[0] == pdfs[1] and pdfs[0].startswith(b"%PDF")
    assert b"/CreationDate" not in pdfs[0] and b"/ID [" not in pdfs[0]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_committed_lecture_ru_compiles(tmp_path):
    from pathlib import Path

    from convproof.latex.compile import compile_pdf

    reports = Path(__file__).resolve().parents[2] / "reports"
    shutil.copy(reports / "lecture-ru.tex", tmp_path)
    shutil.copytree(reports / "figures", tmp_path / "figures")
    log: list = []
    pdf = compile_pdf(tmp_path / "lecture-ru.tex", log)
    assert pdf.stat().st_size > 50_000
    assert "Overfull \\hbox" not in log[0]


def test_build_all_without_latex_writes_tex_only(tmp_path, monkeypatch, capsys):
    from convproof import reports
    from convproof.latex import compile as comp

    monkeypatch.setattr(comp.shutil, "which", lambda name: None)
    monkeypatch.setattr(reports, "BUILTIN", {"conventions": reports.BUILTIN["conventions"]})
    written = reports.build_all(tmp_path, pdf=True)
    assert [p.name for p in written] == ["conventions.tex"]
    assert "apt-get install" in capsys.readouterr().err
    with pytest.raises(comp.LatexMissing):
        reports.build_all(tmp_path, pdf=True, require_pdf=True)
