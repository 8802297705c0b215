package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.nn.io.Npy;
import dev.jgan.nn.io.Uint8Array;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsFloat32Arrays() throws IOException {
        Tensor z = Tensor.uniform(1, -1, 1, 3, 8);
        Path file = dir.resolve("z.npy");
        Npy.writeFloat(file, z);
        Tensor read = LatentFiles.readZ(file, 8);
        assertArrayEquals(z.shape(), read.shape());
        assertArrayEquals(z.data(), read.data());
        Npy.writeFloat(dir.resolve("c.npy"), Tensor.zeros(2, 10));
        assertArrayEquals(new int[] {2, 10}, LatentFiles.readClassVectors(dir.resolve("c.npy"), 10).shape());
    }

    @Test
    void wrongShapesNameTheFileAndBothShapes() throws IOException {
        Path z = dir.resolve("z.npy");
        Npy.writeFloat(z, Tensor.zeros(3, 120));
        assertEquals("z file " + z + ": expected float32 [N, 128] (N >= 1, z_dim 128), found float32 [3, 120]",
                assertThrows(IllegalArgumentException.class, () -> LatentFiles.readZ(z, 128)).getMessage());
        Path c = dir.resolve("c.npy");
        Npy.writeFloat(c, Tensor.zeros(1000));
        assertEquals("class-vector file " + c + ": expected float32 [N, 1000] (N >= 1, num_classes 1000), found float32 [1000]",
                assertThrows(IllegalArgumentException.class, () -> LatentFiles.readClassVectors(c, 1000)).getMessage());
        Path empty = dir.resolve("empty.npy");
        Npy.writeFloat(empty, Tensor.zeros(0, 4));
        assertThrows(IllegalArgumentException.class, () -> LatentFiles.readZ(empty, 4));
    }

    @Test
    void otherDtypesAndBrokenFilesAreRefused() throws IOException {
        Path bytes = dir.resolve("bytes.npy");
        Npy.writeUint8(bytes, new Uint8Array(new int[] {2, 4}, new byte[8]));
        assertEquals("z file " + bytes + ": expected float32 [N, 4] (N >= 1, z_dim 4), found uint8 [2, 4]",
                assertThrows(IllegalArgumentException.class, () -> LatentFiles.readZ(bytes, 4)).getMessage());
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "not numpy");
        IOException e = assertThrows(IOException.class, () -> LatentFiles.readZ(text, 4));
        assertEquals(true, e.getMessage().startsWith("z file " + text + ": not a readable .npy file"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> LatentFiles.readZ(dir.resolve("missing.npy"), 4));
    }
}
