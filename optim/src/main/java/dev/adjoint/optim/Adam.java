package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015), Keras's {@code keras.optimizers.Adam} ({@code keras/src/optimizers/adam.py}).
 * Keras uses the paper's "more efficient" form (end of Section 2): the bias corrections are folded into the
 * step size and {@code ε} is added to {@code √v} (the paper's ε̂), not to the bias-corrected {@code √v̂}:
 * <pre>
 *   α_t = η(t) · √(1 − β₂^t) / (1 − β₁^t)
 *   m'  = m + (g − m) · (1 − β₁)                 (= β₁ m + (1 − β₁) g)
 *   v'  = v + (g² − v) · (1 − β₂)                (= β₂ v + (1 − β₂) g²)
 *   w'  = w − (m' · α_t) / (√v' + ε)
 * </pre>
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
    public List<Tensor> initialState(Tensor param) {
        return zeros(param, amsgrad);
    }

    @Override
    public List<String> stateNames() {
        return names(amsgrad);
    }

    @Override
    public ParamUpdate update(Node param, Node grad, List<Node> state, Node step) {
        Node g = Checks.grad(NAME, param, grad);
        List<Node> s = Checks.state(NAME, stateNames(), param, state);
        Node t = Checks.step(NAME, param, step);
        Node lr = Checks.rate(NAME, learningRate, t, param.dtype());
        return apply(param, g, s, t, lr);
    }

    /** The Adam equations on checked arguments: {@code t} and {@code lr} already in the parameter's dtype. */
    ParamUpdate apply(Node param, Node g, List<Node> s, Node t, Node lr) {
        DType dtype = param.dtype();
        Node one = SourceOp.scalar(1, dtype);
        Node beta1Power = SourceOp.scalar(beta1, dtype).pow(t);
        Node beta2Power = SourceOp.scalar(beta2, dtype).pow(t);
        Node alpha = lr.mul(one.sub(beta2Power).sqrt()).div(one.sub(beta1Power));
        Node m = s.get(0).add(g.sub(s.get(0)).mul(1 - beta1));
        Node v = s.get(1).add(g.square().sub(s.get(1)).mul(1 - beta2));
        List<Node> next = new ArrayList<>(List.of(m, v));
        Node denominatorMoment = v;
        if (amsgrad) {
            denominatorMoment = BinaryOp.maximum(s.get(2), v);
            next.add(denominatorMoment);
        }
        Node w = param.sub(m.mul(alpha).div(denominatorMoment.sqrt().add(epsilon)));
        return new ParamUpdate(w, next);
    }

    static List<Tensor> zeros(Tensor param, boolean amsgrad) {
        Tensor zero = Tensor.zeros(param.dtype(), param.shape());
        return amsgrad ? List.of(zero, zero, zero) : List.of(zero, zero);
    }

    static List<String> names(boolean amsgrad) {
        return amsgrad ? List.of("m", "v", "vHat") : List.of("m", "v");
    }
}
