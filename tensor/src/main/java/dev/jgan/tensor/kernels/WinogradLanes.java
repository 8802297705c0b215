package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Lane shuffles the Winograd transforms use to split image rows by column phase and to interleave them back. */
final class WinogradLanes {
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> twoSource(2 * i));
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(S, i -> twoSource(2 * i + 1));
    private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(S, i -> i % 2 == 0 ? i / 2 : i / 2 - L);
    private static final VectorShuffle<Float> ZIP_HIGH =
            VectorShuffle.fromOp(S, i -> i % 2 == 0 ? L / 2 + i / 2 : L / 2 + i / 2 - L);
    /** Offsets of the same tap in L consecutive 3x3 kernels. */
    static final int[] KERNEL_STARTS = IntStream.range(0, L).map(i -> 9 * i).toArray();

    private WinogradLanes() {}

    /** Lane {@code index} of the concatenation of two vectors, as a two-source shuffle index. */
    private static int twoSource(int index) {
        return index < L ? index : index - 2 * L;
    }

    /** Lanes 0, 2, 4, .. of a followed by b. */
    static FloatVector evens(FloatVector a, FloatVector b) {
        return a.rearrange(EVENS, b);
    }

    /** Lanes 1, 3, 5, .. of a followed by b. */
    static FloatVector odds(FloatVector a, FloatVector b) {
        return a.rearrange(ODDS, b);
    }

    /** a0 b0 a1 b1 .. from the first halves of a and b. */
    static FloatVector zipLow(FloatVector a, FloatVector b) {
        return a.rearrange(ZIP_LOW, b);
    }

    /** The same from the second halves. */
    static FloatVector zipHigh(FloatVector a, FloatVector b) {
        return a.rearrange(ZIP_HIGH, b);
    }
}
