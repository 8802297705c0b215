package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane shuffles the Winograd transforms use (as {@code a.rearrange(SHUFFLE, b)}) to split image
 * rows by column phase and to interleave output columns back. They are constants rather than
 * helper methods: a helper taking vectors, if the JIT does not inline it, boxes them.
 */
final class WinogradLanes {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Lanes 0, 2, 4, .. of a followed by b. */
    static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> twoSource(2 * i));
    /** Lanes 1, 3, 5, .. of a followed by b. */
    static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(S, i -> twoSource(2 * i + 1));
    /** a0 b0 a1 b1 .. from the first halves of a and b. */
    static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(S, i -> i % 2 == 0 ? i / 2 : i / 2 - L);
    /** The same from the second halves. */
    static final VectorShuffle<Float> ZIP_HIGH =
            VectorShuffle.fromOp(S, i -> i % 2 == 0 ? L / 2 + i / 2 : L / 2 + i / 2 - L);
    /** Offsets of the same tap in L consecutive 3x3 kernels. */
    private static final int[] KERNEL_STARTS = IntStream.range(0, L).map(i -> 9 * i).toArray();
    /** Floats {@link #stageTaps} writes. */
    static final int STAGED_TAPS = Math.max(9, Transpose.BLOCK) * L;

    private WinogradLanes() {}

    /**
     * The 9 taps of the L consecutive 3x3 kernels from w[at] into temp[tap L + lane] (rows 9 to 15
     * of temp are overwritten too): with 16 lanes by transposing the 16 x 16 block that starts there
     * in registers (the kernels are 9 floats apart; 3x faster than nine gathers), where the block lies
     * inside w; otherwise by gathers.
     */
    static void stageTaps(float[] w, int at, float[] temp) {
        if (Transpose.BLOCKS && at + (Transpose.BLOCK - 1) * 9 + Transpose.BLOCK <= w.length) {
            Transpose.block(w, at, 9, temp, 0, L);
            return;
        }
        for (int tap = 0; tap < 9; tap++) {
            FloatVector.fromArray(S, w, at + tap, KERNEL_STARTS, 0).intoArray(temp, tap * L);
        }
    }

    /** Lane {@code index} of the concatenation of two vectors, as a two-source shuffle index. */
    private static int twoSource(int index) {
        return index < L ? index : index - 2 * L;
    }
}
