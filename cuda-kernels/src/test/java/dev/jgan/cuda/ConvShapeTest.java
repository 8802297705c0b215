package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.cuda.LaunchGeometry.GemmSize;
import dev.jgan.tensor.kernels.ConvSpec;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConvShapeTest {
    @Test
    void fieldOrderMatchesTheCudaStruct() throws IOException {
        String header = Files.readString(Path.of("src/main/cuda/conv_shape.cuh"));
        String body = header.substring(header.indexOf("struct ConvShape {"));
        body = body.substring(0, body.indexOf("};"));
        List<String> cudaFields = members(body, "int");
        Map<String, String> javaName = Map.ofEntries(Map.entry("batch", "batch"),
                Map.entry("in_c", "inC"), Map.entry("in_h", "inH"), Map.entry("in_w", "inW"),
                Map.entry("out_c", "outC"), Map.entry("out_h", "outH"), Map.entry("out_w", "outW"),
                Map.entry("k_h", "kernelH"), Map.entry("k_w", "kernelW"),
                Map.entry("stride_h", "strideH"), Map.entry("stride_w", "strideW"),
                Map.entry("pad_h", "padH"), Map.entry("pad_w", "padW"),
                Map.entry("dil_h", "dilationH"), Map.entry("dil_w", "dilationW"));
        List<String> javaFields = Arrays.stream(ConvShape.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertEquals(javaFields, cudaFields.stream().map(javaName::get).toList());
        assertEquals(ConvShape.DIVISORS.stream().map(d -> "div_" + d.name()).toList(), members(body, "FastDivisor"));
        assertTrue(body.lastIndexOf("int ") < body.indexOf("FastDivisor "), "the divisors follow the ints");
        assertEquals(ConvShape.FIELDS, cudaFields.size() + ConvShape.DIVISORS.size() * FastDivisor.FIELDS);

        // a 5x3 kernel (15 taps), stride 2x1: out 2x3 (6 positions) from in 7x3 (21 positions)
        ConvShape shape = new ConvShape(1, 2, 7, 3, 5, 2, 3, 5, 3, 2, 1, 0, 1, 1, 1);
        int[] ints = shape.toInts();
        assertEquals(ConvShape.FIELDS, ints.length);
        assertArrayEquals(new int[] {1, 2, 7, 3, 5, 2, 3, 5, 3, 2, 1, 0, 1, 1, 1}, Arrays.copyOf(ints, 15));
        int[] divisors = {15, 3, 6, 3, 21, 3, 2, 1};
        for (int i = 0; i < divisors.length; i++) {
            FastDivisor expected = FastDivisor.of(divisors[i]);
            int at = 15 + 3 * i;
            assertArrayEquals(new int[] {expected.d(), expected.m(), expected.p()}, Arrays.copyOfRange(ints, at, at + 3),
                    ConvShape.DIVISORS.get(i).name());
        }
    }

    /** Names of the members of {@code type} declared in a struct body, in order. */
    private static List<String> members(String body, String type) {
        List<String> names = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^\\s*" + type + " ([^;]+);").matcher(body);
        while (line.find()) {
            Arrays.stream(line.group(1).split(",")).map(String::strip).forEach(names::add);
        }
        return names;
    }

    @Test
    void gemmViewsOfTheThreePasses() {
        ConvShape shape = ConvShape.of(2, 3, 9, 7, 5, new ConvSpec(3, 2, 2, 1, 1, 0, 1, 2));
        assertEquals(5, shape.outH());  // (9 + 2 - 3) / 2 + 1
        assertEquals(5, shape.outW());  // (7 - 3) / 1 + 1 with dilation 2: span 3
        assertEquals(new GemmSize(5, 2 * 5 * 5, 3 * 3 * 2), shape.forwardGemm());
        assertEquals(new GemmSize(3, 2 * 9 * 7, 5 * 3 * 2), shape.backwardDataGemm());
        assertEquals(new GemmSize(5, 3 * 3 * 2, 2 * 5 * 5), shape.backwardWeightGemm());
    }

    @Test
    void transposedDescribesTheConvolutionItTransposes() {
        ConvSpec spec = ConvSpec.of(3, 2, 1);
        // ConvTranspose2d [2, 8, 5, 5] -> [2, 4, 10, 10] with output padding 1
        ConvShape shape = ConvShape.transposed(2, 8, 5, 5, 4, spec.transposedOutH(5, 1), spec.transposedOutW(5, 1), spec);
        assertArrayEquals(new int[] {2, 4, 10, 10}, shape.inputShape());
        assertArrayEquals(new int[] {2, 8, 5, 5}, shape.outputShape());
        assertArrayEquals(new int[] {8, 4, 3, 3}, shape.weightShape());
        // output padding 2 >= stride: no convolution maps 11 back to 5
        assertThrows(IllegalArgumentException.class, () -> ConvShape.transposed(2, 8, 5, 5, 4, 11, 11, spec));
    }

    @Test
    void tensorsBeyond32BitIndexingAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvShape.of(64, 512, 256, 256, 8, ConvSpec.of(1, 1, 0)));
        assertEquals(true, e.getMessage().contains("input"), e.getMessage());
    }
}
