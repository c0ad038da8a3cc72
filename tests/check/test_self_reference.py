"""``f(x) = f(-x)`` states a property of f (it is even), it does not define f: it was recorded as
f's definition, and every later use of f recursed ("function definitions nested too deeply")."""

from __future__ import annotations

from convproof.check.document import check_text


def _statuses(doc: str) -> list[str]:
    return [r.status for r in check_text(doc, "md", "doc").equations]


def test_a_property_of_a_defined_function_is_checked():
    doc = "$$f(x) = x^2$$\n\n$$f(x) = f(-x)$$\n\n$$f'''(x) = 1$$\n\n$$f(3) = 9$$\n"
    assert _statuses(doc) == ["unchecked", "holds", "wrong", "holds"]


def test_a_false_property_is_wrong():
    doc = "$$f(x) = x^3$$\n\n$$f(x) = f(-x)$$\n"
    assert _statuses(doc)[1] in ("wrong", "unchecked")
    assert _statuses(doc)[1] != "holds"


def test_a_property_of_an_undefined_function_is_not_a_definition():
    doc = "$$g(x) = g(-x)$$\n\n$$g(2) = 5$$\n"
    assert _statuses(doc) == ["unchecked", "unchecked"]
