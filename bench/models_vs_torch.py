#!/usr/bin/env python3
"""Whole models, jgan against PyTorch (CPU) in alternating rounds: DCGAN-MNIST training and
BigGAN-deep-256 inference, the issue's two model targets.

Each round runs jgan, then PyTorch, as separate processes on the same thread count, and prints
both sides and their ratio; the summary gives the median over rounds of the per-round ratios (a
shared machine's speed drifts within minutes, so ratios are taken within a round).

- dcgan: `bin/gan dcgan train --dataset mnist --max-steps S` against `bench/dcgan_pytorch.py
  --steps S --convt-as-conv-grad --g-grads-only` (PyTorch's fastest CPU path), images/s over the
  whole run and over the steps after the first W (the JIT's warm-up: jgan's first hundred steps
  run while C2 compiles on the same two cores); jgan's steady figure comes from its metrics.csv.
  Both sides time the same thing: the training steps with their batches, not the samples, charts
  and checkpoints written along the way (jgan's "training steps alone"; PyTorch's script writes
  nothing inside its timed steps).
- biggan: `BigGanTiming` (gan's test classes: random weights, batch 1, truncation 0.4) against
  `bench/biggan_pytorch.py --time`, median seconds per image after warm-up runs, and each
  process's peak RSS.

Usage: models_vs_torch.py [--rounds 3] [--threads 2] [--steps 300] [--warmup-steps 100]
                          [--images 10] [dcgan] [biggan]
Needs MNIST cached by `bin/gan data fetch mnist` and PyTorch for /usr/bin/python3.
"""
import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BATCH = 128  # both DCGAN-MNIST trainers' batch


def run(command, env=None):
    """Runs a command; returns its output and its peak RSS in MiB."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output = process.stdout.read()
    # wait4 rather than process.wait(): it also gives the child's peak RSS
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("models_vs_torch: %s failed (exit %d):\n%s" % (" ".join(command), code, output[-3000:]))
    return output, usage.ru_maxrss / 1024.0


def find(pattern, text, what):
    match = re.search(pattern, text, re.MULTILINE)
    if not match:
        sys.exit("models_vs_torch: no %s in this output:\n%s" % (what, text[-3000:]))
    return float(match.group(1))


def jgan_env(threads):
    env = dict(os.environ)
    env["JGAN_JAVA_OPTS"] = ("%s -Djgan.threads=%d" % (env.get("JGAN_JAVA_OPTS", ""), threads)).strip()
    return env


def jgan_dcgan(args):
    out = tempfile.mkdtemp(prefix="jgan-dcgan-")
    try:
        text, _ = run([os.path.join(ROOT, "bin", "gan"), "dcgan", "train", "--dataset", "mnist",
                       "--max-steps", str(args.steps), "--out", out], jgan_env(args.threads))
        whole = find(r"^done: \d+ steps, [\d.]+ images/s \(training steps alone: ([\d.]+) images/s\)", text,
                     "images/s")
        seconds_at = {}
        with open(os.path.join(out, "metrics.csv")) as f:
            for row in csv.DictReader(f):
                step = int(row["step"])
                # images_per_second is cumulative over the run, every batch full (steps < one epoch)
                seconds_at[step] = step * BATCH / float(row["images_per_second"])
        steady = (args.steps - args.warmup_steps) * BATCH / (seconds_at[args.steps] - seconds_at[args.warmup_steps])
        return whole, steady
    finally:
        shutil.rmtree(out, ignore_errors=True)


def torch_dcgan(args):
    text, _ = run([args.python, os.path.join(HERE, "dcgan_pytorch.py"), "--steps", str(args.steps),
                   "--convt-as-conv-grad", "--g-grads-only", "--threads", str(args.threads),
                   "--warmup-steps", str(args.warmup_steps)])
    whole = find(r"^training step: ([\d.]+) images/s", text, "images/s")
    steady = find(r"^after the first \d+ steps: ([\d.]+) images/s", text, "steady images/s")
    return whole, steady


def jgan_biggan(args):
    classpath = os.path.join(ROOT, "gan", "target", "test-classes") + os.pathsep + os.path.join(ROOT, "gan", "target",
                                                                                                  "gan.jar")
    text, rss = run([os.path.join(ROOT, "bin", "with-jdk25"), "java", "--add-modules", "jdk.incubator.vector",
                     "-Djgan.threads=%d" % args.threads, "-XX:+UseSerialGC", "-Xmn64m", "-cp", classpath,
                     "dev.jgan.gan.biggan.BigGanTiming", str(args.images)])
    times = [float(t) for t in re.findall(r"^run \d+: [\d.]+ s for 1 image\(s\), ([\d.]+) s per image", text, re.M)]
    if len(times) < 4:
        sys.exit("models_vs_torch: BigGanTiming printed %d runs:\n%s" % (len(times), text[-3000:]))
    # the first images compile the kernels; time the rest, as the PyTorch side drops its warm-up runs
    return statistics.median(times[3:]), rss


def torch_biggan(args):
    text, rss = run([args.python, os.path.join(HERE, "biggan_pytorch.py"), "--time", "--runs", str(args.images - 3),
                     "--warmup", "3", "--threads", str(args.threads)])
    return find(r"^seconds per image \(median[^)]*\): ([\d.]+)", text, "seconds per image"), rss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", help="dcgan, biggan (default: both)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=300, help="DCGAN steps per run (below one epoch, 469)")
    parser.add_argument("--warmup-steps", type=int, default=100, help="DCGAN steps left out of the steady figure")
    parser.add_argument("--images", type=int, default=10, help="BigGAN images per run, the first 3 untimed")
    parser.add_argument("--python", default="/usr/bin/python3", help="the Python with PyTorch")
    args = parser.parse_args()
    args.models = args.models or ["dcgan", "biggan"]
    if set(args.models) - {"dcgan", "biggan"}:
        parser.error("models are dcgan and biggan, got " + " ".join(args.models))
    if not 0 < args.warmup_steps < args.steps < 469 or args.images < 4:
        parser.error("need 0 < --warmup-steps < --steps < 469 and --images >= 4")

    print("models_vs_torch: building jgan...", file=sys.stderr, flush=True)
    run([os.path.join(ROOT, "bin", "with-jdk25"), "mvn", "-B", "-q", "-DskipTests", "-f", os.path.join(ROOT, "pom.xml"),
         "-pl", "gan", "-am", "package"])
    ratios = {"dcgan whole": [], "dcgan steady": [], "biggan": []}
    for r in range(1, args.rounds + 1):
        if "dcgan" in args.models:
            jw, js = jgan_dcgan(args)
            tw, ts = torch_dcgan(args)
            ratios["dcgan whole"].append(jw / tw)
            ratios["dcgan steady"].append(js / ts)
            print("round %d dcgan-mnist images/s: jgan %.1f (after step %d: %.1f), PyTorch %.1f (%.1f): "
                  "jgan/PyTorch %.2fx (%.2fx)" % (r, jw, args.warmup_steps, js, tw, ts, jw / tw, js / ts), flush=True)
        if "biggan" in args.models:
            jt, jr = jgan_biggan(args)
            tt, tr = torch_biggan(args)
            ratios["biggan"].append(jt / tt)
            print("round %d biggan-deep-256 s/image: jgan %.3f (peak RSS %.0f MiB), PyTorch %.3f (%.0f MiB): "
                  "jgan/PyTorch %.2f" % (r, jt, jr, tt, tr, jt / tt), flush=True)
    for name, values in ratios.items():
        if values:
            meaning = ("time ratio: below 1, jgan is faster" if name == "biggan"
                       else "speed ratio: above 1, jgan is faster")
            print("%-13s median jgan/PyTorch over %d rounds: %.2f (range %.2f-%.2f) (%s)" % (
                name, len(values), statistics.median(values), min(values), max(values), meaning))


if __name__ == "__main__":
    main()
