package dev.adjoint.nn.shift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Black-box shift estimation: exact on exact counts, close on samples, and clear about what it cannot do. */
class LabelShiftTest {

    /** How often a classifier predicts class i for true class j (columns sum to 1). */
    private static final double[][] CONFUSION = {{0.8, 0.1, 0.1}, {0.15, 0.7, 0.2}, {0.05, 0.2, 0.7}};

    /** {@code count[j]} rows of each class j, predicted with exactly the confusion's proportions. */
    private static Tensor[] exactRows(int[] count) {
        List<double[]> rows = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                long k = Math.round(CONFUSION[i][j] * count[j]);
                for (int r = 0; r < k; r++) {
                    rows.add(new double[] {j, i});
                }
            }
        }
        double[] y = new double[rows.size()];
        double[] p = new double[rows.size()];
        for (int r = 0; r < y.length; r++) {
            y[r] = rows.get(r)[0];
            p[r] = rows.get(r)[1];
        }
        return new Tensor[] {Tensor.vector(y), Tensor.vector(p)};
    }

    @Test
    void exactCountsGiveTheExactTargetDistribution() {
        Tensor[] validation = exactRows(new int[] {400, 400, 200});
        Tensor[] target = exactRows(new int[] {100, 300, 600});
        LabelShift shift = LabelShift.estimate(validation[0], validation[1], target[1], 3);
        assertArrayEquals(new double[] {0.4, 0.4, 0.2}, shift.source(), 1e-12);
        assertArrayEquals(new double[] {0.1, 0.3, 0.6}, shift.target(), 1e-12);
        assertArrayEquals(new double[] {0.25, 0.75, 3.0}, shift.weights(), 1e-12);
        assertEquals(0.75, shift.classWeights().get(1), 1e-12);
    }

    @Test
    void sampledPredictionsGiveAnEstimateCloseToTheTruth() {
        Key.Stream s = Key.of(4).stream();
        double[] q = {0.6, 0.1, 0.3};
        Tensor[] validation = sample(s, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 6000);
        Tensor[] target = sample(s, q, 6000);
        LabelShift shift = LabelShift.estimate(validation[0], validation[1], target[1], 3);
        for (int j = 0; j < 3; j++) {
            assertEquals(q[j], shift.target()[j], 0.03, "class " + j + ": " + shift);
        }
    }

    private static Tensor[] sample(Key.Stream s, double[] prior, int n) {
        double[] y = new double[n];
        double[] p = new double[n];
        for (int r = 0; r < n; r++) {
            y[r] = draw(s, prior);
            p[r] = draw(s, new double[] {CONFUSION[0][(int) y[r]], CONFUSION[1][(int) y[r]], CONFUSION[2][(int) y[r]]});
        }
        return new Tensor[] {Tensor.vector(y), Tensor.vector(p)};
    }

    private static int draw(Key.Stream s, double[] p) {
        double u = s.nextDouble();
        for (int i = 0; i < p.length - 1; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return p.length - 1;
    }

    @Test
    void reweightingMultipliesByTheWeightsAndRenormalizes() {
        Tensor[] validation = exactRows(new int[] {400, 400, 200});
        Tensor[] target = exactRows(new int[] {100, 300, 600});
        LabelShift shift = LabelShift.estimate(validation[0], validation[1], target[1], 3);
        Tensor p = Tensor.matrix(new double[][] {{0.5, 0.3, 0.2}, {1, 0, 0}});
        Tensor corrected = shift.reweight(p);
        double z = 0.5 * 0.25 + 0.3 * 0.75 + 0.2 * 3;
        assertArrayEquals(new double[] {0.5 * 0.25 / z, 0.3 * 0.75 / z, 0.2 * 3 / z, 1, 0, 0},
                corrected.toDoubleArray(), 1e-12);
        assertTrue(shift.reweight(Tensor.matrix(new double[][] {{0.2, 0.3, 0.5}})).flat(2) > 0.5,
                "the class made likelier by the shift gains");
    }

    @Test
    void classesAbsentFromTheSourceAndIndistinguishableClassesAreRefused() {
        Tensor labels = Tensor.vector(0, 0, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelShift.estimate(labels, Tensor.vector(0, 0, 1, 1), Tensor.vector(2, 1), 3));
        assertEquals("label shift: class 2 has no example in the source (validation) labels, got counts [2, 2, 0];"
                + " its column of the confusion matrix is zero, so its weight cannot be estimated", e.getMessage());
        Tensor three = Tensor.vector(0, 1, 2, 0, 1, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> LabelShift.estimate(three, Tensor.vector(0, 0, 2, 0, 0, 2), Tensor.vector(0, 2), 3));
        assertTrue(e.getMessage().startsWith("label shift: the confusion matrix is singular"), e.getMessage());
        assertTrue(e.getMessage().contains("classes 0 and 1"), e.getMessage());
        // Nearly indistinguishable: 0 and 1 are told apart on one row in 100,000 (condition number ~ 2e5).
        double[][] near = new double[200002][];
        for (int r = 0; r < 200000; r++) {
            near[r] = new double[] {r % 2, 0};
        }
        near[200000] = new double[] {1, 1};
        near[200001] = new double[] {2, 2};
        double[] y = new double[near.length];
        double[] p = new double[near.length];
        for (int r = 0; r < near.length; r++) {
            y[r] = near[r][0];
            p[r] = near[r][1];
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> LabelShift.estimate(Tensor.vector(y), Tensor.vector(p), Tensor.vector(0, 1), 3));
        assertTrue(e.getMessage().startsWith("label shift: the confusion matrix is ill-conditioned, condition number"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LabelShift.estimate(Tensor.vector(0, 3), Tensor.vector(0, 1), Tensor.vector(0), 3));
        assertEquals("label shift: validationLabels must hold classes in [0, 3), got 3.0 at row 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelShift.estimate(Tensor.vector(0, 1),
                Tensor.zeros(Shape.of(3, 2)), Tensor.vector(0), 2));
        assertEquals("label shift: validation labels and predictions must have one row each, got 2 labels and 3"
                + " predictions", e.getMessage());
    }

    /**
     * {@code n0} rows of true class 0 and {@code n1} of class 1, predicted with the binary confusion
     * {@code p(ŷ = 1 | y = 0) = 0.3}, {@code p(ŷ = 1 | y = 1) = 0.7}, as a sigmoid output {@code [n, 1]}: a
     * prediction of class 1 is one of 0.51, 0.9, 1.0, one of class 0 one of 0.0, 0.3 and 0.5 (0.5 is class 0, as
     * Keras's threshold {@code p > 0.5}). Returns the labels {@code [n]}, the probabilities {@code [n, 1]} and
     * the predicted classes {@code [n]}.
     */
    private static Tensor[] binaryRows(int n0, int n1) {
        double[] ones = {0.51, 0.9, 1.0};
        double[] zeros = {0.0, 0.3, 0.5};
        List<double[]> rows = new ArrayList<>();
        int[] count = {n0, n1};
        double[] hit = {0.3, 0.7};
        for (int j = 0; j < 2; j++) {
            long predictedOne = Math.round(hit[j] * count[j]);
            for (int r = 0; r < count[j]; r++) {
                boolean one = r < predictedOne;
                rows.add(new double[] {j, one ? ones[r % 3] : zeros[r % 3], one ? 1 : 0});
            }
        }
        double[] y = new double[rows.size()];
        double[] p = new double[rows.size()];
        double[] c = new double[rows.size()];
        for (int r = 0; r < y.length; r++) {
            y[r] = rows.get(r)[0];
            p[r] = rows.get(r)[1];
            c[r] = rows.get(r)[2];
        }
        return new Tensor[] {Tensor.vector(y), Tensor.of(Shape.of(y.length, 1), p), Tensor.vector(c)};
    }

    /**
     * A binary model's sigmoid output {@code [n, 1]} (what {@code Dense(1, Sigmoid)} predicts) is read as the
     * probability of class 1: with exact counts the estimate is exact, {@code q = (0.2, 0.8)} from
     * {@code p = (0.5, 0.5)}, {@code w = (0.4, 1.6)}, and equals the estimate from the thresholded classes. It was
     * refused as class indices ("must hold classes in [0, 2), got 0.51 at row 0").
     */
    @Test
    void aBinarySigmoidOutputIsReadAsTheProbabilityOfClassOne() {
        Tensor[] validation = binaryRows(500, 500);
        Tensor[] target = binaryRows(200, 800);
        LabelShift fromProbabilities = LabelShift.estimate(validation[0], validation[1], target[1], 2);
        assertArrayEquals(new double[] {0.5, 0.5}, fromProbabilities.source(), 1e-12);
        assertArrayEquals(new double[] {0.2, 0.8}, fromProbabilities.target(), 1e-12);
        assertArrayEquals(new double[] {0.4, 1.6}, fromProbabilities.weights(), 1e-12);
        assertEquals(LabelShift.estimate(validation[0], validation[2], target[2], 2), fromProbabilities);
        // Reweighting [n, 1] gives the second column of reweighting [n, 2]: w1 p / (w0 (1 - p) + w1 p).
        Tensor p = Tensor.of(Shape.of(3, 1), new double[] {0.3, 0.0, 1.0});
        Tensor both = fromProbabilities.reweight(Tensor.matrix(new double[][] {{0.7, 0.3}, {1, 0}, {0, 1}}));
        Tensor corrected = fromProbabilities.reweight(p);
        assertEquals(Shape.of(3, 1), corrected.shape());
        assertArrayEquals(new double[] {both.flat(1), both.flat(3), both.flat(5)}, corrected.toDoubleArray(), 1e-15);
        assertEquals(1.6 * 0.3 / (0.4 * 0.7 + 1.6 * 0.3), corrected.flat(0), 1e-15);
    }

    /** Logits where probabilities belong, and probabilities as {@code [n]}, are refused saying how to pass them. */
    @Test
    void binaryOutputsOutsideTheUnitIntervalOrFlattenedAreRefusedSayingWhatIsExpected() {
        Tensor labels = Tensor.vector(0, 1, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelShift.estimate(labels,
                Tensor.of(Shape.of(4, 1), new double[] {-1.7, 2.0, 0.1, 0.9}), Tensor.of(Shape.of(1, 1), 0.2), 2));
        assertEquals("label shift: validationPredictions [n, 1] with 2 classes is read as the probability of class 1"
                + " (a sigmoid output) and must lie in [0, 1], got -1.7 at row 0; pass sigmoid(logits) for a model that"
                + " outputs logits", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelShift.estimate(labels,
                Tensor.vector(0.1, 0.9, 0.2, 0.8), Tensor.vector(0.3), 2));
        assertEquals("label shift: validationPredictions must hold classes in [0, 2), got 0.1 at row 0 ([n] holds"
                + " predicted classes; a binary model's probabilities of class 1 are read from [n, 1], as it predicts"
                + " them)", e.getMessage());
        LabelShift shift = LabelShift.estimate(labels, Tensor.vector(0, 1, 0, 1), Tensor.vector(1, 1), 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> shift.reweight(Tensor.of(Shape.of(2, 1), new double[] {0.5, 1.5})));
        assertEquals("label shift: probabilities [n, 1] with 2 classes are the probability of class 1 and must lie in"
                + " [0, 1], got 1.5 at row 1", e.getMessage());
        // With more than 2 classes [n, 1] still holds class indices.
        LabelShift three = LabelShift.estimate(Tensor.vector(0, 1, 2), Tensor.of(Shape.of(3, 1), 0, 1, 2),
                Tensor.of(Shape.of(2, 1), 2, 2), 3);
        assertArrayEquals(new double[] {0, 0, 1}, three.target(), 1e-12);
    }
}
