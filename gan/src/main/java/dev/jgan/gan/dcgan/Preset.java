package dev.jgan.gan.dcgan;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The DCGAN architectures jgan can train, by their command-line names. */
public enum Preset {
    /** A three-layer DCGAN for 28x28 images (MNIST): 1x1 -> 7x7 -> 14x14 -> 28x28. */
    MNIST28("mnist28", 28),
    /** The PyTorch examples' DCGAN for 64x64 images: 1x1 -> 4x4 -> 8x8 -> 16x16 -> 32x32 -> 64x64. */
    DCGAN64("dcgan64", 64);

    private final String cliName;
    private final int imageSize;

    Preset(String cliName, int imageSize) {
        this.cliName = cliName;
        this.imageSize = imageSize;
    }

    public String cliName() {
        return cliName;
    }

    /** Height and width of the images the generator makes. */
    public int imageSize() {
        return imageSize;
    }

    /** The preset called {@code name}; unknown names are an error listing the known ones. */
    public static Preset named(String name) {
        for (Preset p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "': expected "
                + Arrays.stream(values()).map(Preset::cliName).collect(Collectors.joining(" or ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
