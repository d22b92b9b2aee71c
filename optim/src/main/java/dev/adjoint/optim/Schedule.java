package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.DType;
import java.util.List;
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
 *   <tr><td>{@link PiecewiseConstantDecay}</td><td>{@code v_i} for {@code b_(i-1) < k ≤ b_i}</td></tr>
 *   <tr><td>{@link PolynomialDecay}</td><td>{@code (η₀ - η_end) · (1 - min(k, s) / s)^p + η_end}</td></tr>
 *   <tr><td>{@link InverseTimeDecay}</td><td>{@code η₀ / (1 + r · k / s)}, or {@code η₀ / (1 + r · floor(k / s))}
 *   </td></tr>
 *   <tr><td>{@link CosineDecayRestarts}</td><td>{@link CosineDecay} restarted after {@code D}, {@code D·T},
 *   {@code D·T²}, ... updates, each restart at {@code m^i · η₀}</td></tr>
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

    /** See {@link PiecewiseConstantDecay}; the boundaries and values may be any numbers ({@code List.of(100, 200)}). */
    static Schedule piecewiseConstantDecay(List<? extends Number> boundaries, List<? extends Number> values) {
        Objects.requireNonNull(boundaries, "PiecewiseConstantDecay: boundaries is null");
        Objects.requireNonNull(values, "PiecewiseConstantDecay: values is null");
        return new PiecewiseConstantDecay(boundaries.stream().map(Number::doubleValue).toList(),
                values.stream().map(Number::doubleValue).toList());
    }

    /** See {@link PolynomialDecay}: Keras's defaults, linear decay to {@code 0.0001} without cycles. */
    static Schedule polynomialDecay(double initial, int decaySteps) {
        return new PolynomialDecay(initial, decaySteps, PolynomialDecay.DEFAULT_END_LEARNING_RATE,
                PolynomialDecay.DEFAULT_POWER, false);
    }

    /** See {@link PolynomialDecay}. */
    static Schedule polynomialDecay(double initial, int decaySteps, double endLearningRate, double power,
            boolean cycle) {
        return new PolynomialDecay(initial, decaySteps, endLearningRate, power, cycle);
    }

    /** See {@link InverseTimeDecay}. */
    static Schedule inverseTimeDecay(double initial, int decaySteps, double decayRate, boolean staircase) {
        return new InverseTimeDecay(initial, decaySteps, decayRate, staircase);
    }

    /** See {@link CosineDecayRestarts}: Keras's defaults, periods doubling, no decay of the restarts, α = 0. */
    static Schedule cosineDecayRestarts(double initial, int firstDecaySteps) {
        return new CosineDecayRestarts(initial, firstDecaySteps, CosineDecayRestarts.DEFAULT_T_MUL,
                CosineDecayRestarts.DEFAULT_M_MUL, CosineDecayRestarts.DEFAULT_ALPHA);
    }

    /** See {@link CosineDecayRestarts}. */
    static Schedule cosineDecayRestarts(double initial, int firstDecaySteps, double tMul, double mMul, double alpha) {
        return new CosineDecayRestarts(initial, firstDecaySteps, tMul, mMul, alpha);
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

    /** {@code k / s}, floored when {@code staircase}: the decay's progress, in periods of {@code s} updates. */
    private static Node periods(Node step, int decaySteps, boolean staircase) {
        Node p = completed(step).div(decaySteps);
        return staircase ? Floor.of(p) : p;
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
            Node p = periods(step, decaySteps, staircase);
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
            Node drops = periods(step, stepSize, true);
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
     * Piecewise constant decay, Keras's {@code keras.optimizers.schedules.PiecewiseConstantDecay}:
     * <pre>
     *   η(t) = v_0        for k ≤ b_0
     *   η(t) = v_i        for b_(i−1) &lt; k ≤ b_i
     *   η(t) = v_n        for k > b_(n−1),                  k = t − 1
     * </pre>
     * with {@code n} boundaries and {@code n + 1} values. As in Keras a boundary belongs to the piece before
     * it: with {@code boundaries = [100]}, updates {@code 1..101} ({@code k ≤ 100}) use {@code v_0} and update
     * {@code 102} is the first to use {@code v_1}. As Keras casts the boundaries to its integer step's dtype, a
     * fractional boundary counts as its integer part, toward zero ({@code 2.5} as {@code 2}, {@code -0.5} as
     * {@code 0}); in float32, integer boundaries below 2^24 are exact.
     *
     * @param boundaries {@code b_0 < b_1 < ...}, at least one, finite and strictly increasing
     * @param values {@code v_0, ..., v_n}, one more than the boundaries, each {@code ≥ 0} and finite
     */
    record PiecewiseConstantDecay(List<Double> boundaries, List<Double> values) implements Schedule {
        /** Validates the parameters and copies the lists (unmodifiable). */
        public PiecewiseConstantDecay {
            Objects.requireNonNull(boundaries, "PiecewiseConstantDecay: boundaries is null");
            Objects.requireNonNull(values, "PiecewiseConstantDecay: values is null");
            boundaries = List.copyOf(boundaries);
            values = List.copyOf(values);
            if (boundaries.isEmpty()) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must hold at least one step,"
                        + " got []");
            }
            if (values.size() != boundaries.size() + 1) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: values must have one more element than"
                        + " boundaries (" + (boundaries.size() + 1) + "), got " + values.size() + " " + values);
            }
            for (int i = 0; i < boundaries.size(); i++) {
                double b = boundaries.get(i);
                if (!Double.isFinite(b)) {
                    throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries[" + i
                            + "] must be finite, got " + b);
                }
                if (i > 0 && !(b > boundaries.get(i - 1))) {
                    throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must be strictly"
                            + " increasing, got " + boundaries);
                }
            }
            for (int i = 0; i < values.size(); i++) {
                Checks.nonNegative("PiecewiseConstantDecay", "values[" + i + "]", values.get(i));
            }
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("PiecewiseConstantDecay", step).dtype();
            Node k = completed(step);
            Node rate = SourceOp.scalar(values.get(values.size() - 1), dtype);
            for (int i = boundaries.size() - 1; i >= 0; i--) {
                double b = boundaries.get(i);
                double integer = b < 0 ? Math.ceil(b) : Math.floor(b); // Keras's cast to an integer step
                rate = k.lessEqual(SourceOp.scalar(integer, dtype)).where(SourceOp.scalar(values.get(i), dtype), rate);
            }
            return rate;
        }
    }

    /**
     * Polynomial decay, Keras's {@code keras.optimizers.schedules.PolynomialDecay}:
     * <pre>
     *   η(t) = (η₀ − η_end) · (1 − min(k, s) / s)^p + η_end                   (cycle = false)
     *   η(t) = (η₀ − η_end) · (1 − k / S)^p + η_end,  S = s · ceil(k / s)     (cycle = true),   k = t − 1
     * </pre>
     * Without cycles the rate reaches {@code η_end} after {@code s} updates and stays there. With cycles the
     * horizon {@code S} is the first multiple of {@code s} at or after {@code k}, so the rate returns to
     * {@code η_end} at every multiple of {@code s} and jumps back up right after, each cycle from a lower start
     * (at {@code k = s + 1} it is {@code (η₀ − η_end) · (1 − (s + 1) / 2s)^p + η_end}); at {@code k = 0}, where
     * {@code ceil(0) = 0}, Keras takes {@code S = s}, and so does this record. With {@code p = 1} the decay is
     * linear.
     *
     * @param initial {@code η₀ > 0}, finite
     * @param decaySteps {@code s ≥ 1}
     * @param endLearningRate {@code η_end ≥ 0}, finite (Keras's default {@code 0.0001}; above {@code η₀} the
     *     rate grows, as in Keras)
     * @param power {@code p > 0}, finite (Keras's default 1)
     * @param cycle whether the decay restarts after every {@code s} updates instead of staying at {@code η_end}
     */
    record PolynomialDecay(double initial, int decaySteps, double endLearningRate, double power, boolean cycle)
            implements Schedule {
        /** Keras's default {@code end_learning_rate}, 0.0001. */
        public static final double DEFAULT_END_LEARNING_RATE = 0.0001;
        /** Keras's default {@code power}, 1 (linear decay). */
        public static final double DEFAULT_POWER = 1.0;

        /** Validates the parameters. */
        public PolynomialDecay {
            Checks.positive("PolynomialDecay", "initial", initial);
            Checks.positiveCount("PolynomialDecay", "decaySteps", decaySteps);
            Checks.nonNegative("PolynomialDecay", "endLearningRate", endLearningRate);
            Checks.positive("PolynomialDecay", "power", power);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("PolynomialDecay", step).dtype();
            Node k = completed(step);
            Node s = SourceOp.scalar(decaySteps, dtype);
            Node p;
            if (cycle) {
                Node multiplier = k.equal(0.0).where(SourceOp.scalar(1, dtype), k.div(s).ceil());
                p = k.div(s.mul(multiplier));
            } else {
                p = BinaryOp.minimum(k, s).div(s);
            }
            Node remaining = SourceOp.scalar(1, dtype).sub(p).pow(power);
            return remaining.mul(initial - endLearningRate).add(endLearningRate);
        }
    }

    /**
     * Inverse time decay, Keras's {@code keras.optimizers.schedules.InverseTimeDecay}:
     * <pre>
     *   η(t) = η₀ / (1 + r · k / s)            (staircase = false)
     *   η(t) = η₀ / (1 + r · floor(k / s))     (staircase = true),     k = t − 1
     * </pre>
     * so the rate is {@code η₀ / 2} after {@code s / r} updates and falls as {@code 1 / k} from then on.
     *
     * @param initial {@code η₀ > 0}, finite
     * @param decaySteps {@code s ≥ 1}
     * @param decayRate {@code r > 0}, finite
     * @param staircase whether {@code k / s} is floored, so the rate drops every {@code s} updates
     */
    record InverseTimeDecay(double initial, int decaySteps, double decayRate, boolean staircase)
            implements Schedule {
        /** Validates the parameters. */
        public InverseTimeDecay {
            Checks.positive("InverseTimeDecay", "initial", initial);
            Checks.positiveCount("InverseTimeDecay", "decaySteps", decaySteps);
            Checks.positive("InverseTimeDecay", "decayRate", decayRate);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("InverseTimeDecay", step).dtype();
            Node p = periods(step, decaySteps, staircase);
            return SourceOp.scalar(initial, dtype).div(p.mul(decayRate).add(1.0));
        }
    }

    /**
     * Cosine decay with warm restarts (Loshchilov and Hutter, "SGDR", 2017), Keras's
     * {@code keras.optimizers.schedules.CosineDecayRestarts}. Period {@code i = 0, 1, ...} lasts
     * {@code D · T^i} updates and starts after {@code D · S_i} of them, {@code S_i = 1 + T + ... + T^(i−1)}
     * ({@code = (T^i − 1) / (T − 1)}, or {@code i} when {@code T = 1}); within it the rate follows a
     * {@link CosineDecay} from {@code m^i · η₀}:
     * <pre>
     *   f = k / D,   i = the period holding f (S_i ≤ f &lt; S_(i+1)),   φ = (f − S_i) / T^i ∈ [0, 1)
     *   η(t) = η₀ · ((1 − α) · m^i · ½ (1 + cos(π φ)) + α),             k = t − 1
     * </pre>
     * Keras finds {@code i} as {@code floor(f)} when {@code T = 1} and as {@code floor(log(1 − f (1 − T)) / log T)}
     * otherwise; so does this record, which then moves {@code i} by one where rounding in the logarithms put it
     * on the wrong side of a restart, so that every restart happens at exactly the step the formula names and
     * {@code φ} stays in {@code [0, 1)}. That is the one difference from Keras: with {@code D = 5} and
     * {@code T = 3}, the restart at {@code k = 605} ({@code f = 121 = S_5}) gets {@code log 243 / log 3 = 4.999...}
     * in float64, so Keras gives phase 1 and the rate {@code α · η₀} there instead of {@code m⁵ · η₀}; in float32
     * such steps are more frequent ({@code k = 40955} with {@code D = 5}, {@code T = 2}). As in Keras,
     * {@code α · η₀} is the floor of every period, not scaled by {@code m^i}.
     *
     * @param initial {@code η₀ > 0}, finite
     * @param firstDecaySteps {@code D ≥ 1}, the length of the first period
     * @param tMul {@code T ≥ 1}, finite: each period is {@code T} times the previous one (Keras's default 2).
     *     Below 1 the periods would shrink geometrically and, past {@code D / (1 − T)} updates, the rate would be
     *     NaN, so it is refused
     * @param mMul {@code m ≥ 0}, finite: each restart begins at {@code m} times the previous one's rate (Keras's
     *     default 1)
     * @param alpha {@code α ∈ [0, 1]}, the lowest rate as a fraction of {@code η₀} (Keras's default 0)
     */
    record CosineDecayRestarts(double initial, int firstDecaySteps, double tMul, double mMul, double alpha)
            implements Schedule {
        /** Keras's default {@code t_mul}, 2: each period twice as long as the previous one. */
        public static final double DEFAULT_T_MUL = 2.0;
        /** Keras's default {@code m_mul}, 1: every restart at {@code η₀}. */
        public static final double DEFAULT_M_MUL = 1.0;
        /** Keras's default {@code alpha}, 0. */
        public static final double DEFAULT_ALPHA = 0.0;

        /** Validates the parameters. */
        public CosineDecayRestarts {
            Checks.positive("CosineDecayRestarts", "initial", initial);
            Checks.positiveCount("CosineDecayRestarts", "firstDecaySteps", firstDecaySteps);
            if (!(tMul >= 1) || Double.isInfinite(tMul)) {
                throw new IllegalArgumentException("CosineDecayRestarts: tMul must be at least 1 and finite, got "
                        + tMul);
            }
            Checks.nonNegative("CosineDecayRestarts", "mMul", mMul);
            Checks.closedUnitInterval("CosineDecayRestarts", "alpha", alpha);
        }

        @Override
        public Node at(Node step) {
            DType dtype = checkStep("CosineDecayRestarts", step).dtype();
            Node f = completed(step).div(firstDecaySteps);
            Node restart;
            Node phase;
            if (tMul == 1) {
                restart = Floor.of(f);
                phase = f.sub(restart);
            } else {
                Node t = SourceOp.scalar(tMul, dtype);
                Node guess = Floor.of(f.mul(1 - tMul).neg().add(1.0).log().div(Math.log(tMul)));
                Node early = f.less(periodsBefore(guess, t));
                Node late = f.greaterEqual(periodsBefore(guess.add(1.0), t));
                Node zero = SourceOp.scalar(0, dtype);
                restart = guess.add(late.where(SourceOp.scalar(1, dtype), zero))
                        .sub(early.where(SourceOp.scalar(1, dtype), zero));
                phase = f.sub(periodsBefore(restart, t)).div(t.pow(restart));
            }
            Node height = SourceOp.scalar(mMul, dtype).pow(restart);
            Node cosine = UnaryOp.cos(phase.mul(Math.PI)).add(1.0).mul(0.5).mul(height);
            Node decayed = cosine.mul(1 - alpha).add(alpha);
            return SourceOp.scalar(initial, dtype).mul(decayed);
        }

        /** {@code S_i = (1 − T^i) / (1 − T)}, the length of periods {@code 0..i−1} in units of {@code D}. */
        private Node periodsBefore(Node i, Node t) {
            return t.pow(i).neg().add(1.0).div(1 - tMul);
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
