package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/** The staging buffer grows to the largest copy and is reused for smaller ones (plain host memory, no GPU). */
class HostStagingTest {
    @Test
    void growsToTheLargestCopyAndIsReused() {
        try (HostStaging staging = new HostStaging()) {
            FloatPointer small = staging.floats(0);
            assertTrue(small.capacity() >= 1);
            FloatPointer big = staging.floats(100_352);
            assertTrue(big.capacity() >= 100_352);
            assertSame(big, staging.floats(784), "a smaller copy reuses the buffer");
            assertSame(big, staging.floats(100_352));
            big.put(new float[] {1f, 2f, 3f}, 0, 3);
            float[] back = new float[3];
            staging.floats(3).get(back, 0, 3);
            assertEquals(2f, back[1]);
        }
    }
}
