package dev.jgan.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        String body = header.substring(header.indexOf("struct ConvShape {"), header.indexOf("};"));
        List<String> cudaFields = new ArrayList<>();
        Matcher line = Pattern.compile("int ([^;]+);").matcher(body);
        while (line.find()) {
            Arrays.stream(line.group(1).split(",")).map(String::strip).forEach(cudaFields::add);
        }
        Map<String, String> javaName = Map.ofEntries(Map.entry("batch", "batch"),
                Map.entry("in_c", "inC"), Map.entry("in_h", "inH"), Map.entry("in_w", "inW"),
                Map.entry("out_c", "outC"), Map.entry("out_h", "outH"), Map.entry("out_w", "outW"),
                Map.entry("k_h", "kernelH"), Map.entry("k_w", "kernelW"),
                Map.entry("stride_h", "strideH"), Map.entry("stride_w", "strideW"),
                Map.entry("pad_h", "padH"), Map.entry("pad_w", "padW"),
                Map.entry("dil_h", "dilationH"), Map.entry("dil_w", "dilationW"));
        List<String> javaFields = Arrays.stream(ConvShape.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertEquals(javaFields, cudaFields.stream().map(javaName::get).toList());
        assertEquals(ConvShape.FIELDS, cudaFields.size());

        ConvShape shape = new ConvShape(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, shape.toInts());
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
