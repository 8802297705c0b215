package dev.jgan.gan.data;

import dev.jgan.tensor.Rng;
import java.util.Arrays;

/**
 * The order in which a training run visits a dataset: epoch after epoch, each a fresh
 * seeded permutation (or the plain order) cut into mini-batches of indices.
 *
 * <p>The whole position (epoch, place within it, generator state at the epoch's start) is
 * saved by {@link #saveState} and restored by {@link #restoreState}, so a resumed run
 * continues with exactly the batches the interrupted run would have drawn.
 * The last batch of an epoch holds the remaining indices when fewer than a full batch are
 * left; with {@code dropLast} those are skipped for that epoch instead.
 */
public final class Batches {
    private static final int STATE_LENGTH = 7;

    private final int count;
    private final int batchSize;
    private final boolean dropLast;
    private final Rng rng;
    private final int[] order;
    private long[] epochStartRng;
    private long epoch;
    private int position;

    private Batches(int count, int batchSize, boolean dropLast, Rng rng) {
        if (count <= 0) {
            throw new IllegalArgumentException("cannot draw batches from an empty dataset");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (dropLast && count < batchSize) {
            throw new IllegalArgumentException("a dataset of " + count + " images is smaller than one batch of "
                    + batchSize + " and the partial last batch is dropped, so no batch would remain");
        }
        this.count = count;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.rng = rng;
        this.order = new int[count];
        startEpoch(0);
    }

    /** Batches over a permutation drawn anew each epoch from a generator seeded with {@code seed}. */
    public static Batches shuffled(int count, int batchSize, boolean dropLast, long seed) {
        return new Batches(count, batchSize, dropLast, new Rng(seed));
    }

    /** Batches over 0, 1, ..., count-1 in order, every epoch (for evaluation). */
    public static Batches sequential(int count, int batchSize, boolean dropLast) {
        return new Batches(count, batchSize, dropLast, null);
    }

    public int count() {
        return count;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches in one epoch, counting a partial last batch unless it is dropped. */
    public int batchesPerEpoch() {
        return dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
    }

    /** The epoch (from 0) of the batch last returned by {@link #next}, or 0 before the first. */
    public long epoch() {
        return epoch;
    }

    /** How many indices of the current epoch have been handed out. */
    public int position() {
        return position;
    }

    /** True when the current epoch has no batch left; the next call to {@link #next} starts a new one. */
    public boolean epochDone() {
        int left = count - position;
        return dropLast ? left < batchSize : left == 0;
    }

    /** The indices of the next batch, moving on to the next epoch when this one is done. */
    public int[] next() {
        if (epochDone()) {
            startEpoch(epoch + 1);
        }
        int size = Math.min(batchSize, count - position);
        int[] batch = Arrays.copyOfRange(order, position, position + size);
        position += size;
        return batch;
    }

    /** {count, batchSize, dropLast, epoch, position, rng state...} for a checkpoint. */
    public long[] saveState() {
        long[] state = new long[STATE_LENGTH];
        state[0] = count;
        state[1] = batchSize;
        state[2] = dropLast ? 1 : 0;
        state[3] = epoch;
        state[4] = position;
        if (epochStartRng != null) {
            state[5] = epochStartRng[0];
            state[6] = epochStartRng[1];
        }
        return state;
    }

    /** Continues from a state saved by a {@code Batches} over the same count and batch size. */
    public void restoreState(long[] state) {
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException("a batch order state has " + STATE_LENGTH + " numbers, found " + state.length);
        }
        if (state[0] != count || state[1] != batchSize || state[2] != (dropLast ? 1 : 0)) {
            throw new IllegalArgumentException("saved batch order is for " + state[0] + " images in batches of "
                    + state[1] + (state[2] == 1 ? " (drop last)" : " (keep last)") + ", this one is for " + count
                    + " images in batches of " + batchSize + (dropLast ? " (drop last)" : " (keep last)"));
        }
        if (state[3] < 0 || state[4] < 0 || state[4] > count) {
            throw new IllegalArgumentException("saved batch order has epoch " + state[3] + " and position " + state[4]
                    + ", outside a dataset of " + count);
        }
        if (rng != null) {
            rng.restoreState(new long[] {state[5], state[6]});
        }
        startEpoch(state[3]);
        position = (int) state[4];
    }

    private void startEpoch(long newEpoch) {
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        if (rng != null) {
            epochStartRng = rng.saveState();
            rng.shuffle(order);
        }
        epoch = newEpoch;
        position = 0;
    }
}
