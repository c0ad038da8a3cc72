"""Correct documents written in many styles: none may be flagged wrong.  Malformed input:
per-equation unchecked, never a crash or a hang."""

import time

import pytest

from convproof.check.document import check_text

CORRECT = {
    "tex-equation": r"""
\documentclass{article}
\begin{document}
% a comment with a wrong equation: $2 + 2 = 5$
\begin{equation}\label{eq:size}
  W_{\text{out}} = \left\lfloor \frac{7 + 2 \cdot 1 - 3}{2} \right\rfloor + 1 = 4
\end{equation}
\begin{align}
  a &= 2 \times 3 \\
    &= 6 \nonumber
\end{align}
\begin{verbatim} $$ 1 = 2 $$ \end{verbatim}
Price: \$5 and \$6.
\[ \mathbf{T} = \begin{pmatrix} f_1 & f_2 & 0 \\ 0 & f_1 & f_2 \end{pmatrix} \]
\[ \mathbf{T} \begin{pmatrix} y_1 \\ y_2 \\ y_3 \end{pmatrix}
   = \begin{pmatrix} f_1 y_1 + f_2 y_2 \\ f_1 y_2 + f_2 y_3 \end{pmatrix} \]
\end{document}
""",
    "md-dense": r"""
# Dense layer

$$W = \begin{bmatrix} 0.15 & -0.7 \\ 0.02 & 0.81 \\ 1.1 & -0.24 \end{bmatrix} \quad b = \begin{bmatrix} 0 \\ -0.3 \\ 0.14 \end{bmatrix} \quad x = \begin{bmatrix} 0.5 \\ -0.3 \end{bmatrix}$$

$$Wx + b = \begin{bmatrix} 0.15 & -0.7 \\ 0.02 & 0.81 \\ 1.1 & -0.24 \end{bmatrix} \cdot \begin{bmatrix} 0.5 \\ -0.3 \end{bmatrix} + \begin{bmatrix} 0 \\ -0.3 \\ 0.14 \end{bmatrix} = \begin{bmatrix} 0.285 \\ -0.533 \\ 0.762 \end{bmatrix}$$

$$\begin{bmatrix} \tanh(0.285) \\ \tanh(-0.533) \\ \tanh(0.762) \end{bmatrix} \approx \begin{bmatrix} 0.278 \\ -0.488 \\ 0.642 \end{bmatrix}$$

```python
# code is not mathematics: $$ 1 = 3 $$
```
""",
    "md-gradient-descent": r"""
Find the minimum of $f(x) = x^2 - 2$; start at $x_0 = 3$ with $\alpha = 0.4$; $\nabla f(x) = 2x$.

$$x_1 = x_0 - \alpha \cdot \nabla f(x_0) = 3 - 0.4 \cdot 2 \cdot 3 = 0.6, f(x_1) = -1.64$$
$$x_2 = x_1 - \alpha \cdot \nabla f(x_1) = 0.6 - 0.4 \cdot 2 \cdot 0.6 = 0.12, f(x_2) = -1.9856$$
$$x_3 = x_2 - \alpha \cdot \nabla f(x_2) = 0.12 - 0.4 \cdot 2 \cdot 0.12 = 0.024, f(x_3) \approx -1.9994$$
""",
    "md-activations": r"""
$\sigma(0) = \frac{1}{1 + e^{0}} = 0.5$, $\text{ReLU}(-1.5) = \max(0, -1.5) = 0$,
$\tanh(0) = 0$, $\exp(\ln(2)) = 2$, $\sqrt{2} \approx 1.414$, $\sqrt{2} \approx 1.4142$.
$$\text{softmax}(\begin{bmatrix} 0 \\ 0 \end{bmatrix}) = \begin{bmatrix} 0.5 \\ 0.5 \end{bmatrix}$$
$$e^{1} \approx 2.718, \quad \ln(e) = 1, \quad \frac{3}{4} = 0.75 \quad (3)$$
""",
    "md-definitions": r"""
$$\mathbf{T} := \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}, \quad \mathbf{y} \equiv \begin{bmatrix} 1 \\ -1 \end{bmatrix}$$
$$\mathbf{T}\mathbf{y} = \begin{bmatrix} -1 \\ -1 \end{bmatrix}, \quad \mathbf{y}^T \mathbf{y} = 2, \quad \mathbf{T}^T \mathbf{y} = \begin{bmatrix} -2 \\ -2 \end{bmatrix}$$
$$\begin{vmatrix} 1 & 2 \\ 3 & 4 \end{vmatrix} = -2$$
$$N_{conv} = MKpq + K = (Mpq + 1)K$$
$$(a + b)^2 = a^2 + 2ab + b^2$$
$$H_{out} = \left\lfloor \frac{H_{in} + 6 - 3}{2} \right\rfloor + 1 = \left\lfloor \frac{H_{in} + 3}{2} \right\rfloor + 1$$
""",
    "md-conv-2d": r"""
$$\begin{bmatrix} z_{11} \\ z_{12} \\ z_{21} \\ z_{22} \end{bmatrix} = \begin{bmatrix} f_{11} & f_{12} & 0 & f_{21} & f_{22} & 0 & 0 & 0 & 0 \\ 0 & f_{11} & f_{12} & 0 & f_{21} & f_{22} & 0 & 0 & 0 \\ 0 & 0 & 0 & f_{11} & f_{12} & 0 & f_{21} & f_{22} & 0 \\ 0 & 0 & 0 & 0 & f_{11} & f_{12} & 0 & f_{21} & f_{22} \end{bmatrix} \begin{bmatrix} y_{11} \\ y_{12} \\ y_{13} \\ y_{21} \\ y_{22} \\ y_{23} \\ y_{31} \\ y_{32} \\ y_{33} \end{bmatrix}$$
$$\mathbf{y}^{(l)} = \left[ \begin{array}{cc} f_1 & 0 \\ f_2 & f_1 \\ 0 & f_2 \end{array} \right] \begin{bmatrix} z_1 \\ z_2 \end{bmatrix} = \begin{bmatrix} f_1 z_1 \\ f_2 z_1 + f_1 z_2 \\ f_2 z_2 \end{bmatrix}$$
""",
    "md-backprop": r"""
$x = [2.0, -0.5]$, $w = [1.0, 3.0]$, $b = -1.2$, $\eta = 0.7$.
$$v_1 = x_1 \cdot w_1 = 2.0 \cdot 1.0 = 2.0$$
$$v_2 = x_2 \cdot w_2 = -1.5$$
$$v_4 = v_1 + v_2 + b = -0.7$$
$$y = \tanh(v_4) = \tanh(-0.7) \approx -0.604$$
$$\frac{\partial y}{\partial v_4} = 1 - \tanh^2(-0.7) = \tanh'(-0.7) \approx 0.635$$
$$\frac{\partial L}{\partial w_1} = 0.5 \cdot 2 = 1.0, \quad w_1 = w_1 - \eta \cdot \frac{\partial L}{\partial w_1} = 0.3$$
""",
}


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_documents_are_never_flagged(name):
    fmt = "tex" if name.startswith("tex") else "md"
    rep = check_text(CORRECT[name], fmt, name)
    wrong = [(e.line, e.message) for e in rep.equations if e.status == "wrong"]
    assert not wrong
    assert any(e.status == "holds" for e in rep.equations)


def test_most_of_the_correct_statements_are_verified():
    rep = check_text(CORRECT["md-definitions"], "md", "d")
    holds = [e for e in rep.equations if e.status == "holds"]
    assert len(holds) >= 7


MALFORMED = [
    r"$$\frac{1}{$$", r"$$\begin{bmatrix} 1 & 2 $$", r"$$ a = { b $$", r"$$ } = 1 $$",
    "$$\x00\x01\x02 = 5$$", "$$" + "(" * 3000 + "1" + ")" * 3000 + " = 1$$",
    "$$" + "{" * 5000 + "$$", r"$$2^{10^{10}} = 1$$", r"$$10^{999} = 1$$",
    "$$x = " + r"\begin{bmatrix}" + r" \\ ".join(" & ".join("1" for _ in range(120)) for _ in range(120)) + r"\end{bmatrix}$$",
    "$$" + " + ".join(["x"] * 20000) + " = 1$$", r"$$\left( 1 = 1$$", r"$$ = = = $$",
    r"$$\sqrt[3]{8} = 2$$", r"$$ 1 / 0 = 1 $$", r"$$ \tanh = 1 $$",
]


@pytest.mark.parametrize("doc", MALFORMED, ids=[str(i) for i in range(len(MALFORMED))])
def test_malformed_input_is_unchecked_not_a_crash(doc):
    start = time.monotonic()
    rep = check_text(doc, "md", "m")
    assert time.monotonic() - start < 15
    assert all(e.status in ("unchecked", "holds", "wrong") for e in rep.equations)
    assert not any(e.status == "wrong" for e in rep.equations if "10^{999}" not in doc)


def test_binary_junk_document():
    junk = bytes(range(256)).decode("latin-1") * 20
    rep = check_text(junk, "md", "j")
    assert all(e.status == "unchecked" for e in rep.equations)
