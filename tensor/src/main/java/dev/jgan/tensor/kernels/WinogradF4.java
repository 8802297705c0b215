package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's F(4x4, 3x3) (interpolation points 0, ±1, ±2, ∞): a 4x4 output
 * tile from a 6x6 input tile, 4x fewer multiply-adds than the direct convolution, with
 * B^T = [[4,0,-5,0,1,0],[0,-4,-4,1,1,0],[0,4,-4,-1,1,0],[0,-2,-1,2,1,0],[0,2,-1,-2,1,0],[0,4,0,-5,0,1]],
 * G = [[1/4,0,0],[-1/6,-1/6,-1/6],[-1/6,1/6,-1/6],[1/24,1/12,1/6],[1/24,-1/12,1/6],[0,0,1]],
 * A^T = [[1,1,1,1,1,0],[0,1,-1,2,-2,0],[0,1,1,4,4,0],[0,1,-1,8,-8,1]]; component ξ = 6 i + j.
 *
 * <p>Each 2-D transform is the 1-D one down the columns of a tile, the results parked in a small
 * temporary area, then along its rows. Tiles go through in vectors with a scalar tail that
 * performs the same operations in the same order (no fused multiply-adds), so every value is
 * the same whichever of the two computes it.
 */
final class WinogradF4 implements WinogradTransform {
    static final WinogradF4 INSTANCE = new WinogradF4();
    private static final int COMPONENTS = 36;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();
    /** Where G g starts in the weight transform's temp, in vectors: past the staged taps. */
    private static final int GG = 16;

    private WinogradF4() {}

    @Override
    public int tile() {
        return 4;
    }

    @Override
    public int components() {
        return COMPONENTS;
    }

    @Override
    public int temporary() {
        return (COMPONENTS + 16) * L;
    }

    @Override
    public void weights(WinogradKernels w, int cIn, int cOut, int co0, int co1, float[] u, int first, float[] temp) {
        for (int co = co0; co < co1; co++) {
            weightsOf(w, cIn, cOut, co, u, (co - first) * COMPONENTS * cIn, temp);
        }
    }

    /**
     * The 36 rows of u at u[dst] for output channel co (one call per channel, so the JIT compiles it
     * early). Vectors of L input channels: their 9 taps are staged in temp ({@link WinogradKernels#stageTaps},
     * within the first 16 L), G g goes to temp[(16 + 3 i + b) L], then (G g) G^T to u.
     */
    private static void weightsOf(WinogradKernels w, int cIn, int cOut, int co, float[] u, int dst, float[] temp) {
        int bound = Vectors.loopBound(cIn);
        int ci = 0;
        for (; ci < bound; ci += L) {
            int taps = w.stageTaps(cIn, cOut, co, ci, temp);
            for (int b = 0; b < 3; b++) {
                weightColumn(temp, taps + b * L, 3 * L, temp, (GG + b) * L, 3 * L);
            }
            for (int i = 0; i < 6; i++) {
                weightColumn(temp, (GG + 3 * i) * L, L, u, dst + 6 * i * cIn + ci, cIn);
            }
        }
        for (; ci < cIn; ci++) {
            for (int b = 0; b < 3; b++) {
                weightColumn(w.tap(cIn, cOut, co, ci, b), w.tap(cIn, cOut, co, ci, 3 + b),
                        w.tap(cIn, cOut, co, ci, 6 + b), temp, b, 3);
            }
            for (int i = 0; i < 6; i++) {
                weightColumn(temp[3 * i], temp[3 * i + 1], temp[3 * i + 2], u, dst + 6 * i * cIn + ci, cIn);
            }
        }
    }

    /**
     * G (g0, g1, g2) = (g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, (g0 ± 2 g1 + 4 g2) / 24, g2)
     * for L lanes: g_k read from in[at + k step], outputs written stride apart.
     */
    private static void weightColumn(float[] in, int at, int step, float[] out, int outAt, int stride) {
        FloatVector g0 = FloatVector.fromArray(S, in, at);
        FloatVector g1 = FloatVector.fromArray(S, in, at + step);
        FloatVector g2 = FloatVector.fromArray(S, in, at + 2 * step);
        FloatVector outer = g0.add(g2);
        FloatVector far = g0.add(g2.mul(4f));
        FloatVector twice = g1.mul(2f);
        g0.mul(0.25f).intoArray(out, outAt);
        outer.add(g1).mul(-1f / 6).intoArray(out, outAt + stride);
        outer.sub(g1).mul(-1f / 6).intoArray(out, outAt + 2 * stride);
        far.add(twice).mul(1f / 24).intoArray(out, outAt + 3 * stride);
        far.sub(twice).mul(1f / 24).intoArray(out, outAt + 4 * stride);
        g2.intoArray(out, outAt + 5 * stride);
    }

    private static void weightColumn(float g0, float g1, float g2, float[] out, int at, int stride) {
        float outer = g0 + g2;
        float far = g0 + g2 * 4f;
        float twice = g1 * 2f;
        out[at] = g0 * 0.25f;
        out[at + stride] = (outer + g1) * (-1f / 6);
        out[at + 2 * stride] = (outer - g1) * (-1f / 6);
        out[at + 3 * stride] = (far + twice) * (1f / 24);
        out[at + 4 * stride] = (far - twice) * (1f / 24);
        out[at + 5 * stride] = g2;
    }

    @Override
    public void stageRows(float[] x, int plane, int h, int w, int y0, int rows, int padW, float[] staged, int ld) {
        int from = (padW + 3) / 4;
        int to = Math.max(from, Math.min(ld, Math.floorDiv(w + padW - 4, 4) + 1));
        for (int s = 0; s < rows; s++) {
            int y = y0 + s;
            int base = 4 * s * ld;
            if (y < 0 || y >= h) {
                Arrays.fill(staged, base, base + 4 * ld, 0f);
                continue;
            }
            int row = plane + y * w;
            int k = 0;
            for (; k < from; k++) {
                stagePixels(x, row, w, padW, staged, base, ld, k);
            }
            for (; k + L <= to; k += L) {
                int at = row + 4 * k - padW;
                FloatVector a = FloatVector.fromArray(S, x, at);
                FloatVector b = FloatVector.fromArray(S, x, at + L);
                FloatVector c = FloatVector.fromArray(S, x, at + 2 * L);
                FloatVector d = FloatVector.fromArray(S, x, at + 3 * L);
                FloatVector evens0 = a.rearrange(WinogradLanes.EVENS, b);
                FloatVector evens1 = c.rearrange(WinogradLanes.EVENS, d);
                FloatVector odds0 = a.rearrange(WinogradLanes.ODDS, b);
                FloatVector odds1 = c.rearrange(WinogradLanes.ODDS, d);
                evens0.rearrange(WinogradLanes.EVENS, evens1).intoArray(staged, base + k);
                odds0.rearrange(WinogradLanes.EVENS, odds1).intoArray(staged, base + ld + k);
                evens0.rearrange(WinogradLanes.ODDS, evens1).intoArray(staged, base + 2 * ld + k);
                odds0.rearrange(WinogradLanes.ODDS, odds1).intoArray(staged, base + 3 * ld + k);
            }
            for (; k < ld; k++) {
                stagePixels(x, row, w, padW, staged, base, ld, k);
            }
        }
    }

    /** The four phases of index k of one staged row, zero outside the image. */
    private static void stagePixels(float[] x, int row, int w, int padW, float[] staged, int base, int ld, int k) {
        for (int q = 0; q < 4; q++) {
            int col = 4 * k + q - padW;
            staged[base + q * ld + k] = col >= 0 && col < w ? x[row + col] : 0f;
        }
    }

    @Override
    public void inputRow(float[] staged, int ld, int s0, int tiles, float[] v, int at, int stride, float[] temp) {
        int bound = Vectors.loopBound(tiles);
        int tw = 0;
        for (; tw < bound; tw += L) {
            // B^T d: column b of the tile (phase b % 4, index tw + b / 4) gives column b of the result
            for (int b = 0; b < 6; b++) {
                inputColumn(staged, (4 * s0 + b % 4) * ld + tw + b / 4, 4 * ld, temp, b * L, 6 * L);
            }
            // (B^T d) B: row i gives components 6 i .. 6 i + 5
            for (int i = 0; i < 6; i++) {
                inputColumn(temp, 6 * i * L, L, v, at + 6 * i * stride + tw, stride);
            }
        }
        for (; tw < tiles; tw++) {
            for (int b = 0; b < 6; b++) {
                int col = (4 * s0 + b % 4) * ld + tw + b / 4;
                inputColumn(staged[col], staged[col + 4 * ld], staged[col + 8 * ld], staged[col + 12 * ld],
                        staged[col + 16 * ld], staged[col + 20 * ld], temp, b, 6);
            }
            for (int i = 0; i < 6; i++) {
                int row = 6 * i;
                inputColumn(temp[row], temp[row + 1], temp[row + 2], temp[row + 3], temp[row + 4], temp[row + 5],
                        v, at + 6 * i * stride + tw, stride);
            }
        }
    }

    /** B^T (d0 .. d5) for L lanes: d_k read from in[at + k step], outputs written stride apart. */
    private static void inputColumn(float[] in, int at, int step, float[] out, int outAt, int stride) {
        FloatVector d0 = FloatVector.fromArray(S, in, at);
        FloatVector d1 = FloatVector.fromArray(S, in, at + step);
        FloatVector d2 = FloatVector.fromArray(S, in, at + 2 * step);
        FloatVector d3 = FloatVector.fromArray(S, in, at + 3 * step);
        FloatVector d4 = FloatVector.fromArray(S, in, at + 4 * step);
        FloatVector d5 = FloatVector.fromArray(S, in, at + 5 * step);
        FloatVector d4MinusD2 = d4.sub(d2);
        FloatVector twiceD3MinusD1 = d3.sub(d1).mul(2f);
        d0.mul(4f).sub(d2.mul(5f)).add(d4).intoArray(out, outAt);
        d4.add(d3).sub(d1.add(d2).mul(4f)).intoArray(out, outAt + stride);
        d4.sub(d3).add(d1.sub(d2).mul(4f)).intoArray(out, outAt + 2 * stride);
        d4MinusD2.add(twiceD3MinusD1).intoArray(out, outAt + 3 * stride);
        d4MinusD2.sub(twiceD3MinusD1).intoArray(out, outAt + 4 * stride);
        d1.mul(4f).sub(d3.mul(5f)).add(d5).intoArray(out, outAt + 5 * stride);
    }

    private static void inputColumn(float d0, float d1, float d2, float d3, float d4, float d5,
                                    float[] out, int at, int stride) {
        float d4MinusD2 = d4 - d2;
        float twiceD3MinusD1 = (d3 - d1) * 2f;
        out[at] = d0 * 4f - d2 * 5f + d4;
        out[at + stride] = d4 + d3 - (d1 + d2) * 4f;
        out[at + 2 * stride] = d4 - d3 + (d1 - d2) * 4f;
        out[at + 3 * stride] = d4MinusD2 + twiceD3MinusD1;
        out[at + 4 * stride] = d4MinusD2 - twiceD3MinusD1;
        out[at + 5 * stride] = d1 * 4f - d3 * 5f + d5;
    }

    @Override
    public void outputRow(float[] m, int at, int stride, int tiles, float bias, float[] y, int row, int outW, int rows,
                          float[] temp) {
        int bound = Vectors.loopBound(Math.min(tiles, outW / 4));
        int tw = 0;
        for (; tw < bound; tw += L) {
            // A^T m: column j of the products gives column j of the 4 x 6 result, parked at temp[(6 i + j) L]
            for (int j = 0; j < 6; j++) {
                outputColumn(m, at + j * stride + tw, 6 * stride, temp, j * L, 6 * L);
            }
            // (A^T m) A: row i gives output row i's four columns, parked at temp[(24 + 4 i + j) L], then interleaved
            for (int i = 0; i < rows; i++) {
                outputColumn(temp, 6 * i * L, L, temp, (24 + 4 * i) * L, L);
                interleave(temp, (24 + 4 * i) * L, bias, y, row + i * outW + 4 * tw);
            }
        }
        for (; tw < tiles; tw++) {
            for (int j = 0; j < 6; j++) {
                int in = at + j * stride + tw;
                outputColumn(m[in], m[in + 6 * stride], m[in + 12 * stride], m[in + 18 * stride],
                        m[in + 24 * stride], m[in + 30 * stride], temp, j, 6);
            }
            int columns = Math.min(4, outW - 4 * tw);
            for (int i = 0; i < rows; i++) {
                int src = 6 * i;
                outputColumn(temp[src], temp[src + 1], temp[src + 2], temp[src + 3], temp[src + 4], temp[src + 5],
                        temp, 24, 1);
                int out = row + i * outW + 4 * tw;
                for (int j = 0; j < columns; j++) {
                    y[out + j] = temp[24 + j] + bias;
                }
            }
        }
    }

    /**
     * A^T (m0 .. m5) = (m0 + (m1 + m2) + (m3 + m4), (m1 - m2) + 2 (m3 - m4), (m1 + m2) + 4 (m3 + m4),
     * (m1 - m2) + 8 (m3 - m4) + m5) for L lanes: m_k read from in[at + k step], outputs written stride apart.
     */
    private static void outputColumn(float[] in, int at, int step, float[] out, int outAt, int stride) {
        FloatVector m0 = FloatVector.fromArray(S, in, at);
        FloatVector m1 = FloatVector.fromArray(S, in, at + step);
        FloatVector m2 = FloatVector.fromArray(S, in, at + 2 * step);
        FloatVector m3 = FloatVector.fromArray(S, in, at + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, in, at + 4 * step);
        FloatVector m5 = FloatVector.fromArray(S, in, at + 5 * step);
        FloatVector sum12 = m1.add(m2);
        FloatVector diff12 = m1.sub(m2);
        FloatVector sum34 = m3.add(m4);
        FloatVector diff34 = m3.sub(m4);
        m0.add(sum12).add(sum34).intoArray(out, outAt);
        diff12.add(diff34.mul(2f)).intoArray(out, outAt + stride);
        sum12.add(sum34.mul(4f)).intoArray(out, outAt + 2 * stride);
        diff12.add(diff34.mul(8f)).add(m5).intoArray(out, outAt + 3 * stride);
    }

    /** Output columns 0..3 of L tiles, at in[at + j L], plus bias, written interleaved (4 L values) at y[out]. */
    private static void interleave(float[] in, int at, float bias, float[] y, int out) {
        FloatVector b = FloatVector.broadcast(S, bias);
        FloatVector y0 = FloatVector.fromArray(S, in, at).add(b);
        FloatVector y1 = FloatVector.fromArray(S, in, at + L).add(b);
        FloatVector y2 = FloatVector.fromArray(S, in, at + 2 * L).add(b);
        FloatVector y3 = FloatVector.fromArray(S, in, at + 3 * L).add(b);
        FloatVector low02 = y0.rearrange(WinogradLanes.ZIP_LOW, y2);
        FloatVector high02 = y0.rearrange(WinogradLanes.ZIP_HIGH, y2);
        FloatVector low13 = y1.rearrange(WinogradLanes.ZIP_LOW, y3);
        FloatVector high13 = y1.rearrange(WinogradLanes.ZIP_HIGH, y3);
        low02.rearrange(WinogradLanes.ZIP_LOW, low13).intoArray(y, out);
        low02.rearrange(WinogradLanes.ZIP_HIGH, low13).intoArray(y, out + L);
        high02.rearrange(WinogradLanes.ZIP_LOW, high13).intoArray(y, out + 2 * L);
        high02.rearrange(WinogradLanes.ZIP_HIGH, high13).intoArray(y, out + 3 * L);
    }

    private static void outputColumn(float m0, float m1, float m2, float m3, float m4, float m5,
                                     float[] out, int at, int stride) {
        float sum12 = m1 + m2;
        float diff12 = m1 - m2;
        float sum34 = m3 + m4;
        float diff34 = m3 - m4;
        out[at] = m0 + sum12 + sum34;
        out[at + stride] = diff12 + diff34 * 2f;
        out[at + 2 * stride] = sum12 + sum34 * 4f;
        out[at + 3 * stride] = diff12 + diff34 * 8f + m5;
    }
}
