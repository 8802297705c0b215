package dev.jgan.cuda;

import dev.jgan.tensor.Shapes;

/** Shape checks for device tensors, with the same messages as {@link Shapes}. */
final class DeviceShapes {
    private DeviceShapes() {}

    static void requireShape(String what, DeviceTensor t, int... expected) {
        Shapes.requireSame(what, expected, t.shape());
    }

    /** t's channel count, dim 1 of [N, C, ...]; rejects a tensor of rank below 2. */
    static int requireChannels(String what, DeviceTensor t) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException(what + ": expected [N, C, ...], found shape " + Shapes.toString(t.shape()));
        }
        return t.dim(1);
    }

    /** Values per (image, channel) plane of [N, C, ...]: the product of the dims after the first two. */
    static int plane(DeviceTensor t) {
        return Shapes.size(t.shape(), 2, t.rank());
    }

    static void requireRank(String what, DeviceTensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(
                    what + ": expected a rank-" + rank + " tensor, found shape " + Shapes.toString(t.shape()));
        }
    }
}
