"""Measurement process of ``python -m convproof.bench.numeric`` (prints one JSON document).

Run in a fresh subprocess so that ``OPENBLAS_THREAD_TIMEOUT`` (and, for the second run, the
absence of ``OPENBLAS_CORETYPE`` / ``OPENBLAS_L2_SIZE``) is in place before NumPy loads
OpenBLAS. Method: warm each operation right before timing it, leave a gap between calls so
idle BLAS/OpenMP threads go to sleep, alternate which side runs first, report medians of the
paired ratios numpy/torch, and measure NumPy's peak memory with ``tracemalloc`` in a separate
untimed call.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from typing import Any, Callable  # noqa: E402

import numpy as np  # noqa: E402

# (name, batch, channels, spatial size, out channels, kernel, stride, padding)
LAYERS = [
    ("N8 C64 56x56 K64 3x3 s1 p1", 8, 64, (56, 56), 64, (3, 3), 1, 1),
    ("N8 C128 28x28 K128 3x3 s2 p1", 8, 128, (28, 28), 128, (3, 3), 2, 1),
    ("N1 C3 224x224 K64 7x7 s2 p3", 1, 3, (224, 224), 64, (7, 7), 2, 3),
    ("1D N16 C64 L1024 K64 k5 p2", 16, 64, (1024,), 64, (5,), 1, 2),
]
OPS = ("forward", "grad_input", "grad_weight")
TRANSPOSED = LAYERS[:2]  # conv_transpose: the first two layers reversed (output -> input)


CLOCK = time.perf_counter  # --cpu-time: time.process_time with one thread on both sides


def _timed(fn: Callable[[], Any]) -> float:
    start = CLOCK()
    fn()
    return CLOCK() - start


def _peak_bytes(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def paired(ours: Callable[[], Any], theirs: Callable[[], Any], repeats: int, gap: float) -> dict:
    """Alternate the two sides ``repeats`` times; each call warmed right before it is timed."""
    t_ours, t_theirs = [], []
    for r in range(repeats):
        order = [(ours, t_ours), (theirs, t_theirs)]
        for fn, sink in (order if r % 2 == 0 else order[::-1]):
            fn()  # warm-up right before timing
            time.sleep(gap)
            sink.append(_timed(fn))
            time.sleep(gap)
    ratios = [a / b for a, b in zip(t_ours, t_theirs)]
    return dict(numpy_s=statistics.median(t_ours), torch_s=statistics.median(t_theirs),
                ratio=statistics.median(ratios), ratio_min=min(ratios), ratio_max=max(ratios),
                repeats=repeats)


def gemm_rates(torch: Any, size: int, repeats: int, gap: float) -> dict:
    """Square GEMM GFLOP/s of NumPy's BLAS and of torch, float32 and float64."""
    out = {}
    rng = np.random.default_rng(0)
    for dt in ("float32", "float64"):
        a = rng.standard_normal((size, size)).astype(dt)
        ta = torch.from_numpy(a)
        res = paired(lambda: a @ a, lambda: ta @ ta, repeats, gap)
        flop = 2 * size ** 3
        out[dt] = dict(numpy_gflops=flop / res["numpy_s"] / 1e9, torch_gflops=flop / res["torch_s"] / 1e9,
                       size=size)
    return out


def gemm_fraction_paired(ours: Callable[[], Any], flop: float, dt: str, size: int, repeats: int,
                         gap: float) -> float:
    """Rate of ``ours`` over NumPy's square-GEMM rate, both timed in alternating pairs (same load)."""
    a = np.random.default_rng(1).standard_normal((size, size)).astype(dt)
    res = paired(ours, lambda: a @ a, repeats, gap)
    return flop / (2.0 * size ** 3) / res["ratio"]


def _case(torch: Any, layer: tuple, op: str, dt: str) -> tuple[Callable, Callable, float, int]:
    """``(numpy_fn, torch_fn, flop, bytes of inputs + output)`` for one row."""
    from convproof import numeric

    _, n, c, size, k, ks, s, p = layer
    nd = len(size)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c, *size)).astype(dt)
    w = rng.standard_normal((k, c, *ks)).astype(dt)
    osz = tuple((i + 2 * p - kk) // s + 1 for i, kk in zip(size, ks))
    g = rng.standard_normal((n, k, *osz)).astype(dt)
    tx, tw, tg = (torch.from_numpy(a) for a in (x, w, g))
    F, grad = torch.nn.functional, torch.nn.grad
    flop = 2.0 * n * k * math.prod(osz) * c * math.prod(ks)
    kw = dict(stride=s, padding=p)
    if op == "forward":
        conv = getattr(F, f"conv{nd}d")
        return (lambda: numeric.conv(x, w, **kw), lambda: conv(tx, tw, **kw), flop, x.nbytes + w.nbytes + g.nbytes)
    if op == "grad_input":
        fn = getattr(grad, f"conv{nd}d_input")
        return (lambda: numeric.conv_grad_input(x.shape, w, g, **kw), lambda: fn(x.shape, tw, tg, **kw), flop,
                x.nbytes + w.nbytes + g.nbytes)
    if op == "grad_weight":
        fn = getattr(grad, f"conv{nd}d_weight")
        return (lambda: numeric.conv_grad_weight(x, w.shape, g, **kw), lambda: fn(tx, w.shape, tg, **kw), flop,
                x.nbytes + w.nbytes + g.nbytes)
    out_pad = tuple((i + 2 * p - kk) % s for i, kk in zip(size, ks))  # restores the forward input size
    fn = getattr(F, f"conv_transpose{nd}d")
    tkw = dict(kw, output_padding=out_pad)
    return (lambda: numeric.conv_transpose(g, w, **tkw), lambda: fn(tg, tw, **tkw), flop,
            x.nbytes + w.nbytes + g.nbytes)


def rows(forward_only: bool) -> list[tuple[tuple, str]]:
    out = [(layer, op) for layer in LAYERS for op in (("forward",) if forward_only else OPS)]
    if not forward_only:
        out += [(layer, "conv_transpose") for layer in TRANSPOSED]
    return out


def environment(torch: Any) -> dict:
    from threadpoolctl import threadpool_info

    env = {k: os.environ.get(k) for k in ("OPENBLAS_THREAD_TIMEOUT", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                          "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "ONEDNN_MAX_CPU_ISA",
                                          "ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS")}
    cpu, flags = platform.processor() or platform.machine(), "not recorded"
    try:
        with open("/proc/cpuinfo") as fh:
            info = fh.read().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
        have = set(next(line.split(":", 1)[1].split() for line in info if line.startswith("flags")))
        flags = " ".join(f for f in ("avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile")
                         if f in have) or "none of avx/avx2/fma/avx512f"
    except (OSError, StopIteration):
        pass
    capability = getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", lambda: "not recorded")()
    return dict(env=env, threadpools=threadpool_info(), torch_threads=torch.get_num_threads(),
                torch_capability=capability,
                numpy=np.__version__, torch=torch.__version__, python=sys.version.split()[0], cpu=cpu, cpu_flags=flags,
                cpus=os.cpu_count())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--gap", type=float, default=0.05)
    ap.add_argument("--gemm-size", type=int, default=1536)
    ap.add_argument("--forward-only", action="store_true")
    ap.add_argument("--layers", type=int, default=len(LAYERS), help="use only the first N layers")
    ap.add_argument("--cpu-time", action="store_true",
                    help="one thread on both sides (BLAS, torch, convproof's copies), timed by process CPU time: "
                         "the work done, robust to other jobs' load")
    args = ap.parse_args(argv)
    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    global CLOCK
    if args.cpu_time:
        from convproof.numeric import _threads

        threadpool_limits(1)
        _threads.workers = lambda: 1
        CLOCK = time.process_time
    blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    threads = blas[0]["num_threads"] if blas else os.cpu_count()
    torch.set_num_threads(threads)
    result: dict = dict(environment=environment(torch), rows=[], repeats=args.repeats, gap_s=args.gap,
                        clock="process CPU time, 1 thread" if args.cpu_time else "wall time")
    result["gemm"] = gemm_rates(torch, args.gemm_size, args.repeats, args.gap)
    result["load_start"] = os.getloadavg()
    for layer, op in rows(args.forward_only):
        if LAYERS.index(layer) >= args.layers:
            continue
        for dt in ("float32", "float64"):
            ours, theirs, flop, io_bytes = _case(torch, layer, op, dt)
            row = dict(layer=layer[0], op=op, dtype=dt, flop=flop, io_bytes=io_bytes, load=os.getloadavg()[0])
            row.update(paired(ours, theirs, args.repeats, args.gap))
            row["numpy_peak_bytes"] = _peak_bytes(ours)
            if op == "forward" and layer is LAYERS[0]:
                row["gemm_fraction_paired"] = gemm_fraction_paired(ours, flop, dt, args.gemm_size, args.repeats,
                                                                   args.gap)
            result["rows"].append(row)
            print(f"{layer[0]:32s} {op:15s} {dt}: ratio {row['ratio']:.2f}", file=sys.stderr, flush=True)
    result["load_end"] = os.getloadavg()
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
