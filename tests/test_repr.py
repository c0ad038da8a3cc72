"""Every result object a notebook user meets renders itself and has a short, telling repr()."""

from __future__ import annotations

import dataclasses

from convproof.check import check_text
from convproof.symbolic import Conv
from convproof.symbolic.proofs import ProofResult
from convproof.verify import Result


def test_conv_repr_and_latex():
    c = Conv(input_size=5, kernel_size=3, stride=2, padding=1)
    assert repr(c) == "Conv(1D conv 5, kernel 3, stride 2, padding 1 -> 3)"
    assert c._repr_latex_().startswith("$") and r"\mathbb{R}^{3 \times 5}" in c._repr_latex_()


def test_proofs_render_as_a_table_and_repr_names_the_verdict():
    proofs = Conv(input_size=4, kernel_size=2).prove()
    assert proofs.holds and isinstance(proofs, list)
    md = proofs._repr_markdown_()
    assert md.splitlines()[0] == "| proof | verdict | routes compared exactly |"
    assert "| forward | holds | direct = toeplitz = im2col |" in md
    assert repr(proofs[0]).startswith("<ProofResult [holds] forward: direct = toeplitz = im2col (1D conv 4")
    assert len(repr(proofs[0])) < 120


def test_a_failing_proof_says_so():
    bad = ProofResult("forward", False, ("direct", "toeplitz"))
    assert repr(bad) == "<ProofResult [FAILS] forward: direct = toeplitz>"
    assert r"\neq" in bad._repr_latex_()
    from convproof.symbolic.facade import Proofs
    assert "**fails**" in Proofs([bad])._repr_markdown_() and not Proofs([bad]).holds


def test_verify_result_repr():
    r = Result(name="shape.output_size", status="proven")
    assert repr(r) == "<Result shape.output_size proven>"
    assert "| `shape.output_size` | proven |" in r._repr_markdown_()


def test_check_report_repr_and_markdown():
    rep = check_text("$$2 + 2 = 5$$\n\n$$1 + 1 = 2$$\n", "md", "notes.md")
    assert repr(rep) == "<FileReport notes.md: 2 statements: 1 holds, 1 wrong, 0 unchecked>"
    wrong = rep.equations[0]
    assert repr(wrong).startswith("<EquationResult line 1: wrong [")
    assert "claimed 5, expected 4" in repr(wrong)
    md = rep._repr_markdown_()
    assert "| 1 | **wrong** |" in md and "| 3 | holds |" in md


def test_unreadable_file_report_repr():
    assert repr(dataclasses.replace(check_text("", "md", "x.md"), error="unreadable: binary file")) == \
        "<FileReport x.md: error: unreadable: binary file>"
