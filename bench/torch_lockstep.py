#!/usr/bin/env python3
"""PyTorch's half of bench/vs-torch: times one turn of a layer pass whenever the Java side asks.

The Java side (dev.jgan.bench.sidebyside.VersusTorch) alternates turns of jgan and of this worker,
so both see the machine in the same state. Protocol, one line per request and per reply on
stdin/stdout:

  case OP LAYER    prepare a row (OP as in compare_pytorch.py, e.g. convT.forward)
                   -> "routes PATH [PATH...]", PyTorch's routes to the same result
  turn I           one turn of route I: an untimed call, then N timed calls back to back
                   (N chosen at 'case' so a turn lasts about --turn-ms)
                   -> "ms MEAN", the mean milliseconds per timed call
  quit             exit

Before replying to 'turn' the worker waits until its OpenMP threads have stopped spinning
(about 10 ms after a parallel region with libgomp), so they do not steal a core from jgan's turn.
Errors reply "error TEXT" and the worker goes on.

Usage: torch_lockstep.py [--threads T] [--turn-ms MS] [--shapes layer-shapes.json]
"""
import argparse
import math
import os
import sys
import time

from compare_pytorch import candidates, load_layers
from torch_threads import set_threads

HERE = os.path.dirname(os.path.abspath(__file__))
QUIET_SLICE_S = 0.002
# The process CPU clock advances in scheduler ticks (4 ms here), so one quiet-looking slice says
# little: OpenMP threads spinning for 6-8 ms after a call read 0 in some 2 ms slices.
QUIET_SLICES_IN_A_ROW = 5
QUIET_MAX_S = 0.2


def wait_until_quiet():
    """Sleeps in short slices until the process (its spinning OpenMP workers) has used almost no CPU
    for QUIET_SLICES_IN_A_ROW slices in a row."""
    waited = 0.0
    quiet = 0
    while waited < QUIET_MAX_S and quiet < QUIET_SLICES_IN_A_ROW:
        cpu = time.process_time()
        time.sleep(QUIET_SLICE_S)
        waited += QUIET_SLICE_S
        quiet = quiet + 1 if time.process_time() - cpu < QUIET_SLICE_S / 10 else 0


class Row:
    """The routes of one row, each with the number of timed calls per turn."""

    def __init__(self, torch, op, layer, layers, turn_ms):
        _, routes = candidates(torch, op, layer, layers)
        self.routes = []
        for _, path, fn, expected in routes:
            out = fn()
            if tuple(out.shape) != tuple(expected):
                raise ValueError("%s %s via %s gave shape %s, expected %s"
                                 % (op, layer, path, tuple(out.shape), tuple(expected)))
            start = time.perf_counter()
            fn()
            first_ms = (time.perf_counter() - start) * 1e3
            # [path, fn, fastest call so far in ms]; a turn takes turn_ms / fastest calls, so turns
            # after a slow first call (oneDNN creating its primitive) still last about turn_ms
            self.routes.append([path, fn, first_ms])
        self.turn_ms = turn_ms

    def turn(self, index):
        route = self.routes[index]
        fn = route[1]
        calls = max(1, math.ceil(self.turn_ms / max(route[2], 1e-3)))
        fn()
        total = 0.0
        for _ in range(calls):
            start = time.perf_counter()
            fn()
            ms = (time.perf_counter() - start) * 1e3
            total += ms
            route[2] = min(route[2], ms)
        return total / calls


def serve(torch, layers, turn_ms, lines, reply):
    row = None
    for line in lines:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "quit":
                return
            if words[0] == "case" and len(words) == 3:
                row = Row(torch, words[1], words[2], layers, turn_ms)
                reply("routes " + " ".join(route[0] for route in row.routes))
            elif words[0] == "turn" and len(words) == 2:
                if row is None:
                    raise ValueError("'turn' before any 'case'")
                ms = row.turn(int(words[1]))
                wait_until_quiet()
                reply("ms %.6f" % ms)
            else:
                raise ValueError("unknown request '%s'" % line.strip())
        except (ValueError, KeyError, IndexError, RuntimeError) as e:
            reply("error %s: %s" % (type(e).__name__, str(e).replace("\n", " ")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--turn-ms", type=float, default=10.0)
    ap.add_argument("--shapes", default=os.path.join(HERE, "layer-shapes.json"))
    args = ap.parse_args()

    def reply(text):
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    try:
        import torch
    except ImportError:
        reply("error PyTorch is not installed (import torch failed)")
        return 1
    layers = load_layers(args.shapes)
    set_threads(torch, args.threads)
    reply("ready PyTorch %s on %d thread(s)" % (torch.__version__, args.threads))
    with torch.no_grad():
        serve(torch, layers, args.turn_ms, sys.stdin, reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
