package dev.jgan.gan.eval;

import dev.jgan.nn.Module;
import dev.jgan.nn.autograd.Grad;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.layers.Conv2d;
import dev.jgan.nn.layers.Flatten;
import dev.jgan.nn.layers.Linear;
import dev.jgan.nn.layers.MaxPool2d;
import dev.jgan.nn.layers.ReLU;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Softmax;

/**
 * The classifier whose penultimate layer is the feature space of jgan's evaluation:
 * Conv3x3(1 -> c1) + ReLU + MaxPool2 -> Conv3x3(c1 -> c2) + ReLU + MaxPool2 -> Linear(-> f) + ReLU
 * gives the f-dimensional features; Linear(f -> classes) gives the logits.
 */
public final class SmallClassifier extends Module {
    /** Layer widths: the two convolutions' channels, the feature width and the class count. */
    public record Widths(int conv1, int conv2, int features, int classes) {
        /** The widths jgan's evaluator uses for MNIST and Fashion-MNIST. */
        public static final Widths STANDARD = new Widths(16, 32, 128, 10);
    }

    /** Features and class probabilities of a set of images, one row per image. */
    public record Outputs(float[][] features, float[][] probabilities) {}

    private final Widths widths;
    private final int imageSize;
    private final Sequential body;
    private final Linear head;

    /** A freshly initialised classifier for {@code imageSize x imageSize} grey images (size divisible by 4). */
    public SmallClassifier(Widths widths, int imageSize, Rng rng) {
        if (imageSize <= 0 || imageSize % 4 != 0) {
            throw new IllegalArgumentException("image size must be a positive multiple of 4, got " + imageSize);
        }
        this.widths = widths;
        this.imageSize = imageSize;
        int pooled = imageSize / 4;
        body = addChild("body", new Sequential(
                new Conv2d(1, widths.conv1(), 3, 1, 1, true, rng), new ReLU(), new MaxPool2d(),
                new Conv2d(widths.conv1(), widths.conv2(), 3, 1, 1, true, rng), new ReLU(), new MaxPool2d(),
                new Flatten(), new Linear(widths.conv2() * pooled * pooled, widths.features(), true, rng), new ReLU()));
        head = addChild("head", new Linear(widths.features(), widths.classes(), true, rng));
    }

    public Widths widths() {
        return widths;
    }

    public int imageSize() {
        return imageSize;
    }

    /** Penultimate-layer features [N, features] of images [N, 1, size, size]. */
    public Var features(Var images) {
        return body.forward(images);
    }

    /** Class logits [N, classes] of features. */
    public Var logits(Var features) {
        return head.forward(features);
    }

    /** Features and softmax probabilities of every image, in evaluation mode, {@code batchSize} at a time. */
    public Outputs classify(Tensor images, int batchSize) {
        if (images.rank() != 4 || images.dim(1) != 1 || images.dim(2) != imageSize || images.dim(3) != imageSize) {
            throw new IllegalArgumentException("the classifier takes images [N, 1, " + imageSize + ", " + imageSize
                    + "], got " + images.shapeString());
        }
        int n = images.dim(0);
        int per = imageSize * imageSize;
        float[][] features = new float[n][];
        float[][] probabilities = new float[n][];
        try (var noGrad = Grad.off()) {
            for (int start = 0; start < n; start += batchSize) {
                int count = Math.min(batchSize, n - start);
                float[] slice = new float[count * per];
                System.arraycopy(images.data(), start * per, slice, 0, slice.length);
                Var f = features(Var.constant(Tensor.wrap(slice, count, 1, imageSize, imageSize)));
                Tensor p = Softmax.forward(logits(f).value(), 1);
                for (int i = 0; i < count; i++) {
                    features[start + i] = row(f.value(), i);
                    probabilities[start + i] = row(p, i);
                }
            }
        }
        return new Outputs(features, probabilities);
    }

    private static float[] row(Tensor matrix, int i) {
        int width = matrix.dim(1);
        float[] out = new float[width];
        System.arraycopy(matrix.data(), i * width, out, 0, width);
        return out;
    }
}
