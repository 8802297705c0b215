package dev.jgan.gan.data;

import dev.jgan.tensor.Tensor;
import java.util.List;

/**
 * N images as one float32 tensor [N, C, H, W] with values in [-1, 1], plus optional
 * integer labels in [0, numClasses).
 */
public final class Dataset {
    private final String name;
    private final Tensor images;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param images     [N, C, H, W] in [-1, 1]
     * @param labels     one label per image, or null for an unlabelled set
     * @param classNames the name of each class (label i is classNames.get(i)); empty when unlabelled
     */
    public Dataset(String name, Tensor images, int[] labels, List<String> classNames) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException(name + ": images must be [N, C, H, W], got " + images.shapeString());
        }
        if (labels == null && !classNames.isEmpty()) {
            throw new IllegalArgumentException(name + ": class names given without labels");
        }
        if (labels != null) {
            if (labels.length != images.dim(0)) {
                throw new IllegalArgumentException(name + ": " + images.dim(0) + " images but " + labels.length + " labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classNames.size()) {
                    throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                            + " is outside [0, " + classNames.size() + ")");
                }
            }
        }
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /** The byte value 0..255 of a pixel mapped to [-1, 1]. */
    public static float scalePixel(int byteValue) {
        return byteValue / 127.5f - 1f;
    }

    public String name() {
        return name;
    }

    /** All images, [N, C, H, W]; the returned tensor is the dataset's own storage. */
    public Tensor images() {
        return images;
    }

    public int size() {
        return images.dim(0);
    }

    public int channels() {
        return images.dim(1);
    }

    public int height() {
        return images.dim(2);
    }

    public int width() {
        return images.dim(3);
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The label of image {@code index}; only for labelled sets. */
    public int label(int index) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[index];
    }

    /** Number of classes; 0 for an unlabelled set. */
    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** How many images carry each label; empty for an unlabelled set. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        if (labels != null) {
            for (int label : labels) {
                counts[label]++;
            }
        }
        return counts;
    }

    /**
     * Copies the images at {@code indices} into {@code reuse} when it has shape
     * [indices.length, C, H, W], otherwise into a new tensor; returns the tensor written.
     */
    public Tensor gatherImages(int[] indices, Tensor reuse) {
        int per = channels() * height() * width();
        Tensor out = reuse != null && reuse.hasShape(indices.length, channels(), height(), width())
                ? reuse
                : Tensor.zeros(indices.length, channels(), height(), width());
        float[] src = images.data();
        float[] dst = out.data();
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(src, indices[i] * per, dst, i * per, per);
        }
        return out;
    }

    /** Copies the labels at {@code indices} into {@code reuse} when its length fits, otherwise a new array. */
    public int[] gatherLabels(int[] indices, int[] reuse) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        int[] out = reuse != null && reuse.length == indices.length ? reuse : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[indices[i]];
        }
        return out;
    }

    @Override
    public String toString() {
        return name + ": " + size() + " images " + channels() + "x" + height() + "x" + width()
                + (labels == null ? ", unlabelled" : ", " + numClasses() + " classes");
    }
}
