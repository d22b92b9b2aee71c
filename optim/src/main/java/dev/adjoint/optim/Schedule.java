package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.DType;
import java.util.Objects;

/**
 * A learning-rate schedule: a graph function of the step, {@code η = η(t)}.
 *
 * <p><b>Which step.</b> {@code t = 1, 2, ...} numbers the updates; the rate for update {@code t} is
 * {@code at(t)}. The closed forms below are written in {@code k = t - 1}, the number of updates already
 * applied, because that is the step Keras passes to its schedules ({@code optimizer.iterations}, 0 at the
 * first update): with the same arguments, {@code at(t)} equals Keras's {@code schedule(t - 1)}, and the first
 * update always uses the initial rate.
 *
 * <p>A schedule only builds nodes; it holds no counter. The step arrives as a rank-0 node (usually an input
 * of the compiled training step), and the result is a rank-0 node of the step's dtype. Any lambda
 * {@code t -> ...} is a schedule; the records here cover the common ones:
 *
 * <table>
 *   <caption>Built-in schedules ({@code k = t - 1})</caption>
 *   <tr><th>schedule</th><th>η(t)</th></tr>
 *   <tr><td>{@link Constant}</td><td>{@code η₀}</td></tr>
 *   <tr><td>{@link ExponentialDecay}</td><td>{@code η₀ · r^(k / s)}, or {@code η₀ · r^floor(k / s)}</td></tr>
 *   <tr><td>{@link StepDecay}</td><td>{@code η₀ · f^floor(k / s)}</td></tr>
 *   <tr><td>{@link CosineDecay}</td><td>{@code η₀ · ((1 - α) · ½(1 + cos(π · min(k, D) / D)) + α)}</td></tr>
 *   <tr><td>{@link Warmup}</td><td>{@code (t / W) · after(1)} for {@code t ≤ W}, then {@code after(t - W)}</td></tr>
 *   <tr><td>{@link Scaled}</td><td>{@code base(t) · c}, {@code c} a rank-0 node</td></tr>
 * </table>
 *
 * <p>Integer arithmetic on the step ({@code floor(k / s)}) is exact as long as the step is exactly
 * representable in its dtype: below 2^24 in float32 and 2^53 in float64.
 */
@FunctionalInterface
public interface Schedule {

    /**
     * The learning rate for update number {@code step}.
     *
     * @param step a rank-0 node holding {@code t = 1, 2, ...} in a float dtype
     * @return a rank-0 node of {@code step}'s dtype
     */
    Node at(Node step);

    /** {@code η(t) = lr}; see {@link Constant}. */
    static Schedule constant(double lr) {
        return new Constant(lr);
    }

    /** See {@link ExponentialDecay}. */
    static Schedule exponentialDecay(double initial, int decaySteps, double decayRate, boolean staircase) {
        return new ExponentialDecay(initial, decaySteps, decayRate, staircase);
    }

    /** See {@link StepDecay}. */
    static Schedule stepDecay(double initial, int stepSize, double factor) {
        return new StepDecay(initial, stepSize, factor);
    }

    /** See {@link CosineDecay}. */
    static Schedule cosineDecay(double initial, int decaySteps, double alpha) {
        return new CosineDecay(initial, decaySteps, alpha);
    }

    /** This schedule after a linear warm-up of {@code warmupSteps} updates; see {@link Warmup}. */
    default Schedule withWarmup(int warmupSteps) {
        return new Warmup(this, warmupSteps);
    }

    /** This schedule times a rank-0 node {@code factor}; see {@link Scaled}. */
    default Schedule scaledBy(Node factor) {
        return new Scaled(this, factor);
    }

    /** The step, checked to be a rank-0 node. */
    private static Node checkStep(String owner, Node step) {
        Objects.requireNonNull(step, owner + ": step is null");
        if (step.rank() != 0) {
            throw new IllegalArgumentException(owner + ": step must be a rank-0 node, got " + step.type());
        }
        return step;
    }

    /** {@code k = t - 1}, the number of updates already applied. */
    private static Node completed(Node step) {
        return step.sub(1.0);
    }

    /**
     * {@code η(t) = η₀}: the same rate for every update.
     *
     * @param learningRate {@code η₀ >= 0}, finite (0 leaves the parameters where they are)
     */
    record Constant(double learningRate) implements Schedule {
        /** Validates the rate. */
        public Constant {
            Checks.learningRate("Constant", learningRate);
        }

        @Override
        public Node at(Node step) {
            return SourceOp.scalar(learningRate, checkStep("Constant", step).dtype());
        }
    }

    /**
     * Exponential decay, Keras's {@code keras.optimizers.schedules.ExponentialDecay}:
     * <pre>
     *   η(t) = η₀ · r^(k / s)            (staircase = false)
     *   η(t) = η₀ · r^floor(k / s)       (staircase = true),     k = t − 1
     * </pre>
     *
     * @param initial {@code η₀ > 0}, finite
     * @param decaySteps {@code s ≥ 1}
     * @param decayRate {@code r > 0}, finite (a rate above 1 grows the rate, as in Keras)
     * @param staircase whether the exponent is floored, so the rate drops every {@code s} updates
     */
    record ExponentialDecay(double initial, int decaySteps, double decayRate, boolean staircase)
            implements Schedule {
        /** Validates the parameters. */
        public ExponentialDecay {
            Checks.positive("ExponentialDecay", "initial", initial);
            Checks.positiveCount("ExponentialDecay", "decaySteps", decaySteps);
            Checks.positive("ExponentialDecay", "decayRate", decayRate);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("ExponentialDecay", step).dtype();
            Node p = completed(step).div(decaySteps);
            if (staircase) {
                p = Floor.of(p);
            }
            return SourceOp.scalar(initial, dtype).mul(SourceOp.scalar(decayRate, dtype).pow(p));
        }
    }

    /**
     * Step decay: the rate is multiplied by {@code f} every {@code s} updates,
     * <pre>
     *   η(t) = η₀ · f^floor(k / s),      k = t − 1
     * </pre>
     * so updates {@code 1..s} use {@code η₀}, updates {@code s+1..2s} use {@code η₀·f}, and so on. It equals a
     * staircase {@link ExponentialDecay} and is the classic "drop the rate every few epochs" rule.
     *
     * @param initial {@code η₀ > 0}, finite
     * @param stepSize {@code s ≥ 1}
     * @param factor {@code f > 0}, finite (usually in (0, 1), e.g. 0.5)
     */
    record StepDecay(double initial, int stepSize, double factor) implements Schedule {
        /** Validates the parameters. */
        public StepDecay {
            Checks.positive("StepDecay", "initial", initial);
            Checks.positiveCount("StepDecay", "stepSize", stepSize);
            Checks.positive("StepDecay", "factor", factor);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("StepDecay", step).dtype();
            Node drops = Floor.of(completed(step).div(stepSize));
            return SourceOp.scalar(initial, dtype).mul(SourceOp.scalar(factor, dtype).pow(drops));
        }
    }

    /**
     * Cosine decay (Loshchilov and Hutter, "SGDR", 2017), Keras's
     * {@code keras.optimizers.schedules.CosineDecay} without its built-in warm-up (use {@link Warmup}):
     * <pre>
     *   η(t) = η₀ · ((1 − α) · ½ (1 + cos(π · min(k, D) / D)) + α),     k = t − 1
     * </pre>
     * falling from {@code η₀} at the first update to {@code α·η₀} after {@code D} updates, and staying there.
     *
     * @param initial {@code η₀ > 0}, finite
     * @param decaySteps {@code D ≥ 1}
     * @param alpha {@code α ∈ [0, 1]}, the final rate as a fraction of {@code η₀}
     */
    record CosineDecay(double initial, int decaySteps, double alpha) implements Schedule {
        /** Validates the parameters. */
        public CosineDecay {
            Checks.positive("CosineDecay", "initial", initial);
            Checks.positiveCount("CosineDecay", "decaySteps", decaySteps);
            Checks.closedUnitInterval("CosineDecay", "alpha", alpha);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("CosineDecay", step).dtype();
            Node fraction = BinaryOp.minimum(completed(step), SourceOp.scalar(decaySteps, dtype)).div(decaySteps);
            Node cosine = UnaryOp.cos(fraction.mul(Math.PI)).add(1.0).mul(0.5);
            Node decayed = cosine.mul(1 - alpha).add(alpha);
            return SourceOp.scalar(initial, dtype).mul(decayed);
        }
    }

    /**
     * A linear warm-up from 0, then another schedule:
     * <pre>
     *   η(t) = (t / W) · after(1)     for t ≤ W
     *   η(t) = after(t − W)           for t > W
     * </pre>
     * The first {@code W} updates ramp linearly up to {@code after}'s initial rate, reached at update
     * {@code W}; from then on {@code after} runs as if training had started at update {@code W + 1}, as the
     * decay does in Keras's {@code CosineDecay(warmup_steps=W)} and Optax's {@code warmup_cosine_decay_schedule}.
     * One difference from Keras's ramp {@code (t − 1) / W · η_target} (written in its 0-based step): here the
     * ramp is {@code t / W}, so the first update already moves ({@code after(1) / W}) instead of spending an
     * update at rate 0. {@code after} is only ever asked for steps {@code ≥ 1}.
     *
     * @param after the schedule that follows the warm-up
     * @param warmupSteps {@code W ≥ 1}
     */
    record Warmup(Schedule after, int warmupSteps) implements Schedule {
        /** Validates the parameters. */
        public Warmup {
            Objects.requireNonNull(after, "Warmup: after is null");
            Checks.positiveCount("Warmup", "warmupSteps", warmupSteps);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("Warmup", step).dtype();
            Node one = SourceOp.scalar(1, dtype);
            Node w = SourceOp.scalar(warmupSteps, dtype);
            Node ramp = step.div(w).mul(after.at(one));
            Node shifted = after.at(BinaryOp.maximum(step.sub(w), one));
            return WhereOp.where(BinaryOp.lessEqual(step, w), ramp, shifted);
        }
    }

    /**
     * A schedule times a rank-0 node:
     * <pre>
     *   η(t) = base(t) · c
     * </pre>
     * {@code c} is any rank-0 node, cast to the step's dtype; making it an input of the training step lets a
     * callback such as ReduceLROnPlateau change the rate between calls without rebuilding the graph.
     *
     * @param base the schedule to scale
     * @param factor {@code c}, a rank-0 node
     */
    record Scaled(Schedule base, Node factor) implements Schedule {
        /** Validates the parameters. */
        public Scaled {
            Objects.requireNonNull(base, "Scaled: base is null");
            Objects.requireNonNull(factor, "Scaled: factor is null");
            if (factor.rank() != 0) {
                throw new IllegalArgumentException("Scaled: factor must be a rank-0 node, got " + factor.type());
            }
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("Scaled", step).dtype();
            return base.at(step).mul(factor.cast(dtype));
        }
    }
}
