package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.Concat;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.NormRelu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The BigGAN-deep generator in eval mode, weights prepared once:
 * embed = class_vector E^T; cond = [z, embed]; x = gen_z(cond) viewed as a 4x4 map; the
 * layer list (residual blocks, self-attention before block {@code attention_layer_position});
 * final batch norm and ReLU; conv_to_rgb for the three kept channels; tanh.
 */
final class BigGanGenerator {
    private static final int RGB = 3;
    /** {@code -Djgan.biggan.profile=true} prints each stage's time and output shape to stderr. */
    private static final boolean PROFILE = Boolean.getBoolean("jgan.biggan.profile");

    private final BigGanConfig config;
    private final Tensor embeddings;
    private final Tensor genZWeight;
    private final Tensor genZBias;
    private final List<Stage> stages = new ArrayList<>();
    private final Tensor bnWeight, bnBias, bnMeans, bnVars;
    private final Tensor rgbWeight, rgbBias;

    BigGanGenerator(BigGanWeights w) {
        config = w.config();
        BigGanLayout layout = new BigGanLayout(config);
        int ch = config.channelWidth();
        embeddings = w.tensor("embeddings.weight");
        // gen_z writes feature (h * 4 + w) * 16ch + c (TF's NHWC); reorder its rows so the
        // product comes out as NCHW, feature c * 16 + h * 4 + w.
        genZWeight = w.tensor("generator.gen_z.weight").reshape(16, 16 * ch, config.condDim()).permute(1, 0, 2)
                .reshape(16 * 16 * ch, config.condDim());
        genZBias = w.tensor("generator.gen_z.bias").reshape(16, 16 * ch).permute(1, 0).reshape(16 * 16 * ch);
        for (int i = 0; i < config.layers().size(); i++) {
            if (i == config.attentionLayerPosition()) {
                stages.add(new SelfAttention(w, layout.attentionPrefix()));
            }
            stages.add(new GenBlock(w, layout.blockPrefix(i), config.inChannels(i), config.outChannels(i),
                    config.layers().get(i).upSample()));
        }
        bnWeight = w.tensor("generator.bn.weight");
        bnBias = w.tensor("generator.bn.bias");
        bnMeans = w.tensor("generator.bn.running_means");
        bnVars = w.tensor("generator.bn.running_vars");
        // conv_to_rgb makes ch channels of which only the first three are kept: compute only those.
        Tensor rgb = w.tensor("generator.conv_to_rgb.weight");
        rgbWeight = Tensor.wrap(Arrays.copyOf(rgb.data(), RGB * rgb.size() / ch), RGB, ch, rgb.dim(2), rgb.dim(3));
        rgbBias = Tensor.wrap(Arrays.copyOf(w.tensor("generator.conv_to_rgb.bias").data(), RGB), RGB);
    }

    BigGanConfig config() {
        return config;
    }

    /** The class embedding E [embed_dim, num_classes]. */
    Tensor embeddings() {
        return embeddings;
    }

    /** gen_z's weight [16 * 16 ch, cond_dim], rows reordered so its product is NCHW [16 ch, 4, 4]. */
    Tensor genZWeight() {
        return genZWeight;
    }

    /** gen_z's bias, reordered as {@link #genZWeight}'s rows. */
    Tensor genZBias() {
        return genZBias;
    }

    /** The layer list in order: blocks, with the self-attention at its position. */
    List<Stage> stages() {
        return List.copyOf(stages);
    }

    /** The final batch norm's stored means [n_stats, ch]. */
    Tensor finalMeans() {
        return bnMeans;
    }

    /** The final batch norm's stored variances [n_stats, ch]. */
    Tensor finalVars() {
        return bnVars;
    }

    /** The final batch norm's gain [ch]. */
    Tensor finalGain() {
        return bnWeight;
    }

    /** The final batch norm's offset [ch]. */
    Tensor finalOffset() {
        return bnBias;
    }

    /** conv_to_rgb's kept three output channels: the weight [3, ch, k, k] and bias [3]. */
    Conv toRgb() {
        return new Conv(rgbWeight, rgbBias, Conv.same(rgbWeight.dim(2)));
    }

    /**
     * Images [N, 3, H, W] in [-1, 1] for z [N, z_dim] and class vectors [N, num_classes] (shapes
     * checked by the caller), in a buffer taken from ws; every other buffer is given back.
     */
    Tensor forward(Tensor z, Tensor classVectors, TruncationStats stats, Workspace ws) {
        int n = z.dim(0), zDim = z.dim(1);
        Tensor embed = RowProducts.timesTransposed(classVectors, embeddings, ws.take(n, embeddings.dim(0)));
        Tensor cond = Concat.rowsInto(z, embed, ws.take(n, zDim + embed.dim(1)));
        ws.give(embed);
        Tensor x = RowProducts.timesTransposed(cond, genZWeight, ws.take(n, genZWeight.dim(0)));
        ChannelOps.addRowBiasInto(x, genZBias, x);
        x = x.reshape(n, 16 * config.channelWidth(), 4, 4);
        for (int i = 0; i < stages.size(); i++) {
            long start = System.nanoTime();
            Tensor y = stages.get(i).forward(x, cond, stats, ws);
            ws.give(x);
            x = y;
            report("generator.layers." + i + " " + stages.get(i).getClass().getSimpleName(), start, x);
        }
        ws.give(cond);
        long start = System.nanoTime();
        Tensor means = stats.selectInto(bnMeans, ws.take(bnMeans.dim(1)));
        Tensor vars = stats.selectInto(bnVars, ws.take(bnVars.dim(1)));
        NormRelu.forwardInto(x, means, vars, (float) config.eps(), bnWeight, bnBias, x);
        ws.give(means);
        ws.give(vars);
        Tensor rgb = ws.take(n, RGB, x.dim(2), x.dim(3));
        Conv2d.forward(x, rgbWeight, rgbBias, Conv.same(rgbWeight.dim(2)), rgb);
        ws.give(x);
        Activations.tanhInto(rgb, rgb);
        report("bn, relu, conv_to_rgb, tanh", start, rgb);
        return rgb;
    }

    private static void report(String what, long start, Tensor output) {
        if (PROFILE) {
            System.err.printf("biggan: %-40s %8.1f ms -> %s%n", what, (System.nanoTime() - start) / 1e6, output.shapeString());
        }
    }
}
