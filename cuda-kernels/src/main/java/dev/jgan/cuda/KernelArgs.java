package dev.jgan.cuda;

import static dev.jgan.cuda.CudaCheck.check;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;

import org.bytedeco.javacpp.PointerPointer;

/**
 * The parameter list of one kernel launch, in the order of the kernel's signature, held on the Java
 * heap until the launch writes it into the context's {@link LaunchParameters}.
 */
final class KernelArgs {
    private final long[] words = new long[LaunchParameters.MAX_PARAMETERS];
    private final StringBuilder signature = new StringBuilder();
    private ConvShape shape;

    /** A {@code float*} parameter. */
    KernelArgs pointer(DeviceTensor tensor) {
        return address(tensor.address());
    }

    /** A {@code float*} parameter that may be null. */
    KernelArgs pointerOrNull(DeviceTensor tensor) {
        return address(tensor == null ? 0L : tensor.address());
    }

    KernelArgs address(long address) {
        return add('p', address);
    }

    KernelArgs i32(int value) {
        return add('i', value);
    }

    KernelArgs f32(float value) {
        return add('f', Float.floatToRawIntBits(value));
    }

    /** A {@code ConvShape} struct parameter passed by value ({@link ConvShape#FIELDS} ints); one per launch. */
    KernelArgs shape(ConvShape shape) {
        if (this.shape != null) {
            throw new IllegalStateException("a launch takes one ConvShape");
        }
        this.shape = shape;
        return add('s', 0);
    }

    /** Queues {@code kernel} on the context's stream with these arguments, one block of {@code kernel.threads}. */
    void launch(CudaContext context, Kernel kernel, LaunchGeometry.Grid grid) {
        if (!signature.toString().equals(kernel.signature)) {
            throw new IllegalStateException("arguments (" + signature + ") do not match " + kernel.entry
                    + " (" + kernel.signature + ")");
        }
        CudaFunction function = context.function(kernel);
        PointerPointer<?> params = writeTo(context.launchParameters());
        check(cuLaunchKernel(function.handle(), grid.x(), grid.y(), grid.z(), kernel.threads, 1, 1, 0,
                context.stream(), params, (PointerPointer<?>) null), "cuLaunchKernel(" + kernel.entry + ")");
    }

    /** Writes the values into {@code parameters}; gives the table of their addresses that cuLaunchKernel reads. */
    PointerPointer<?> writeTo(LaunchParameters parameters) {
        parameters.clear();
        for (int i = 0; i < signature.length(); i++) {
            switch (signature.charAt(i)) {
                case 'p' -> parameters.addLong(words[i]);
                case 'i', 'f' -> parameters.addInt((int) words[i]);
                case 's' -> parameters.addInts(shape.toInts());
                default -> throw new IllegalStateException("unknown parameter kind " + signature.charAt(i));
            }
        }
        return parameters.table();
    }

    private KernelArgs add(char kind, long word) {
        int index = signature.length();
        if (index == words.length) {
            throw new IllegalStateException("more than " + words.length + " kernel parameters");
        }
        words[index] = word;
        signature.append(kind);
        return this;
    }
}
