package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatentWalkTest {

    @Test
    void walksStartAndEndAtTheGivenPoints() {
        float[] a = {1, 2, -3};
        float[] b = {-2, 0.5f, 4};
        for (boolean spherical : new boolean[] {false, true}) {
            Tensor z = LatentWalk.walk(a, b, 5, spherical);
            assertArrayEquals(new int[] {5, 3, 1, 1}, z.shape());
            assertArrayEquals(a, Arrays.copyOfRange(z.data(), 0, 3), 1e-6f);
            assertArrayEquals(b, Arrays.copyOfRange(z.data(), 12, 15), 1e-6f);
        }
    }

    @Test
    void linearMidpointIsTheMeanAndSphericalKeepsTheNorm() {
        float[] a = {2, 0};
        float[] b = {0, 2};
        assertArrayEquals(new float[] {1, 1}, LatentWalk.lerp(a, b, 0.5), 1e-6f);
        float[] mid = LatentWalk.slerp(a, b, 0.5);
        assertArrayEquals(new float[] {(float) Math.sqrt(2), (float) Math.sqrt(2)}, mid, 1e-6f);
        float[] third = LatentWalk.slerp(a, b, 1 / 3.0);
        assertEquals(2.0, Math.hypot(third[0], third[1]), 1e-6);
        assertEquals(Math.PI / 6, Math.atan2(third[1], third[0]), 1e-6);
    }

    @Test
    void parallelPointsFallBackToLinearAndBadArgumentsAreRefused() {
        assertArrayEquals(new float[] {2, 4}, LatentWalk.slerp(new float[] {1, 2}, new float[] {3, 6}, 0.5), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> LatentWalk.walk(new float[2], new float[3], 4, false));
        assertThrows(IllegalArgumentException.class, () -> LatentWalk.walk(new float[2], new float[2], 1, true));
    }
}
