package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019),
 * Keras's {@code keras.optimizers.AdamW} ({@code keras/src/optimizers/adamw.py}). Keras first shrinks the
 * parameter by {@code λ·η(t)} ({@code BaseOptimizer._apply_weight_decay}, run before the gradient update)
 * and then takes the {@link Adam} step with the gradient {@code g} computed at the original {@code w}:
 * <pre>
 *   w̃   = w − w · λ · η(t)
 *   α_t = η(t) · √(1 − β₂^t) / (1 − β₁^t)
 *   m'  = β₁ · m + (1 − β₁) · g
 *   v'  = β₂ · v + ((1 − β₂) · g) · g            (the forms of {@link Adam}, finite where v' is)
 *   w'  = w̃ − (m' · α_t) / (√v' + ε)            (v̂' = max(v̂, v') in place of v' with AMSGrad)
 * </pre>
 * Unlike L2 regularization, the decay does not pass through the adaptive denominator. State as for
 * {@link Adam}: {@code ["m", "v"]}, plus {@code "vHat"} with AMSGrad, initially zero.
 *
 * <p>Defaults (Keras 3): {@code η = 0.001}, {@code λ = 0.004}, {@code β₁ = 0.9}, {@code β₂ = 0.999},
 * {@code ε = 1e-7}, no AMSGrad.
 *
 * @param learningRate the schedule {@code η(t)}
 * @param weightDecay the decay {@code λ ≥ 0}, finite (scaled by the learning rate, as in Keras)
 * @param beta1 the first-moment decay {@code β₁ ∈ [0, 1)}
 * @param beta2 the second-moment decay {@code β₂ ∈ [0, 1)}
 * @param epsilon {@code ε > 0}, finite
 * @param amsgrad whether to use the AMSGrad maximum
 */
public record AdamW(Schedule learningRate, double weightDecay, double beta1, double beta2, double epsilon,
        boolean amsgrad) implements Optimizer {

    private static final String NAME = "AdamW";

    /** Validates the hyperparameters. */
    public AdamW {
        Adam.validate(NAME, learningRate, beta1, beta2, epsilon);
        Checks.nonNegative(NAME, "weightDecay", weightDecay);
    }

    /**
     * Keras 3's defaults: {@code η = 0.001}, {@code λ = 0.004}, {@code β₁ = 0.9}, {@code β₂ = 0.999},
     * {@code ε = 1e-7}.
     */
    public static AdamW defaults() {
        return new AdamW(Schedule.constant(0.001), 0.004, 0.9, 0.999, 1e-7, false);
    }

    @Override
    public AdamW withLearningRate(Schedule schedule) {
        return new AdamW(schedule, weightDecay, beta1, beta2, epsilon, amsgrad);
    }

    @Override
    public AdamW withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with weight decay {@code λ}. */
    public AdamW withWeightDecay(double weightDecay) {
        return new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with {@code β₁}. */
    public AdamW withBeta1(double beta1) {
        return new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with {@code β₂}. */
    public AdamW withBeta2(double beta2) {
        return new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with {@code ε}. */
    public AdamW withEpsilon(double epsilon) {
        return new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with or without AMSGrad. */
    public AdamW withAmsgrad(boolean amsgrad) {
        return new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        return adam().slots();
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        Node decayed = w.sub(w.mul(weightDecay).mul(lr));
        return adam().rule(decayed, g, s, t, lr);
    }

    /** The Adam step taken after the decay. */
    private Adam adam() {
        return new Adam(learningRate, beta1, beta2, epsilon, amsgrad);
    }
}
