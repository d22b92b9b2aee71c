package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer that updates once every {@code k} steps with the mean of the last {@code k} gradients
 * (Keras 3's {@code gradient_accumulation_steps}), so that {@code k} batches of {@code b} rows train as one
 * batch of {@code k·b} rows would, with the memory of one, in graph operations:
 *
 * <pre>
 *   a' = a + g                                          (the accumulator, one more state slot)
 *   at step t with t mod k = 0:  (w', s') = inner(w, a' / k, s, t / k),  a'' = 0
 *   otherwise:                   (w', s') = (w, s),                         a'' = a'
 * </pre>
 *
 * <p>The wrapped optimizer sees update number {@code ceil(t / k)}, the number of updates it has applied, so
 * its schedule and bias corrections run as in large-batch training. (Keras passes its schedules and Adam's
 * bias correction the count of small steps instead.) Both branches are computed and one is selected with
 * {@code where}; the step number given to the skipped branch is the next update's, never 0. The state is the
 * wrapped optimizer's slots followed by this level's accumulator, {@link #accumulator()}:
 * {@code accumulated_grad}, or, when the wrapped optimizer already has a slot of that name (an accumulation
 * nested in another), {@code accumulated_grad_2}, {@code accumulated_grad_3}, ... so that every level keeps
 * its own sum. Nested accumulations multiply: {@code of(of(sgd, 2), 3)} updates as {@code of(sgd, 6)} does,
 * with the slots {@code [accumulated_grad, accumulated_grad_2]}.
 *
 * <p>Composes with {@link GradientClipping}: {@code GradientAccumulation.of(GradientClipping.byGlobalNorm(adam,
 * 1), 4)} clips the mean gradient (Keras's order), the other nesting clips every small batch's gradient.
 *
 * @param inner the optimizer that applies the mean gradient
 * @param steps the number {@code k >= 1} of steps accumulated per update
 */
public record GradientAccumulation(Optimizer inner, int steps) implements Optimizer {

    private static final String NAME = "GradientAccumulation";
    /**
     * The name of the accumulator slot of an accumulation whose wrapped optimizer has no slot of that name (the
     * usual case: every accumulation not nested in another); see {@link #accumulator()}.
     */
    public static final String ACCUMULATOR = "accumulated_grad";

    /** Validates the fields. */
    public GradientAccumulation {
        Objects.requireNonNull(inner, NAME + ": inner is null");
        Checks.positiveCount(NAME, "steps", steps);
    }

    /** {@code optimizer} updating once every {@code steps} steps with the mean gradient. */
    public static GradientAccumulation of(Optimizer optimizer, int steps) {
        return new GradientAccumulation(optimizer, steps);
    }

    @Override
    public Schedule learningRate() {
        return inner.learningRate();
    }

    @Override
    public GradientAccumulation withLearningRate(Schedule schedule) {
        return new GradientAccumulation(inner.withLearningRate(schedule), steps);
    }

    @Override
    public GradientAccumulation withLearningRate(double lr) {
        return new GradientAccumulation(inner.withLearningRate(lr), steps);
    }

    /** The wrapped optimizer's name, e.g. {@code Adam}. */
    @Override
    public String name() {
        return inner.name();
    }

    /** {@code GradientAccumulation(<k>, <inner>)}, e.g. {@code GradientAccumulation(2, AdamW)}. */
    @Override
    public String description() {
        return NAME + "(" + steps + ", " + inner.description() + ")";
    }

    /**
     * The name of this level's accumulator slot: {@link #ACCUMULATOR} unless the wrapped optimizer's slots hold
     * it, else {@code ACCUMULATOR + "_" + n} for the smallest {@code n >= 2} they do not hold. An accumulation
     * nested in another (directly or through {@link GradientClipping}) so has a slot of its own, and the
     * names of an accumulation that wraps none, as saved with a model's state, are unchanged.
     */
    public String accumulator() {
        List<String> taken = inner.slots();
        String name = ACCUMULATOR;
        for (int n = 2; taken.contains(name); n++) {
            name = ACCUMULATOR + "_" + n;
        }
        return name;
    }

    /** The wrapped optimizer's slots followed by {@link #accumulator()}. */
    @Override
    public List<String> slots() {
        List<String> names = new ArrayList<>(inner.slots());
        names.add(accumulator());
        return names;
    }

    @Override
    public Tensor initialSlot(String slot, Tensor param) {
        return slot.equals(accumulator()) ? Tensor.zeros(param.dtype(), param.shape())
                : inner.initialSlot(slot, param);
    }

    /**
     * Not used: whether a step updates depends on the step number, which {@link #update(Map, Map, Map, Node)}
     * reads before it applies the wrapped optimizer's rule.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr) {
        throw new UnsupportedOperationException(NAME + ": the rule depends on the step; call update");
    }

    /**
     * One parameter's accumulation and, every k-th step, its update: {@link #update(Map, Map, Map, Node)} on a
     * collection of this one parameter, after the arguments are checked as {@link Optimizer#update(Node, Node,
     * Map, Node)} checks them.
     */
    @Override
    public ParamUpdate update(Node param, Node grad, Map<String, Node> state, Node step) {
        Checks.grad(NAME, param, grad);
        Checks.state(NAME, slots(), param, state);
        Objects.requireNonNull(step, NAME + ": step is null");
        Map<String, Node> named = new LinkedHashMap<>();
        state.forEach((slot, node) -> named.put(Optimizer.stateName("w", slot), node));
        Update u = update(Map.of("w", grad), named, Map.of("w", param), step);
        Map<String, Node> slots = new LinkedHashMap<>();
        for (String slot : slots()) {
            slots.put(slot, u.state().get(Optimizer.stateName("w", slot)));
        }
        return new ParamUpdate(u.params().get("w"), slots);
    }

    @Override
    public Update update(Map<String, Node> grads, Map<String, Node> state, Map<String, Node> params, Node step) {
        Objects.requireNonNull(grads, NAME + ": grads is null");
        Objects.requireNonNull(state, NAME + ": state is null");
        Objects.requireNonNull(params, NAME + ": params is null");
        Objects.requireNonNull(step, NAME + ": step is null");
        if (!grads.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException(NAME + ": grads must name exactly the parameters " + params.keySet()
                    + ", got " + grads.keySet());
        }
        if (step.rank() != 0) {
            throw new IllegalArgumentException(NAME + ": step must be a rank-0 node, got " + step.type());
        }
        Checks.stateKeys(NAME, slots(), params.keySet(), state);
        // ceil(t / k) = floor((t - 1) / k) + 1; the update happens when t = k * ceil(t / k).
        Node updates = Floor.of(step.sub(1.0).div((double) steps)).add(1.0);
        Node apply = BinaryOp.equal(step, updates.mul((double) steps));
        String accumulator = accumulator();
        Map<String, Node> sums = new LinkedHashMap<>();
        Map<String, Node> means = new LinkedHashMap<>();
        Map<String, Node> innerState = new LinkedHashMap<>();
        params.forEach((p, w) -> {
            Map<String, Node> s;
            Node g;
            try {
                g = Checks.grad(NAME, w, grads.get(p));
                s = Checks.state(NAME, slots(), w, slotsOf(state, p));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw Checks.forParameter(e, p);
            }
            Node sum = s.get(accumulator).add(g);
            sums.put(p, sum);
            means.put(p, sum.div((double) steps));
            inner.slots().forEach(slot -> innerState.put(Optimizer.stateName(p, slot), s.get(slot)));
        });
        Update u = inner.update(means, innerState, params, updates);
        Map<String, Node> nextParams = new LinkedHashMap<>();
        Map<String, Node> nextState = new LinkedHashMap<>();
        params.forEach((p, w) -> {
            nextParams.put(p, WhereOp.where(apply, u.params().get(p), w));
            for (String slot : inner.slots()) {
                String name = Optimizer.stateName(p, slot);
                nextState.put(name, WhereOp.where(apply, u.state().get(name), innerState.get(name)));
            }
            nextState.put(Optimizer.stateName(p, accumulator), WhereOp.where(apply, SourceOp.zerosLike(w),
                    sums.get(p)));
        });
        return new Update(nextParams, nextState);
    }

    /** The slots of parameter {@code param} in {@code state} (whose keys {@link Checks#stateKeys} checked). */
    private Map<String, Node> slotsOf(Map<String, Node> state, String param) {
        Map<String, Node> s = new LinkedHashMap<>();
        for (String slot : slots()) {
            s.put(slot, state.get(Optimizer.stateName(param, slot)));
        }
        return s;
    }
}
