package dev.jgan.gan.biggan;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BigGanGenerator}'s forward written once against a {@link Backend}: the CPU generator's prepared
 * weights uploaded once, the same operations in the same order, activations from a
 * {@link BackendWorkspace}. The truncation's statistics are selected on the host, as on the CPU, and
 * uploaded only when the truncation changes.
 */
final class BackendBigGanGenerator<T> implements AutoCloseable {
    private static final int RGB = 3;

    private final Backend<T> backend;
    private final BackendParameters<T> parameters;
    private final int channelWidth;
    private final float eps;
    private final T embeddings;
    private final T genZWeight;
    private final T genZBias;
    private final List<BackendStage<T>> stages = new ArrayList<>();
    private final BackendStatistics<T> finalStats;
    private final T finalGain;
    private final T finalOffset;
    private final BackendConv<T> toRgb;
    private TruncationStats selected;

    BackendBigGanGenerator(Backend<T> backend, BigGanGenerator generator) {
        this.backend = backend;
        parameters = new BackendParameters<>(backend);
        channelWidth = generator.config().channelWidth();
        eps = (float) generator.config().eps();
        embeddings = parameters.upload(generator.embeddings());
        genZWeight = parameters.upload(generator.genZWeight());
        genZBias = parameters.upload(generator.genZBias());
        for (Stage stage : generator.stages()) {
            stages.add(switch (stage) {
                case GenBlock block -> new BackendGenBlock<>(block, parameters);
                case SelfAttention attention -> new BackendSelfAttention<>(attention, parameters);
                default -> throw new IllegalArgumentException("no backend version of " + stage.getClass().getSimpleName());
            });
        }
        finalStats = new BackendStatistics<>(generator.finalMeans(), generator.finalVars(), parameters);
        finalGain = parameters.upload(generator.finalGain());
        finalOffset = parameters.upload(generator.finalOffset());
        toRgb = BackendConv.of(generator.toRgb(), parameters);
    }

    Backend<T> backend() {
        return backend;
    }

    /**
     * Images [N, 3, H, W] in [-1, 1] for z [N, z_dim] and class vectors [N, num_classes] on the backend
     * (shapes checked by the caller), in a tensor taken from ws; every other tensor is given back.
     */
    T forward(T z, T classVectors, TruncationStats stats, BackendWorkspace<T> ws) {
        select(stats);
        int n = backend.shape(z)[0], zDim = backend.shape(z)[1];
        int embedDim = backend.shape(embeddings)[0], features = backend.shape(genZWeight)[0];
        T embed = ws.take(n, embedDim);
        backend.linear(classVectors, embeddings, null, embed);
        T cond = ws.take(n, zDim + embedDim);
        backend.concatRows(z, embed, cond);
        ws.give(embed);
        T genZ = ws.take(n, features);
        backend.linear(cond, genZWeight, genZBias, genZ);
        // x is a view of the tensor held, which goes back to the workspace once x is used
        T held = genZ;
        T x = backend.reshape(genZ, n, 16 * channelWidth, 4, 4);
        for (BackendStage<T> stage : stages) {
            x = stage.forward(x, cond, ws);
            ws.give(held);
            held = x;
        }
        ws.give(cond);
        backend.normRelu(x, finalStats.mean(), finalStats.var(), eps, finalGain, finalOffset, x);
        int[] shape = backend.shape(x);
        T rgb = toRgb.forward(backend, x, ws.take(n, RGB, shape[2], shape[3]));
        ws.give(held);
        backend.tanh(rgb, rgb);
        return rgb;
    }

    private void select(TruncationStats stats) {
        if (stats.equals(selected)) {
            return;
        }
        stages.forEach(s -> s.select(stats));
        finalStats.select(stats);
        selected = stats;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
