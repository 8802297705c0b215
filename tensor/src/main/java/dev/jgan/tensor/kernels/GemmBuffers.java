package dev.jgan.tensor.kernels;

/** One thread's packing buffers for {@link GemmDriver}, grown on demand and kept between calls. */
final class GemmBuffers {
    float[] a = new float[0];
    float[] b = new float[0];
    float[] edge = new float[0];

    /** Makes the buffers large enough for {@code tile} and the given block sizes; returns this. */
    GemmBuffers reserve(GemmTile tile, int mc, int kc, int nc) {
        int aSize = roundUp(mc, tile.mr) * kc;
        int bSize = roundUp(nc, tile.nr) * kc;
        int edgeSize = tile.mr * tile.nr;
        if (a.length < aSize) {
            a = new float[aSize];
        }
        if (b.length < bSize) {
            b = new float[bSize];
        }
        if (edge.length < edgeSize) {
            edge = new float[edgeSize];
        }
        return this;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
