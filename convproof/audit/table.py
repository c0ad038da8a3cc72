"""Markdown tables of the audit: corpus verdicts, mutation outcomes, survivors and false alarms.

Pure functions from outcomes to text; deterministic (no timings, sorted lists).
"""

from __future__ import annotations

from collections import Counter

from .mutate import KINDS

__all__ = ["corpus_summary", "markdown", "mutation_summary"]

OUTCOMES = ("killed", "unchecked", "equivalent", "survivor", "survivor-undecided")


def corpus_summary(items) -> dict:
    """False holds, false alarms and planted-error counts of the corpus outcomes."""
    planted = [o for o in items if o.error is not None and not o.true]
    caught = sum(o.status == "wrong" for o in planted)
    return {"items": len(items), "true": sum(o.true for o in items), "planted": len(planted),
            "false_holds": sum(not o.true and o.status == "holds" for o in items),
            "false_alarms": sum(o.true and o.status == "wrong" for o in items),
            "planted_wrong": caught,
            "planted_unchecked": sum(o.status == "unchecked" for o in planted),
            "planted_holds": sum(o.status == "holds" for o in planted),
            "caught_pct": 100.0 * caught / len(planted) if planted else 100.0}


def mutation_summary(mutants) -> dict:
    """Counts of mutation outcomes (survivors include the undecided ones)."""
    c = Counter(m.outcome for m in mutants)
    return {"mutants": len(mutants), **{k: c.get(k, 0) for k in OUTCOMES},
            "survivors_all": c.get("survivor", 0) + c.get("survivor-undecided", 0)}


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _short(text: str, width: int = 150) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[:width - 3] + "..."


def _corpus_tables(items) -> list[str]:
    s = corpus_summary(items)
    lines = ["## Corpus with known truth", "",
             _row(["items", "true", "planted errors", "false holds", "false alarms",
                   "planted reported wrong", "planted unchecked", "planted holds", "caught"]),
             _row(["---"] * 9),
             _row([s["items"], s["true"], s["planted"], s["false_holds"], s["false_alarms"],
                   s["planted_wrong"], s["planted_unchecked"], s["planted_holds"],
                   f"{s['caught_pct']:.1f}%"]), "",
             "Per item kind (true items: holds / unchecked / wrong; planted: wrong / unchecked / holds):",
             "", _row(["kind", "true holds", "true unchecked", "true wrong (false alarm)",
                       "planted wrong", "planted unchecked", "planted holds (false hold)"]),
             _row(["---"] * 7)]
    for kind in sorted({o.kind for o in items}):
        mine = [o for o in items if o.kind == kind]
        t = Counter(o.status for o in mine if o.true)
        f = Counter(o.status for o in mine if not o.true)
        lines.append(_row([kind, t["holds"], t["unchecked"], t["wrong"], f["wrong"],
                           f["unchecked"], f["holds"]]))
    lines += ["", "Per planted error kind:", "", _row(["error", "planted", "wrong", "unchecked", "holds"]),
              _row(["---"] * 5)]
    for err in sorted({o.error for o in items if o.error and not o.true}):
        c = Counter(o.status for o in items if o.error == err and not o.true)
        lines.append(_row([err, sum(c.values()), c["wrong"], c["unchecked"], c["holds"]]))
    return lines + [""]


def _mutation_tables(groups: dict) -> list[str]:
    lines = ["## Mutation of every statement that holds", "",
             _row(["source", "statements mutated", "mutants", *OUTCOMES]), _row(["---"] * 8)]
    everything = []
    for name, mutants in groups.items():
        everything += mutants
        s = mutation_summary(mutants)
        held = len({(m.target.source, m.target.stmt_span) for m in mutants})
        lines.append(_row([name, held, s["mutants"], *(s[k] for k in OUTCOMES)]))
    s = mutation_summary(everything)
    lines.append(_row(["**all**", len({(m.target.source, m.target.stmt_span) for m in everything}),
                       s["mutants"], *(s[k] for k in OUTCOMES)]))
    lines += ["", "Per mutation kind:", "", _row(["kind", "mutants", "killed as wrong", "unchecked",
                                                  "equivalent (shown true)", "survivors",
                                                  "survivors (undecided)"]), _row(["---"] * 7)]
    for kind in KINDS:
        c = Counter(m.outcome for m in everything if m.kind == kind)
        lines.append(_row([kind, sum(c.values()), *(c[k] for k in OUTCOMES)]))
    return lines + [""]


def _survivors(mutants) -> list[str]:
    lines = ["## Survivors (mutant reported `holds`, not shown true independently)", ""]
    rows = sorted((m for m in mutants if m.outcome.startswith("survivor")),
                  key=lambda m: (m.target.source, m.target.line, m.kind, m.mutant))
    if not rows:
        return lines + ["None.", ""]
    lines += [_row(["file:line", "kind", "independent", "change [old -> new]", "checker said"]),
              _row(["---"] * 5)]
    for m in rows:
        judged = "false" if m.outcome == "survivor" else "undecided"
        lines.append(_row([f"{m.target.source}:{m.target.line}", m.kind, judged,
                           f"`{_short(m.change, 200)}`", _short(m.message, 120)]))
    return lines + [""]


def _corpus_lists(items) -> list[str]:
    lines = []
    for title, pick in (("False alarms (true item reported `wrong`)", lambda o: o.true and o.status == "wrong"),
                        ("False holds (false item reported `holds`)", lambda o: not o.true and o.status == "holds"),
                        ("Planted errors left `unchecked`", lambda o: not o.true and o.status == "unchecked")):
        rows = sorted((o for o in items if pick(o)), key=lambda o: (o.source, o.line))
        lines += [f"## {title}", ""]
        if not rows:
            lines += ["None.", ""]
            continue
        lines += [_row(["file:line", "kind", "error", "equation", "checker said"]), _row(["---"] * 5)]
        lines += [_row([f"{o.source}:{o.line}", o.kind, o.error or "", f"`{_short(o.text, 3000)}`",
                        _short(o.message, 200)]) for o in rows]
        lines.append("")
    return lines


def markdown(items, groups: dict, params: dict) -> str:
    """The whole report: parameters, corpus tables, mutation tables and the lists."""
    everything = [m for ms in groups.values() for m in ms]
    head = ["# Soundness audit of `convproof check`", "",
            "Generated by `python -m convproof.audit` (deterministic for the parameters below). "
            "A *false hold* is a known-false corpus item reported `holds`; a *false alarm* a "
            "known-true item reported `wrong`. A mutant is one single change of a statement the "
            "checker reports `holds`; it is *killed* when the re-checked document reports it "
            "`wrong`, *equivalent* when an evaluation independent of the checker "
            "(`convproof.audit.independent`: its own reader and SymPy's lark LaTeX parser) shows "
            "it true, and a *survivor* otherwise (*undecided*: the independent evaluation could "
            "not decide, never counted as killed).", "",
            "Parameters: " + ", ".join(f"{k}={v}" for k, v in params.items()), ""]
    return "\n".join(head + _corpus_tables(items) + _mutation_tables(groups) + _survivors(everything)
                     + _corpus_lists(items)) + "\n"
