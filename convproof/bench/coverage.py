"""Checker coverage: ``python -m convproof.bench.coverage`` -> ``reports/check/coverage.md`` (+ ``.json``).

Runs ``convproof check`` (the library call behind it, with the CLI's defaults: Markdown and plain
text with prose arithmetic, LaTeX without, notebooks by their Markdown cells, the 30 s document
budget) on the seed documents (``--seeds``, default ``../shared/seeds``) and on the public
documents of :mod:`.public_docs` (fetched into a git-ignored cache on first use), and writes per
document: statements by verdict and by kind, the unchecked share with and without definitions,
the time per document and the slowest statements.

A *definition* (kind ``definition``: a bare binding such as ``s = 1`` or ``f(x) = ...``) asserts
nothing that could hold or be wrong; nor do a *question* (``y = ?``), an *unfinished* slide step
(``y = f(0.12 +``) or a *condition* (``M = K = g`` after "when").  These *non-claims* (:data:`NON_CLAIMS`,
status always ``unchecked``) are counted as unchecked and shown in their own column, and the
unchecked share is given three ways: of all statements (``unchecked / statements``), without the
definitions, and of the claims (``(unchecked - non-claims) / (statements - non-claims)``).

Statement times come from wrapping the checker's per-statement entry points
(``document._check_statement``, ``document._standalone``) for the run; prose claims are not timed
one by one (their time is in the document's). Each document starts with SymPy's cache and the
checker's proof memo emptied.  Reviews of the ``wrong`` verdicts on public
documents live in :mod:`.coverage_review` and are printed beside each finding.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from ._timing import WARM_UP, cold_caches, commit, statement_timer
from .public_docs import CACHE, SHA256, SOURCES, ensure

__all__ = ["counts", "main", "measure_text"]

SLOWEST = 15
NON_CLAIMS = ("definition", "question", "unfinished", "condition")  # kinds that assert nothing


def fmt_of(path: str) -> str:
    """``tex``, ``ipynb`` or ``md``, as the CLI chooses from the suffix."""
    suffix = Path(path).suffix.lower()
    return "tex" if suffix in {".tex", ".latex", ".ltx"} else "ipynb" if suffix == ".ipynb" else "md"


def measure_text(text: str, name: str, fmt: str) -> dict:
    """Check one document; its statements (line, cell, status, kind, message), wall time, slowest ones."""
    from convproof.check import check_notebook, check_text

    cold_caches()
    with statement_timer() as times:
        start = time.perf_counter()
        rep = check_notebook(text, name) if fmt == "ipynb" else check_text(text, fmt, name)
        seconds = time.perf_counter() - start
    statements = [{"line": e.line, "cell": getattr(e, "cell", None), "status": e.status, "kind": e.kind,
                   "message": e.message[:200]} for e in rep.equations]
    slow = sorted(times, key=lambda t: -t[1])[:SLOWEST]
    return {"document": name, "format": fmt, "seconds": round(seconds, 3), "error": rep.error,
            "statements": statements, "timed": len(times),
            "slowest": [{"line": ln, "seconds": round(s, 4), "source": src} for ln, s, src in slow]}


def counts(statements: list) -> dict:
    """Verdict counts, definitions (bindings with a value / not computable) and both unchecked shares."""
    n = len(statements)
    by = Counter(s["status"] for s in statements)
    defs = [s for s in statements if s["kind"] == "definition" and s["status"] == "unchecked"]
    opaque = sum("not computable" in s["message"] for s in defs)
    rest = n - len(defs)
    non = sum(s["kind"] in NON_CLAIMS and s["status"] == "unchecked" for s in statements)
    return {"statements": n, "holds": by["holds"], "wrong": by["wrong"], "unchecked": by["unchecked"],
            "definitions": len(defs), "definitions_not_computable": opaque, "non_claims": non,
            "share_incl_definitions": by["unchecked"] / n if n else None,
            "share_excl_definitions": (by["unchecked"] - len(defs)) / rest if rest else None,
            "share_of_claims": (by["unchecked"] - non) / (n - non) if n > non else None,
            "kinds": dict(sorted(Counter(f"{s['status']}/{s['kind']}" for s in statements).items()))}


def _measure_seeds(seeds: Path) -> list[dict]:
    docs = []
    for path in sorted(Path(seeds).glob("*.txt")):
        doc = measure_text(path.read_text(encoding="utf-8"), path.name, "md")
        docs.append(dict(doc, id=path.stem, group="seed", language="ru"))
    return docs


def _measure_public(cache: Path, only: set[str] | None, fetch: bool) -> list[dict]:
    docs = []
    for src in SOURCES:
        if only and src.id not in only:
            continue
        path = src.cached(cache)
        if not path.is_file() and not fetch:
            docs.append({"id": src.id, "group": "public", "missing": True, "statements": []})
            continue
        path, digest = ensure(src, cache)
        doc = measure_text(path.read_text(encoding="utf-8"), path.name, fmt_of(src.path))
        docs.append(dict(doc, id=src.id, group="public", language=src.language, sha_ok=digest == SHA256.get(src.id)))
    return docs


def run(seeds: Path, cache: Path, only: set[str] | None = None, fetch: bool = True) -> dict:
    """The whole measurement as a JSON-ready dict (after a small warm-up document, so that imports on
    first use are not charged to the first statement measured)."""
    measure_text(WARM_UP, "warm-up.md", "md")
    docs = (_measure_seeds(seeds) if not only else []) + _measure_public(cache, only, fetch)
    for doc in docs:
        doc["counts"] = counts(doc["statements"])
    groups = {}
    for group in ("seed", "public"):
        members = [d for d in docs if d["group"] == group]
        groups[group] = counts([s for d in members for s in d["statements"]])
        groups[group]["seconds"] = round(sum(d.get("seconds", 0) for d in members), 2)
    return {"commit": commit(), "documents": docs, "totals": groups}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", default="../shared/seeds", help="folder of the seed documents (*.txt)")
    p.add_argument("--cache", default=str(CACHE), help="folder of the cached public documents")
    p.add_argument("--out", default="reports/check/coverage", help="report path without suffix (.md, .json)")
    p.add_argument("--only", nargs="*", default=None, help="public document ids to measure (seeds skipped)")
    p.add_argument("--no-fetch", action="store_true", help="measure only documents already in the cache")
    args = p.parse_args(argv)
    from ..files import write_text
    from .coverage_report import render

    result = run(Path(args.seeds), Path(args.cache), set(args.only) if args.only else None, not args.no_fetch)
    write_text(Path(args.out + ".json"), json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    write_text(Path(args.out + ".md"), render(result))
    t = result["totals"]
    print(f"wrote {args.out}.md/.json: seeds {t['seed']['statements']} statements, public {t['public']['statements']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
