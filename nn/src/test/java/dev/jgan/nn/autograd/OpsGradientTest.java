package dev.jgan.nn.autograd;

import dev.jgan.nn.testing.GradCheck;
import dev.jgan.nn.testing.Ref;
import dev.jgan.nn.testing.RefConv;
import dev.jgan.nn.testing.RefNorm;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pointwise, matrix, shape, softmax and resampling ops against float64 references, forward and gradient. */
class OpsGradientTest {
    private static Var param(long seed, int... shape) {
        return Var.param(Tensor.normal(seed, 0f, 1f, shape));
    }

    @Test
    void arithmetic() {
        Var a = param(1, 3, 7);
        Var b = param(2, 3, 7);
        GradCheck check = new GradCheck().input("a", a).input("b", b);
        check.check("add", () -> Pointwise.add(a, b), in -> Ref.add(in.get("a"), in.get("b")));
        check.check("sub", () -> Pointwise.sub(a, b), in -> Ref.add(in.get("a"), Ref.map(in.get("b"), v -> -v)));
        check.check("mul", () -> Pointwise.mul(a, b), in -> Ref.mul(in.get("a"), in.get("b")));
        check.check("scale", () -> Pointwise.scale(a, -2.5f), in -> Ref.map(in.get("a"), v -> -2.5 * v));
        check.check("addScalar", () -> Pointwise.addScalar(a, 0.75f), in -> Ref.map(in.get("a"), v -> v + 0.75));
        check.check("neg", () -> Pointwise.neg(a), in -> Ref.map(in.get("a"), v -> -v));
    }

    @Test
    void activations() {
        Var x = param(3, 2, 3, 5, 7);
        GradCheck check = new GradCheck().input("x", x);
        check.check("relu", () -> Pointwise.relu(x), in -> Ref.map(in.get("x"), v -> Math.max(v, 0)));
        check.check("leakyRelu", () -> Pointwise.leakyRelu(x, 0.2f), in -> Ref.map(in.get("x"), v -> v > 0 ? v : 0.2 * v));
        check.check("tanh", () -> Pointwise.tanh(x), in -> Ref.map(in.get("x"), Math::tanh));
        check.check("sigmoid", () -> Pointwise.sigmoid(x), in -> Ref.map(in.get("x"), v -> 1 / (1 + Math.exp(-v))));
        check.check("exp", () -> Pointwise.exp(x), in -> Ref.map(in.get("x"), Math::exp));
        Var positive = Var.param(Tensor.uniform(4, 0.5f, 3f, 17));
        new GradCheck().input("x", positive).check("log", () -> Pointwise.log(positive), in -> Ref.map(in.get("x"), Math::log));
    }

    @Test
    void matrixProducts() {
        Var a = param(5, 5, 7);
        Var b = param(6, 7, 3);
        new GradCheck().input("a", a).input("b", b)
                .check("matmul", () -> LinearAlgebra.matmul(a, b), in -> Ref.matmul(in.get("a"), false, in.get("b"), false, 5, 7, 3));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Var x = param(7, 2, ta ? 7 : 5, ta ? 5 : 7);
                Var y = param(8, 2, tb ? 3 : 7, tb ? 7 : 3);
                new GradCheck().input("x", x).input("y", y).check("bmm " + ta + " " + tb, () -> LinearAlgebra.bmm(x, ta, y, tb), in -> {
                    double[] out = new double[2 * 5 * 3];
                    for (int s = 0; s < 2; s++) {
                        double[] xs = java.util.Arrays.copyOfRange(in.get("x"), s * 35, s * 35 + 35);
                        double[] ys = java.util.Arrays.copyOfRange(in.get("y"), s * 21, s * 21 + 21);
                        System.arraycopy(Ref.matmul(xs, ta, ys, tb, 5, 7, 3), 0, out, s * 15, 15);
                    }
                    return out;
                });
            }
        }
    }

    @Test
    void linearWithAndWithoutBias() {
        Var x = param(9, 4, 13);
        Var w = param(10, 5, 13);
        Var b = param(11, 5);
        new GradCheck().input("x", x).input("w", w).input("b", b)
                .check("linear", () -> LinearAlgebra.linear(x, w, b), in -> Ref.linear(in.get("x"), in.get("w"), in.get("b"), 4, 13, 5));
        new GradCheck().input("x", x).input("w", w)
                .check("linear without bias", () -> LinearAlgebra.linear(x, w, null), in -> Ref.linear(in.get("x"), in.get("w"), null, 4, 13, 5));
    }

    @Test
    void shapeOps() {
        Var a = param(12, 2, 3, 2, 2);
        Var b = param(13, 2, 1, 2, 2);
        new GradCheck().input("a", a).check("reshape", () -> Pointwise.mul(ShapeOps.reshape(a, 6, -1), ShapeOps.reshape(a, 6, 4)),
                in -> Ref.mul(in.get("a"), in.get("a")));
        new GradCheck().input("a", a).input("b", b).check("concat and slice",
                () -> ShapeOps.sliceChannels(ShapeOps.concatChannels(a, b, a), 2, 5), in -> {
                    double[] out = new double[2 * 3 * 4];
                    for (int n = 0; n < 2; n++) {
                        System.arraycopy(in.get("a"), n * 12 + 8, out, n * 12, 4);
                        System.arraycopy(in.get("b"), n * 4, out, n * 12 + 4, 4);
                        System.arraycopy(in.get("a"), n * 12, out, n * 12 + 8, 4);
                    }
                    return out;
                });
    }

    @Test
    void scaleByALearnedScalar() {
        Var x = param(14, 3, 5);
        Var s = param(15, 1);
        new GradCheck().input("x", x).input("s", s).check("scaleBy", () -> Pointwise.scaleBy(x, s),
                in -> Ref.map(in.get("x"), v -> v * in.get("s")[0]));
    }

    @Test
    void softmaxAlongTheLastAxis() {
        Var x = param(16, 2, 3, 7);
        new GradCheck().input("x", x).check("softmax", () -> Normalization.softmax(x, -1),
                in -> RefNorm.softmaxRows(in.get("x"), 6, 7));
    }

    @Test
    void softmaxAlongAMiddleAxis() {
        Var x = param(19, 2, 5, 3, 7);
        new GradCheck().input("x", x).check("softmax along axis 1", () -> Normalization.softmax(x, 1), in -> {
            double[] moved = new double[x.value().size()];
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 5; c++) {
                    for (int p = 0; p < 21; p++) {
                        moved[(n * 21 + p) * 5 + c] = in.get("x")[(n * 5 + c) * 21 + p];
                    }
                }
            }
            double[] rows = RefNorm.softmaxRows(moved, 42, 5);
            double[] out = new double[rows.length];
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 5; c++) {
                    for (int p = 0; p < 21; p++) {
                        out[(n * 5 + c) * 21 + p] = rows[(n * 21 + p) * 5 + c];
                    }
                }
            }
            return out;
        });
    }

    @Test
    void poolingAndUpsampling() {
        Var x = param(17, 2, 3, 6, 10);
        new GradCheck().input("x", x).check("maxPool2x2", () -> Spatial.maxPool2x2(x),
                in -> RefConv.maxPool(in.get("x"), 6, 6, 10, 2));
        Var odd = param(18, 1, 2, 5, 3);
        new GradCheck().input("x", odd).check("maxPool2x2 with odd sizes", () -> Spatial.maxPool2x2(odd),
                in -> RefConv.maxPool(in.get("x"), 2, 5, 3, 2));
        new GradCheck().input("x", odd).check("upsampleNearest2x", () -> Spatial.upsampleNearest2x(odd),
                in -> RefConv.upsampleNearest(in.get("x"), 2, 5, 3, 2));
    }
}
