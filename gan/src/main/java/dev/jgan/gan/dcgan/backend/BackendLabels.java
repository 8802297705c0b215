package dev.jgan.gan.dcgan.backend;

import static dev.jgan.gan.dcgan.backend.BackendLayer.releaseIfHeld;
import static dev.jgan.gan.dcgan.backend.BackendLayer.sized;

import dev.jgan.gan.dcgan.DcganConfig;
import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Tensor;
import java.util.Arrays;

/**
 * The label inputs of a class-conditional DCGAN step on a backend, as {@link dev.jgan.gan.dcgan.Dcgan} builds
 * them: G reads z with the labels' one-hot code appended as channels, D reads its images with one-hot label
 * planes appended. The labels are uploaded once a step (one float each) and expanded on the backend.
 */
final class BackendLabels<T> {
    private final Backend<T> backend;
    private final DcganConfig config;
    private Tensor hostLabels = Tensor.zeros(0);
    private int batch;
    private T labels;
    private T oneHot;
    private T planes;
    private T generatorInput;
    private T realInput;
    private T fakeInput;

    BackendLabels(Backend<T> backend, DcganConfig config) {
        this.backend = backend;
        this.config = config;
    }

    /** Uploads one batch's labels, already checked ({@link DcganConfig#requireLabels}), and writes their codes. */
    void set(int[] classes) {
        int n = classes.length;
        int size = config.imageSize(), count = config.numClasses();
        batch = n;
        labels = sized(backend, labels, n);
        oneHot = sized(backend, oneHot, n, count, 1, 1);
        planes = sized(backend, planes, n, count, size, size);
        generatorInput = sized(backend, generatorInput, n, config.latentDim() + count, 1, 1);
        realInput = sized(backend, realInput, n, config.channels() + count, size, size);
        fakeInput = sized(backend, fakeInput, n, config.channels() + count, size, size);
        if (!hostLabels.hasShape(n)) {
            hostLabels = Tensor.zeros(n);
        }
        for (int i = 0; i < n; i++) {
            hostLabels.data()[i] = classes[i];
        }
        backend.upload(hostLabels, labels);
        backend.labelPlanes(labels, oneHot);
        backend.labelPlanes(labels, planes);
    }

    /** G's input [N, nz + classes, 1, 1]: z and the one-hot code, along channels. */
    T generatorInput(T z) {
        return concatChannels(z, oneHot, generatorInput);
    }

    /** D's input [N, C + classes, H, W] for real ({@code real}) or generated images: the images and the label planes. */
    T discriminatorInput(T images, boolean real) {
        return concatChannels(images, planes, real ? realInput : fakeInput);
    }

    /** The images' part of the gradient with respect to D's input: its first C channels, into {@code imageGrad}. */
    void imageGradient(T inputGrad, T imageGrad) {
        backend.firstChannels(inputGrad, imageGrad);
    }

    void release() {
        for (T t : Arrays.asList(labels, oneHot, planes, generatorInput, realInput, fakeInput)) {
            releaseIfHeld(backend, t);
        }
    }

    /** out = [a, b] along channels for a [N, A, H, W] and b [N, B, H, W]: rows of A*H*W and B*H*W values. */
    private T concatChannels(T a, T b, T out) {
        int[] as = backend.shape(a), bs = backend.shape(b);
        int plane = as[2] * as[3];
        backend.concatRows(backend.reshape(a, batch, as[1] * plane), backend.reshape(b, batch, bs[1] * plane),
                backend.reshape(out, batch, (as[1] + bs[1]) * plane));
        return out;
    }
}
