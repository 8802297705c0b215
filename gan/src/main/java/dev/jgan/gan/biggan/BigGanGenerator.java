package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.ChannelOps;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.MatMul;
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

    /** Images [N, 3, H, W] in [-1, 1] for z [N, z_dim] and class vectors [N, num_classes] (shapes checked by the caller). */
    Tensor forward(Tensor z, Tensor classVectors, TruncationStats stats) {
        int n = z.dim(0);
        Tensor embed = MatMul.matmul(classVectors, embeddings, false, true);
        Tensor cond = Tensor.concatChannels(z, embed);
        Tensor x = MatMul.matmul(cond, genZWeight, false, true);
        ChannelOps.addRowBiasInto(x, genZBias, x);
        x = x.reshape(n, 16 * config.channelWidth(), 4, 4);
        for (int i = 0; i < stages.size(); i++) {
            long start = System.nanoTime();
            x = stages.get(i).forward(x, cond, stats);
            report("generator.layers." + i + " " + stages.get(i).getClass().getSimpleName(), start, x);
        }
        long start = System.nanoTime();
        NormRelu.forwardInto(x, stats.select(bnMeans), stats.select(bnVars), (float) config.eps(), bnWeight, bnBias, x);
        Tensor rgb = Conv2d.forward(x, rgbWeight, rgbBias, Conv.same(rgbWeight.dim(2)));
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
