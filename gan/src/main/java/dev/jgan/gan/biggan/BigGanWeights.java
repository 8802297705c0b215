package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generator's configuration and its parameters, spectral norm already resolved: exactly the
 * names and shapes of {@link BigGanLayout#resolvedShapes()} (checked on construction).
 */
record BigGanWeights(BigGanConfig config, Map<String, Tensor> tensors) {

    BigGanWeights {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        TensorCheck.requireExactly("model", new BigGanLayout(config).resolvedShapes(), tensors);
    }

    /** The named parameter. */
    Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return t;
    }
}
