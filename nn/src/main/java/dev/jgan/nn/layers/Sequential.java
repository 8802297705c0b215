package dev.jgan.nn.layers;

import dev.jgan.nn.Layer;
import dev.jgan.nn.autograd.Var;
import java.util.List;

/** Layers applied in order; the i-th is the child named {@code "i"}, as in PyTorch. */
public final class Sequential extends Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            addChild(Integer.toString(i), layers[i]);
        }
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    /** Runs the layers in order; a batch norm followed by a ReLU or leaky ReLU runs as one fused op. */
    @Override
    public Var forward(Var x) {
        Var h = x;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            if (layer instanceof BatchNorm2d norm && next instanceof RectifierLayer rectifier) {
                h = norm.forwardThen(h, rectifier);
                i++;
            } else {
                h = layer.forward(h);
            }
        }
        return h;
    }
}
