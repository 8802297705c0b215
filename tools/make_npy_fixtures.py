"""Writes the small .npy files the Java Npy tests read, with NumPy itself.

Usage: python3 tools/make_npy_fixtures.py nn/src/test/resources/npy
Values are simple formulas so the Java tests can recompute them.
"""
import os
import sys

import numpy as np


def main(out):
    os.makedirs(out, exist_ok=True)
    f32 = (np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5) - 60.0) / 8.0
    np.save(os.path.join(out, "f32_2x3x4x5.npy"), f32)
    np.save(os.path.join(out, "f32_scalar.npy"), np.float32(-1.5))
    np.save(os.path.join(out, "f32_empty_0x3.npy"), np.zeros((0, 3), np.float32))
    np.save(os.path.join(out, "u8_2x2x3.npy"), (np.arange(12, dtype=np.int64) * 23 % 256).astype(np.uint8).reshape(2, 2, 3))
    np.save(os.path.join(out, "i64_5.npy"), np.array([-3, 0, 7, 1 << 40, -(1 << 33)], np.int64))
    np.save(os.path.join(out, "f64_2x2.npy"), np.array([[0.1, -2.5], [1e-3, 3.0]], np.float64))
    np.save(os.path.join(out, "f32_big_endian_3.npy"), np.array([1.0, -2.0, 0.375], dtype=">f4"))
    np.save(os.path.join(out, "f32_fortran_2x3.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    with open(os.path.join(out, "f32_v2_4.npy"), "wb") as f:
        arr = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
        np.lib.format.write_array(f, arr, version=(2, 0))


if __name__ == "__main__":
    main(sys.argv[1])
