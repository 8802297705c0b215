package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.nn.io.Npy;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFileTest {
    @TempDir
    Path folder;

    private Path write(String name, Tensor t) throws IOException {
        Path file = folder.resolve(name);
        Npy.writeFloat(file, t);
        return file;
    }

    private String error(Path file) {
        return assertThrows(IOException.class, () -> SampleFile.read(file, 28)).getMessage();
    }

    @Test
    void readsWellFormedSamples() throws IOException {
        Tensor samples = Tensor.uniform(1, -1f, 1f, 3, 1, 28, 28);
        Tensor read = SampleFile.read(write("ok.npy", samples), 28);
        assertArrayEquals(samples.data(), read.data());
        assertArrayEquals(new int[] {3, 1, 28, 28}, read.shape());
    }

    @Test
    void namesTheFileAndBothShapes() throws IOException {
        Path flat = write("flat.npy", Tensor.zeros(5, 28, 28));
        String message = error(flat);
        assertTrue(message.contains("flat.npy") && message.contains("[N, 1, 28, 28]") && message.contains("[5, 28, 28]"),
                message);
        String rgb = error(write("rgb.npy", Tensor.zeros(4, 3, 28, 28)));
        assertTrue(rgb.contains("[4, 3, 28, 28]"), rgb);
        String big = error(write("big.npy", Tensor.zeros(4, 1, 64, 64)));
        assertTrue(big.contains("[4, 1, 64, 64]"), big);
    }

    @Test
    void refusesMissingTinyAndOutOfRangeFiles() throws IOException {
        String missing = error(folder.resolve("absent.npy"));
        assertTrue(missing.contains("absent.npy") && missing.contains("not found"), missing);
        String one = error(write("one.npy", Tensor.zeros(1, 1, 28, 28)));
        assertTrue(one.contains("at least 2"), one);
        String bytes = error(write("bytes.npy", Tensor.full(255f, 2, 1, 28, 28)));
        assertTrue(bytes.contains("[255.0, 255.0]") && bytes.contains("expected [-1, 1]"), bytes);
        Tensor nan = Tensor.zeros(2, 1, 28, 28);
        nan.data()[7] = Float.NaN;
        String notFinite = error(write("nan.npy", nan));
        assertTrue(notFinite.contains("value 7 is NaN"), notFinite);
    }
}
