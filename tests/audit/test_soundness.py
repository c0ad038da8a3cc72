"""The checker's soundness gate on a bounded audit sample (issue 16, "Done when").

A known-false corpus item must never be reported ``holds``, a known-true one never ``wrong``; at
least 95% of planted errors must be reported ``wrong``; and no single mutant of a statement the
checker accepts may come back ``holds`` unless the checker-independent judge shows it true.
The full audit is ``python -m convproof.audit`` (writes ``reports/check/mutation.md``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from convproof.audit.corpus import corpus
from convproof.audit.harness import corpus_outcomes, mutation_outcomes
from convproof.audit.table import corpus_summary

pytestmark = pytest.mark.soundness

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
DOCS = corpus(24, seed=16)


@pytest.fixture(scope="module")
def corpus_items():
    return corpus_outcomes(DOCS)


def _sources():
    out = [(d.name, d.text, d.fmt, True) for d in DOCS[:6]]
    out.append(("reports/lecture.tex", (ROOT / "reports" / "lecture.tex").read_text(encoding="utf-8"),
                "tex", False))
    for name in ("000_d50da6e0cc260722.txt", "002_b7471a62d56a73d3.txt"):
        if (SEEDS / name).is_file():
            out.append((name, (SEEDS / name).read_text(encoding="utf-8"), "md", False))
    return out


@pytest.fixture(scope="module")
def mutants():
    out = []
    for name, text, fmt, identities in _sources():
        out += mutation_outcomes(name, text, fmt, identities=identities, max_statements=4,
                                 per_kind=1, cap=3, seed=16)
    return out


def _listing(rows) -> str:
    return "\n".join(rows[:15])


def test_the_sample_is_not_empty(corpus_items, mutants):
    assert corpus_summary(corpus_items)["planted"] >= 8
    assert len(mutants) >= 30


def test_no_false_holds(corpus_items):
    bad = [f"{o.source}:{o.line} {o.kind} ({o.error}): {o.message[:100]}"
           for o in corpus_items if not o.true and o.status == "holds"]
    assert not bad, "known-false items reported holds:\n" + _listing(bad)


def test_no_false_alarms(corpus_items):
    bad = [f"{o.source}:{o.line} {o.kind}: {o.message[:100]}"
           for o in corpus_items if o.true and o.status == "wrong"]
    assert not bad, "known-true items reported wrong:\n" + _listing(bad)


def test_planted_errors_are_caught(corpus_items):
    s = corpus_summary(corpus_items)
    missed = [f"{o.source}:{o.line} {o.kind} ({o.error}) -> {o.status}"
              for o in corpus_items if not o.true and o.status != "wrong"]
    assert s["caught_pct"] >= 95.0, f"{s['caught_pct']:.1f}% caught; missed:\n" + _listing(missed)


def test_no_mutant_survives(mutants):
    bad = [f"{m.target.source}:{m.target.line} {m.kind} [{m.outcome}]: {m.mutant[:90]}"
           for m in mutants if m.outcome.startswith("survivor")]
    assert not bad, f"{len(bad)} of {len(mutants)} mutants survived:\n" + _listing(bad)
