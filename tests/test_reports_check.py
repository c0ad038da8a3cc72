"""The built-in reports' equations pass convproof's own equation checker (no 'wrong')."""

from pathlib import Path

import pytest

check = pytest.importorskip("convproof.check")

REPORTS = Path(__file__).resolve().parents[1] / "reports"


@pytest.mark.parametrize("stem", ["lecture", "backprop", "layers", "conventions"])
def test_no_wrong_equation(stem):
    text = (REPORTS / f"{stem}.tex").read_text(encoding="utf-8")
    rep = check.check_text(text, "tex", f"{stem}.tex")
    wrong = [(e.line, e.message) for e in rep.equations if e.status == "wrong"]
    assert rep.error is None and not wrong
    assert rep.equations
