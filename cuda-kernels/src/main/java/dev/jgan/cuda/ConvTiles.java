package dev.jgan.cuda;

/** Which block tiles the convolution passes may run on. */
public enum ConvTiles {
    /** 128 x 128 tiles for a pass whose tiles of that size fill the GPU, 64 x 64 for the rest (the default). */
    AUTOMATIC,
    /** 64 x 64 tiles for every pass: for measuring what the large tiles bring. */
    SMALL
}
