"""Issue 16: a size written a \\times b is a list of dimensions, compared one by one."""

import pytest

from convproof.check import check_text


def run(doc):
    return check_text(doc, "md", "t").equations


@pytest.mark.parametrize("eq, status", [
    (r"(28-5+1) \times (28-5+1) = 12 \times 48", "wrong"),
    (r"(28-5+1) \times (28-5+1) = 48 \times 12", "wrong"),
    (r"(28-5+1) \times (28-5+1) = 24 \times 24", "holds"),
    (r"3 \times 4 = 12", "holds"),
    (r"3 \times 4 = 13", "wrong"),
    (r"2 \times 3 \times 4 = 2 \times 3", "wrong"),   # different lengths: arithmetic 24 != 6
])
def test_dimensions_are_compared_one_by_one(eq, status):
    (e,) = run("$$" + eq + "$$")
    assert e.status == status, e.message


def test_wrong_dimensions_are_named_and_fixed():
    (e,) = run(r"$$(28-5+1) \times (28-5+1) = 12 \times 48$$")
    assert [m["col"] for m in e.mismatches] == [1, 2]
    assert "not multiplied" in e.message and e.fixes


def test_dimensions_with_a_binding_name_it():
    e = run("$$n = 28$$\n\n$$(n - 5 + 1) \\times (n - 5 + 1) = 24 \\times 24$$")[-1]
    assert e.status == "holds" and "n (line 1)" in e.message, e.message
