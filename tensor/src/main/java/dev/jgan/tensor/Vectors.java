package dev.jgan.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape every kernel uses: the machine's preferred float species, or the
 * width forced by the system property {@code jgan.vector.bits} (64, 128, 256 or 512),
 * so tests can exercise narrow vectors and their scalar tails on any machine.
 */
public final class Vectors {
    public static final VectorSpecies<Float> FLOAT = chooseSpecies();
    public static final int LANES = FLOAT.length();

    private Vectors() {}

    private static VectorSpecies<Float> chooseSpecies() {
        String property = System.getProperty("jgan.vector.bits");
        if (property == null || property.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (property.trim()) {
            case "64" -> FloatVector.SPECIES_64;
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "jgan.vector.bits must be 64, 128, 256 or 512, got '" + property + "'");
        };
    }

    /** Largest multiple of the vector length not above {@code n}: where the scalar tail starts. */
    public static int loopBound(int n) {
        return FLOAT.loopBound(n);
    }

    /**
     * The sum of {@code v}'s lanes added in lane order. Unlike {@code reduceLanes(ADD)}, whose
     * order differs between interpreted and JIT-compiled code, this gives the same bits
     * whichever tier runs it, so results do not change as a run warms up.
     */
    public static float sumLanes(FloatVector v) {
        float sum = 0f;
        for (int i = 0; i < v.length(); i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    /** One line for logs: which vector width and thread count the kernels run with. */
    public static String describe() {
        return "Vector API " + FLOAT.vectorBitSize() + "-bit (" + LANES + " floats), "
                + Parallel.threads() + " thread(s)";
    }
}
