"""Kernel gradient entries (convproof.check.gradentries): evaluated against the stated spec."""

import pytest

from convproof.check.document import check_text
from convproof.check.gradentries import read_conv_prose

EN = ("Gradient of L by the kernel, where z = f * y is the cross-correlation with n={n}, k={k}, "
      "stride {s}, dilation {d}, padding ({pl}, {ph}) and g_i = dL/dz_i.")
RU = ("Градиент L по ядру, где z = f * y -- взаимная корреляция с n={n}, k={k}, шаг {s}, "
      "дилатация {d}, дополнение ({pl}, {ph}), и g_i = dL/dz_i.")


def _truth(n, k, s, d, pl, ph, base):
    """dL/df_t by the definition z_i = sum_t f_t y_{s i + d t - pl}, counted term by term."""
    out = (n + pl + ph - d * (k - 1) - 1) // s + 1
    rows = []
    for t in range(k):
        terms = [f"y_{{{s * i + d * t - pl + base}}} g_{{{i + base}}}" for i in range(out)
                 if 0 <= s * i + d * t - pl < n]
        rows.append(" + ".join(terms) or "0")
    return rows


def _doc(prose, rows, base, flipped_rows=None):
    lines = [f"\\frac{{\\partial L}}{{\\partial f_{{{t + base}}}}} &= {r}" for t, r in enumerate(rows)]
    return prose + "\n\n$$ \\begin{aligned} " + " \\\\ ".join(lines) + " \\end{aligned} $$\n"


def _statuses(text):
    rep = check_text(text, "md", "g.md", prose=False)
    return [(e.status, e.message) for e in rep.equations if e.kind == "gradient-entries"]


CASES = [  # n, k, s, d, pl, ph, base, prose
    (4, 3, 1, 1, 0, 0, 1, EN), (4, 3, 1, 1, 0, 0, 0, EN), (7, 2, 2, 1, 1, 1, 1, EN),
    (7, 3, 1, 2, 0, 0, 0, EN), (4, 3, 1, 1, 2, 2, 1, RU), (6, 2, 2, 1, 1, 0, 0, RU), (5, 2, 3, 2, 1, 2, 1, RU),
]


@pytest.mark.parametrize("n,k,s,d,pl,ph,base,prose", CASES)
def test_true_statements_hold(n, k, s, d, pl, ph, base, prose):
    rows = _truth(n, k, s, d, pl, ph, base)
    got = _statuses(_doc(prose.format(n=n, k=k, s=s, d=d, pl=pl, ph=ph), rows, base))
    assert len(got) == k and all(st == "holds" for st, _ in got), got
    assert "given the spec stated in the text (line 1)" in got[0][1]


@pytest.mark.parametrize("n,k,s,d,pl,ph,base,prose", CASES)
@pytest.mark.parametrize("error", ["entry", "drop", "add", "shift"])
def test_planted_errors_are_wrong(n, k, s, d, pl, ph, base, prose, error):
    rows = _truth(n, k, s, d, pl, ph, base)
    j, bad = 0, None
    for j, row in enumerate(rows):
        terms = row.split(" + ")
        bad = _plant(error, terms, n, base)
        if bad and " + ".join(bad) != row:
            break
    else:
        pytest.skip("no such change in this display")
    rows[j] = " + ".join(bad)
    got = _statuses(_doc(prose.format(n=n, k=k, s=s, d=d, pl=pl, ph=ph), rows, base))
    assert got[j][0] == "wrong", got[j]
    assert "the exact kernel gradient is" in got[j][1]
    assert all(st == "holds" for i, (st, _) in enumerate(got) if i != j)


def _plant(error, terms, n, base):
    """One planted change of a row's terms (``None`` when it does not apply)."""
    if error == "entry":  # the g factor of the last term replaced by the first term's
        return terms[:-1] + [terms[-1].split(" ")[0] + " " + terms[0].split(" ")[1]] if len(terms) > 1 else None
    if error == "drop":
        return terms[:-1] if len(terms) > 1 else None
    if error == "add":
        return terms + [terms[0]]
    ys = [int(t.split("}")[0][3:]) for t in terms]  # every y index moved by one, kept in range
    step = 1 if max(ys) + 1 <= n - 1 + base else -1 if min(ys) - 1 >= base else 0
    return [f"y_{{{y + step}}} {t.split(' ')[1]}" for y, t in zip(ys, terms)] if step else None


def test_wrong_carries_fix():
    prose = EN.format(n=4, k=2, s=1, d=1, pl=0, ph=0)
    text = _doc(prose, ["y_{1} g_{1} + y_{2} g_{2}", "y_{2} g_{1} + y_{3} g_{2} + y_{4} g_{3}"], 1)
    rep = check_text(text, "md", "g.md", prose=False)
    bad = [e for e in rep.equations if e.status == "wrong"]
    assert len(bad) == 1 and bad[0].fixes
    fixed = check_text(bad[0].corrected(text).join([text[:bad[0].span[0]], text[bad[0].span[1]:]]),
                       "md", "g.md", prose=False)
    assert [e.status for e in fixed.equations if e.kind == "gradient-entries"] == ["holds", "holds"]


def test_true_convolution_uses_flipped_kernel():
    rows = _truth(4, 3, 1, 1, 0, 0, 1)
    prose = "z = f * y is the true convolution (flipped kernel), n=4, k=3, stride 1, no padding; g = dL/dz."
    got = _statuses(_doc(prose, list(reversed(rows)), 1))
    assert [st for st, _ in got] == ["holds"] * 3
    got = _statuses(_doc(prose, rows, 1))
    assert [st for st, _ in got] == ["wrong", "holds", "wrong"]


UNREAD = [
    ("no spec", "Gradient of L by the kernel, g_i = dL/dz_i.", None),
    ("no n", "z = f * y is the cross-correlation with k=3, stride 1 and g_i = dL/dz_i.", "no input size"),
    ("flip unknown", "z = f * y is the convolution with n=4, k=3, stride 1, padding 0 and g = dL/dz.",
     "flipped"),
    ("two strides", "z = f * y, cross-correlation, n=4, k=3, stride 1 (or stride 2), padding 0, g = dL/dz.",
     "stride"),
    ("other kernel", "z = w * y is the cross-correlation, n=4, k=3, stride 1, padding 0, g = dL/dz.",
     "do not fit"),
]


@pytest.mark.parametrize("name,prose,why", UNREAD, ids=[u[0] for u in UNREAD])
def test_unread_prose_stays_unchecked(name, prose, why):
    rep = check_text(_doc(prose, _truth(4, 3, 1, 1, 0, 0, 1), 1), "md", "g.md", prose=False)
    eqs = [e for e in rep.equations if "partial L" in e.message or e.kind == "gradient-entries"]
    assert eqs and all(e.status == "unchecked" for e in eqs)
    if why:
        assert all(why in e.message for e in eqs), [e.message for e in eqs]


def test_ambiguous_base_stays_unchecked():
    prose = EN.format(n=6, k=3, s=1, d=1, pl=0, ph=0)
    one = "y_{2} g_{2} + y_{3} g_{3}"  # neither an index 0 nor a top index (y_6, g_4, f_3)
    got = _statuses(prose + f"\n\n$$ \\frac{{\\partial L}}{{\\partial f_{{2}}}} = {one} $$\n")
    assert got and got[0][0] == "unchecked" and "index base" in got[0][1]


def test_index_outside_range_stays_unchecked():
    prose = EN.format(n=4, k=3, s=1, d=1, pl=0, ph=0)
    rows = _truth(4, 3, 1, 1, 0, 0, 1)
    rows[0] += " + y_{7} g_{1}"
    got = _statuses(_doc(prose, rows, 1))
    assert got[0][0] == "unchecked" and "y_{7}" in got[0][1] and "in range" in got[0][1]


def test_read_conv_prose_ru_and_en():
    r = read_conv_prose(RU.format(n=5, k=2, s=3, d=2, pl=1, ph=2), "L", "f")
    assert (r["n"], r["k"], r["stride"], r["dilation"], r["padding"], r["flipped"]) == (5, 2, 3, 2, (1, 2), False)
    assert isinstance(read_conv_prose("z = f * y, n=4, k=3 (g = dL/dz)", "L", "f"), str)


@pytest.mark.parametrize("prose,flipped", [
    ("z = f * y, the convolution without flipping the kernel, n=4, k=3, stride 1, padding 0, g = dL/dz", False),
    ("z = f * y, the convolution with the flipped kernel, n=4, k=3, stride 1, padding 0, g = dL/dz", True),
    ("z = f * y, свёртка без переворачивания ядра, n=4, k=3, шаг 1, дополнение 0, g = dL/dz", False),
    ("z = f * y, свёртка с перевёрнутым ядром, n=4, k=3, шаг 1, дополнение 0, g = dL/dz", True),
    ("z = f * y, cross-correlation (no flip) or true convolution, n=4, k=3, stride 1, padding 0, g = dL/dz", None),
    ("z = f * y, correlation, no padding, n=4, k=3, stride 1, padding 1, g = dL/dz", None),
])
def test_read_conv_prose_flip_words(prose, flipped):
    r = read_conv_prose(prose, "L", "f")
    assert (isinstance(r, str) if flipped is None else r["flipped"] is flipped), r


def test_numbers_on_the_right_stay_unchecked():
    prose = EN.format(n=4, k=3, s=1, d=1, pl=0, ph=0)
    text = _doc(prose, ["10", "y_{2} g_{1} + y_{3} g_{2}", "2 y_{3} g_{1}"], 1)
    got = _statuses(text)
    assert [st for st, _ in got] == ["unchecked", "holds", "unchecked"], got
    assert "the number 10" in got[0][1] and "the number 2" in got[2][1]
