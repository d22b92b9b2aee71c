package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), Keras's {@code keras.optimizers.Adam} ({@code keras/src/optimizers/adam.py}).
 * Keras uses the paper's "more efficient" form (end of Section 2): the bias corrections are folded into the
 * step size and {@code ε} is added to {@code √v} (the paper's ε̂), not to the bias-corrected {@code √v̂}:
 * <pre>
 *   α_t = η(t) · √(1 − β₂^t) / (1 − β₁^t)
 *   m'  = β₁ · m + (1 − β₁) · g
 *   v'  = β₂ · v + ((1 − β₂) · g) · g
 *   w'  = w − (m' · α_t) / (√v' + ε)
 * </pre>
 * The moments are written so that no intermediate value overflows where the moment itself is finite, as
 * PyTorch's {@code addcmul} form does: Keras's {@code v + (g² − v)(1 − β₂)} squares {@code g} first, which
 * overflows float32 at {@code |g| > 1.8e19} although {@code v'} is finite up to {@code |g| ≈ 5.8e20}
 * ({@code β₂ = 0.999}). Here {@code (1 − β₂)·g} is finite and its product with {@code g} is at most
 * {@code v'}, so {@code v'} is infinite only when its true value exceeds the largest float
 * ({@code (1 − β₂)·g² + β₂·v > 3.4e38} in float32), and {@code m'}, a convex combination of {@code m} and {@code g},
 * only when {@code m} or {@code g} is already at the largest float (where rounding the two products can carry the sum
 * over). The results equal Keras's up to the rounding of the rearranged operations.
 * With AMSGrad (Reddi, Kale and Kumar, 2018) the denominator uses the running maximum
 * {@code v̂' = max(v̂, v')} instead of {@code v'}. State, initially zero: {@code ["m", "v"]}, plus
 * {@code "vHat"} with AMSGrad.
 *
 * <p>Defaults (Keras 3): {@code η = 0.001}, {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-7}, no
 * AMSGrad.
 *
 * @param learningRate the schedule {@code η(t)}
 * @param beta1 the first-moment decay {@code β₁ ∈ [0, 1)}
 * @param beta2 the second-moment decay {@code β₂ ∈ [0, 1)}
 * @param epsilon {@code ε > 0}, finite
 * @param amsgrad whether to use the AMSGrad maximum
 */
public record Adam(Schedule learningRate, double beta1, double beta2, double epsilon, boolean amsgrad)
        implements Optimizer {

    private static final String NAME = "Adam";

    /** Validates the hyperparameters. */
    public Adam {
        validate(NAME, learningRate, beta1, beta2, epsilon);
    }

    /** The checks shared with {@link AdamW}, naming {@code owner}. */
    static void validate(String owner, Schedule learningRate, double beta1, double beta2, double epsilon) {
        Checks.schedule(owner, learningRate);
        Checks.unitInterval(owner, "beta1", beta1);
        Checks.unitInterval(owner, "beta2", beta2);
        Checks.positive(owner, "epsilon", epsilon);
    }

    /** Keras 3's defaults: {@code η = 0.001}, {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-7}. */
    public static Adam defaults() {
        return new Adam(Schedule.constant(0.001), 0.9, 0.999, 1e-7, false);
    }

    @Override
    public Adam withLearningRate(Schedule schedule) {
        return new Adam(schedule, beta1, beta2, epsilon, amsgrad);
    }

    @Override
    public Adam withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(NAME, lr)));
    }

    /** The same optimizer with {@code β₁}. */
    public Adam withBeta1(double beta1) {
        return new Adam(learningRate, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with {@code β₂}. */
    public Adam withBeta2(double beta2) {
        return new Adam(learningRate, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with {@code ε}. */
    public Adam withEpsilon(double epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon, amsgrad);
    }

    /** The same optimizer with or without AMSGrad. */
    public Adam withAmsgrad(boolean amsgrad) {
        return new Adam(learningRate, beta1, beta2, epsilon, amsgrad);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> slots() {
        return amsgrad ? List.of("m", "v", "vHat") : List.of("m", "v");
    }

    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        DType dtype = w.dtype();
        Node one = SourceOp.scalar(1, dtype);
        Node beta1Power = SourceOp.scalar(beta1, dtype).pow(t);
        Node beta2Power = SourceOp.scalar(beta2, dtype).pow(t);
        Node alpha = lr.mul(one.sub(beta2Power).sqrt()).div(one.sub(beta1Power));
        Node m = s.get("m").mul(beta1).add(g.mul(1 - beta1));
        Node v = s.get("v").mul(beta2).add(g.mul(1 - beta2).mul(g));
        Map<String, Node> next = new HashMap<>(Map.of("m", m, "v", v));
        Node denominatorMoment = v;
        if (amsgrad) {
            denominatorMoment = BinaryOp.maximum(s.get("vHat"), v);
            next.put("vHat", denominatorMoment);
        }
        return new ParamUpdate(w.sub(m.mul(alpha).div(denominatorMoment.sqrt().add(epsilon))), next);
    }
}
