package dev.jgan.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.examples.DcganMnist;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.TensorAllocations;
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
        assertTrue(TensorAllocations.enabled(), "the test JVM runs with -Djgan.countTensors=true");
        DcganMnist fresh = new DcganMnist(new Rng(5), false);
        DcganMnist pooled = new DcganMnist(new Rng(5), true);
        Rng data = new Rng(6);
        long createdAfterSecondStep = 0;
        for (int step = 0; step < 4; step++) {
            Tensor real = Tensor.uniform(data, -1f, 1f, 3, 1, 28, 28);
            Tensor z = Tensor.normal(data, 0f, 1f, 3, DcganMnist.LATENT, 1, 1);
            long beforeFresh = TensorAllocations.count();
            float[] freshLosses = fresh.step(real, z);
            long beforePooled = TensorAllocations.count();
            assertArrayEquals(freshLosses, pooled.step(real, z), "losses of step " + step);
            if (step == 1) {
                createdAfterSecondStep = pooled.pool().created();
            }
            if (step >= 2) {
                assertTrue(beforePooled - beforeFresh > 0, "a step without a pool allocates tensors");
                assertEquals(0, TensorAllocations.count() - beforePooled, "tensors allocated by pooled step " + step);
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
    void everyPooledOpGivesTheSameValuesAndGradientsAsWithNewTensors() {
        Supplier<List<Tensor>> run = () -> {
            Var x = Var.param(Tensor.normal(13, 0f, 1f, 2, 3, 4, 4));
            Var y = Var.param(Tensor.normal(14, 0f, 1f, 2, 3, 4, 4));
            Var s = Var.param(Tensor.full(0.7f, 1));
            Var w = Var.param(Tensor.normal(15, 0f, 0.3f, 3, 3, 3, 3));
            Var wt = Var.param(Tensor.normal(16, 0f, 0.3f, 3, 2, 4, 4));
            Var gamma = Var.param(Tensor.normal(17, 1f, 0.1f, 3));
            Var beta = Var.param(Tensor.normal(18, 0f, 0.1f, 3));
            Var h = Pointwise.scaleBy(Pointwise.scale(Pointwise.mul(Pointwise.sub(x, y), x), 0.5f), s);
            h = Pointwise.log(Pointwise.exp(Pointwise.tanh(Pointwise.addScalar(h, 0.1f))));
            h = Pointwise.leakyRelu(Pointwise.sigmoid(h), 0.1f);
            h = ShapeOps.reshape(ShapeOps.flatten(h), 2, 3, 4, 4); // views: their gradients are the dy passed on
            Var bn = Normalization.batchNormTrain(Convolution.conv2d(h, w, null, SPEC), gamma, beta, null, null, 0.1f, 1e-5f);
            Var up = Convolution.convTranspose2d(Pointwise.relu(bn), wt, null, ConvSpec.of(4, 2, 1), 0, 0);
            Var loss = Pointwise.add(Pointwise.add(Reduction.sum(h), Reduction.mean(up)), Loss.bceWithLogits(bn, 0.3f));
            List<Tensor> results = new ArrayList<>(List.of(Tensor.scalar(loss.item()), up.lentValue().copy()));
            loss.backward();
            for (Var p : List.of(x, y, s, w, wt, gamma, beta)) {
                results.add(p.grad().copy());
            }
            return results;
        };
        List<Tensor> fresh = run.get();
        BufferPool pool = new BufferPool();
        withPool(pool, run);
        // the second run takes every tensor from the first one's given-back (NaN-filled) arrays
        List<Tensor> pooled = withPool(pool, run);
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(fresh.get(i).data(), pooled.get(i).data(), "result " + i);
        }
    }

    @Test
    void pooledMatrixProductsAndSpectralNormMatchNewTensors() {
        Supplier<List<Tensor>> run = () -> {
            Var x = Var.param(Tensor.normal(19, 0f, 1f, 10, 7));
            Var w = Var.param(Tensor.normal(20, 0f, 0.5f, 6, 7));
            Var b = Var.param(Tensor.normal(21, 0f, 0.5f, 6));
            Var m = Var.param(Tensor.normal(22, 0f, 0.5f, 6, 3));
            Var q = Var.param(Tensor.normal(23, 0f, 0.5f, 2, 5, 3));
            Var k = Var.param(Tensor.normal(24, 0f, 0.5f, 2, 4, 3, 2, 2));
            Var h = LinearAlgebra.matmul(Pointwise.tanh(LinearAlgebra.linear(x, w, b)), m);
            Var attention = LinearAlgebra.bmm(q, true, ShapeOps.reshape(h, 2, 5, 3), false);
            Var sn0 = Normalization.spectralNormalise(k, 0, Tensor.normal(25, 0f, 1f, 2), Tensor.normal(26, 0f, 1f, 48));
            Var sn1 = Normalization.spectralNormalise(k, 1, Tensor.normal(27, 0f, 1f, 4), Tensor.normal(28, 0f, 1f, 24));
            Var loss = Pointwise.add(Reduction.mean(Pointwise.mul(sn0, sn1)), Loss.bceWithLogits(attention, 0.2f));
            List<Tensor> results = new ArrayList<>(List.of(Tensor.scalar(loss.item()), attention.lentValue().copy()));
            loss.backward();
            for (Var p : List.of(x, w, b, m, q, k)) {
                results.add(p.grad().copy());
            }
            return results;
        };
        List<Tensor> fresh = run.get();
        BufferPool pool = new BufferPool();
        withPool(pool, run);
        List<Tensor> pooled = withPool(pool, run);
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(fresh.get(i).data(), pooled.get(i).data(), "result " + i);
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

    @Test
    void constantsOfAStepGoBackWhenItsScopeClosesAndAreReusedByTheNext() {
        BufferPool pool = new BufferPool();
        Var w = Var.param(Tensor.normal(29, 0f, 0.3f, 2, 5, 3, 3));
        Tensor data = Tensor.normal(30, 0f, 1f, 2, 3, 4, 4);
        Tensor expectedInput = Tensor.concatChannels(data, Tensor.full(1f, 2, 2, 4, 4));
        List<float[]> planes = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        Var lastPlane = null;
        for (int step = 0; step < 2; step++) {
            try (Grad.Scope s = pool.use()) {
                w.zeroGrad();
                lastPlane = Var.pooledConstant(t -> t.fill(1f), 2, 2, 4, 4);
                // data joined with constant planes joins no graph: the scope holds it, the conv's node reads it
                Var input = ShapeOps.concatChannels(Var.constant(data), lastPlane);
                assertArrayEquals(expectedInput.data(), input.lentValue().data(), "joined input of step " + step);
                planes.add(lastPlane.lentValue().data());
                inputs.add(input.lentValue().data());
                Loss.bceWithLogits(Convolution.conv2d(input, w, null, SPEC), 1f).backward();
                grads.add(w.grad().copy());
            }
        }
        assertTrue(planes.get(0) == planes.get(1), "the second step's planes reuse the first's array");
        assertTrue(inputs.get(0) == inputs.get(1), "the second step's joined input reuses the first's array");
        assertArrayEquals(grads.get(0).data(), grads.get(1).data());
        assertThrows(IllegalStateException.class, lastPlane::lentValue, "a constant whose scope closed");
    }

    @Test
    void aStepConstantReadWithValueStaysTheCallers() {
        BufferPool pool = new BufferPool();
        Tensor kept;
        try (Grad.Scope s = pool.use()) {
            kept = Var.pooledConstant(t -> t.fill(2f), 3, 4).value();
        }
        try (Grad.Scope s = pool.use()) {
            assertTrue(Var.pooledConstant(t -> t.fill(3f), 3, 4).lentValue().data() != kept.data());
        }
        assertArrayEquals(Tensor.full(2f, 3, 4).data(), kept.data());
    }

    @Test
    void aStepConstantAGraphStillReadsGoesBackOnlyOnceTheGraphIsFreed() {
        BufferPool pool = new BufferPool();
        Var w = Var.param(Tensor.normal(31, 0f, 0.3f, 2, 3, 3, 3));
        Var input;
        Var loss;
        try (Grad.Scope s = pool.use()) {
            input = Var.pooledConstant(t -> t.fill(0.5f), 1, 3, 4, 4);
            loss = Loss.bceWithLogits(Convolution.conv2d(input, w, null, SPEC), 1f);
        }
        // the conv's node holds its input for the weight gradient, so closing the scope did not give it back
        assertArrayEquals(Tensor.full(0.5f, 1, 3, 4, 4).data(), input.lentValue().data());
        try (Grad.Scope s = pool.use()) {
            loss.backward();
        }
        assertThrows(IllegalStateException.class, input::lentValue, "given back once backward freed the graph");
        Var fresh = Var.param(w.lentValue().copy());
        Loss.bceWithLogits(Convolution.conv2d(Var.constant(Tensor.full(0.5f, 1, 3, 4, 4)), fresh, null, SPEC), 1f)
                .backward();
        assertArrayEquals(fresh.grad().data(), w.grad().data());
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
