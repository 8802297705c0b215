package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/** Differentiable ops that move values without arithmetic: reshape, channel concat and slice, gather. */
public final class ShapeOps {
    private ShapeOps() {}

    /** The same values in a new shape (one dimension may be -1). */
    public static Var reshape(Var x, int... shape) {
        Op op = Op.begin("reshape");
        Tensor y = x.tensor().reshape(shape);
        int[] xShape = x.shape();
        Node dx = x.node();
        // y = reshape(x)  =>  dx = reshape(dy) to x's shape
        return op.output(y, dy -> dx.accumulate(() -> dy.reshape(xShape)), x);
    }

    /** [N, ...] to [N, prod(...)]. */
    public static Var flatten(Var x) {
        return reshape(x, x.dim(0), -1);
    }

    /**
     * Concatenation along axis 1. Its result comes from the active {@link BufferPool} even when it
     * joins no graph (constants joined with constants: data and label planes).
     */
    public static Var concatChannels(Var... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatChannels needs at least one Var");
        }
        Op op = Op.beginScoped("concatChannels", parts);
        Tensor[] values = new Tensor[parts.length];
        Node[] dparts = new Node[parts.length];
        int[] ends = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].tensor();
            dparts[i] = parts[i].node();
            ends[i] = (i == 0 ? 0 : ends[i - 1]) + parts[i].dim(1);
        }
        int[] shape = parts[0].shape().clone();
        shape[1] = ends[parts.length - 1];
        Tensor y = Tensor.concatChannelsInto(op.buffer(shape), values);
        // y = [a, b, ...] along channels  =>  da, db, ... = the matching channel slices of dy
        return op.output(y, dy -> {
            for (int i = 0; i < dparts.length; i++) {
                int from = i == 0 ? 0 : ends[i - 1];
                int to = ends[i];
                dparts[i].accumulateInto(out -> dy.sliceChannelsInto(from, to, out));
            }
        }, parts);
    }

    /** Channels [from, to) of x. */
    public static Var sliceChannels(Var x, int from, int to) {
        Op op = Op.begin("sliceChannels");
        Tensor y = x.tensor().sliceChannels(from, to);
        int channels = x.dim(1);
        Node dx = x.node();
        // y = x[:, from:to]  =>  dx = dy in channels [from, to), zero elsewhere
        return op.output(y, dy -> dx.accumulate(() -> padChannels(dy, channels, from)), x);
    }

    private static Tensor padChannels(Tensor dy, int channels, int from) {
        int[] shape = dy.shape();
        int before = from;
        int after = channels - from - shape[1];
        Tensor[] parts = new Tensor[3];
        int count = 0;
        if (before > 0) {
            shape[1] = before;
            parts[count++] = Tensor.zeros(shape);
        }
        parts[count++] = dy;
        if (after > 0) {
            shape[1] = after;
            parts[count++] = Tensor.zeros(shape);
        }
        return Tensor.concatChannels(Arrays.copyOf(parts, count));
    }
}
