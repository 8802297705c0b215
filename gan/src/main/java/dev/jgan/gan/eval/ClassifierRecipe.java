package dev.jgan.gan.eval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything that decides the evaluation classifier's weights: its widths, the training
 * schedule and the seed. The {@link #fingerprint()} names the cached weights, so changing any
 * part of the recipe (or {@link #VERSION}, for a change in the training code) trains anew.
 *
 * @param imagesPerEpoch how many training images each epoch draws (at random, in whole batches; 0: all)
 * @param learningRateDecay factor applied to the learning rate after each epoch
 */
public record ClassifierRecipe(SmallClassifier.Widths widths, int epochs, int batchSize, double learningRate,
                               double learningRateDecay, int imagesPerEpoch, long seed) {
    /** Bumped whenever the training procedure changes in a way the fields do not show. */
    public static final int VERSION = 1;

    /** The recipe of the cached MNIST / Fashion-MNIST classifiers. */
    public static final ClassifierRecipe STANDARD =
            new ClassifierRecipe(SmallClassifier.Widths.STANDARD, 2, 64, 1e-3, 0.3, 0, 1);

    public ClassifierRecipe {
        if (epochs <= 0 || batchSize <= 0 || learningRate <= 0 || imagesPerEpoch < 0) {
            throw new IllegalArgumentException("invalid classifier recipe: " + this);
        }
    }

    /** The first 12 hex digits of SHA-256 over the version and every field. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("v" + VERSION + " " + this).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
