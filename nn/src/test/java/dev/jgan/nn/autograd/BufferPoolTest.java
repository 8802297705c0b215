package dev.jgan.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.examples.DcganMnist;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Tensors reused through a {@link BufferPool} give the same bits as new ones, never change a
 * tensor the caller kept, and never let a Var read an array that went back to the pool.
 * (Surefire runs with assertions on, so every array given back is filled with NaN first: a
 * taker that reads before writing would show.)
 */
class BufferPoolTest {
    private static final ConvSpec SPEC = ConvSpec.of(3, 1, 1);

    @Test
    void dcganStepsWithAPoolMatchStepsWithoutBitForBitAndStopAllocating() {
        DcganMnist fresh = new DcganMnist(new Rng(5), false);
        DcganMnist pooled = new DcganMnist(new Rng(5), true);
        Rng data = new Rng(6);
        long createdAfterSecondStep = 0;
        for (int step = 0; step < 4; step++) {
            Tensor real = Tensor.uniform(data, -1f, 1f, 3, 1, 28, 28);
            Tensor z = Tensor.normal(data, 0f, 1f, 3, DcganMnist.LATENT, 1, 1);
            assertArrayEquals(fresh.step(real, z), pooled.step(real, z), "losses of step " + step);
            if (step == 1) {
                createdAfterSecondStep = pooled.pool().created();
            }
        }
        assertSameState(fresh.generator().state(), pooled.generator().state());
        assertSameState(fresh.discriminator().state(), pooled.discriminator().state());
        assertTrue(createdAfterSecondStep > 0);
        assertEquals(createdAfterSecondStep, pooled.pool().created(), "arrays allocated after the second step");
    }

    @Test
    void gradientsMatchWhereOneGradientIsSharedAndAccumulated() {
        // y = a + b hands one dy to a and b; a is also used by mul and conv, so its gradient is accumulated
        Supplier<List<Tensor>> run = () -> {
            Var a = Var.param(Tensor.normal(1, 0f, 1f, 2, 3, 5, 5));
            Var b = Var.param(Tensor.normal(2, 0f, 1f, 2, 3, 5, 5));
            Var c = Var.param(Tensor.normal(3, 0f, 1f, 2, 3, 5, 5));
            Var w = Var.param(Tensor.normal(4, 0f, 0.3f, 3, 3, 3, 3));
            Var y = Pointwise.add(a, b);
            Var h = Pointwise.add(Pointwise.add(y, Pointwise.mul(a, c)), Convolution.conv2d(a, w, null, SPEC));
            Var loss = Loss.bceWithLogits(Pointwise.tanh(h), 1f);
            loss.backward();
            return List.of(a.grad().copy(), b.grad().copy(), c.grad().copy(), w.grad().copy());
        };
        List<Tensor> fresh = run.get();
        List<Tensor> pooled = withPool(new BufferPool(), run);
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(fresh.get(i).data(), pooled.get(i).data(), "gradient " + i);
        }
    }

    @Test
    void aValueOrGradientTheCallerKeptIsNeverOverwritten() {
        BufferPool pool = new BufferPool();
        Var x = Var.param(Tensor.normal(7, 0f, 1f, 2, 3, 4, 4));
        Var w = Var.param(Tensor.normal(8, 0f, 0.3f, 3, 3, 3, 3));
        List<Tensor> kept = new ArrayList<>();
        List<Tensor> copies = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            try (Grad.Scope s = pool.use()) {
                w.zeroGrad();
                Var h = Pointwise.relu(Convolution.conv2d(x, w, null, SPEC));
                Var loss = Loss.bceWithLogits(h, 0.5f);
                if (step == 0) {
                    kept.add(h.value());
                    copies.add(h.value().copy());
                } else {
                    assertTrue(h.lentValue().data() != kept.get(0).data(), "a kept value's array is in use again");
                }
                loss.backward();
                if (step == 0) {
                    kept.add(w.grad());
                    copies.add(w.grad().copy());
                }
                x.tensor().data()[step] += 1f;
            }
        }
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(copies.get(i).data(), kept.get(i).data(), "kept tensor " + i);
        }
    }

    @Test
    void returnedArraysArePoisonedInTests() {
        BufferPool pool = new BufferPool();
        Lease lease = pool.take(3);
        lease.tensor().fill(1f);
        lease.retain();
        lease.release();
        assertTrue(Float.isNaN(pool.take(3).tensor().data()[0]), "assertions are on, so given-back arrays hold NaN");
    }

    @Test
    void aVarWhoseTensorWentBackThrowsInsteadOfReadingIt() {
        BufferPool pool = new BufferPool();
        Var x = Var.param(Tensor.normal(9, 0f, 1f, 4, 6));
        Var h;
        Var loss;
        try (Grad.Scope s = pool.use()) {
            h = Pointwise.tanh(x);
            loss = Loss.bceWithLogits(h, 1f);
            loss.backward();
        }
        Var freed = h;
        assertThrows(IllegalStateException.class, freed::value);
        assertThrows(IllegalStateException.class, freed::lentValue);
        assertThrows(IllegalStateException.class, loss::item);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Pointwise.relu(freed));
        assertTrue(e.getMessage().contains("went back to its BufferPool"), e.getMessage());
    }

    @Test
    void aDetachedValueStaysValidWhileAGraphNotYetBackPropagatedReadsIt() {
        Supplier<List<Tensor>> run = () -> {
            Var p = Var.param(Tensor.normal(10, 0f, 1f, 5, 7));
            Var q = Var.param(Tensor.normal(11, 0f, 1f, 5, 7));
            Var h = Pointwise.tanh(p);
            Var readsDetached = Loss.bceWithLogits(Pointwise.mul(h.detach(), q), 1f);
            Loss.bceWithLogits(h, 0f).backward();
            // same shapes again: an array given back too early would be taken and overwritten here
            Loss.bceWithLogits(Pointwise.tanh(Pointwise.scale(p, 3f)), 0f).backward();
            readsDetached.backward();
            return List.of(p.grad().copy(), q.grad().copy());
        };
        List<Tensor> fresh = run.get();
        List<Tensor> pooled = withPool(new BufferPool(), run);
        assertArrayEquals(fresh.get(0).data(), pooled.get(0).data());
        assertArrayEquals(fresh.get(1).data(), pooled.get(1).data());
    }

    @Test
    void arraysGoBackOnceTheGraphIsFreed() {
        BufferPool pool = new BufferPool();
        Var x = Var.param(Tensor.normal(12, 0f, 1f, 3, 8));
        for (int step = 0; step < 3; step++) {
            try (Grad.Scope s = pool.use()) {
                x.zeroGrad();
                Loss.bceWithLogits(Pointwise.sigmoid(Pointwise.relu(x)), 1f).backward();
            }
        }
        // everything but x's gradient is idle between steps
        assertEquals(pool.created() - 1, pool.idle());
        x.zeroGrad();
        assertEquals(pool.created(), pool.idle());
    }

    private static <T> T withPool(BufferPool pool, Supplier<T> work) {
        try (Grad.Scope s = pool.use()) {
            return work.get();
        }
    }

    private static void assertSameState(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, t) -> assertArrayEquals(t.data(), actual.get(name).data(), name));
    }
}
