package dev.adjoint.optim;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an optimizer on a loss the way a training loop does: one {@link Function}
 * {@code (params, state, step) -> (params', state', loss)} is compiled once, then called once per step with
 * the tensors the previous call returned.
 */
final class StepLoop {

    /** A loss built from the parameter nodes. */
    interface Loss {
        Node of(List<Node> params);
    }

    /** Parameters and optimizer state between two steps (all plain tensors). */
    record State(List<Tensor> params, List<List<Tensor>> slots) {
        double param(int i, int element) {
            return params.get(i).flat(element);
        }
    }

    private final Optimizer optimizer;
    private final Function function;
    private final int paramCount;
    private final int slotCount;
    private final DType dtype;

    private StepLoop(Optimizer optimizer, Function function, int paramCount, int slotCount, DType dtype) {
        this.optimizer = optimizer;
        this.function = function;
        this.paramCount = paramCount;
        this.slotCount = slotCount;
        this.dtype = dtype;
    }

    /** Compiles the step of {@code optimizer} on {@code loss} for parameters shaped like {@code like}. */
    static StepLoop compile(Optimizer optimizer, Loss loss, List<Tensor> like) {
        DType dtype = like.get(0).dtype();
        List<Node> params = new ArrayList<>();
        List<List<Node>> states = new ArrayList<>();
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < like.size(); i++) {
            Node p = SourceOp.input("w" + i, like.get(i).shape(), like.get(i).dtype());
            params.add(p);
            inputs.add(p);
        }
        for (int i = 0; i < like.size(); i++) {
            List<Node> slots = new ArrayList<>();
            for (String name : optimizer.stateNames()) {
                Node s = SourceOp.input(name + i, like.get(i).shape(), like.get(i).dtype());
                slots.add(s);
                inputs.add(s);
            }
            states.add(slots);
        }
        Node step = SourceOp.input("t", dev.adjoint.core.tensor.Shape.scalar(), dtype);
        inputs.add(step);
        Node value = loss.of(params);
        List<Node> grads = Autodiff.grad(value, params.toArray(new Node[0]));
        List<ParamUpdate> updates = optimizer.update(params, grads, states, step);
        List<Node> outputs = new ArrayList<>();
        for (ParamUpdate u : updates) {
            outputs.add(u.param());
        }
        for (ParamUpdate u : updates) {
            outputs.addAll(u.state());
        }
        outputs.add(value);
        return new StepLoop(optimizer, Function.of(inputs, outputs), like.size(), optimizer.stateNames().size(),
                dtype);
    }

    /** Compiles and starts from {@code params} with the optimizer's initial state. */
    static StepLoop compile(Optimizer optimizer, Loss loss, Tensor... params) {
        return compile(optimizer, loss, List.of(params));
    }

    /** The states after updates 1..{@code steps} of {@code optimizer} on {@code loss} from {@code start}. */
    static List<State> trace(Optimizer optimizer, Loss loss, Tensor start, int steps) {
        StepLoop loop = compile(optimizer, loss, start);
        return loop.trace(loop.start(start), 1, steps);
    }

    /** The state after {@code steps} updates of {@code optimizer} on {@code loss} from {@code start}. */
    static State run(Optimizer optimizer, Loss loss, Tensor start, int steps) {
        StepLoop loop = compile(optimizer, loss, start);
        return loop.run(loop.start(start), steps);
    }

    /** {@code params} with the optimizer's initial state. */
    State start(Tensor... params) {
        return new State(List.of(params), optimizer.initialStates(List.of(params)));
    }

    /** The state after update number {@code t} (1-based) from {@code s}. */
    State step(State s, int t) {
        List<Tensor> args = new ArrayList<>(s.params());
        for (List<Tensor> slots : s.slots()) {
            args.addAll(slots);
        }
        args.add(Tensor.scalar(dtype, t));
        List<Tensor> out = function.call(args);
        List<Tensor> params = out.subList(0, paramCount);
        List<List<Tensor>> slots = new ArrayList<>();
        for (int i = 0; i < paramCount; i++) {
            int from = paramCount + i * slotCount;
            slots.add(List.copyOf(out.subList(from, from + slotCount)));
        }
        return new State(List.copyOf(params), List.copyOf(slots));
    }

    /** The states after updates {@code first, first + 1, ..., first + count - 1}. */
    List<State> trace(State s, int first, int count) {
        List<State> states = new ArrayList<>();
        for (int t = first; t < first + count; t++) {
            s = step(s, t);
            states.add(s);
        }
        return states;
    }

    /** The state after {@code count} updates numbered from 1. */
    State run(State s, int count) {
        for (int t = 1; t <= count; t++) {
            s = step(s, t);
        }
        return s;
    }
}
