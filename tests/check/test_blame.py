"""Issue 16, rule 6: blame the mistyped copy of an earlier printed value, not the right result;
--fix leaves ambiguous cases alone."""

import pytest

from convproof.check import apply_fixes, check_text
from convproof.check.blame import mistyped


def check(doc):
    return check_text(doc, "md", "t").equations


@pytest.mark.parametrize("text, original, how", [
    ("0.5202", "0.5022", "transposed digits"),
    ("0.502", "0.5022", "dropped digit"),
    ("0.50222", "0.5022", "doubled digit"),
    ("1.1059059067", "1.105905967", "extra digit"),   # Mazur's walkthrough: an inserted 0, not a doubled digit
    ("0.50122", "0.5022", "extra digit"),
    ("0.5022", "0.5022", None),
    ("0.6022", "0.5022", None),
    ("0.2502", "0.5022", None),
])
def test_mistyped(text, original, how):
    assert mistyped(text, original) == how


def test_transposed_copy_is_blamed_and_fixed_instead_of_the_correct_result():
    doc = "$$a = 0.5022$$\n\n$$b = 0.5202 \\cdot 7 = 3.5154$$\n"
    e = check(doc)[-1]
    assert e.status == "wrong" and "0.5202 looks like 0.5022 (line 1)" in e.message, e.message
    fixed = apply_fixes(doc, [e])
    assert "0.5022 \\cdot 7 = 3.5154" in fixed and "3.6414" not in fixed


def test_ambiguous_blame_is_not_fixed():
    # 0.5202 * 2 = 1.0404, and the stated 1.0044 is itself 1.0404 with two digits transposed
    doc = "$$a = 0.5022$$\n\n$$b = 0.5202 \\cdot 2 = 1.0044$$\n"
    e = check(doc)[-1]
    assert e.status == "wrong" and "ambiguous" in e.message and not e.fixes, e.message


def test_without_an_earlier_copy_the_result_is_fixed():
    doc = "$$b = 0.5202 \\cdot 7 = 3.5154$$\n"
    e = check(doc)[-1]
    assert e.status == "wrong" and e.fixes and e.fixes[0][2] == "3.6414"


def test_failed_chain_names_the_inconsistent_link():
    (e,) = check("$$2 + 3 = 5 = 6 - 2$$")
    assert e.status == "wrong" and "link 2: 1 value differs" in e.message, e.message


@pytest.mark.parametrize("doc, phrase", [
    ("$$2 + 3 = 5$$", "holds exactly"),
    ("$$a + b = b + a$$", "holds as an identity in a, b, for all their values"),
    ("$$\\tanh(0.285) \\approx 0.278$$", "holds to the printed precision"),
    ("$$x = 2$$\n\n$$x^2 = 4$$", "holds exactly (1 value) given bindings x = 2 (line 1)"),
])
def test_holds_says_how(doc, phrase):
    e = check(doc)[-1]
    assert e.status == "holds" and phrase in e.message, e.message
