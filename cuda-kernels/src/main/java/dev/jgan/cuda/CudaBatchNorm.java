package dev.jgan.cuda;

import static dev.jgan.cuda.DeviceShapes.plane;
import static dev.jgan.cuda.DeviceShapes.requireChannels;
import static dev.jgan.cuda.DeviceShapes.requireShape;

import dev.jgan.tensor.Shapes;

/**
 * Training-mode batch normalisation on the GPU (module batch_norm.ptx), as the CPU's
 * {@code BatchNorm} computes it: per-channel batch statistics of x [N, C, ...] (biased variance;
 * here from a two-pass centred sum), y = (x - mean) invstd gamma + beta with invstd = 1 / sqrt(var + eps), and
 * running statistics updated with the unbiased variance. Work is queued on the context's stream.
 */
public final class CudaBatchNorm {
    private final CudaContext context;

    public CudaBatchNorm(CudaContext context) {
        this.context = context;
    }

    /**
     * Writes y (which may be x), saveMean [C] and saveInvstd [C]; gamma and beta are both [C] or both
     * null (not affine); runningMean and runningVar are both [C], updated in place, or both null.
     */
    public void trainForward(DeviceTensor x, DeviceTensor gamma, DeviceTensor beta, DeviceTensor runningMean,
                             DeviceTensor runningVar, float momentum, float eps, DeviceTensor y,
                             DeviceTensor saveMean, DeviceTensor saveInvstd) {
        int channels = requireChannels("batchNorm: x", x);
        Shapes.requireSame("batchNorm: y", x.shape(), y.shape());
        requirePair("gamma", gamma, "beta", beta, channels);
        requirePair("runningMean", runningMean, "runningVar", runningVar, channels);
        requireShape("saveMean", saveMean, channels);
        requireShape("saveInvstd", saveInvstd, channels);
        int plane = plane(x);
        int batch = x.dim(0);
        if ((long) batch * plane < 2) {
            throw new IllegalArgumentException(
                    "batchNorm: training needs more than 1 value per channel, got x of shape " + Shapes.toString(x.shape()));
        }
        new KernelArgs().pointer(x).pointer(saveMean).pointer(saveInvstd).pointerOrNull(runningMean).pointerOrNull(runningVar)
                .f32(momentum).f32(eps).i32(batch).i32(channels).i32(plane)
                .launch(context, Kernel.BATCH_NORM_STATS_NCHW, new LaunchGeometry.Grid(channels, 1, 1));
        new KernelArgs().pointer(x).pointer(y).pointer(saveMean).pointer(saveInvstd).pointerOrNull(gamma).pointerOrNull(beta)
                .i32(channels).i32(plane).i32(x.size())
                .launch(context, Kernel.BATCH_NORM_APPLY_NCHW, LaunchGeometry.elementwiseGrid(x.size()));
    }

    /**
     * From the forward pass's saved statistics: dbeta [C] = sum of dy, dgamma [C] = sum of dy xhat, and
     * dx (unless null). dgamma and dbeta are required even for a layer that is not affine (gamma null):
     * dx is computed from them.
     */
    public void backward(DeviceTensor dy, DeviceTensor x, DeviceTensor gamma, DeviceTensor saveMean,
                         DeviceTensor saveInvstd, DeviceTensor dx, DeviceTensor dgamma, DeviceTensor dbeta) {
        // y = xhat gamma + beta, xhat = (x - mean) invstd  =>  dbeta = sum dy, dgamma = sum dy xhat,
        // dx = gamma invstd (dy - sum(dy) / count - xhat sum(dy xhat) / count)
        int channels = requireChannels("batchNorm: x", x);
        Shapes.requireSame("batchNormBackward: dy", x.shape(), dy.shape());
        if (gamma != null) {
            requireShape("gamma", gamma, channels);
        }
        requireShape("saveMean", saveMean, channels);
        requireShape("saveInvstd", saveInvstd, channels);
        requireShape("dgamma", dgamma, channels);
        requireShape("dbeta", dbeta, channels);
        int plane = plane(x);
        int batch = x.dim(0);
        new KernelArgs().pointer(dy).pointer(x).pointer(saveMean).pointer(saveInvstd).pointer(dbeta).pointer(dgamma)
                .i32(batch).i32(channels).i32(plane)
                .launch(context, Kernel.BATCH_NORM_BACKWARD_SUMS_NCHW, new LaunchGeometry.Grid(channels, 1, 1));
        if (dx == null) {
            return;
        }
        Shapes.requireSame("batchNormBackward: dx", x.shape(), dx.shape());
        new KernelArgs().pointer(dy).pointer(x).pointer(saveMean).pointer(saveInvstd).pointerOrNull(gamma).pointer(dbeta)
                .pointer(dgamma).pointer(dx).i32(channels).i32(plane).i32(batch * plane).i32(x.size())
                .launch(context, Kernel.BATCH_NORM_BACKWARD_INPUT_NCHW, LaunchGeometry.elementwiseGrid(x.size()));
    }

    private static void requirePair(String firstName, DeviceTensor first, String secondName, DeviceTensor second,
                                    int channels) {
        if ((first == null) != (second == null)) {
            throw new IllegalArgumentException("batchNorm: " + firstName + " and " + secondName
                    + " must both be given or both be null");
        }
        if (first != null) {
            requireShape(firstName, first, channels);
            requireShape(secondName, second, channels);
        }
    }
}
