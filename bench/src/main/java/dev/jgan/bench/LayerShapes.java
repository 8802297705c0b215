package dev.jgan.bench;

import dev.jgan.bench.LayerShape.Kind;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The catalogue of layer shapes every convolution benchmark, the result table and the
 * PyTorch comparison use. {@code main} prints it as JSON (bench/layer-shapes.json is that output).
 */
public final class LayerShapes {
    /** DCGAN on MNIST, batch 128: generator 100 -> 7x7 -> 14x14 -> 28x28, mirrored discriminator. */
    private static final List<LayerShape> DCGAN_MNIST = List.of(
            convT("mnist-g1", 128, 100, 256, 1, 7, 1, 0),
            convT("mnist-g2", 128, 256, 128, 7, 4, 2, 1),
            convT("mnist-g3", 128, 128, 1, 14, 4, 2, 1),
            conv("mnist-d1", 128, 1, 64, 28, 4, 2, 1),
            conv("mnist-d2", 128, 64, 128, 14, 4, 2, 1),
            conv("mnist-d3", 128, 128, 1, 7, 7, 1, 0));

    /** PyTorch examples' DCGAN at 64x64 (nz 100, ngf = ndf = 64, nc 3), batch 64. */
    private static final List<LayerShape> DCGAN_64 = List.of(
            convT("dcgan64-g1", 64, 100, 512, 1, 4, 1, 0),
            convT("dcgan64-g2", 64, 512, 256, 4, 4, 2, 1),
            convT("dcgan64-g3", 64, 256, 128, 8, 4, 2, 1),
            convT("dcgan64-g4", 64, 128, 64, 16, 4, 2, 1),
            convT("dcgan64-g5", 64, 64, 3, 32, 4, 2, 1),
            conv("dcgan64-d1", 64, 3, 64, 64, 4, 2, 1),
            conv("dcgan64-d2", 64, 64, 128, 32, 4, 2, 1),
            conv("dcgan64-d3", 64, 128, 256, 16, 4, 2, 1),
            conv("dcgan64-d4", 64, 256, 512, 8, 4, 2, 1),
            conv("dcgan64-d5", 64, 512, 1, 4, 4, 1, 0));

    /** BigGAN-deep 256 generator style 3x3 convolutions, batch 1. */
    private static final List<LayerShape> BIGGAN_256 = List.of(
            conv("biggan-512x16", 1, 512, 512, 16, 3, 1, 1),
            conv("biggan-256x32", 1, 256, 256, 32, 3, 1, 1),
            conv("biggan-64x128", 1, 64, 64, 128, 3, 1, 1),
            conv("biggan-64x256", 1, 64, 64, 256, 3, 1, 1),
            conv("biggan-rgb256", 1, 128, 3, 256, 3, 1, 1));

    /** Every layer, in table order. */
    public static final List<LayerShape> ALL = concat(DCGAN_MNIST, DCGAN_64, BIGGAN_256);

    private LayerShapes() {}

    public static LayerShape byName(String name) {
        for (LayerShape shape : ALL) {
            if (shape.name().equals(name)) {
                return shape;
            }
        }
        throw new NoSuchElementException("no layer shape named '" + name + "'");
    }

    /** The catalogue as a JSON array of objects (name, kind, n, cin, cout, h, w, k, s, p, outH, outW, macs). */
    public static String toJson() {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < ALL.size(); i++) {
            LayerShape l = ALL.get(i);
            json.append("  {\"name\": ").append(Json.quote(l.name()))
                    .append(", \"kind\": ").append(Json.quote(l.kind().label()))
                    .append(", \"n\": ").append(l.n())
                    .append(", \"cin\": ").append(l.cin())
                    .append(", \"cout\": ").append(l.cout())
                    .append(", \"h\": ").append(l.h())
                    .append(", \"w\": ").append(l.w())
                    .append(", \"k\": ").append(l.k())
                    .append(", \"s\": ").append(l.s())
                    .append(", \"p\": ").append(l.p())
                    .append(", \"outH\": ").append(l.outH())
                    .append(", \"outW\": ").append(l.outW())
                    .append(", \"macs\": ").append(l.macs())
                    .append(i + 1 < ALL.size() ? "},\n" : "}\n");
        }
        return json.append("]\n").toString();
    }

    /** Prints the catalogue as JSON. */
    public static void main(String[] args) {
        System.out.print(toJson());
    }

    private static LayerShape conv(String name, int n, int cin, int cout, int size, int k, int s, int p) {
        return new LayerShape(name, Kind.CONV, n, cin, cout, size, size, k, s, p);
    }

    private static LayerShape convT(String name, int n, int cin, int cout, int size, int k, int s, int p) {
        return new LayerShape(name, Kind.CONV_T, n, cin, cout, size, size, k, s, p);
    }

    @SafeVarargs
    private static List<LayerShape> concat(List<LayerShape>... groups) {
        return java.util.Arrays.stream(groups).flatMap(List::stream).toList();
    }
}
