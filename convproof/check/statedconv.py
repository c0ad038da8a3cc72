"""A stated convolution matrix checked against the convolution the document states elsewhere.

:mod:`.conv` reads the convolution parameters off a matrix itself, so an exact match there says
only that the matrix *is* some convolution matrix (circular as a check; the statement stays
``unchecked``).  Here the parameters come from the rest of the document instead:

* the kernel size from the kernel the document defines (``\\mathbf{f} = [f_1, f_2, f_3]^T``, a
  matrix ``F`` of ``f_{ij}``): the most recent visible definition of the matrix's kernel family;
* the input size from the vector the matrix multiplies in the statement (``[z] = T [y]``; in 2D
  its entries must be the row-major entries of a defined matrix ``Y``) or, in 1D, the most recent
  defined vector of plain symbols of another family;
* padding (``padding=0``, ``valid``, ``same``, ``full``) and stride (``stride=2``, ``stride ...
  равен 2``) from the prose of the section before the statement; a section that states no stride
  takes the document's definition of the operation if it moves the kernel one element at a time.

The matrix is then computed from these parameters (:func:`convproof.symbolic.index_map`,
confirmed with :func:`convproof.symbolic.toeplitz`), acting on the input or on the padded input
as the stated matrix's width says, and compared entry by entry: ``holds`` when every entry agrees
(for the cross-correlation or the flipped-kernel convolution: the convention is reported),
``wrong`` with the differing entries when a few differ, ``None`` (nothing added) when a
parameter is not stated or the shapes do not fit.
"""

from __future__ import annotations

import re

import numpy as np
import sympy as sp

from .convindex import Candidate, code_matrix, confirm_symbolic, out_size
from .nodes import Bin, Mat, Name, Num
from .verdict import StatementResult

__all__ = ["check_stated_conv", "stated_padding", "stated_stride"]

_HEADING = re.compile(r"^(?:#{1,6}\s|\\(?:sub)*section\*?\{)", re.M)
_PAD = re.compile(r"(?:padding|дополнени\w*)\s*\}?\s*(?:=|:)\s*(?:\\text\s*\{\s*)?(valid|same|full|\d+)(?![.,]?\d)", re.I)
_WORDS = {"два": 2, "двум": 2, "двух": 2, "two": 2, "один": 1, "одному": 1, "one": 1, "три": 3, "трем": 3,
          "трём": 3, "three": 3}
_STRIDE = re.compile(r"stride\s*\}?\s*(?:\([^()]{0,40}\)\s*)?(?:=|равен|равна|равным|equals?|is|of)\s*"
                     r"(\d+|двум|два|two|one|three|три)(?![.,]?\d)", re.I)
_STRIDE_WORDS = re.compile(r"шаг\w*\s*(?:=|равн\w*)\s*(\d+|двум|два|трем|трём|три|одному|один)\b", re.I)
_UNIT_SHIFT = re.compile(r"сдвигаясь на один элемент|на один элемент за раз|"
                         r"(?:one|a single) (?:element|position|pixel|step) at a time", re.I)
_DILATED = re.compile(r"(?:dilation|дилатаци\w*|разрежени\w*)\s*(?:=|of|равн\w*)?\s*(?!1(?![.,]?\d))\d", re.I)
_SYM = re.compile(r"^(?P<base>[^_^{}]+)_\{(?P<sub>[^{}]*)\}(?:\^\{?(?P<label>[^{}]*)\}?)?$")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _section(text: str, end: int) -> int:
    starts = [m.start() for m in _HEADING.finditer(text, 0, end)]
    return starts[-1] if starts else 0


def stated_padding(prose: str):
    """The last ``padding=...`` of ``prose`` as ``(value, offset)`` or ``None``.

    >>> stated_padding("padding=valid ... zero padding=0:")[0]
    '0'
    """
    found = list(_PAD.finditer(prose))
    return (found[-1].group(1).lower(), found[-1].start()) if found else None


def stated_stride(prose: str):
    """The last stride the prose states as ``(value, offset)`` or ``None``.

    >>> stated_stride("stride (шаг свертки) равен 2. ")[0]
    2
    """
    found = list(_STRIDE.finditer(prose)) + list(_STRIDE_WORDS.finditer(prose))
    if not found:
        return None
    last = max(found, key=lambda m: m.start())
    word = last.group(1).lower()
    return (int(word) if word.isdigit() else _WORDS[word]), last.start()


def _parse_symbol(sym):
    if not isinstance(sym, sp.Symbol):
        return None
    m = _SYM.match(sym.name)
    return (m.group("base"), m.group("label") or None, m.group("sub").replace(",", "")) if m else None


def _grid(value, ndim: int):
    """``(family, base_index)`` when ``value`` is a matrix of plain symbols ``x_{i}`` (1D: a
    vector, indices consecutive from 0 or 1 in order) or ``x_{ij}`` (2D: row-major grid)."""
    if not isinstance(value, sp.MatrixBase) or 0 in value.shape:
        return None
    parsed = [_parse_symbol(e) for e in value]
    if any(p is None for p in parsed) or len({p[:2] for p in parsed}) != 1 or \
            not all(p[2].isdigit() for p in parsed):
        return None
    if ndim == 1:
        if min(value.shape) != 1:
            return None
        idx = [int(p[2]) for p in parsed]
        ok = idx[0] in (0, 1) and idx == list(range(idx[0], idx[0] + len(idx)))
        return (parsed[0][:2], idx[0]) if ok else None
    if any(len(p[2]) != 2 for p in parsed):
        return None
    rows, cols = value.shape
    b = int(parsed[0][2][0])
    want = [f"{r + b}{c + b}" for r in range(rows) for c in range(cols)]
    return (parsed[0][:2], b) if b in (0, 1) and [p[2] for p in parsed] == want else None


def _kernel(env, family, ndim):
    """The latest visible binding of ``family`` (a letter) as an ``ndim``-D grid of entries:
    ``(key, binding, grid)`` or ``None``."""
    best = None
    for key, binding in env.values.items():
        g = _grid(binding.value, ndim)
        if g is None or g[0] != family or binding.element or not env.visible(key):
            continue
        if best is None or binding.line > best[1].line:
            best = (key, binding, g[1])
    return best


def _operand(chain, mat):
    """The matrix multiplying ``mat`` on the right in the statement, if any."""
    from .walk import walk
    for side in chain.sides:
        for node in walk(side):
            if isinstance(node, Bin) and node.op == "*" and node.left is mat and isinstance(node.right, Mat):
                return node.right
    return None


def _input(env, chain, mat, family, ndim):
    """``(name, line, size, base)`` of the input the matrix acts on, or ``None``."""
    operand = _operand(chain, mat)
    keys = None
    if operand is not None:
        if any(len(r) != 1 for r in operand.rows) or not all(isinstance(r[0], Name) for r in operand.rows):
            return None
        keys = [r[0].key for r in operand.rows]
    elif ndim != 1:
        return None
    best = None
    for key, binding in env.values.items():
        g = _grid(binding.value, ndim)
        if g is None or g[0] == family or binding.element or not env.visible(key):
            continue
        if keys is not None and [str(e) for e in binding.value] != keys:
            continue
        if best is None or binding.line > best[1]:
            best = (key, binding.line, tuple(binding.value.shape) if ndim == 2 else (len(binding.value),))
    return best


def _pads(word: str, kernel: tuple):
    if word in ("valid", "0"):
        return [(0, 0)] * len(kernel)
    if word == "same":  # an even kernel has two conventions for the extra row: not judged
        return None if any(k % 2 == 0 for k in kernel) else [((k - 1) // 2,) * 2 for k in kernel]
    if word == "full":
        return [(k - 1, k - 1) for k in kernel]
    return [(int(word), int(word))] * len(kernel)


def _stated_code(mat, family, base, kernel):
    taps = int(np.prod(kernel))
    code = []
    for row in mat.rows:
        out = []
        for cell in row:
            if isinstance(cell, Num) and cell.value == 0:
                out.append(-1)
            elif isinstance(cell, Name) and (cell.base, cell.label) == family and cell.sub and \
                    cell.sub.replace(",", "").isdigit():
                digits = cell.sub.split(",") if "," in cell.sub else list(cell.sub)
                idx = [int(d) - base for d in digits] if len(kernel) > 1 else [int(cell.sub) - base]
                ok = len(idx) == len(kernel) and all(0 <= i < k for i, k in zip(idx, kernel))
                out.append(int(np.ravel_multi_index(idx, kernel)) if ok else -9)
            else:
                return None
        code.append(out)
    if len({len(r) for r in code}) != 1:
        return None
    arr = np.array(code, dtype=np.int64)
    return arr if taps else None


def _params(env, text, start):
    """Padding and stride the section states before ``start``, with where they come from."""
    sec = _section(text, start)
    prose = text[sec:start]
    pad = stated_padding(prose)
    if _DILATED.search(prose):  # a dilated kernel: not this module's (it computes dilation 1)
        return None, None
    stride = stated_stride(prose)
    if stride is not None:
        stride = (stride[0], f"stride {stride[0]} (line {_line(text, sec + stride[1])})")
    else:
        unit = list(_UNIT_SHIFT.finditer(text, 0, start))
        if unit:
            stride = (1, f"stride 1 (the document's definition of the operation moves the kernel "
                         f"one element at a time, line {_line(text, unit[-1].start())})")
    if pad is not None:
        pad = (pad[0], f"padding {pad[0]} (line {_line(text, sec + pad[1])})")
    return pad, stride


def check_stated_conv(chain, env, text: str, start: int, line: int) -> StatementResult | None:
    """Verdict for a convolution matrix stated in ``chain`` against the parameters the document
    states (see the module docstring), or ``None``."""
    from .conv import identify
    mat = _stated_matrix(chain)
    ident = identify(mat) if mat is not None else None
    return _check(mat, ident, chain, env, text, start) if ident is not None else None


def _labels(node) -> bool:
    return isinstance(node, Mat) and all(len(r) == 1 and isinstance(r[0], Name) for r in node.rows)


def _stated_matrix(chain):
    """The matrix of ``Name = M`` or ``[labels] = M [labels]`` (nothing else: ``M^T``, ``2M``,
    a third side or another relation state something else), or ``None``."""
    if len(chain.sides) != 2 or chain.rels[0] not in ("=", ":=") or chain.stopped:
        return None
    left, right = chain.sides
    if isinstance(left, Name) and isinstance(right, Mat):
        return right
    if _labels(left) and isinstance(right, Bin) and right.op == "*" and isinstance(right.left, Mat) \
            and _labels(right.right):
        return right.left
    return None


def _check(mat, ident, chain, env, text, start):
    ndim = len(ident.style[2])
    kern = _kernel(env, ident.family, ndim)
    inp = _input(env, chain, mat, ident.family, ndim)
    pad, stride = _params(env, text, start)
    if kern is None or inp is None or pad is None or stride is None:
        return None
    kernel = tuple(kern[1].value.shape) if ndim == 2 else (len(kern[1].value),)
    n = inp[2]
    pads = _pads(pad[0], kernel)
    if pads is None:
        return None
    code = _stated_code(mat, ident.family, kern[2], kernel)
    if code is None:
        return None
    s = (stride[0],) * ndim
    outs = [out_size(n[a], kernel[a], s[a], *pads[a], 1) for a in range(ndim)]
    if min(outs) <= 0:
        return None
    if code.shape[1] == int(np.prod(n)):
        spec, where = (n, pads), "the input"
    elif code.shape[1] == int(np.prod([n[a] + sum(pads[a]) for a in range(ndim)])):
        spec, where = (tuple(n[a] + sum(pads[a]) for a in range(ndim)), [(0, 0)] * ndim), "the padded input"
    else:
        return None
    if code.shape[0] != int(np.prod(outs)):
        return None
    results = []
    for flipped in (False, True):
        ref = code_matrix(spec[0], kernel, s, spec[1], (1,) * ndim, flipped)
        cand = Candidate(tuple(spec[0]), kernel, s, tuple(tuple(p) for p in spec[1]), (1,) * ndim, flipped)
        if confirm_symbolic(cand, ref) is False:
            return None
        results.append((int((ref != code).sum()), flipped, ref))
    diff, flipped, ref = min(results, key=lambda r: r[0])
    fmt = "x".join
    source = (f"input {fmt(map(str, n))} ({inp[0]}, line {inp[1]}), kernel {fmt(map(str, kernel))} "
              f"({kern[0]}, line {kern[1].line}), {stride[1]}, {pad[1]}")
    conv = "convolution (flipped kernel)" if flipped else "cross-correlation"
    if diff == 0:
        return StatementResult("holds", "convolution", (
            f"the stated matrix equals, entry by entry, the matrix of the {conv} computed by "
            f"convproof.symbolic from the parameters the document states ({source}), acting on {where}"))
    cells = code.size
    if diff > max(2, cells // 20):
        return None
    return _wrong(mat, chain, ref, code, ident, kern[2], kernel, conv, source, where)


def _wrong(mat, chain, ref, code, ident, base, kernel, conv, source, where):
    mism, fixes = [], []
    for r, c in np.argwhere(ref != code):
        tap = int(ref[r, c])
        if tap >= 0:
            idx = [i + base for i in np.unravel_index(tap, kernel)]
            sub = "".join(map(str, idx))
            expected = f"{ident.family[0]}_{{{sub}}}" + (f"^{{{ident.family[1]}}}" if ident.family[1] else "")
        else:
            expected = "0"
        span = mat.cell_spans[r][c]
        mism.append({"row": int(r) + 1, "col": int(c) + 1, "claimed": chain.source[span[0]:span[1]],
                     "expected": expected})
        fixes.append((span[0], span[1], expected))
    n = len(mism)
    return StatementResult("wrong", "convolution", (
        f"{n} {'entry differs' if n == 1 else 'entries differ'} from the matrix of the {conv} computed by "
        f"convproof.symbolic from the parameters the document states ({source}), acting on {where}"),
        mism, fixes)
