package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The probe answers on any machine without throwing, and a missing GPU becomes a clear exception. */
class CudaRuntimeProbeTest {
    @Test
    void probeAnswersWithOneLineAndCachesIt() {
        boolean available = CudaRuntime.isAvailable();
        String reason = CudaRuntime.unavailableReason();
        assertFalse(reason.isBlank());
        assertFalse(reason.contains("\n"), "one line: " + reason);
        assertEquals(available, CudaRuntime.isAvailable());
        assertEquals(reason, CudaRuntime.unavailableReason());
    }

    @Test
    void openingAContextWithoutAGpuNamesTheReason() {
        if (CudaRuntime.isAvailable()) {
            try (CudaContext context = CudaContext.open(0)) {
                assertFalse(context.deviceName().isBlank());
                assertTrue(context.multiprocessors() > 0);
            }
            return;
        }
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> CudaContext.open(0));
        assertTrue(e.getMessage().contains(CudaRuntime.unavailableReason()), e.getMessage());
    }
}
