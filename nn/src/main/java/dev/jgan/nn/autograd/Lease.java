package dev.jgan.nn.autograd;

import dev.jgan.tensor.Tensor;

/**
 * One use of a pooled array: the tensor over it, how many holders it has (the graph node that
 * made it, nodes whose backward may read it, nodes whose gradient it is, or the pool's open
 * {@code use()} scope), and whether it escaped to the caller. When the last holder lets go of a
 * tensor that never escaped, the array goes back to its pool and this lease is over: every Var
 * that still refers to it throws instead of reading values that may have been overwritten.
 */
final class Lease {
    private final BufferPool pool;
    private final Tensor tensor;
    private int holders;
    private boolean escaped;
    private boolean over;

    Lease(BufferPool pool, Tensor tensor) {
        this.pool = pool;
        this.tensor = tensor;
    }

    Tensor tensor() {
        return tensor;
    }

    void retain() {
        requireLive();
        holders++;
    }

    void release() {
        if (--holders == 0 && !escaped) {
            over = true;
            pool.give(tensor.data());
        }
    }

    /** The caller may keep the tensor: it is never given back. */
    void escape() {
        requireLive();
        escaped = true;
    }

    /** True when one holder alone can see the tensor (so it may write into it). */
    boolean exclusive() {
        return holders == 1 && !escaped;
    }

    void requireLive() {
        if (over) {
            throw new IllegalStateException("this tensor " + tensor.shapeString() + " went back to its BufferPool when"
                    + " backward() freed the graph that held it (or the pool's use() scope that held it closed); read"
                    + " results before then, or keep them with Var.value()");
        }
    }
}
