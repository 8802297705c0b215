package dev.jgan.gan.device;

import dev.jgan.cuda.CudaRuntime;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where a model runs and why, shared by the commands that take {@code --device cuda|cpu} (a DCGAN's
 * training, BigGAN's generation): as asked for, or by default cuda when a usable GPU is present and the
 * model's options are ones the GPU path covers, else cpu.
 *
 * @param device the device that runs
 * @param reason why it was chosen, for the line the command prints
 */
public record DeviceChoice(Device device, String reason) {
    /** The devices a model can run on. */
    public enum Device { CPU, CUDA }

    /** The CPU, as asked for. */
    public static final DeviceChoice CPU = new DeviceChoice(Device.CPU, "--device cpu");

    /**
     * The device for {@code requested} ("cuda", "cpu", or null for the default); {@code unsupportedOption}
     * names an option of the model the GPU path lacks, or gives null (asked only when cuda is possible);
     * {@code gpuUnavailable} is why no GPU can be used, or null when one can (asked only when needed).
     * An explicit cuda that cannot run is an error naming the reason.
     */
    public static DeviceChoice choose(String requested, Supplier<String> unsupportedOption, GpuProbe gpuUnavailable) {
        if ("cpu".equals(requested)) {
            return CPU;
        }
        if (requested != null && !requested.equals("cuda")) {
            throw new IllegalArgumentException("unknown --device '" + requested + "': expected cuda or cpu");
        }
        String unsupported = unsupportedOption.get();
        String noGpu = gpuUnavailable.reason();
        if (requested == null) {
            if (noGpu != null) {
                return new DeviceChoice(Device.CPU, "default: no usable GPU (" + noGpu + ")");
            }
            return unsupported != null
                    ? new DeviceChoice(Device.CPU, "default: the GPU step does not support " + unsupported)
                    : new DeviceChoice(Device.CUDA, "default: a usable GPU is present");
        }
        if (noGpu != null) {
            throw new IllegalArgumentException("--device cuda: " + noGpu);
        }
        if (unsupported != null) {
            throw new IllegalArgumentException("--device cuda does not support " + unsupported + "; use --device cpu");
        }
        return new DeviceChoice(Device.CUDA, "--device cuda");
    }

    /** As {@link #choose(String, Supplier, GpuProbe)}, for a model the GPU path runs whatever its options. */
    public static DeviceChoice choose(String requested, GpuProbe gpuUnavailable) {
        return choose(requested, () -> null, gpuUnavailable);
    }

    /** Why no GPU can be used, or null when one can. */
    @FunctionalInterface
    public interface GpuProbe {
        /** This machine's answer, from {@link CudaRuntime}. */
        GpuProbe CUDA_RUNTIME = () -> CudaRuntime.isAvailable() ? null : CudaRuntime.unavailableReason();

        String reason();
    }

    /** E.g. "device: cpu (default: no usable GPU (no CUDA device))". */
    public String describe() {
        return "device: " + device.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
    }
}
