"""Write the example notebooks (outputs stripped): ``python examples/_make.py``.

The notebooks are the source of truth once written; this script is how they were made and
what re-creates them (without outputs) after an edit here.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def _cells(parts):
    return [new_markdown_cell(text.strip()) if kind == "md" else new_code_cell(text.strip())
            for kind, text in parts]


MATRICES = [
    ("md", r"""
# 1. The matrices of a convolution, in your notation

A 1D convolution with input size 5, kernel 3, stride 2 and padding 1. `Conv` bundles everything
for one layer; in Jupyter it shows itself as the equation it stands for. Every entry below is exact
(SymPy symbols named in lecture notation: `y` input, `f` kernel, `z` output, `g` upstream gradient).
"""),
    ("code", r"""
import numpy as np
import sympy as sp
from IPython.display import Image, Markdown, display

from convproof import ConvSpec
from convproof import symbolic as S

spec = ConvSpec(input_size=5, kernel_size=3, stride=2, padding=1)
c = S.Conv(spec)
c
"""),
    ("md", r"""
## The Toeplitz matrix and im2col

$\operatorname{vec}(z) = T \operatorname{vec}(y)$ on the *unpadded* input: the padding shows as
the missing taps in the first and last rows. im2col lays out one window per column, so that
$z = W \cdot \mathrm{im2col}(y)$.
"""),
    ("code", "c.T"),
    ("code", "c.im2col()"),
    ("code", "c.W * c.im2col()  # the forward output, row by row"),
    ("code", "S.as_sympy(c.z())  # the direct sum: the same"),
    ("md", r"""
## The sparsity picture

Each nonzero of $T$ coloured by the kernel element it holds (the same picture the reports use).
"""),
    ("code", r"""
import tempfile
from pathlib import Path

from convproof.latex.figures import sparsity_png

def sparsity(T, kernel):
    # pattern[i, j] = 0 for a zero, else 1 + the index of the kernel element stored there
    taps = list(np.ravel(kernel))
    index = {s: q + 1 for q, s in enumerate(taps)}
    pattern = np.array([[index.get(T[i, j], 0) for j in range(T.cols)] for i in range(T.rows)])
    path = Path(tempfile.mkdtemp()) / "sparsity.png"
    sparsity_png(pattern, path, labels=[f"${sp.latex(s)}$" for s in taps], xlabel="input", ylabel="output")
    return Image(filename=str(path))

sparsity(c.T, c.f)
"""),
    ("md", "A 2D layer: a 4x4 input and a 2x2 kernel give the block-Toeplitz structure."),
    ("code", r"""
c2 = S.Conv(input_size=(4, 4), kernel_size=(2, 2))
display(c2)
sparsity(c2.T, c2.f)
"""),
    ("md", r"""
## Transposed convolution, three ways

Multiplying by $T^\top$, inserting zeros between the outputs and convolving with the flipped kernel,
and scattering each output back through col2im: three routes written independently, compared exactly.
"""),
    ("code", r"""
routes = {method: S.as_sympy(c.transposed(method)) for method in S.TRANSPOSE_METHODS}
for method, value in routes.items():
    display(Markdown(f"**{method}**"), value)
assert all(v == routes["matrix"] for v in routes.values())
"""),
    ("md", r"""
## Backprop

For $L = \sum g \odot z$: $\partial L/\partial y = T^\top g$ (the transposed convolution of $g$),
$\partial L/\partial f$ is the correlation of $y$ with $g$, and $\partial L/\partial b = \sum g$.
"""),
    ("code", r"""
grads = c.gradients()
dy = S.as_sympy(grads.input)
display(dy, S.as_sympy(grads.weight))
assert dy == c.T.T * sp.Matrix(c.g.ravel())  # dL/dy = T^T g, exactly
"""),
    ("code", "c.prove()  # every route compared exactly, for this spec"),
    ("md", r"""
## In your own notation

Letters, 0- or 1-based indices and a layer label: here $x$ for the input, $w$ for the kernel,
$\delta$ for the upstream gradient, indices from 0, layer $l$.
"""),
    ("code", r"""
mine = S.Notation(input="x", kernel="w", output="a", grad=r"\delta", base=0, layer="l")
cm = S.Conv(spec, notation=mine)
display(cm.T, S.as_sympy(cm.gradients().input))
print(sp.latex(cm.T))  # paste into your notes
"""),
]

IMPLEMENTATION = [
    ("md", r"""
# 2. Checking your own convolution code

`convproof.testing.check_implementation` calls your function the way
`torch.nn.functional.conv1d` would be called (arrays in `N, C, L` layout, `stride`, `padding`,
`dilation`, `groups` keywords), on specs and small integer arrays that Hypothesis draws, and compares
with an exact direct-loop reference. Integers make the comparison exact.

Here is an im2col implementation of a 1D convolution (one group).
"""),
    ("code", r"""
import numpy as np
from convproof.testing import check_implementation

def _pads(padding, span):
    if padding == "valid":
        return 0, 0
    if padding == "same":                # PyTorch's 'same': the extra zero goes at the end
        return span // 2, span - span // 2
    if isinstance(padding, int):
        return padding, padding
    (p,) = padding                       # one entry per spatial dimension: an int or (lo, hi)
    return (p, p) if isinstance(p, int) else tuple(p)

def my_conv1d(input, weight, bias=None, stride=(1,), padding=0, dilation=(1,), groups=1):
    (s,), (d,), k = stride, dilation, weight.shape[-1]
    lo, hi = _pads(padding, d * (k - 1))
    x = np.pad(input, ((0, 0), (0, 0), (lo, hi)))
    n_out = (x.shape[-1] - d * (k - 1) - 1) // s + 1
    windows = np.stack([x[:, :, i * s: i * s + d * (k - 1) + 1: d] for i in range(n_out)], axis=2)
    z = np.einsum("nclk,ock->nol", windows, weight)
    return z if bias is None else z + bias[None, :, None]

check_implementation(my_conv1d, op="conv", dims=1, groups=(1,), max_examples=60)
print("my_conv1d agrees with the reference on every drawn case")
"""),
    ("md", r"""
## A planted bug, and how the failure reads

The classic slip: 'same' padding with an even kernel span puts the extra zero on the wrong side.
The report names the **smallest** failing spec (Hypothesis shrinks it), the call as your function
received it, the inputs, and the first output entry that differs, in lecture notation.
"""),
    ("code", r"""
def _pads_swapped(padding, span):
    if padding == "same":
        return span - span // 2, span // 2  # the bug: the extra zero at the start
    return _pads(padding, span)

def my_conv1d_bug(input, weight, bias=None, stride=(1,), padding=0, dilation=(1,), groups=1):
    (s,), (d,), k = stride, dilation, weight.shape[-1]
    lo, hi = _pads_swapped(padding, d * (k - 1))
    x = np.pad(input, ((0, 0), (0, 0), (lo, hi)))
    n_out = (x.shape[-1] - d * (k - 1) - 1) // s + 1
    windows = np.stack([x[:, :, i * s: i * s + d * (k - 1) + 1: d] for i in range(n_out)], axis=2)
    z = np.einsum("nclk,ock->nol", windows, weight)
    return z if bias is None else z + bias[None, :, None]

try:
    check_implementation(my_conv1d_bug, op="conv", dims=1, groups=(1,), max_examples=60)
except AssertionError as failure:
    print(failure)
"""),
    ("md", r"""
Reading it: the spec line says kernel 2 with `padding (0,1)`: PyTorch's 'same' for an even kernel
pads one zero at the **end**. The call shows `padding='same'`, so the bug is in how 'same' was
turned into pads. The inputs are as small as Hypothesis could make them: one input position, and
only the second kernel tap of the second channel nonzero. The reference pairs that tap with the
padding zero at the end ($z_1 = 0$); the buggy code pairs it with the input ($z_1 = 1$).

## In a test suite

The same call belongs in your tests (it raises `AssertionError`, which pytest reports):

```python
from convproof.testing import check_implementation

def test_my_conv1d():
    check_implementation(my_conv1d, op="conv", dims=1, groups=(1,), max_examples=200)
```

`op` is one of `"conv"`, `"conv_transpose"`, `"conv_grad_input"`, `"conv_grad_weight"`; the spec
space (`strides`, `dilations`, `groups`, `padding` kinds, `max_size`, ...) is that of
`convproof.testing.conv_specs`. Runs are derandomized: the same call finds the same case.
"""),
]

LECTURE = [
    ("md", r"""
# 3. Checking a lecture note

`convproof check notes.md` (or `.tex`) reads every equation of a note and evaluates it. From
Python the same checker is `convproof.check.check_text`; its report shows itself as a table.
Here is a short note with two slips: an arithmetic one and one entry of a convolution matrix.
"""),
    ("code", r"""
from IPython.display import Markdown, display
from convproof.check import apply_fixes, check_text

note = r'''
# Strided convolution

An input of size $n = 5$, kernel $k = 3$, stride $s = 2$ and padding $p = 1$ gives

$$\left\lfloor \frac{5 + 2 \cdot 1 - 3}{2} \right\rfloor + 1 = 4$$

outputs. The convolution matrix on the unpadded input is

$$\mathbf{T} = \begin{bmatrix} f_{2} & f_{3} & 0 & 0 & 0 \\ 0 & f_{1} & f_{2} & f_{3} & 0 \\ 0 & 0 & 0 & f_{2} & f_{2} \end{bmatrix}$$

and for a 2x2 kernel on a 3x3 input there are $2 \cdot 2 = 4$ outputs.
'''

report = check_text(note, "md", "strided.md")
report
"""),
    ("md", r"""
Each statement is `holds` (evaluated and true), `wrong` (evaluated and false: the message says
where) or `unchecked` (not evaluated, with the reason). The wrong matrix entry is reported with its
row and column and the value that fits the rest of the matrix:
"""),
    ("code", r"""
for e in report.equations:
    if e.status == "wrong":
        print(f"line {e.line}: {e.message}")
        for m in e.mismatches:
            print("   ", m)
"""),
    ("md", r"""
## Fixing what it finds

`apply_fixes` writes the expected value into each wrong entry (the command line's `--fix` writes
`NAME.fixed.EXT` beside the file). Check the corrected note again:
"""),
    ("code", r"""
fixed = apply_fixes(note, report.equations)
print(fixed)
again = check_text(fixed, "md", "strided.md")
display(again)
assert not [e for e in again.equations if e.status == "wrong"]
"""),
    ("md", r"""
## From the command line and in CI

```console
$ convproof check notes.md                 # file:line: status message, exit 1 if anything is wrong
$ convproof check notes.md --json          # the JSON report
$ convproof check notes.md --fix           # also write notes.fixed.md
$ convproof check --format github *.md     # GitHub Actions annotations on the lines
$ convproof check --junit check.xml *.tex  # JUnit XML for any CI
```

and as a pre-commit hook (`id: convproof-check`), see the documentation's *Lecture-note
repositories* page.
"""),
]

THEOREMS_NB = [
    ("md", r"""
# 4. Theorems for every size

The other notebooks check one convolution at a time. `convproof.theorems` proves statements for
*all* sizes: the input size $n$, kernel $k$, stride $s$, dilation $d$ and paddings $p_{lo}, p_{hi}$
are symbolic integers, and z3 (an SMT solver) is asked whether any integers satisfying the
hypotheses violate the claim. "No" (`unsat`) is a proof for every size; "yes" comes with a
counterexample; a query z3 cannot decide in its time limit is `unknown`, never proved.
"""),
    ("code", r"""
from IPython.display import Markdown, display

from convproof.theorems import THEOREMS, correct, prove, wrong_variants

t = THEOREMS["size.transposed"]
t  # the statement, with its hypotheses
"""),
    ("code", "prove(t)"),
    ("md", r"""
## Every theorem in the catalogue

Each result shows itself in Jupyter; `.status` is `"proved"`, `"refuted"` or `"unknown"`.
"""),
    ("code", r"""
results = {t.name: prove(t) for t in correct()}
rows = [f"| `{name}` | {r.status} | {THEOREMS[name].title[0]} |" for name, r in results.items()]
display(Markdown("| theorem | verdict | statement |\n|---|---|---|\n" + "\n".join(rows)))
assert all(r.status == "proved" for r in results.values())
"""),
    ("md", r"""
## A wrong formula, refuted

Lecture notes often invert the output size without `output_padding`:
$n = (o-1)s - p_{lo} - p_{hi} + d(k-1) + 1$. z3 finds the smallest sizes where that fails:
"""),
    ("code", r"""
wrong = THEOREMS["size.transposed~no_output_padding"]
r = prove(wrong)
r
"""),
    ("md", r"""
The counterexample is a plain `dict`; confirm it without z3, with the shape arithmetic of
`convproof.geometry` and an actual transposed convolution from `convproof.numeric`:
"""),
    ("code", r"""
import numpy as np
from convproof import numeric
from convproof.geometry import conv_output_size, conv_transpose_output_size

c = r.counterexample
n, k, s, d, p_lo, p_hi = (c[x] for x in ("n", "k", "s", "d", "p_lo", "p_hi"))
o = conv_output_size(n, k, s, p_lo, p_hi, d)
back = conv_transpose_output_size(o, k, s, p_lo, p_hi, d)  # no output_padding
g = np.ones((1, 1, o), dtype=np.int64)
y = numeric.conv_transpose(g, np.ones((1, 1, k), dtype=np.int64), stride=s, padding=[(p_lo, p_hi)], dilation=d)
print(f"n = {n} -> o = {o} -> transposed size {back}; the transposed convolution has length {y.shape[-1]}")
assert back == y.shape[-1] != n
"""),
    ("md", r"""
The fix is in the theorem proved above: `output_padding`
$a = (n + p_{lo} + p_{hi} - d(k-1) - 1) \bmod s$ restores $n$, and $0 \le a < s$:
"""),
    ("code", r"""
a = (n + p_lo + p_hi - d * (k - 1) - 1) % s
y = numeric.conv_transpose(g, np.ones((1, 1, k), dtype=np.int64), stride=s, padding=[(p_lo, p_hi)],
                           output_padding=a, dilation=d)
print(f"a = {a}: the transposed convolution has length {y.shape[-1]}")
assert y.shape[-1] == n
"""),
    ("md", "Every theorem has such a wrong sibling, each refuted with its smallest counterexample:"),
    ("code", r"""
rows = []
for w in wrong_variants():
    out = prove(w)
    cex = ", ".join(f"{key}={value}" for key, value in out.counterexample.items())
    rows.append(f"| `{w.name}` | {out.status} | `{cex}` |")
display(Markdown("| wrong variant | verdict | smallest counterexample |\n|---|---|---|\n" + "\n".join(rows)))
"""),
    ("md", r"""
## Your own size formula

`prove_size_formula` takes a formula written with SymPy symbols and the role of each symbol
(`n`, `k`, `s`, `d`, `p_lo`, `p_hi`; one symbol for both paddings ties them) and proves it equals
the number of window placements for every size, or refutes it. The textbook formula with floor:
"""),
    ("code", r"""
import sympy as sp
from convproof.theorems import prove_size_formula

W, F, P, S = sp.symbols("W F P S", integer=True, positive=True)
roles = {"n": W, "k": F, "p_lo": P, "p_hi": P, "s": S}
formula = sp.floor((W - F + 2 * P) / S) + 1
prove_size_formula(formula, roles, name=str(formula))
"""),
    ("md", r"""
The same written with a ceiling, and the version without floor that many slides show. The
counterexample names the roles: `n` is $W$, `k` is $F$, `p_lo = p_hi` is $P$, `s` is $S$; `count` is
the true number of outputs there.
"""),
    ("code", r"""
ceiling = sp.ceiling((W - F + 2 * P + 1) / S)
display(prove_size_formula(ceiling, roles, name=str(ceiling)))
no_floor = prove_size_formula((W - F + 2 * P) / S + 1, roles, name="(W - F + 2P)/S + 1")
no_floor
"""),
    ("code", r"""
c = no_floor.counterexample
exact = sp.Rational(c["n"] - c["k"] + 2 * c["p_lo"], c["s"]) + 1
print(f"W={c['n']}, F={c['k']}, P={c['p_lo']}, S={c['s']}: (W - F + 2P)/S + 1 = {exact}, "
      f"but the layer has {conv_output_size(c['n'], c['k'], c['s'], c['p_lo'], c['p_hi'])} output(s)")
"""),
    ("md", r"""
## From the command line

```console
$ convproof verify 'theorem.*'      # every theorem as a verify statement (scope: all sizes)
$ convproof report theorems -o out/ --pdf --lang ru   # the report: each theorem in LaTeX, the wrong variants refuted
```
"""),
]

NOTEBOOKS = {"01_matrices.ipynb": MATRICES, "02_check_implementation.ipynb": IMPLEMENTATION,
             "03_check_lecture_note.ipynb": LECTURE, "04_theorems.ipynb": THEOREMS_NB}


def main() -> None:
    for name, parts in NOTEBOOKS.items():
        nb = new_notebook(cells=_cells(parts))
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{Path(name).stem[:2]}-{i:02d}"
        nbformat.write(nb, HERE / name)


if __name__ == "__main__":
    main()
