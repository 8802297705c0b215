package dev.jgan.cuda;

import dev.jgan.tensor.Shapes;

/** Shape checks for device tensors, with the same messages as {@link Shapes}. */
final class DeviceShapes {
    private DeviceShapes() {}

    static void requireShape(String what, DeviceTensor t, int... expected) {
        Shapes.requireSame(what, expected, t.shape());
    }

    static void requireRank(String what, DeviceTensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(
                    what + ": expected a rank-" + rank + " tensor, found shape " + Shapes.toString(t.shape()));
        }
    }
}
