package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Copies, the caching allocator and error reporting on a real device. */
class CudaContextGpuTest extends GpuTest {
    @Test
    void uploadDownloadRoundTripsExactly() {
        for (int n : new int[] {1, 3, 255, 257, 100_003}) {
            Tensor host = Tensor.normal(n, 0, 1, n);
            try (DeviceTensor device = upload(host)) {
                assertArrayEquals(host.data(), device.download().data());
            }
        }
    }

    @Test
    void fillWritesTheBitPattern() {
        try (DeviceTensor t = DeviceTensor.allocate(context, 3, 7)) {
            t.fill(-2.5f);
            for (float v : t.download().data()) {
                assertEquals(-2.5f, v);
            }
        }
    }

    @Test
    void closedBuffersAreReusedWithinTheirSizeClass() {
        long first;
        try (DeviceTensor a = DeviceTensor.allocate(context, 1000)) {
            first = a.address();
        }
        try (DeviceTensor b = DeviceTensor.allocate(context, 900)) {
            assertEquals(first, b.address());
        }
    }

    @Test
    void driverErrorsNameTheCallAndTheError() {
        CudaException e = assertThrows(CudaException.class, () -> context.allocator().allocate(1L << 40));
        assertTrue(e.getMessage().contains("cuMemAlloc") && e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"),
                e.getMessage());
    }
}
