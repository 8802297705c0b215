package dev.jgan.cuda;

/**
 * Grid and block sizes for the kernels, mirroring the tile constants of the CUDA sources
 * (conv2d_fp32.cu, conv2d_tf32.cu, conv2d_narrow.cu, gemm.cu, gemm_tf32.cu, elementwise.cu,
 * norm_relu.cu). Pure arithmetic, no GPU needed.
 */
final class LaunchGeometry {
    /** Rows (over M) of C computed by one convolution or GEMM block, both precisions. */
    static final int TILE_M = 64;
    /** Columns (over N) of C computed by one convolution block. */
    static final int TILE_N = 64;
    /** Depth of one reduction slice staged in shared memory. */
    static final int TILE_K = 16;
    /** Rows and columns of C computed by one block of the large convolution tiles (conv2d_*_large.cu). */
    static final int LARGE_TILE = 128;
    static final int FP32_CONV_THREADS = 256;
    static final int FP32_LARGE_CONV_THREADS = 256;
    static final int TF32_CONV_THREADS = 128;
    static final int TF32_LARGE_CONV_THREADS = 256;
    /** The narrow convolution kernels' block: one output column (pixel) per thread. */
    static final int NARROW_CONV_THREADS = 256;
    /** The most GEMM rows (channels) the narrow convolution kernels take. */
    static final int NARROW_CONV_ROWS = 4;
    /** The dense GEMM's block: the float32 convolution's tiling, 4 x 4 outputs per thread. */
    static final int GEMM_THREADS = 256;
    /** The TF32 GEMM's block: the TF32 convolution's 4 warps of 2 x 2 WMMA tiles. */
    static final int TF32_GEMM_THREADS = 128;
    static final int ELEMENTWISE_THREADS = 256;
    /** Grid-stride kernels never need more blocks than this to fill a GPU. */
    static final int MAX_ELEMENTWISE_BLOCKS = 4096;
    static final int MAX_GRID_X = Integer.MAX_VALUE;
    static final int MAX_GRID_YZ = 65535;
    /**
     * The multiprocessor count the convolution passes are planned for (split-K, block per pixel) on every
     * GPU, that of an H100 or H200: a plan, and so the order of every sum, depends on the shape alone, and a
     * pass gives the same bits on any GPU (a smaller one runs more splits than it needs).
     */
    static final int PLAN_MULTIPROCESSORS = 132;
    /** A narrow pass gives each column a block only when its reduction is at least this long. */
    static final int NARROW_DEEP_MIN_K = 256;
    /** Split-K aims for this many blocks per multiprocessor. */
    static final int BLOCKS_PER_MULTIPROCESSOR = 2;
    /** A split reduces at least this many k, so the partial sums are worth their extra pass. */
    static final int MIN_SPLIT_K = 256;

    private LaunchGeometry() {}

    /** A launch grid. */
    record Grid(int x, int y, int z) {
        Grid {
            if (x < 1 || x > MAX_GRID_X || y < 1 || y > MAX_GRID_YZ || z < 1 || z > MAX_GRID_YZ) {
                throw new IllegalArgumentException("grid (" + x + ", " + y + ", " + z + ") outside the CUDA limits");
            }
        }

        long blocks() {
            return (long) x * y * z;
        }
    }

    /** C[M][N] = sum over K of A[M][K] B[K][N]. */
    record GemmSize(int m, int n, int k) {
        GemmSize {
            if (m < 1 || n < 1 || k < 1) {
                throw new IllegalArgumentException("empty GEMM " + m + " x " + n + " x " + k);
            }
        }
    }

    /** The reduction cut into {@code splits} ranges of {@code chunk} k (the last may be shorter). */
    record SplitK(int splits, int chunk) {}

    /** Blocks x over N tiles, y over M tiles of a side of {@code tile}, z over reduction splits (and phases). */
    static Grid convGrid(GemmSize gemm, int tile, int z) {
        return new Grid(ceilDiv(gemm.n(), tile), ceilDiv(gemm.m(), tile), z);
    }

    /**
     * Whether a pass of {@code groups} GEMMs of this size runs on the large tiles: when its
     * {@link #LARGE_TILE}-sided tiles alone give every multiprocessor a block, and M and N both exceed the small
     * tile (a GEMM that one small tile spans in M or N would idle half of each large one).
     */
    static boolean largeTiles(GemmSize gemm, int groups, int multiprocessors) {
        long tiles = (long) ceilDiv(gemm.n(), LARGE_TILE) * ceilDiv(gemm.m(), LARGE_TILE) * groups;
        return gemm.m() > TILE_M && gemm.n() > TILE_N && tiles >= multiprocessors;
    }

    /** Whether a convolution pass with this GEMM runs on the narrow kernels (few rows: 64-row tiles would idle). */
    static boolean narrow(GemmSize gemm) {
        return gemm.m() <= NARROW_CONV_ROWS;
    }

    /** Blocks x over the columns of a narrow convolution pass, one per thread. */
    static Grid narrowGrid(GemmSize gemm) {
        return new Grid(ceilDiv(gemm.n(), NARROW_CONV_THREADS), 1, 1);
    }

    /**
     * Whether a narrow pass should give each column a block rather than a thread: when a thread per
     * column would fill less than a quarter of a block per multiprocessor while its threads each walk
     * a reduction of at least {@link #NARROW_DEEP_MIN_K} (a discriminator's last layer: one column
     * per image, K = channels x taps), a lone thread's latency would set the time.
     */
    static boolean narrowDeep(GemmSize gemm, int multiprocessors) {
        return (long) gemm.n() * 4 < (long) NARROW_CONV_THREADS * multiprocessors && gemm.k() >= NARROW_DEEP_MIN_K;
    }

    /** Blocks x over N tiles, y over M tiles, z over the items of a batched product. */
    static Grid gemmGrid(int m, int n, int batch) {
        return new Grid(ceilDiv(n, TILE_N), ceilDiv(m, TILE_M), batch);
    }

    /**
     * How to split the reduction of a convolution pass with few output tiles and a long K (a weight
     * gradient, a deep layer at batch 1) so that about {@link #BLOCKS_PER_MULTIPROCESSOR} blocks per multiprocessor run:
     * chunks are whole TILE_K slices and at least MIN_SPLIT_K long, and no split is empty. The pass is
     * {@code groups} GEMMs of this size in one launch (the phases of an input gradient by phases, else 1) in
     * tiles of side {@code tile}; the grid's z runs over groups times splits.
     */
    static SplitK splitK(GemmSize gemm, int tile, int groups, int multiprocessors) {
        long tiles = (long) ceilDiv(gemm.n(), tile) * ceilDiv(gemm.m(), tile) * groups;
        long wanted = Math.max(1, (long) BLOCKS_PER_MULTIPROCESSOR * multiprocessors / tiles);
        long affordable = Math.max(1, gemm.k() / MIN_SPLIT_K);
        int splits = (int) Math.min(Math.min(wanted, affordable), MAX_GRID_YZ / groups);
        int chunk = roundUp(ceilDiv(gemm.k(), splits), TILE_K);
        return new SplitK(ceilDiv(gemm.k(), chunk), chunk);
    }

    /** Blocks for a grid-stride kernel over {@code n} elements. */
    static Grid elementwiseGrid(int n) {
        return new Grid(Math.max(1, Math.min(ceilDiv(n, ELEMENTWISE_THREADS), MAX_ELEMENTWISE_BLOCKS)), 1, 1);
    }

    /**
     * Blocks for a per-plane kernel (norm_relu.cu): x over the {@code planes}, y over chunks of
     * ELEMENTWISE_THREADS values of one plane, enough for one value per thread.
     */
    static Grid planeGrid(int planes, int plane) {
        return new Grid(planes, Math.max(1, Math.min(ceilDiv(plane, ELEMENTWISE_THREADS), MAX_GRID_YZ)), 1);
    }

    static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
