package dev.jgan.gan.biggan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter tensors a {@link BigGanConfig} implies, named as in pytorch-pretrained-BigGAN's
 * state dict and in registration order. Spectral-norm modules appear in two forms: as stored
 * by PyTorch ({@code weight_orig}, {@code weight_u}, {@code weight_v}) and resolved (one
 * {@code weight}, already divided by sigma), the form a jgan model file holds.
 */
public final class BigGanLayout {
    /** A plain tensor, or a spectral-norm weight named by its module prefix. */
    public record Param(String name, int[] shape, boolean spectral) {}

    private final BigGanConfig config;
    private final List<Param> params = new ArrayList<>();

    public BigGanLayout(BigGanConfig config) {
        this.config = config;
        int ch = config.channelWidth();
        int cond = config.condDim();
        plain("embeddings.weight", config.zDim(), config.numClasses());
        plain("generator.gen_z.bias", 4 * 4 * 16 * ch);
        spectral("generator.gen_z", 4 * 4 * 16 * ch, cond);
        for (int i = 0; i < config.layers().size(); i++) {
            if (i == config.attentionLayerPosition()) {
                attention(attentionPrefix(), config.attentionChannels());
            }
            genBlock(blockPrefix(i), config.inChannels(i), config.outChannels(i), cond);
        }
        plain("generator.bn.weight", ch);
        plain("generator.bn.bias", ch);
        stats("generator.bn", ch);
        plain("generator.conv_to_rgb.bias", ch);
        spectral("generator.conv_to_rgb", ch, ch, 3, 3);
    }

    /** Module prefix of config layer i: the self-attention takes a ModuleList slot before it. */
    public String blockPrefix(int i) {
        return "generator.layers." + (i < config.attentionLayerPosition() ? i : i + 1);
    }

    public String attentionPrefix() {
        return "generator.layers." + config.attentionLayerPosition();
    }

    /** All parameters in state-dict order. */
    public List<Param> params() {
        return List.copyOf(params);
    }

    /** Names and shapes of a PyTorch checkpoint's state dict. */
    public Map<String, int[]> checkpointShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Param p : params) {
            if (p.spectral()) {
                int out = p.shape()[0];
                shapes.put(p.name() + ".weight_orig", p.shape());
                shapes.put(p.name() + ".weight_u", new int[] {out});
                shapes.put(p.name() + ".weight_v", new int[] {columns(p.shape())});
            } else {
                shapes.put(p.name(), p.shape());
            }
        }
        return shapes;
    }

    /** Names and shapes of the resolved weights (spectral-norm modules as {@code <module>.weight}). */
    public Map<String, int[]> resolvedShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Param p : params) {
            shapes.put(p.spectral() ? p.name() + ".weight" : p.name(), p.shape());
        }
        return shapes;
    }

    /** Columns of a weight seen as a matrix [out, in * kh * kw]. */
    static int columns(int[] shape) {
        int n = 1;
        for (int d = 1; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    private void genBlock(String prefix, int in, int out, int cond) {
        int mid = in / 4;
        conditionalNorm(prefix + ".bn_0", in, cond);
        conv(prefix + ".conv_0", mid, in, 1);
        conditionalNorm(prefix + ".bn_1", mid, cond);
        conv(prefix + ".conv_1", mid, mid, 3);
        conditionalNorm(prefix + ".bn_2", mid, cond);
        conv(prefix + ".conv_2", mid, mid, 3);
        conditionalNorm(prefix + ".bn_3", mid, cond);
        conv(prefix + ".conv_3", out, mid, 1);
    }

    private void attention(String prefix, int c) {
        plain(prefix + ".gamma", 1);
        spectral(prefix + ".snconv1x1_theta", c / 8, c, 1, 1);
        spectral(prefix + ".snconv1x1_phi", c / 8, c, 1, 1);
        spectral(prefix + ".snconv1x1_g", c / 2, c, 1, 1);
        spectral(prefix + ".snconv1x1_o_conv", c, c / 2, 1, 1);
    }

    private void conditionalNorm(String prefix, int c, int cond) {
        stats(prefix, c);
        spectral(prefix + ".scale", c, cond);
        spectral(prefix + ".offset", c, cond);
    }

    private void stats(String prefix, int c) {
        plain(prefix + ".running_means", config.nStats(), c);
        plain(prefix + ".running_vars", config.nStats(), c);
    }

    private void conv(String prefix, int out, int in, int kernel) {
        plain(prefix + ".bias", out);
        spectral(prefix, out, in, kernel, kernel);
    }

    private void plain(String name, int... shape) {
        params.add(new Param(name, shape, false));
    }

    private void spectral(String prefix, int... shape) {
        params.add(new Param(prefix, shape, true));
    }
}
