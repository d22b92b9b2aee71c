package dev.adjoint.nn.constraint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each constraint's projection against NumPy evaluating Keras 3's formulas ({@code keras/src/constraints}) on the
 * same weights, with Keras's epsilon 1e-7; the values were printed by {@code /usr/bin/python3} with NumPy, e.g.
 * {@code w * (np.clip(n, 0, 2) / (1e-7 + n))} with {@code n = np.sqrt(np.sum(np.square(w), axis=0,
 * keepdims=True))} for {@code MaxNorm(2, 0)}.
 */
class ConstraintTest {

    /** {@code w = [[0.5, -2, 3], [1.5, 0.25, -4]]}: column norms 1.58, 2.02, 5; row norms 3.64, 4.28. */
    private static final double[] W = {0.5, -2.0, 3.0, 1.5, 0.25, -4.0};

    private static double[] project(Constraint c, DType dtype) {
        Node w = SourceOp.input("w", Shape.of(2, 3), dtype);
        Node p = c.project(w);
        assertEquals(w.type(), p.type(), "a projection keeps the weight's shape and dtype");
        return Evaluator.evaluate(List.of(p), Bindings.of(w, Tensor.of(dtype, Shape.of(2, 3), W))).get(0)
                .toDoubleArray();
    }

    /** Within 1e-15, a few ulps: NumPy may add the squares of a norm in another order (pairwise). */
    private static void assertProjects(double[] expected, Constraint c) {
        assertArrayEquals(expected, project(c, DType.FLOAT64), 1e-15, c.toString());
    }

    @Test
    void maxNormRescalesOnlyTheSlicesAboveTheBoundAsNumpy() {
        // np: maxnorm(w, 2, axis=0); the first column (norm 1.58) is multiplied by n / (eps + n) only
        assertProjects(new double[] {0.4999999683772254, -1.984555654965802, 1.1999999760000004, 1.4999999051316761,
                0.24806945687072526, -1.5999999680000005}, new MaxNorm(2, 0));
        // np: maxnorm(w, 2.5, axis=1): both rows are above 2.5
        assertProjects(new double[] {0.3434014004377606, -1.3736056017510423, 2.0604084026265634, 0.8763093362776637,
                0.1460515560462773, -2.3368248967404366}, new MaxNorm(2.5, 1));
        assertEquals(new MaxNorm(2, 0), new MaxNorm(), "Keras's defaults");
    }

    @Test
    void maxNormInFloat32IsComputedInFloat32AsNumpy() {
        // np: the same formula on w.astype(np.float32), eps and the bound as float32
        assertArrayEquals(new double[] {0.4999999701976776, -1.984555721282959, 1.2000000476837158,
                1.4999998807907104, 0.24806946516036987, -1.600000023841858}, project(new MaxNorm(2, 0),
                DType.FLOAT32), 0.0);
    }

    /**
     * float32 weights of 1e20: their squares overflow, so the plain {@code sqrt(sum w^2)} was infinite and MaxNorm
     * zeroed the weights; the norm is scaled by a power of two (core's normL2) and the slice is rescaled to the bound,
     * each entry within a float32 rounding or two of {@code w * 2 / ||w||} (column 0: [3e20, -4e20], norm 5e20).
     */
    @Test
    void maxNormOfHugeFloat32WeightsRescalesInsteadOfZeroing() {
        Node w = SourceOp.input("w", Shape.of(2, 1), DType.FLOAT32);
        double[] p = Evaluator.evaluate(List.of(new MaxNorm(2, 0).project(w)), Bindings.of(w, Tensor.of(DType.FLOAT32,
                Shape.of(2, 1), 3e20, -4e20))).get(0).toDoubleArray();
        assertArrayEquals(new double[] {1.2, -1.6}, p, 1e-6);
    }

    @Test
    void minMaxNormMovesNormsIntoTheIntervalAtTheRateAsNumpy() {
        // np: rate * clip(n, 1, 3) + (1 - rate) * n with rate 0.5, axis 0
        assertProjects(new double[] {0.4999999683772254, -1.9999999007722173, 2.399999952000001, 1.4999999051316761,
                0.24999998759652717, -3.199999936000001}, new MinMaxNorm(1, 3, 0.5, 0));
        // np: Keras's defaults on the last axis, axis=-1
        assertProjects(new double[] {0.13736056017510423, -0.5494422407004169, 0.8241633610506254,
                0.35052373451106544, 0.05842062241851091, -0.9347299586961746}, new MinMaxNorm(0, 1, 1, -1));
        assertEquals(new MinMaxNorm(0, 1, 1, 0), new MinMaxNorm(), "Keras's defaults");
    }

    @Test
    void unitNormDividesByEpsilonPlusTheNormAsNumpy() {
        // np: w / (eps + n), axis 0 and axis (0, 1)
        assertProjects(new double[] {0.3162277460168392, -0.992277827482901, 0.5999999880000002, 0.9486832380505175,
                0.12403472843536263, -0.7999999840000003}, new UnitNorm(0));
        assertProjects(new double[] {0.08899883031383857, -0.35599532125535427, 0.5339929818830315,
                0.26699649094151573, 0.044499415156919284, -0.7119906425107085}, new UnitNorm(List.of(0, 1)));
        assertEquals(new UnitNorm(0), new UnitNorm(), "Keras's default");
    }

    @Test
    void nonNegMultipliesByTheIndicatorAsKeras() {
        // np: w * (w >= 0): a negative entry becomes -0.0, as in Keras
        double[] p = project(new NonNeg(), DType.FLOAT64);
        assertArrayEquals(new double[] {0.5, -0.0, 3.0, 1.5, 0.25, -0.0}, p, 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(p[1]));
    }

    @Test
    void aZeroSliceStaysZero() {
        Node w = SourceOp.input("w", Shape.of(2, 2), DType.FLOAT64);
        Tensor zeros = Tensor.of(Shape.of(2, 2), new double[] {0, 1, 0, 1});
        for (Constraint c : List.of(new MaxNorm(1, 0), new MinMaxNorm(0.5, 1, 1, 0), new UnitNorm(0))) {
            double[] p = Evaluator.evaluate(List.of(c.project(w)), Bindings.of(w, zeros)).get(0).toDoubleArray();
            assertEquals(0.0, p[0], c.toString());
            assertEquals(0.0, p[2], c.toString());
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheConstraintAndTheArgument() {
        assertMessage("MaxNorm: maxValue must be finite and >= 0, got -1.0", () -> new MaxNorm(-1, 0));
        assertMessage("MaxNorm: maxValue must be finite and >= 0, got NaN", () -> new MaxNorm(Double.NaN, 0));
        assertMessage("MinMaxNorm: minValue must be <= maxValue, got minValue 2.0 and maxValue 1.0",
                () -> new MinMaxNorm(2, 1, 1, 0));
        assertMessage("MinMaxNorm: minValue must be finite and >= 0, got -0.5", () -> new MinMaxNorm(-0.5, 1, 1, 0));
        assertMessage("MinMaxNorm: rate must be in [0, 1], got 1.5", () -> new MinMaxNorm(0, 1, 1.5, 0));
        assertMessage("MinMaxNorm: rate must be in [0, 1], got -0.1", () -> new MinMaxNorm(0, 1, -0.1, 0));
        assertMessage("UnitNorm: axis must name at least one axis, each once, got []", () -> new UnitNorm(List.of()));
        assertMessage("MaxNorm: axis must name at least one axis, each once, got [1, 1]",
                () -> new MaxNorm(2, List.of(1, 1)));
    }

    @Test
    void anAxisOutOfRangeIsRefusedNamingTheWeight() {
        assertMessage("MaxNorm: axis must be in [-2, 2) for the weight 'kernel' of layer 'd' of shape [3, 4], got 2",
                () -> new MaxNorm(2, 2).check(Shape.of(3, 4), "weight 'kernel' of layer 'd'"));
        assertMessage("UnitNorm: axis must be in [-1, 1) for the weight of shape [4], got -2",
                () -> new UnitNorm(-2).project(SourceOp.input("w", Shape.of(4), DType.FLOAT64)));
        assertMessage("MinMaxNorm: axis must name each axis of the weight 'w' of shape [3, 4] once, got [1, -1]",
                () -> new MinMaxNorm(0, 1, 1, List.of(1, -1)).check(Shape.of(3, 4), "weight 'w'"));
        new NonNeg().check(Shape.of(3, 4), "weight 'w'"); // no axis: fits every shape
    }

    @Test
    void keraNamesGiveKerasDefaults() {
        assertEquals(List.of("MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "max_norm", "min_max_norm", "non_neg",
                "unit_norm"), Constraints.names());
        for (String name : List.of("max_norm", "min_max_norm", "non_neg", "unit_norm")) {
            assertEquals(name, Constraints.byName(name).name());
        }
        assertEquals(new MaxNorm(2, 0), Constraints.byName("max_norm"));
        // keras.constraints.get("MaxNorm") is MaxNorm() too: Keras's class names, the same defaults
        for (String name : List.of("MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm")) {
            assertEquals(Constraints.byName(name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase()),
                    Constraints.byName(name), name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Constraints.byName("max"));
        assertTrue(e.getMessage().startsWith("constraint: unknown name, got 'max'"), e.getMessage());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
