package dev.jgan.gan.dcgan;

import dev.jgan.nn.Module;
import dev.jgan.nn.layers.Sequential;
import dev.jgan.tensor.Tensor;
import dev.jgan.tensor.kernels.Elementwise;
import java.util.List;

/**
 * An exponential moving average of a generator's weights (Karras et al. 2018; Yazici et al.
 * 2019): after update t (from 1), avg = d avg + (1 - d) w for each parameter with
 * d = min(decay, (1 + t) / (10 + t)), so early on the average follows the fast-moving weights
 * instead of holding on to the initialisation (as TensorFlow's ExponentialMovingAverage with
 * num_updates); the buffers (batch-norm running statistics) are copied. Samples from the
 * average are usually smoother than those from the last weights.
 */
public final class WeightAverage {
    private final List<Tensor> live;
    private final List<Tensor> averaged;
    private final List<Tensor> liveBuffers;
    private final List<Tensor> averagedBuffers;
    private final float decay;
    private final Sequential generator;

    /** Starts the average at {@code source}'s current weights; {@code copy} has the same architecture. */
    WeightAverage(Module source, Sequential copy, float decay) {
        this.decay = decay;
        this.generator = copy;
        live = source.parameters().values().stream().map(p -> p.value()).toList();
        averaged = copy.parameters().values().stream().map(p -> p.value()).toList();
        liveBuffers = buffers(source);
        averagedBuffers = buffers(copy);
        for (int i = 0; i < live.size(); i++) {
            averaged.get(i).copyFrom(live.get(i));
        }
        copyBuffers();
        copy.eval();
    }

    private static List<Tensor> buffers(Module m) {
        var params = m.parameters().keySet();
        return m.state().entrySet().stream().filter(e -> !params.contains(e.getKey())).map(e -> e.getValue()).toList();
    }

    /** The generator holding the averaged weights (in evaluation mode). */
    public Sequential generator() {
        return generator;
    }

    /** The decay this average was made with. */
    public float decay() {
        return decay;
    }

    /** The weight d = min(decay, (1 + t) / (10 + t)) that update {@code step} (counted from 1) keeps of the average. */
    public static float keep(float decay, long step) {
        return (float) Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Moves the average towards the live weights after optimizer step {@code step} (counted from 1). */
    public void update(long step) {
        float keep = keep(decay, step);
        float take = 1f - keep;
        for (int i = 0; i < live.size(); i++) {
            Elementwise.blendInto(keep, averaged.get(i), take, live.get(i));
        }
        copyBuffers();
    }

    private void copyBuffers() {
        for (int i = 0; i < liveBuffers.size(); i++) {
            averagedBuffers.get(i).copyFrom(liveBuffers.get(i));
        }
    }
}
