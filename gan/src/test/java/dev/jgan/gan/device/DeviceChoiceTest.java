package dev.jgan.gan.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.cuda.CudaRuntime;
import dev.jgan.cuda.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How --device is chosen, with stand-ins for the GPU probe (and the real probe where there is no GPU). */
class DeviceChoiceTest {
    private static final DeviceChoice.GpuProbe GPU = () -> null;
    private static final DeviceChoice.GpuProbe NO_GPU = () -> "no CUDA device";

    @Test
    void theDefaultIsCudaOnlyWithAGpu() {
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "default: a usable GPU is present"),
                DeviceChoice.choose(null, GPU));
        assertEquals(new DeviceChoice(DeviceChoice.Device.CPU, "default: no usable GPU (no CUDA device)"),
                DeviceChoice.choose(null, NO_GPU));
        assertEquals("device: cpu (default: no usable GPU (no CUDA device))",
                DeviceChoice.choose(null, NO_GPU).describe());
    }

    @Test
    void explicitChoicesAreHonouredOrRefusedWithTheReason() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.choose("cpu", () -> {
            throw new AssertionError("--device cpu needs no probe");
        }));
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "--device cuda"), DeviceChoice.choose("cuda", GPU));
        assertEquals("--device cuda: no CUDA device",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("cuda", NO_GPU)).getMessage());
        assertEquals("unknown --device 'gpu': expected cuda or cpu",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("gpu", GPU)).getMessage());
    }

    @Test
    void theGpuRunsInFloat32UnlessTf32IsAskedFor() {
        DeviceChoice cuda = DeviceChoice.choose("cuda", GPU);
        assertEquals(Precision.FP32, cuda.precision());
        assertEquals(Precision.FP32, cuda.withPrecision(null).precision());
        assertEquals(Precision.FP32, cuda.withPrecision("fp32").precision());
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "--device cuda", Precision.TF32), cuda.withPrecision("tf32"));
        assertEquals("device: cuda (--device cuda), TF32", cuda.withPrecision("tf32").describe());
        assertEquals("device: cuda (default: a usable GPU is present), FP32",
                DeviceChoice.choose(null, GPU).withPrecision(null).describe());
    }

    @Test
    void tf32OnTheCpuOrAnUnknownPrecisionIsRefusedWithTheReason() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.CPU.withPrecision("fp32"));
        assertEquals("--precision tf32 runs on the GPU's tensor cores; the device is cpu (--device cpu)",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.CPU.withPrecision("tf32")).getMessage());
        assertEquals("--precision tf32 runs on the GPU's tensor cores; the device is cpu (default: no usable GPU"
                        + " (no CUDA device))",
                assertThrows(IllegalArgumentException.class,
                        () -> DeviceChoice.choose(null, NO_GPU).withPrecision("tf32")).getMessage());
        assertEquals("unknown --precision 'bf16': expected fp32 or tf32",
                assertThrows(IllegalArgumentException.class,
                        () -> DeviceChoice.choose("cuda", GPU).withPrecision("bf16")).getMessage());
    }

    @Test
    void aModelTheGpuRunsInFullNeedsOnlyAGpu() {
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "default: a usable GPU is present"),
                DeviceChoice.choose(null, GPU));
        assertEquals("device: cpu (default: no usable GPU (no CUDA device))", DeviceChoice.choose(null, NO_GPU).describe());
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "--device cuda"), DeviceChoice.choose("cuda", GPU));
        assertEquals(DeviceChoice.CPU, DeviceChoice.choose("cpu", NO_GPU));
        assertEquals("--device cuda: no CUDA device",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("cuda", NO_GPU)).getMessage());
    }

    @Test
    void withoutAGpuTheRealProbeChoosesTheCpuAndSaysWhy() {
        Assumptions.assumeFalse(CudaRuntime.isAvailable(), "a usable GPU is present");
        DeviceChoice choice = DeviceChoice.choose(null, DeviceChoice.GpuProbe.CUDA_RUNTIME);
        assertEquals(DeviceChoice.Device.CPU, choice.device());
        assertEquals("default: no usable GPU (" + CudaRuntime.unavailableReason() + ")", choice.reason());
        assertEquals("--device cuda: " + CudaRuntime.unavailableReason(), assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.choose("cuda", DeviceChoice.GpuProbe.CUDA_RUNTIME)).getMessage());
    }
}
