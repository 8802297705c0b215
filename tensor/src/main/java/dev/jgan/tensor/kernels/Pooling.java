package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 max pooling with stride 2 over x[N, C, H, W], giving [N, C, H / 2, W / 2] (an odd last
 * row or column is dropped, as PyTorch's floor mode). The argmax of each window, as an index
 * h * W + w into its input plane, is recorded for the backward pass; ties go to the first
 * maximum in row-major order and NaN wins, as in PyTorch.
 */
public final class Pooling {
    private static final VectorSpecies<Float> F = Vectors.FLOAT;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final int L = Vectors.LANES;
    private static final int[] EVEN = new int[L];
    private static final int[] ODD = new int[L];

    static {
        for (int i = 0; i < L; i++) {
            EVEN[i] = 2 * i;
            ODD[i] = 2 * i + 1;
        }
    }

    private Pooling() {}

    /** Pooled output and, for every output value, the plane index of the input it came from. */
    public record MaxPool(Tensor y, int[] argmax) {}

    public static MaxPool maxPool2x2(Tensor x) {
        Shapes.requireRank("maxPool2x2: x", x, 4);
        Tensor y = Tensor.zeros(x.dim(0), x.dim(1), x.dim(2) / 2, x.dim(3) / 2);
        int[] argmax = new int[y.size()];
        maxPool2x2Into(x, y, argmax);
        return new MaxPool(y, argmax);
    }

    /** Writes the pooled values into y and, unless argmax is null, the window argmaxes (y.size() ints). */
    public static void maxPool2x2Into(Tensor x, Tensor y, int[] argmax) {
        Shapes.requireRank("maxPool2x2: x", x, 4);
        int h = x.dim(2), w = x.dim(3), oh = h / 2, ow = w / 2;
        Shapes.requireShape("maxPool2x2: y for x of shape " + x.shapeString(), y, x.dim(0), x.dim(1), oh, ow);
        if (argmax != null && argmax.length != y.size()) {
            throw new IllegalArgumentException("maxPool2x2: argmax holds " + argmax.length + " indices, y of shape "
                    + y.shapeString() + " needs " + y.size());
        }
        float[] a = x.data(), o = y.data();
        Parallel.forRange(x.dim(0) * x.dim(1) * oh, Grain.units(Grain.CHEAP, 4 * ow), (from, to) -> {
            for (int row = from; row < to; row++) {
                int plane = row / oh, i = row % oh;
                int top = plane * h * w + 2 * i * w;
                int dst = row * ow;
                int topInPlane = 2 * i * w;
                int j = 0;
                for (int bound = Vectors.loopBound(ow); j < bound; j += L) {
                    poolVector(a, top + 2 * j, w, o, dst + j, argmax, topInPlane + 2 * j);
                }
                for (; j < ow; j++) {
                    int at = top + 2 * j;
                    int best = 0;
                    float max = a[at];
                    for (int corner = 1; corner < 4; corner++) {
                        int offset = (corner >> 1) * w + (corner & 1);
                        float v = a[at + offset];
                        if (v > max || Float.isNaN(v)) {
                            max = v;
                            best = offset;
                        }
                    }
                    o[dst + j] = max;
                    if (argmax != null) {
                        argmax[dst + j] = topInPlane + 2 * j + best;
                    }
                }
            }
        });
    }

    /** One vector of outputs: the four window corners gathered and compared in row-major order. */
    private static void poolVector(float[] a, int at, int w, float[] o, int dst, int[] argmax, int inPlane) {
        FloatVector max = FloatVector.fromArray(F, a, at, EVEN, 0);
        IntVector corner = IntVector.zero(I);
        FloatVector topRight = FloatVector.fromArray(F, a, at, ODD, 0);
        VectorMask<Float> wins = firstMaxWins(topRight, max);
        max = max.blend(topRight, wins);
        corner = corner.blend(1, wins.cast(I));
        FloatVector bottomLeft = FloatVector.fromArray(F, a, at + w, EVEN, 0);
        wins = firstMaxWins(bottomLeft, max);
        max = max.blend(bottomLeft, wins);
        corner = corner.blend(w, wins.cast(I));
        FloatVector bottomRight = FloatVector.fromArray(F, a, at + w, ODD, 0);
        wins = firstMaxWins(bottomRight, max);
        max = max.blend(bottomRight, wins);
        corner = corner.blend(w + 1, wins.cast(I));
        max.intoArray(o, dst);
        if (argmax != null) {
            corner.addIndex(2).add(inPlane).intoArray(argmax, dst);
        }
    }

    /** Lanes where v replaces the running maximum: strictly greater, or NaN. */
    private static VectorMask<Float> firstMaxWins(FloatVector v, FloatVector max) {
        return v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
    }

    /** Gradient of {@link #maxPool2x2}: each dy goes to the input its window's maximum came from. */
    public static Tensor maxPool2x2Backward(Tensor dy, int[] argmax, int[] inputShape) {
        Tensor dx = Tensor.zeros(inputShape);
        maxPool2x2BackwardInto(dy, argmax, dx);
        return dx;
    }

    // y = x[argmax]  =>  dx[argmax] = dy, 0 elsewhere (2x2 stride-2 windows never overlap)
    public static Tensor maxPool2x2BackwardInto(Tensor dy, int[] argmax, Tensor dx) {
        Shapes.requireRank("maxPool2x2Backward: dx", dx, 4);
        int h = dx.dim(2), w = dx.dim(3), oh = h / 2, ow = w / 2;
        Shapes.requireShape("maxPool2x2Backward: dy for dx of shape " + dx.shapeString(), dy,
                dx.dim(0), dx.dim(1), oh, ow);
        if (argmax.length != dy.size()) {
            throw new IllegalArgumentException("maxPool2x2Backward: argmax holds " + argmax.length
                    + " indices, dy of shape " + dy.shapeString() + " needs " + dy.size());
        }
        float[] g = dy.data(), o = dx.data();
        int planes = dx.dim(0) * dx.dim(1);
        Parallel.forRange(planes, Grain.units(Grain.CHEAP, h * w), (from, to) -> {
            Arrays.fill(o, from * h * w, to * h * w, 0f);
            for (int p = from; p < to; p++) {
                for (int k = p * oh * ow; k < (p + 1) * oh * ow; k++) {
                    o[p * h * w + argmax[k]] = g[k];
                }
            }
        });
        return dx;
    }
}
