package dev.jgan.gan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.gan.biggan.TruncatedNoise;
import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BigGanInputsTest {
    private static final int Z = 16;
    private static final int CLASSES = 1000;

    @TempDir
    Path dir;

    @Test
    void namedClassesAreSampledWithTheSeed() throws IOException {
        BigGanInputs in = BigGanInputs.resolve(List.of("soap bubble", "coffee", "mushroom"), null, null, 2, 5, 0.4, Z, CLASSES);
        assertArrayEquals(new int[] {6, Z}, in.z().shape());
        assertArrayEquals(TruncatedNoise.sample(5, 6, Z, 0.4).data(), in.z().data());
        assertArrayEquals(new int[] {6, CLASSES}, in.classVectors().shape());
        assertEquals(1f, in.classVectors().get(1, 971));
        assertEquals(1f, in.classVectors().get(2, 967));
        assertEquals(List.of("bubble", "bubble", "espresso", "espresso", "mushroom", "mushroom"), in.labels());
        assertEquals(2, in.columns());
        assertEquals(3, BigGanInputs.resolve(List.of("1", "2", "3"), null, null, null, 5, 0.4, Z, CLASSES).columns());
    }

    @Test
    void aZFileSetsTheBatchAndOneClassIsRepeated() throws IOException {
        Path zFile = dir.resolve("z.npy");
        Tensor z = Tensor.uniform(2, -1, 1, 3, Z);
        Npy.writeFloat(zFile, z);
        BigGanInputs one = BigGanInputs.resolve(List.of("tiger"), null, zFile, null, 0, 0.9, Z, CLASSES);
        assertArrayEquals(z.data(), one.z().data());
        assertEquals(1f, one.classVectors().get(2, 292));
        BigGanInputs three = BigGanInputs.resolve(List.of("1", "2", "3"), null, zFile, null, 0, 0.9, Z, CLASSES);
        assertEquals(1f, three.classVectors().get(2, 3));
        assertEquals("--z-file " + zFile + " has 3 rows but 2 classes were given; give one class or one per row",
                error(List.of("1", "2"), null, zFile, null));
    }

    @Test
    void aClassVectorFileSetsTheBatch() throws IOException {
        Path cFile = dir.resolve("c.npy");
        Tensor c = Tensor.uniform(3, 0, 1, 2, CLASSES);
        Npy.writeFloat(cFile, c);
        BigGanInputs in = BigGanInputs.resolve(List.of(), cFile, null, null, 9, 0.5, Z, CLASSES);
        assertArrayEquals(c.data(), in.classVectors().data());
        assertArrayEquals(TruncatedNoise.sample(9, 2, Z, 0.5).data(), in.z().data());
        Path zFile = dir.resolve("z.npy");
        Npy.writeFloat(zFile, Tensor.zeros(3, Z));
        assertEquals("--z-file " + zFile + " has 3 rows but --class-vector-file " + cFile + " has 2",
                error(List.of(), cFile, zFile, null));
    }

    @Test
    void conflictingOptionsAreRefused() throws IOException {
        Path cFile = dir.resolve("c.npy");
        Npy.writeFloat(cFile, Tensor.zeros(1, CLASSES));
        assertEquals("give --class or --class-vector-file, not both", error(List.of("tiger"), cFile, null, null));
        assertEquals("give --class NAME|INDEX (or --class-vector-file C.npy)", error(List.of(), null, null, null));
        assertEquals("--count must be at least 1, got 0", error(List.of("tiger"), null, null, 0));
        assertEquals("--count does not apply with --z-file or --class-vector-file: the file sets the number of images",
                error(List.of(), cFile, null, 2));
        assertEquals("truncation must be in (0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class,
                        () -> BigGanInputs.resolve(List.of("tiger"), null, null, null, 0, 1.5, Z, CLASSES)).getMessage());
    }

    private static String error(List<String> classes, Path cFile, Path zFile, Integer count) {
        return assertThrows(IllegalArgumentException.class,
                () -> BigGanInputs.resolve(classes, cFile, zFile, count, 0, 0.4, Z, CLASSES)).getMessage();
    }
}
