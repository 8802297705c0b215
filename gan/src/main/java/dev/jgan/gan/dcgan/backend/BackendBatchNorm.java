package dev.jgan.gan.dcgan.backend;

import static dev.jgan.gan.dcgan.backend.BackendLayer.releaseIfHeld;
import static dev.jgan.gan.dcgan.backend.BackendLayer.sized;

import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import java.util.List;

/**
 * Training-mode batch norm over the channels of x [N, C, H, W]: y = gamma xhat + beta with
 * xhat = (x - mean) invstd from the batch's statistics; every forward moves the running statistics.
 */
final class BackendBatchNorm<T> implements BackendLayer<T> {
    private final Backend<T> backend;
    private final BackendParameter<T> gamma;
    private final BackendParameter<T> beta;
    private final T runningMean;
    private final T runningVar;
    private final T saveMean;
    private final T saveInvstd;
    private final float momentum;
    private final float eps;
    private T input;
    private T output;
    private T inputGrad;

    BackendBatchNorm(Backend<T> backend, Tensor hostGamma, Tensor hostBeta, Tensor hostRunningMean,
                     Tensor hostRunningVar, float momentum, float eps) {
        this.backend = backend;
        this.gamma = new BackendParameter<>(backend, hostGamma);
        this.beta = new BackendParameter<>(backend, hostBeta);
        this.runningMean = backend.upload(hostRunningMean);
        this.runningVar = backend.upload(hostRunningVar);
        this.saveMean = backend.allocate(hostGamma.shape());
        this.saveInvstd = backend.allocate(hostGamma.shape());
        this.momentum = momentum;
        this.eps = eps;
    }

    @Override
    public T forward(T x) {
        input = x;
        output = sized(backend, output, backend.shape(x));
        backend.batchNormTrain(x, gamma.value(), beta.value(), runningMean, runningVar, momentum, eps, output,
                saveMean, saveInvstd);
        return output;
    }

    @Override
    public T backward(T dy, BackendParameter.Gradient mode, boolean inputGradient) {
        // y = gamma xhat + beta, xhat = (x - mean) invstd  =>  dbeta = sum(dy), dgamma = sum(dy xhat), dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat))
        inputGrad = inputGradient ? sized(backend, inputGrad, backend.shape(input)) : null;
        backend.batchNormBackward(dy, input, gamma.value(), saveMean, saveInvstd, inputGrad,
                gamma.gradientTarget(mode), beta.gradientTarget(mode));
        gamma.gradientWritten(mode);
        beta.gradientWritten(mode);
        return inputGrad;
    }

    @Override
    public List<Named<BackendParameter<T>>> parameters() {
        return List.of(new Named<>("weight", gamma), new Named<>("bias", beta));
    }

    @Override
    public List<Named<T>> buffers() {
        return List.of(new Named<>("running_mean", runningMean), new Named<>("running_var", runningVar));
    }

    @Override
    public void release() {
        gamma.release();
        beta.release();
        for (T t : List.of(runningMean, runningVar, saveMean, saveInvstd)) {
            backend.release(t);
        }
        releaseIfHeld(backend, output);
        releaseIfHeld(backend, inputGrad);
    }
}
