package dev.jgan.gan.eval;

import dev.jgan.gan.data.Dataset;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.util.List;

/**
 * A labelled stand-in for MNIST that tests can make in milliseconds: 28x28 grey images of
 * class k hold a bright 8x8 square in quadrant k (moved by up to 2 pixels), on a dark
 * background with a little noise.
 */
final class SyntheticDigits {
    static final int SIZE = 28;
    static final List<String> CLASSES = List.of("a", "b", "c", "d");

    private SyntheticDigits() {}

    static Dataset make(int count, long seed) {
        Rng rng = new Rng(seed);
        Tensor images = Tensor.normal(rng, -0.9f, 0.05f, count, 1, SIZE, SIZE);
        int[] labels = new int[count];
        float[] pixels = images.data();
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES.size();
            labels[i] = label;
            int top = 3 + (label / 2) * 14 + rng.nextInt(5) - 2;
            int left = 3 + (label % 2) * 14 + rng.nextInt(5) - 2;
            for (int y = top; y < top + 8; y++) {
                for (int x = left; x < left + 8; x++) {
                    pixels[(i * SIZE + y) * SIZE + x] = 0.8f + 0.1f * (float) rng.nextDouble();
                }
            }
        }
        return new Dataset("synthetic", images, labels, CLASSES);
    }

    /** A tiny classifier recipe that learns these images in well under a second. */
    static ClassifierRecipe recipe(long seed) {
        return new ClassifierRecipe(new SmallClassifier.Widths(4, 6, 12, CLASSES.size()), 4, 16, 1e-2, 0.7, 0, seed);
    }
}
