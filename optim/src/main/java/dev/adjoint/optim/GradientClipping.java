package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer whose gradients are clipped before its update, Keras's {@code clipvalue}, {@code clipnorm} and
 * {@code global_clipnorm} optimizer arguments, in graph operations ({@code keras/src/optimizers/
 * base_optimizer.py}, {@code _clip_gradients}):
 *
 * <table>
 *   <caption>The rules, for a threshold {@code c > 0}</caption>
 *   <tr><th>rule</th><th>clipped gradient</th></tr>
 *   <tr><td>{@link Rule#VALUE}</td><td>{@code g' = clip(g, -c, c)}, elementwise</td></tr>
 *   <tr><td>{@link Rule#NORM}</td><td>{@code g' = g · c / max(‖g‖₂, c)}, each parameter's gradient on its
 *       own</td></tr>
 *   <tr><td>{@link Rule#GLOBAL_NORM}</td><td>{@code g'_i = g_i · c / max(‖(g_1, ..., g_k)‖₂, c)}, every
 *       gradient scaled by the norm of all of them together, which keeps their direction</td></tr>
 * </table>
 *
 * <p>A gradient within the threshold passes unchanged (the factor is exactly 1). The wrapped optimizer's
 * state, step and learning rate are its own; this record only rewrites the gradients, so
 * {@code GradientClipping.byGlobalNorm(Adam.defaults(), 1.0)} is used wherever an optimizer is.
 * {@link #update(Map, Map, Map, Node)} sees all parameters at once, as the global norm needs; the
 * single-parameter {@link #update(Node, Node, Map, Node)} and {@link #rule} take that one gradient as "all".
 * Both updates clip and then call the wrapped optimizer's update of the same form, so any optimizer can be
 * wrapped, {@link GradientAccumulation} too (whose update depends on the step and which has no plain rule).
 *
 * @param inner the optimizer that applies the clipped gradients
 * @param rule how gradients are clipped
 * @param threshold the clip value or norm {@code c}, positive and finite
 */
public record GradientClipping(Optimizer inner, Rule rule, double threshold) implements Optimizer {

    /** How gradients are clipped. */
    public enum Rule {
        /** Each element to {@code [-c, c]} (Keras {@code clipvalue}). */
        VALUE,
        /** Each parameter's gradient to norm {@code <= c} (Keras {@code clipnorm}). */
        NORM,
        /** All gradients together to norm {@code <= c} (Keras {@code global_clipnorm}). */
        GLOBAL_NORM
    }

    private static final String NAME = "GradientClipping";

    /** Validates the fields. */
    public GradientClipping {
        Objects.requireNonNull(inner, NAME + ": inner is null");
        Objects.requireNonNull(rule, NAME + ": rule is null");
        Checks.positive(NAME, "threshold", threshold);
    }

    /** {@code optimizer} with every gradient element clipped to {@code [-c, c]}. */
    public static GradientClipping byValue(Optimizer optimizer, double c) {
        return new GradientClipping(optimizer, Rule.VALUE, c);
    }

    /** {@code optimizer} with each parameter's gradient scaled to norm at most {@code c}. */
    public static GradientClipping byNorm(Optimizer optimizer, double c) {
        return new GradientClipping(optimizer, Rule.NORM, c);
    }

    /** {@code optimizer} with all gradients scaled together to global norm at most {@code c}. */
    public static GradientClipping byGlobalNorm(Optimizer optimizer, double c) {
        return new GradientClipping(optimizer, Rule.GLOBAL_NORM, c);
    }

    @Override
    public Schedule learningRate() {
        return inner.learningRate();
    }

    @Override
    public GradientClipping withLearningRate(Schedule schedule) {
        return new GradientClipping(inner.withLearningRate(schedule), rule, threshold);
    }

    @Override
    public GradientClipping withLearningRate(double lr) {
        return new GradientClipping(inner.withLearningRate(lr), rule, threshold);
    }

    /** The wrapped optimizer's name, e.g. {@code Adam}: messages about the update come from it. */
    @Override
    public String name() {
        return inner.name();
    }

    /**
     * {@code GradientClipping(<rule> <c>, <inner>)}, the rule as Keras's argument without its {@code clip}
     * ({@code value}, {@code norm}, {@code global_norm}), e.g. {@code GradientClipping(norm 1.0, AdamW)}.
     */
    @Override
    public String description() {
        return NAME + "(" + rule.name().toLowerCase(java.util.Locale.ROOT) + " " + threshold + ", "
                + inner.description() + ")";
    }

    @Override
    public List<String> slots() {
        return inner.slots();
    }

    @Override
    public Tensor initialSlot(String slot, Tensor param) {
        return inner.initialSlot(slot, param);
    }

    /** The wrapped rule on the clipped gradient (one parameter: its own norm is the global one). */
    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        return inner.rule(w, clip(List.of(g)).get(0), s, t, lr);
    }

    /**
     * The wrapped optimizer's update of one parameter on its clipped gradient {@code g'} (one parameter: its own
     * norm is the global one): the gradient is checked and cast to the parameter's dtype, clipped, and passed
     * to {@code inner.update}, which checks the rest.
     */
    @Override
    public ParamUpdate update(Node param, Node grad, Map<String, Node> state, Node step) {
        return inner.update(param, clip(List.of(Checks.grad(name(), param, grad))).get(0), state, step);
    }

    /** The wrapped update of all parameters at once, on their clipped gradients (the global norm is all of them). */
    @Override
    public Update update(Map<String, Node> grads, Map<String, Node> state, Map<String, Node> params, Node step) {
        Objects.requireNonNull(grads, NAME + ": grads is null");
        Objects.requireNonNull(params, NAME + ": params is null");
        if (!grads.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException(NAME + ": grads must name exactly the parameters " + params.keySet()
                    + ", got " + grads.keySet());
        }
        List<String> names = new ArrayList<>(params.keySet());
        List<Node> checked = new ArrayList<>();
        for (String p : names) {
            try {
                checked.add(Checks.grad(NAME, params.get(p), grads.get(p)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw Checks.forParameter(e, p);
            }
        }
        List<Node> clipped = clip(checked);
        Map<String, Node> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), clipped.get(i));
        }
        return inner.update(out, state, params, step);
    }

    /**
     * The clipped gradients, in graph operations. The norms are {@link EuclideanNorm}'s, scaled by a power of two
     * so that float32 gradients of 1e20 (whose squares overflow) are clipped, not zeroed, and float32 gradients
     * of 1e-30 (whose squares underflow) are measured, not taken as 0; elsewhere the same bits as
     * {@code sqrt(Σ g²)}. The global norm is computed in the first gradient's dtype.
     */
    List<Node> clip(List<Node> grads) {
        List<Node> out = new ArrayList<>(grads.size());
        switch (rule) {
            case VALUE -> grads.forEach(g -> out.add(UnaryOp.clip(g, -threshold, threshold)));
            case NORM -> grads.forEach(g -> out.add(g.mul(factor(EuclideanNorm.of(List.of(g), g.dtype())))));
            case GLOBAL_NORM -> {
                if (grads.isEmpty()) {
                    return out;
                }
                Node factor = factor(EuclideanNorm.of(grads, grads.get(0).dtype()));
                for (Node g : grads) {
                    out.add(g.mul(factor.cast(g.dtype())));
                }
            }
            default -> throw new IllegalStateException("GradientClipping: unknown rule " + rule);
        }
        return out;
    }

    /** {@code c / max(norm, c)}, a rank-0 node: 1 within the threshold. */
    private Node factor(Node norm) {
        Node c = SourceOp.scalar(threshold, norm.dtype());
        return c.div(BinaryOp.maximum(norm, c));
    }
}
