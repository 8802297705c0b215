package dev.jgan.tensor.kernels;

import java.util.Arrays;

/**
 * Per-thread work arrays of the convolution passes, grown on demand and kept between calls,
 * so a pass allocates nothing once its shapes have been seen.
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> LOCAL = ThreadLocal.withInitial(ConvScratch::new);

    private float[] columns = new float[0];
    private float[] staging = new float[0];
    private float[] partials = new float[0];
    private float[] weights = new float[0];
    private float[] packed = new float[0];
    private float[] packedInputs = new float[0];
    private float[] transformed = new float[0];
    private float[] rows = new float[0];
    private float[] sourceRows = new float[0];
    private float[] temporary = new float[0];
    private float[] channelsLast = new float[0];
    private float[] tile = new float[0];

    private ConvScratch() {}

    static ConvScratch get() {
        return LOCAL.get();
    }

    /** Lowered column matrix (im2col output or col2im input). */
    float[] columns(int size) {
        if (columns.length < size) {
            columns = new float[size];
        }
        return columns;
    }

    /** Channel-major copy of several images' output or gradient planes. */
    float[] staging(int size) {
        if (staging.length < size) {
            staging = new float[size];
        }
        return staging;
    }

    /** Weights rearranged for a direct pass, all zeros (it is filled by the caller, which owns it for the pass). */
    float[] weights(int size) {
        float[] buffer = weightsToOverwrite(size);
        Arrays.fill(buffer, 0, size, 0f);
        return buffer;
    }

    /** The same buffer as {@link #weights} left as it is, for a caller that writes all {@code size} values. */
    float[] weightsToOverwrite(int size) {
        if (weights.length < size) {
            weights = new float[size];
        }
        return weights;
    }

    /**
     * GEMM operands packed once for a pass ({@link GemmPackedA}): this thread's own, or filled by
     * its workers and read by all of them.
     */
    float[] packed(int size) {
        if (packed.length < size) {
            packed = new float[size];
        }
        return packed;
    }

    /** GEMM B operands packed once for a pass ({@link GemmPackedB}) by the workers and read by all of them. */
    float[] packedInputs(int size) {
        if (packedInputs.length < size) {
            packedInputs = new float[size];
        }
        return packedInputs;
    }

    /** Per-part weight-gradient sums, filled by the workers and combined by the calling thread. */
    float[] partials(int size) {
        if (partials.length < size) {
            partials = new float[size];
        }
        return partials;
    }

    /** A panel of weights in a transformed domain (Winograd's U), packed before the next is transformed. */
    float[] transformed(int size) {
        if (transformed.length < size) {
            transformed = new float[size];
        }
        return transformed;
    }

    /** A few input rows of one channel rearranged for a transform. */
    float[] rows(int size) {
        if (rows.length < size) {
            rows = new float[size];
        }
        return rows;
    }

    /** A few input rows of one channel as a transform reads them (normalised, when the input is). */
    float[] sourceRows(int size) {
        if (sourceRows.length < size) {
            sourceRows = new float[size];
        }
        return sourceRows;
    }

    /** A transform's small temporary area. */
    float[] temporary(int size) {
        if (temporary.length < size) {
            temporary = new float[size];
        }
        return temporary;
    }

    /** A tile of a pass's input in channels-last order, owned by the thread that fills and reads it. */
    float[] channelsLast(int size) {
        if (channelsLast.length < size) {
            channelsLast = new float[size];
        }
        return channelsLast;
    }

    /** Channels-last output rows of a tile of images, on their way to the output tensor. */
    float[] tile(int size) {
        if (tile.length < size) {
            tile = new float[size];
        }
        return tile;
    }
}
