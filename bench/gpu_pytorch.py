#!/usr/bin/env python3
"""The GPU benchmark's PyTorch side: the cases of jgan's GpuBench (dev.jgan.bench.gpu), timed the same way.

Cases: every convolution layer of bench/layer-shapes.json at each --conv-batches size, forward and both
backwards as autograd runs them (compare_pytorch.candidates, the 'same' route: F.conv2d /
F.conv_transpose2d and aten.convolution_backward); the DCGAN-MNIST training step (dcgan_pytorch.build and
train_step, the batch copied from the host each step as jgan's step does) at each --dcgan-batches size;
the biggan-deep-256 forward (biggan_pytorch.deep256_forward: random weights of the real architecture,
conv_to_rgb on the 3 kept channels as jgan computes it; the images copied to the host, as jgan's
BackendBigGanModel.generate returns them) at each --biggan-batches size. Each case in FP32
(cudnn.allow_tf32 = matmul.allow_tf32 = False) and TF32 (both True), cudnn.benchmark on.

Timing, as jgan's Timing: warm-up calls, then repetitions each bracketed by torch.cuda.synchronize(); a
call under the shortest repetition is repeated within one; median and minimum time per call.
Writes the rows of GpuBenchRow (impl,name,batch,pass,precision,ms_median,ms_min,tflops,note) to --csv
(default stdout) and progress to stderr.

Usage: gpu_pytorch.py [--device cuda|cpu] [--quick] [--only PREFIX,...] [--conv-batches 64,256]
                      [--dcgan-batches 128,1024] [--biggan-batches 1,16] [--small-tiles] [--csv out.csv]
  --device cpu   a dry run of the script on a machine without a GPU (use small batches)
  --small-tiles  jgan's option (it times its convolutions again on 64 x 64 tiles); accepted and ignored
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = "impl,name,batch,pass,precision,ms_median,ms_min,tflops,note"
PRECISIONS = ["FP32", "TF32"]
CONV_PASSES = ["forward", "backwardInput", "backwardWeight"]
# warm-up calls, fewest and most repetitions, target total ms, shortest repetition ms (Timing.Settings)
FULL = (3, 5, 30, 250.0, 1.0)
QUICK = (1, 3, 3, 20.0, 0.5)


def measure(fn, sync, settings):
    """(median ms, min ms) per call of fn, as jgan's Timing.measure."""
    warmup, min_reps, max_reps, target_ms, min_rep_ms = settings
    for _ in range(warmup):
        fn()
    sync()

    def time_ms(calls):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        return (time.perf_counter() - start) * 1e3

    first = time_ms(1)
    inner = min(1000, max(1, math.ceil(min_rep_ms / max(first, 1e-6))))
    reps = min(max_reps, max(min_reps, round(target_ms / (first * inner))))
    samples = [time_ms(inner) / inner for _ in range(reps)]
    return statistics.median(samples), min(samples)


def set_precision(torch, precision):
    tf32 = precision == "TF32"
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cuda.matmul.allow_tf32 = tf32


def row(name, batch, pass_, precision, ms=None, tflops=None, note=""):
    def number(v):
        return "" if v is None else "%.6g" % v
    median, fastest = ms if ms else (None, None)
    return ",".join(["pytorch", name, str(batch), pass_, precision, number(median), number(fastest),
                     number(tflops), note.replace("\n", " ")])


def conv_rows(torch, layer, batch, device, sync, settings):
    from compare_pytorch import candidates
    layers = {layer["name"]: layer}
    for pass_ in CONV_PASSES:
        for precision in PRECISIONS:
            set_precision(torch, precision)
            try:
                flop, routes = candidates(torch, layer["kind"] + "." + pass_, layer["name"], layers, device, batch)
                _, _, fn, expected = routes[0]
                out = fn()
                if tuple(out.shape) != tuple(expected):
                    raise RuntimeError("output shape %s, expected %s" % (tuple(out.shape), tuple(expected)))
                del out
                median, fastest = measure(fn, sync, settings)
                yield row(layer["name"], batch, pass_, precision, (median, fastest), flop / (median * 1e9))
            except RuntimeError as e:  # e.g. out of memory: the row says so and the run goes on
                yield row(layer["name"], batch, pass_, precision, note="failed: %s" % str(e).splitlines()[0])
            finally:
                routes = fn = None
                if device == "cuda":
                    torch.cuda.empty_cache()


def dcgan_rows(torch, batch, device, sync, settings):
    import dcgan_pytorch
    for precision in PRECISIONS:
        set_precision(torch, precision)
        G, D, opt_g, opt_d = dcgan_pytorch.build(1, device=device)
        gen = torch.Generator().manual_seed(2)
        real = torch.rand(batch, 1, 28, 28, generator=gen) * 2 - 1
        z = torch.randn(batch, dcgan_pytorch.NZ, 1, 1, generator=gen)
        losses = []

        def step():
            losses[:] = dcgan_pytorch.train_step(G, D, opt_g, opt_d, real.to(device), z.to(device))[:2]

        median, fastest = measure(step, sync, settings)
        finite = all(bool(torch.isfinite(loss)) for loss in losses)
        yield row("dcgan-mnist", batch, "train-step", precision, (median, fastest),
                  note="" if finite else "losses not finite after the timed steps")


def biggan_rows(torch, batch, device, sync, settings):
    import biggan_pytorch
    forward = biggan_pytorch.deep256_forward(batch, True, 1, device)  # the same weights and inputs in each precision

    def generate():  # the images end on the host, as jgan's generate returns them
        return forward().cpu()

    for precision in PRECISIONS:
        set_precision(torch, precision)
        with torch.no_grad():
            median, fastest = measure(generate, sync, settings)
            finite = bool(torch.isfinite(generate()).all())
        yield row("biggan-deep-256", batch, "forward", precision, (median, fastest),
                  note="random weights" + ("" if finite else "; output not finite"))
    forward = None
    if device == "cuda":
        torch.cuda.empty_cache()


def batches(text):
    values = [int(b) for b in text.split(",")]
    if any(b < 1 for b in values):
        raise argparse.ArgumentTypeError("batch sizes must be positive: " + text)
    return values


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated case name prefixes")
    ap.add_argument("--conv-batches", type=batches, default=[64, 256])
    ap.add_argument("--dcgan-batches", type=batches, default=[128, 1024])
    ap.add_argument("--biggan-batches", type=batches, default=[1, 16])
    ap.add_argument("--small-tiles", action="store_true", help="jgan's option (its 64x64 tiles); ignored here")
    ap.add_argument("--csv", help="write the rows here (default stdout)")
    ap.add_argument("--shapes", default=os.path.join(HERE, "layer-shapes.json"))
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        print("gpu_pytorch: not run, PyTorch is not installed (import torch failed)", file=sys.stderr)
        return 3
    if args.device == "cuda" and not torch.cuda.is_available():
        print("gpu_pytorch: not run, torch.cuda.is_available() is false (PyTorch %s)" % torch.__version__,
              file=sys.stderr)
        return 3
    torch.backends.cudnn.benchmark = True
    cuda = args.device == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    settings = QUICK if args.quick else FULL
    only = [p for p in args.only.split(",") if p]

    def selected(name):
        return not only or any(name.startswith(p) for p in only)

    if cuda:
        where = "%s (cuDNN %s)" % (torch.cuda.get_device_name(0), torch.backends.cudnn.version())
    else:
        where = "cpu, %d threads" % torch.get_num_threads()
    out = open(args.csv, "w") if args.csv else sys.stdout
    print("# PyTorch %s on %s, %s timing" % (torch.__version__, where, "quick" if args.quick else "full"), file=out)
    print(HEADER, file=out)

    def emit(rows):
        for line in rows:
            print(line, file=out, flush=True)
            print("gpu_pytorch: " + line, file=sys.stderr, flush=True)

    with open(args.shapes) as f:
        layers = json.load(f)
    with torch.no_grad():
        for layer in layers:
            if selected(layer["name"]):
                for batch in args.conv_batches:
                    emit(conv_rows(torch, layer, batch, args.device, sync, settings))
    if selected("dcgan-mnist"):
        for batch in args.dcgan_batches:
            emit(dcgan_rows(torch, batch, args.device, sync, settings))
    if selected("biggan-deep-256"):
        for batch in args.biggan_batches:
            emit(biggan_rows(torch, batch, args.device, sync, settings))
    if args.csv:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
