package dev.jgan.tensor;

import java.util.Arrays;

/** Shape arithmetic and the checks that turn a mismatch into a message naming both shapes. */
public final class Shapes {
    private Shapes() {}

    public static int size(int[] shape) {
        return size(shape, 0, shape.length);
    }

    /** Product of shape[from..to). */
    public static int size(int[] shape, int from, int to) {
        long size = 1;
        for (int d = from; d < to; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + toString(shape));
            }
            size *= shape[d];
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("shape " + toString(shape) + " has more than 2^31 elements");
            }
        }
        return (int) size;
    }

    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    public static int offset(int[] shape, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(
                    "index " + Arrays.toString(index) + " does not match shape " + toString(shape));
        }
        int offset = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(index) + " is outside shape " + toString(shape));
            }
            offset = offset * shape[d] + index[d];
        }
        return offset;
    }

    static int[] inferReshape(int[] from, int[] to) {
        int[] result = to.clone();
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < result.length; d++) {
            if (result[d] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape " + toString(to) + " has more than one -1");
                }
                inferred = d;
            } else {
                known *= result[d];
            }
        }
        int size = size(from);
        if (inferred >= 0 && known != 0 && size % known == 0) {
            result[inferred] = (int) (size / known);
        }
        if (inferred >= 0 && result[inferred] == -1 || size(result) != size) {
            throw new IllegalArgumentException(
                    "cannot reshape " + toString(from) + " (" + size + " values) to " + toString(to));
        }
        return result;
    }

    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Throws unless {@code found} equals {@code expected}; {@code what} names the operand. */
    public static void requireSame(String what, int[] expected, int[] found) {
        if (!Arrays.equals(expected, found)) {
            throw new IllegalArgumentException(
                    what + ": expected shape " + toString(expected) + ", found " + toString(found));
        }
    }

    public static void requireShape(String what, Tensor t, int... expected) {
        requireSame(what, expected, t.shape());
    }

    public static void requireRank(String what, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(
                    what + ": expected a rank-" + rank + " tensor, found shape " + t.shapeString());
        }
    }
}
