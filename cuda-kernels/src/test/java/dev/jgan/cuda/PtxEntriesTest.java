package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The committed PTX declares exactly the kernels the Java side launches, with matching block sizes and parameters. */
class PtxEntriesTest {
    private static final Pattern ENTRY = Pattern.compile(
            "\\.visible \\.entry (\\w+)\\(([^)]*)\\)\\s*\\.maxntid (\\d+), 1, 1");
    private static final Pattern PARAM = Pattern.compile("\\.param (?:\\.align \\d+ )?\\.(\\w+) \\w+(\\[(\\d+)\\])?");

    @Test
    void everyModuleTargetsSm90WithPtxTheR580DriverAccepts() {
        for (String module : modules()) {
            String ptx = ptx(module);
            assertTrue(ptx.contains("\n.target sm_90\n"), module + ": not compiled for sm_90");
            assertTrue(ptx.contains("\n.address_size 64\n"), module + ": not 64-bit");
            Matcher version = Pattern.compile("\n\\.version (\\d+)\\.(\\d+)\n").matcher(ptx);
            assertTrue(version.find(), module + ": no .version line");
            int isa = Integer.parseInt(version.group(1)) * 10 + Integer.parseInt(version.group(2));
            assertTrue(isa <= 90, module + ": PTX ISA " + version.group(1) + "." + version.group(2)
                    + " is newer than 9.0, which an R580 driver cannot JIT");
        }
    }

    @Test
    void entriesMatchTheKernelTable() {
        for (String module : modules()) {
            Map<String, Entry> declared = entries(ptx(module));
            List<Kernel> expected = Arrays.stream(Kernel.values()).filter(k -> k.module.equals(module)).toList();
            assertEquals(expected.stream().map(k -> k.entry).collect(Collectors.toCollection(TreeSet::new)),
                    new TreeSet<>(declared.keySet()), module + ".ptx entries");
            for (Kernel kernel : expected) {
                Entry entry = declared.get(kernel.entry);
                assertEquals(kernel.threads, entry.maxThreads, kernel.entry + " .maxntid");
                assertEquals(kernel.signature, entry.signature, kernel.entry + " parameters");
            }
        }
    }

    private record Entry(String signature, int maxThreads) {}

    /** Entry name -> parameter signature (p pointer, i int, f float, s ConvShape of ConvShape.FIELDS ints) and .maxntid. */
    private static Map<String, Entry> entries(String ptx) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            StringBuilder signature = new StringBuilder();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) {
                signature.append(switch (p.group(1)) {
                    case "u64" -> 'p';
                    case "u32" -> 'i';
                    case "f32" -> 'f';
                    case "b8" -> Integer.parseInt(p.group(3)) == ConvShape.FIELDS * Integer.BYTES ? 's' : '?';
                    default -> '?';
                });
            }
            entries.put(m.group(1), new Entry(signature.toString(), Integer.parseInt(m.group(3))));
        }
        return entries;
    }

    private static List<String> modules() {
        return new ArrayList<>(Arrays.stream(Kernel.values()).map(k -> k.module).distinct().toList());
    }

    private static String ptx(String module) {
        return new String(CudaModule.ptx(module), StandardCharsets.US_ASCII);
    }
}
