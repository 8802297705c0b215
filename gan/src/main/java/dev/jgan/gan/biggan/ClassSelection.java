package dev.jgan.gan.biggan;

import dev.jgan.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class vectors a list of class values asks for. A value is {@code NAME|INDEX} or
 * {@code NAME|INDEX:WEIGHT}. Values without weights give one one-hot vector each (one image
 * per class); values that all carry weights give a single blended vector
 * {@code sum(weight_i * onehot(class_i))}, weights used as given (non-negative, finite, not
 * all zero; a class named twice adds up). Mixing the two forms is refused.
 *
 * <p>Names are looked up in {@link ImageNetClasses} when the model has the 1000 ImageNet
 * classes; any other model takes indices only.
 */
public final class ClassSelection {
    private final List<List<ClassWeight>> rows;
    private final List<String> labels;
    private final int numClasses;

    private ClassSelection(List<List<ClassWeight>> rows, List<String> labels, int numClasses) {
        this.rows = rows;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /** Parses class values for a model with {@code numClasses} classes. */
    public static ClassSelection parse(List<String> values, int numClasses) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("give at least one class");
        }
        List<ClassWeight> terms = new ArrayList<>();
        String weighted = null;
        String plain = null;
        for (String value : values) {
            ClassWeight term = parseTerm(value, numClasses);
            terms.add(term);
            if (value.contains(":")) {
                weighted = value;
            } else {
                plain = value;
            }
        }
        if (weighted != null && plain != null) {
            throw new IllegalArgumentException("class values either all carry weights (one blended class vector) or none"
                    + " do (one image per class); found '" + weighted + "' and '" + plain + "'");
        }
        if (weighted == null) {
            List<List<ClassWeight>> rows = terms.stream().map(List::of).toList();
            return new ClassSelection(rows, terms.stream().map(t -> label(t.index(), numClasses)).toList(), numClasses);
        }
        return new ClassSelection(List.of(blend(terms)), List.of(blendLabel(terms, numClasses)), numClasses);
    }

    /** Number of distinct class vectors. */
    public int size() {
        return rows.size();
    }

    /** The weighted classes of vector {@code row}. */
    public List<ClassWeight> terms(int row) {
        return rows.get(row);
    }

    /** A short name for vector {@code row}: "bubble", or "tiger 0.5 + lion 0.5" for a blend. */
    public String label(int row) {
        return labels.get(row);
    }

    /** The vectors as [size() * repeat, numClasses]: each row {@code repeat} times in a row. */
    public Tensor vectors(int repeat) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat count must be at least 1, got " + repeat);
        }
        Tensor out = Tensor.zeros(rows.size() * repeat, numClasses);
        float[] data = out.data();
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < repeat; k++) {
                int base = (r * repeat + k) * numClasses;
                for (ClassWeight term : rows.get(r)) {
                    data[base + term.index()] = (float) term.weight();
                }
            }
        }
        return out;
    }

    private static ClassWeight parseTerm(String value, int numClasses) {
        int colon = value.lastIndexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        double weight = 1.0;
        if (colon >= 0) {
            String text = value.substring(colon + 1).trim();
            try {
                weight = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("class weight '" + text + "' in '" + value + "' is not a number");
            }
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("class weight in '" + value + "' must be finite, found " + text);
            }
            if (weight < 0) {
                throw new IllegalArgumentException("class weight in '" + value + "' is negative");
            }
        }
        return new ClassWeight(classIndex(name, numClasses), weight);
    }

    private static int classIndex(String name, int numClasses) {
        if (numClasses == ImageNetClasses.COUNT) {
            return ImageNetClasses.imageNet().resolve(name);
        }
        String text = name.trim();
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("this model has " + numClasses + " classes, not the 1000 ImageNet ones:"
                    + " give a class index 0.." + (numClasses - 1) + ", not '" + name + "'");
        }
        int index = text.length() > 9 ? -1 : Integer.parseInt(text);
        if (index < 0 || index >= numClasses) {
            throw new IllegalArgumentException("class index " + text + " is out of range 0.." + (numClasses - 1));
        }
        return index;
    }

    private static List<ClassWeight> blend(List<ClassWeight> terms) {
        Map<Integer, Double> sums = new LinkedHashMap<>();
        double total = 0;
        for (ClassWeight t : terms) {
            sums.merge(t.index(), t.weight(), Double::sum);
            total += t.weight();
        }
        if (total <= 0) {
            throw new IllegalArgumentException("the class weights sum to 0; give at least one positive weight");
        }
        return sums.entrySet().stream().map(e -> new ClassWeight(e.getKey(), e.getValue())).toList();
    }

    private static String label(int index, int numClasses) {
        return numClasses == ImageNetClasses.COUNT ? ImageNetClasses.imageNet().name(index) : "class " + index;
    }

    private static String blendLabel(List<ClassWeight> terms, int numClasses) {
        List<String> parts = new ArrayList<>();
        for (ClassWeight t : terms) {
            parts.add(label(t.index(), numClasses) + " " + t.weight());
        }
        return String.join(" + ", parts);
    }
}
