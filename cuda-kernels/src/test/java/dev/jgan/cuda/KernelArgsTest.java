package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.kernels.ConvSpec;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;

/**
 * Arguments that do not fit a kernel's parameter list are refused before anything reaches the driver, and
 * the values reach the native table cuLaunchKernel reads (checked without a GPU: the table is plain memory).
 */
class KernelArgsTest {
    private static final ConvShape SHAPE = ConvShape.of(2, 3, 9, 7, 5, new ConvSpec(3, 2, 2, 1, 1, 0, 1, 2));

    @Test
    void argumentsMustMatchTheKernelSignature() {
        KernelArgs args = new KernelArgs().address(0L).i32(7);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> args.launch(null, Kernel.RELU_BACKWARD, new LaunchGeometry.Grid(1, 1, 1)));
        assertTrue(e.getMessage().contains("relu_backward") && e.getMessage().contains("(pi)")
                && e.getMessage().contains("(pppi)"), e.getMessage());
    }

    @Test
    void everyKernelsParametersReachTheTableInOrder() {
        try (LaunchParameters parameters = new LaunchParameters()) {
            for (Kernel kernel : Kernel.values()) {
                KernelArgs args = new KernelArgs();
                String signature = kernel.signature;
                for (int i = 0; i < signature.length(); i++) {
                    switch (signature.charAt(i)) {
                        case 'p' -> args.address(0x7f00_0000_1000L + 256L * i);
                        case 'i' -> args.i32(-1000 - i);
                        case 'f' -> args.f32(0.5f + i);
                        case 's' -> args.shape(SHAPE);
                        default -> throw new AssertionError(kernel + ": unknown kind " + signature.charAt(i));
                    }
                }
                PointerPointer<?> table = args.writeTo(parameters);
                long previous = -1;
                for (int i = 0; i < signature.length(); i++) {
                    String what = kernel + " parameter " + i;
                    long address = new LongPointer(table).get(i);
                    assertEquals(0, address % Long.BYTES, what + " is 8-byte aligned");
                    assertTrue(address > previous, what + " follows the one before");
                    previous = address;
                    switch (signature.charAt(i)) {
                        case 'p' -> assertEquals(0x7f00_0000_1000L + 256L * i, new LongPointer(table.get(i)).get(), what);
                        case 'i' -> assertEquals(-1000 - i, new IntPointer(table.get(i)).get(), what);
                        case 'f' -> assertEquals(0.5f + i, new FloatPointer(table.get(i)).get(), what);
                        default -> {
                            int[] ints = new int[ConvShape.FIELDS];
                            new IntPointer(table.get(i)).get(ints);
                            assertArrayEquals(SHAPE.toInts(), ints, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aStructDoesNotOverlapTheValuesAfterIt() {
        try (LaunchParameters parameters = new LaunchParameters()) {
            PointerPointer<?> table = new KernelArgs().address(1L).shape(SHAPE).i32(42).writeTo(parameters);
            LongPointer addresses = new LongPointer(table);
            assertTrue(addresses.get(2) - addresses.get(1) >= (long) ConvShape.FIELDS * Integer.BYTES);
            assertEquals(42, new IntPointer(table.get(2)).get());
        }
    }

    @Test
    void tooManyParametersAreRefused() {
        KernelArgs args = new KernelArgs();
        for (int i = 0; i < LaunchParameters.MAX_PARAMETERS; i++) {
            args.i32(i);
        }
        assertEquals("more than " + LaunchParameters.MAX_PARAMETERS + " kernel parameters",
                assertThrows(IllegalStateException.class, () -> args.i32(0)).getMessage());
        assertThrows(IllegalStateException.class, () -> new KernelArgs().shape(SHAPE).shape(SHAPE));
    }
}
