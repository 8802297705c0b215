package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WinogradLanesTest {

    /** Tap t of kernel l lands at temp[t L + l], from the middle of w (a register transpose) and from its end (gathers). */
    @ParameterizedTest(name = "kernels from {0} before the end")
    @ValueSource(ints = {0, 1, 7, 16, 17, 40})
    void stagesTheNineTapsOfConsecutiveKernels(int kernelsAfter) {
        int lanes = Vectors.LANES;
        int before = 3;
        float[] w = Tensor.uniform(new Rng(kernelsAfter), -1f, 1f, (before + lanes + kernelsAfter) * 9 + 2).data();
        int at = before * 9 + 2;
        float[] temp = new float[WinogradLanes.STAGED_TAPS];
        WinogradLanes.stageTaps(w, at, temp);
        for (int tap = 0; tap < 9; tap++) {
            for (int l = 0; l < lanes; l++) {
                assertEquals(w[at + 9 * l + tap], temp[tap * lanes + l], "tap " + tap + " of kernel " + l);
            }
        }
    }
}
