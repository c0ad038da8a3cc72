"""The numeric benchmark compares like with like, and its report says which targets are met (no timing here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from convproof.bench import _numeric_worker as worker
from convproof.bench.numeric import render_markdown

TINY = [("tiny 2D", 2, 4, (7, 6), 3, (3, 2), 2, 1), ("tiny 1D", 2, 3, (9,), 4, (5,), 1, 2)]


@pytest.mark.parametrize("layer", TINY, ids=["2d", "1d"])
@pytest.mark.parametrize("op", ["forward", "grad_input", "grad_weight", "conv_transpose"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_both_sides_of_a_row_compute_the_same_thing(layer, op, dtype):
    torch = pytest.importorskip("torch")
    ours, theirs, flop, io_bytes = worker._case(torch, layer, op, dtype)
    a, b = np.asarray(ours()), theirs().numpy()
    assert a.shape == b.shape and a.dtype == b.dtype
    np.testing.assert_allclose(a, b, rtol=1e-4 if dtype == "float32" else 1e-10, atol=1e-4)
    assert flop > 0 and io_bytes > 0


def test_the_issue_rows_are_all_there():
    rows = worker.rows(forward_only=False)
    assert len(rows) == 4 * 3 + 2
    assert {op for _, op in rows} == {"forward", "grad_input", "grad_weight", "conv_transpose"}


def _row(layer, op, dtype, ratio, **extra):
    return dict(layer=layer, op=op, dtype=dtype, flop=2e9, io_bytes=2**20, numpy_s=0.05, torch_s=0.05 / ratio,
                ratio=ratio, ratio_min=ratio * 0.9, ratio_max=ratio * 1.1, repeats=3, numpy_peak_bytes=2**22,
                load=0.5, **extra)


def test_report_states_met_and_missed_targets():
    env = dict(env={"OPENBLAS_CORETYPE": None, "OPENBLAS_L2_SIZE": None}, threadpools=[], torch_threads=2,
               numpy="x", torch="y", python="3", cpu="cpu", cpus=2)
    gemm = {dt: dict(numpy_gflops=80.0, torch_gflops=80.0, size=64) for dt in ("float32", "float64")}
    rows = [_row(worker.LAYERS[0][0], "forward", "float32", 1.4, gemm_fraction_paired=0.4),
            _row(worker.LAYERS[0][0], "forward", "float64", 1.2, gemm_fraction_paired=0.6),
            _row(worker.LAYERS[1][0], "grad_input", "float64", 0.8)]
    rows[2]["numpy_peak_bytes"] = 2**21  # 2x the inputs + output: meets the 3x memory target; the others 4x
    run = dict(environment=env, rows=rows, gemm=gemm, repeats=3, gap_s=0.05, load_start=(0.5,), load_end=(0.6,))
    text = render_markdown(run, run, "cmd", "a note")
    assert "2 of 3 rows meet their time target" in text  # 1.4x f32 meets, 1.2x f64 misses, 0.8x f64 meets
    assert "1 of 3 meet the memory target" in text
    assert "meets memory (2.0x io)" in text and "misses memory (4.0x io)" in text
    assert "forward float64: 1.20x" in text
    assert "misses >= 50% GEMM (40%, paired)" in text and "meets >= 50% GEMM (60%, paired)" in text
    assert "Neither variable was set" in text and "a note" in text


def test_the_tables_point_at_the_hand_written_notes():
    from convproof.bench.numeric import NOTES

    env = dict(env={}, threadpools=[], torch_threads=1, cpu_flags=[], numpy="x", torch="y", python="3",
               cpu="cpu", cpus=2)
    gemm = {dt: dict(numpy_gflops=80.0, torch_gflops=80.0, size=64) for dt in ("float32", "float64")}
    run = dict(environment=env, rows=[], gemm=gemm, repeats=3, gap_s=0.05, load_start=(0.5,), load_end=(0.6,))
    text = render_markdown(run, None, "cmd", "")
    assert text.rstrip().endswith(f"[{NOTES}]({NOTES}) (written by hand; this table is regenerated).")
    notes = Path(__file__).resolve().parents[2] / "reports" / "bench" / NOTES
    assert notes.is_file() and "tried" in notes.read_text(encoding="utf-8").lower()


def test_the_gap_option_reaches_the_worker_and_the_report(tmp_path, monkeypatch):
    from convproof.bench import numeric as bench

    env = dict(env={}, threadpools=[], torch_threads=1, cpu_flags=[], numpy="x", torch="y", python="3",
               cpu="cpu", cpus=2)
    gemm = {dt: dict(numpy_gflops=80.0, torch_gflops=80.0, size=64) for dt in ("float32", "float64")}
    seen = []

    def fake_worker(extra, unset=(), setenv=None):
        seen.append(extra)
        gap = float(extra[extra.index("--gap") + 1]) if "--gap" in extra else 0.05
        return dict(environment=env, rows=[], gemm=gemm, repeats=3, gap_s=gap, load_start=(0.5,), load_end=(0.6,))

    monkeypatch.setattr(bench, "run_worker", fake_worker)
    assert bench.main(["--quick", "--gap", "0.001", "--out", str(tmp_path), "--name", "warm"]) == 0
    assert seen and seen[0][seen[0].index("--gap") + 1] == "0.001"
    text = (tmp_path / "warm.md").read_text(encoding="utf-8")
    assert "--gap 0.001 --name warm`" in text and "a 1 ms gap separates calls" in text
    bench.main(["--quick", "--out", str(tmp_path)])
    assert "--gap" not in seen[-1]


def test_the_isa_option_sets_the_kernels_in_the_worker_only_and_says_so(tmp_path, monkeypatch):
    """``--isa avx2``: the worker's environment caps both sides at AVX2 (OpenBLAS Haswell kernel, oneDNN,
    ATen, MKL), this process's is untouched, no OPENBLAS_CORETYPE-unset run follows, and the report
    records the variables, torch's capability and the command."""
    import json
    import os
    import subprocess

    from convproof.bench import numeric as bench

    envs = []

    def fake_run(cmd, env=None, **kw):
        envs.append(env)
        run = dict(environment=dict(env={k: env.get(k) for k in bench.ISA_ENV["avx2"]}, threadpools=[],
                                    torch_threads=1, numpy="x", torch="y", python="3", cpu="cpu", cpus=2,
                                    torch_capability="AVX2"),
                   rows=[], gemm={dt: dict(numpy_gflops=1.0, torch_gflops=1.0, size=8) for dt in ("float32", "float64")},
                   repeats=3, gap_s=0.05)
        return subprocess.CompletedProcess(cmd, 0, stdout=json.dumps(run))

    monkeypatch.setattr(bench.subprocess, "run", fake_run)
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    assert bench.main(["--repeats", "3", "--isa", "avx2", "--out", str(tmp_path), "--name", "avx2"]) == 0
    assert len(envs) == 1   # no second, CORETYPE-unset run
    assert envs[0]["OPENBLAS_CORETYPE"] == "Haswell" and envs[0]["ONEDNN_MAX_CPU_ISA"] == "AVX2"
    assert envs[0]["ATEN_CPU_CAPABILITY"] == "avx2" and "OPENBLAS_CORETYPE" not in os.environ
    text = (tmp_path / "avx2.md").read_text(encoding="utf-8")
    assert "--isa avx2 --name avx2`" in text and "OPENBLAS_CORETYPE=Haswell" in text
    assert "torch CPU capability (ATen kernels): AVX2" in text
    bench.main(["--repeats", "3", "--out", str(tmp_path)])
    assert "ONEDNN_MAX_CPU_ISA" not in envs[-1] or envs[-1]["ONEDNN_MAX_CPU_ISA"] == os.environ.get("ONEDNN_MAX_CPU_ISA")
