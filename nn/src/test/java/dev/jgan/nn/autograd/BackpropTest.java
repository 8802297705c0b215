package dev.jgan.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.ConvSpec;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackpropTest {
    private static Var param(long seed, int... shape) {
        return Var.param(Tensor.normal(seed, 0f, 1f, shape));
    }

    @Test
    void aValueUsedTwiceGetsBothContributions() {
        Var x = param(1, 3, 4);
        Var y = Pointwise.add(Pointwise.mul(x, x), x);
        Tensor r = Tensor.normal(2, 0f, 1f, 3, 4);
        y.backward(r);
        float[] g = x.grad().data();
        for (int i = 0; i < g.length; i++) {
            float expected = r.data()[i] * (2 * x.value().data()[i] + 1);
            assertEquals(expected, g[i], 1e-5f * (1 + Math.abs(expected)));
        }
    }

    /** A generator step in miniature: G's conv on constant noise, then D's conv and a sum. */
    private static Var generatorLoss(Var g, Var d, Var dBias, Tensor z) {
        Var fake = Pointwise.tanh(Convolution.conv2d(Var.constant(z), g, null, ConvSpec.of(3, 1, 1)));
        return Reduction.sum(Convolution.conv2d(fake, d, dBias, ConvSpec.of(3, 2, 1)));
    }

    @Test
    void backwardIntoSomeInputsGivesThemTheFullPassesGradientsAndLeavesTheRestAlone() {
        Var g = param(1, 5, 3, 3, 3);
        Var d = param(2, 4, 5, 3, 3);
        Var dBias = param(3, 4);
        Tensor z = Tensor.normal(4, 0f, 1f, 2, 3, 7, 9);
        generatorLoss(g, d, dBias, z).backward();
        float[] fullG = g.grad().data().clone();
        assertTrue(d.grad() != null && dBias.grad() != null, "the full pass reaches D's parameters");

        g.zeroGrad();
        Tensor dMarker = Tensor.full(7f, d.value().shape());
        d.setGrad(dMarker);
        dBias.zeroGrad();
        generatorLoss(g, d, dBias, z).backward(List.of(g));
        assertArrayEquals(fullG, g.grad().data(), "the same closures run for G's gradient");
        assertTrue(d.grad() == dMarker && d.grad().data()[0] == 7f,
                "D's weight gradient is neither computed nor changed");
        assertNull(dBias.grad(), "D's bias gradient is not computed");

        generatorLoss(g, d, dBias, z).backward();
        assertTrue(dBias.grad() != null, "the next full pass computes D's gradients again");
    }

    @Test
    void backwardIntoSomeInputsSkipsBranchesThatLeadToNoneOfThem() {
        Var a = param(5, 3, 4);
        Var b = param(6, 3, 4);
        Var viaB = Pointwise.exp(b).retainGrad();
        Var loss = Reduction.sum(Pointwise.add(Pointwise.scale(a, 2f), viaB));
        loss.backward(List.of(a));
        assertArrayEquals(Tensor.full(2f, 3, 4).data(), a.grad().data());
        assertNull(viaB.grad(), "a branch leading only to b gets no gradient");
        assertNull(b.grad());
    }

    @Test
    void backwardIntoSomethingOtherThanALeafThatRequiresAGradientIsRefused() {
        Var a = param(7, 2);
        Var h = Pointwise.tanh(a);
        Var constant = Var.constant(Tensor.ones(2));
        for (Var target : List.of(h, constant)) {
            Var loss = Reduction.sum(Pointwise.mul(h, constant));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.backward(List.of(target)));
            assertTrue(e.getMessage().contains("not a leaf that requires a gradient"), e.getMessage());
        }
    }

    @Test
    void gradientsAddUpAcrossBackwardCalls() {
        Var x = param(3, 5);
        Pointwise.scale(x, 2f).backward(Tensor.ones(5));
        Pointwise.scale(x, 3f).backward(Tensor.ones(5));
        assertArrayEquals(Tensor.full(5f, 5).data(), x.grad().data());
    }

    @Test
    void theGraphIsFreedAfterBackward() {
        Var x = param(4, 2, 2);
        Var h = Pointwise.tanh(x);
        Var y = Pointwise.mul(h, h);
        y.backward(Tensor.ones(2, 2));
        assertTrue(h.toString().contains("freed"), h.toString());
        assertNull(h.grad(), "intermediate gradients are dropped unless retained");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(2, 2)));
        assertTrue(e.getMessage().contains("already back-propagated"), e.getMessage());
    }

    /** loss = sum(relu(x + x)); relu's backward needs its output y, no backward needs h = x + x. */
    private static Var sumOfReluOfDouble(Var x, List<WeakReference<Tensor>> intermediates) {
        Var h = Pointwise.add(x, x);
        Var y = Pointwise.relu(h);
        intermediates.add(new WeakReference<>(h.value()));
        intermediates.add(new WeakReference<>(y.value()));
        return Reduction.sum(y);
    }

    private static boolean collected(WeakReference<Tensor> ref) throws InterruptedException {
        for (int attempt = 0; attempt < 20 && ref.get() != null; attempt++) {
            System.gc();
            Thread.sleep(5);
        }
        return ref.get() == null;
    }

    @Test
    void theGraphKeepsOnlyWhatBackwardNeedsAndBackwardFreesThat() throws InterruptedException {
        Var x = param(11, 64, 65);
        List<WeakReference<Tensor>> intermediates = new ArrayList<>();
        Var loss = sumOfReluOfDouble(x, intermediates);
        assertTrue(collected(intermediates.get(0)), "x + x is needed by no backward, yet the graph keeps it");
        assertTrue(intermediates.get(1).get() != null, "relu's output is needed by its backward");
        loss.backward();
        assertTrue(collected(intermediates.get(1)), "backward() must free the tensors the graph held");
        float[] g = x.grad().data();
        float[] v = x.value().data();
        for (int i = 0; i < g.length; i++) {
            assertEquals(v[i] > 0 ? 2f : 0f, g[i]);
        }
        assertEquals(1, loss.value().size());
    }

    @Test
    void retainedIntermediateGradientsAreKept() {
        Var x = param(5, 4);
        Var h = Pointwise.scale(x, 3f).retainGrad();
        Pointwise.scale(h, 2f).backward(Tensor.ones(4));
        assertArrayEquals(Tensor.full(2f, 4).data(), h.grad().data());
        assertArrayEquals(Tensor.full(6f, 4).data(), x.grad().data());
    }

    @Test
    void noGradModeRecordsNothingAndRestoresTheMode() {
        Var x = param(6, 3);
        try (var off = Grad.off()) {
            Var y = Pointwise.relu(x);
            assertFalse(y.requiresGrad());
            try (var on = Grad.on()) {
                assertTrue(Pointwise.relu(x).requiresGrad());
            }
            assertFalse(Grad.enabled());
        }
        assertTrue(Grad.enabled());
        assertTrue(Pointwise.relu(x).requiresGrad());
    }

    @Test
    void detachStopsTheGradient() {
        Var x = param(7, 3);
        Var y = Pointwise.add(Pointwise.scale(x, 2f).detach(), x);
        y.backward(Tensor.ones(3));
        assertArrayEquals(Tensor.ones(3).data(), x.grad().data());
    }

    @Test
    void constantsGetNoGradientAndOpsOnConstantsAreConstant() {
        Var c = Var.constant(Tensor.ones(3));
        Var x = param(8, 3);
        Var onlyConstants = Pointwise.mul(c, c);
        assertFalse(onlyConstants.requiresGrad());
        Pointwise.mul(c, x).backward(Tensor.ones(3));
        assertNull(c.grad());
        assertArrayEquals(Tensor.ones(3).data(), x.grad().data());
    }

    @Test
    void veryDeepGraphsNeedNoRecursion() {
        Var x = param(9, 2, 3);
        Var h = x;
        for (int i = 0; i < 200_000; i++) {
            h = ShapeOps.reshape(h, i % 2 == 0 ? new int[] {3, 2} : new int[] {2, 3});
        }
        h.backward(Tensor.full(1.5f, 2, 3));
        assertArrayEquals(Tensor.full(1.5f, 2, 3).data(), x.grad().data());
    }

    @Test
    void backwardNeedsAScalarOrAnExplicitGradient() {
        Var x = param(10, 2);
        Var y = Pointwise.scale(x, 1f);
        assertThrows(IllegalStateException.class, y::backward);
        assertThrows(IllegalStateException.class, () -> Var.constant(Tensor.scalar(1f)).backward());
    }
}
