package dev.jgan.gan.device;

import dev.jgan.cuda.CudaRuntime;
import dev.jgan.cuda.Precision;
import java.util.Locale;

/**
 * Where a model runs and why, shared by the commands that take {@code --device cuda|cpu} (a DCGAN's
 * training, BigGAN's generation): as asked for, or by default cuda when a usable GPU is present, else cpu;
 * and, on the GPU, the arithmetic of its
 * convolutions and dense products ({@code --precision fp32|tf32}).
 *
 * @param device    the device that runs
 * @param reason    why it was chosen, for the line the command prints
 * @param precision the GPU's convolution and matrix-product arithmetic (FP32 on the CPU)
 */
public record DeviceChoice(Device device, String reason, Precision precision) {
    /** The devices a model can run on. */
    public enum Device { CPU, CUDA }

    /** Help text of the {@code --precision} option of the commands that take {@code --device}. */
    public static final String PRECISION_OPTION_DESCRIPTION = "Arithmetic of the GPU's convolutions and matrix"
            + " products: fp32 (float32, the CPU's results to rounding) or tf32 (tensor cores: inputs rounded to a"
            + " 10-bit mantissa, float32 sums; layers to or from 1-4 channels stay float32). Default: fp32.";

    /** The CPU, as asked for. */
    public static final DeviceChoice CPU = new DeviceChoice(Device.CPU, "--device cpu");

    /** {@code device} in float32. */
    public DeviceChoice(Device device, String reason) {
        this(device, reason, Precision.FP32);
    }

    /**
     * The device for {@code requested} ("cuda", "cpu", or null for the default); {@code gpuUnavailable} is why
     * no GPU can be used, or null when one can (asked only when needed). An explicit cuda that cannot run is an
     * error naming the reason.
     */
    public static DeviceChoice choose(String requested, GpuProbe gpuUnavailable) {
        if ("cpu".equals(requested)) {
            return CPU;
        }
        if (requested != null && !requested.equals("cuda")) {
            throw new IllegalArgumentException("unknown --device '" + requested + "': expected cuda or cpu");
        }
        String noGpu = gpuUnavailable.reason();
        if (requested == null) {
            return noGpu != null ? new DeviceChoice(Device.CPU, "default: no usable GPU (" + noGpu + ")")
                    : new DeviceChoice(Device.CUDA, "default: a usable GPU is present");
        }
        if (noGpu != null) {
            throw new IllegalArgumentException("--device cuda: " + noGpu);
        }
        return new DeviceChoice(Device.CUDA, "--device cuda");
    }

    /** Why no GPU can be used, or null when one can. */
    @FunctionalInterface
    public interface GpuProbe {
        /** This machine's answer, from {@link CudaRuntime}. */
        GpuProbe CUDA_RUNTIME = () -> CudaRuntime.isAvailable() ? null : CudaRuntime.unavailableReason();

        String reason();
    }

    /**
     * This choice with the arithmetic {@code requested} by {@code --precision} ("fp32", "tf32", or null for
     * fp32). TF32 runs on the GPU's tensor cores only, so asking for it on the CPU is an error giving the
     * reason the CPU was chosen.
     */
    public DeviceChoice withPrecision(String requested) {
        if (requested == null || requested.equals("fp32")) {
            return new DeviceChoice(device, reason, Precision.FP32);
        }
        if (!requested.equals("tf32")) {
            throw new IllegalArgumentException("unknown --precision '" + requested + "': expected fp32 or tf32");
        }
        if (device != Device.CUDA) {
            throw new IllegalArgumentException("--precision tf32 runs on the GPU's tensor cores; the device is cpu ("
                    + reason + ")");
        }
        return new DeviceChoice(device, reason, Precision.TF32);
    }

    /** E.g. "device: cpu (default: no usable GPU (no CUDA device))", "device: cuda (--device cuda), TF32". */
    public String describe() {
        String where = "device: " + device.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
        return device == Device.CUDA ? where + ", " + precision : where;
    }
}
