package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Parallel;

/**
 * How a convolution pass walks the columns of its lowered matrix (one column per output
 * position of every image, image-major) in groups small enough for a bounded scratch:
 * a large image is cut into several pieces; small images are folded several to a group
 * so each GEMM still has a wide N dimension.
 *
 * <p>Work is split between threads in blocks: a block is one piece, or (for passes that
 * scatter-add into their input and must not share an image between threads) one image.
 */
final class ConvPlan {
    /** Floats of scratch (column matrix plus staging) one group may use. */
    static final int COLUMN_BUDGET = Integer.getInteger("jgan.conv.budget", 1 << 19);
    /** Columns a group of folded small images aims for. */
    static final int FOLD_COLUMNS = Integer.getInteger("jgan.conv.fold", 512);
    /**
     * Narrowest group, whatever the budget says: each group's GEMM repacks the whole weight
     * (or reads and writes the whole weight gradient), so with large weights narrow groups
     * spend more time on that than on multiplying.
     */
    private static final int MIN_COLUMNS = 512;
    /** Below this many flops per thread, splitting the outer loop costs more than it saves. */
    private static final long MIN_PART_FLOPS = 1L << 22;

    /** A group of lowered columns [first, first + count), all in one image or whole images. */
    @FunctionalInterface
    interface GroupBody {
        void run(int first, int count);
    }

    final int images;
    final int plane;
    final int piecesPerImage;
    final int imagesPerGroup;

    private ConvPlan(int images, int plane, int piecesPerImage, int imagesPerGroup) {
        this.images = images;
        this.plane = plane;
        this.piecesPerImage = piecesPerImage;
        this.imagesPerGroup = imagesPerGroup;
    }

    /**
     * A plan for {@code images} images of {@code plane} columns, each column needing
     * {@code rowsPerColumn} floats of scratch. Small images are folded only until a group
     * reaches {@link #FOLD_COLUMNS} columns: wider groups gain nothing in the GEMM and push
     * their staging copies out of cache.
     */
    static ConvPlan of(int images, int plane, int rowsPerColumn) {
        int maxColumns = Math.max(MIN_COLUMNS, COLUMN_BUDGET / Math.max(1, rowsPerColumn));
        if (plane > maxColumns) {
            int pieces = (plane + maxColumns - 1) / maxColumns;
            int threads = Parallel.threads();
            if (images % threads != 0) {
                // a multiple of the thread count, so the pieces split evenly between threads
                pieces = Math.min(plane, (pieces + threads - 1) / threads * threads);
            }
            return new ConvPlan(images, plane, pieces, 1);
        }
        int folded = Math.min(maxColumns / Math.max(1, plane), (FOLD_COLUMNS + plane - 1) / Math.max(1, plane));
        return new ConvPlan(images, plane, 1, Math.max(1, Math.min(images, folded)));
    }

    /** The widest group this plan produces. */
    int maxColumns() {
        return piecesPerImage > 1 ? (plane + piecesPerImage - 1) / piecesPerImage : imagesPerGroup * plane;
    }

    private int pieceStart(int piece) {
        return (int) ((long) plane * piece / piecesPerImage);
    }

    int blocks(boolean wholeImages) {
        return wholeImages ? images : images * piecesPerImage;
    }

    /**
     * How many parts to split {@code blocks} blocks of {@code flopsPerBlock} into for the
     * outer parallel loop; 1 means run the groups in order and parallelise inside each one.
     * Splits only when the parts come out even enough.
     */
    static int parts(int blocks, long flopsPerBlock) {
        long minBlocks = Math.max(1, (MIN_PART_FLOPS + flopsPerBlock - 1) / Math.max(1, flopsPerBlock));
        int parts = Parallel.chunkCount(blocks, (int) Math.min(Integer.MAX_VALUE, minBlocks));
        return parts > 1 && (blocks % parts == 0 || blocks >= 4 * parts) ? parts : 1;
    }

    /** How many parts to split a pass over g's images into for the outer parallel loop ({@link #parts}, whole images as blocks). */
    static int imageParts(ConvGeometry g) {
        return parts(g.images(), 2 * g.macs() / g.images());
    }

    /** Blocks [from, to) of one part of an outer parallel loop. */
    @FunctionalInterface
    interface PartBody {
        void run(int part, int from, int to);
    }

    /**
     * Runs {@code body} on each of {@code parts} even runs of {@code blocks} blocks, the parts
     * in parallel; part p always gets the same blocks, so per-part results are deterministic.
     */
    static void forEachPart(int blocks, int parts, PartBody body) {
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int part = p0; part < p1; part++) {
                body.run(part, Parallel.chunkStart(blocks, parts, part), Parallel.chunkStart(blocks, parts, part + 1));
            }
        });
    }

    /** Fewest units of {@code flopsPerUnit} worth one thread's share of an outer parallel loop. */
    static int minUnits(long flopsPerUnit) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                (MIN_PART_FLOPS + flopsPerUnit - 1) / Math.max(1, flopsPerUnit)));
    }

    /** Runs {@code body} over the groups of blocks [from, to), in column order. */
    void forEachGroup(int from, int to, boolean wholeImages, GroupBody body) {
        int unitFrom = wholeImages ? from * piecesPerImage : from;
        int unitTo = wholeImages ? to * piecesPerImage : to;
        if (piecesPerImage == 1) {
            for (int image = unitFrom; image < unitTo; image += imagesPerGroup) {
                body.run(image * plane, Math.min(imagesPerGroup, unitTo - image) * plane);
            }
            return;
        }
        for (int unit = unitFrom; unit < unitTo; unit++) {
            int image = unit / piecesPerImage;
            int piece = unit - image * piecesPerImage;
            int start = pieceStart(piece);
            body.run(image * plane + start, pieceStart(piece + 1) - start);
        }
    }
}
