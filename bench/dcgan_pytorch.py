#!/usr/bin/env python3
"""Reference DCGAN training in PyTorch: the `mnist28` preset of jgan, for comparing quality and speed.

Same architecture and hyperparameters as jgan's `gan dcgan train --preset mnist28`:
  G: ConvT(100->256, k7 s1 p0) + BN + ReLU -> ConvT(256->128, k4 s2 p1) + BN + ReLU
     -> ConvT(128->1, k4 s2 p1) + Tanh                                          (no conv biases)
  D: Conv(1->64, k4 s2 p1) + LeakyReLU(0.2) -> Conv(64->128, k4 s2 p1) + BN + LeakyReLU(0.2)
     -> Conv(128->1, k7 s1 p0), a logit                                          (no conv biases)
  BCE-with-logits; init N(0, 0.02), BN weight N(1, 0.02), BN bias 0; Adam lr 2e-4, betas (0.5, 0.999);
  batch 128 (seeded shuffle each epoch, the last partial batch kept); z ~ N(0, 1), 100 dims;
  each step: D on real (label 1) and detached fakes (label 0), then G with the non-saturating loss.

MNIST comes from the IDX files jgan caches ($JGAN_DATA/mnist, else ~/.cache/jgan/data/mnist; fetch them
with `bin/gan data fetch mnist`), pixels mapped to [-1, 1]. Samples are drawn with G in eval mode
(batch-norm running statistics, as `gan dcgan sample` does) and written as float32 [N, 1, 28, 28] .npy
in [-1, 1], ready for `bin/gan eval --dataset mnist --samples FILE.npy`.

Usage: dcgan_pytorch.py --seed S [--epochs 1 | --steps K] [--samples 10000] [--npy out.npy]
                        [--threads 2] [--convt-as-conv-grad] [--data DIR] [--device cpu|cuda]
                        [--warmup-steps W]
A --npy path containing {epoch} (e.g. torch-e{epoch}.npy) gets samples at the end of every epoch.
Prints the images/s of the training step (D and G updates, data batching included) as it goes and
at the end; with --warmup-steps W, also over the steps after the first W.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_threads import set_threads

NZ = 100
BATCH = 128


def read_idx(path, expected_magic):
    """An IDX file as a numpy uint8 array (shape from its header)."""
    with open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic != expected_magic:
        sys.exit(f"error: {path}: magic {magic:#x}, expected {expected_magic:#x}")
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape)):
        sys.exit(f"error: {path}: header promises {shape} but holds {data.size} values")
    return data.reshape(shape)


def load_mnist_train(folder):
    path = os.path.join(folder, "train-images-idx3-ubyte")
    if not os.path.isfile(path):
        sys.exit(f"error: {path} not found (run `bin/gan data fetch mnist` first, or pass --data)")
    images = read_idx(path, 0x803).astype(np.float32) / 127.5 - 1.0
    return torch.from_numpy(images).unsqueeze(1)  # [60000, 1, 28, 28] in [-1, 1]


class ConvTransposeAsConvGrad(nn.ConvTranspose2d):
    """A transposed convolution computed as the input gradient of the matching convolution."""

    def forward(self, x):
        n, _, h, w = x.shape
        out_h = (h - 1) * self.stride[0] - 2 * self.padding[0] + self.kernel_size[0]
        out_w = (w - 1) * self.stride[1] - 2 * self.padding[1] + self.kernel_size[1]
        return torch.nn.grad.conv2d_input((n, self.out_channels, out_h, out_w), self.weight, x,
                                          stride=self.stride, padding=self.padding)


def generator(convt):
    return nn.Sequential(
        convt(NZ, 256, 7, 1, 0, bias=False), nn.BatchNorm2d(256), nn.ReLU(True),
        convt(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(True),
        convt(128, 1, 4, 2, 1, bias=False), nn.Tanh())


def discriminator():
    return nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
        nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, True),
        nn.Conv2d(128, 1, 7, 1, 0, bias=False))


def init_weights(module, gen):
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            with torch.no_grad():
                m.weight.normal_(0.0, 0.02, generator=gen)
        elif isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.normal_(1.0, 0.02, generator=gen)
                m.bias.zero_()


def build(seed, convt_as_conv_grad=False, device="cpu"):
    """G, D (initialised from `seed`) on `device` and their Adam optimizers."""
    init_gen = torch.Generator().manual_seed(seed)
    G = generator(ConvTransposeAsConvGrad if convt_as_conv_grad else nn.ConvTranspose2d)
    D = discriminator()
    init_weights(G, init_gen)
    init_weights(D, init_gen)
    G.to(device)
    D.to(device)
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    return G, D, opt_g, opt_d


def train_step(G, D, opt_g, opt_d, real, z, g_grads_only=False):
    """D on real (label 1) and detached fakes (label 0), D's step; then G through D (non-saturating), G's step
    (back-propagating into G's parameters only with `g_grads_only`, so D's weight gradients are skipped).
    Returns (loss_d, loss_g, real_logits, fake_logits), still on the device."""
    opt_d.zero_grad(set_to_none=True)
    fake = G(z)
    real_logits = D(real).view(-1)
    fake_logits = D(fake.detach()).view(-1)
    loss_d = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
              + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
    loss_d.backward()
    opt_d.step()

    opt_g.zero_grad(set_to_none=True)
    gen_logits = D(fake).view(-1)
    loss_g = F.binary_cross_entropy_with_logits(gen_logits, torch.ones_like(gen_logits))
    loss_g.backward(inputs=list(G.parameters()) if g_grads_only else None)
    opt_g.step()
    return loss_d, loss_g, real_logits, fake_logits


def synchronize(device):
    """Waits for the GPU's queued work (nothing to wait for on the CPU)."""
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize()


def write_samples(G, args, path):
    """args.samples images from G in eval mode (running batch-norm statistics), z seeded by args.seed + 3."""
    G.eval()
    sample_gen = torch.Generator().manual_seed(args.seed + 3)
    chunks = []
    with torch.no_grad():
        for start in range(0, args.samples, 500):
            count = min(500, args.samples - start)
            chunks.append(G(torch.randn(count, NZ, 1, 1, generator=sample_gen).to(args.device)).cpu())
    G.train()
    samples = torch.cat(chunks).numpy().astype(np.float32)
    np.save(path, samples)
    print(f"wrote {samples.shape[0]} samples {list(samples.shape)} to {path}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps (overrides --epochs)")
    p.add_argument("--samples", type=int, default=10000, help="samples to write to --npy")
    p.add_argument("--npy", default=None, help="write the samples here (float32 [N, 1, 28, 28] in [-1, 1]); "
                                                "a path with {epoch} is written after every epoch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--convt-as-conv-grad", action="store_true",
                   help="compute G's transposed convolutions as conv2d input gradients")
    p.add_argument("--g-grads-only", action="store_true",
                   help="the G step back-propagates into G's parameters only (backward(inputs=...)), "
                        "skipping D's weight gradients as jgan does")
    default_data = os.path.join(os.environ.get("JGAN_DATA") or os.path.expanduser("~/.cache/jgan/data"), "mnist")
    p.add_argument("--data", default=default_data, help=f"folder of the MNIST IDX files (default {default_data})")
    p.add_argument("--log-every", type=int, default=100)
    p.add_argument("--warmup-steps", type=int, default=0,
                   help="also print the images/s of the steps after this many (0: only the whole run's)")
    p.add_argument("--device", default="cpu", help="cpu or cuda (the batch is copied to it every step)")
    args = p.parse_args()

    set_threads(torch, args.threads)
    torch.manual_seed(args.seed)
    data_gen = torch.Generator().manual_seed(args.seed + 1)
    noise_gen = torch.Generator().manual_seed(args.seed + 2)

    images = load_mnist_train(args.data)
    n = images.shape[0]
    steps_per_epoch = (n + BATCH - 1) // BATCH
    total_steps = args.steps if args.steps is not None else args.epochs * steps_per_epoch

    G, D, opt_g, opt_d = build(args.seed, args.convt_as_conv_grad, args.device)

    print(f"pytorch {torch.__version__}, {args.device}, {torch.get_num_threads()} threads, seed {args.seed}, "
          f"{total_steps} steps of batch {BATCH} ({total_steps / steps_per_epoch:.2f} epochs)"
          + (", transposed convs as conv input gradients" if args.convt_as_conv_grad else "")
          + (", G step into G's parameters only" if args.g_grads_only else ""), flush=True)
    step = 0
    seen = 0
    train_seconds = 0.0
    order = None
    while step < total_steps:
        if step % steps_per_epoch == 0:
            order = torch.randperm(n, generator=data_gen)
        start = time.perf_counter()
        at = (step % steps_per_epoch) * BATCH
        real = images[order[at:at + BATCH]]
        b = real.shape[0]
        z = torch.randn(b, NZ, 1, 1, generator=noise_gen)
        loss_d, loss_g, real_logits, fake_logits = train_step(G, D, opt_g, opt_d, real.to(args.device),
                                                              z.to(args.device), args.g_grads_only)
        synchronize(args.device)
        train_seconds += time.perf_counter() - start
        seen += b
        step += 1
        if step == args.warmup_steps:
            warm_seconds, warm_seen = train_seconds, seen
        if args.npy and "{epoch}" in args.npy and (step % steps_per_epoch == 0 or step == total_steps):
            write_samples(G, args, args.npy.replace("{epoch}", str((step + steps_per_epoch - 1) // steps_per_epoch)))
        if step % args.log_every == 0 or step == total_steps:
            print(f"step {step}/{total_steps}  loss D {loss_d.item():.4f}  G {loss_g.item():.4f}  "
                  f"D(x) {torch.sigmoid(real_logits).mean().item():.3f}  "
                  f"D(G(z)) {torch.sigmoid(fake_logits).mean().item():.3f}  "
                  f"{seen / train_seconds:.1f} images/s", flush=True)

    print(f"training step: {seen / train_seconds:.1f} images/s ({seen} images in {train_seconds:.1f} s, "
          f"{torch.get_num_threads()} threads)", flush=True)
    if 0 < args.warmup_steps < step:
        print(f"after the first {args.warmup_steps} steps: {(seen - warm_seen) / (train_seconds - warm_seconds):.1f} "
              f"images/s", flush=True)

    if args.npy and "{epoch}" not in args.npy:
        write_samples(G, args, args.npy)

if __name__ == "__main__":
    main()
