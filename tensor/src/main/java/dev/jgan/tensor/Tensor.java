package dev.jgan.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor: a shape and a contiguous row-major array of values.
 *
 * <p>Tensors are plain containers. All arithmetic lives in the kernel classes of
 * {@code dev.jgan.tensor.kernels}; this class only creates, reshapes and copies.
 * {@link #reshape} returns a view sharing the same array; every other method that
 * returns a tensor returns a fresh copy.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // ---- factories ----------------------------------------------------------------------

    public static Tensor zeros(int... shape) {
        return new Tensor(TensorAllocations.newValues(Shapes.size(shape)), shape.clone());
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** Wraps an existing array without copying; the array must hold exactly size(shape) values. */
    public static Tensor wrap(float[] data, int... shape) {
        int size = Shapes.size(shape);
        if (data.length != size) {
            throw new IllegalArgumentException(
                    "array of " + data.length + " values cannot hold shape " + Shapes.toString(shape)
                            + " (" + size + " values)");
        }
        return new Tensor(data, shape.clone());
    }

    /** Copies the given values into a new tensor of the given shape. */
    public static Tensor of(float[] values, int... shape) {
        return wrap(copyOf(values), shape);
    }

    public static Tensor scalar(float value) {
        Tensor t = new Tensor(TensorAllocations.newValues(1), new int[0]);
        t.data[0] = value;
        return t;
    }

    /** Values drawn from N(mean, std^2) by a generator seeded with {@code seed}. */
    public static Tensor normal(long seed, float mean, float std, int... shape) {
        return normal(new Rng(seed), mean, std, shape);
    }

    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = mean + std * (float) rng.nextGaussian();
        }
        return t;
    }

    /** Values drawn uniformly from [low, high) by a generator seeded with {@code seed}. */
    public static Tensor uniform(long seed, float low, float high, int... shape) {
        return uniform(new Rng(seed), low, high, shape);
    }

    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = low + (high - low) * rng.nextFloat();
        }
        return t;
    }

    // ---- accessors ----------------------------------------------------------------------

    /** The backing array (row-major). Kernels read and write it directly. */
    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    public int size() {
        return data.length;
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    public String shapeString() {
        return Shapes.toString(shape);
    }

    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    public void set(float value, int... index) {
        data[Shapes.offset(shape, index)] = value;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, got shape " + shapeString());
        }
        return data[0];
    }

    // ---- views and copies ---------------------------------------------------------------

    /** A view with a new shape over the same values; one dimension may be -1 (inferred). */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, Shapes.inferReshape(shape, newShape));
    }

    public Tensor copy() {
        return new Tensor(copyOf(data), shape.clone());
    }

    /** Copies {@code source}'s values into this tensor; the shapes must match. */
    public void copyFrom(Tensor source) {
        Shapes.requireSame("copyFrom", shape, source.shape);
        System.arraycopy(source.data, 0, data, 0, data.length);
    }

    public void fill(float value) {
        Arrays.fill(data, value);
    }

    /**
     * A copy with the axes reordered: result dimension i is this tensor's dimension
     * {@code axes[i]} (as torch.permute).
     */
    public Tensor permute(int... axes) {
        int rank = shape.length;
        if (axes.length != rank) {
            throw new IllegalArgumentException(
                    "permute of shape " + shapeString() + " needs " + rank + " axes, got " + Arrays.toString(axes));
        }
        boolean[] seen = new boolean[rank];
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int a = Shapes.axis(axes[i], rank);
            if (seen[a]) {
                throw new IllegalArgumentException("permute axes repeat axis " + a + ": " + Arrays.toString(axes));
            }
            seen[a] = true;
            outShape[i] = shape[a];
        }
        int[] inStrides = Shapes.strides(shape);
        int[] strideOfOut = new int[rank];
        for (int i = 0; i < rank; i++) {
            strideOfOut[i] = inStrides[Shapes.axis(axes[i], rank)];
        }
        float[] out = TensorAllocations.newValues(data.length);
        int[] index = new int[rank];
        int source = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = data[source];
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                source += strideOfOut[d];
                if (index[d] < outShape[d]) {
                    break;
                }
                source -= strideOfOut[d] * outShape[d];
                index[d] = 0;
            }
        }
        return new Tensor(out, outShape);
    }

    /** A copy of channels [from, to) of a tensor whose axis 1 is the channel axis. */
    public Tensor sliceChannels(int from, int to) {
        int[] outShape = channelSliceShape(from, to);
        return sliceChannelsInto(from, to, new Tensor(TensorAllocations.newValues(Shapes.size(outShape)), outShape));
    }

    /** Channels [from, to) of this tensor written into {@code out}, which must have their shape; returns out. */
    public Tensor sliceChannelsInto(int from, int to, Tensor out) {
        int[] outShape = channelSliceShape(from, to);
        Shapes.requireShape("sliceChannels output", out, outShape);
        int channels = shape[1];
        int inner = Shapes.size(shape, 2, shape.length);
        int chunk = (to - from) * inner;
        for (int n = 0; n < shape[0]; n++) {
            System.arraycopy(data, (n * channels + from) * inner, out.data, n * chunk, chunk);
        }
        return out;
    }

    private int[] channelSliceShape(int from, int to) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("sliceChannels needs rank >= 2, got shape " + shapeString());
        }
        if (from < 0 || to > shape[1] || from >= to) {
            throw new IllegalArgumentException(
                    "channel slice [" + from + ", " + to + ") is outside shape " + shapeString());
        }
        int[] outShape = shape.clone();
        outShape[1] = to - from;
        return outShape;
    }

    /** Concatenates tensors along axis 1; all other dimensions must agree. */
    public static Tensor concatChannels(Tensor... parts) {
        int[] outShape = concatShape(parts);
        return concatChannelsInto(new Tensor(TensorAllocations.newValues(Shapes.size(outShape)), outShape), parts);
    }

    /** The concatenation of {@code parts} along axis 1 written into {@code out} (its shape); returns out. */
    public static Tensor concatChannelsInto(Tensor out, Tensor... parts) {
        int[] outShape = concatShape(parts);
        Shapes.requireShape("concatChannels output", out, outShape);
        int inner = Shapes.size(outShape, 2, outShape.length);
        for (int n = 0; n < outShape[0]; n++) {
            int dst = n * outShape[1] * inner;
            for (Tensor p : parts) {
                int chunk = p.shape[1] * inner;
                System.arraycopy(p.data, n * chunk, out.data, dst, chunk);
                dst += chunk;
            }
        }
        return out;
    }

    private static int[] concatShape(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatChannels needs at least one tensor");
        }
        int[] first = parts[0].shape;
        if (first.length < 2) {
            throw new IllegalArgumentException("concatChannels needs rank >= 2, got shape " + Shapes.toString(first));
        }
        int channels = 0;
        for (Tensor p : parts) {
            int[] s = p.shape;
            boolean compatible = s.length == first.length && s[0] == first[0];
            for (int d = 2; compatible && d < s.length; d++) {
                compatible = s[d] == first[d];
            }
            if (!compatible) {
                throw new IllegalArgumentException("concatChannels: shape " + Shapes.toString(s)
                        + " does not match " + Shapes.toString(first) + " outside axis 1");
            }
            channels += s[1];
        }
        int[] outShape = first.clone();
        outShape[1] = channels;
        return outShape;
    }

    private static float[] copyOf(float[] values) {
        float[] copy = TensorAllocations.newValues(values.length);
        System.arraycopy(values, 0, copy, 0, values.length);
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shapeString()).append(" [");
        int shown = Math.min(data.length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(data.length > shown ? ", ...]" : "]").toString();
    }
}
