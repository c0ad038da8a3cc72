"""A transpose of a matrix environment is applied; only a vector written in a line is turned."""

import pytest

from convproof.check.document import check_text

M = r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"
COL = r"\begin{bmatrix} 1 \\ 1 \end{bmatrix}"
RES = r"\begin{bmatrix} 3 \\ 7 \end{bmatrix}"


def status(doc):
    return check_text(doc, "md", "t").equations[-1].status


def test_the_product_as_written_holds():
    assert status(f"$${M} {COL} = {RES}$$") == "holds"


@pytest.mark.parametrize("doc", [
    f"$${M} {COL}^T = {RES}$$",                       # a transposed operand
    f"$${M} {COL} = {RES}^T$$",                       # a transposed result
    f"$${M}^T {COL} = {RES}^T$$",                     # both transposed
    rf"$${M} {COL}^{{\top}} = {RES}$$",
    f"$$v = {COL}^T$$\n\n$${M} v = {RES}$$",          # through a name
])
def test_a_transposed_matrix_environment_is_never_undone(doc):
    assert status(doc) != "holds"


@pytest.mark.parametrize("doc", [
    f"$${M} [1, 1] = {RES}$$",                        # a vector written in a line
    f"$$x = (1, 1)^T$$\n\n$${M} x = {RES}$$",
    f"$${M} {COL} = [3, 7]$$",
    f"$$[1, 1] {M} = [4, 6]$$",
])
def test_a_vector_written_in_a_line_fits_either_way(doc):
    assert status(doc) == "holds"
