package dev.jgan.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void failureMidWayKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("state.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.ones(3)), Map.of("step", "1"));
        byte[] before = Files.readAllBytes(file);

        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, channel -> {
            AtomicFile.writeFully(channel, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing());
        assertEquals("1", SafeTensors.read(file).metadata().get("step"));
    }

    @Test
    void runtimeFailureIsCleanedUpToo() throws IOException {
        Path file = dir.resolve("out.npy");
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, channel -> {
            AtomicFile.writeFully(channel, ByteBuffer.wrap(new byte[100]));
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), listing());
    }

    @Test
    void successReplacesTheFileAndLeavesOnlyIt() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.ones(3)), Map.of());
        SafeTensors.write(file, Map.of("w", Tensor.full(2f, 5)), Map.of());
        assertArrayEquals(new float[] {2, 2, 2, 2, 2}, SafeTensors.read(file).tensor("w").data());
        assertEquals(List.of(file), listing());
    }

    @Test
    void readOnlyDirectoryFailsCleanly() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path file = ro.resolve("m.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.ones(2)), Map.of());
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "running with privileges that ignore directory permissions");
            assertThrows(IOException.class, () -> SafeTensors.write(file, Map.of("w", Tensor.zeros(2)), Map.of()));
            assertArrayEquals(before, Files.readAllBytes(file));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (Stream<Path> s = Files.list(ro)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void failedRenameLeavesTheDestinationAndNoTemporary() throws IOException {
        Path blocker = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(blocker.resolve("keep.txt"), "keep");
        assertThrows(IOException.class, () -> Npy.writeFloat(blocker, Tensor.ones(2)));
        assertEquals("keep", Files.readString(blocker.resolve("keep.txt")));
        assertEquals(List.of(blocker), listing());
    }

    @Test
    void missingDirectoryIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> AtomicFile.write(dir.resolve("no/such/x"), channel -> {}));
        assertEquals(true, e.getMessage().contains("does not exist"));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
