package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;
import java.util.function.IntToDoubleFunction;

class ScheduleTest {

    private static final int[] STEPS = {1, 2, 3, 4, 5, 7, 10, 11, 50, 99, 100, 101, 1000};

    /** The schedule's rate for update {@code t}, evaluated through a compiled function. */
    private static double rate(Schedule schedule, int t, DType dtype) {
        Node step = SourceOp.input("t", Shape.scalar(), dtype);
        Node lr = schedule.at(step);
        assertEquals(dtype, lr.dtype(), "the rate has the step's dtype");
        assertEquals(0, lr.rank(), "the rate is rank 0");
        return Function.of(List.of(step), List.of(lr)).call(Tensor.scalar(dtype, t)).get(0).item();
    }

    /** At every step of {@link #STEPS}, the schedule equals {@code closedForm} to 1e-13 relative (float64). */
    private static void matches(Schedule schedule, IntToDoubleFunction closedForm) {
        for (int t : STEPS) {
            double expected = closedForm.applyAsDouble(t);
            Expect.near(expected, rate(schedule, t, DType.FLOAT64), 1e-13 * Math.abs(expected), "η(" + t + ")");
        }
    }

    @Test
    void constantIsConstant() {
        matches(Schedule.constant(0.003), t -> 0.003);
    }

    @Test
    void exponentialDecayIsInitialTimesRateToTheCompletedFraction() {
        matches(Schedule.exponentialDecay(0.1, 10, 0.5, false), t -> 0.1 * Math.pow(0.5, (t - 1) / 10.0));
    }

    @Test
    void staircaseExponentialDecayDropsEveryDecaySteps() {
        matches(Schedule.exponentialDecay(0.1, 10, 0.5, true), t -> 0.1 * Math.pow(0.5, (t - 1) / 10));
        assertEquals(0.1, rate(Schedule.exponentialDecay(0.1, 10, 0.5, true), 10, DType.FLOAT64));
        assertEquals(0.05, rate(Schedule.exponentialDecay(0.1, 10, 0.5, true), 11, DType.FLOAT64));
    }

    @Test
    void stepDecayMultipliesByTheFactorEveryStepSizeUpdates() {
        matches(Schedule.stepDecay(0.2, 3, 0.1), t -> 0.2 * Math.pow(0.1, (t - 1) / 3));
    }

    @Test
    void cosineDecayFollowsHalfACosineAndThenStays() {
        double alpha = 0.1;
        matches(Schedule.cosineDecay(0.5, 100, alpha), t -> {
            double k = Math.min(t - 1, 100);
            return 0.5 * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * k / 100)) + alpha);
        });
        Expect.near(0.5 * alpha, rate(Schedule.cosineDecay(0.5, 100, alpha), 101, DType.FLOAT64), 1e-15,
                "η after D updates");
    }

    @Test
    void warmupRampsLinearlyThenRunsTheNextScheduleFromItsStart() {
        Schedule after = Schedule.exponentialDecay(0.1, 10, 0.5, false);
        matches(after.withWarmup(5), t -> t <= 5 ? t / 5.0 * 0.1 : 0.1 * Math.pow(0.5, (t - 5 - 1) / 10.0));
        Expect.near(0.1, rate(after.withWarmup(5), 5, DType.FLOAT64), 1e-15, "η(W) = after(1)");
        Expect.near(0.1, rate(after.withWarmup(5), 6, DType.FLOAT64), 1e-15, "η(W + 1) = after(1)");
    }

    @Test
    void scaledMultipliesByARuntimeFactor() {
        Node factor = SourceOp.input("factor", Shape.scalar(), DType.FLOAT64);
        Node step = SourceOp.input("t", Shape.scalar(), DType.FLOAT32);
        Node lr = Schedule.cosineDecay(0.5, 100, 0.0).scaledBy(factor).at(step);
        assertEquals(DType.FLOAT32, lr.dtype(), "the factor is cast to the step's dtype");
        Function f = Function.of(List.of(step, factor), List.of(lr));
        double base = rate(Schedule.cosineDecay(0.5, 100, 0.0), 30, DType.FLOAT32);
        assertEquals((float) (base * (float) 0.1),
                (float) f.call(Tensor.scalar(DType.FLOAT32, 30), Tensor.scalar(0.1)).get(0).item());
        assertEquals((float) base, (float) f.call(Tensor.scalar(DType.FLOAT32, 30), Tensor.scalar(1.0)).get(0).item());
    }

    @Test
    void theFirstUpdateUsesTheInitialRate() {
        for (Schedule s : List.of(Schedule.exponentialDecay(0.1, 7, 0.3, false), Schedule.stepDecay(0.1, 2, 0.5),
                Schedule.cosineDecay(0.1, 7, 0.0))) {
            Expect.near(0.1, rate(s, 1, DType.FLOAT64), 1e-17, s.toString());
        }
    }

    @Test
    void schedulesWorkInFloat32() {
        Schedule s = Schedule.cosineDecay(0.01, 1000, 0.0).withWarmup(100);
        for (int t : STEPS) {
            double f64 = rate(s, t, DType.FLOAT64);
            Expect.near(f64, rate(s, t, DType.FLOAT32), 1e-6 * f64 + 1e-12, "η(" + t + ") in float32");
        }
        // staircase steps stay exact in float32: 16,777,215 = 2^24 − 1 is the last integer before the spacing grows
        assertEquals(0.5f * (float) Math.pow(0.5, 16_777_214 / 1000),
                (float) rate(Schedule.stepDecay(0.5, 1000, 0.5), 16_777_215, DType.FLOAT32));
    }

    @Test
    void aLambdaIsASchedule() {
        Schedule inverse = t -> t.pow(-0.5).mul(0.1);                    // η(t) = 0.1 / √t
        matches(inverse, t -> 0.1 / Math.sqrt(t));
    }

    @Test
    void rejectsInvalidParameters() {
        Expect.rejects("Constant: learningRate must be non-negative and finite, got -0.1",
                () -> Schedule.constant(-0.1));
        Expect.rejects("Constant: learningRate must be non-negative and finite, got NaN",
                () -> Schedule.constant(Double.NaN));
        Expect.rejects("ExponentialDecay: decaySteps must be at least 1, got 0",
                () -> Schedule.exponentialDecay(0.1, 0, 0.5, false));
        Expect.rejects("ExponentialDecay: decayRate must be positive and finite, got -0.5",
                () -> Schedule.exponentialDecay(0.1, 10, -0.5, false));
        Expect.rejects("StepDecay: stepSize must be at least 1, got -3", () -> Schedule.stepDecay(0.1, -3, 0.5));
        Expect.rejects("StepDecay: initial must be positive and finite, got -0.1",
                () -> Schedule.stepDecay(-0.1, 3, 0.5));
        Expect.rejects("CosineDecay: alpha must be in [0, 1], got 1.5", () -> Schedule.cosineDecay(0.1, 10, 1.5));
        Expect.rejects("Warmup: warmupSteps must be at least 1, got 0", () -> Schedule.constant(0.1).withWarmup(0));
        Expect.rejects("Scaled: factor must be a rank-0 node, got f64[2]",
                () -> Schedule.constant(0.1).scaledBy(SourceOp.input("c", Shape.of(2))));
        Expect.rejects("Constant: step must be a rank-0 node, got f64[3]",
                () -> Schedule.constant(0.1).at(SourceOp.input("t", Shape.of(3))));
        assertThrows(NullPointerException.class, () -> new Schedule.Warmup(null, 3));
    }

    // ---------------------------------------------------------------- Keras's other schedules

    /** Keras's {@code PiecewiseConstantDecay.__call__} at {@code k}, in float64. */
    private static double piecewise(double[] boundaries, double[] values, int k) {
        for (int i = 0; i < boundaries.length; i++) {
            if (k <= boundaries[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Test
    void piecewiseConstantDecayKeepsEachValueUpToAndIncludingItsBoundary() {
        double[] boundaries = {10, 20, 99};
        double[] values = {1.0, 0.5, 0.1, 0.01};
        Schedule s = Schedule.piecewiseConstantDecay(List.of(10, 20, 99), List.of(1.0, 0.5, 0.1, 0.01));
        matches(s, t -> piecewise(boundaries, values, t - 1));
        // k = t - 1 on each side of every boundary, exactly (the values are selected, not computed)
        int[] steps = {1, 10, 11, 12, 20, 21, 22, 99, 100, 101, 5000};
        double[] expected = {1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.01, 0.01};
        for (int i = 0; i < steps.length; i++) {
            assertEquals(expected[i], rate(s, steps[i], DType.FLOAT64), "η(" + steps[i] + ")");
            assertEquals((float) expected[i], (float) rate(s, steps[i], DType.FLOAT32), "η(" + steps[i] + ") f32");
        }
        Schedule fractional = Schedule.piecewiseConstantDecay(List.of(2.5), List.of(0.3, 0.2));
        assertEquals(0.3, rate(fractional, 3, DType.FLOAT64), "k = 2 <= 2.5");
        assertEquals(0.2, rate(fractional, 4, DType.FLOAT64), "k = 3 > 2.5");
        // Keras casts the boundaries to its integer step: -0.5 counts as 0, so k = 0 keeps the first value
        Schedule negative = Schedule.piecewiseConstantDecay(List.of(-0.5, 3), List.of(0.3, 0.2, 0.1));
        assertEquals(0.3, rate(negative, 1, DType.FLOAT64), "k = 0 <= int(-0.5) = 0");
        assertEquals(0.2, rate(negative, 2, DType.FLOAT64), "k = 1 > 0");
        assertEquals(new Schedule.PiecewiseConstantDecay(List.of(10.0, 20.0, 99.0), List.of(1.0, 0.5, 0.1, 0.01)),
                s, "the factory converts the numbers to doubles");
    }

    /** Keras's {@code PolynomialDecay.__call__} at {@code k}, in float64. */
    private static double polynomial(double initial, int decaySteps, double end, double power, boolean cycle, int k) {
        double steps = decaySteps;
        double step = k;
        if (cycle) {
            steps *= k == 0 ? 1.0 : Math.ceil(step / decaySteps);
        } else {
            step = Math.min(step, steps);
        }
        double p = step / steps;
        return (initial - end) * Math.pow(1 - p, power) + end;
    }

    @Test
    void polynomialDecayFallsToTheEndRateAndStaysThere() {
        matches(Schedule.polynomialDecay(0.1, 100), t -> polynomial(0.1, 100, 0.0001, 1.0, false, t - 1));
        matches(Schedule.polynomialDecay(0.1, 100, 0.001, 2.0, false),
                t -> polynomial(0.1, 100, 0.001, 2.0, false, t - 1));
        matches(Schedule.polynomialDecay(0.1, 100, 0.0, 0.5, false),
                t -> polynomial(0.1, 100, 0.0, 0.5, false, t - 1));
        Schedule linear = Schedule.polynomialDecay(0.1, 100);
        Expect.near(0.1 - (0.1 - 0.0001) / 2, rate(linear, 51, DType.FLOAT64), 1e-16, "halfway (k = 50)");
        assertEquals(0.0001, rate(linear, 101, DType.FLOAT64), "k = s");
        assertEquals(0.0001, rate(linear, 5000, DType.FLOAT64), "k > s");
        assertEquals(new Schedule.PolynomialDecay(0.1, 100, 0.0001, 1.0, false), linear, "Keras's defaults");
    }

    @Test
    void cyclicPolynomialDecayRestartsAfterEveryMultipleOfDecaySteps() {
        matches(Schedule.polynomialDecay(0.1, 10, 0.001, 2.0, true),
                t -> polynomial(0.1, 10, 0.001, 2.0, true, t - 1));
        Schedule s = Schedule.polynomialDecay(0.1, 10, 0.001, 1.0, true);
        assertEquals(0.1, rate(s, 1, DType.FLOAT64), "k = 0: Keras's multiplier 1, not ceil(0) = 0");
        Expect.near(0.001, rate(s, 11, DType.FLOAT64), 1e-17, "k = s ends the first cycle at the end rate");
        // k = s + 1: the horizon doubles to 2s, so the rate jumps back up to (1 - 11/20) of the way
        Expect.near(0.099 * (1 - 11 / 20.0) + 0.001, rate(s, 12, DType.FLOAT64), 1e-16, "k = s + 1");
        Expect.near(0.001, rate(s, 21, DType.FLOAT64), 1e-17, "k = 2s");
        Expect.near(0.099 * (1 - 21 / 30.0) + 0.001, rate(s, 22, DType.FLOAT64), 1e-16, "k = 2s + 1");
        assertTrue(rate(s, 12, DType.FLOAT64) > rate(s, 11, DType.FLOAT64), "a restart raises the rate");
    }

    @Test
    void inverseTimeDecayDividesByOnePlusRateTimesFraction() {
        matches(Schedule.inverseTimeDecay(0.1, 10, 0.5, false), t -> 0.1 / (1 + 0.5 * ((t - 1) / 10.0)));
        matches(Schedule.inverseTimeDecay(0.1, 10, 0.5, true), t -> 0.1 / (1 + 0.5 * Math.floor((t - 1) / 10.0)));
        Schedule staircase = Schedule.inverseTimeDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, rate(staircase, 10, DType.FLOAT64), "k = 9");
        assertEquals(0.1 / 1.5, rate(staircase, 11, DType.FLOAT64), "k = 10");
        assertEquals(0.1 / 2, rate(Schedule.inverseTimeDecay(0.1, 10, 0.5, false), 21, DType.FLOAT64),
                "η₀ / 2 after s / r updates");
    }

    /** Keras's {@code CosineDecayRestarts.__call__} at {@code k}, in float64, as Keras writes it. */
    private static double kerasRestarts(double initial, int first, double tMul, double mMul, double alpha, int k) {
        double fraction = k / (double) first;
        double restart;
        if (tMul == 1.0) {
            restart = Math.floor(fraction);
            fraction -= restart;
        } else {
            restart = Math.floor(Math.log(1.0 - fraction * (1.0 - tMul)) / Math.log(tMul));
            double sumR = (1.0 - Math.pow(tMul, restart)) / (1.0 - tMul);
            fraction = (fraction - sumR) / Math.pow(tMul, restart);
        }
        double cosine = 0.5 * Math.pow(mMul, restart) * (1.0 + Math.cos(Math.PI * fraction));
        return initial * ((1 - alpha) * cosine + alpha);
    }

    /**
     * SGDR by walking the periods in integers: {@code D, D·T, D·T², ...} for an integer {@code T}, so the restart
     * steps are exact, independent of the logarithms Keras (and the record) use to find the period.
     */
    private static double walkedRestarts(double initial, int first, int tMul, double mMul, double alpha, int k) {
        long start = 0;
        long length = first;
        int restart = 0;
        while (k >= start + length) {
            start += length;
            length *= tMul;
            restart++;
        }
        double phase = (k - start) / (double) length;
        return initial * ((1 - alpha) * Math.pow(mMul, restart) * 0.5 * (1 + Math.cos(Math.PI * phase)) + alpha);
    }

    @Test
    void cosineDecayRestartsFollowsKerasFormula() {
        matches(Schedule.cosineDecayRestarts(0.1, 10), t -> kerasRestarts(0.1, 10, 2.0, 1.0, 0.0, t - 1));
        matches(Schedule.cosineDecayRestarts(0.1, 10, 2.0, 0.5, 0.1),
                t -> kerasRestarts(0.1, 10, 2.0, 0.5, 0.1, t - 1));
        matches(Schedule.cosineDecayRestarts(0.1, 7, 1.5, 0.8, 0.05),
                t -> kerasRestarts(0.1, 7, 1.5, 0.8, 0.05, t - 1));
        matches(Schedule.cosineDecayRestarts(0.1, 10, 1.0, 0.9, 0.2),
                t -> kerasRestarts(0.1, 10, 1.0, 0.9, 0.2, t - 1));
        assertEquals(new Schedule.CosineDecayRestarts(0.1, 10, 2.0, 1.0, 0.0), Schedule.cosineDecayRestarts(0.1, 10),
                "Keras's defaults");
    }

    /** Every step of the first six periods, restarts included, against the integer walk, for T = 1, 2, 3. */
    @Test
    void cosineDecayRestartsRestartsExactlyAtTheEndOfEachPeriod() {
        for (int tMul : new int[] {1, 2, 3}) {
            Schedule s = Schedule.cosineDecayRestarts(0.2, 5, tMul, 0.5, 0.1);
            for (int k = 0; k < 5 * 364; k += k < 400 ? 1 : 7) {
                double expected = walkedRestarts(0.2, 5, tMul, 0.5, 0.1, k);
                Expect.near(expected, rate(s, k + 1, DType.FLOAT64), 1e-13 * expected, "T = " + tMul + ", k = " + k);
            }
        }
        // Keras's floor(log(1 + 2f) / log 3) is 4 instead of 5 at the restart k = 605 (f = 121, log 243 / log 3 =
        // 4.999...), which gives its phase 1 and the rate α·η₀; the record corrects the period and restarts there
        Expect.near(0.2 * 0.1, kerasRestarts(0.2, 5, 3, 0.5, 0.1, 605), 1e-16, "Keras's formula at k = 605");
        for (int k : new int[] {0, 5, 20, 65, 200, 605, 1820, 5465}) {
            double expected = walkedRestarts(0.2, 5, 3, 0.5, 0.1, k);
            Expect.near(expected, rate(Schedule.cosineDecayRestarts(0.2, 5, 3, 0.5, 0.1), k + 1, DType.FLOAT64),
                    1e-15 * expected, "T = 3, restart at k = " + k);
        }
        // in float32 the logarithms put Keras's restart 13 of D = 5, T = 2 (k = 40955) into period 12
        Expect.near(0.2, rate(Schedule.cosineDecayRestarts(0.2, 5), 40956, DType.FLOAT32), 1e-7, "k = 40955 f32");
        Schedule doubling = Schedule.cosineDecayRestarts(0.2, 5, 2.0, 0.5, 0.0);
        int[] restarts = {0, 5, 15, 35, 75, 155, 315, 635, 1275};
        for (int i = 0; i < restarts.length; i++) {
            double height = 0.2 * Math.pow(0.5, i);
            Expect.near(height, rate(doubling, restarts[i] + 1, DType.FLOAT64), 1e-16 * height, "restart " + i);
            Expect.near(height, rate(doubling, restarts[i] + 1, DType.FLOAT32), 1e-7 * height, "restart " + i + " f32");
            if (i > 0) {
                assertTrue(rate(doubling, restarts[i], DType.FLOAT64) < 0.25 * height, "the step before restart " + i);
            }
        }
    }

    /**
     * The new schedules in float32 against float64 at every step of {@link #STEPS} and around the restarts. The
     * tolerance, {@code 1e-6 · η₀} absolute: each of the ~10 float32 operations rounds to 2^-24 ≈ 6e-8 relative,
     * and an error δ in a cosine's phase moves the rate by at most {@code π/2 · δ · η₀}; absolute, because the
     * rate passes near 0 at the end of each period, where the relative error of any float format grows.
     */
    @Test
    void theNewSchedulesWorkInFloat32() {
        List<Schedule> schedules = List.of(Schedule.polynomialDecay(0.1, 100, 0.001, 2.0, true),
                Schedule.polynomialDecay(0.1, 100, 0.001, 0.5, false), Schedule.inverseTimeDecay(0.1, 7, 0.3, true),
                Schedule.inverseTimeDecay(0.1, 7, 0.3, false), Schedule.cosineDecayRestarts(0.1, 10),
                Schedule.cosineDecayRestarts(0.1, 7, 1.5, 0.8, 0.05), Schedule.cosineDecayRestarts(0.1, 10, 1, 1, 0));
        int[] around = {9, 10, 11, 12, 29, 30, 31, 32, 69, 70, 71, 72, 149, 150, 151, 152, 309, 310, 311, 312};
        for (Schedule s : schedules) {
            for (int[] steps : new int[][] {STEPS, around}) {
                for (int t : steps) {
                    Expect.near(rate(s, t, DType.FLOAT64), rate(s, t, DType.FLOAT32), 1e-6 * 0.1, s + " at " + t);
                }
            }
        }
    }

    @Test
    void theFirstUpdateOfTheNewSchedulesUsesTheInitialRate() {
        for (Schedule s : List.of(Schedule.polynomialDecay(0.1, 7), Schedule.polynomialDecay(0.1, 7, 0.0, 3, true),
                Schedule.inverseTimeDecay(0.1, 7, 0.3, false), Schedule.inverseTimeDecay(0.1, 7, 0.3, true),
                Schedule.cosineDecayRestarts(0.1, 7), Schedule.cosineDecayRestarts(0.1, 7, 1.5, 0.5, 0.3),
                Schedule.piecewiseConstantDecay(List.of(0), List.of(0.1, 0.2)))) {
            Expect.near(0.1, rate(s, 1, DType.FLOAT64), 1e-17, s.toString());
        }
    }

    @Test
    void theNewSchedulesRejectInvalidParameters() {
        Expect.rejects("PiecewiseConstantDecay: values must have one more element than boundaries (3), got 2"
                + " [0.1, 0.01]", () -> Schedule.piecewiseConstantDecay(List.of(10, 20), List.of(0.1, 0.01)));
        Expect.rejects("PiecewiseConstantDecay: boundaries must be strictly increasing, got [10.0, 10.0]",
                () -> Schedule.piecewiseConstantDecay(List.of(10, 10), List.of(0.1, 0.01, 0.001)));
        Expect.rejects("PiecewiseConstantDecay: boundaries must be strictly increasing, got [20.0, 10.0]",
                () -> Schedule.piecewiseConstantDecay(List.of(20, 10), List.of(0.1, 0.01, 0.001)));
        Expect.rejects("PiecewiseConstantDecay: boundaries must hold at least one step, got []",
                () -> Schedule.piecewiseConstantDecay(List.of(), List.of(0.1)));
        Expect.rejects("PiecewiseConstantDecay: boundaries[1] must be finite, got NaN",
                () -> Schedule.piecewiseConstantDecay(List.of(1.0, Double.NaN), List.of(0.1, 0.01, 0.001)));
        Expect.rejects("PiecewiseConstantDecay: values[1] must be non-negative and finite, got -0.01",
                () -> Schedule.piecewiseConstantDecay(List.of(10), List.of(0.1, -0.01)));
        assertThrows(NullPointerException.class, () -> Schedule.piecewiseConstantDecay(null, List.of(0.1)));
        assertThrows(NullPointerException.class,
                () -> new Schedule.PiecewiseConstantDecay(List.of(1.0), java.util.Arrays.asList(0.1, null)));
        Expect.rejects("PolynomialDecay: decaySteps must be at least 1, got 0", () -> Schedule.polynomialDecay(0.1, 0));
        Expect.rejects("PolynomialDecay: endLearningRate must be non-negative and finite, got -1.0",
                () -> Schedule.polynomialDecay(0.1, 10, -1, 1, false));
        Expect.rejects("PolynomialDecay: power must be positive and finite, got 0.0",
                () -> Schedule.polynomialDecay(0.1, 10, 0, 0, false));
        Expect.rejects("PolynomialDecay: initial must be positive and finite, got NaN",
                () -> Schedule.polynomialDecay(Double.NaN, 10));
        Expect.rejects("InverseTimeDecay: decayRate must be positive and finite, got -0.5",
                () -> Schedule.inverseTimeDecay(0.1, 10, -0.5, false));
        Expect.rejects("InverseTimeDecay: decaySteps must be at least 1, got -1",
                () -> Schedule.inverseTimeDecay(0.1, -1, 0.5, false));
        Expect.rejects("CosineDecayRestarts: tMul must be at least 1 and finite, got 0.5",
                () -> Schedule.cosineDecayRestarts(0.1, 10, 0.5, 1, 0));
        Expect.rejects("CosineDecayRestarts: tMul must be at least 1 and finite, got Infinity",
                () -> Schedule.cosineDecayRestarts(0.1, 10, Double.POSITIVE_INFINITY, 1, 0));
        Expect.rejects("CosineDecayRestarts: mMul must be non-negative and finite, got -1.0",
                () -> Schedule.cosineDecayRestarts(0.1, 10, 2, -1, 0));
        Expect.rejects("CosineDecayRestarts: alpha must be in [0, 1], got 1.5",
                () -> Schedule.cosineDecayRestarts(0.1, 10, 2, 1, 1.5));
        Expect.rejects("CosineDecayRestarts: firstDecaySteps must be at least 1, got 0",
                () -> Schedule.cosineDecayRestarts(0.1, 0));
        Expect.rejects("CosineDecayRestarts: step must be a rank-0 node, got f64[3]",
                () -> Schedule.cosineDecayRestarts(0.1, 10).at(SourceOp.input("t", Shape.of(3))));
    }
}
