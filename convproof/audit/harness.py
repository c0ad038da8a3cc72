"""Run :mod:`convproof.check` on the audit corpus and on single mutants of what it accepts.

Corpus run (:func:`corpus_outcomes`): every generated item gets the checker's verdict on its
line (``wrong`` if any statement there is wrong, ``holds`` if all hold, else ``unchecked``)
and is compared with the item's known truth.

Mutation run (:func:`mutation_outcomes`): every statement the checker reports ``holds`` in a
document is mutated (:mod:`.mutate`, sampled with a fixed seed and capped); each mutant replaces
the statement in the document, the document up to the end of that equation's line is checked
again, and the mutated statement's verdict is read.  A mutant that still ``holds`` is judged by
:func:`~convproof.audit.independent.judge`, which shares no code with the checker: ``true``
makes it an equivalent mutant, anything else a survivor (``undecided`` ones are listed apart
but counted as survivors, never as killed).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..check import check_text
from ..check.extract import extract
from .independent import judge
from .independent_context import judge_in_context
from .mutate import sample_mutants

__all__ = ["CorpusOutcome", "MutantOutcome", "Target", "corpus_outcomes", "mutation_outcomes",
           "targets"]


@dataclass(frozen=True)
class Target:
    """A statement the checker reports ``holds``: document offsets of its equation and its text."""

    source: str
    fmt: str
    line: int
    eq_span: tuple
    stmt_span: tuple
    index: int | None
    count: int
    identities: bool


@dataclass(frozen=True)
class MutantOutcome:
    """One mutant: ``outcome`` is killed / unchecked / equivalent / survivor / survivor-undecided."""

    target: Target
    kind: str
    statement: str
    mutant: str
    status: str
    message: str
    outcome: str
    change: str = ""


@dataclass(frozen=True)
class CorpusOutcome:
    """One corpus item with the checker's verdict on its line."""

    source: str
    line: int
    kind: str
    true: bool
    error: str | None
    status: str
    message: str
    text: str


def _verdict(results) -> tuple[str, str]:
    if not results:
        return "unchecked", "no statement read"
    for r in results:
        if r.status == "wrong":
            return "wrong", r.message
    if all(r.status == "holds" for r in results):
        return "holds", results[0].message
    return "unchecked", next(r.message for r in results if r.status != "holds")


def corpus_outcomes(docs) -> list[CorpusOutcome]:
    """The checker's verdict on every item of the generated ``docs``."""
    out = []
    for doc in docs:
        report = check_text(doc.text, doc.fmt, doc.name)
        for item in doc.items:
            status, message = _verdict([e for e in report.equations if e.line == item.line])
            out.append(CorpusOutcome(doc.name, item.line, item.kind, item.true, item.error, status,
                                     message, item.body))
    return out


def _group(report, line: int, span: tuple) -> list:
    return [e for e in report.equations if e.line == line and tuple(e.span) in (tuple(span), (0, 0))]


def _statement_spans(eq_text: str) -> list[tuple[int, int]] | None:
    """Offsets of the statements of one equation, in the order the checker reports them (read
    with the checker's own splitter: only to locate text, never to judge it)."""
    try:
        from ..check.split import StatementError, statements
        items, _ = statements(eq_text)
    except (ImportError, StatementError):
        return None
    starts = [it[0] if isinstance(it, tuple) else getattr(it, "offset", None) for it in items]
    if any(s is None for s in starts):
        return None
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(eq_text)) for i, s in enumerate(starts)]


def targets(source: str, text: str, fmt: str, identities: bool = False) -> list[Target]:
    """Every statement of ``text`` that the checker reports ``holds``."""
    report = check_text(text, fmt, source)
    out = []
    for eq in extract(text, fmt):
        group = _group(report, eq.line, (eq.start, eq.end))
        spans = _statement_spans(eq.text)
        if not group:
            continue
        if spans is not None and len(spans) == len(group):
            out += [Target(source, fmt, eq.line, (eq.start, eq.end),
                           (eq.start + a, eq.start + b), k, len(group), identities)
                    for k, ((a, b), r) in enumerate(zip(spans, group)) if r.status == "holds"]
        elif all(r.status == "holds" for r in group):
            out.append(Target(source, fmt, eq.line, (eq.start, eq.end), (eq.start, eq.end), None,
                              len(group), identities))
    return out


_TRAILING = re.compile(r"(\s|,|;|\.|\\quad|\\qquad|\(\d+\)|\\\\)+$")


def statement_text(text: str) -> str:
    """A statement without the separators and equation numbers that follow it."""
    return _TRAILING.sub("", text)


def _run(doc_text: str, target: Target, mutant) -> MutantOutcome:
    a, b = target.stmt_span
    original = doc_text[a:b]
    new_doc = doc_text[:a] + mutant.text + doc_text[b:]
    delta = len(mutant.text) - len(original)
    eq_end = target.eq_span[1] + delta
    cut = new_doc.find("\n", eq_end)
    report = check_text(new_doc if cut < 0 else new_doc[:cut], target.fmt, target.source)
    group = _group(report, target.line, (target.eq_span[0], eq_end))
    if target.index is not None and len(group) == target.count:
        status, message = _verdict([group[target.index]])
    else:
        status, message = _verdict(group)
    outcome = {"wrong": "killed", "unchecked": "unchecked"}.get(status)
    if outcome is None:
        truth = judge(statement_text(mutant.text), target.identities)
        if truth == "undecided":    # a derivative of names the document defined before it
            truth = judge_in_context(statement_text(mutant.text), new_doc[:a]) or truth
        outcome = {"true": "equivalent", "false": "survivor"}.get(truth, "survivor-undecided")
    return MutantOutcome(target, mutant.kind, statement_text(original), statement_text(mutant.text),
                         status, message, outcome, change_text(original, mutant))


def change_text(original: str, mutant, context: int = 40) -> str:
    """``...before [old -> new] after...``: the change with some context on each side."""
    before = " ".join(original[max(0, mutant.start - context):mutant.start].split())
    after = " ".join(original[mutant.end:mutant.end + context].split())
    old, new = " ".join(mutant.old.split()), " ".join(mutant.new.split())
    return f"...{before} [{old} -> {new}] {after}..."


def mutation_outcomes(source: str, text: str, fmt: str, *, identities: bool = False,
                      max_statements: int = 30, per_kind: int = 1, cap: int = 6,
                      seed: int = 0) -> list[MutantOutcome]:
    """Mutants of (a fixed-seed sample of at most ``max_statements``) statements that hold."""
    found = targets(source, text, fmt, identities)
    rng = random.Random(f"convproof-audit-targets/{seed}/{source}")
    if len(found) > max_statements:
        found = sorted(rng.sample(found, max_statements), key=lambda t: t.stmt_span)
    out = []
    for t in found:
        a, b = t.stmt_span
        stmt = statement_text(text[a:b])
        for m in sample_mutants(stmt, per_kind, cap, f"{seed}/{source}/{a}"):
            out.append(_run(text, t, _offset(m, text, a, b, stmt)))
    return out


def _offset(m, text, a, b, stmt):
    """The mutant of the trimmed statement as a mutant of the whole statement span."""
    from .mutate import Mutant
    tail = text[a + len(stmt):b]
    return Mutant(m.kind, m.text + tail, m.start, m.end, m.old, m.new)
