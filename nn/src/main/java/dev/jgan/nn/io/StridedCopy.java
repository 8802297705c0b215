package dev.jgan.nn.io;

import dev.jgan.nn.io.StateDictPolicy.TensorRef;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/**
 * Turns a strided view of a storage into a contiguous row-major tensor:
 * {@code out[i_0, ..., i_{r-1}] = storage[offset + sum_k i_k * stride_k]}, after checking that
 * every index the view can reach lies inside the storage.
 */
final class StridedCopy {
    private StridedCopy() {}

    /**
     * @param mayWrap whether the storage array may become the tensor's own array when the view
     *     is exactly the whole storage in row-major order (pass true only once per storage)
     */
    static Tensor materialise(TensorRef ref, float[] storage, boolean mayWrap) {
        long[] size = ref.size();
        long[] stride = ref.stride();
        int[] shape = new int[size.length];
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0 || size[d] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid size " + size[d] + " in dimension " + d);
            }
            if (stride[d] < 0) {
                throw new IllegalArgumentException("negative stride " + stride[d] + " in dimension " + d);
            }
            shape[d] = (int) size[d];
        }
        int count = Shapes.size(shape);
        if (count == 0) {
            return Tensor.zeros(shape);
        }
        long offset = ref.offset();
        long last = offset;
        for (int d = 0; d < size.length; d++) {
            last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
        }
        if (offset < 0 || last >= storage.length) {
            throw new IllegalArgumentException("view (offset " + offset + ", size " + Shapes.toString(shape)
                    + ", stride " + java.util.Arrays.toString(stride) + ") reaches element " + last
                    + " of a storage of " + storage.length);
        }
        if (isRowMajor(shape, stride)) {
            if (mayWrap && offset == 0 && count == storage.length) {
                return Tensor.wrap(storage, shape);
            }
            float[] out = new float[count];
            System.arraycopy(storage, (int) offset, out, 0, count);
            return Tensor.wrap(out, shape);
        }
        return Tensor.wrap(gather(storage, (int) offset, shape, stride, count), shape);
    }

    /** Row-major iteration with an odometer over all but the last dimension. */
    private static float[] gather(float[] storage, int offset, int[] shape, long[] stride, int count) {
        int rank = shape.length;
        float[] out = new float[count];
        int inner = shape[rank - 1];
        int innerStride = (int) stride[rank - 1];
        int[] index = new int[rank - 1];
        long base = offset;
        for (int o = 0; o < count; o += inner) {
            for (int i = 0, s = (int) base; i < inner; i++, s += innerStride) {
                out[o + i] = storage[s];
            }
            for (int d = rank - 2; d >= 0; d--) {
                base += stride[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                base -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** Whether the strides are those of a row-major layout (dimensions of size 1 may have any stride). */
    private static boolean isRowMajor(int[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}
