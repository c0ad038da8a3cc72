r"""Grouped and centered index-sum items of the audit corpus (truth from :mod:`.independent_indexmore`).

Grouped: ``Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^{(s-1)M/g+m'} \cdot F_{uv}^{m'k} + b^k``
(the prose says that ``s`` is the group of ``k``) or with ``F_{uv}^{s,m'k'} + b^{s,k'}`` (the prose
states ``k = (s-1)K/g + k'``).  Centered (d2l): ``[\mathbf{H}]_{i, j} = u + \sum_{a = -\Delta}^{\Delta}
\sum_{b = -\Delta}^{\Delta} [\mathbf{V}]_{a, b} [\mathbf{X}]_{i+a, j+b}``, possibly flipped.
A planted error moves the group's channel block, shifts one input index, swaps the kernel's
axes or uses the output count in the input channel.  The truth is the independent judge's
(literal loops against :func:`convproof.numeric.reference.conv`), never the checker's.
"""

from __future__ import annotations

from .independent_indexmore import judge_index_more
from .items import Item

__all__ = ["INDEXMORE_BUILDERS"]

_GROUPED = (r"Y_{ij}^k = \sum_{m'=1}^{M/g} \sum_{u,v=1}^{p,q} X_{i+u-1,j+v-1}^{(s-1)M/g+m'} \cdot "
            r"F_{uv}^{KERN} + b^BIAS")
_FORMS = {"global": ("m'k", "k", "Grouped convolution with g groups, where s is the group of the output channel k:"),
          "per-group": ("s,m'k'", "{s,k'}", "Grouped convolution with g groups; let $k = (s-1)K/g + k'$, then:")}
_G_ERRORS = (("(s-1)M/g", "sM/g"), ("i+u-1", "i+u"), ("F_{uv}", "F_{vu}"), ("(s-1)M/g", "(s-1)K/g"),
             ("j+v-1", "j+v-2"))
_CENTERED = (r"[\mathbf{H}]_{i, j} = u + \sum_{a = -\Delta}^{\Delta} \sum_{b = -\Delta}^{\Delta} "
             r"[\mathbf{V}]_{a, b} [\mathbf{X}]_{i+a, j+b}")
_C_ERRORS = (("{a, b}", "{b, a}"), ("j+b", "j-b"), ("i+a, j+b", "i+a, j+a"))


def grouped(rng, note, error=None, numeric=False) -> Item:
    """One grouped-convolution sum (module docstring)."""
    form = rng.choice(sorted(_FORMS))
    kern, bias, prose = _FORMS[form]
    body = _GROUPED.replace("KERN", kern).replace("BIAS", bias)
    if rng.random() < 0.3:
        body = body.replace(" + b^" + bias, "")
    if error is not None:
        old, new = rng.choice(_G_ERRORS)
        body = body.replace(old, new)
    return Item("index-grouped", body, judge_index_more(body) == "true", error, prose)


def centered(rng, note, error=None, numeric=False) -> Item:
    """One centered sum, kernel indexed from -Delta (module docstring)."""
    body = _CENTERED
    if rng.random() < 0.3:
        body = body.replace("i+a, j+b", "i-a, j-b")
    if rng.random() < 0.3:
        body = body.replace("u + ", "")
    if error is not None:
        old, new = rng.choice(_C_ERRORS)
        body = body.replace(old, new)
    prose = "A convolutional layer whose kernel is indexed from -Delta to Delta:"
    return Item("index-centered", body, judge_index_more(body) == "true", error, prose)


INDEXMORE_BUILDERS = {"index-grouped": grouped, "index-centered": centered}
