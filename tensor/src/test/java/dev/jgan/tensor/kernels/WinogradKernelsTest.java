package dev.jgan.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WinogradKernelsTest {

    /**
     * Tap t of kernel (o, i) is w[o][i][t], or, rotated, w[i][o][8 - t]; stageTaps puts the taps of L
     * consecutive i where tap reads them, from blocks inside w (register transposes) and at its end.
     */
    @ParameterizedTest(name = "{0} x {1} kernels, rotated {2}")
    @CsvSource({"3, 16, false", "3, 16, true", "5, 33, false", "5, 33, true", "2, 48, true", "1, 16, false"})
    void stagesTheNineTapsOfConsecutiveKernels(int cOut, int cIn, boolean rotated) {
        int lanes = Vectors.LANES;
        float[] w = Tensor.uniform(new Rng(cOut * 100 + cIn), -1f, 1f, cOut * cIn * 9).data();
        WinogradKernels kernels = new WinogradKernels(w, rotated);
        // rotated, w is [cIn][cOut][3][3] in the pass's terms
        float[] temp = new float[WinogradKernels.STAGED_TAPS];
        for (int o = 0; o < cOut; o++) {
            for (int i0 = 0; i0 + lanes <= cIn; i0 += lanes) {
                int base = kernels.stageTaps(cIn, cOut, o, i0, temp);
                for (int t = 0; t < 9; t++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        int i = i0 + lane;
                        float expected = rotated ? w[(i * cOut + o) * 9 + 8 - t] : w[(o * cIn + i) * 9 + t];
                        assertEquals(expected, kernels.tap(cIn, cOut, o, i, t), "tap " + t + " of (" + o + ", " + i + ")");
                        assertEquals(expected, temp[base + t * lanes + lane], "staged tap " + t + " of (" + o + ", " + i + ")");
                    }
                }
            }
        }
    }
}
