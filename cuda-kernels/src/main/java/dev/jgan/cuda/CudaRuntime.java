package dev.jgan.cuda;

import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuInit;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;

/**
 * Whether this machine can run the CUDA kernels: the JNI bindings load, the driver
 * initialises, and device 0 can run sm_90 PTX. Probed once (the first failed load costs a
 * fraction of a second and later loads fail differently), then cached.
 */
public final class CudaRuntime {
    /** Compute capability the committed PTX targets. */
    static final int REQUIRED_MAJOR = 9;

    private static final class Probe {
        static final String UNAVAILABLE_REASON = probe();
    }

    private CudaRuntime() {}

    /** True when GPU kernels can run here; never throws. */
    public static boolean isAvailable() {
        return Probe.UNAVAILABLE_REASON == null;
    }

    /** One line saying why the GPU cannot be used, or "CUDA is available" when it can. */
    public static String unavailableReason() {
        return isAvailable() ? "CUDA is available" : Probe.UNAVAILABLE_REASON;
    }

    /** Throws {@link CudaUnavailableException} with the reason unless {@link #isAvailable()}. */
    static void requireAvailable() {
        if (!isAvailable()) {
            throw new CudaUnavailableException(Probe.UNAVAILABLE_REASON);
        }
    }

    /** Null when usable, else the reason. */
    private static String probe() {
        try {
            Loader.load(cudart.class);
        } catch (LinkageError | RuntimeException e) {
            return "the CUDA JNI library could not be loaded (" + rootMessage(e) + ")";
        }
        int result = cuInit(0);
        if (result != CUDA_SUCCESS) {
            return "cuInit failed: " + CudaCheck.errorName(result);
        }
        int[] count = new int[1];
        result = cuDeviceGetCount(count);
        if (result != CUDA_SUCCESS || count[0] == 0) {
            return "no CUDA device" + (result != CUDA_SUCCESS ? ": " + CudaCheck.errorName(result) : "");
        }
        int[] major = new int[1];
        int[] minor = new int[1];
        if (cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, 0) != CUDA_SUCCESS
                || cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, 0) != CUDA_SUCCESS) {
            return "could not read the compute capability of CUDA device 0";
        }
        if (major[0] < REQUIRED_MAJOR) {
            return "CUDA device 0 has compute capability " + major[0] + "." + minor[0]
                    + "; the kernels are compiled for sm_" + REQUIRED_MAJOR + "0";
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return (root.getClass().getSimpleName() + message).replaceAll("\\s+", " ").trim();
    }
}
