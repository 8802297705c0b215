package dev.jgan.gan.dcgan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that fixes a DCGAN's architecture and objective: the preset, image channels,
 * base width (64 in the paper), latent size, and the options. A checkpoint records it, and
 * resuming or sampling rebuilds exactly this network.
 *
 * @param numClasses     classes the labels take (conditional only; 0 otherwise)
 * @param labelSmoothing one-sided label smoothing: D's target for real images is 1 - labelSmoothing (BCE only)
 * @param emaDecay       decay of the exponential moving average of G's weights; 0 = no average
 */
public record DcganConfig(Preset preset, int channels, int width, int latentDim, boolean conditional,
                          int numClasses, boolean spectralNorm, GanLoss loss, float labelSmoothing, float emaDecay) {
    private static final String PREFIX = "config.";

    public DcganConfig {
        require(channels == 1 || channels == 3, "--channels must be 1 or 3, got " + channels);
        require(width > 0, "--width must be positive, got " + width);
        require(latentDim > 0, "--latent-dim must be positive, got " + latentDim);
        require(conditional ? numClasses >= 2 : numClasses == 0,
                conditional ? "a conditional DCGAN needs a labelled dataset with at least 2 classes, got " + numClasses
                        : "an unconditional DCGAN has no classes, got " + numClasses);
        require(labelSmoothing >= 0f && labelSmoothing < 1f, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
        require(labelSmoothing == 0f || loss == GanLoss.BCE, "--label-smoothing applies to the bce loss only");
        require(emaDecay == 0f || (emaDecay > 0f && emaDecay < 1f), "--ema must be in (0, 1) (0 = off), got " + emaDecay);
    }

    /** The preset as published: width 64, 100 latent dimensions, BCE, no options. */
    public static DcganConfig of(Preset preset, int channels) {
        return new DcganConfig(preset, channels, 64, 100, false, 0, false, GanLoss.BCE, 0f, 0f);
    }

    public int imageSize() {
        return preset.imageSize();
    }

    /**
     * Checks the labels of {@code count} images: one class in [0, numClasses) per image for a conditional
     * model, none (null) for an unconditional one; returns them.
     */
    public int[] requireLabels(int[] labels, int count) {
        if (conditional != (labels != null) || (labels != null && labels.length != count)) {
            throw new IllegalArgumentException(conditional
                    ? "a conditional DCGAN needs one label per image: " + count + " images, "
                            + (labels == null ? "no" : Integer.toString(labels.length)) + " labels"
                    : "an unconditional DCGAN takes no labels");
        }
        if (labels != null) {
            for (int label : labels) {
                require(label >= 0 && label < numClasses, "label " + label + " is outside [0, " + numClasses + ")");
            }
        }
        return labels;
    }

    public boolean hasEma() {
        return emaDecay > 0f;
    }

    /** D's BCE target for real images. */
    public float realTarget() {
        return 1f - labelSmoothing;
    }

    /** E.g. "mnist28 (1 channel, width 64, z 100, bce, conditional on 10 classes, ema 0.999)". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(channels + (channels == 1 ? " channel" : " channels"));
        parts.add("width " + width);
        parts.add("z " + latentDim);
        parts.add(loss.toString());
        if (conditional) {
            parts.add("conditional on " + numClasses + " classes");
        }
        if (spectralNorm) {
            parts.add("spectral norm");
        }
        if (labelSmoothing != 0f) {
            parts.add("label smoothing " + labelSmoothing);
        }
        if (hasEma()) {
            parts.add("ema " + emaDecay);
        }
        return preset + " (" + String.join(", ", parts) + ")";
    }

    /** The configuration as checkpoint metadata entries ("config.preset" = "mnist28", ...). */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "preset", preset.cliName());
        m.put(PREFIX + "channels", Integer.toString(channels));
        m.put(PREFIX + "width", Integer.toString(width));
        m.put(PREFIX + "latent_dim", Integer.toString(latentDim));
        m.put(PREFIX + "conditional", Boolean.toString(conditional));
        m.put(PREFIX + "num_classes", Integer.toString(numClasses));
        m.put(PREFIX + "spectral_norm", Boolean.toString(spectralNorm));
        m.put(PREFIX + "loss", loss.toString());
        m.put(PREFIX + "label_smoothing", Float.toString(labelSmoothing));
        m.put(PREFIX + "ema_decay", Float.toString(emaDecay));
        return m;
    }

    /** Reads {@link #toMetadata()} back; {@code source} (a file) goes into errors. */
    public static DcganConfig fromMetadata(Map<String, String> m, String source) {
        try {
            return new DcganConfig(Preset.named(get(m, "preset", source)), Integer.parseInt(get(m, "channels", source)),
                    Integer.parseInt(get(m, "width", source)), Integer.parseInt(get(m, "latent_dim", source)),
                    Boolean.parseBoolean(get(m, "conditional", source)), Integer.parseInt(get(m, "num_classes", source)),
                    Boolean.parseBoolean(get(m, "spectral_norm", source)), GanLoss.named(get(m, "loss", source)),
                    Float.parseFloat(get(m, "label_smoothing", source)), Float.parseFloat(get(m, "ema_decay", source)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": bad DCGAN configuration (" + e.getMessage() + ")");
        }
    }

    private static String get(Map<String, String> m, String key, String source) {
        String value = m.get(PREFIX + key);
        if (value == null) {
            throw new IllegalArgumentException(source + " is not a jgan DCGAN checkpoint (no " + PREFIX + key + ")");
        }
        return value;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
