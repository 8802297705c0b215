#!/usr/bin/env python3
"""BigGAN-deep generator (pytorch-pretrained-BigGAN's architecture) in PyTorch, eval mode, CPU.

A from-scratch PyTorch port of the generator jgan runs (gan/.../biggan), for checking it against the
reference fixtures and for timing PyTorch side by side with jgan on the full biggan-deep-256 model.
Spectral norm is applied as PyTorch's spectral_norm does in eval mode: the stored u and v are only
read, sigma = u . (W_mat v) with W_mat = weight_orig.reshape(out, -1), W = weight_orig / sigma;
computed once when the weights are loaded. Batch-norm statistics are picked from the truncation
exactly as the reference codes it (modf(t / (1 / (n_stats - 1))), coefficients as written there).

  biggan_pytorch.py --check FIXTURE_DIR [--write OUT_DIR] [--threads 2]
      Loads FIXTURE_DIR/config.json and pytorch_model.bin (torch.load), runs every case of
      cases.json and compares with expected_<case>.npy by compare.py's float rule (same shape,
      finite, relative L2 <= 1e-4, max abs <= 1e-3). Prints one line per case; exit 1 if any
      fails. --write also saves expected_<case>.npy and expected_<case>_uint8.npy under OUT_DIR,
      for `compare.py --fixture FIXTURE_DIR OUT_DIR`.

  biggan_pytorch.py --time [--runs 7] [--warmup 2] [--threads 2] [--rgb3] [--seed 1] [--batch 1] [--device cpu]
      Builds biggan-deep-256 (channel width 128, z 128, 1000 classes, 256x256) with random
      weights scaled like a trained model's (so activations stay finite), generates --batch images
      per call at truncation 0.4 on --device (cpu or cuda) and prints the median seconds per image
      over --runs timed runs after --warmup untimed ones, then the process's peak RSS. --rgb3 makes conv_to_rgb
      compute only the 3 output channels that are kept (the reference computes channel_width
      of them and drops the rest); the output is the same.

Threads are set with torch_threads.set_threads, which also pins Debian's pthread OpenBLAS.
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from torch_threads import set_threads

REL_L2_MAX = 1e-4
MAX_ABS_MAX = 1e-3
TIMED_TRUNCATION = 0.4  # the truncation --time generates at

LAYERS_128 = [[False, 16, 16], [True, 16, 16], [False, 16, 16], [True, 16, 8], [False, 8, 8],
              [True, 8, 4], [False, 4, 4], [True, 4, 2], [False, 2, 2], [True, 2, 1]]
LAYERS_256 = [[False, 16, 16], [True, 16, 16], [False, 16, 16], [True, 16, 8], [False, 8, 8],
              [True, 8, 8], [False, 8, 8], [True, 8, 4], [False, 4, 4], [True, 4, 2], [False, 2, 2],
              [True, 2, 1]]
DEFAULT_CONFIG = {"attention_layer_position": 8, "channel_width": 128, "class_embed_dim": 128,
                  "eps": 1e-4, "layers": LAYERS_128, "n_stats": 51, "num_classes": 1000,
                  "output_dim": 128, "z_dim": 128}


def read_config(path):
    """config.json over the BigGAN-128 defaults, as the reference's from_dict does."""
    config = dict(DEFAULT_CONFIG)
    with open(path, encoding="utf-8") as f:
        config.update(json.load(f))
    return config


def deep256_config():
    return dict(DEFAULT_CONFIG, layers=LAYERS_256, output_dim=256)


def block_prefix(config, i):
    """Module prefix of config layer i: the self-attention takes the ModuleList slot before it."""
    pos = config["attention_layer_position"]
    return "generator.layers.%d" % (i if i < pos else i + 1)


def parameter_shapes(config):
    """Resolved parameter names and shapes (spectral-norm modules as one '<module>.weight')."""
    ch, cond, n_stats = config["channel_width"], 2 * config["z_dim"], config["n_stats"]
    shapes = {"embeddings.weight": (config["z_dim"], config["num_classes"]),
              "generator.gen_z.bias": (16 * 16 * ch,),
              "generator.gen_z.weight": (16 * 16 * ch, cond)}
    for i, (_, in_mult, out_mult) in enumerate(config["layers"]):
        c_in, c_out = ch * in_mult, ch * out_mult
        if i == config["attention_layer_position"]:
            a = "generator.layers.%d" % i
            shapes.update({a + ".gamma": (1,),
                           a + ".snconv1x1_theta.weight": (c_in // 8, c_in, 1, 1),
                           a + ".snconv1x1_phi.weight": (c_in // 8, c_in, 1, 1),
                           a + ".snconv1x1_g.weight": (c_in // 2, c_in, 1, 1),
                           a + ".snconv1x1_o_conv.weight": (c_in, c_in // 2, 1, 1)})
        p, mid = block_prefix(config, i), c_in // 4
        for k, (channels, conv_out, conv_in, kernel) in enumerate(
                [(c_in, mid, c_in, 1), (mid, mid, mid, 3), (mid, mid, mid, 3), (mid, c_out, mid, 1)]):
            bn = "%s.bn_%d" % (p, k)
            shapes.update({bn + ".running_means": (n_stats, channels),
                           bn + ".running_vars": (n_stats, channels),
                           bn + ".scale.weight": (channels, cond),
                           bn + ".offset.weight": (channels, cond),
                           "%s.conv_%d.bias" % (p, k): (conv_out,),
                           "%s.conv_%d.weight" % (p, k): (conv_out, conv_in, kernel, kernel)})
    shapes.update({"generator.bn.weight": (ch,), "generator.bn.bias": (ch,),
                   "generator.bn.running_means": (n_stats, ch), "generator.bn.running_vars": (n_stats, ch),
                   "generator.conv_to_rgb.bias": (ch,), "generator.conv_to_rgb.weight": (ch, ch, 3, 3)})
    return shapes


def resolve_spectral_norm(state_dict):
    """State dict with each weight_orig/weight_u/weight_v triple replaced by the eval-mode weight."""
    resolved = {}
    for name, tensor in state_dict.items():
        if name.endswith(".weight_u") or name.endswith(".weight_v"):
            continue
        if name.endswith(".weight_orig"):
            module = name[:-len(".weight_orig")]
            u, v = state_dict[module + ".weight_u"], state_dict[module + ".weight_v"]
            sigma = torch.dot(u, torch.mv(tensor.reshape(tensor.shape[0], -1), v))
            resolved[module + ".weight"] = tensor / sigma
        else:
            resolved[name] = tensor
    return resolved


def check_shapes(config, weights):
    expected = parameter_shapes(config)
    missing = sorted(set(expected) - set(weights))
    extra = sorted(set(weights) - set(expected))
    if missing or extra:
        sys.exit("error: weights do not fit the config: missing %s, unexpected %s" % (missing[:5], extra[:5]))
    for name, shape in expected.items():
        if tuple(weights[name].shape) != shape:
            sys.exit("error: %s has shape %s, the config implies %s" % (name, tuple(weights[name].shape), shape))


class BigGanDeep:
    """The generator's forward pass over resolved weights (a dict name -> tensor)."""

    def __init__(self, config, weights, rgb3=False):
        check_shapes(config, weights)
        self.config = config
        self.w = weights
        self.eps = config["eps"]
        self.step_size = 1.0 / (config["n_stats"] - 1)
        if rgb3:
            self.rgb_weight = weights["generator.conv_to_rgb.weight"][:3].contiguous()
            self.rgb_bias = weights["generator.conv_to_rgb.bias"][:3].contiguous()
        else:
            self.rgb_weight = weights["generator.conv_to_rgb.weight"]
            self.rgb_bias = weights["generator.conv_to_rgb.bias"]

    def stats(self, prefix, truncation):
        """Mean and variance for the truncation, with the reference's modf lookup and coefficient order."""
        coef, start = math.modf(truncation / self.step_size)
        start = int(start)
        means, var_rows = self.w[prefix + ".running_means"], self.w[prefix + ".running_vars"]
        if coef != 0.0:
            return (means[start] * coef + means[start + 1] * (1 - coef),
                    var_rows[start] * coef + var_rows[start + 1] * (1 - coef))
        return means[start], var_rows[start]

    def conditional_bn(self, prefix, x, truncation, cond):
        mean, var = self.stats(prefix, truncation)
        mean = mean[None, :, None, None]
        var = var[None, :, None, None]
        gain = 1 + F.linear(cond, self.w[prefix + ".scale.weight"])[:, :, None, None]
        offset = F.linear(cond, self.w[prefix + ".offset.weight"])[:, :, None, None]
        return (x - mean) / torch.sqrt(var + self.eps) * gain + offset

    def conv(self, prefix, x, padding):
        return F.conv2d(x, self.w[prefix + ".weight"], self.w[prefix + ".bias"], padding=padding)

    def gen_block(self, prefix, x, cond, truncation, up_sample, drop_channels):
        h = self.conv(prefix + ".conv_0", F.relu(self.conditional_bn(prefix + ".bn_0", x, truncation, cond)), 0)
        h = F.relu(self.conditional_bn(prefix + ".bn_1", h, truncation, cond))
        if up_sample:
            h = F.interpolate(h, scale_factor=2, mode="nearest")
        h = self.conv(prefix + ".conv_1", h, 1)
        h = self.conv(prefix + ".conv_2", F.relu(self.conditional_bn(prefix + ".bn_2", h, truncation, cond)), 1)
        h = self.conv(prefix + ".conv_3", F.relu(self.conditional_bn(prefix + ".bn_3", h, truncation, cond)), 0)
        shortcut = x[:, :x.shape[1] // 2] if drop_channels else x
        if up_sample:
            shortcut = F.interpolate(shortcut, scale_factor=2, mode="nearest")
        return h + shortcut

    def self_attention(self, prefix, x):
        n, c, height, width = x.shape
        hw = height * width
        theta = F.conv2d(x, self.w[prefix + ".snconv1x1_theta.weight"]).view(n, c // 8, hw)
        phi = F.max_pool2d(F.conv2d(x, self.w[prefix + ".snconv1x1_phi.weight"]), 2, 2).view(n, c // 8, hw // 4)
        attn = F.softmax(torch.bmm(theta.permute(0, 2, 1), phi), dim=-1)
        g = F.max_pool2d(F.conv2d(x, self.w[prefix + ".snconv1x1_g.weight"]), 2, 2).view(n, c // 2, hw // 4)
        o = torch.bmm(g, attn.permute(0, 2, 1)).view(n, c // 2, height, width)
        o = F.conv2d(o, self.w[prefix + ".snconv1x1_o_conv.weight"])
        return x + self.w[prefix + ".gamma"] * o

    def __call__(self, z, class_vector, truncation):
        """Images [N, 3, H, W] in [-1, 1] for z [N, z_dim], class_vector [N, num_classes], 0 < t <= 1."""
        assert 0 < truncation <= 1
        config, w = self.config, self.w
        ch = config["channel_width"]
        embed = F.linear(class_vector, w["embeddings.weight"])
        cond = torch.cat((z, embed), dim=1)
        x = F.linear(cond, w["generator.gen_z.weight"], w["generator.gen_z.bias"])
        x = x.view(-1, 4, 4, 16 * ch).permute(0, 3, 1, 2).contiguous()
        for i, (up_sample, in_mult, out_mult) in enumerate(config["layers"]):
            if i == config["attention_layer_position"]:
                x = self.self_attention("generator.layers.%d" % i, x)
            x = self.gen_block(block_prefix(config, i), x, cond, truncation, up_sample, in_mult != out_mult)
        mean, var = self.stats("generator.bn", truncation)
        x = F.batch_norm(x, mean, var, w["generator.bn.weight"], w["generator.bn.bias"],
                         training=False, momentum=0.0, eps=self.eps)
        x = F.conv2d(F.relu(x), self.rgb_weight, self.rgb_bias, padding=1)
        return torch.tanh(x[:, :3])


def to_uint8(images):
    """convert_to_images' quantisation: [N, 3, H, W] float32 in [-1, 1] -> [N, H, W, 3] uint8."""
    x = images.transpose((0, 2, 3, 1))
    return np.uint8(np.clip(((x + 1) / 2.0) * 256, 0, 255))


def errors(expected, actual):
    """(passes, rel_l2, max_abs) by compare.py's float rule."""
    if expected.shape != actual.shape:
        return False, float("inf"), float("inf")
    e, a = expected.astype(np.float64), actual.astype(np.float64)
    rel = float(np.linalg.norm(a - e) / np.linalg.norm(e))
    max_abs = float(np.abs(a - e).max())
    ok = bool(np.isfinite(a).all()) and rel <= REL_L2_MAX and max_abs <= MAX_ABS_MAX
    return ok, rel, max_abs


def check(fixture, write_dir):
    config = read_config(os.path.join(fixture, "config.json"))
    state_dict = torch.load(os.path.join(fixture, "pytorch_model.bin"), map_location="cpu")
    with torch.no_grad():
        model = BigGanDeep(config, resolve_spectral_norm(state_dict))
    with open(os.path.join(fixture, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    if write_dir:
        os.makedirs(write_dir, exist_ok=True)
    failed, worst_rel, worst_abs = 0, 0.0, 0.0
    for case in cases:
        z = torch.from_numpy(np.load(os.path.join(fixture, case["z"])))
        classes = torch.from_numpy(np.load(os.path.join(fixture, case["class_vectors"])))
        with torch.no_grad():
            out = model(z, classes, float(case["truncation"])).numpy()
        ok, rel, max_abs = errors(np.load(os.path.join(fixture, case["expected"])), out)
        failed += not ok
        worst_rel, worst_abs = max(worst_rel, rel), max(worst_abs, max_abs)
        print("%-20s %s rel_l2=%.3e max_abs=%.3e" % (case["name"], "PASS" if ok else "FAIL", rel, max_abs))
        if write_dir:
            np.save(os.path.join(write_dir, case["expected"]), out)
            np.save(os.path.join(write_dir, case["expected_uint8"]), to_uint8(out))
    print("%s: %d/%d cases pass; worst rel_l2=%.3e max_abs=%.3e (limits %g, %g)"
          % (fixture, len(cases) - failed, len(cases), worst_rel, worst_abs, REL_L2_MAX, MAX_ABS_MAX))
    return failed == 0


def random_weights(config, seed):
    """Resolved weights scaled like a trained model's: spectral-norm weights Gaussian with spectral
    norm about 1.2, statistics with variances in [0.5, 2], small biases, gamma 0.7."""
    gen = torch.Generator().manual_seed(seed)

    def normal(mean, std, shape):
        return torch.randn(shape, generator=gen) * std + mean

    weights = {}
    for name, shape in parameter_shapes(config).items():
        if name.endswith(".running_vars"):
            t = torch.rand(shape, generator=gen) * 1.5 + 0.5
        elif name.endswith(".running_means"):
            t = normal(0.0, 0.5, shape)
        elif name.endswith(".gamma"):
            t = torch.full(shape, 0.7)
        elif name == "embeddings.weight":
            t = normal(0.0, 0.5, shape)
        elif name == "generator.gen_z.bias":
            t = normal(0.0, 0.1, shape)
        elif name == "generator.bn.weight":
            t = normal(1.0, 0.2, shape)
        elif name == "generator.bn.bias":
            t = normal(0.0, 0.2, shape)
        elif name.endswith(".bias"):
            t = normal(0.0, 0.05, shape)
        else:
            fan_in = math.prod(shape[1:])
            t = normal(0.0, 1.2 / (math.sqrt(shape[0]) + math.sqrt(fan_in)), shape)
        weights[name] = t
    return weights


def deep256_forward(batch, rgb3, seed, device):
    """A call that runs biggan-deep-256 (random weights, on `device`) on `batch` fixed inputs at
    truncation 0.4 and returns the images; every sample's class differs."""
    config = deep256_config()
    weights = {name: t.to(device) for name, t in random_weights(config, seed).items()}
    model = BigGanDeep(config, weights, rgb3=rgb3)
    gen = torch.Generator().manual_seed(seed + 1)
    z = (torch.randn(batch, config["z_dim"], generator=gen).clamp(-2, 2) * TIMED_TRUNCATION).to(device)
    classes = torch.zeros(batch, config["num_classes"])
    for i in range(batch):
        classes[i, (207 + 97 * i) % config["num_classes"]] = 1.0
    classes = classes.to(device)
    return lambda: model(z, classes, TIMED_TRUNCATION)


def time_deep256(runs, warmup, rgb3, seed, threads, batch=1, device="cpu"):
    forward = deep256_forward(batch, rgb3, seed, device)
    cuda = torch.device(device).type == "cuda"
    times = []
    with torch.no_grad():
        for i in range(warmup + runs):
            start = time.perf_counter()
            out = forward()
            if cuda:
                torch.cuda.synchronize()
            elapsed = (time.perf_counter() - start) / batch
            if i >= warmup:
                times.append(elapsed)
    finite = bool(torch.isfinite(out).all())
    saturated = float((out.abs() > 0.999).float().mean())
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("biggan-deep-256 PyTorch %s, %s, %d thread(s), batch %d, truncation %g, conv_to_rgb %s"
          % (torch.__version__, device, threads, batch, TIMED_TRUNCATION,
             "3 kept channels" if rgb3 else "all %d channels" % deep256_config()["channel_width"]))
    print("output %s finite=%s std=%.3f saturated(|x|>0.999)=%.4f" % (tuple(out.shape), finite,
                                                                     float(out.std()), saturated))
    print("runs (s): %s" % " ".join("%.3f" % t for t in times))
    print("seconds per image (median of %d after %d warm-up): %.3f (fastest %.3f)"
          % (runs, warmup, statistics.median(times), min(times)))
    print("peak RSS: %.0f MiB" % peak_mib)
    return finite


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", metavar="FIXTURE_DIR", help="run every case of a fixture and compare")
    mode.add_argument("--time", action="store_true", help="time biggan-deep-256 with random weights")
    parser.add_argument("--write", metavar="OUT_DIR", help="with --check: save the outputs as .npy")
    parser.add_argument("--runs", type=int, default=7, help="timed runs (default 7)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads for PyTorch and OpenBLAS (default 2)")
    parser.add_argument("--rgb3", action="store_true", help="conv_to_rgb computes only the 3 kept channels")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random weights and z (default 1)")
    parser.add_argument("--batch", type=int, default=1, help="with --time: images per call (default 1)")
    parser.add_argument("--device", default="cpu", help="with --time: cpu or cuda (default cpu)")
    args = parser.parse_args(argv)
    set_threads(torch, args.threads)
    if args.check:
        return 0 if check(args.check, args.write) else 1
    if args.runs < 1 or args.warmup < 0 or args.batch < 1:
        parser.error("--runs and --batch must be at least 1 and --warmup at least 0")
    return 0 if time_deep256(args.runs, args.warmup, args.rgb3, args.seed, args.threads, args.batch,
                             args.device) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
