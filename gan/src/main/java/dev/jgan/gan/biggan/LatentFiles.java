package dev.jgan.gan.biggan;

import dev.jgan.nn.io.Npy;
import dev.jgan.nn.io.NpyHeader;
import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the generator's inputs from {@code .npy} files for exact reproducibility: z as float32
 * [N, z_dim] and class vectors as float32 [N, num_classes]. Errors name the file and give the
 * expected and found dtype and shape.
 */
public final class LatentFiles {
    private LatentFiles() {}

    /** z [N, zDim]; N must be at least 1. */
    public static Tensor readZ(Path file, int zDim) throws IOException {
        return read("z file", file, zDim, "z_dim");
    }

    /** Class vectors [N, numClasses]; N must be at least 1. */
    public static Tensor readClassVectors(Path file, int numClasses) throws IOException {
        return read("class-vector file", file, numClasses, "num_classes");
    }

    private static Tensor read(String what, Path file, int width, String widthName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, what + " not found");
        }
        String expected = "float32 [N, " + width + "] (N >= 1, " + widthName + " " + width + ")";
        NpyHeader header;
        try {
            header = Npy.readHeader(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(what + " " + file + ": not a readable .npy file (" + e.getMessage() + ")", e);
        }
        int[] shape = header.shape();
        boolean float32 = header.descr().equals("<f4") || header.descr().equals(">f4");
        boolean shapeOk = shape.length == 2 && shape[0] >= 1 && shape[1] == width;
        if (!float32 || !shapeOk) {
            throw new IllegalArgumentException(what + " " + file + ": expected " + expected + ", found "
                    + dtypeName(header.descr()) + " " + Shapes.toString(shape));
        }
        return Npy.readFloat(file);
    }

    private static String dtypeName(String descr) {
        return switch (descr.substring(1)) {
            case "f2" -> "float16";
            case "f4" -> "float32";
            case "f8" -> "float64";
            case "u1" -> "uint8";
            default -> "dtype '" + descr + "'";
        };
    }
}
