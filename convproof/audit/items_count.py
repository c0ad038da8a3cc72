r"""Count-formula items of the audit corpus: parameter counts, MACs, receptive fields, right and wrong.

``N = (k^2 C_{in} + 1) C_{out}`` after "number of parameters, with bias", ``\text{MACs} = H_\text{out}
W_\text{out} C_\text{in} k^2 C_\text{out}``, ``r = k_1 + (k_2 - 1) s_1`` after "receptive field".
Each template comes with a Python function of the sizes; the item's truth is decided here, never by
the checker: the function is compared, on every size of a small grid, with plain integer counts
(weights ``C_out C_in k^2`` plus ``C_out`` biases when the prose says so; products ``H W C_in k^2
C_out``; the input positions one output unit reaches, followed layer by layer).
"""

from __future__ import annotations

from itertools import product

from .items import Item

__all__ = ["COUNT_BUILDERS", "count_formula"]

# (target, template, function of the sizes dict, bias stated: True/False/None)
FORMS = [
    ("params", r"(<k>^2 <cin> + 1) <cout>", lambda v: (v["k"] ** 2 * v["cin"] + 1) * v["cout"], True),
    ("params", r"<k>^2 <cin> <cout> + <cout>", lambda v: v["k"] ** 2 * v["cin"] * v["cout"] + v["cout"], True),
    ("params", r"<k>^2 <cin> <cout>", lambda v: v["k"] ** 2 * v["cin"] * v["cout"], False),
    ("params", r"(<k> <cin> + 1) <cout>", lambda v: (v["k"] * v["cin"] + 1) * v["cout"], True),
    ("params", r"<k>^2 <cin> <cout>", lambda v: v["k"] ** 2 * v["cin"] * v["cout"], True),
    ("params", r"(<k>^2 <cin> + 1) <cout>", lambda v: (v["k"] ** 2 * v["cin"] + 1) * v["cout"], False),
    ("params", r"(<k>^2 + 1) <cin> <cout>", lambda v: (v["k"] ** 2 + 1) * v["cin"] * v["cout"], True),
    ("macs", r"<oh> <ow> <cin> <k>^2 <cout>", lambda v: v["oh"] * v["ow"] * v["cin"] * v["k"] ** 2 * v["cout"], None),
    ("macs", r"<oh> <ow> <cin> <k> <cout>", lambda v: v["oh"] * v["ow"] * v["cin"] * v["k"] * v["cout"], None),
    ("macs", r"<oh> <ow> (<cin> + 1) <k>^2 <cout>",
     lambda v: v["oh"] * v["ow"] * (v["cin"] + 1) * v["k"] ** 2 * v["cout"], None),
    ("rf", r"<k1> + (<k2> - 1) <s1>", lambda v: v["k1"] + (v["k2"] - 1) * v["s1"], None),
    ("rf", r"<k1> + (<k2> - 1) <s1> + (<k3> - 1) <s1> <s2>",
     lambda v: v["k1"] + (v["k2"] - 1) * v["s1"] + (v["k3"] - 1) * v["s1"] * v["s2"], None),
    ("rf", r"<k1> + (<k2> - 1) <s2>", lambda v: v["k1"] + (v["k2"] - 1) * v["s2"], None),
    ("rf", r"<k1> + <k2> <s1>", lambda v: v["k1"] + v["k2"] * v["s1"], None),
    ("rf", r"<k1> <s1> + <k2> - 1", lambda v: v["k1"] * v["s1"] + v["k2"] - 1, None),
]
_NAMES = {
    "params": [{"o": "N", "k": "k", "cin": "C_{in}", "cout": "C_{out}"},
               {"o": r"\text{params}", "k": "F", "cin": r"C_\text{in}", "cout": r"C_\text{out}"}],
    "macs": [{"o": r"\text{MACs}", "k": "k", "cin": r"C_\text{in}", "cout": r"C_\text{out}", "oh": r"H_\text{out}",
              "ow": r"W_\text{out}"}],
    "rf": [{"o": "r", **{f"{x}{j}": f"{x}_{j}" for x in "ks" for j in (1, 2, 3)}}],
}
_PROSE = {"params": {True: "Number of parameters of a convolution layer, with bias:",
                     False: "Number of parameters of a convolution layer, without bias:"},
          "macs": {None: "Multiply-accumulate operations of a convolution layer:"},
          "rf": {None: "Receptive field of stacked convolutions, one per layer:"}}


def _receptive(kernels, strides) -> int:
    """Input positions reached from output 0, following ``i_in = s i_out + j`` layer by layer."""
    seen = {0}
    for k, s in reversed(list(zip(kernels, strides))):
        seen = {s * i + j for i in seen for j in range(k)}
    return max(seen) - min(seen) + 1


def _truth(target: str, v: dict, bias):
    if target == "params":
        return v["cout"] * v["cin"] * v["k"] * v["k"] + (v["cout"] if bias else 0)
    if target == "macs":
        return v["oh"] * v["ow"] * v["cin"] * v["k"] * v["k"] * v["cout"]
    depth = 3 if "k3" in v else 2
    return _receptive([v[f"k{j}"] for j in range(1, depth + 1)],
                      [v.get(f"s{j}", 1) for j in range(1, depth + 1)])


def _holds_on_grid(target: str, template: str, func, bias) -> bool:
    used = sorted({r for r in ("k", "cin", "cout", "oh", "ow", "k1", "k2", "k3", "s1", "s2")
                   if f"<{r}>" in template})
    for values in product(range(1, 4), repeat=len(used)):
        v = dict(zip(used, values))
        if func(v) != _truth(target, v, bias):
            return False
    return True


def count_formula(rng, note, error=None, numeric=False) -> Item:
    """A parameter / MAC / receptive-field formula; ``error`` picks a wrong variant."""
    want = error is None
    forms = [f for f in FORMS if _holds_on_grid(f[0], f[1], f[2], f[3]) == want]
    target, template, _, bias = rng.choice(forms)
    names = rng.choice(_NAMES[target])
    body = template
    for role, name in sorted(names.items(), key=lambda x: -len(x[0])):
        body = body.replace(f"<{role}>", name)
    return Item("count-formula", f"{names['o']} = {body}", want, None if want else "value", _PROSE[target][bias])


COUNT_BUILDERS = {"count-formula": count_formula}
