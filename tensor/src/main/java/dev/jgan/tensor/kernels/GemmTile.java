package dev.jgan.tensor.kernels;

import dev.jgan.tensor.Vectors;
import jdk.incubator.vector.FloatVector;

/**
 * The register tile shapes of the GEMM micro-kernels: MR rows of C by NV vectors
 * ({@code NR = NV * Vectors.LANES} columns).
 */
enum GemmTile {
    R4V2(4, 2),
    R3V3(3, 3),
    R6V3(6, 3),
    R8V2(8, 2),
    R12V2(12, 2),
    R6V4(6, 4),
    R8V3(8, 3),
    R14V2(14, 2);

    /** Rows of C per tile. */
    final int mr;
    /** Vectors of C per tile row. */
    final int nv;
    /** Columns of C per tile. */
    final int nr;

    GemmTile(int mr, int nv) {
        this.mr = mr;
        this.nv = nv;
        this.nr = nv * Vectors.LANES;
    }

    /** The tile this machine uses by default. */
    static final GemmTile DEFAULT = choose();

    private static GemmTile choose() {
        String forced = System.getProperty("jgan.gemm.tile");
        if (forced != null && !forced.isBlank()) {
            return valueOf(forced.trim());
        }
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? R8V2 : R4V2;
    }

    /** C[tile] = Apanel * Bpanel over kc packed steps, or C[tile] += that when accumulating. */
    void run(int kc, float[] a, int aOff, float[] b, int bOff, boolean accumulate, float[] c, int cOff, int ldc) {
        switch (this) {
            case R4V2 -> GemmKernels.kernel4x2(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R3V3 -> GemmKernels.kernel3x3(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R6V3 -> GemmKernels.kernel6x3(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R8V2 -> GemmKernels.kernel8x2(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R12V2 -> GemmKernels.kernel12x2(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R6V4 -> GemmKernels.kernel6x4(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R8V3 -> GemmKernels.kernel8x3(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
            case R14V2 -> GemmKernels.kernel14x2(kc, a, aOff, b, bOff, accumulate, c, cOff, ldc);
        }
    }
}
