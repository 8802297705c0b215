package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Arguments that do not fit a kernel's parameter list are refused before anything reaches the driver. */
class KernelArgsTest {
    @Test
    void argumentsMustMatchTheKernelSignature() {
        try (KernelArgs args = new KernelArgs().address(0L).i32(7)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> args.launch(null, Kernel.RELU_BACKWARD, new LaunchGeometry.Grid(1, 1, 1)));
            assertTrue(e.getMessage().contains("relu_backward") && e.getMessage().contains("(pi)")
                    && e.getMessage().contains("(pppi)"), e.getMessage());
        }
    }
}
