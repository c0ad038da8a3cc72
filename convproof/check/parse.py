"""Recursive-descent parser for lecture mathematics: tokens -> :mod:`~convproof.check.nodes` tree.

Grammar (lowest precedence first)::

    chain   := expr (REL expr)*             REL in =, \\approx, :=, \\equiv
    expr    := [+|-] term ((+|-) term)*
    term    := unary ((\\cdot|\\times|*|/|\\div)? unary)*     juxtaposition multiplies
    unary   := - unary | postfix
    postfix := atom (^group | ' )*
    atom    := number | name [sub/sup] [ (args) ] | builtin | (expr) | [a, b] | \\frac | \\sqrt
             | \\lfloor..\\rfloor | \\lceil..\\rceil | |..| | \\begin{bmatrix}..\\end{bmatrix} | {expr}

A parenthesised superscript (``y_2^{(l)}``) or a letter superscript (``F^{mk}_{uv}``) is part of
the name; ``^T`` transposes; a numeric superscript is a power.  Nothing is ever passed to
``eval``/``sympify``: numbers become exact ``Rational`` values from their digits.

>>> chain = parse_chain(r"x_1 = 0.8")
>>> chain.rels, chain.sides[1].value
(['='], 4/5)
"""

from __future__ import annotations

from .atoms import parse_atom
from .grammar import BUILTIN_CMDS, BUILTIN_WORDS, ELLIPSES, MATRIX_ENVS, num_node
from .lexer import LexError, Token, tokenize
from .names import DECOR_DROP, DECOR_KEEP, GREEK, name_key, sup_kind
from .nodes import (
    Bin,
    Chain,
    Name,
    Neg,
    Num,
    ParseError,
    Pow,
    Transpose,
)

__all__ = ["ParseError", "Parser", "parse_chain"]

OTHER_RELATIONS = {"<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\ll", r"\gg",
                   r"\in", r"\notin", r"\subset", r"\subseteq", r"\to", r"\rightarrow",
                   r"\Rightarrow", r"\Leftrightarrow", r"\iff", r"\implies", r"\mapsto",
                   r"\propto", r"\sim", r"\leftarrow", r"\longrightarrow", r"\perp", r"\simeq"}
EQ_CMDS = {r"\approx": r"\approx", r"\equiv": r"\equiv", r"\coloneqq": ":=",
           r"\triangleq": ":=", r"\doteq": ":="}
MUL_CMDS = {r"\cdot", r"\times", r"\cdotp"}
CONV_CMDS = {r"\ast", r"\star", r"\circledast"}
MAX_DEPTH = 60


def _starts_atom(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.kind in ("num", "word"):
        return True
    if tok.kind == "char":
        return tok.text.isalpha() or tok.text in "([{"
    if tok.kind == "cmd":
        return tok.text not in MUL_CMDS | CONV_CMDS | OTHER_RELATIONS | set(EQ_CMDS) | {
            r"\div", r"\rfloor", r"\rceil", r"\end", r"\}", r"\quad", r"\qquad", r"\pm", r"\mp"}
    return False


class Parser:
    """Parser over one statement's tokens; ``src`` is the full equation text (for spans)."""

    def __init__(self, tokens: list[Token], src: str):
        self.toks = tokens
        self.src = src
        self.pos = 0
        self.depth = 0

    # -- token helpers -------------------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        i = self.pos + k
        return self.toks[i] if i < len(self.toks) else None

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of equation")
        self.pos += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text == text and tok.kind in ("char", "cmd")

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok is None or tok.text != text:
            found = "end of equation" if tok is None else repr(tok.text)
            raise ParseError(f"expected {text!r}, found {found}")
        return self.take()

    def span_from(self, start: int) -> tuple[int, int]:
        end = self.toks[self.pos - 1].end if self.pos > 0 else start
        return (start, end)

    def start(self) -> int:
        tok = self.peek()
        return tok.start if tok else len(self.src)

    # -- chain and expressions -----------------------------------------------------------
    def relation(self) -> str | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok.text == "=" and tok.kind == "char":
            return "="
        if tok.text == ":" and self.peek(1) is not None and self.peek(1).text == "=":
            return ":="
        if tok.kind == "cmd" and tok.text in EQ_CMDS:
            return EQ_CMDS[tok.text]
        return None

    def chain(self) -> Chain:
        sides = [self.expr()]
        rels: list[str] = []
        stopped = None
        while self.peek() is not None:
            rel = self.relation()
            if rel is None:
                tok = self.peek()
                if tok.text in OTHER_RELATIONS:
                    stopped = tok.text
                    break
                raise ParseError(f"unexpected {tok.text!r}")
            if self.take().text == ":":  # ``:=`` is two tokens, ``\coloneqq`` one
                self.take()
            rels.append(rel)
            sides.append(self.expr())
        return Chain(sides=sides, rels=rels, source=self.src, stopped=stopped)

    def expr(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("expression nested too deeply")
        start = self.start()
        if self.at("+"):
            self.take()
        node = self.term()
        while self.at("+") or self.at("-"):
            op = self.take().text
            node = Bin(op, node, self.term(), self.span_from(start))
        self.depth -= 1
        return node

    def term(self):
        start = self.start()
        node = self.unary()
        while True:
            tok = self.peek()
            if tok is None:
                return node
            if tok.text in MUL_CMDS | CONV_CMDS or (tok.kind == "char" and tok.text == "*"):
                self.take()  # '*', \ast, \star: a product of numbers, a convolution of arrays
                op = "conv" if tok.text == "*" or tok.text in CONV_CMDS else "*"
                node = Bin(op, node, self.unary(), self.span_from(start))
            elif tok.text in (r"\odot", r"\circ"):  # Hadamard product (notation.py)
                self.take()
                node = Bin(tok.text[1:], node, self.unary(), self.span_from(start))
            elif tok.text in ("/", r"\div"):
                self.take()
                node = Bin("/", node, self.unary(), self.span_from(start))
            elif _starts_atom(tok):
                if isinstance(node, Num) and tok.kind == "num":
                    raise ParseError("two numbers side by side")
                node = Bin("*", node, self.postfix(), self.span_from(start))
            else:
                return node

    def unary(self):
        start = self.start()
        if self.at("-"):
            self.take()
            return Neg(self.unary(), self.span_from(start))
        if self.at("+"):
            self.take()
        return self.postfix()

    def postfix(self):
        start = self.start()
        node = self.atom()
        while True:
            if self.at("^"):
                self.take()
                node = self._power(node, start)
            elif self.at("_") and not isinstance(node, Name):
                raise ParseError("subscript on an expression")
            elif self.at("!"):
                raise ParseError("factorial is not supported")
            else:
                return node

    def _power(self, base, start):
        """``^`` after an atom: ``T`` transposes, anything else is a power (a name's label
        superscript was already taken by the name itself)."""
        group = self.group_tokens()
        kind, _ = sup_kind(group)
        if kind == "transpose":
            return Transpose(base, self.span_from(start))
        if not group:
            raise ParseError("empty superscript")
        exponent = Parser(group, self.src).whole_expr()
        return Pow(base, exponent, self.span_from(start))

    def whole_expr(self):
        node = self.expr()
        if self.peek() is not None:
            raise ParseError(f"unexpected {self.peek().text!r}")
        return node

    # -- groups --------------------------------------------------------------------------
    def group_tokens(self, fraction: bool = False) -> list[Token]:
        """Tokens of a ``{...}`` group (without braces) or of a single token (an argument of
        ``\\frac`` when ``fraction``: ``\\frac12``)."""
        tok = self.take()
        if tok.text != "{":
            if tok.kind == "cmd" and tok.text in (r"\mathbf", r"\mathrm", r"\mathsf"):
                return self.group_tokens()
            if tok.kind == "num" and len(tok.text) > 1 or tok.text == "-":
                return [self._one_character(tok, fraction)]
            return [tok]
        depth, out = 1, []
        while True:
            tok = self.take()
            if tok.text == "{" and tok.kind == "char":
                depth += 1
            elif tok.text == "}" and tok.kind == "char":
                depth -= 1
                if depth == 0:
                    return out
            out.append(tok)

    def _one_character(self, tok: Token, fraction: bool) -> Token:
        """An argument without braces is one character to TeX. ``\\frac12`` is ``\\frac{1}{2}``
        (the idiom: the rest of the number stays in the statement); after ``^``, ``_`` or another
        command the typeset formula is not what the digits suggest (``2^10`` is 2 to the 1, then
        0; ``10^-3`` is 10 to the minus, then 3; ``\\sqrt 16`` is the root of 1, then 6): not
        read, the message says how to write it."""
        plain = self.src[tok.start:tok.end] == tok.text
        if fraction and tok.text != "-" and plain:
            first = Token("num", tok.text[0], tok.start, tok.start + 1)
            rest = Token("num", tok.text[1:], tok.start + 1, tok.end)
            self.toks = self.toks[:self.pos - 1] + [first, rest] + self.toks[self.pos:]
            return first
        before = self.toks[self.pos - 2] if self.pos >= 2 else None
        if before is None or not (before.kind == "cmd" or before.text in ("^", "_")):
            return tok
        shown = self.src[tok.start:tok.end]
        nxt = self.peek()
        if tok.text == "-" and nxt is not None and nxt.kind == "num":
            shown += self.src[nxt.start:nxt.end]
        raise ParseError(f"{before.text}{shown} typesets as {before.text}{{{shown[0]}}} followed by "
                         f"{shown[1:]} (without braces TeX takes one character); write "
                         f"{before.text}{{{shown}}}")

    def sub_expr(self):
        group = self.group_tokens()
        if not group:
            raise ParseError("empty group")
        return Parser(group, self.src).whole_expr()

    # -- atoms ---------------------------------------------------------------------------
    def atom(self):
        return parse_atom(self)  # the atom table lives in its own module

    def sub(self, tokens: list[Token]) -> Parser:
        """A parser over ``tokens`` (a group of this statement's tokens), for the atom table."""
        return Parser(tokens, self.src)


def parse_chain(text: str) -> Chain:
    """Parse one statement (a relation chain) of equation text.

    >>> c = parse_chain(r"\\tanh(0.285) \\approx 0.277")
    >>> c.rels
    ['\\\\approx']
    """
    try:
        tokens = tokenize(text)
    except LexError as exc:
        raise ParseError(str(exc)) from None
    if not tokens:
        raise ParseError("empty equation")
    return Parser(tokens, text).chain()


__all__ += [
    "BUILTIN_CMDS",
    "BUILTIN_WORDS",
    "DECOR_DROP",
    "DECOR_KEEP",
    "ELLIPSES",
    "GREEK",
    "MATRIX_ENVS",
    "name_key",
    "num_node",
]
