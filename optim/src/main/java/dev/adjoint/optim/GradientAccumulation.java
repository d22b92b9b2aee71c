package dev.adjoint.optim;

import dev.adjoint.core.graph.Elementwise;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Nodes;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
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
 * wrapped optimizer's slots followed by {@code accumulated_grad}.
 *
 * <p>Composes with {@link GradientClipping}: {@code GradientAccumulation.of(GradientClipping.byGlobalNorm(adam,
 * 1), 4)} clips the mean gradient (Keras's order), the other nesting clips every small batch's gradient.
 *
 * @param inner the optimizer that applies the mean gradient
 * @param steps the number {@code k >= 1} of steps accumulated per update
 */
public record GradientAccumulation(Optimizer inner, int steps) implements Optimizer {

    private static final String NAME = "GradientAccumulation";
    /** The name of the accumulator slot. */
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

    @Override
    public List<Tensor> initialState(Tensor param) {
        List<Tensor> state = new ArrayList<>(inner.initialState(param));
        state.add(Tensor.zeros(param.dtype(), param.shape()));
        return state;
    }

    @Override
    public List<String> stateNames() {
        List<String> names = new ArrayList<>(inner.stateNames());
        names.add(ACCUMULATOR);
        return names;
    }

    @Override
    public ParamUpdate update(Node param, Node grad, List<Node> state, Node step) {
        return update(List.of(param), List.of(grad), List.of(state), step).get(0);
    }

    @Override
    public List<ParamUpdate> update(List<Node> params, List<Node> grads, List<List<Node>> states, Node step) {
        Objects.requireNonNull(params, NAME + ": params is null");
        Objects.requireNonNull(grads, NAME + ": grads is null");
        Objects.requireNonNull(states, NAME + ": states is null");
        if (params.size() != grads.size() || params.size() != states.size()) {
            throw new IllegalArgumentException(NAME + ": params, grads and states must have equal lengths, got "
                    + params.size() + ", " + grads.size() + " and " + states.size());
        }
        Objects.requireNonNull(step, NAME + ": step is null");
        if (step.rank() != 0) {
            throw new IllegalArgumentException(NAME + ": step must be a rank-0 node, got " + step.type());
        }
        // ceil(t / k) = floor((t - 1) / k) + 1; the update happens when t = k * ceil(t / k).
        Node updates = Floor.of(step.sub(1.0).div((double) steps)).add(1.0);
        Node apply = Elementwise.equal(step, updates.mul((double) steps));
        int slots = inner.stateNames().size();
        List<Node> means = new ArrayList<>();
        List<Node> accumulated = new ArrayList<>();
        List<List<Node>> innerStates = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Node p = params.get(i);
            List<Node> state = Checks.state(NAME, stateNames(), p, states.get(i));
            Node sum = state.get(slots).add(Checks.grad(NAME, p, grads.get(i)));
            accumulated.add(sum);
            means.add(sum.div((double) steps));
            innerStates.add(state.subList(0, slots));
        }
        List<ParamUpdate> inners = inner.update(params, means, innerStates, updates);
        List<ParamUpdate> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            Node p = params.get(i);
            Node on = apply.cast(p.dtype());
            ParamUpdate u = inners.get(i);
            List<Node> state = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                state.add(Elementwise.where(on, u.state().get(s), innerStates.get(i).get(s)));
            }
            state.add(Elementwise.where(on, Nodes.zerosLike(p), accumulated.get(i)));
            out.add(new ParamUpdate(Elementwise.where(on, u.param(), p), state));
        }
        return out;
    }
}
