"""Check a whole document: extract its equations, check each statement in order, collect results.

Definitions carry forward in document order (one :class:`~convproof.check.env.Env` per
document).  Each statement gets a time budget (:data:`TIME_BUDGET` seconds, enforced with
``SIGALRM`` where available) and the whole document one too (:data:`DOCUMENT_BUDGET` seconds;
the statements after it is spent are not started); a statement that exceeds either, or that the
parser rejects, is reported ``unchecked`` with the reason -- never a crash. :func:`read_document`
reads regular files of at most :data:`MAX_DOCUMENT_BYTES` only (no devices, FIFOs or endless input).

>>> rep = check_text("$$2 + 2 = 5$$", "md", "x.md")
>>> [(e.line, e.status) for e in rep.equations]
[(1, 'wrong')]
"""

from __future__ import annotations

import bisect

import os
import signal
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from .chain import note_unread_definition
from .combine import asserts_convolution, merge, stated_spec
from .conditions import conditions_first, trailing_condition
from .env import Env
from .extract import extract
from .macros import definitions, expand
from .guard import fallback
from .scope import Positions, case_tables, quantified, restricted
from .pipeline import pipeline
from .readings import decide
from .split import StatementError, statements
from .sums import expand_sums, index_sum_note
from .verdict import StatementResult

__all__ = ["TIME_BUDGET", "DOCUMENT_BUDGET", "MAX_DOCUMENT_BYTES", "EquationResult", "FileReport", "check_text",
           "read_document"]

TIME_BUDGET = 5.0
#: Seconds one document may take in all (the five seed documents take 2-5 s each).
DOCUMENT_BUDGET = 30.0
#: Largest document read, in bytes.
MAX_DOCUMENT_BYTES = 16 * 2**20


def read_document(path: str) -> str:
    """The UTF-8 text of the regular file ``path``; ``OSError`` / ``ValueError`` with the reason otherwise.

    Opened without blocking (a FIFO is refused, not waited on); devices such as ``/dev/zero`` and
    files over :data:`MAX_DOCUMENT_BYTES` are refused before reading.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a directory, device, FIFO or socket); give a .tex or "
                             "Markdown file")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise ValueError(f"{info.st_size:,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,} bytes")
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"grew past the limit of {MAX_DOCUMENT_BYTES:,} bytes while being read")
    if b"\x00" in data[:65536]:
        raise ValueError("binary file")
    return data.decode("utf-8")


@dataclass
class EquationResult:
    """One checked statement; ``fixes`` are ``(start, end, latex)`` in document offsets."""

    line: int
    label: str | None
    status: str
    kind: str
    message: str
    mismatches: list = field(default_factory=list)
    fixes: list = field(default_factory=list)
    display: bool = True
    span: tuple = (0, 0)
    #: Notebook cell (1-based) when the statement comes from a ``.ipynb`` file; ``line`` is then
    #: the line within the cell and ``file_line`` its line in the JSON file (``None`` if unknown).
    cell: int | None = None
    file_line: int | None = None

    def __repr__(self) -> str:
        return f"<EquationResult line {self.line}: {self.status} [{self.kind}] {self.message[:60]}>"

    def corrected(self, doc: str) -> str:
        """The equation's source with this result's fixes applied."""
        start, end = self.span
        out, last = [], start
        for s, e, new in sorted(self.fixes):
            if s < last:
                continue
            out += [doc[last:s], new]
            last = e
        out.append(doc[last:end])
        return "".join(out)


@dataclass
class FileReport:
    """All results of one document, in document order."""

    file: str
    equations: list = field(default_factory=list)
    error: str | None = None

    def __repr__(self) -> str:
        from .display import counts_text
        return f"<FileReport {self.file}: {counts_text(self)}>"

    def _repr_markdown_(self) -> str:
        from .display import markdown
        return markdown(self)


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def handler(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _check_statement(chain, env, eq, label, asserted=True, limit: float = TIME_BUDGET,
                     why: str = "") -> EquationResult:
    try:
        with _time_limit(limit):
            result = decide(lambda e: pipeline(chain, e, eq, asserted), env)
    except _Timeout:
        return EquationResult(eq.line, label, "unchecked", "budget",
                              f"not checked: {why or f'took longer than {limit:g} s'}", display=eq.display)
    except RecursionError:
        return EquationResult(eq.line, label, "unchecked", "budget",
                              "not checked: expression nested too deeply", display=eq.display)
    except Exception as exc:  # noqa: BLE001  (one statement must never stop the document)
        fallback(exc)
        return EquationResult(eq.line, label, "unchecked", "internal",
                              f"not checked: internal error {type(exc).__name__}: {exc}",
                              display=eq.display)
    fixes = [(eq.start + s, eq.start + e, text) for s, e, text in result.fixes]
    return EquationResult(eq.line, label, result.status, result.kind, result.message,
                          result.mismatches, fixes, eq.display, (eq.start, eq.end))


def _standalone(eq, label, asserted=True, limit: float = TIME_BUDGET) -> EquationResult:
    """A display without a relation: only a stated convolution matrix can be checked."""
    from .conv import check_conv
    from .nodes import Chain
    from .parse import ParseError, parse_chain
    try:
        with _time_limit(limit):
            chain = parse_chain(eq.text)
            result = check_conv(Chain([chain.sides[0]], [], eq.text), None, eq.line) \
                if len(chain.sides) == 1 else None
            if result is not None:
                result = merge(StatementResult("unchecked", "no-relation", ""), result, asserted)
    except (ParseError, _Timeout, RecursionError):
        result = None
    if result is None:
        from .unread import named_formula  # MSE: (y - t)^2 names a formula
        named = named_formula(eq.text)
        return EquationResult(eq.line, label, "unchecked", "definition" if named else "no-relation",
                              f"defines {named} (a named formula, no relation: nothing to check)" if named
                              else "no equation to check", display=eq.display)
    fixes = [(eq.start + s, eq.start + e, text) for s, e, text in result.fixes]
    return EquationResult(eq.line, label, result.status, result.kind, result.message,
                          result.mismatches, fixes, eq.display, (eq.start, eq.end))


def _spent(eq, budget: float) -> EquationResult:
    return EquationResult(eq.line, eq.label, "unchecked", "budget", f"not checked: the document's time "
                          f"budget of {budget:g} s was spent on the statements before", display=eq.display)


def check_text(text: str, fmt: str, filename: str, budget: float = DOCUMENT_BUDGET,
               prose: bool | None = None) -> FileReport:
    """Check every equation of ``text`` (``fmt`` ``"tex"`` or ``"md"``) within ``budget`` seconds in all.

    Each statement gets at most :data:`TIME_BUDGET` seconds and never more than what is left of
    ``budget``; once it is spent every later statement is reported ``unchecked`` (kind ``budget``).
    With ``prose`` (default: on for Markdown and plain text, off for LaTeX) the arithmetic claims
    of the prose are checked too (:mod:`.prose`).
    """
    report = FileReport(filename)
    env = Env()
    prev_end = shown_end = 0
    where = Positions(text, fmt)
    equations = extract(text, fmt)
    macros = definitions(text)
    env.cases = case_tables(equations, where)
    from .sizeformula import divisibility_lines
    conditions = divisibility_lines(text)  # 'must be an integer': size formulas are proved under it
    offsets = [at for at, _ in conditions]
    deadline = time.monotonic() + budget
    for at, eq in enumerate(equations):
        left = deadline - time.monotonic()
        if left <= 0:
            report.equations.append(_spent(eq, budget))
            continue
        asserted = asserts_convolution(text[prev_end:eq.start])
        env.stated = stated_spec(text[prev_end:eq.start])
        env.before = text[max(shown_end, eq.start - 300):eq.start]  # the text since the last display
        env.doc = (text, eq.start)  # statedconv.py: the parameters stated before
        env.around = (text[max(0, eq.start - 1200):eq.start], text[eq.end:eq.end + 200])  # counts.py
        k = bisect.bisect_left(offsets, eq.start)
        env.condition_line = conditions[k - 1][1] if k else None
        prev_end = max(prev_end, eq.end)
        shown_end = max(shown_end, eq.end) if eq.display else shown_end
        env.enter(where.passage(eq.start), where.row(eq.start), eq.line, quantified(eq.text),
                  restricted(eq.text, text[eq.end:eq.end + 240]))
        own = expand(eq.text, macros)  # the document's \newcommand macros (macros.py): no fixes
        wide = expand_sums(own)  # \sum with numeric bounds: written out, then checked as usual
        rewritten = wide is not None or own != eq.text
        eq = replace(eq, text=wide if wide is not None else own) if rewritten else eq
        first = len(report.equations)
        try:
            chains, tag = statements(eq.text, eq.env)
        except StatementError as exc:
            if eq.display or exc.notation:  # $\eta = 1e-3$: reported inline too
                report.equations.append(EquationResult(
                    eq.line, eq.label, "unchecked", "unreadable", f"not read: {exc}"))
            continue
        label = eq.label or eq.tag or tag
        chains = conditions_first(chains, eq.text)  # x^2 = 4 \quad \text{for } x = 2: the value first
        cond = trailing_condition(text, eq, equations[at + 1] if at + 1 < len(equations) else None,
                                  chains, lambda t, e=eq.env: statements(t, e))
        if cond is not None:  # $x^2 = 9$ for $x = 3$: bound here, and again by the next formula
            _check_statement(cond, env, eq, label, asserted, min(TIME_BUDGET, left))
        if not chains and _shape_claim(report, eq, env, label):  # X_{col} \in R^{a x b}: shapeclaim.py
            continue
        if not chains and eq.display:
            report.equations.append(_standalone(eq, label, asserted, min(TIME_BUDGET, left)))
        for chain in chains:
            if isinstance(chain, tuple):
                from .unread import unread_kind  # a question, an unfinished step, a new name's definition
                unread = unread_kind(eq.text[chain[0]:], chain[1], env, eq.line)  # before it is noted
                note_unread_definition(eq.text[chain[0]:], env, eq.line)
                from .lossgrad import remember_loss  # L = c \sum_{i=1}^{n} g_i: its factor and summand
                remember_loss(eq.text[chain[0]:], env, eq.line)
                if "products with bounds" in chain[1] and _receptive_product(report, eq, chain[0], env, label):
                    continue
                if ("sums with bounds" in chain[1] or r"\sum_" in eq.text[chain[0]:]) and \
                        _index_sum(report, eq, chain[0], env, label, "sums with bounds" not in chain[1]):
                    continue
                if "sums with bounds" in chain[1] and _sum_dot(report, eq, chain[0], env, label):
                    continue
                note = index_sum_note(eq.text[chain[0]:]) if "sums with bounds" in chain[1] else None
                kind, msg = (None if note else unread) or (
                    "index-sum" if note else "unsupported",
                    f"{note}; not read: {chain[1]}" if note else f"not read: {chain[1]}")
                report.equations.append(EquationResult(eq.line, label, "unchecked", kind, msg, display=eq.display))
                continue
            left = deadline - time.monotonic()
            why = f"the document's time budget of {budget:g} s ran out" if left < TIME_BUDGET else ""
            report.equations.append(_check_statement(chain, env, eq, label, asserted, min(TIME_BUDGET, left), why)
                                    if left > 0 else _spent(eq, budget))
        for res in report.equations[first:] if rewritten else ():
            res.fixes = []
            res.message += "; the sums written out term by term" if wide is not None else ""
    if fmt != "tex" if prose is None else prose:
        _add_prose(report, text, equations, fmt)
    return report


def _index_sum(report: FileReport, eq, start: int, env, label, more_only: bool = False) -> bool:
    """An index sum with symbolic bounds proven or refuted (:mod:`.indexconv`; with ``more_only``
    only the grouped / centered readers of :mod:`.indexmore`); ``False`` if not read."""
    from .indexconv import check_index_sum
    try:
        with _time_limit(TIME_BUDGET):
            res = None if more_only else check_index_sum(eq.text[start:], getattr(env, "before", ""))
            if res is None:  # grouped and centered sums (kept apart: indexgroup, indexcentered)
                from .indexmore import check_index_more
                res = check_index_more(eq.text[start:], getattr(env, "before", ""))
    except (_Timeout, RecursionError):
        res = None
    except Exception as exc:  # noqa: BLE001  (never stop the document: the sum is then only described)
        fallback(exc)
        res = None
    if res is not None:
        from .workedentry import remember_definition
        remember_definition(env, res, eq.line)
        report.equations.append(EquationResult(eq.line, label, res.status, res.kind, res.message,
                                               display=eq.display, span=(eq.start, eq.end)))
    return res is not None


def _receptive_product(report: FileReport, eq, start: int, env, label) -> bool:
    """``r_l = r_{l-1} + (k_l - 1)\\prod s_i`` decided (:mod:`.receptiveprod`); ``False`` if not that."""
    from .receptiveprod import check_receptive_product
    return _decided(report, eq, label, lambda: check_receptive_product(eq.text[start:], env.before))


def _shape_claim(report: FileReport, eq, env, label) -> bool:
    """A matrix shape ``\\in \\mathbb{R}^{a \\times b}`` decided (:mod:`.shapeclaim`); ``False`` if not that."""
    from .shapeclaim import check_shape_claim
    return _decided(report, eq, label, lambda: check_shape_claim(eq.text, env.before, env.around[0]))


def _decided(report: FileReport, eq, label, check) -> bool:
    """Append ``check()``'s verdict; ``False`` when it reads nothing (or fails: then only described)."""
    try:
        with _time_limit(TIME_BUDGET):
            res = check()
    except Exception as exc:  # noqa: BLE001  (never stop the document: the statement is then only described)
        fallback(exc)
        res = None
    if res is not None:
        report.equations.append(EquationResult(eq.line, label, res.status, res.kind, res.message, res.mismatches,
                                               display=eq.display, span=(eq.start, eq.end)))
    return res is not None


def _sum_dot(report: FileReport, eq, start: int, env, label) -> bool:
    """``\\sum_{i=1}^n w_i x_i = w^T x`` decided (:mod:`.sumdot`); ``False`` if not that."""
    from .sumdot import check_sum_dot
    try:
        with _time_limit(TIME_BUDGET):
            res = check_sum_dot(eq.text[start:], env, eq.line)
    except (_Timeout, RecursionError):
        res = None
    except Exception as exc:  # noqa: BLE001  (never stop the document: the sum is then only described)
        fallback(exc)
        res = None
    if res is not None:
        report.equations.append(EquationResult(eq.line, label, res.status, res.kind, res.message,
                                               display=eq.display, span=(eq.start, eq.end)))
    return res is not None


def _add_prose(report: FileReport, text: str, equations, fmt: str) -> None:
    from .counts import check_prose_count
    from .prose import check_prose
    from .extract import not_prose
    for start, end, res in check_prose(text, [(e.start, e.end) for e in equations] + not_prose(text, fmt)):
        res = check_prose_count(text[start:end], (text[max(0, start - 1200):start], text[end:end + 200]), res) or res
        report.equations.append(EquationResult(text.count("\n", 0, start) + 1, None, res.status, res.kind,
                                               res.message, res.mismatches, [], False, (start, end)))
    report.equations.sort(key=lambda e: e.line)
