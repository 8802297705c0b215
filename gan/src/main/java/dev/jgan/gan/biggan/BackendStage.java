package dev.jgan.gan.biggan;

/** One entry of the generator's layer list on a backend, as {@link Stage} on the CPU. */
interface BackendStage<T> {
    /** Uploads the batch-norm statistics the truncation selects (nothing for a stage without any). */
    default void select(TruncationStats stats) {}

    /**
     * The stage's output for x [N, C, H, W] and cond [N, cond_dim], in a tensor taken from ws (never x);
     * x is left unchanged and every other tensor the stage takes is given back.
     */
    T forward(T x, T cond, BackendWorkspace<T> ws);
}
