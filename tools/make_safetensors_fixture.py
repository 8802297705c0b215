"""Writes a small .safetensors file with the reference implementation, for the Java SafeTensors tests.

Usage: python3 tools/make_safetensors_fixture.py OUT.safetensors   (needs torch and safetensors)
"""
import sys

import torch
from safetensors.torch import save_file


def main(out):
    tensors = {
        "b": torch.arange(6, dtype=torch.float32).reshape(2, 3) - 2.5,
        "a": torch.tensor(1.5),
        "e": torch.zeros(0, 3),
        "h": torch.tensor([1.0, -2.0, 65504.0], dtype=torch.float16),
        "bf": torch.tensor([1.5, 3.140625], dtype=torch.bfloat16),
        "d": torch.tensor([[0.1, -1e-3]], dtype=torch.float64),
    }
    save_file(tensors, out, metadata={"format": "pt", "producer": "safetensors"})


if __name__ == "__main__":
    main(sys.argv[1])
