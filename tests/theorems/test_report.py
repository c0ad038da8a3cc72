"""The built-in 'theorems' report: verdicts from the engine, no machine-dependent numbers, unknown shown as such."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from convproof.reports import build_report
from convproof.reports import theorems as report
from convproof.theorems import Z3_VERSION, Unknown, correct, wrong_variants


def test_every_theorem_and_variant_is_in_the_report():
    tex = build_report("theorems").latex()
    for t in correct():
        assert rf"\texttt{{{t.name.replace('_', chr(92) + '_')}}}" in tex
    reals = [t for t in correct() if report.has_reals(t)]
    assert reals and tex.count(f"proved for all integers (z3 {Z3_VERSION})") == sum(
        t.engine == "z3" and t not in reals for t in correct())
    assert tex.count(f"proved for all integer sizes and real values (z3 {Z3_VERSION})") == len(reals)
    assert tex.count(r"\caption{Wrong variants") == 3  # one table per group
    assert f"{len(correct())} of {len(correct())} theorems proved" in tex
    assert len(re.findall(r"\$[a-zA-Z_{}0-9]+ = -?\d+", tex)) >= len(wrong_variants())


def test_no_times_in_the_report():
    tex = build_report("theorems").latex() + build_report("theorems", "ru").latex()
    assert not re.search(r"\d\s*(ms|s)\b", tex.replace("\\", " "))


def test_russian_report_has_russian_verdicts():
    tex = build_report("theorems", "ru").latex()
    assert "доказано для всех целых" in tex and "proved for all" not in tex


def test_unknown_is_printed_as_not_proved(monkeypatch):
    def fake(theorem, timeout_ms=5000):
        return Unknown(theorem=theorem.name, engine="z3", version=Z3_VERSION, ms=1.0, reason="timeout")

    monkeypatch.setattr(report, "prove", fake)
    monkeypatch.setattr(report, "_CACHE", {})
    tex = report.theorems_report().latex()
    assert "proved for all integers (" not in tex
    assert tex.count(r"\textbf{NOT PROVED}") >= len(correct())
    assert f"0 of {len(correct())} theorems proved" in tex


def test_title_math_is_typeset_and_text_escaped():
    assert report.title_tex(r"exact when $s \mid n$ (output_padding, 50%)") == (
        r"exact when $s \mid n$ (output\_padding, 50\%)")
    assert report.title_tex("no math & more") == r"no math \& more"
    assert report.title_tex("'same' ($n$)") == "`same' ($n$)"


def test_unbalanced_title_math_is_an_error():
    from convproof.errors import ConvProofError

    with pytest.raises(ConvProofError, match="title"):
        report.title_tex("half $math")


def test_every_title_has_balanced_math_and_a_plain_form():
    from convproof.theorems import THEOREMS

    for t in THEOREMS.values():
        for lang, title in zip(("en", "ru"), t.title):
            report.title_tex(title)  # raises on unbalanced $
            assert "$" not in t.text(lang) and "\\" not in t.text(lang), t.text(lang)
        assert "_{" not in t.text() and "{" not in t.text("ru")


def test_math_titles_reach_the_report_as_math():
    tex = build_report("theorems").latex()
    assert r"exact when $s \mid n + p_{lo} + p_{hi} - d(k-1) - 1$" in tex
    assert "p\\_lo" not in tex and "&lt;" not in tex and r"\textless{}" not in tex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
@pytest.mark.parametrize("stem", ["theorems", "theorems-ru"])
def test_committed_report_has_no_overfull_lines(tmp_path, stem):
    from convproof.latex.compile import compile_pdf

    shutil.copy(Path(__file__).resolve().parents[2] / "reports" / f"{stem}.tex", tmp_path)
    log: list = []
    compile_pdf(tmp_path / f"{stem}.tex", log)
    assert "Overfull \\hbox" not in log[0]
