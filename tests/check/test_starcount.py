"""``*`` between sizes the prose names read as multiplication (:mod:`convproof.check.starcount`)."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text

PROSE = ("The input has depth $d_1$, width $w_1$ and height $h_1$, the output depth $d_2$, width $w_2$ "
         "and height $h_2$; the kernel has sizes $w \\times h$. Shared weights: $N_c = d_1 * w * h * d_2$. "
         "Locally connected: $N_{lc} = d_1 * w * h * d_2 * w_2 * h_2$.\n\n")


def _last(claim: str):
    rep = check_text(PROSE + f"The gain is $${claim}$$\n", "md", "x.md")
    return rep.equations[-1]


@pytest.mark.parametrize("claim", [r"\frac{N_{lc}}{N_c} = w_2 * h_2", r"\frac{N_{lc}}{w_2 * h_2} = N_c"])
def test_true_ratios_hold(claim):
    res = _last(claim)
    assert res.status == "holds" and "product of sizes" in res.message, res.message


@pytest.mark.parametrize("claim", [r"\frac{N_{lc}}{N_c} = w_2 * h_2 * d_2", r"\frac{N_{lc}}{N_c} = w_1 * h_2"])
def test_planted_ratios_are_wrong(claim):
    res = _last(claim)
    assert res.status == "wrong", res.message


def test_star_between_signals_is_not_read():
    rep = check_text("Signals $f$ and $g$.\n\n$$(f * g) = g * f * 1$$\n", "md", "x.md")
    assert rep.equations[-1].status != "holds"
    rep = check_text(PROSE + "$$\\frac{N_{lc}}{N_c} = x * y$$\n", "md", "x.md")  # x, y: not sizes
    assert rep.equations[-1].status == "unchecked"


def test_the_latest_definition_is_used_after_a_long_display():
    """A found false alarm (audit corpus): a display longer than 400 characters shifted which '$'
    paired with which, so the second example's N_u was not read and the first example's was used."""
    from convproof.check import check_text
    prose = ("The input layer has depth $d_1$, width $w_1$ and height $h_1$, the output layer depth $d_2$, "
             "width $w_2$ and height $h_2$; the kernel has sizes $w \\times h$. Shared weights: "
             "$N_c = d_1 * w * h * d_2$. Untied weights: $N_u = d_1 * w * h * d_2 * {tail}$.\n\n")
    wide = "$$ " + " + ".join(f"a_{{{i}}}" for i in range(90)) + " = s $$\n\n"
    text = (prose.format(tail="w_1 * h_2") + "$$ \\frac{N_u}{N_c} = w_1 * h_2 $$\n\n" + wide +
            prose.format(tail="w_2") + "$$ \\frac{N_u}{N_c} = w_2 $$\n")
    last = check_text(text, "md", "t.md").equations[-1]
    assert last.status == "holds", last.message
    planted = text.replace("= w_2 $$", "= h_2 $$")
    assert check_text(planted, "md", "t.md").equations[-1].status == "wrong"
