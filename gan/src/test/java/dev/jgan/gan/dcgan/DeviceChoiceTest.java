package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.cuda.CudaRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How --device is chosen, with a stand-in for the GPU probe (and the real one where there is no GPU). */
class DeviceChoiceTest {
    private static final DcganConfig PLAIN = DcganConfig.of(Preset.MNIST28, 1);
    private static final DcganConfig HINGE = new DcganConfig(Preset.MNIST28, 1, 64, 100, false, 0, false, GanLoss.HINGE, 0f, 0f);
    private static final DcganConfig CONDITIONAL = new DcganConfig(Preset.MNIST28, 1, 64, 100, true, 10, false, GanLoss.BCE, 0f, 0f);
    private static final DeviceChoice.GpuProbe GPU = () -> null;
    private static final DeviceChoice.GpuProbe NO_GPU = () -> "no CUDA device";

    @Test
    void theDefaultIsCudaOnlyWithAGpuAndASupportedConfiguration() {
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "default: a usable GPU is present"),
                DeviceChoice.choose(null, PLAIN, GPU));
        assertEquals(new DeviceChoice(DeviceChoice.Device.CPU, "default: no usable GPU (no CUDA device)"),
                DeviceChoice.choose(null, PLAIN, NO_GPU));
        assertEquals(new DeviceChoice(DeviceChoice.Device.CPU, "default: the GPU step does not support --loss hinge"),
                DeviceChoice.choose(null, HINGE, GPU));
        assertEquals("device: cpu (default: no usable GPU (no CUDA device))", DeviceChoice.choose(null, PLAIN, NO_GPU).describe());
    }

    @Test
    void explicitChoicesAreHonouredOrRefusedWithTheReason() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.choose("cpu", CONDITIONAL, () -> {
            throw new AssertionError("--device cpu needs no probe");
        }));
        assertEquals(new DeviceChoice(DeviceChoice.Device.CUDA, "--device cuda"), DeviceChoice.choose("cuda", PLAIN, GPU));
        assertEquals("--device cuda: no CUDA device",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("cuda", PLAIN, NO_GPU)).getMessage());
        assertEquals("--device cuda does not support --conditional; use --device cpu",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("cuda", CONDITIONAL, GPU)).getMessage());
        assertEquals("unknown --device 'gpu': expected cuda or cpu",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.choose("gpu", PLAIN, GPU)).getMessage());
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
        DeviceChoice choice = DeviceChoice.choose(null, PLAIN, DeviceChoice.GpuProbe.CUDA_RUNTIME);
        assertEquals(DeviceChoice.Device.CPU, choice.device());
        assertEquals("default: no usable GPU (" + CudaRuntime.unavailableReason() + ")", choice.reason());
        assertEquals("--device cuda: " + CudaRuntime.unavailableReason(), assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.choose("cuda", PLAIN, DeviceChoice.GpuProbe.CUDA_RUNTIME)).getMessage());
    }
}
