package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/** Concatenation of matrices along their rows' length (axis 1), written into a given output. */
public final class Concat {
    private Concat() {}

    /** out [N, A + B] = [a, b] row by row, for a [N, A] and b [N, B]. */
    public static Tensor rowsInto(Tensor a, Tensor b, Tensor out) {
        Shapes.requireRank("concatRows: a", a, 2);
        Shapes.requireRank("concatRows: b", b, 2);
        int n = a.dim(0), wa = a.dim(1), wb = b.dim(1);
        Shapes.requireShape("concatRows: b for a of shape " + a.shapeString(), b, n, wb);
        Shapes.requireShape("concatRows: out for a of shape " + a.shapeString() + " and b of shape " + b.shapeString(),
                out, n, wa + wb);
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * wa, out.data(), i * (wa + wb), wa);
            System.arraycopy(b.data(), i * wb, out.data(), i * (wa + wb) + wa, wb);
        }
        return out;
    }
}
