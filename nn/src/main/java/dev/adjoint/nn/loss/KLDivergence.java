package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The Kullback-Leibler divergence (Keras {@code "kl_divergence"}, aliases {@code "kld"} and {@code "KLD"}) of the
 * predicted distribution {@code q = yPred} from the target distribution {@code p = yTrue} along the last axis:
 * per example {@code l = sum_c p_c log(p_c / q_c)}, averaged over the examples (and any other non-class axes). As
 * Keras, both are first clipped to {@code [eps, 1]} with {@code eps = }{@link Losses#EPSILON} {@code = 1e-7}, so
 * a zero target contributes about {@code 1e-7 log(1e-7 / q)} instead of {@code 0 log 0} and a zero prediction
 * counts as {@code 1e-7}. Gradient: {@code dL/dyPred = -p / (q N)} where {@code q} is inside the interval, 0
 * outside.
 */
public record KLDivergence() implements Loss {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("KLDivergence", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("KLDivergence", terms(yTrue, yPred));
    }

    /** {@code sum_c p_c log(p_c / q_c)} per example (and per position along any other axis), both clipped. */
    private static Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("KLDivergence", yTrue, yPred);
        Targets.requireClassAxis("KLDivergence", yPred);
        Node p = y.clip(Losses.EPSILON, 1);
        Node q = yPred.clip(Losses.EPSILON, 1);
        return p.mul(p.div(q).log()).sum(-1);
    }

    @Override
    public String name() {
        return "kl_divergence";
    }
}
