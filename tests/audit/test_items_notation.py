"""Audit corpus items for notation and counts (audit/items_notation.py) and their independent
judge (audit/independent_notation.py): each item, correct and planted, gets the truth it was built with."""

from convproof.check import check_text


def test_audit_items_for_notation_and_counts_are_judged_as_generated():
    import random

    from convproof.audit.independent_notation import judge_notation
    from convproof.audit.items_notation import NOTATION_BUILDERS
    from convproof.audit.notation import ItemStyle
    rng = random.Random(5)
    for kind, build in NOTATION_BUILDERS.items():
        for error in (None, "entry"):
            item = build(rng, ItemStyle(), error)
            text = item.prose + "\n\nWe obtain:\n\n" + (
                "$$\\begin{aligned}\n" + item.body + "\n\\end{aligned}$$" if item.multiline else f"$$ {item.body} $$")
            statuses = [e.status for e in check_text(text, "md", "x.md").equations]
            assert ("wrong" in statuses) == (not item.true), (kind, item.body)
            verdict = judge_notation(item.body)
            if verdict is not None:
                assert verdict == ("true" if item.true else "false"), (kind, item.body)
