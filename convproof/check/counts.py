r"""Worked counts checked against the layer the document describes, not only as arithmetic.

``(5 \cdot 5 + 1) \cdot 16 = 416`` is true arithmetic; as the parameter count of a convolution
layer whose input, stated a few lines earlier, has 6 channels it is wrong: the layer has
``(5 \cdot 5 \cdot 6 + 1) \cdot 16 = 2416`` parameters.  For a statement whose arithmetic holds,
the prose around it is read (:func:`read_layer`): the kernel size (``5 \times 5`` next to
*filter*/*kernel*/*фильтр*/*ядро*), the number of filters (``16 filters``, ``16 фильтров``), the
input channels (``input 14 \times 14 \times 6``, ``6 channels``, ``6 каналов``) and the output
size.  The count is computed from them with :func:`convproof.geometry.conv_params` (parameters)
or :attr:`convproof.geometry.ConvSpec.products` (multiplications, the library's one product
count) -- never recognised.

The verdict turns ``wrong`` only when the layer is unambiguous: one kernel size, one number of
filters and one number of input channels stated in the prose, the statement's own numbers holding
the kernel size and the number of filters (so that it is a count about that layer), and the claim
matching no reading of it (with or without biases; for multiplications, as multiply-adds or as
two operations each); prose that speaks of grouped, depthwise, separable or locally connected
layers is not read as one plain convolution.  A count that omits the input channels is wrong only when the document
states them.  Otherwise the statement keeps its verdict; agreement is named in its message.

>>> from convproof.check.parse import parse_chain
>>> from convproof.check.verdict import StatementResult
>>> prose = "The input to the second layer is 14 x 14 x 6; it has 16 filters of size 5 x 5."
>>> ok = StatementResult("holds", "exact", "holds exactly (1 value)")
>>> r = check_count(parse_chain(r"(5 \cdot 5 + 1) \cdot 16 = 416"), (prose, " parameters."), ok)
>>> r.status, r.message.split(";")[1].strip()[:40]
('wrong', 'as a parameter count of the layer descri')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .nodes import Bin, Name, Num, Pow
from .verdict import StatementResult
from .walk import walk

__all__ = ["Layer", "check_count", "read_layer"]

_KINDS = {
    "params": re.compile(r"парамет|parameters?\b|params\b|weights\b|весов|весами|обучаем", re.I),
    "mults": re.compile(r"умножени|multiplications?\b|multiply|\bMACs?\b|mult-adds", re.I),
}
_TIMES = re.compile(r"\s*(?:x|×|\\times|\*|·|\\cdot)\s*")
_KERNEL_WORDS = r"(?:filters?|kernels?|фильтр\w*|ядр\w*|ядер|свёрт\w*|сверт\w*|conv\w*|receptive field|окн\w*|window)"
_OTHER_KINDS = re.compile(r"group|depthwise|separable|locally connected|unshared|групп|поканальн|глубинн\w* св|"
                          r"раздел[её]нн|локально связ", re.I)
_FILTER_WORDS = r"filters?\b|kernels?\b|фильтр\w*|ядр\w*|ядер"
_FILTERS = re.compile(r"(\d+)\s+(?:filters|kernels|фильтр\w*|ядер|ядра|output channels|выходных каналов|"
                      r"выходных карт|feature maps of the output)", re.I)
_FILTERS_EQ = re.compile(r"(?:number of filters|число фильтров|количество фильтров)\s*(?:=|:|is|равно)?\s*(\d+)", re.I)
_CHANNELS = re.compile(r"(\d+)\s+(?:input channels|channels|каналов|канала|входных карт|input feature maps|"
                       r"feature maps|карт признаков|карты признаков)", re.I)
_DEPTH = re.compile(r"(?:depth|глубин\w*|channels|каналов)\s*(?:of|=|:|—|-|равн\w*)?\s*(\d+)", re.I)
_INPUT = re.compile(r"(?:input|вход\w*|previous layer|предыдущ\w*)[^.;\n]{0,60}?\b(\d+)x(\d+)x(\d+)", re.I)
_OUTPUT = re.compile(r"(?:output|выход\w*)[^.;\n]{0,60}?\b(\d+)x(\d+)x(\d+)", re.I)


@dataclass(frozen=True)
class Layer:
    """What the prose states about one convolution layer (``None``: not stated, or stated twice
    with different values); ``sources`` quotes what was read."""

    kernel: int | None
    in_channels: int | None
    filters: int | None
    out_size: int | None
    sources: tuple


def _plain(text: str) -> str:
    """Prose with its math made plain: ``$14 \\times 14 \\times 6$`` -> ``14x14x6``."""
    text = re.sub(r"\\[,;:! ]|\\(?:left|right|quad|text|mathrm)\b|[${}~]", " ", text)
    text = re.sub(r"(?<=\d)\s*(?:x|×|\\times|\*|·|\\cdot)\s*(?=\d)", "x", text)
    return re.sub(r"[ \t]+", " ", text)


def _one(values: set) -> int | None:
    return values.pop() if len(values) == 1 else None


def read_layer(prose: str) -> Layer:
    """The layer facts stated in ``prose`` (see the module docstring for what is read)."""
    text = _plain(prose)
    extra_channels: set = set()
    kernels = {int(m.group(1)) for m in re.finditer(r"\b(\d+)x(\d+)\b(?!x)", text)
               if m.group(1) == m.group(2) and re.search(_KERNEL_WORDS, text[max(0, m.start() - 60):m.end() + 60], re.I)
               and not re.search(r"\d+x$", text[:m.start()])}
    kernels |= {int(m.group(1)) for m in re.finditer(r"(?:kernel size|размер\w* (?:фильтра|ядра))\s*(?:=|:|is)?\s*(\d+)\b(?!x)",
                                                     text, re.I)}
    for m in re.finditer(r"\b(\d+)x(\d+)x(\d+)\b(?!x)", text):  # filters of size 5x5x6: kernel and depth
        near = text[max(0, m.start() - 25):m.start()]
        if m.group(1) == m.group(2) and re.search(_FILTER_WORDS, near + " " + text[m.end():m.end() + 15], re.I) and \
                not re.search(r"input|output|вход|выход|volume|объ[её]м", near, re.I):
            kernels.add(int(m.group(1)))
            extra_channels.add(int(m.group(3)))
    filters = {int(m.group(1)) for m in _FILTERS.finditer(text)} | {int(m.group(1)) for m in _FILTERS_EQ.finditer(text)}
    ins = [m for m in _INPUT.finditer(text)]
    channels = {int(m.group(3)) for m in ins} | extra_channels
    channels |= {int(m.group(1)) for m in _CHANNELS.finditer(text) if not _is_output(text, m.start())}
    channels |= {int(m.group(1)) for m in _DEPTH.finditer(text) if not _is_output(text, m.start())}
    outs = {int(m.group(1)) for m in _OUTPUT.finditer(text) if m.group(1) == m.group(2)}
    outs |= {int(m.group(1)) for m in re.finditer(r"\b(\d+)x\1x(\d+)\b", text)
             if int(m.group(2)) in filters} - {int(m.group(1)) for m in ins}
    return Layer(_one(kernels), _one(channels), _one(filters), _one(outs),
                 tuple(m.group(0) for m in ins[:2]))


def _is_output(text: str, at: int) -> bool:
    """Whether the words just before ``at`` speak of the output (``выходных``, ``output``)."""
    return bool(re.search(r"(?:output|выход\w*|produces|даёт|дает)[^.;\n]{0,30}$", text[max(0, at - 40):at], re.I))


def _numbers(node) -> list:
    """Integer literals of a side, or ``None`` when it holds anything but numbers and + * ^."""
    out = []
    for n in walk(node):
        if isinstance(n, Num):
            if n.decimals:
                return None
            out.append(int(n.value))
        elif isinstance(n, Bin) and n.op not in ("+", "*"):
            return None
        elif not isinstance(n, (Bin, Num, Pow)):
            return None
    return out


def _claim(chain):
    """``(numbers of the computed side, claimed integer)`` of ``[name =] expr = N``, or ``None``."""
    sides = chain.sides[1:] if isinstance(chain.sides[0], Name) else chain.sides
    if len(sides) < 2 or not isinstance(sides[-1], Num) or sides[-1].decimals:
        return None
    nums = _numbers(sides[0])
    if not nums or len(nums) < 2:
        return None
    return nums, int(sides[-1].value), sides[0]


def _same_paragraph(after: str) -> str:
    """The first 120 characters after the statement, up to the end of its paragraph: the next
    example's kernel or filters must not make the layer described here ambiguous."""
    return after[:120].split("\n\n")[0]


def _kind(around: tuple) -> str | None:
    before, after = around
    near = before[-160:] + " " + _same_paragraph(after)
    found = [k for k, rx in _KINDS.items() if rx.search(near)]
    return found[0] if len(found) == 1 else None


def check_count(chain, around: tuple, result: StatementResult) -> StatementResult | None:
    """``result`` re-judged as a count of the layer the prose describes, or ``None`` (unchanged).

    ``around`` is ``(text before the equation, text after it)``."""
    if result.status != "holds" or not chain.rels or any(r != "=" for r in chain.rels):
        return None
    claim = _claim(chain)
    kind = _kind(around) if claim else None
    if kind is None:
        return None
    nums, claimed, node = claim
    layer = _nearest_layer(around, nums)
    if layer is None:
        return None
    if kind == "params":
        return _params(result, layer, claimed, node)
    return _mults(result, layer, claimed)


def _nearest_layer(around: tuple, nums: list) -> Layer | None:
    """The layer read from the shortest stretch of prose before the statement (400, 800, 1200
    characters, with the rest of its line) that states one kernel size and one number of filters,
    both among the statement's numbers; all its facts come from that one stretch."""
    for width in (400, 800, 1200):
        prose = around[0][-width:] + " " + _same_paragraph(around[1])
        layer = read_layer(prose)
        if layer.kernel is not None and layer.filters is not None:
            if _OTHER_KINDS.search(prose):
                return None  # grouped, depthwise, separable, locally connected: not conv_params' layer
            return layer if layer.kernel in nums and layer.filters in nums else None
    return None


def _describe(layer: Layer) -> str:
    parts = [f"{layer.kernel}x{layer.kernel} kernels", f"{layer.filters} filters"]
    if layer.in_channels is not None:
        parts.insert(1, f"{layer.in_channels} input channels")
    if layer.out_size is not None:
        parts.append(f"output {layer.out_size}x{layer.out_size}")
    return ", ".join(parts)


def _params(result, layer: Layer, claimed: int, node) -> StatementResult | None:
    from ..geometry import conv_params
    if layer.in_channels is None:
        return None  # a count without input channels may mean a single-channel input
    k, cin, cout = layer.kernel, layer.in_channels, layer.filters
    with_bias, without = conv_params(cin, cout, k), conv_params(cin, cout, k, bias=False)
    if claimed in (with_bias, without):
        return _agrees(result, f"agrees with the layer described ({_describe(layer)}): "
                               f"{claimed:,} parameters")
    biased = any(isinstance(n, Bin) and n.op == "+" for n in walk(node))
    expected = with_bias if biased else without
    formula = f"({k}*{k}*{cin} + 1)*{cout}" if biased else f"{k}*{k}*{cin}*{cout}"
    return StatementResult("wrong", "count", f"{result.message}; as a parameter count of the layer described "
                           f"({_describe(layer)}) it is wrong: {formula} = {expected:,} "
                           f"(geometry.conv_params), {expected - claimed:+,} against {claimed:,}")


def _mults(result, layer: Layer, claimed: int) -> StatementResult | None:
    from ..geometry import ConvSpec
    if layer.in_channels is None or layer.out_size is None:
        return None
    k, o = layer.kernel, layer.out_size
    spec = ConvSpec(input_size=(o + k - 1, o + k - 1), kernel_size=(k, k), in_channels=layer.in_channels,
                    out_channels=layer.filters)
    products = spec.products
    if claimed in (products, 2 * products):
        how = "multiply-adds" if claimed == products else "operations (2 per multiply-add)"
        return _agrees(result, f"agrees with the layer described ({_describe(layer)}): {claimed:,} {how}")
    return StatementResult("wrong", "count", f"{result.message}; as the multiplications of the layer described "
                           f"({_describe(layer)}) it is wrong: {o}*{o}*{layer.filters}*{k}*{k}*{layer.in_channels}"
                           f" = {products:,} (ConvSpec.products), {products - claimed:+,} against {claimed:,}")


def _agrees(result: StatementResult, note: str) -> StatementResult:
    return StatementResult(result.status, result.kind, f"{result.message}; {note}", result.mismatches,
                           result.fixes, result.notes)


def check_prose_count(claim: str, around: tuple, result: StatementResult) -> StatementResult | None:
    """:func:`check_count` for an arithmetic claim of the prose (``96*11*11*3 = 34 848 weights``):
    the claim is rewritten as LaTeX (``*``, ``x``, ``×``, ``·`` between numbers as ``\\cdot``, the
    result's thousands separators dropped) and read by the checker's parser."""
    from .parse import ParseError, parse_chain
    lhs, _, rhs = claim.partition("=")
    digits = re.sub(r"[ \u2009\u202f\u00a0?]", "", rhs.strip())
    if result.status != "holds" or not digits.isdigit():
        return None
    latex = re.sub(r"(?<=[\d)\]])\s*[*x×·]\s*(?=[\d(\[])", r" \\cdot ", lhs).replace("[", "(").replace("]", ")")
    try:
        chain = parse_chain(f"{latex} = {digits}")
    except ParseError:
        return None
    return check_count(chain, around, result)
