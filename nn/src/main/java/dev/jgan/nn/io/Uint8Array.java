package dev.jgan.nn.io;

import dev.jgan.tensor.Shapes;

/**
 * An n-dimensional array of unsigned bytes in row-major order, as stored in a {@code |u1}
 * {@code .npy} file (e.g. images [N, H, W, 3]). Read a value as {@code data[i] & 0xff}.
 *
 * @param shape the dimensions
 * @param data the values, {@code Shapes.size(shape)} of them
 */
public record Uint8Array(int[] shape, byte[] data) {
    public Uint8Array {
        shape = shape.clone();
        int size = Shapes.size(shape);
        if (data.length != size) {
            throw new IllegalArgumentException(
                    "array of " + data.length + " bytes cannot hold shape " + Shapes.toString(shape));
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The value at a flat row-major index, 0..255. */
    public int get(int flatIndex) {
        return data[flatIndex] & 0xff;
    }
}
