package dev.jgan.gan.dcgan;

import dev.jgan.tensor.Rng;

/**
 * The independent random streams of a run, all derived from its one seed: weight
 * initialisation, the order of the data, the z of each step, and the fixed z of the
 * sample grids (which must not move the training streams).
 */
record SeedPlan(long weights, long dataOrder, long noise, long fixedSamples) {
    static SeedPlan of(long seed) {
        Rng rng = new Rng(seed);
        return new SeedPlan(rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong());
    }
}
