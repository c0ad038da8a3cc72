"""Escaping user text: every TeX special character prints literally."""

import pytest

from convproof.latex.escape import escape_text


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"),
    ("a_b", r"a\_b"),
    ("100%", r"100\%"),
    ("{x}", r"\{x\}"),
    (r"\input{/etc/passwd}", r"\textbackslash{}input\{/etc/passwd\}"),
    ("$x^2$", r"\$x\textasciicircum{}2\$"),
    ("a~b", r"a\textasciitilde{}b"),
    ("#&", r"\#\&"),
    ("line\nbreak", "line break"),
    ("bell\x07", "bell"),
    ("свёртка", "свёртка"),
])
def test_escape(text, expected):
    assert escape_text(text) == expected


def test_no_unescaped_specials_survive():
    nasty = "".join(chr(c) for c in range(32, 127))
    out = escape_text(nasty)
    stripped = out
    for cmd in (r"\textbackslash{}", r"\textasciitilde{}", r"\textasciicircum{}", r"\textless{}",
                r"\textgreater{}", r"\textbar{}"):
        stripped = stripped.replace(cmd, "")
    for ch in "{}$&%#_":
        stripped = stripped.replace("\\" + ch, "")
    assert not set(stripped) & set("\\{}$&%#_^~")


@pytest.mark.parametrize("text, lang, ok", [
    ("Plain $x$ & 50%", "en", True), ("Café – naïve «x» №1", "en", True), ("Свёртка", "en", False),
    ("Свёртка – «слой»", "ru", True), ("Þorn", "ru", False), ("→", "en", False), ("emoji 🙂", "ru", False),
])
def test_titles_are_checked_against_what_the_document_typesets(text, lang, ok):
    from convproof.errors import ConvProofError
    from convproof.latex.escape import check_title

    if ok:
        assert check_title(text, lang) == text
    else:
        with pytest.raises(ConvProofError, match=r"^title=.*cannot typeset"):
            check_title(text, lang)
