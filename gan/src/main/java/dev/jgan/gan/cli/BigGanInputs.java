package dev.jgan.gan.cli;

import dev.jgan.gan.biggan.ClassSelection;
import dev.jgan.gan.biggan.LatentFiles;
import dev.jgan.gan.biggan.TruncatedNoise;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The batch {@code gan biggan generate} runs: z [N, z_dim] and class vectors [N, num_classes],
 * a label per image, and the grid width for one picture.
 */
record BigGanInputs(Tensor z, Tensor classVectors, List<String> labels, int columns) {
    private static final int MAX_COLUMNS = 8;

    /**
     * Builds the batch from the generate options. Classes come from {@code --class} values
     * ({@code count} images each) or a class-vector file; z from a z file or seeded sampling.
     * Files set N; the other input must agree with it (a single class value is repeated).
     */
    static BigGanInputs resolve(List<String> classes, Path classVectorFile, Path zFile, Integer count, long seed,
            double truncation, int zDim, int numClasses) throws IOException {
        checkOptions(classes, classVectorFile, zFile, count, truncation);
        boolean named = !classes.isEmpty();
        Tensor z = zFile == null ? null : LatentFiles.readZ(zFile, zDim);
        if (!named) {
            Tensor vectors = LatentFiles.readClassVectors(classVectorFile, numClasses);
            int n = vectors.dim(0);
            if (z != null && z.dim(0) != n) {
                throw new IllegalArgumentException("--z-file " + zFile + " has " + z.dim(0) + " rows but --class-vector-file "
                        + classVectorFile + " has " + n);
            }
            return new BigGanInputs(z != null ? z : TruncatedNoise.sample(seed, n, zDim, truncation), vectors,
                    Collections.nCopies(n, "image"), Math.min(n, MAX_COLUMNS));
        }
        ClassSelection selection = ClassSelection.parse(classes, numClasses);
        int repeat = count == null ? 1 : count;
        if (z != null) {
            int n = z.dim(0);
            if (selection.size() == 1) {
                repeat = n;
            } else if (selection.size() != n) {
                throw new IllegalArgumentException("--z-file " + zFile + " has " + n + " rows but " + selection.size()
                        + " classes were given; give one class or one per row");
            }
        }
        List<String> labels = new ArrayList<>();
        for (int row = 0; row < selection.size(); row++) {
            labels.addAll(Collections.nCopies(repeat, selection.label(row)));
        }
        Tensor vectors = selection.vectors(repeat);
        int n = vectors.dim(0);
        int columns = repeat > 1 && selection.size() > 1 ? repeat : Math.min(n, MAX_COLUMNS);
        return new BigGanInputs(z != null ? z : TruncatedNoise.sample(seed, n, zDim, truncation), vectors, labels, columns);
    }

    /** The checks that need no model: which options go together, and the truncation range. */
    static void checkOptions(List<String> classes, Path classVectorFile, Path zFile, Integer count, double truncation) {
        TruncatedNoise.checkTruncation(truncation);
        boolean named = !classes.isEmpty();
        if (named && classVectorFile != null) {
            throw new IllegalArgumentException("give --class or --class-vector-file, not both");
        }
        if (!named && classVectorFile == null) {
            throw new IllegalArgumentException("give --class NAME|INDEX (or --class-vector-file C.npy)");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        if (count != null && (zFile != null || classVectorFile != null)) {
            throw new IllegalArgumentException(
                    "--count does not apply with --z-file or --class-vector-file: the file sets the number of images");
        }
    }
}
