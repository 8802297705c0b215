package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Loss;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MlpTrainingTest {
    @Test
    void twoLayerMlpLearnsXor() {
        Rng rng = new Rng(42);
        Sequential mlp = new Sequential(new Linear(2, 8, true, rng), new Tanh(), new Linear(8, 1, true, rng));
        Var x = Var.constant(Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2));
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Adam adam = new Adam(mlp.parameters(), 0.05, 0.9, 0.999);
        float loss = Float.NaN;
        for (int step = 0; step < 600; step++) {
            adam.zeroGrad();
            Var l = Loss.bceWithLogits(mlp.forward(x), y);
            l.backward();
            adam.step();
            loss = l.item();
        }
        assertTrue(loss < 0.01f, "XOR loss after training: " + loss);
        float[] logits = mlp.forward(x).value().data();
        assertTrue(logits[0] < 0 && logits[1] > 0 && logits[2] > 0 && logits[3] < 0, java.util.Arrays.toString(logits));
    }
}
