package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One image's patches, one row per output position: row o holds the Cin x kH x kW input values the
 * window of output position o covers (zero in the padding), taps in the order (kh, kw, ci). That is
 * the order of a padded channels-last copy of the image ({@link PaddedImage}), where each window row
 * of kW x Cin values lies in one run: a patch row is kH vector copies, when a window row fits a vector.
 */
final class PatchRows {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    final ConvGeometry g;
    private final PaddedImage padded;
    private final int[] corners;
    /** Per kernel row kh: its window row's offset from the window's corner in the padded image. */
    private final int[] windowRows;
    private final int segment;

    PatchRows(ConvGeometry g) {
        this.g = g;
        padded = new PaddedImage(g);
        corners = padded.corners();
        ConvSpec s = g.spec();
        int[] offsets = padded.patchOffsets();
        windowRows = new int[s.kernelH()];
        for (int kh = 0; kh < s.kernelH(); kh++) {
            windowRows[kh] = offsets[kh * s.kernelW()];
        }
        segment = s.kernelW() * g.inChannels();
    }

    /** Whether the rows can be built: undilated window rows of at most one vector. */
    static boolean fits(ConvGeometry g) {
        return g.spec().dilationW() == 1 && g.spec().kernelW() * g.inChannels() <= L;
    }

    /** Floats of the padded-image buffer {@link #build} needs: the image and a vector's room after it. */
    int imageSize() {
        return padded.size() + L;
    }

    /** Floats of the rows buffer: the rows and a vector's room after them. */
    int size() {
        return g.outPlane() * g.patch() + L;
    }

    /** Where tap (ci, kh, kw) sits in a row. */
    int tap(int ci, int kh, int kw) {
        return (kh * g.spec().kernelW() + kw) * g.inChannels() + ci;
    }

    /**
     * The rows of image {@code image} of x into rows, through the padded copy in {@code paddedImage}.
     * Whole vectors are stored in ascending order: the lanes past a window row land on slots a later
     * store overwrites (or, after the last, past the rows).
     */
    void build(float[] x, int image, float[] paddedImage, float[] rows) {
        padded.copy(x, image, paddedImage);
        int patch = g.patch();
        // the fields in locals: read in the loop, they cost 2-3 % of the 1-channel weight gradient
        int[] starts = corners;
        int[] offsets = windowRows;
        int step = segment;
        for (int o = 0; o < starts.length; o++) {
            for (int kh = 0; kh < offsets.length; kh++) {
                FloatVector.fromArray(S, paddedImage, starts[o] + offsets[kh]).intoArray(rows, o * patch + kh * step);
            }
        }
    }
}
