package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The multiplier and shift the launcher computes, applied as FastDivisor::div in conv_shape.cuh applies them. */
class FastDivisorTest {
    /** (n * m) >> p on 64-bit unsigned products, as the kernels compute n / d. */
    private static int divide(FastDivisor f, int n) {
        return (int) ((n * Integer.toUnsignedLong(f.m())) >>> f.p());
    }

    @Test
    void quotientsAreExactAcrossTheNonNegativeIntRange() {
        SplittableRandom random = new SplittableRandom(3);
        List<Integer> divisors = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 25, 49, 196, 784, 1000,
                4096, 65535, 65536, 65537, 1 << 20, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE - 1,
                Integer.MAX_VALUE));
        for (int i = 0; i < 200; i++) {
            divisors.add(1 + random.nextInt(i < 100 ? 5000 : Integer.MAX_VALUE));
        }
        for (int d : divisors) {
            FastDivisor f = FastDivisor.of(d);
            List<Integer> numerators = new ArrayList<>(List.of(0, 1, d - 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1));
            for (long q : new long[] {1, 2, 3, 1000, Integer.MAX_VALUE / d, Integer.MAX_VALUE / d - 1}) {
                for (long n = q * d - 1; n <= q * d + 1; n++) {
                    if (n >= 0 && n <= Integer.MAX_VALUE) {
                        numerators.add((int) n);
                    }
                }
            }
            for (int i = 0; i < 2000; i++) {
                numerators.add(random.nextInt(Integer.MAX_VALUE));
            }
            for (int n : numerators) {
                assertEquals(n / d, divide(f, n), n + " / " + d + " with m " + Integer.toUnsignedString(f.m())
                        + ", p " + f.p());
            }
        }
    }

    @Test
    void multiplierAndShiftFollowTheFormula() {
        assertEquals(new FastDivisor(1, 1 << 31, 31), FastDivisor.of(1));
        assertEquals(new FastDivisor(2, 1 << 31, 32), FastDivisor.of(2));
        assertEquals(new FastDivisor(3, (int) 2863311531L, 33), FastDivisor.of(3));  // ceil(2^33 / 3)
        assertEquals(new FastDivisor(Integer.MAX_VALUE, (int) 2147483650L, 62),  // ceil(2^62 / (2^31 - 1)) = 2^31 + 2
                FastDivisor.of(Integer.MAX_VALUE));
    }

    @Test
    void aDivisorBelowOneIsRefused() {
        assertEquals("divisor must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> FastDivisor.of(0)).getMessage());
    }
}
