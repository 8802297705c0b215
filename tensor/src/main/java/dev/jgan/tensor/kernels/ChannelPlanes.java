package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Moves channel planes between NCHW tensors and channel-major staging matrices
 * [channels, images * plane] (the layout a folded GEMM reads and writes), and adds or
 * sums per-channel biases.
 */
final class ChannelPlanes {
    private static final int MIN_PARALLEL_VALUES = 1 << 15;
    private static final int SUM_BLOCK = 1024;

    private ChannelPlanes() {}

    /** staging[c, i * plane + p] = t[firstImage + i, c, p] for {@code images} images. */
    static void gather(float[] t, int channels, int plane, int firstImage, int images, float[] staging) {
        int width = images * plane;
        Parallel.forRange(channels, minChannels(width), (c0, c1) -> {
            for (int i = 0; i < images; i++) {
                for (int c = c0; c < c1; c++) {
                    System.arraycopy(t, ((firstImage + i) * channels + c) * plane, staging, c * width + i * plane, plane);
                }
            }
        });
    }

    /** t[firstImage + i, c, p] = staging[c, i * plane + p] + bias[c] (bias may be null). */
    static void scatter(float[] staging, int channels, int plane, int firstImage, int images, float[] bias, float[] t) {
        scatter(staging, channels, plane, firstImage, images, bias, t, 0, channels);
    }

    /** The same for channels [c0, c1) only, with staging row {@code c - c0} holding channel c. */
    static void scatter(float[] staging, int channels, int plane, int firstImage, int images, float[] bias, float[] t,
                        int c0, int c1) {
        int width = images * plane;
        Parallel.forRange(c1 - c0, minChannels(width), (r0, r1) -> {
            for (int i = 0; i < images; i++) {
                for (int r = r0; r < r1; r++) {
                    int c = c0 + r;
                    int dst = ((firstImage + i) * channels + c) * plane;
                    if (bias == null) {
                        System.arraycopy(staging, r * width + i * plane, t, dst, plane);
                    } else {
                        addConstant(staging, r * width + i * plane, bias[c], t, dst, plane);
                    }
                }
            }
        });
    }

    /** t[image, c, from + p] += bias[c] for p < count, every channel c. */
    static void addBias(float[] t, int channels, int plane, int image, int from, int count, float[] bias) {
        addBias(t, channels, plane, image, from, count, bias, 0, channels);
    }

    /** The same for channels [c0, c1) only. */
    static void addBias(float[] t, int channels, int plane, int image, int from, int count, float[] bias,
                        int c0, int c1) {
        Parallel.forRange(c1 - c0, minChannels(count), (r0, r1) -> {
            for (int c = c0 + r0; c < c0 + r1; c++) {
                int at = (image * channels + c) * plane + from;
                addConstant(t, at, bias[c], t, at, count);
            }
        });
    }

    /** t[n, c, p] += bias[c] for every image n, channel c and position p. */
    static void addBias(float[] t, int images, int channels, int plane, float[] bias) {
        Parallel.forRange(images, Math.max(1, MIN_PARALLEL_VALUES / Math.max(1, channels * plane)), (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                for (int c = 0; c < channels; c++) {
                    int at = (n * channels + c) * plane;
                    addConstant(t, at, bias[c], t, at, plane);
                }
            }
        });
    }

    /** t[image, c, p] = bias[c] (or 0 when bias is null) for {@code images} whole images. */
    static void fill(float[] t, int channels, int plane, int firstImage, int images, float[] bias) {
        fill(t, channels, plane, firstImage, images, bias, 0, channels);
    }

    /** The same for channels [c0, c1) only. */
    static void fill(float[] t, int channels, int plane, int firstImage, int images, float[] bias, int c0, int c1) {
        for (int i = 0; i < images; i++) {
            for (int c = c0; c < c1; c++) {
                int at = ((firstImage + i) * channels + c) * plane;
                Arrays.fill(t, at, at + plane, bias == null ? 0f : bias[c]);
            }
        }
    }

    /**
     * sums[c] = sum over images and positions of t[n, c, p]: runs of at most {@link #SUM_BLOCK}
     * values summed in float lanes, the runs added in double, always in the same order.
     */
    static void sumPerChannel(float[] t, int images, int channels, int plane, float[] sums) {
        Parallel.forRange(channels, minChannels(images * plane), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double total = 0;
                for (int n = 0; n < images; n++) {
                    int at = (n * channels + c) * plane;
                    for (int from = 0; from < plane; from += SUM_BLOCK) {
                        total += sum(t, at + from, Math.min(SUM_BLOCK, plane - from));
                    }
                }
                sums[c] = (float) total;
            }
        });
    }

    private static float sum(float[] t, int at, int len) {
        FloatVector acc = FloatVector.zero(Vectors.FLOAT);
        int bound = Vectors.loopBound(len);
        int i = 0;
        for (; i < bound; i += Vectors.LANES) {
            acc = acc.add(FloatVector.fromArray(Vectors.FLOAT, t, at + i));
        }
        float tail = 0f;
        for (; i < len; i++) {
            tail += t[at + i];
        }
        return Vectors.sumLanes(acc) + tail;
    }

    /** dst[dstAt + t] = src[srcAt + t] + value for t < len. */
    private static void addConstant(float[] src, int srcAt, float value, float[] dst, int dstAt, int len) {
        FloatVector v = FloatVector.broadcast(Vectors.FLOAT, value);
        int bound = Vectors.loopBound(len);
        int t = 0;
        for (; t < bound; t += Vectors.LANES) {
            FloatVector.fromArray(Vectors.FLOAT, src, srcAt + t).add(v).intoArray(dst, dstAt + t);
        }
        for (; t < len; t++) {
            dst[dstAt + t] = src[srcAt + t] + value;
        }
    }

    private static int minChannels(int valuesPerChannel) {
        return Math.max(1, MIN_PARALLEL_VALUES / Math.max(1, valuesPerChannel));
    }
}
