package dev.jgan.bench;

import dev.jgan.bench.LayerShape.Kind;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Conv2d;
import dev.jgan.tensor.kernels.ConvSpec;
import dev.jgan.tensor.kernels.ConvTranspose2d;

/**
 * Seeded inputs and preallocated outputs for the three passes of one layer of {@link LayerShapes},
 * without bias (as in DCGAN): {@link Conv2d} for conv layers, {@link ConvTranspose2d} for transposed
 * ones. Each pass overwrites its output and returns it.
 */
public final class LayerTensors {
    private final boolean transposed;
    private final ConvSpec spec;
    private final Tensor x;
    private final Tensor w;
    private final Tensor y;
    private final Tensor dy;
    private final Tensor dx;
    private final Tensor dw;

    public LayerTensors(LayerShape shape) {
        transposed = shape.kind() == Kind.CONV_T;
        spec = shape.spec();
        int[] weightShape = transposed
                ? new int[] {shape.cin(), shape.cout(), shape.k(), shape.k()}
                : new int[] {shape.cout(), shape.cin(), shape.k(), shape.k()};
        x = Tensor.normal(1, 0f, 1f, shape.n(), shape.cin(), shape.h(), shape.w());
        w = Tensor.normal(2, 0f, 0.05f, weightShape);
        dy = Tensor.normal(3, 0f, 1f, shape.n(), shape.cout(), shape.outH(), shape.outW());
        y = Tensor.zeros(dy.shape());
        dx = Tensor.zeros(x.shape());
        dw = Tensor.zeros(weightShape);
    }

    public Tensor forward() {
        if (transposed) {
            ConvTranspose2d.forward(x, w, null, spec, y);
        } else {
            Conv2d.forward(x, w, null, spec, y);
        }
        return y;
    }

    public Tensor backwardInput() {
        if (transposed) {
            ConvTranspose2d.backwardInput(dy, w, spec, dx);
        } else {
            Conv2d.backwardInput(dy, w, spec, dx);
        }
        return dx;
    }

    public Tensor backwardWeight() {
        if (transposed) {
            ConvTranspose2d.backwardWeight(dy, x, spec, dw);
        } else {
            Conv2d.backwardWeight(dy, x, spec, dw);
        }
        return dw;
    }
}
