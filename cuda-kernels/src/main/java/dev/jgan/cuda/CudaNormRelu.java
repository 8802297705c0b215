package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.plane;
import static dev.jgan.cuda.DeviceShapes.requireChannels;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * Inference batch normalisation with fixed statistics followed by ReLU, in one pass, on the GPU (module
 * norm_relu.ptx), as {@link dev.jgan.tensor.kernels.NormRelu} computes it:
 * {@code y = relu((x - mean[c]) / sqrt(var[c] + eps) * gain + offset)} over x [N, C, ...], with gain and
 * offset per channel ([C]) or per sample and channel ([N, C], BigGAN's conditional batch norm).
 * Work is queued on the context's stream.
 */
public final class CudaNormRelu {
    private final CudaContext context;

    public CudaNormRelu(CudaContext context) {
        this.context = context;
    }

    /** Writes relu((x - mean) / sqrt(var + eps) * gain + offset) into y (x's shape; may be x). */
    public void forward(DeviceTensor x, DeviceTensor mean, DeviceTensor var, float eps, DeviceTensor gain,
                        DeviceTensor offset, DeviceTensor y) {
        int channels = requireChannels("normRelu: x", x);
        int images = x.dim(0);
        String forX = " for x of shape " + Shapes.toString(x.shape());
        requireShape("normRelu: mean" + forX, mean, channels);
        requireShape("normRelu: var" + forX, var, channels);
        boolean perSample = requireAffine("gain", gain, forX, images, channels);
        if (perSample != requireAffine("offset", offset, forX, images, channels)) {
            throw new IllegalArgumentException("normRelu: gain " + Shapes.toString(gain.shape()) + " and offset "
                    + Shapes.toString(offset.shape()) + " must both be [C] or both be [N, C]");
        }
        Shapes.requireSame("normRelu: y", x.shape(), y.shape());
        int plane = plane(x);
        if (x.size() == 0) {
            return;
        }
        new KernelArgs().pointer(x).pointer(y).pointer(mean).pointer(var).pointer(gain).pointer(offset).f32(eps)
                .i32(channels).i32(plane).i32(perSample ? channels : 0)
                .launch(context, Kernel.NORM_RELU_NCHW, LaunchGeometry.planeGrid(images * channels, plane));
    }

    private static boolean requireAffine(String name, DeviceTensor t, String forX, int images, int channels) {
        if (t.rank() == 2) {
            requireShape("normRelu: per-sample " + name + forX, t, images, channels);
            return true;
        }
        requireShape("normRelu: " + name + forX, t, channels);
        return false;
    }
}
