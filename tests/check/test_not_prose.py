"""Code and comments are not claims: arithmetic in an inline code span (```2 + 2 = 5` is a
classic``), an indented code block or an HTML comment was checked as prose (``wrong``), and math in
an HTML comment (not rendered) was checked as an equation."""

from __future__ import annotations

from convproof.check.document import check_text
from convproof.check.extract import extract, not_prose


def _checked(doc: str) -> list[tuple[int, str]]:
    return [(r.line, r.status) for r in check_text(doc, "md", "doc").equations]


def test_an_inline_code_span_is_not_prose():
    assert _checked("Inline code: `2 + 2 = 5` is a classic; and 2 + 2 = 5 is wrong.\n") == [(1, "wrong")]
    assert len(_checked("Only `3 * 3 = 10` here.\n")) == 0


def test_an_indented_code_block_is_not_prose():
    doc = "Some text.\n\n    x = 3 * 3 = 10\n    y = 2\n\nThen 3 * 3 = 10 in prose.\n"
    assert _checked(doc) == [(6, "wrong")]


def test_a_list_continuation_indented_four_spaces_is_still_read():
    doc = "1. First step\n\n    here 3 * 3 = 10 is claimed\n"
    assert _checked(doc) == [(3, "wrong")]


def test_an_html_comment_is_neither_math_nor_prose():
    doc = "<!-- draft: $2 + 2 = 5$ and 3 * 3 = 10 -->\n\n$$2 + 2 = 4$$\n"
    assert _checked(doc) == [(3, "holds")]
    assert [e.text for e in extract(doc, "md")] == ["2 + 2 = 4"]


def test_not_prose_names_the_ranges():
    doc = "a `b = 1` c\n\n```\nx = 1\n```\n<!-- z -->\n"
    texts = [doc[a:b] for a, b in not_prose(doc, "md")]
    assert texts == ["`b = 1`", "```\nx = 1\n```\n", "<!-- z -->"]
    tex = "a % 2 + 2 = 5\n\\begin{verbatim}3 * 3 = 10\\end{verbatim}\n"
    assert [tex[a:b] for a, b in not_prose(tex, "tex")] == ["% 2 + 2 = 5\n", "\\begin{verbatim}3 * 3 = 10"]
