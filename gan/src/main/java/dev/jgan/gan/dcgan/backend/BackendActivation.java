package dev.jgan.gan.dcgan.backend;

import dev.jgan.nn.backend.Backend;

/** ReLU, leaky ReLU or tanh, in place: the output overwrites the input, the input gradient the output's. */
final class BackendActivation<T> implements BackendLayer<T> {
    /** The activation functions a DCGAN uses. */
    enum Kind { RELU, LEAKY_RELU, TANH }

    private final Backend<T> backend;
    private final Kind kind;
    private final float slope;
    private T output;

    /** {@code slope} is the leaky ReLU's (ignored by the others). */
    BackendActivation(Backend<T> backend, Kind kind, float slope) {
        this.backend = backend;
        this.kind = kind;
        this.slope = slope;
    }

    @Override
    public T forward(T x) {
        output = x;
        switch (kind) {
            case RELU -> backend.relu(x, x);
            case LEAKY_RELU -> backend.leakyRelu(x, slope, x);
            case TANH -> backend.tanh(x, x);
        }
        return output;
    }

    @Override
    public T backward(T dy, BackendParameter.Gradient mode, boolean inputGradient) {
        if (!inputGradient) {
            return null;
        }
        switch (kind) {
            // y = max(x, 0)  =>  dx = dy [y > 0]
            case RELU -> backend.reluBackward(dy, output, dy);
            // y = x > 0 ? x : slope x  =>  dx = dy (y > 0 ? 1 : slope)
            case LEAKY_RELU -> backend.leakyReluBackward(dy, output, slope, dy);
            // y = tanh(x)  =>  dx = dy (1 - y^2)
            case TANH -> backend.tanhBackward(dy, output, dy);
        }
        return dy;
    }

    @Override
    public void release() {
        // works in its input's buffer: nothing of its own
    }
}
