package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Key;
import org.junit.jupiter.api.Test;

/** The surrogate of Bayesian optimization against closed forms and direct computations. */
class GaussianProcessTest {

    @Test
    void choleskyFactorsAPositiveDefiniteMatrixAndRejectsOthers() {
        Key.Stream s = Key.of(1).stream();
        int n = 6;
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = s.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += b[i][k] * b[j][k];
                }
                a[i][j] += i == j ? 0.1 : 0;
            }
        }
        double[][] l = GaussianProcess.cholesky(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double llt = 0;
                for (int k = 0; k < n; k++) {
                    llt += l[i][k] * l[j][k];
                }
                assertEquals(a[i][j], llt, 1e-12);
                if (j > i) {
                    assertEquals(0.0, l[i][j]);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.cholesky(new double[][] {{1, 2}, {2, 1}}));
        assertEquals("cholesky: the matrix must be positive definite, got pivot -3.0 at row 1", e.getMessage());
    }

    @Test
    void theTwoPointPosteriorIsTheClosedForm() {
        double[][] x = {{0.2}, {0.7}};
        double[] y = {1.0, 3.0};
        double noise = 1e-2;
        double l = 0.4;
        GaussianProcess gp = GaussianProcess.fit(x, y, noise, l);
        double[] at = {0.5};
        // standardized targets: mean 2, std 1 -> z = (-1, 1)
        double k12 = gp.kernel(x[0], x[1]);
        double a = 1 + noise;
        double det = a * a - k12 * k12;
        double[][] inv = {{a / det, -k12 / det}, {-k12 / det, a / det}};
        double[] kStar = {gp.kernel(x[0], at), gp.kernel(x[1], at)};
        double[] z = {-1, 1};
        double mean = 0;
        double quad = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                mean += kStar[i] * inv[i][j] * z[j];
                quad += kStar[i] * inv[i][j] * kStar[j];
            }
        }
        GaussianProcess.Prediction p = gp.predict(at);
        assertEquals(2 + mean, p.mean(), 1e-12);
        assertEquals(Math.sqrt(1 - quad), p.std(), 1e-12);
        double r = 0.5 / l * Math.sqrt(5);
        assertEquals((1 + r + r * r / 3) * Math.exp(-r), k12, 1e-15, "Matern 5/2 at distance 0.5");
    }

    @Test
    void itInterpolatesTheDataAndIsUncertainAwayFromIt() {
        double[][] x = new double[8][];
        double[] y = new double[8];
        for (int i = 0; i < 8; i++) {
            x[i] = new double[] {i / 7.0, (i * 3 % 8) / 7.0};
            y[i] = Math.sin(3 * x[i][0]) + x[i][1] * x[i][1];
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, 1e-6);
        for (int i = 0; i < 8; i++) {
            GaussianProcess.Prediction p = gp.predict(x[i]);
            assertEquals(y[i], p.mean(), 1e-3, "at point " + i);
            assertTrue(p.std() < 1e-2, "std at a data point " + p.std());
        }
        assertTrue(gp.predict(new double[] {3, 3}).std() > 10 * gp.predict(x[3]).std());
    }

    @Test
    void expectedImprovementMatchesItsDefinitionByNumericalIntegration() {
        double best = 0.3;
        double xi = 0.05;
        for (double[] ms : new double[][] {{0.5, 0.2}, {0.1, 0.05}, {0.3, 1.0}, {2.0, 0.1}}) {
            double mu = ms[0];
            double sigma = ms[1];
            double integral = 0;
            int steps = 200_000;
            double lo = mu - 12 * sigma;
            double h = 24 * sigma / steps;
            for (int k = 0; k <= steps; k++) {
                double v = lo + k * h;
                double density = Math.exp(-0.5 * Math.pow((v - mu) / sigma, 2)) / (sigma * Math.sqrt(2 * Math.PI));
                double w = k == 0 || k == steps ? 0.5 : 1;
                integral += w * h * Math.max(best - xi - v, 0) * density;
            }
            double ei = ExpectedImprovement.of(new GaussianProcess.Prediction(mu, sigma), best, xi);
            assertEquals(integral, ei, 1e-6 + 1e-5 * integral, "mu " + mu + " sigma " + sigma);
            assertTrue(ei >= 0);
        }
        assertEquals(0.15, ExpectedImprovement.of(new GaussianProcess.Prediction(0.1, 0), 0.3, 0.05), 1e-15);
        assertEquals(0.8413447460685429, ExpectedImprovement.cdf(1), 2e-7);
        assertEquals(0.0227501319481792, ExpectedImprovement.cdf(-2), 2e-7 * 0.0227501319481792 * 10);
    }

    @Test
    void theLengthScaleMaximizesTheMarginalLikelihoodOverItsGrid() {
        double[][] x = new double[10][];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i / 9.0};
            y[i] = Math.sin(6 * x[i][0]);
        }
        GaussianProcess chosen = GaussianProcess.fit(x, y, 1e-4);
        for (double l : GaussianProcess.LENGTH_SCALES) {
            assertTrue(GaussianProcess.fit(x, y, 1e-4, l).logMarginalLikelihood() <= chosen.logMarginalLikelihood());
        }
    }
}
