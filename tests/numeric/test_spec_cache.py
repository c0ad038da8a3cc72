"""The geometry of a call is checked once per distinct arguments (:func:`convproof.numeric.args.conv_spec`
caches specs by the ``repr`` of its arguments): a value equal to a cached one but refused, or read
otherwise, never gets the cached spec."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.mark.parametrize("value", [1, True, 1.0, 1.5, np.int64(1), np.float64(1.0), "1", [1], (1,), None, -1])
@pytest.mark.parametrize("arg", ["stride", "padding", "dilation", "groups"])
def test_the_spec_cache_serves_exactly_what_a_fresh_check_gives(arg, value):
    """A spec is cached by the repr of the arguments: a value equal to a cached one (``True == 1.0 == 1``)
    but refused, or read otherwise, gets its own fresh check."""
    from convproof.errors import ConvProofError
    from convproof.numeric import args as args_mod

    base = dict(stride=1, padding=1, dilation=1, groups=1)

    def outcome():
        try:
            return repr(args_mod.conv_spec((1, 2, 5), (2, 2, 3), **dict(base, **{arg: value})))
        except ConvProofError as exc:
            return f"refused: {exc}"

    args_mod._SPECS.clear()
    fresh = outcome()
    args_mod._SPECS.clear()
    args_mod.conv_spec((1, 2, 5), (2, 2, 3), **base)   # the plain ints cached first
    assert outcome() == fresh
    assert outcome() == fresh                           # and served from the cache the second time
