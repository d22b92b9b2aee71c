package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The surrogate of Bayesian optimization against closed forms and direct computations. */
class GaussianProcessTest {

    private static double matern(double r, double l) {
        double s = Math.sqrt(5) * r / l;
        return (1 + s + s * s / 3) * Math.exp(-s);
    }

    @Test
    void theLogMarginalLikelihoodIsTheDenseFormulaWithTheInverseAndDeterminant() {
        double[][] x = {{0.1, 0.9}, {0.4, 0.3}, {0.8, 0.6}};
        double[] y = {2.0, -1.0, 0.5};
        double noise = 0.05;
        double l = 0.3;
        GaussianProcess gp = GaussianProcess.fit(x, y, noise, l);
        double mean = 0.5;
        double sd = Math.sqrt(((1.5 * 1.5) + (1.5 * 1.5) + 0) / 3);
        double[] z = {(2.0 - mean) / sd, (-1.0 - mean) / sd, 0};
        double[][] k = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                k[i][j] = matern(Math.hypot(x[i][0] - x[j][0], x[i][1] - x[j][1]), l) + (i == j ? noise : 0);
            }
        }
        // The inverse by cofactors and the determinant by the rule of Sarrus.
        double det = k[0][0] * (k[1][1] * k[2][2] - k[1][2] * k[2][1])
                - k[0][1] * (k[1][0] * k[2][2] - k[1][2] * k[2][0])
                + k[0][2] * (k[1][0] * k[2][1] - k[1][1] * k[2][0]);
        double quad = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                double inverse = (k[i1][j1] * k[i2][j2] - k[i1][j2] * k[i2][j1]) / det;
                quad += z[i] * inverse * z[j];
            }
        }
        assertEquals(-0.5 * quad - 0.5 * Math.log(det) - 1.5 * Math.log(2 * Math.PI), gp.logMarginalLikelihood(),
                1e-12);
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
        double k12 = matern(0.5, l);
        double a = 1 + noise;
        double det = a * a - k12 * k12;
        double[][] inv = {{a / det, -k12 / det}, {-k12 / det, a / det}};
        double[] kStar = {matern(0.3, l), matern(0.2, l)};
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
        GaussianProcess.Prediction[] batch = gp.predict(new double[][] {{0.9}, at});
        assertEquals(p, batch[1], "a point predicts the same alone and in a batch");
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
            double ei = expectedImprovement(mu, sigma, best, xi);
            assertEquals(integral, ei, 1e-6 + 1e-5 * integral, "mu " + mu + " sigma " + sigma);
            assertTrue(ei >= 0);
        }
        assertEquals(0.15, expectedImprovement(0.1, 0, 0.3, 0.05), 1e-15, "no uncertainty: the plain gain");
        assertEquals(0.0, expectedImprovement(0.5, 0, 0.3, 0.05), "no uncertainty, no gain");
    }

    @Test
    void aPointOfAnotherDimensionIsRefused() {
        GaussianProcess gp = GaussianProcess.fit(new double[][] {{0.1, 0.2}, {0.5, 0.5}}, new double[] {1, 2}, 1e-4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gp.predict(new double[] {0.3}));
        assertEquals("gaussian process: point must have 2 dimensions, got 1", e.getMessage());
    }

    private static double expectedImprovement(double mean, double std, double best, double xi) {
        Node ei = ExpectedImprovement.of(SourceOp.constant(Tensor.vector(mean)), SourceOp.constant(Tensor.vector(std)),
                best, xi);
        return Function.of(List.of(ei)).call(List.of()).get(0).flat(0);
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
