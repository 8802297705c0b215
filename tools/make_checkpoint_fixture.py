"""Lists what torch.load finds in a PyTorch checkpoint, for the Java TorchCheckpoint tests.

Usage: python3 tools/make_checkpoint_fixture.py CHECKPOINT OUT.json
Per tensor, in file order: shape, the stride stored in the file, and float64 checksums of
the row-major (contiguous) values: sum, sum of squares, and an order-sensitive weighted sum
sum(v[i] * (i % 13 + 1)), plus the first three values.
"""
import json
import sys

import numpy as np
import torch


def main(checkpoint, out):
    state = torch.load(checkpoint, map_location="cpu")
    entries = []
    for key, tensor in state.items():
        values = tensor.detach().contiguous().numpy().astype(np.float64).ravel()
        weights = (np.arange(values.size) % 13 + 1).astype(np.float64)
        entries.append({
            "key": key,
            "shape": list(tensor.shape),
            "stride": list(tensor.stride()),
            "contiguous": tensor.is_contiguous(),
            "sum": float(values.sum()),
            "sum_squares": float((values * values).sum()),
            "weighted_sum": float((values * weights).sum()),
            "first": [float(v) for v in values[:3]],
        })
    with open(out, "w") as f:
        f.write('{"torch_version": %s, "tensors": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(e) for e in entries))
        f.write("\n]}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
