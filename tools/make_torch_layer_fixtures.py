"""Writes float64 PyTorch reference results for jgan's layers, for the Java TorchCrossCheckTest.

Usage: python3 tools/make_torch_layer_fixtures.py OUT_DIR   (needs torch; Debian's python3-torch is enough)

One .safetensors file per case. Inputs, parameters and buffers are drawn in float32 (so Java
reads exactly the values PyTorch used) and everything is then computed in float64:
  input.<name>        inputs of the forward
  <state name>        the module's parameters and buffers under PyTorch state_dict names
  r                   a random cotangent; the loss is L = sum(output * r)
  output              the forward result
  grad.<name>         dL/d(input or parameter)
  after.<state name>  buffers after the forward (running statistics, spectral-norm u and v)
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {torch.float32: "F32", torch.float64: "F64"}


def save(path, tensors, description):
    header = {"__metadata__": {"format": "pt", "case": description}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def drawn(gen, *shape, scale=1.0, shift=0.0):
    """Float32 draws, returned as float64 leaves that require a gradient."""
    t = (torch.randn(*shape, generator=gen, dtype=torch.float32) * scale + shift).double()
    return t.requires_grad_(True)


def case(out_dir, name, module, inputs, forward, description):
    """Runs forward(module, *inputs) in float64 training mode and saves the case."""
    module.double().train()
    before = {k: v.detach().float() for k, v in module.state_dict().items() if not k.endswith("num_batches_tracked")}
    y = forward(module, *inputs.values())
    r = torch.randn(y.shape, generator=torch.Generator().manual_seed(99), dtype=torch.float32).double()
    (y * r).sum().backward()
    tensors = {"input." + k: v.detach().float() for k, v in inputs.items()}
    tensors.update(before)
    tensors["r"] = r.float()
    tensors["output"] = y.detach()
    for k, v in inputs.items():
        tensors["grad.input." + k] = v.grad
    for k, p in module.named_parameters():
        tensors["grad." + k] = p.grad
    for k, b in module.named_buffers():
        if not k.endswith("num_batches_tracked"):
            tensors["after." + k] = b.detach()
    save(os.path.join(out_dir, name + ".safetensors"), tensors, description)


def with_float32_state(module, gen):
    """Sets every parameter and buffer to float32 draws (batch-norm variances kept positive)."""
    for k, t in module.state_dict().items():
        if k.endswith("num_batches_tracked"):
            continue
        values = torch.randn(t.shape, generator=gen, dtype=torch.float32)
        if k.endswith("running_var"):
            values = values.abs() + 0.5
        t.copy_(values)
    return module


class Attention(nn.Module):
    """BigGAN's self-attention (layers.Attention), without spectral norm."""

    def __init__(self, ch):
        super().__init__()
        self.ch = ch
        self.theta = nn.Conv2d(ch, ch // 8, 1, bias=False)
        self.phi = nn.Conv2d(ch, ch // 8, 1, bias=False)
        self.g = nn.Conv2d(ch, ch // 2, 1, bias=False)
        self.o = nn.Conv2d(ch // 2, ch, 1, bias=False)
        self.gamma = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        n, c, h, w = x.shape
        theta = self.theta(x).view(-1, c // 8, h * w)
        phi = F.max_pool2d(self.phi(x), [2, 2]).view(-1, c // 8, h * w // 4)
        g = F.max_pool2d(self.g(x), [2, 2]).view(-1, c // 2, h * w // 4)
        beta = F.softmax(torch.bmm(theta.transpose(1, 2), phi), -1)
        o = self.o(torch.bmm(g, beta.transpose(1, 2)).view(-1, c // 2, h, w))
        return self.gamma * o + x


class ConditionalBatchNorm(nn.Module):
    """BigGAN's ccbn: batch norm without affine, then (1 + gain(c)) and bias(c) per sample and channel."""

    def __init__(self, channels, cond):
        super().__init__()
        self.gain = nn.Linear(cond, channels)
        self.bias = nn.Linear(cond, channels)
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x, c):
        out = F.batch_norm(x, self.running_mean, self.running_var, None, None, self.training, 0.1, 1e-5)
        gain = (1 + self.gain(c)).view(c.shape[0], -1, 1, 1)
        bias = self.bias(c).view(c.shape[0], -1, 1, 1)
        return out * gain + bias


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    gen = torch.Generator().manual_seed(1234)
    one = lambda m, x: m(x)

    conv = with_float32_state(nn.Conv2d(3, 5, 4, stride=2, padding=1), gen)
    case(out_dir, "conv2d", conv, {"x": drawn(gen, 2, 3, 9, 7)}, one, "Conv2d(3, 5, k4, s2, p1)")

    up = with_float32_state(nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), gen)
    case(out_dir, "conv_transpose2d", up, {"x": drawn(gen, 2, 4, 5, 6)}, one,
         "ConvTranspose2d(4, 3, k3, s2, p1, output_padding 1)")

    bn = with_float32_state(nn.BatchNorm2d(3), gen)
    case(out_dir, "batch_norm2d", bn, {"x": drawn(gen, 4, 3, 5, 3, scale=2.0, shift=0.5)}, one,
         "BatchNorm2d(3), training mode, momentum 0.1")

    cbn = with_float32_state(ConditionalBatchNorm(4, 6), gen)
    case(out_dir, "conditional_batch_norm2d", cbn, {"x": drawn(gen, 3, 4, 3, 3), "c": drawn(gen, 3, 6)},
         lambda m, x, c: m(x, c), "BigGAN ccbn, 4 channels, condition 6, training mode")

    attention = with_float32_state(Attention(16), gen)
    case(out_dir, "self_attention", attention, {"x": drawn(gen, 2, 16, 4, 6)}, one, "BigGAN Attention(16)")

    sn = with_float32_state(nn.Conv2d(3, 4, 3, padding=1), gen)
    sn = nn.utils.spectral_norm(sn)
    with torch.no_grad():
        sn.weight_u.copy_(F.normalize(torch.randn(4, generator=gen, dtype=torch.float32), dim=0, eps=1e-12))
        sn.weight_v.copy_(F.normalize(torch.randn(27, generator=gen, dtype=torch.float32), dim=0, eps=1e-12))
    case(out_dir, "spectral_norm_conv2d", sn, {"x": drawn(gen, 2, 3, 5, 5)}, one,
         "spectral_norm(Conv2d(3, 4, k3, p1)), training mode: one power iteration")

    snt = with_float32_state(nn.ConvTranspose2d(4, 3, 4, stride=2, padding=1), gen)
    snt = nn.utils.spectral_norm(snt)
    with torch.no_grad():
        snt.weight_u.copy_(F.normalize(torch.randn(3, generator=gen, dtype=torch.float32), dim=0, eps=1e-12))
        snt.weight_v.copy_(F.normalize(torch.randn(64, generator=gen, dtype=torch.float32), dim=0, eps=1e-12))
    case(out_dir, "spectral_norm_conv_transpose2d", snt, {"x": drawn(gen, 2, 4, 3, 3)}, one,
         "spectral_norm(ConvTranspose2d(4, 3, k4, s2, p1)) over axis 1, training mode: one power iteration")


if __name__ == "__main__":
    main(sys.argv[1])
