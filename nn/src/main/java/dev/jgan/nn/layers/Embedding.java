package dev.jgan.nn.layers;

import dev.jgan.nn.Init;
import dev.jgan.nn.Module;
import dev.jgan.nn.autograd.LinearAlgebra;
import dev.jgan.nn.autograd.Var;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;

/**
 * A table of {@code count} vectors of size {@code dim} (weight [count, dim], N(0, 1) as
 * PyTorch); looking up labels is a product of their one-hot rows with the table, so the
 * gradient reaches exactly the rows that were used.
 */
public final class Embedding extends Module {
    private final int count;

    public Embedding(int count, int dim, Rng rng) {
        this.count = count;
        Init.normal(addParam("weight", Tensor.zeros(count, dim)).value(), rng, 0f, 1f);
    }

    public Var weight() {
        return param("weight");
    }

    /** Rows {@code labels[i]} of the table: [labels.length, dim]. */
    public Var forward(int... labels) {
        Tensor oneHot = Tensor.zeros(labels.length, count);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= count) {
                throw new IndexOutOfBoundsException("label " + labels[i] + " outside an embedding of " + count + " rows");
            }
            oneHot.data()[i * count + labels[i]] = 1f;
        }
        return LinearAlgebra.matmul(Var.constant(oneHot), weight());
    }
}
