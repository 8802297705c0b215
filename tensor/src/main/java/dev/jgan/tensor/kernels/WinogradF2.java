package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three transforms of Winograd's F(2x2, 3x3): a 2x2 output tile from a 4x4 input tile
 * d and a 3x3 kernel g as Y = A^T [(G g G^T) .* (B^T d B)] A, with
 * B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]], G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]],
 * A^T = [[1,1,1,0],[0,1,-1,-1]]. Component ξ = 4 i + j of a transformed tile is entry (i, j).
 *
 * <p>Transformed tiles are stored channel-major as {@code [channels][16][tiles]}, a tile's index
 * {@code t = (tile row - first tile row of the block) * tilesW + tile column} running along each row,
 * so one channel's 16 components lie together.
 * Input and output transforms run over the tiles of a row in vectors, with a scalar tail; both
 * use only additions and subtractions (the weight transform also halves, exactly), so every
 * value is the same whichever of the two computes it.
 */
final class WinogradF2 implements WinogradTransform {
    static final WinogradF2 INSTANCE = new WinogradF2();
    private static final int COMPONENTS = 16;
    private static final VectorSpecies<Float> S = Vectors.FLOAT;
    private static final int L = S.length();

    private WinogradF2() {}

    @Override
    public int tile() {
        return 2;
    }

    @Override
    public int components() {
        return COMPONENTS;
    }

    @Override
    public int temporary() {
        return WinogradKernels.STAGED_TAPS;
    }

    /**
     * u[co - first][ξ][ci] = (G g G^T)[ξ] with g kernel (co, ci) of w, for output channels [co0, co1):
     * per output channel, 16 rows of cIn values.
     */
    @Override
    public void weights(WinogradKernels w, int cIn, int cOut, int co0, int co1, float[] u, int first, float[] temp) {
        for (int co = co0; co < co1; co++) {
            weightsOf(w, cIn, cOut, co, u, (co - first) * COMPONENTS * cIn, temp);
        }
    }

    /** The 16 rows of u at u[dst] for output channel co (one call per channel, so the JIT compiles it early). */
    private static void weightsOf(WinogradKernels w, int cIn, int cOut, int co, float[] u, int dst, float[] temp) {
        int bound = Vectors.loopBound(cIn);
        int ci = 0;
        for (; ci < bound; ci += L) {
            // per column b of g: the rows of G g are g0b, (g0b + g2b + g1b) / 2, (g0b + g2b - g1b) / 2, g2b
            int taps = w.stageTaps(cIn, cOut, co, ci, temp);
            FloatVector g00 = FloatVector.fromArray(S, temp, taps);
            FloatVector g01 = FloatVector.fromArray(S, temp, taps + L);
            FloatVector g02 = FloatVector.fromArray(S, temp, taps + 2 * L);
            FloatVector g10 = FloatVector.fromArray(S, temp, taps + 3 * L);
            FloatVector g11 = FloatVector.fromArray(S, temp, taps + 4 * L);
            FloatVector g12 = FloatVector.fromArray(S, temp, taps + 5 * L);
            FloatVector g20 = FloatVector.fromArray(S, temp, taps + 6 * L);
            FloatVector g21 = FloatVector.fromArray(S, temp, taps + 7 * L);
            FloatVector g22 = FloatVector.fromArray(S, temp, taps + 8 * L);
            // row i of G g is (c0, c1, c2); row i of (G g) G^T is (c0, (c0 + c2 + c1) / 2, (c0 + c2 - c1) / 2, c2)
            int out = dst + ci;
            FloatVector c0, c1, c2;
            c0 = g00;
            c1 = g01;
            c2 = g02;
            c0.intoArray(u, out);
            c0.add(c2).add(c1).mul(0.5f).intoArray(u, out + cIn);
            c0.add(c2).sub(c1).mul(0.5f).intoArray(u, out + 2 * cIn);
            c2.intoArray(u, out + 3 * cIn);
            c0 = g00.add(g20).add(g10).mul(0.5f);
            c1 = g01.add(g21).add(g11).mul(0.5f);
            c2 = g02.add(g22).add(g12).mul(0.5f);
            c0.intoArray(u, out + 4 * cIn);
            c0.add(c2).add(c1).mul(0.5f).intoArray(u, out + 5 * cIn);
            c0.add(c2).sub(c1).mul(0.5f).intoArray(u, out + 6 * cIn);
            c2.intoArray(u, out + 7 * cIn);
            c0 = g00.add(g20).sub(g10).mul(0.5f);
            c1 = g01.add(g21).sub(g11).mul(0.5f);
            c2 = g02.add(g22).sub(g12).mul(0.5f);
            c0.intoArray(u, out + 8 * cIn);
            c0.add(c2).add(c1).mul(0.5f).intoArray(u, out + 9 * cIn);
            c0.add(c2).sub(c1).mul(0.5f).intoArray(u, out + 10 * cIn);
            c2.intoArray(u, out + 11 * cIn);
            c0 = g20;
            c1 = g21;
            c2 = g22;
            c0.intoArray(u, out + 12 * cIn);
            c0.add(c2).add(c1).mul(0.5f).intoArray(u, out + 13 * cIn);
            c0.add(c2).sub(c1).mul(0.5f).intoArray(u, out + 14 * cIn);
            c2.intoArray(u, out + 15 * cIn);
        }
        for (; ci < cIn; ci++) {
            for (int row = 0; row < 4; row++) {
                float c0 = rowOfGg(w, cIn, cOut, co, ci, row, 0);
                float c1 = rowOfGg(w, cIn, cOut, co, ci, row, 1);
                float c2 = rowOfGg(w, cIn, cOut, co, ci, row, 2);
                int out = dst + 4 * row * cIn + ci;
                u[out] = c0;
                u[out + cIn] = (c0 + c2 + c1) * 0.5f;
                u[out + 2 * cIn] = (c0 + c2 - c1) * 0.5f;
                u[out + 3 * cIn] = c2;
            }
        }
    }

    /** Entry (row, col) of G g for kernel (co, ci) of w. */
    private static float rowOfGg(WinogradKernels w, int cIn, int cOut, int co, int ci, int row, int col) {
        return switch (row) {
            case 0 -> w.tap(cIn, cOut, co, ci, col);
            case 1 -> (w.tap(cIn, cOut, co, ci, col) + w.tap(cIn, cOut, co, ci, 6 + col)
                    + w.tap(cIn, cOut, co, ci, 3 + col)) * 0.5f;
            case 2 -> (w.tap(cIn, cOut, co, ci, col) + w.tap(cIn, cOut, co, ci, 6 + col)
                    - w.tap(cIn, cOut, co, ci, 3 + col)) * 0.5f;
            default -> w.tap(cIn, cOut, co, ci, 6 + col);
        };
    }

    @Override
    public void stageRows(float[] x, int plane, int h, int w, int y0, int rows, int padW, float[] staged, int ld) {
        int from = (padW + 1) / 2;
        int to = Math.max(from, Math.min(ld, Math.floorDiv(w + padW - 2, 2) + 1));
        for (int s = 0; s < rows; s++) {
            int y = y0 + s;
            int even = 2 * s * ld;
            int odd = even + ld;
            if (y < 0 || y >= h) {
                Arrays.fill(staged, even, odd + ld, 0f);
                continue;
            }
            int row = plane + y * w;
            int k = 0;
            for (; k < from; k++) {
                staged[even + k] = pixel(x, row, w, 2 * k - padW);
                staged[odd + k] = pixel(x, row, w, 2 * k + 1 - padW);
            }
            for (; k + L <= to; k += L) {
                FloatVector a = FloatVector.fromArray(S, x, row + 2 * k - padW);
                FloatVector b = FloatVector.fromArray(S, x, row + 2 * k - padW + L);
                a.rearrange(WinogradLanes.EVENS, b).intoArray(staged, even + k);
                a.rearrange(WinogradLanes.ODDS, b).intoArray(staged, odd + k);
            }
            for (; k < ld; k++) {
                staged[even + k] = pixel(x, row, w, 2 * k - padW);
                staged[odd + k] = pixel(x, row, w, 2 * k + 1 - padW);
            }
        }
    }

    private static float pixel(float[] x, int row, int w, int col) {
        return col >= 0 && col < w ? x[row + col] : 0f;
    }

    @Override
    public void inputRow(float[] staged, int ld, int s0, int tiles, float[] v, int at, int stride, float[] temp) {
        int r0 = 2 * s0 * ld;
        int r1 = r0 + 2 * ld;
        int r2 = r1 + 2 * ld;
        int r3 = r2 + 2 * ld;
        int bound = Vectors.loopBound(tiles);
        int tw = 0;
        for (; tw < bound; tw += L) {
            // per column of the tile: B^T d, then per row of the result: (B^T d) B
            FloatVector d00 = FloatVector.fromArray(S, staged, r0 + tw);
            FloatVector d01 = FloatVector.fromArray(S, staged, r0 + ld + tw);
            FloatVector d02 = FloatVector.fromArray(S, staged, r0 + tw + 1);
            FloatVector d03 = FloatVector.fromArray(S, staged, r0 + ld + tw + 1);
            FloatVector d10 = FloatVector.fromArray(S, staged, r1 + tw);
            FloatVector d11 = FloatVector.fromArray(S, staged, r1 + ld + tw);
            FloatVector d12 = FloatVector.fromArray(S, staged, r1 + tw + 1);
            FloatVector d13 = FloatVector.fromArray(S, staged, r1 + ld + tw + 1);
            FloatVector d20 = FloatVector.fromArray(S, staged, r2 + tw);
            FloatVector d21 = FloatVector.fromArray(S, staged, r2 + ld + tw);
            FloatVector d22 = FloatVector.fromArray(S, staged, r2 + tw + 1);
            FloatVector d23 = FloatVector.fromArray(S, staged, r2 + ld + tw + 1);
            FloatVector d30 = FloatVector.fromArray(S, staged, r3 + tw);
            FloatVector d31 = FloatVector.fromArray(S, staged, r3 + ld + tw);
            FloatVector d32 = FloatVector.fromArray(S, staged, r3 + tw + 1);
            FloatVector d33 = FloatVector.fromArray(S, staged, r3 + ld + tw + 1);
            // row i of B^T d is (c0, c1, c2, c3); row i of (B^T d) B is (c0 - c2, c1 + c2, c2 - c1, c1 - c3)
            int out = at + tw;
            FloatVector c0, c1, c2, c3;
            c0 = d00.sub(d20);
            c1 = d01.sub(d21);
            c2 = d02.sub(d22);
            c3 = d03.sub(d23);
            c0.sub(c2).intoArray(v, out);
            c1.add(c2).intoArray(v, out + stride);
            c2.sub(c1).intoArray(v, out + 2 * stride);
            c1.sub(c3).intoArray(v, out + 3 * stride);
            c0 = d10.add(d20);
            c1 = d11.add(d21);
            c2 = d12.add(d22);
            c3 = d13.add(d23);
            c0.sub(c2).intoArray(v, out + 4 * stride);
            c1.add(c2).intoArray(v, out + 5 * stride);
            c2.sub(c1).intoArray(v, out + 6 * stride);
            c1.sub(c3).intoArray(v, out + 7 * stride);
            c0 = d20.sub(d10);
            c1 = d21.sub(d11);
            c2 = d22.sub(d12);
            c3 = d23.sub(d13);
            c0.sub(c2).intoArray(v, out + 8 * stride);
            c1.add(c2).intoArray(v, out + 9 * stride);
            c2.sub(c1).intoArray(v, out + 10 * stride);
            c1.sub(c3).intoArray(v, out + 11 * stride);
            c0 = d10.sub(d30);
            c1 = d11.sub(d31);
            c2 = d12.sub(d32);
            c3 = d13.sub(d33);
            c0.sub(c2).intoArray(v, out + 12 * stride);
            c1.add(c2).intoArray(v, out + 13 * stride);
            c2.sub(c1).intoArray(v, out + 14 * stride);
            c1.sub(c3).intoArray(v, out + 15 * stride);
        }
        for (; tw < tiles; tw++) {
            for (int i = 0; i < 4; i++) {
                float c0 = rowOfBtd(staged, i, r0, r1, r2, r3, tw);
                float c1 = rowOfBtd(staged, i, r0, r1, r2, r3, ld + tw);
                float c2 = rowOfBtd(staged, i, r0, r1, r2, r3, tw + 1);
                float c3 = rowOfBtd(staged, i, r0, r1, r2, r3, ld + tw + 1);
                int base = at + tw + 4 * i * stride;
                v[base] = c0 - c2;
                v[base + stride] = c1 + c2;
                v[base + 2 * stride] = c2 - c1;
                v[base + 3 * stride] = c1 - c3;
            }
        }
    }

    /** Entry i of B^T e for the column e of staged rows r0..r3 at offset col: e0 - e2, e1 + e2, e2 - e1, e1 - e3. */
    private static float rowOfBtd(float[] staged, int i, int r0, int r1, int r2, int r3, int col) {
        return switch (i) {
            case 0 -> staged[r0 + col] - staged[r2 + col];
            case 1 -> staged[r1 + col] + staged[r2 + col];
            case 2 -> staged[r2 + col] - staged[r1 + col];
            default -> staged[r1 + col] - staged[r3 + col];
        };
    }

    @Override
    public void outputRow(float[] m, int at, int stride, int tiles, float bias, float[] y, int row, int outW,
                          int rows, float[] temp) {
        boolean bothRows = rows > 1;
        int bound = Vectors.loopBound(Math.min(tiles, outW / 2));
        FloatVector b = FloatVector.broadcast(S, bias);
        int tw = 0;
        for (; tw < bound; tw += L) {
            // per column of the tile: A^T m, rows (0 + 1 + 2) and (1 - 2 - 3)
            int in = at + tw;
            FloatVector m0 = FloatVector.fromArray(S, m, in);
            FloatVector m1 = FloatVector.fromArray(S, m, in + 4 * stride);
            FloatVector m2 = FloatVector.fromArray(S, m, in + 8 * stride);
            FloatVector m3 = FloatVector.fromArray(S, m, in + 12 * stride);
            FloatVector s00 = m0.add(m1).add(m2);
            FloatVector s10 = m1.sub(m2).sub(m3);
            m0 = FloatVector.fromArray(S, m, in + stride);
            m1 = FloatVector.fromArray(S, m, in + 5 * stride);
            m2 = FloatVector.fromArray(S, m, in + 9 * stride);
            m3 = FloatVector.fromArray(S, m, in + 13 * stride);
            FloatVector s01 = m0.add(m1).add(m2);
            FloatVector s11 = m1.sub(m2).sub(m3);
            m0 = FloatVector.fromArray(S, m, in + 2 * stride);
            m1 = FloatVector.fromArray(S, m, in + 6 * stride);
            m2 = FloatVector.fromArray(S, m, in + 10 * stride);
            m3 = FloatVector.fromArray(S, m, in + 14 * stride);
            FloatVector s02 = m0.add(m1).add(m2);
            FloatVector s12 = m1.sub(m2).sub(m3);
            m0 = FloatVector.fromArray(S, m, in + 3 * stride);
            m1 = FloatVector.fromArray(S, m, in + 7 * stride);
            m2 = FloatVector.fromArray(S, m, in + 11 * stride);
            m3 = FloatVector.fromArray(S, m, in + 15 * stride);
            FloatVector s03 = m0.add(m1).add(m2);
            FloatVector s13 = m1.sub(m2).sub(m3);
            // then per row: (A^T m) A, columns (0 + 1 + 2) and (1 - 2 - 3), interleaved into the image row
            FloatVector even = s00.add(s01).add(s02).add(b);
            FloatVector odd = s01.sub(s02).sub(s03).add(b);
            even.rearrange(WinogradLanes.ZIP_LOW, odd).intoArray(y, row + 2 * tw);
            even.rearrange(WinogradLanes.ZIP_HIGH, odd).intoArray(y, row + 2 * tw + L);
            if (bothRows) {
                even = s10.add(s11).add(s12).add(b);
                odd = s11.sub(s12).sub(s13).add(b);
                even.rearrange(WinogradLanes.ZIP_LOW, odd).intoArray(y, row + outW + 2 * tw);
                even.rearrange(WinogradLanes.ZIP_HIGH, odd).intoArray(y, row + outW + 2 * tw + L);
            }
        }
        for (; tw < tiles; tw++) {
            int in = at + tw;
            boolean both = 2 * tw + 1 < outW;
            for (int i = 0; i < (bothRows ? 2 : 1); i++) {
                float c0 = rowOfAtm(m, i, in, stride);
                float c1 = rowOfAtm(m, i, in + stride, stride);
                float c2 = rowOfAtm(m, i, in + 2 * stride, stride);
                float c3 = rowOfAtm(m, i, in + 3 * stride, stride);
                int out = row + i * outW + 2 * tw;
                y[out] = c0 + c1 + c2 + bias;
                if (both) {
                    y[out + 1] = c1 - c2 - c3 + bias;
                }
            }
        }
    }

    /** Entry i of A^T e for the column e = m[at + 4 k stride], k < 4: e0 + e1 + e2, e1 - e2 - e3. */
    private static float rowOfAtm(float[] m, int i, int at, int stride) {
        float e1 = m[at + 4 * stride];
        float e2 = m[at + 8 * stride];
        return i == 0 ? m[at] + e1 + e2 : e1 - e2 - m[at + 12 * stride];
    }
}
