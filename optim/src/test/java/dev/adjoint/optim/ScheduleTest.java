package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
