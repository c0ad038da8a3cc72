"""Stated convolution matrices checked against the parameters the document states elsewhere
(:mod:`convproof.check.statedconv`): correct variants hold, planted errors are found, and a
matrix whose parameters the document does not state stays unchecked."""

from __future__ import annotations

import pytest

from convproof.check.document import check_text
from convproof.check.statedconv import stated_padding, stated_stride

KERNEL = r"$$\mathbf{f} = \begin{bmatrix} f_1 \\ f_2 \\ f_3 \end{bmatrix}, \quad \mathbf{y} = \begin{bmatrix} y_1 \\ y_2 \\ y_3 \\ y_4 \\ y_5 \end{bmatrix}$$"


def _doc(prose: str, rows: list[str]) -> str:
    mat = r" \\ ".join(rows)
    return ("## 5.1 Toeplitz\n\n" + KERNEL + "\n\n" + prose + "\n\n"
            + r"$$\mathbf{T} = \begin{bmatrix} " + mat + r" \end{bmatrix}$$" + "\n")


def _result(text: str):
    rep = check_text(text, "md", "x.md")
    return [e for e in rep.equations if e.line == text.count("\n")][0]


VALID = ["f_1 & f_2 & f_3 & 0 & 0", "0 & f_1 & f_2 & f_3 & 0", "0 & 0 & f_1 & f_2 & f_3"]
SAME_PADDED = ["f_1 & f_2 & f_3 & 0 & 0 & 0 & 0", "0 & f_1 & f_2 & f_3 & 0 & 0 & 0",
               "0 & 0 & f_1 & f_2 & f_3 & 0 & 0", "0 & 0 & 0 & f_1 & f_2 & f_3 & 0",
               "0 & 0 & 0 & 0 & f_1 & f_2 & f_3"]
SAME = ["f_2 & f_3 & 0 & 0 & 0", "f_1 & f_2 & f_3 & 0 & 0", "0 & f_1 & f_2 & f_3 & 0",
        "0 & 0 & f_1 & f_2 & f_3", "0 & 0 & 0 & f_1 & f_2"]
STRIDE2 = ["f_1 & f_2 & f_3 & 0 & 0 & 0 & 0", "0 & 0 & f_1 & f_2 & f_3 & 0 & 0",
           "0 & 0 & 0 & 0 & f_1 & f_2 & f_3"]
FLIPPED = ["f_3 & f_2 & f_1 & 0 & 0", "0 & f_3 & f_2 & f_1 & 0", "0 & 0 & f_3 & f_2 & f_1"]


@pytest.mark.parametrize("prose, rows, conv", [
    ("Stride = 1, padding = 0:", VALID, "cross-correlation"),
    ("With stride=1 and padding=same, on the padded input:", SAME_PADDED, "cross-correlation"),
    ("With stride=1 and padding=same:", SAME, "cross-correlation"),
    ("Now the stride (шаг свертки) равен 2 and padding=same:", STRIDE2, "cross-correlation"),
    ("Stride = 1, padding = valid:", FLIPPED, "flipped kernel"),
], ids=["valid", "same-padded-input", "same", "stride-2-russian", "flipped"])
def test_correct_matrices_hold(prose, rows, conv):
    res = _result(_doc(prose, rows))
    assert res.status == "holds", res.message
    assert "parameters the document states" in res.message and conv in res.message


@pytest.mark.parametrize("prose, rows, cell, expected", [
    ("Stride = 1, padding = 0:", VALID, (2, 3, "f_3"), "f_2"),
    ("With stride=1 and padding=same:", SAME, (1, 1, "f_1"), "f_2"),
    ("Now the stride (шаг свертки) равен 2 and padding=same:", STRIDE2, (3, 5, "f_2"), "f_1"),
], ids=["valid", "same", "stride-2"])
def test_planted_entry_is_wrong(prose, rows, cell, expected):
    r, c, new = cell
    rows = [row.split(" & ") for row in rows]
    rows[r - 1][c - 1] = new
    res = _result(_doc(prose, [" & ".join(row) for row in rows]))
    assert res.status == "wrong", res.message
    assert res.mismatches[0]["row"] == r and res.mismatches[0]["col"] == c
    assert res.mismatches[0]["expected"].replace("{", "").replace("}", "") == expected


@pytest.mark.parametrize("prose, rows", [
    ("No parameters are stated here.", VALID),           # no stride, no padding
    ("Stride = 2, padding = 0:", VALID),                 # stated stride does not fit the shape
    ("Stride = 1, padding = full:", VALID),              # stated padding does not fit the shape
], ids=["unstated", "stride-mismatch", "padding-mismatch"])
def test_unstated_or_unfitting_parameters_stay_unchecked(prose, rows):
    res = _result(_doc(prose, rows))
    assert res.status == "unchecked", res.message


def test_stride_only_from_the_section():
    text = ("## A\n\nstride = 2\n\n## B\n\n" + KERNEL + "\n\npadding = 0:\n\n"
            + r"$$\mathbf{T} = \begin{bmatrix} " + r" \\ ".join(VALID) + r" \end{bmatrix}$$" + "\n")
    assert _result(text).status == "unchecked"


def test_2d_same_padding_from_the_product_operand():
    y = r"\mathbf{Y} = \begin{bmatrix} y_{11} & y_{12} \\ y_{21} & y_{22} \end{bmatrix}"
    f = r"\mathbf{F} = \begin{bmatrix} f_{11} & f_{12} \\ f_{21} & f_{22} \end{bmatrix}"
    rows = ["f_{11} & f_{12} & f_{21} & f_{22}", "0 & f_{11} & 0 & f_{21}",
            "0 & 0 & f_{11} & f_{12}", "0 & 0 & 0 & f_{11}"]
    body = (r"$$\begin{bmatrix} z_{11} \\ z_{12} \\ z_{21} \\ z_{22} \end{bmatrix} = \begin{bmatrix} "
            + r" \\ ".join(rows) + r" \end{bmatrix} \begin{bmatrix} y_{11} \\ y_{12} \\ y_{21} \\ y_{22} \end{bmatrix}$$")
    text = f"## 2D\n\n$${y}, \\quad {f}$$\n\nstride=1, padding = 0 on the right? no: padding=same\n\n{body}\n"
    # padding same for an even kernel has two conventions: not judged
    assert _result(text).status != "wrong"
    text = text.replace("padding=same", "padding=1").replace("stride=1", "stride=1")
    assert _result(text).status in ("unchecked", "wrong")  # 2x2 kernel, pad 1: a 3x3 output, not 4 rows


def test_readers():
    assert stated_padding("padding=valid ... zero padding=0")[0] == "0"
    assert stated_padding(r"\text{padding}=\text{full}")[0] == "full"
    assert stated_stride("шага равного двум (stride=2)")[0] == 2
    assert stated_stride(r"\text{stride}=1")[0] == 1
    assert stated_padding("no padding here") is None and stated_stride("step") is None


@pytest.mark.parametrize("change", [
    lambda t: t.replace(r"\end{bmatrix}$$", r"\end{bmatrix}^T$$"),        # T = M^T
    lambda t: t.replace(r"\mathbf{T} = \begin", r"\mathbf{T} = 2 \begin"),  # T = 2 M
    lambda t: t.replace(r"\mathbf{T} = \begin", r"\mathbf{T} \neq \begin"),  # another relation
], ids=["transposed", "scaled", "neq"])
def test_only_the_matrix_itself_is_judged(change):
    res = _result(change(_doc("Stride = 1, padding = 0:", VALID)))
    assert res.status != "holds", res.message


ENTRY_DOC = ("## 2D\n\n"
             r"$$\mathbf{Y} = \begin{bmatrix} y_{11} & y_{12} & y_{13} \\ y_{21} & y_{22} & y_{23} \\ y_{31} & y_{32} & y_{33} \end{bmatrix}, \quad "
             r"\mathbf{F} = \begin{bmatrix} f_{11} & f_{12} & f_{13} \\ f_{21} & f_{22} & f_{23} \\ f_{31} & f_{32} & f_{33} \end{bmatrix}$$"
             "\n\nWith padding=same and stride = 1 the result is\n\n"
             r"$$\mathbf{Z} = \begin{bmatrix} z_{11} & z_{12} & z_{13} \\ z_{21} & z_{22} & z_{23} \\ z_{31} & z_{32} & z_{33} \end{bmatrix}.$$"
             "\n\nFor example,\n\n$$BODY$$\n")

CENTER = " + ".join(f"f_{{{i}{j}}}y_{{{i}{j}}}" for i in (1, 2, 3) for j in (1, 2, 3))
CORNER = "f_{22}y_{11} + f_{23}y_{12} + f_{32}y_{21} + f_{33}y_{22}"


@pytest.mark.parametrize("body", [f"z_{{22}} = {CENTER}", f"z_{{11}} = {CORNER}"], ids=["center", "corner"])
def test_entry_written_out_holds(body):
    res = _result(ENTRY_DOC.replace("BODY", body))
    assert res.status == "holds" and "cross-correlation" in res.message, res.message


@pytest.mark.parametrize("body", [
    "z_{22} = " + CENTER.replace("f_{12}y_{12}", "f_{12}y_{13}"),   # one input index off
    "z_{11} = " + CORNER.replace(" + f_{33}y_{22}", ""),            # a term dropped
    "z_{12} = " + CENTER,                                           # the wrong output position
], ids=["index", "dropped", "position"])
def test_entry_planted_errors(body):
    res = _result(ENTRY_DOC.replace("BODY", body))
    assert res.status in ("wrong",) if "z_{12}" not in body else res.status != "holds", res.message


def test_entry_without_stated_padding_is_not_judged():
    text = ENTRY_DOC.replace("padding=same and ", "").replace("BODY", f"z_{{22}} = {CENTER}")
    assert _result(text).status != "holds"
