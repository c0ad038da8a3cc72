"""Result records of verified statements, and their JSON / JUnit / Markdown forms.

These functions build strings; they print nothing and write no files except
:func:`write_markdown`, the one writer the ``convproof build`` job calls.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..files import write_text

__all__ = ["Result", "Counterexample", "to_json_records", "to_junit", "to_markdown", "to_machine_markdown",
           "write_markdown", "format_table", "machine_path"]

PROVEN, FAILED, SKIPPED = "proven", "failed", "skipped"


@dataclass(frozen=True)
class Counterexample:
    """The smallest failing case found (after Hypothesis shrinking), in lecture notation."""

    case: str
    inputs: dict[str, str]
    check: str
    detail: str

    def text(self) -> str:
        """Multi-line human-readable form."""
        lines = [f"case: {self.case}"]
        lines += [f"  {name} = {value}" for name, value in self.inputs.items()]
        lines.append(f"check: {self.check}")
        if self.detail:
            lines.append(f"  {self.detail}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Result:
    """Outcome of one statement over its spec sweep.

    ``status`` is ``"proven"`` (every check held), ``"failed"`` or ``"skipped"`` (``reason``
    says why, e.g. a missing optional package). ``exactness`` is ``"exact"``, ``"float"`` or
    ``"exact+float"``; ``max_error``/``tolerance`` come from the float check that came closest
    to its tolerance, ``tolerance_rule`` says how that tolerance was derived. ``notes`` record
    oracles that declined cases (e.g. PyTorch refusing 'same' with stride).
    """

    name: str
    status: str
    reason: str = ""
    specs_checked: int = 0
    checks: int = 0
    exactness: str = "exact"
    max_error: float = 0.0
    tolerance: float = 0.0
    tolerance_rule: str = ""
    seconds: float = 0.0
    counterexample: Counterexample | None = None
    notes: tuple[str, ...] = ()
    oracles: tuple[str, ...] = ()
    latex: str = ""
    mode: str = "quick"
    extra: dict[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()

    def __repr__(self) -> str:
        tail = f": {self.reason}" if self.reason else ""
        return f"<Result {self.name} {self.status}{tail}>"

    def _repr_markdown_(self) -> str:
        return to_markdown([self], title=f"`{self.name}`", machine_note=False)

    @property
    def optional(self) -> tuple[str, ...]:
        """The optional packages (outside convproof) this statement needs to run at all."""
        return tuple(m for m in self.requires if m.split(".")[0] != "convproof")

    @property
    def ok(self) -> bool:
        """Not failed (skipped is not a failure)."""
        return self.status != FAILED

    def record(self) -> dict[str, Any]:
        """JSON-ready dict: one record per statement."""
        rec = asdict(self)
        rec["counterexample"] = asdict(self.counterexample) if self.counterexample else None
        rec["notes"] = list(self.notes)
        rec["oracles"] = list(self.oracles)
        return rec


def to_json_records(results: Iterable[Result]) -> str:
    """One JSON object per line (JSON Lines), one per statement."""
    return "\n".join(json.dumps(r.record(), sort_keys=False) for r in results)


def _error_cell(r: Result) -> str:
    if r.exactness == "exact":
        return "0 (exact)"
    return f"{r.max_error:.2g} <= {r.tolerance:.2g}"


def format_table(results: Sequence[Result]) -> str:
    """Fixed-width table: statement, status, specs checked, exact/float, max error, time."""
    head = ("statement", "status", "specs", "exact/float", "max error", "time")
    rows = [(r.name, r.status, str(r.specs_checked), r.exactness, _error_cell(r), f"{r.seconds:.2f}s")
            for r in results]
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*row) for row in rows]
    return "\n".join(lines)


def _failure_text(r: Result) -> str:
    parts = [r.reason] if r.reason else []
    if r.counterexample:
        parts.append(r.counterexample.text())
    return "\n".join(parts)


def to_junit(results: Sequence[Result], suite: str = "convproof.verify") -> str:
    """JUnit XML: one ``testcase`` per statement (failed -> ``failure``, skipped -> ``skipped``)."""
    n_fail = sum(r.status == FAILED for r in results)
    n_skip = sum(r.status == SKIPPED for r in results)
    total = sum(r.seconds for r in results)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<testsuites><testsuite name={quoteattr(suite)} tests="{len(results)}" failures="{n_fail}" '
           f'errors="0" skipped="{n_skip}" time="{total:.3f}">']
    for r in results:
        group = r.name.rsplit(".", 1)[0]
        out.append(f'<testcase classname={quoteattr(suite + "." + group)} name={quoteattr(r.name)} '
                   f'time="{r.seconds:.3f}">')
        if r.status == FAILED:
            msg = r.counterexample.detail if r.counterexample and r.counterexample.detail else r.reason
            out.append(f"<failure message={quoteattr(msg or 'failed')}>{escape(_failure_text(r))}</failure>")
        elif r.status == SKIPPED:
            out.append(f"<skipped message={quoteattr(r.reason)}/>")
        props = f"specs_checked={r.specs_checked} exactness={r.exactness} max_error={r.max_error:.3g}"
        if r.notes:
            props += "\n" + "\n".join(r.notes)
        out.append(f"<system-out>{escape(props)}</system-out></testcase>")
    out.append("</testsuite></testsuites>")
    return "\n".join(out)


def _stable_status(r: Result) -> str:
    """The status a machine cannot change: a statement needing an optional package says so."""
    if r.status == FAILED or not r.optional:
        return r.status if r.status != SKIPPED else f"skipped: {r.reason}"
    return f"needs {', '.join(r.optional)} (status per machine: {MACHINE_NAME})"


MACHINE_NAME = "verify.local.md"


def to_markdown(results: Sequence[Result], title: str = "Verified statements",
                machine_note: bool = True) -> str:
    """Markdown summary that is the same on every machine and every run.

    Statement, status and declared oracles only: timings, sweep sizes, float errors and which
    optional oracles ran depend on the machine and go to :func:`to_machine_markdown`. A statement
    needing an optional package is listed as such (whatever this machine had), unless it failed.
    """
    status = [_stable_status(r) for r in results]
    counts = {s: sum(x == s for x in status) for s in (PROVEN, FAILED)}
    optional = sum(x.startswith("needs ") for x in status)
    lines = [f"# {title}", "",
             f"{counts[PROVEN]} proven, {counts[FAILED]} failed, {len(results) - counts[PROVEN] - counts[FAILED] - optional} "
             f"skipped, {optional} needing an optional package ({len(results)} statements, "
             f"mode {results[0].mode if results else '-'}).", ""]
    if machine_note:
        lines += [f"Timings, sweep sizes, float errors and the oracles that ran on the machine that wrote "
                  f"this are in `{MACHINE_NAME}` beside it (machine-specific, not committed).", ""]
    lines += ["| statement | status | oracles (declared) |", "|---|---|---|"]
    lines += [f"| `{r.name}` | {st} | {', '.join(r.oracles)} |" for r, st in zip(results, status)]
    failed = [r for r in results if r.status == FAILED]
    if failed:
        lines += ["", "## Counterexamples", ""]
        for r in failed:
            lines += [f"### `{r.name}`", "", "```", _failure_text(r), "```", ""]
    return "\n".join(lines) + "\n"


def _installed(modules: Iterable[str]) -> list[str]:
    import importlib.metadata as md

    out = []
    for mod in sorted(set(modules)):
        try:
            out.append(f"{mod} {md.version(mod)}")
        except md.PackageNotFoundError:
            out.append(f"{mod} (not installed)")
    return out


def to_machine_markdown(results: Sequence[Result], title: str = "Verification on this machine") -> str:
    """The machine-specific companion of :func:`to_markdown`: timings, sweeps, errors, oracles."""
    optional = [m.split(".")[0] for r in results for m in r.optional] + ["torch", "scipy"]
    lines = [f"# {title}", "", "Machine-specific (timings, installed optional oracles): not committed.", "",
             f"Optional packages: {', '.join(_installed(optional))}.", "",
             "| statement | status | specs | exact/float | max error | time |", "|---|---|---|---|---|---|"]
    for r in results:
        status = r.status if r.status != SKIPPED else f"skipped: {r.reason}"
        lines.append(f"| `{r.name}` | {status} | {r.specs_checked} | {r.exactness} | {_error_cell(r)} | "
                     f"{r.seconds:.2f} s |")
    noted = [r for r in results if r.notes]
    if noted:
        lines += ["", "## Notes (oracles that declined cases)", ""]
        lines += [f"- `{r.name}`: {note}" for r in noted for note in r.notes]
    return "\n".join(lines) + "\n"


def machine_path(path: str | Path) -> Path:
    """``reports/verify.md`` -> ``reports/verify.local.md`` (the machine-specific companion)."""
    path = Path(path)
    return path.with_name(path.stem + ".local" + path.suffix)


def write_markdown(results: Sequence[Result], path: str | Path = "reports/verify.md") -> Path:
    """Write :func:`to_markdown` to ``path`` and :func:`to_machine_markdown` beside it.

    ``path`` is the same on every machine (commit it); :func:`machine_path` of it is not.
    Parents are created; returns ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, to_markdown(results))
    write_text(machine_path(path), to_machine_markdown(results))
    return path
