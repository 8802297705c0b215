package dev.jgan.gan.biggan;

import dev.jgan.nn.io.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BigGAN-deep generator's {@code config.json}, as read by pytorch-pretrained-BigGAN: keys a
 * file leaves out take the BigGAN-128 defaults. {@code classEmbedDim} and {@code outputDim}
 * are kept for round trips but never used by the model (the embedding width is {@code zDim};
 * the image size follows from the layer list).
 *
 * @param attentionLayerPosition config layer index before whose block the self-attention runs
 * @param channelWidth           the base channel count {@code ch}
 * @param layers                 the residual blocks in order
 * @param nStats                 rows of truncation-indexed batch-norm statistics
 */
public record BigGanConfig(int attentionLayerPosition, int channelWidth, int classEmbedDim, double eps,
        List<Layer> layers, int nStats, int numClasses, int outputDim, int zDim) {

    /** One residual block: channels go from {@code ch * inMult} to {@code ch * outMult}. */
    public record Layer(boolean upSample, int inMult, int outMult) {}

    /** The BigGAN-128 layer list, also the default when a file has no {@code layers}. */
    public static final List<Layer> LAYERS_128 = List.of(
            new Layer(false, 16, 16), new Layer(true, 16, 16), new Layer(false, 16, 16), new Layer(true, 16, 8),
            new Layer(false, 8, 8), new Layer(true, 8, 4), new Layer(false, 4, 4), new Layer(true, 4, 2),
            new Layer(false, 2, 2), new Layer(true, 2, 1));

    /** The BigGAN-256 layer list. */
    public static final List<Layer> LAYERS_256 = List.of(
            new Layer(false, 16, 16), new Layer(true, 16, 16), new Layer(false, 16, 16), new Layer(true, 16, 8),
            new Layer(false, 8, 8), new Layer(true, 8, 8), new Layer(false, 8, 8), new Layer(true, 8, 4),
            new Layer(false, 4, 4), new Layer(true, 4, 2), new Layer(false, 2, 2), new Layer(true, 2, 1));

    public BigGanConfig {
        layers = List.copyOf(layers);
        validate(attentionLayerPosition, channelWidth, eps, layers, nStats, numClasses, zDim);
    }

    /** biggan-deep-256's configuration. */
    public static BigGanConfig deep256() {
        return new BigGanConfig(8, 128, 128, 1e-4, LAYERS_256, 51, 1000, 256, 128);
    }

    /** Reads a config.json; errors name the file. */
    public static BigGanConfig read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses config JSON text, starting from the BigGAN-128 defaults; like the reference's
     * {@code from_dict}, keys it does not know are ignored.
     */
    public static BigGanConfig parse(String json) {
        Map<String, Object> map = Json.parseObject(json);
        return new BigGanConfig(
                intValue(map, "attention_layer_position", 8),
                intValue(map, "channel_width", 128),
                intValue(map, "class_embed_dim", 128),
                map.containsKey("eps") ? number(map, "eps").doubleValue() : 1e-4,
                map.containsKey("layers") ? layers(map.get("layers")) : LAYERS_128,
                intValue(map, "n_stats", 51),
                intValue(map, "num_classes", 1000),
                intValue(map, "output_dim", 128),
                intValue(map, "z_dim", 128));
    }

    /** The JSON text pytorch-pretrained-BigGAN writes: all nine keys, sorted, indent 2, final newline. */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("attention_layer_position", (long) attentionLayerPosition);
        map.put("channel_width", (long) channelWidth);
        map.put("class_embed_dim", (long) classEmbedDim);
        map.put("eps", eps);
        List<Object> list = new ArrayList<>();
        for (Layer l : layers) {
            list.add(List.of(l.upSample(), (long) l.inMult(), (long) l.outMult()));
        }
        map.put("layers", list);
        map.put("n_stats", (long) nStats);
        map.put("num_classes", (long) numClasses);
        map.put("output_dim", (long) outputDim);
        map.put("z_dim", (long) zDim);
        String json = Json.writePretty(map, 2);
        return json.replace("\"eps\": " + eps + ",", "\"eps\": " + pythonFloat(eps) + ",") + "\n";
    }

    /** A double as Python's repr writes it: shortest digits, fixed notation for exponents -4..15, else 1e-05 style. */
    static String pythonFloat(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = d.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /** Width of the conditioning vector (z then the class embedding). */
    public int condDim() {
        return 2 * zDim;
    }

    /** Channels entering config layer i. */
    public int inChannels(int i) {
        return channelWidth * layers.get(i).inMult();
    }

    /** Channels leaving config layer i. */
    public int outChannels(int i) {
        return channelWidth * layers.get(i).outMult();
    }

    /** Channels of the self-attention block. */
    public int attentionChannels() {
        return inChannels(attentionLayerPosition);
    }

    /** Side of the generated square images: 4 doubled once per up-sampling block. */
    public int outputSize() {
        int size = 4;
        for (Layer l : layers) {
            size *= l.upSample() ? 2 : 1;
        }
        return size;
    }

    private static void validate(int attention, int ch, double eps, List<Layer> layers, int nStats, int numClasses,
            int zDim) {
        requirePositive("channel_width", ch);
        requirePositive("num_classes", numClasses);
        requirePositive("z_dim", zDim);
        if (nStats < 2) {
            throw new IllegalArgumentException("n_stats must be at least 2, found " + nStats);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a positive finite number, found " + eps);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers must list at least one block");
        }
        if (attention < 0 || attention >= layers.size()) {
            throw new IllegalArgumentException("attention_layer_position " + attention + " is outside the "
                    + layers.size() + " layers");
        }
        if (ch < 3) {
            throw new IllegalArgumentException("channel_width " + ch + " is below the 3 RGB channels conv_to_rgb keeps");
        }
        int expectedIn = 16;
        int upSamples = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l.inMult() != expectedIn) {
                throw new IllegalArgumentException("layers[" + i + "] takes in_mult " + l.inMult() + " but receives "
                        + expectedIn + (i == 0 ? " (gen_z makes 16 * channel_width channels)" : " from layers[" + (i - 1) + "]"));
            }
            requirePositive("layers[" + i + "] out_mult", l.outMult());
            int in = ch * l.inMult();
            if (in < 4) {
                throw new IllegalArgumentException("layers[" + i + "] has " + in + " input channels; at least 4 are needed");
            }
            if (l.inMult() != l.outMult() && in / 2 != ch * l.outMult()) {
                throw new IllegalArgumentException("layers[" + i + "] maps " + in + " to " + ch * l.outMult()
                        + " channels, but its shortcut keeps in / 2 = " + in / 2);
            }
            upSamples += l.upSample() ? 1 : 0;
            expectedIn = l.outMult();
        }
        if (expectedIn != 1) {
            throw new IllegalArgumentException("the last layer's out_mult must be 1 (the final batch norm has channel_width"
                    + " channels), found " + expectedIn);
        }
        if (upSamples > 12) {
            throw new IllegalArgumentException(upSamples + " up-sampling layers give images too large to generate");
        }
        int attentionChannels = ch * layers.get(attention).inMult();
        if (attentionChannels < 8) {
            throw new IllegalArgumentException("self-attention needs at least 8 channels (its keys have C / 8), found "
                    + attentionChannels);
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, found " + value);
        }
    }

    private static Number number(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("config key '" + key + "' must be a number, found " + Json.typeName(v));
        }
        return n;
    }

    private static int intValue(Map<String, Object> map, String key, int fallback) {
        if (!map.containsKey(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (!(v instanceof Long l) || l != l.intValue()) {
            throw new IllegalArgumentException("config key '" + key + "' must be an integer, found " + v);
        }
        return l.intValue();
    }

    private static List<Layer> layers(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("config key 'layers' must be a list, found " + Json.typeName(value));
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof List<?> e) || e.size() != 3 || !(e.get(0) instanceof Boolean up)
                    || !(e.get(1) instanceof Long in) || !(e.get(2) instanceof Long outMult)
                    || in != in.intValue() || outMult != outMult.intValue()) {
                throw new IllegalArgumentException("layers[" + i + "] must be [up_sample: bool, in_mult: int, out_mult: int],"
                        + " found " + Json.write(list.get(i)));
            }
            out.add(new Layer(up, in.intValue(), outMult.intValue()));
        }
        return out;
    }
}
