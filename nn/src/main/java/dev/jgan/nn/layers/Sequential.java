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

    @Override
    public Var forward(Var x) {
        Var h = x;
        for (Layer layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }
}
