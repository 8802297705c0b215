package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import java.util.List;

/** {@link GenBlock} on a backend: the same four (norm, ReLU, conv) steps and shortcut, in the same order. */
final class BackendGenBlock<T> implements BackendStage<T> {
    private final Backend<T> backend;
    private final List<BackendConditionalNormRelu<T>> norms;
    private final List<BackendConv<T>> convs;
    private final int outChannels;
    private final boolean upSample;

    BackendGenBlock(GenBlock block, BackendParameters<T> parameters) {
        backend = parameters.backend();
        norms = block.norms().stream().map(n -> new BackendConditionalNormRelu<>(n, parameters)).toList();
        convs = block.convs().stream().map(c -> BackendConv.of(c, parameters)).toList();
        outChannels = block.outChannels();
        upSample = block.upSample();
    }

    @Override
    public void select(TruncationStats stats) {
        norms.forEach(n -> n.select(stats));
    }

    @Override
    public T forward(T x, T cond, BackendWorkspace<T> ws) {
        int[] shape = backend.shape(x);
        int n = shape[0], h = shape[2], w = shape[3], mid = convs.get(0).outChannels();
        int outH = upSample ? 2 * h : h, outW = upSample ? 2 * w : w;
        T normed = norms.get(0).apply(x, cond, ws.take(shape), ws);
        T t = convs.get(0).forward(backend, normed, ws.take(n, mid, h, w));
        ws.give(normed);
        norms.get(1).apply(t, cond, t, ws);
        if (upSample) {
            T up = ws.take(n, mid, outH, outW);
            backend.upsampleNearest2x(t, up);
            t = swap(t, up, ws);
        }
        t = swap(t, convs.get(1).forward(backend, t, ws.take(n, mid, outH, outW)), ws);
        norms.get(2).apply(t, cond, t, ws);
        t = swap(t, convs.get(2).forward(backend, t, ws.take(n, mid, outH, outW)), ws);
        norms.get(3).apply(t, cond, t, ws);
        T y = swap(t, convs.get(3).forward(backend, t, ws.take(n, outChannels, outH, outW)), ws);
        if (upSample) {
            backend.addUpsampledFirstChannels(x, y);
        } else {
            backend.addFirstChannels(x, y);
        }
        return y;
    }

    /** Gives {@code done} back and returns {@code next}. */
    private T swap(T done, T next, BackendWorkspace<T> ws) {
        ws.give(done);
        return next;
    }
}
