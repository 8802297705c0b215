#!/usr/bin/env python3
"""Times jgan's benchmark operations with PyTorch on the CPU, for bench/run --compare.

Same layer shapes (bench/layer-shapes.json) and GEMM sizes as the JMH benchmarks, at
1 and 2 threads (or as asked; OpenBLAS included, see torch_threads.py); reports the median time per call and GFLOP/s
(2 x multiply-adds / time). Operations: conv forward and both backwards as autograd runs them
(aten.convolution_backward), transposed conv the same, sgemm via torch.mm. For transposed
convolutions it also times the other PyTorch route to the same result (e.g. the forward as
torch.nn.grad.conv2d_input) and reports the faster route as the 'best' variant.

Usage: compare_pytorch.py [--plan plan.json] [--json out.json] [--threads 1,2] [--quick]
  --plan   rows to time, as written by ResultTable --plan (default: every shape, op and size)
  --quick  3 repeats of at least 50 ms (default: 7 of at least 200 ms); slow calls get fewer
"""
import argparse
import json
import os
import statistics
import sys
import time

from torch_threads import set_threads

HERE = os.path.dirname(os.path.abspath(__file__))
CONV_OPS = ["forward", "backwardInput", "backwardWeight"]
GEMM_SIZES = ["512", "1024", "2048"]


def default_plan(shapes, threads):
    plan = []
    for t in threads:
        plan += [{"op": "sgemm", "shape": n, "threads": t} for n in GEMM_SIZES]
        for s in shapes:
            plan += [{"op": s["kind"] + "." + op, "shape": s["name"], "threads": t} for op in CONV_OPS]
    return plan


def candidates(torch, op, shape, layers, device="cpu", batch=None):
    """(flop, [(variant, path, fn, expected output shape)]) for one row; tensors on `device`, the
    layer's own batch unless `batch` is given."""
    F = torch.nn.functional
    cb = torch.ops.aten.convolution_backward
    if op == "sgemm":
        n = int(shape)
        a, b, c = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
        return 2.0 * n ** 3, [("same", "torch.mm", lambda: torch.mm(a, b, out=c), (n, n))]
    s = layers[shape]
    kind, method = op.split(".")
    n = batch or s["n"]
    st, pd, dl = [s["s"]] * 2, [s["p"]] * 2, [1, 1]
    x = torch.randn(n, s["cin"], s["h"], s["w"], device=device)
    dy = torch.randn(n, s["cout"], s["outH"], s["outW"], device=device)
    flop = 2.0 * s["macs"] * n / s["n"]
    if kind == "conv":
        w = torch.randn(s["cout"], s["cin"], s["k"], s["k"], device=device)
        routes = {
            "forward": [("same", "F.conv2d", lambda: F.conv2d(x, w, None, st, pd), dy.shape)],
            "backwardInput": [("same", "aten.convolution_backward", lambda: cb(
                dy, x, w, None, st, pd, dl, False, [0, 0], 1, (True, False, False))[0], x.shape)],
            "backwardWeight": [("same", "aten.convolution_backward", lambda: cb(
                dy, x, w, None, st, pd, dl, False, [0, 0], 1, (False, True, False))[1], w.shape)],
        }
    else:
        w = torch.randn(s["cin"], s["cout"], s["k"], s["k"], device=device)
        routes = {
            "forward": [
                ("same", "F.conv_transpose2d", lambda: F.conv_transpose2d(x, w, None, st, pd), dy.shape),
                ("alt", "grad.conv2d_input", lambda: torch.nn.grad.conv2d_input(
                    dy.shape, w, x, st, pd), dy.shape)],
            "backwardInput": [
                ("same", "aten.convolution_backward", lambda: cb(
                    dy, x, w, None, st, pd, dl, True, [0, 0], 1, (True, False, False))[0], x.shape),
                ("alt", "F.conv2d", lambda: F.conv2d(dy, w, None, st, pd), x.shape)],
            "backwardWeight": [
                ("same", "aten.convolution_backward", lambda: cb(
                    dy, x, w, None, st, pd, dl, True, [0, 0], 1, (False, True, False))[1], w.shape),
                ("alt", "grad.conv2d_weight", lambda: torch.nn.grad.conv2d_weight(
                    dy, w.shape, x, st, pd), w.shape)],
        }
    return flop, routes[method]


def load_layers(path):
    """The layers of bench/layer-shapes.json by name."""
    with open(path) as f:
        return {s["name"]: s for s in json.load(f)}


def median_ms(fn, min_seconds, repeats, budget_seconds):
    """Median over `repeats` of the mean time per call, each repeat running at least min_seconds;
    calls slower than the budget allows get fewer repeats (at least one)."""
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    if first < budget_seconds / 4:
        fn()
    calls = max(1, int(min_seconds / max(first, 1e-6)))
    repeats = max(1, min(repeats, int(budget_seconds / (first * calls))))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) * 1e3 / calls)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plan", help="rows to time (JSON from ResultTable --plan)")
    ap.add_argument("--json", help="write the timings here")
    ap.add_argument("--threads", default="1,%d" % (os.cpu_count() or 1))
    ap.add_argument("--quick", action="store_true", help="3 short repeats instead of 7")
    ap.add_argument("--shapes", default=os.path.join(HERE, "layer-shapes.json"))
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        print("compare_pytorch: PyTorch is not installed (import torch failed); skipping the comparison")
        return 0

    layers = load_layers(args.shapes)
    if args.plan:
        with open(args.plan) as f:
            plan = json.load(f)
    else:
        threads = sorted({int(t) for t in args.threads.split(",")})
        plan = default_plan(layers.values(), threads)
    min_seconds, repeats, budget = (0.05, 3, 2.0) if args.quick else (0.2, 7, 6.0)

    results = []
    print("PyTorch %s, %s" % (torch.__version__, "oneDNN" if torch.backends.mkldnn.is_available() else "no oneDNN"))
    print("%-22s %-15s %3s %10s %9s  %s" % ("op", "shape", "thr", "ms/op", "GFLOP/s", "path"))
    with torch.no_grad():
        for row in sorted(plan, key=lambda r: r["threads"]):
            set_threads(torch, int(row["threads"]))
            flop, routes = candidates(torch, row["op"], row["shape"], layers)
            timed = []
            for variant, path, fn, expected in routes:
                out = fn()
                if tuple(out.shape) != tuple(expected):
                    raise SystemExit("compare_pytorch: %s %s via %s gave shape %s, expected %s"
                                     % (row["op"], row["shape"], path, tuple(out.shape), tuple(expected)))
                ms = median_ms(fn, min_seconds, repeats, budget)
                timed.append((ms, path))
                print("%-22s %-15s %3d %10.3f %9.1f  %s" % (row["op"], row["shape"], row["threads"], ms,
                                                          flop / (ms * 1e6), path), flush=True)
                if variant == "same":
                    results.append(dict(row, variant="same", path=path, ms=ms))
            if len(timed) > 1:
                ms, path = min(timed)
                results.append(dict(row, variant="best", path=path, ms=ms))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
