"""The built-in reports' equations pass convproof's own equation checker (no 'wrong')."""

from pathlib import Path

import pytest

check = pytest.importorskip("convproof.check")

REPORTS = Path(__file__).resolve().parents[2] / "reports"


@pytest.mark.parametrize("stem", ["lecture", "backprop", "layers", "conventions", "fundamentals",
                                  "fundamentals-ru", "theorems", "theorems-ru"])
def test_no_wrong_equation(stem):
    text = (REPORTS / f"{stem}.tex").read_text(encoding="utf-8")
    rep = check.check_text(text, "tex", f"{stem}.tex")
    wrong = [(e.line, e.message) for e in rep.equations if e.status == "wrong"]
    assert rep.error is None and not wrong
    assert rep.equations


@pytest.mark.parametrize("stem", ["fundamentals", "fundamentals-ru"])
def test_fundamentals_quotes_skipped_own_equations_hold(stem):
    """The seed's wrong values are quoted between off/on markers; without them the checker reads them
    (so the markers, not luck, keep 'wrong' at zero); the report's own backward pass is verified."""
    text = (REPORTS / f"{stem}.tex").read_text(encoding="utf-8")
    assert "% convproof-check: off" in text
    unmarked = text.replace("convproof-check: off", "quote").replace("convproof-check: on", "quote")
    assert any(e.status == "wrong" for e in check.check_text(unmarked, "tex", stem).equations)
    rep = check.check_text(text, "tex", stem)
    backward = [e for e in rep.equations if r"the derivative of L by w_{1}, computed" in e.message]
    assert backward and all(e.status == "holds" for e in backward)
