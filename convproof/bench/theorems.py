"""Benchmark of the theorem engine: ``python -m convproof.bench.theorems`` -> ``reports/bench/theorems.md``.

Times proving every theorem of :mod:`convproof.theorems` (the correct ones; the wrong variants'
refutations, with counterexample shrinking, are timed separately), median of ``--runs`` runs, in
this process. The goal is under 10 s in total. Machine facts (CPU model, AVX2/AVX-512 flags from
``/proc/cpuinfo``, load average) are written next to the numbers, since the times depend on them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

GOAL_SECONDS = 10.0


def cpu_facts() -> dict:
    """CPU model, core count and whether the CPU flags include avx2 / avx512f (Linux ``/proc/cpuinfo``)."""
    facts = {"model": platform.processor() or platform.machine(), "cpus": os.cpu_count(), "avx2": None,
             "avx512f": None}
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return facts
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and facts["model"] in ("", platform.machine(), platform.processor()):
            facts["model"] = value.strip()
        if key.strip() == "flags":
            flags = set(value.split())
            facts["avx2"], facts["avx512f"] = "avx2" in flags, "avx512f" in flags
    return facts


def flag_summary(facts: dict) -> str:
    """``avx2: yes, avx512f: no`` from :func:`cpu_facts` (``unknown`` where it could not tell).

    >>> flag_summary({"avx2": True, "avx512f": None})
    'avx2: yes, avx512f: unknown'
    """
    return ", ".join(f"{f}: {'yes' if facts[f] else 'no' if facts[f] is not None else 'unknown'}"
                     for f in ("avx2", "avx512f"))


def time_all(theorems, runs: int) -> dict:
    """``{name: [seconds per run]}`` and the per-run totals (each proof in its own fresh z3 context)."""
    from convproof.theorems import prove

    per: dict = {t.name: [] for t in theorems}
    totals, statuses = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        for t in theorems:
            a = time.perf_counter()
            statuses[t.name] = prove(t).status
            per[t.name].append(time.perf_counter() - a)
        totals.append(time.perf_counter() - start)
    return {"per": per, "totals": totals, "statuses": statuses}


def render(correct: dict, wrong: dict, runs: int, facts: dict, load: tuple) -> str:
    from convproof.theorems import Z3_VERSION

    med = statistics.median(correct["totals"])
    med_wrong = statistics.median(wrong["totals"])
    ok = sum(s == "proved" for s in correct["statuses"].values())
    refuted = sum(s == "refuted" for s in wrong["statuses"].values())
    verdict = "meets" if med < GOAL_SECONDS and ok == len(correct["statuses"]) else "MISSES"
    flags = flag_summary(facts)
    lines = [
        "# Theorem engine benchmark", "",
        f"Proving all {len(correct['statuses'])} theorems of `convproof.theorems` ({ok} proved): median total "
        f"**{med:.2f} s** over {runs} runs (goal < {GOAL_SECONDS:.0f} s: {verdict}). Refuting the "
        f"{len(wrong['statuses'])} wrong variants ({refuted} refuted), smallest counterexample included: median "
        f"{med_wrong:.2f} s.", "",
        f"Machine: {facts['model']}, {facts['cpus']} CPUs ({flags}); Python {platform.python_version()}, "
        f"z3 {Z3_VERSION}. Load average (1 min) {load[0]:.1f} before and {load[1]:.1f} after: the machine may be "
        f"shared, so times are upper bounds. Command: `python -m convproof.bench.theorems --runs {runs}`.", "",
        "| theorem | status | median | max |", "|---|---|---|---|",
    ]
    for name, times in correct["per"].items():
        lines.append(f"| `{name}` | {correct['statuses'][name]} | {statistics.median(times) * 1000:.0f} ms | "
                     f"{max(times) * 1000:.0f} ms |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from convproof.theorems import correct, wrong_variants

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="runs to take the median of (default 5)")
    p.add_argument("--out", default="reports/bench/theorems.md", help="Markdown file to write")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error(f"--runs={args.runs}: must be at least 1")
    before = os.getloadavg()[0]
    good = time_all(correct(), args.runs)
    bad = time_all(wrong_variants(), max(1, args.runs // 2))
    text = render(good, bad, args.runs, cpu_facts(), (before, os.getloadavg()[0]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
