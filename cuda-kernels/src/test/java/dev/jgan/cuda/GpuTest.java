package dev.jgan.cuda;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that need a GPU: one context per test class. Without CUDA each test is
 * skipped with the reason, or fails with it when -Djgan.cuda.require=true (as gpu-check runs them).
 */
abstract class GpuTest {
    static CudaContext context;

    @BeforeEach
    void requireGpu() {
        if (Boolean.getBoolean("jgan.cuda.require")) {
            Assertions.assertTrue(CudaRuntime.isAvailable(), CudaRuntime.unavailableReason());
        }
        Assumptions.assumeTrue(CudaRuntime.isAvailable(), CudaRuntime.unavailableReason());
        if (context == null) {
            context = CudaContext.open(0);
        }
    }

    @AfterAll
    static void closeContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    static DeviceTensor upload(Tensor host) {
        return DeviceTensor.upload(context, host);
    }

    /** An output tensor filled with NaN, so any element a kernel fails to write is caught. */
    static DeviceTensor poisoned(int... shape) {
        DeviceTensor t = DeviceTensor.allocate(context, shape);
        t.fill(Float.NaN);
        return t;
    }
}
