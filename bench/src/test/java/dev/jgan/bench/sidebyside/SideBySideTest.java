package dev.jgan.bench.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.bench.sidebyside.SideBySide.Case;
import dev.jgan.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SideBySideTest {
    /** The tensor build this test runs against (a jar or target/classes). */
    private static String tensorBuild() throws Exception {
        return Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void layerPrefixesExpandInCatalogueOrderWithEveryPassUnlessOneIsNamed() {
        List<Case> cases = SideBySide.cases(List.of("mnist-d", "mnist-g2:forward"));
        assertEquals(10, cases.size());
        assertEquals(new Case("mnist-d1", "forward"), cases.get(0));
        assertEquals(new Case("mnist-d1", "backwardWeight"), cases.get(2));
        assertEquals(new Case("mnist-d3", "backwardWeight"), cases.get(8));
        assertEquals(new Case("mnist-g2", "forward"), cases.get(9));
    }

    @Test
    void unknownLayersAndPassesAreNamedInTheError() {
        IllegalArgumentException pass = assertThrows(IllegalArgumentException.class,
                () -> SideBySide.cases(List.of("mnist-g2:backward")));
        assertTrue(pass.getMessage().contains("'backward'") && pass.getMessage().contains("backwardInput"),
                pass.getMessage());
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> SideBySide.cases(List.of("mnist-x9")));
        assertTrue(layer.getMessage().contains("'mnist-x9'") && layer.getMessage().contains("mnist-g1"),
                layer.getMessage());
        IllegalArgumentException reps = assertThrows(IllegalArgumentException.class,
                () -> SideBySide.run(new String[] {"a", "b", "--reps", "many", "mnist-d3"}, System.out));
        assertTrue(reps.getMessage().contains("'many'"), reps.getMessage());
    }

    @Test
    void eachBuildRunsItsOwnCopyOfTheKernels() throws Exception {
        try (IsolatedBuild a = new IsolatedBuild(Path.of(tensorBuild()));
             IsolatedBuild b = new IsolatedBuild(Path.of(tensorBuild()))) {
            Class<?> tensorA = a.resolve(Tensor.class.getName());
            Class<?> tensorB = b.resolve(Tensor.class.getName());
            assertNotSame(tensorA, tensorB);
            assertNotSame(Tensor.class, tensorA);
            assertNotSame(ConvPassCall.class, a.resolve(ConvPassCall.class.getName()));
            double ms = a.call("mnist-d3", "forward").getAsDouble();
            assertTrue(ms > 0, "a call should take measurable time, took " + ms + " ms");
        }
    }

    @Test
    void aMissingBuildIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IsolatedBuild(Path.of("no-such-dir", "tensor.jar")));
        assertTrue(e.getMessage().contains("tensor.jar"), e.getMessage());
    }

    @Test
    void aFolderWithoutTheTensorClassesIsRefused(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IsolatedBuild(empty));
        assertTrue(e.getMessage().contains("dev/jgan/tensor/Tensor.class"), e.getMessage());
    }

    @Test
    void printsOneRowPerLayerPass() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SideBySide.run(new String[] {tensorBuild(), tensorBuild(), "--reps", "3", "--warmup-ms", "0", "mnist-d3:forward",
                "mnist-d3:backwardWeight"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).matches("mnist-d3 +forward +[0-9.]+ \\( *[0-9.]+\\) +[0-9.]+ \\( *[0-9.]+\\) +[0-9.]+x"),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("mnist-d3       backwardWeight"), lines.get(2));
    }
}
