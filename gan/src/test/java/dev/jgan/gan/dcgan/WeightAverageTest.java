package dev.jgan.gan.dcgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jgan.nn.layers.Sequential;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @Test
    void averageWarmsUpThenDecaysAndCopiesBuffers() {
        DcganConfig config = TinyRuns.plain();
        Sequential live = DcganNetworks.generator(config, new Rng(1));
        Sequential copy = DcganNetworks.generator(config, new Rng(2));
        WeightAverage average = new WeightAverage(live, copy, 0.9f);
        Tensor w = live.parameters().get("0.weight").value();
        Tensor avg = copy.parameters().get("0.weight").value();
        assertArrayEquals(w.data(), avg.data());
        assertFalse(copy.isTraining());

        float start = w.data()[0];
        w.data()[0] = start + 1f;
        average.update(1);
        assertEquals(start + (1f - 2f / 11f), avg.data()[0], 1e-6f, "step 1 keeps (1 + 1) / (10 + 1) of the old value");

        float before = avg.data()[0];
        average.update(1000);
        assertEquals(0.9f * before + 0.1f * w.data()[0], avg.data()[0], 1e-6f, "later steps use the decay");

        live.state().get("1.running_mean").fill(3f);
        average.update(1001);
        assertEquals(3f, copy.state().get("1.running_mean").data()[5]);
    }
}
