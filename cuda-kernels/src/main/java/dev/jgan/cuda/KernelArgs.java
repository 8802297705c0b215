package dev.jgan.cuda;

import static dev.jgan.cuda.CudaCheck.check;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The parameter list of one kernel launch, in the order of the kernel's signature.
 * cuLaunchKernel copies the values, so the list can be closed right after the launch.
 */
final class KernelArgs implements AutoCloseable {
    private final List<Pointer> values = new ArrayList<>();
    private final StringBuilder signature = new StringBuilder();

    /** A {@code float*} parameter. */
    KernelArgs pointer(DeviceTensor tensor) {
        return address(tensor.address());
    }

    /** A {@code float*} parameter that may be null. */
    KernelArgs pointerOrNull(DeviceTensor tensor) {
        return address(tensor == null ? 0L : tensor.address());
    }

    KernelArgs address(long address) {
        values.add(new LongPointer(1).put(address));
        signature.append('p');
        return this;
    }

    KernelArgs i32(int value) {
        values.add(new IntPointer(1).put(value));
        signature.append('i');
        return this;
    }

    KernelArgs f32(float value) {
        values.add(new FloatPointer(1).put(value));
        signature.append('f');
        return this;
    }

    /** A {@code ConvShape} struct parameter passed by value ({@link ConvShape#FIELDS} ints). */
    KernelArgs shape(ConvShape shape) {
        values.add(new IntPointer(shape.toInts()));
        signature.append('s');
        return this;
    }

    /** Queues {@code kernel} on the context's stream with these arguments, one block of {@code kernel.threads}. */
    void launch(CudaContext context, Kernel kernel, LaunchGeometry.Grid grid) {
        if (!signature.toString().equals(kernel.signature)) {
            throw new IllegalStateException("arguments (" + signature + ") do not match " + kernel.entry
                    + " (" + kernel.signature + ")");
        }
        CudaFunction function = context.function(kernel);
        try (PointerPointer<Pointer> params = new PointerPointer<>(values.toArray(new Pointer[0]))) {
            check(cuLaunchKernel(function.handle(), grid.x(), grid.y(), grid.z(), kernel.threads, 1, 1, 0,
                    context.stream(), params, (PointerPointer<?>) null), "cuLaunchKernel(" + kernel.entry + ")");
        }
    }

    @Override
    public void close() {
        values.forEach(Pointer::close);
        values.clear();
    }
}
