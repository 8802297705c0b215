package dev.jgan.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.autograd.Loss;
import dev.jgan.nn.autograd.Var;
import dev.jgan.nn.optim.Adam;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConvNetTrainingTest {
    /** 8x8 noisy images holding one horizontal (label 1) or vertical (label 0) bar at a random place. */
    private static Tensor[] bars(int count, Rng rng) {
        Tensor images = Tensor.normal(rng, 0f, 0.1f, count, 1, 8, 8);
        Tensor labels = Tensor.zeros(count, 1);
        for (int i = 0; i < count; i++) {
            boolean horizontal = i % 2 == 0;
            int at = rng.nextInt(8);
            for (int j = 0; j < 8; j++) {
                int r = horizontal ? at : j;
                int c = horizontal ? j : at;
                images.data()[i * 64 + r * 8 + c] += 1f;
            }
            labels.data()[i] = horizontal ? 1f : 0f;
        }
        return new Tensor[] {images, labels};
    }

    @Test
    void smallConvNetFitsSyntheticBars() {
        Rng rng = new Rng(7);
        Sequential net = new Sequential(
                new Conv2d(1, 6, 3, 1, 1, false, rng), new BatchNorm2d(6), new ReLU(), new MaxPool2d(),
                new Conv2d(6, 8, 3, 2, 1, true, rng), new LeakyReLU(0.2f),
                new Flatten(), new Linear(8 * 2 * 2, 1, true, rng));
        Tensor[] data = bars(32, rng);
        Adam adam = new Adam(net.parameters(), 0.01, 0.9, 0.999);
        float loss = Float.NaN;
        for (int step = 0; step < 150; step++) {
            adam.zeroGrad();
            Var l = Loss.bceWithLogits(net.forward(Var.constant(data[0])), data[1]);
            l.backward();
            adam.step();
            loss = l.item();
        }
        assertTrue(loss < 0.02f, "training loss after 150 steps: " + loss);
    }
}
