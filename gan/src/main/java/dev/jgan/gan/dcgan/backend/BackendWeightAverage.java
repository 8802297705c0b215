package dev.jgan.gan.dcgan.backend;

import dev.jgan.gan.dcgan.WeightAverage;
import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The moving average of G's weights ({@link WeightAverage}) kept on the backend beside the live G: after
 * G's update t, avg = d avg + (1 - d) w with d = min(decay, (1 + t) / (10 + t)), each product rounded as
 * the host's average rounds it, and the running statistics copied.
 */
final class BackendWeightAverage<T> {
    private final Backend<T> backend;
    private final WeightAverage host;
    private final Map<String, T> live;
    private final Map<String, T> liveBuffers;
    private final Map<String, T> averaged = new LinkedHashMap<>();
    private final Map<String, T> averagedBuffers = new LinkedHashMap<>();

    /** Device copies of {@code host}'s averaged tensors for {@code generator}'s parameters and buffers. */
    BackendWeightAverage(Backend<T> backend, WeightAverage host, BackendNetwork<T> generator) {
        this.backend = backend;
        this.host = host;
        this.live = generator.parameterValues();
        this.liveBuffers = generator.bufferValues();
        live.forEach((name, t) -> averaged.put(name, backend.allocate(backend.shape(t))));
        liveBuffers.forEach((name, t) -> averagedBuffers.put(name, backend.allocate(backend.shape(t))));
    }

    /** Moves the average towards the live weights after G's update {@code step} (counted from 1). */
    void update(long step) {
        float keep = WeightAverage.keep(host.decay(), step);
        float take = 1f - keep;
        averaged.forEach((name, average) -> backend.blend(keep, average, take, live.get(name)));
        averagedBuffers.forEach((name, buffer) -> backend.copy(liveBuffers.get(name), buffer));
    }

    /** Overwrites the device average with the host's. */
    void upload() {
        Map<String, Tensor> state = host.generator().state();
        averaged.forEach((name, t) -> backend.upload(state.get(name), t));
        averagedBuffers.forEach((name, t) -> backend.upload(state.get(name), t));
    }

    /** Overwrites the host's average with the device's. */
    void download() {
        Map<String, Tensor> state = host.generator().state();
        averaged.forEach((name, t) -> backend.download(t, state.get(name)));
        averagedBuffers.forEach((name, t) -> backend.download(t, state.get(name)));
    }

    void release() {
        List<T> all = new ArrayList<>(averaged.values());
        all.addAll(averagedBuffers.values());
        all.forEach(backend::release);
    }
}
