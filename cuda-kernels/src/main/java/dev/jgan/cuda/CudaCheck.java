package dev.jgan.cuda;

import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cuGetErrorName;
import static org.bytedeco.cuda.global.cudart.cuGetErrorString;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/** Turns CUDA driver return codes into exceptions. */
final class CudaCheck {
    /** CUDA_ERROR_OUT_OF_MEMORY. */
    static final int OUT_OF_MEMORY = 2;

    private CudaCheck() {}

    /** Throws a {@link CudaException} naming {@code call} unless {@code result} is CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUDA_SUCCESS) {
            throw new CudaException(call, result, errorName(result), errorText(result));
        }
    }

    /** The driver's name for an error code, e.g. CUDA_ERROR_INVALID_VALUE. */
    static String errorName(int result) {
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
            if (cuGetErrorName(result, out) != CUDA_SUCCESS) {
                return "unknown CUDA error";
            }
            return string(out);
        }
    }

    private static String errorText(int result) {
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
            return cuGetErrorString(result, out) == CUDA_SUCCESS ? string(out) : "";
        }
    }

    private static String string(PointerPointer<BytePointer> out) {
        BytePointer text = out.get(BytePointer.class, 0);
        return text == null || text.isNull() ? "" : text.getString();
    }
}
