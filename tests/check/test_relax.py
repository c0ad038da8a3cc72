"""Claims computed from printed (rounded or truncated) decimals: accepted only when reachable."""

from __future__ import annotations

from convproof.check import check_text


def statuses(md: str) -> list[str]:
    return [eq.status for eq in check_text(md, "md", "t.md").equations]


def test_value_reachable_from_the_unrounded_input_is_not_called_wrong():
    # 0.5022 is 0.50225... cut; 3 * 0.50225 = 1.50675 -> 1.5067 is reachable, 1.5066 is what 0.5022 gives
    doc = "$$a = 0.5022$$\n\n$$3 a = 1.5067$$\n"
    assert statuses(doc)[-1] != "wrong"


def test_value_out_of_reach_of_any_rounding_of_the_inputs_is_wrong():
    # y = -0.6043 (rounded or truncated: y in (-0.6044, -0.60425]); (y + 1)^2 is in (0.15650, 0.15658]:
    # 0.1567 cannot come from it (seed 002 lines 531, 548, 561 repeat this value).
    doc = "$$y = -0.6043$$\n\n$$(y + 1)^2 = 0.1567$$\n"
    assert statuses(doc)[-1] == "wrong"
    assert statuses("$$y = -0.6043$$\n\n$$(y + 1)^2 = 0.1566$$\n")[-1] != "wrong"
