package dev.jgan.gan.biggan;

/** One term of a class vector: a class index and its weight. */
public record ClassWeight(int index, double weight) {}
