package dev.jgan.gan.cli;

import dev.jgan.cuda.CudaBackend;
import dev.jgan.cuda.CudaContext;
import dev.jgan.gan.biggan.BackendBigGanModel;
import dev.jgan.gan.biggan.BigGanModel;
import dev.jgan.gan.biggan.BigGanSampler;
import dev.jgan.gan.device.DeviceChoice;

/**
 * Where {@code gan biggan generate} and {@code interpolate} run: the CPU model itself (its tuned path),
 * or the same model on the GPU through {@link BackendBigGanModel} over {@link CudaBackend} in the chosen precision.
 */
final class BigGanDevice {
    static final String OPTION_DESCRIPTION = "Generate on the GPU (cuda) or the CPU. Default: cuda when a usable GPU"
            + " is present, else cpu.";

    private BigGanDevice() {}

    /** The device for {@code --device} and {@code --precision} (null: the defaults), checked before the model loads. */
    static DeviceChoice choose(String requestedDevice, String requestedPrecision) {
        return DeviceChoice.choose(requestedDevice, DeviceChoice.GpuProbe.CUDA_RUNTIME).withPrecision(requestedPrecision);
    }

    /** {@code model} on the chosen device; closing the result gives the GPU back. */
    static BigGanSampler open(BigGanModel model, DeviceChoice choice) {
        if (choice.device() == DeviceChoice.Device.CPU) {
            return model;
        }
        CudaContext context = CudaContext.open(0);
        try {
            return new BackendBigGanModel<>(new CudaBackend(context, choice.precision()), model, context::close);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }
}
