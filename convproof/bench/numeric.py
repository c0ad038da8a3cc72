"""Benchmark of :mod:`convproof.numeric` against torch CPU: ``python -m convproof.bench.numeric [--quick]``.

Writes ``reports/bench/numeric.md`` (table), ``numeric.png`` (ratios) and ``numeric.json``
(raw medians). Every measurement runs in a fresh subprocess (``_numeric_worker``) with
``OPENBLAS_THREAD_TIMEOUT=4`` set before NumPy is imported; a second, forward-only run
unsets ``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE`` in that subprocess alone, to show what
the OpenBLAS kernel choice does to the GEMM rate.

Targets (issue 14): float64 at or below torch's time; float32 within 1.5x of torch; NumPy's
peak memory (``tracemalloc``, result included) at most 3x the inputs + output; and (issue 2) at
least 50% of the same BLAS's measured GEMM rate on the 56x56 forward.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from ..files import write_text

__all__ = ["main", "run_worker", "render_markdown"]

TARGET = {"float32": 1.5, "float64": 1.0}
MEMORY_TARGET = 3.0  # peak / (inputs + output)
NOTES = "numeric-notes.md"  # hand-written notes beside the tables, kept when they are regenerated
# --isa: both sides limited to these kernels in the measurement subprocess (an AVX2 software path on
# an AVX-512 CPU: OpenBLAS's Haswell kernel, oneDNN / ATen / MKL dispatch capped at AVX2)
ISA_ENV = {"avx2": {"OPENBLAS_CORETYPE": "Haswell", "ONEDNN_MAX_CPU_ISA": "AVX2", "ATEN_CPU_CAPABILITY": "avx2",
                    "MKL_ENABLE_INSTRUCTIONS": "AVX2"}}


def run_worker(extra: list[str], unset: tuple[str, ...] = (), setenv: dict | None = None) -> dict:
    """Run the measurement subprocess (``unset`` removed from and ``setenv`` added to its environment
    only) and return its JSON result."""
    env = dict(os.environ, OPENBLAS_THREAD_TIMEOUT=os.environ.get("OPENBLAS_THREAD_TIMEOUT", "4"))
    for key in unset:
        env.pop(key, None)
    env.update(setenv or {})
    cmd = [sys.executable, "-m", "convproof.bench._numeric_worker", *extra]
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, check=True, text=True)
    return json.loads(done.stdout)


def _verdict(row: dict, gemm: dict) -> str:
    ok = row["ratio"] <= TARGET[row["dtype"]]
    notes = [("meets" if ok else "misses") + f" <= {TARGET[row['dtype']]:g}x"]
    mem = row["numpy_peak_bytes"] / row["io_bytes"]
    notes.append(f"{'meets' if mem <= MEMORY_TARGET else 'misses'} memory ({mem:.1f}x io)")
    if "gemm_fraction_paired" in row:
        frac = row["gemm_fraction_paired"]
        notes.append(f"{'meets' if frac >= 0.5 else 'misses'} >= 50% GEMM ({100 * frac:.0f}%, paired)")
    return ", ".join(notes)


def _gemm_fraction(row: dict, gemm: dict) -> float:
    return row["flop"] / row["numpy_s"] / 1e9 / gemm[row["dtype"]]["numpy_gflops"]


def _mib(b: float) -> str:
    return f"{b / 2**20:.1f}"


def _table(rows: list[dict], gemm: dict) -> list[str]:
    out = ["| layer | operation | dtype | numpy ms | torch ms | numpy/torch (median of pairs, min-max) | "
           "numpy GFLOP/s | % of numpy GEMM | numpy peak MiB | inputs+output MiB | load | target |",
           "|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        gf = r["flop"] / r["numpy_s"] / 1e9
        out.append(f"| {r['layer']} | {r['op']} | {r['dtype']} | {r['numpy_s'] * 1e3:.1f} | {r['torch_s'] * 1e3:.1f} "
                   f"| **{r['ratio']:.2f}** ({r['ratio_min']:.2f}-{r['ratio_max']:.2f}) | {gf:.1f} "
                   f"| {100 * _gemm_fraction(r, gemm):.0f}% | {_mib(r['numpy_peak_bytes'])} | {_mib(r['io_bytes'])} "
                   f"| {r.get('load', float('nan')):.1f} | {_verdict(r, gemm)} |")
    return out


def _gemm_lines(gemm: dict) -> list[str]:
    return [f"- {dt} {v['size']}x{v['size']} GEMM: NumPy BLAS {v['numpy_gflops']:.1f} GFLOP/s, "
            f"torch {v['torch_gflops']:.1f} GFLOP/s" for dt, v in gemm.items()]


def _load_line(run: dict) -> str:
    start, end = run.get("load_start"), run.get("load_end")
    if not start or not end:
        return "- load average: not recorded"
    return (f"- 1-minute load average {start[0]:.1f} at the start, {end[0]:.1f} at the end (the `load` column is "
            "taken at the start of each row; above the core count, other jobs shared the CPUs)")


def _env_lines(env: dict) -> list[str]:
    pools = "; ".join(f"{p.get('internal_api')} {p.get('version')} ({p.get('user_api')}, "
                      f"architecture={p.get('architecture')}, threads={p.get('num_threads')}, "
                      f"{Path(p.get('filepath', '')).name})" for p in env["threadpools"])
    return [f"- CPU: {env['cpu']} ({env['cpus']} logical CPUs; flags: {env.get('cpu_flags', 'not recorded')})",
            f"- Python {env['python']}, NumPy {env['numpy']}, torch {env['torch']} "
            f"(`torch.set_num_threads({env['torch_threads']})`, equal to the BLAS threads)",
            f"- threadpoolctl: {pools}",
            f"- torch CPU capability (ATen kernels): {env.get('torch_capability', 'not recorded')}",
            f"- environment: {', '.join(f'{k}={v}' for k, v in env['env'].items())}"]


def render_markdown(main: dict, unset: dict | None, command: str, note: str = "") -> str:
    """The report: method, machine, the table, honest target summary and the OPENBLAS_CORETYPE run."""
    rows, gemm = main["rows"], main["gemm"]
    met = [r for r in rows if r["ratio"] <= TARGET[r["dtype"]]]
    lines = ["# convproof.numeric vs torch CPU", "",
             f"Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             "Times are medians; the ratio column is the median of per-pair ratios numpy/torch "
             "(lower is better).", "", *([note, ""] if note else []),
             f"Clock: {main.get('clock', 'wall time')}. "
             "Method: each measurement runs in a fresh subprocess with `OPENBLAS_THREAD_TIMEOUT=4` set before "
             "NumPy loads OpenBLAS; every call is warmed right before it is timed, a "
             f"{main['gap_s'] * 1e3:.0f} ms gap separates calls, the two sides alternate which runs first, "
             f"and each row has {main['repeats']} pairs. Peak memory: NumPy's allocations in one untimed call "
             "(`tracemalloc`; torch's allocator is not visible to it, so torch has no memory column). "
             "FLOP counts are `2*N*C_out*L_out*C_in*prod(k)` for every operation. The `% of numpy GEMM` "
             "column divides by the GEMM rate measured once at the start (it drifts with the load); the 50% "
             "target on the 56x56 forward is judged by a separate paired measurement that alternates the "
             "convolution with a square GEMM of the same dtype, so both see the same load.", "",
             "## Machine", "", *_env_lines(main["environment"]), _load_line(main), *_gemm_lines(gemm), "",
             "## Results", "", *_table(rows, gemm), "",
             "## Targets", "",
             f"{len(met)} of {len(rows)} rows meet their time target (float64 <= 1x torch, float32 <= 1.5x torch); "
             f"{sum(r['numpy_peak_bytes'] <= MEMORY_TARGET * r['io_bytes'] for r in rows)} of {len(rows)} meet the "
             f"memory target (peak <= {MEMORY_TARGET:g}x inputs + output).",
             ""]
    missed = [f"- {r['layer']} {r['op']} {r['dtype']}: {r['ratio']:.2f}x" for r in rows if r not in met]
    lines += (["Rows that miss:", "", *missed, ""] if missed else [])
    if unset is not None:
        same = all(main["environment"]["env"].get(k) is None for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
        lines += ["## With OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (that subprocess only)", "",
                  *(["Neither variable was set for the main run either, so this run has the same OpenBLAS "
                     "configuration (kernel chosen by OpenBLAS's own CPU detection) and differs only by noise.", ""]
                    if same else []),
                  *_env_lines(unset["environment"]), _load_line(unset), *_gemm_lines(unset["gemm"]), "",
                  *_table(unset["rows"], unset["gemm"]), ""]
    lines += ["## Notes", "", f"What changed in the fast path, what was measured and what lost: [{NOTES}]({NOTES}) "
              "(written by hand; this table is regenerated).", ""]
    return "\n".join(lines) + "\n"


def _plot(rows: list[dict], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(rows) + 1.5))
    labels = [f"{r['layer']} | {r['op']} | {r['dtype']}" for r in rows]
    colors = ["tab:blue" if r["dtype"] == "float32" else "tab:orange" for r in rows]
    ax.barh(range(len(rows)), [r["ratio"] for r in rows], color=colors)
    ax.axvline(1.0, color="k", lw=1, ls="--", label="float64 target (1x)")
    ax.axvline(TARGET["float32"], color="tab:blue", lw=1, ls=":", label=f"float32 target ({TARGET['float32']:g}x)")
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("numpy / torch time (median of paired ratios; lower is better)")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m convproof.bench.numeric", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 pairs per row, small GEMM, no second run")
    ap.add_argument("--repeats", type=int, default=None, help="pairs per row (default 7; --quick: 3)")
    ap.add_argument("--out", default="reports/bench", help="output folder (default reports/bench)")
    ap.add_argument("--no-unset-run", action="store_true", help="skip the OPENBLAS_CORETYPE-unset run")
    ap.add_argument("--note", default="", help="a line to print under the title (e.g. where it ran)")
    ap.add_argument("--name", default="numeric", help="file stem of the outputs (default numeric)")
    ap.add_argument("--cpu-time", action="store_true",
                    help="one thread on both sides, timed by process CPU time (for a loaded machine)")
    ap.add_argument("--gap", type=float, default=None,
                    help="seconds of idle time before each warm-up and each timed call (default 0.05)")
    ap.add_argument("--isa", choices=sorted(ISA_ENV), default=None,
                    help="limit both sides to these kernels in the measurement subprocess (avx2: OpenBLAS "
                         "Haswell kernel, oneDNN/ATen/MKL capped at AVX2): an AVX2 software path on this CPU, "
                         "not an AVX2 machine; implies --no-unset-run")
    args = ap.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 7)
    common = ["--repeats", str(repeats), "--gemm-size", "1024" if args.quick else "1536",
              *(["--cpu-time"] if args.cpu_time else []), *(["--gap", repr(args.gap)] if args.gap is not None else [])]
    main_run = run_worker(common, setenv=ISA_ENV.get(args.isa))
    unset = None
    if not (args.quick or args.no_unset_run or args.isa):
        unset = run_worker([*common, "--forward-only", "--layers", "1"],
                           unset=("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    command = "python -m convproof.bench.numeric" + (" --quick" if args.quick else "") + \
        (f" --repeats {args.repeats}" if args.repeats else "") + (" --cpu-time" if args.cpu_time else "") + \
        (f" --gap {args.gap:g}" if args.gap is not None else "") + (f" --isa {args.isa}" if args.isa else "") + \
        (f" --name {args.name}" if args.name != "numeric" else "")
    text = render_markdown(main_run, unset, command, args.note)
    if _plot(main_run["rows"], out / f"{args.name}.png"):
        text += f"\n![numpy/torch time ratio per row]({args.name}.png)\n"
    write_text(out / f"{args.name}.md", text)
    write_text(out / f"{args.name}.json", json.dumps(dict(main=main_run, coretype_unset=unset), indent=1))
    print(f"wrote {out / (args.name + '.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
