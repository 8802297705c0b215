package dev.jgan.cuda;

import dev.jgan.tensor.kernels.ConvSpec;
import java.util.List;

/**
 * One convolution geometry for the GPU tests: x [batch, inC, h, w] and outC filters. Sizes are
 * odd or straddle the 64-wide tiles and 16-deep slices; strides, paddings and dilations vary.
 */
record ConvCase(int batch, int inC, int h, int w, int outC, ConvSpec spec) {
    static final List<ConvCase> CASES = List.of(
            new ConvCase(1, 1, 1, 1, 1, ConvSpec.of(1, 1, 0)),
            new ConvCase(2, 3, 7, 5, 5, ConvSpec.of(3, 1, 1)),
            new ConvCase(1, 5, 13, 17, 7, ConvSpec.of(3, 2, 1)),
            new ConvCase(3, 4, 9, 9, 66, ConvSpec.of(4, 2, 1)),
            new ConvCase(2, 7, 11, 6, 3, new ConvSpec(3, 2, 2, 1, 0, 1, 2, 1)),
            new ConvCase(1, 17, 31, 3, 9, new ConvSpec(5, 3, 3, 1, 2, 2, 1, 1)),
            new ConvCase(2, 65, 8, 8, 70, ConvSpec.of(1, 1, 0)),
            new ConvCase(4, 3, 32, 32, 8, ConvSpec.of(4, 2, 1)),
            new ConvCase(8, 16, 32, 32, 32, ConvSpec.of(3, 1, 1)),
            new ConvCase(2, 40, 7, 7, 1, ConvSpec.of(7, 1, 0)),       // one output pixel an image, K 1960
            new ConvCase(1, 2, 4, 4, 32, ConvSpec.of(4, 2, 1)),       // input gradient by phases: 4 pixels each, K 128
            new ConvCase(1, 2, 4, 4, 128, ConvSpec.of(4, 2, 1)),      // ... K 512, a block per pixel
            new ConvCase(1, 2, 5, 5, 64, ConvSpec.of(3, 2, 1)),       // input gradient: 25 pixels, K 576
            new ConvCase(2, 66, 10, 8, 9, ConvSpec.of(4, 2, 1)),      // input gradient by phases: two row tiles
            new ConvCase(1, 20, 8, 8, 160, ConvSpec.of(4, 2, 1)),     // ... one tile a phase, K 640, split in two
            new ConvCase(1, 64, 6, 6, 20, ConvSpec.of(3, 1, 1)),      // forward: one tile, K 576, split in two
            new ConvCase(1, 20, 6, 6, 64, ConvSpec.of(3, 1, 1)),      // input gradient: one tile, K 576, split
            new ConvCase(17, 70, 32, 32, 70, ConvSpec.of(3, 1, 1)),   // float32 forward, input gradient: 136 large tiles
            new ConvCase(5, 70, 64, 64, 8, ConvSpec.of(4, 2, 1)),     // ... input gradient by phases: 4 x 40 large tiles
            new ConvCase(1, 939, 8, 8, 130, ConvSpec.of(3, 1, 1)));   // ... weight gradient: 2 x 67 large tiles

    int[] inputShape() {
        return new int[] {batch, inC, h, w};
    }

    int[] weightShape() {
        return new int[] {outC, inC, spec.kernelH(), spec.kernelW()};
    }

    int[] outputShape() {
        return new int[] {batch, outC, spec.outH(h), spec.outW(w)};
    }

    long seed() {
        return 31L * hashCode();
    }
}
