package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
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
    private WinogradLanes() {}

    /** Lane {@code index} of the concatenation of two vectors, as a two-source shuffle index. */
    private static int twoSource(int index) {
        return index < L ? index : index - 2 * L;
    }
}
