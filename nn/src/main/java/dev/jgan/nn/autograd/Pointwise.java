package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Reductions;

/** Differentiable element-by-element ops: arithmetic on same-shape Vars and activations. */
public final class Pointwise {
    private Pointwise() {}

    public static Var add(Var a, Var b) {
        Op op = Op.begin("add", a, b);
        Tensor y = Elementwise.addInto(a.tensor(), b.tensor(), op.buffer(a.shape()));
        Node da = a.node();
        Node db = b.node();
        // y = a + b  =>  da = dy, db = dy
        return op.output(y, dy -> {
            da.accumulate(() -> dy);
            db.accumulate(() -> dy);
        }, a, b);
    }

    public static Var sub(Var a, Var b) {
        Op op = Op.begin("sub", a, b);
        Tensor y = Elementwise.subInto(a.tensor(), b.tensor(), op.buffer(a.shape()));
        Node da = a.node();
        Node db = b.node();
        // y = a - b  =>  da = dy, db = -dy
        return op.output(y, dy -> {
            da.accumulate(() -> dy);
            db.accumulateInto(out -> Elementwise.scaleInto(dy, -1f, out));
        }, a, b);
    }

    public static Var mul(Var a, Var b) {
        Op op = Op.begin("mul", a, b);
        Tensor av = a.tensor();
        Tensor bv = b.tensor();
        Tensor y = Elementwise.mulInto(av, bv, op.buffer(a.shape()));
        Node da = a.node();
        Node db = b.node();
        // y = a * b  =>  da = dy * b, db = dy * a
        return op.output(y, dy -> {
            da.accumulateInto(out -> Elementwise.mulInto(dy, bv, out));
            db.accumulateInto(out -> Elementwise.mulInto(dy, av, out));
        }, a, b);
    }

    public static Var scale(Var x, float s) {
        Op op = Op.begin("scale", x);
        Tensor y = Elementwise.scaleInto(x.tensor(), s, op.buffer(x.shape()));
        Node dx = x.node();
        // y = s x  =>  dx = s dy
        return op.output(y, dy -> dx.accumulateInto(out -> Elementwise.scaleInto(dy, s, out)), x);
    }

    /** s x for a one-element Var s (a learned scalar gain). */
    public static Var scaleBy(Var x, Var s) {
        if (s.tensor().size() != 1) {
            throw new IllegalArgumentException("scaleBy needs a one-element scale, got shape " + s.tensor().shapeString());
        }
        Op op = Op.begin("scaleBy", x, s);
        Tensor xv = x.tensor();
        float sv = s.tensor().data()[0];
        Tensor y = Elementwise.scaleInto(xv, sv, op.buffer(x.shape()));
        Node dx = x.node();
        Node ds = s.node();
        // y = s x  =>  dx = s dy, ds = sum(dy x)
        return op.output(y, dy -> {
            dx.accumulateInto(out -> Elementwise.scaleInto(dy, sv, out));
            ds.accumulateInto(out -> out.fill((float) Reductions.dot(dy, xv)));
        }, x, s);
    }

    public static Var addScalar(Var x, float s) {
        Op op = Op.begin("addScalar", x);
        Tensor y = Elementwise.addScalarInto(x.tensor(), s, op.buffer(x.shape()));
        Node dx = x.node();
        // y = x + s  =>  dx = dy
        return op.output(y, dy -> dx.accumulate(() -> dy), x);
    }

    public static Var neg(Var x) {
        return scale(x, -1f);
    }

    public static Var relu(Var x) {
        Op op = Op.begin("relu", x);
        Tensor y = Activations.reluInto(x.tensor(), op.buffer(x.shape()));
        Node dx = x.node();
        // y = max(x, 0)  =>  dx = dy * [y > 0]
        return op.output(y, dy -> dx.accumulateInto(out -> Activations.reluBackwardInto(dy, y, out)), x);
    }

    /** x for x > 0, slope x otherwise; slope must be positive so y has x's sign. */
    public static Var leakyRelu(Var x, float slope) {
        if (!(slope > 0)) {
            throw new IllegalArgumentException("leakyRelu slope must be positive, got " + slope);
        }
        Op op = Op.begin("leakyRelu", x);
        Tensor y = Activations.leakyReluInto(x.tensor(), slope, op.buffer(x.shape()));
        Node dx = x.node();
        // y = x > 0 ? x : slope x  =>  dx = dy * (y > 0 ? 1 : slope)
        return op.output(y, dy -> dx.accumulateInto(out -> Activations.leakyReluBackwardInto(dy, y, slope, out)), x);
    }

    public static Var tanh(Var x) {
        Op op = Op.begin("tanh", x);
        Tensor y = Activations.tanhInto(x.tensor(), op.buffer(x.shape()));
        Node dx = x.node();
        // y = tanh(x)  =>  dx = dy (1 - y^2)
        return op.output(y, dy -> dx.accumulateInto(out -> Activations.tanhBackwardInto(dy, y, out)), x);
    }

    public static Var sigmoid(Var x) {
        Op op = Op.begin("sigmoid", x);
        Tensor y = Activations.sigmoidInto(x.tensor(), op.buffer(x.shape()));
        Node dx = x.node();
        // y = 1 / (1 + e^-x)  =>  dx = dy y (1 - y)
        return op.output(y, dy -> dx.accumulateInto(out -> Activations.sigmoidBackwardInto(dy, y, out)), x);
    }

    public static Var exp(Var x) {
        Op op = Op.begin("exp", x);
        Tensor y = Activations.expInto(x.tensor(), op.buffer(x.shape()));
        Node dx = x.node();
        // y = e^x  =>  dx = dy y
        return op.output(y, dy -> dx.accumulateInto(out -> Elementwise.mulInto(dy, y, out)), x);
    }

    public static Var log(Var x) {
        Op op = Op.begin("log", x);
        Tensor xv = x.tensor();
        Tensor y = Activations.logInto(xv, op.buffer(x.shape()));
        Node dx = x.node();
        // y = ln x  =>  dx = dy / x
        return op.output(y, dy -> dx.accumulateInto(out -> Elementwise.divInto(dy, xv, out)), x);
    }
}
