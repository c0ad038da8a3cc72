"""Seed 004 (CS231n notes, translated): CIFAR-10 and AlexNet arithmetic, via :mod:`convproof.geometry`.

Each entry of :func:`claims` is ``(id, quote, printed, exact)`` where ``exact`` is recomputed with
the geometry layer (``conv_output_size``, ``conv_params``, ``locally_connected_params``) rather
than typed in.  Findings (checked): the seed prints "24 944 параметров (+96 смещений)" where
``96*11*11*3 + 96 = 34 944``; and "(5-3+1)/1+1 = 5", "(5-3+1)/2+1 = 3" for ``W=5, F=3, P=1``,
where the formula ``(W - F + 2P)/S + 1`` gives ``(5-3+2)/S + 1`` (the ``+1`` versions evaluate to 4
and 2.5).  The seed's "?" stands for a lost "x" or "-" sign of the original.
"""

from __future__ import annotations

from fractions import Fraction

from ..geometry import conv_output_size, conv_params, locally_connected_params
from .errata_file import write_main

__all__ = ["claims", "notes", "verdicts", "alexnet_conv1", "im2col_sizes", "to_markdown", "main"]


def alexnet_conv1() -> dict[str, int]:
    """AlexNet conv1: 227x227x3 input, 96 filters 11x11, stride 4, no padding.

    >>> alexnet_conv1()["output"]
    55
    """
    out = conv_output_size(227, 11, 4, 0)
    neurons = out * out * 96
    return {"output": out, "neurons": neurons, "weights_per_neuron": 11 * 11 * 3,
            "params_without_sharing": locally_connected_params(3, 96, 11, out, bias=True),
            "weights_with_sharing": conv_params(3, 96, 11, bias=False),
            "params_with_sharing": conv_params(3, 96, 11, bias=True)}


def im2col_sizes(size: int = 227, kernel: int = 11, stride: int = 4, channels: int = 3,
                 filters: int = 96) -> dict[str, tuple[int, int]]:
    """``X_col`` is ``(k*k*C) x L``, ``W_row`` is ``K x (k*k*C)``, the product ``K x L``.

    >>> im2col_sizes()
    {'X_col': (363, 3025), 'W_row': (96, 363), 'product': (96, 3025)}
    """
    out = conv_output_size(size, kernel, stride, 0)
    rows = kernel * kernel * channels
    return {"X_col": (rows, out * out), "W_row": (filters, rows), "product": (filters, out * out)}


def claims() -> list[tuple[str, str, str, object]]:
    """``(id, quote, printed value, exact value)`` for the arithmetic of seed 004."""
    a, cols = alexnet_conv1(), im2col_sizes()
    return [
        ("cifar.fc_neuron", "32*32*3 ... весом 3 072", "3072", 32 * 32 * 3),
        ("cifar.fc_neuron_200", "[200x200x3] ... будет весить 120 000", "120000", 200 * 200 * 3),
        ("cifar.example1", "5*5*3=75 (+1 параметр смещения)", "75", 5 * 5 * 3),
        ("cifar.example2", "3*3*20 ... 180", "180", 3 * 3 * 20),
        ("size.7x7_s1", "7x7, 3x3, шаг 1, дополнение 0 -> 5x5", "5", conv_output_size(7, 3, 1, 0)),
        ("size.7x7_s2", "с шагом 2 -> 3x3", "3", conv_output_size(7, 3, 2, 0)),
        ("size.1d_s1", "(5-3+1)/1+1 = 5", "5", Fraction(5 - 3 + 1, 1) + 1),
        ("size.1d_s1_formula", "W=5, F=3, P=1, S=1", "5", conv_output_size(5, 3, 1, 1)),
        ("size.1d_s2", "(5-3+1)/2+1 = 3", "3", Fraction(5 - 3 + 1, 2) + 1),
        ("size.1d_s2_formula", "W=5, F=3, P=1, S=2", "3", conv_output_size(5, 3, 2, 1)),
        ("size.1d_s3", "(5-3+2) = 4 не делится на 3", "4", 5 - 3 + 2),
        ("size.demo", "(5-3+2)/2+1 = 3", "3", conv_output_size(5, 3, 2, 1)),
        ("size.numpy", "(11-5)/2+1 = 4", "4", conv_output_size(11, 5, 2, 0)),
        ("alexnet.conv1_output", "(227-11)/4+1 = 55", "55", a["output"]),
        ("alexnet.224", "(224-11)/4+1 не даст целое число", "non-integer", Fraction(224 - 11, 4) + 1),
        ("alexnet.224_pad3", "дополнение нулями 3 дополнительных пикселей", "55", Fraction(224 + 3 - 11, 4) + 1),
        ("alexnet.neurons", "55*55*96 = 290 400", "290400", a["neurons"]),
        ("alexnet.weights_per_neuron", "11*11*3 = 363", "363", a["weights_per_neuron"]),
        ("alexnet.no_sharing", "290400 * 364 = 105 705 600", "105705600", a["params_without_sharing"]),
        ("alexnet.sharing_weights", "96*11*11*3 = 34 848", "34848", a["weights_with_sharing"]),
        ("alexnet.sharing_params", "24 944 параметров (+96 смещений)", "24944", a["params_with_sharing"]),
        ("im2col.x_col", "X_col размера [363x3025]", "363x3025", "x".join(map(str, cols["X_col"]))),
        ("im2col.fields", "55*55 = 3 025", "3025", cols["X_col"][1]),
        ("im2col.w_row", "W_row размера [96x363]", "96x363", "x".join(map(str, cols["W_row"]))),
        ("im2col.product", "[96x3025]", "96x3025", "x".join(map(str, cols["product"]))),
    ]


def notes() -> dict[str, str]:
    """What a wrong row means, computed: which part of the seed's line is wrong."""
    a = alexnet_conv1()
    fix1, fix2 = Fraction(5 - 3 + 2 * 1, 1) + 1, Fraction(5 - 3 + 2 * 1, 2) + 1
    return {
        "size.1d_s1": f"the printed size 5 is right (see size.1d_s1_formula); the expression writes +1 where "
                      f"(W-F+2P)/S+1 has 2P = 2: (5-3+2)/1+1 = {fix1}",
        "size.1d_s2": f"the printed size 3 is right (see size.1d_s2_formula); the expression writes +1 where "
                      f"2P = 2 belongs: (5-3+2)/2+1 = {fix2}",
        "alexnet.sharing_params": f"{a['weights_with_sharing']} weights + 96 biases = {a['params_with_sharing']}",
    }


def verdicts() -> list[tuple[str, str, str, str, str]]:
    """``(id, quote, printed, exact, holds/wrong)``; "non-integer" holds when the exact value is not an int."""
    out = []
    for cid, quote, printed, exact in claims():
        if printed == "non-integer":
            ok = Fraction(exact).denominator != 1
        else:
            ok = str(exact) == printed
        out.append((cid, quote, printed, str(exact), "holds" if ok else "wrong"))
    return out


def to_markdown() -> str:
    """The seed-004 arithmetic as a Markdown table (no file written)."""
    rows = verdicts()
    lines = ["# Seed 004 (CS231n notes): arithmetic recomputed", "",
             "Generated by `python -m convproof.seeds.seed004`; every value recomputed with `convproof.geometry`. "
             "The seed's `?` (a lost `x` or `-`) is written as `x` / `-` in the quotes.", "",
             f"Summary: {sum(r[4] == 'holds' for r in rows)} hold, {sum(r[4] == 'wrong' for r in rows)} wrong.", "",
             "| id | seed | printed | exact | verdict | note |", "|---|---|---|---|---|---|"]
    why = notes()
    lines += [f"| {cid} | {quote} | {printed} | {exact} | {verdict} | {why.get(cid, '')} |"
              for cid, quote, printed, exact, verdict in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``reports/errata/seed004.md`` (or the path given as the only argument)."""
    return write_main(to_markdown, "reports/errata/seed004.md", argv)


if __name__ == "__main__":
    raise SystemExit(main())
