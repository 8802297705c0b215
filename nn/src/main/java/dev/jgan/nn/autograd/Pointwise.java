package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Activations;
import dev.jgan.tensor.kernels.Elementwise;
import dev.jgan.tensor.kernels.Reductions;

/** Differentiable element-by-element ops: arithmetic on same-shape Vars and activations. */
public final class Pointwise {
    private Pointwise() {}

    public static Var add(Var a, Var b) {
        Op op = Op.begin("add");
        Tensor y = Elementwise.add(a.value(), b.value());
        Node da = a.node();
        Node db = b.node();
        // y = a + b  =>  da = dy, db = dy
        return op.output(y, dy -> {
            da.accumulate(() -> dy);
            db.accumulate(() -> dy);
        }, a, b);
    }

    public static Var sub(Var a, Var b) {
        Op op = Op.begin("sub");
        Tensor y = Elementwise.sub(a.value(), b.value());
        Node da = a.node();
        Node db = b.node();
        // y = a - b  =>  da = dy, db = -dy
        return op.output(y, dy -> {
            da.accumulate(() -> dy);
            db.accumulate(() -> Elementwise.scale(dy, -1f));
        }, a, b);
    }

    public static Var mul(Var a, Var b) {
        Op op = Op.begin("mul");
        Tensor av = a.value();
        Tensor bv = b.value();
        Tensor y = Elementwise.mul(av, bv);
        Node da = a.node();
        Node db = b.node();
        // y = a * b  =>  da = dy * b, db = dy * a
        return op.output(y, dy -> {
            da.accumulate(() -> Elementwise.mul(dy, bv));
            db.accumulate(() -> Elementwise.mul(dy, av));
        }, a, b);
    }

    public static Var scale(Var x, float s) {
        Op op = Op.begin("scale");
        Tensor y = Elementwise.scale(x.value(), s);
        Node dx = x.node();
        // y = s x  =>  dx = s dy
        return op.output(y, dy -> dx.accumulate(() -> Elementwise.scale(dy, s)), x);
    }

    /** s x for a one-element Var s (a learned scalar gain). */
    public static Var scaleBy(Var x, Var s) {
        if (s.value().size() != 1) {
            throw new IllegalArgumentException("scaleBy needs a one-element scale, got shape " + s.value().shapeString());
        }
        Op op = Op.begin("scaleBy");
        Tensor xv = x.value();
        float sv = s.value().data()[0];
        Tensor y = Elementwise.scale(xv, sv);
        Node dx = x.node();
        Node ds = s.node();
        int[] sShape = s.shape();
        // y = s x  =>  dx = s dy, ds = sum(dy x)
        return op.output(y, dy -> {
            dx.accumulate(() -> Elementwise.scale(dy, sv));
            ds.accumulate(() -> Tensor.full((float) Reductions.dot(dy, xv), sShape));
        }, x, s);
    }

    public static Var addScalar(Var x, float s) {
        Op op = Op.begin("addScalar");
        Tensor y = Elementwise.addScalar(x.value(), s);
        Node dx = x.node();
        // y = x + s  =>  dx = dy
        return op.output(y, dy -> dx.accumulate(() -> dy), x);
    }

    public static Var neg(Var x) {
        return scale(x, -1f);
    }

    public static Var relu(Var x) {
        Op op = Op.begin("relu");
        Tensor y = Activations.relu(x.value());
        Node dx = x.node();
        // y = max(x, 0)  =>  dx = dy * [y > 0]
        return op.output(y, dy -> dx.accumulate(() -> Activations.reluBackward(dy, y)), x);
    }

    /** x for x > 0, slope x otherwise; slope must be positive so y has x's sign. */
    public static Var leakyRelu(Var x, float slope) {
        if (!(slope > 0)) {
            throw new IllegalArgumentException("leakyRelu slope must be positive, got " + slope);
        }
        Op op = Op.begin("leakyRelu");
        Tensor y = Activations.leakyRelu(x.value(), slope);
        Node dx = x.node();
        // y = x > 0 ? x : slope x  =>  dx = dy * (y > 0 ? 1 : slope)
        return op.output(y, dy -> dx.accumulate(() -> Activations.leakyReluBackward(dy, y, slope)), x);
    }

    public static Var tanh(Var x) {
        Op op = Op.begin("tanh");
        Tensor y = Activations.tanh(x.value());
        Node dx = x.node();
        // y = tanh(x)  =>  dx = dy (1 - y^2)
        return op.output(y, dy -> dx.accumulate(() -> Activations.tanhBackward(dy, y)), x);
    }

    public static Var sigmoid(Var x) {
        Op op = Op.begin("sigmoid");
        Tensor y = Activations.sigmoid(x.value());
        Node dx = x.node();
        // y = 1 / (1 + e^-x)  =>  dx = dy y (1 - y)
        return op.output(y, dy -> dx.accumulate(() -> Activations.sigmoidBackward(dy, y)), x);
    }

    public static Var exp(Var x) {
        Op op = Op.begin("exp");
        Tensor y = Activations.exp(x.value());
        Node dx = x.node();
        // y = e^x  =>  dx = dy y
        return op.output(y, dy -> dx.accumulate(() -> Elementwise.mul(dy, y)), x);
    }

    public static Var log(Var x) {
        Op op = Op.begin("log");
        Tensor xv = x.value();
        Tensor y = Activations.log(xv);
        Node dx = x.node();
        // y = ln x  =>  dx = dy / x
        return op.output(y, dy -> dx.accumulate(() -> Elementwise.div(dy, xv)), x);
    }
}
