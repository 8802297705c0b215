package dev.jgan.cuda;

import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that need a GPU: one context per test class; each test skipped, with the reason, when CUDA is unavailable. */
abstract class GpuTest {
    static CudaContext context;

    @BeforeEach
    void requireGpu() {
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
