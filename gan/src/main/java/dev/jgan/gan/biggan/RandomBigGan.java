package dev.jgan.gan.biggan;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random resolved weights for any config, scaled like a trained model's so activations stay
 * finite and unsaturated (the fixtures' recipe): spectral-norm weights Gaussian with spectral
 * norm about 1.2, statistics with variances in [0.5, 2], small biases, gamma 0.7. For timing the real
 * architectures without their checkpoints (BigGanTiming, the GPU benchmark).
 */
public final class RandomBigGan {
    private RandomBigGan() {}

    /** A model of {@code config} with random weights from {@code seed}. */
    public static BigGanModel model(BigGanConfig config, long seed) {
        return new BigGanModel(weights(config, seed));
    }

    static BigGanWeights weights(BigGanConfig config, long seed) {
        Rng rng = new Rng(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : new BigGanLayout(config).resolvedShapes().entrySet()) {
            tensors.put(e.getKey(), tensor(e.getKey(), e.getValue(), rng));
        }
        return new BigGanWeights(config, tensors);
    }

    private static Tensor tensor(String name, int[] shape, Rng rng) {
        if (name.endsWith(".running_vars")) {
            return Tensor.uniform(rng, 0.5f, 2f, shape);
        }
        if (name.endsWith(".running_means")) {
            return Tensor.normal(rng, 0f, 0.5f, shape);
        }
        if (name.endsWith(".gamma")) {
            return Tensor.full(0.7f, shape);
        }
        return switch (name) {
            case "embeddings.weight" -> Tensor.normal(rng, 0f, 0.5f, shape);
            case "generator.gen_z.bias" -> Tensor.normal(rng, 0f, 0.1f, shape);
            case "generator.bn.weight" -> Tensor.normal(rng, 1f, 0.2f, shape);
            case "generator.bn.bias" -> Tensor.normal(rng, 0f, 0.2f, shape);
            default -> name.endsWith(".bias") ? Tensor.normal(rng, 0f, 0.05f, shape) : spectral(shape, rng);
        };
    }

    /** A Gaussian [out, fanIn] matrix has spectral norm about std (sqrt(out) + sqrt(fanIn)). */
    private static Tensor spectral(int[] shape, Rng rng) {
        int out = shape[0];
        int fanIn = 1;
        for (int d = 1; d < shape.length; d++) {
            fanIn *= shape[d];
        }
        return Tensor.normal(rng, 0f, (float) (1.2 / (Math.sqrt(out) + Math.sqrt(fanIn))), shape);
    }
}
