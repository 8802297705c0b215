package dev.jgan.gan.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgan.tensor.Rng;
import org.junit.jupiter.api.Test;

class FidTest {

    @Test
    void eigenDecompositionReconstructsTheMatrix() {
        Rng rng = new Rng(1);
        int n = 9;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = m[j][i] = rng.nextGaussian();
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(m);
        double[] values = eigen.values();
        double[][] v = eigen.vectors();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += v[i][k] * values[k] * v[j][k];
                }
                assertEquals(m[i][j], sum, 1e-10);
            }
        }
    }

    @Test
    void squareRootSquaresBack() {
        double[][] psd = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}};
        double[][] root = SymmetricEigen.of(psd).sqrtPsd();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += root[i][k] * root[k][j];
                }
                assertEquals(psd[i][j], sum, 1e-12);
            }
        }
    }

    @Test
    void distanceMatchesClosedFormsForDiagonalGaussians() {
        Fid.Gaussian a = new Fid.Gaussian(new double[] {0, 1}, new double[][] {{4, 0}, {0, 9}});
        Fid.Gaussian b = new Fid.Gaussian(new double[] {3, 1}, new double[][] {{1, 0}, {0, 16}});
        // ||mu||^2 = 9; sum (sqrt a - sqrt b)^2 = (2-1)^2 + (3-4)^2 = 2
        assertEquals(11.0, Fid.distance(a, b), 1e-9);
        assertEquals(0.0, Fid.distance(a, a), 1e-9);
    }

    @Test
    void distanceIsInvariantToRotationOfBothFeatureSets() {
        Rng rng = new Rng(4);
        float[][] x = new float[400][3];
        float[][] y = new float[400][3];
        for (int i = 0; i < 400; i++) {
            for (int d = 0; d < 3; d++) {
                x[i][d] = (float) (rng.nextGaussian() * (d + 1));
                y[i][d] = (float) (rng.nextGaussian() + 0.5 * d);
            }
        }
        double base = Fid.distance(Fid.Gaussian.fit(x), Fid.Gaussian.fit(y));
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        float[][] rx = new float[400][];
        float[][] ry = new float[400][];
        for (int i = 0; i < 400; i++) {
            rx[i] = new float[] {(float) (c * x[i][0] - s * x[i][1]), (float) (s * x[i][0] + c * x[i][1]), x[i][2]};
            ry[i] = new float[] {(float) (c * y[i][0] - s * y[i][1]), (float) (s * y[i][0] + c * y[i][1]), y[i][2]};
        }
        assertEquals(base, Fid.distance(Fid.Gaussian.fit(rx), Fid.Gaussian.fit(ry)), 1e-4 * base);
    }
}
