"""``python -m convproof.audit``: run the soundness audit and write ``reports/check/mutation.md``.

The corpus, the seed documents (``--seeds``, default ``../shared/seeds`` beside the repository
when present) and the built-in reports (``reports/*.tex``) are mutated; timings go to standard
output only, so the written file is deterministic.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .corpus import corpus
from .harness import corpus_outcomes, mutation_outcomes
from .table import corpus_summary, markdown, mutation_summary

ROOT = Path(__file__).resolve().parents[2]


def _args(argv):
    p = argparse.ArgumentParser(prog="python -m convproof.audit", description=__doc__)
    p.add_argument("--docs", type=int, default=120, help="corpus documents checked (default 120)")
    p.add_argument("--mutate-docs", type=int, default=40,
                   help="of these, the first N are also mutated (default 40)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--per-kind", type=int, default=1, help="mutants per kind per statement")
    p.add_argument("--cap", type=int, default=6, help="mutants per statement")
    p.add_argument("--max-statements", type=int, default=30, help="statements per document")
    p.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    p.add_argument("--reports", default=str(ROOT / "reports"))
    p.add_argument("--out", default=str(ROOT / "reports" / "check" / "mutation.md"))
    return p.parse_args(argv)


def _documents(args):
    """``(group, name, text, fmt, identities)`` for every document to mutate."""
    out = [("corpus", d.name, d.text, d.fmt, True) for d in corpus(args.mutate_docs, args.seed)]
    seeds = Path(args.seeds)
    for f in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        out.append(("seeds", f.name, f.read_text(encoding="utf-8"), "md", False))
    for f in sorted(Path(args.reports).glob("*.tex")):
        out.append(("reports", f"reports/{f.name}", f.read_text(encoding="utf-8"), "tex", False))
    return out


def main(argv=None) -> int:
    args = _args(argv)
    start = time.perf_counter()
    items = corpus_outcomes(corpus(args.docs, args.seed))
    groups: dict = {}
    for group, name, text, fmt, identities in _documents(args):
        groups.setdefault(group, []).extend(mutation_outcomes(
            name, text, fmt, identities=identities, max_statements=args.max_statements,
            per_kind=args.per_kind, cap=args.cap, seed=args.seed))
    params = {"docs": args.docs, "mutate_docs": args.mutate_docs, "seed": args.seed, "per_kind": args.per_kind, "cap": args.cap,
              "max_statements": args.max_statements}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(items, groups, params), encoding="utf-8")
    c = corpus_summary(items)
    m = mutation_summary([x for ms in groups.values() for x in ms])
    print(f"corpus: {c['false_holds']} false holds, {c['false_alarms']} false alarms, "
          f"{c['caught_pct']:.1f}% planted errors caught; mutants: {m['mutants']}, "
          f"{m['survivors_all']} survivors; wrote {out} in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
