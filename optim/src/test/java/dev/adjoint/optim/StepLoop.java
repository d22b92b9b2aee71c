package dev.adjoint.optim;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.NamedFunction;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an optimizer on a loss the way a training loop does: one {@link NamedFunction}
 * {@code (params, state, step) -> (params', state', loss)} is compiled once, then called once per step with
 * the tensors the previous call returned. Parameters are named {@code w0, w1, ...}; their state is named
 * {@code w0/m, w0/v, ...}, as {@link Optimizer#init(Map)} names it.
 */
final class StepLoop {

    /** A loss built from the parameter nodes. */
    interface Loss {
        Node of(List<Node> params);
    }

    /** Parameters and optimizer state between two steps (all plain tensors), by name. */
    record State(Map<String, Tensor> params, Map<String, Tensor> slots) {
        /** Element {@code element} of parameter {@code w<i>}. */
        double param(int i, int element) {
            return params.get(name(i)).flat(element);
        }

        /** Slot {@code slot} of parameter {@code w<i>}. */
        Tensor slot(int i, String slot) {
            return slots.get(Optimizer.stateName(name(i), slot));
        }
    }

    private final NamedFunction function;
    private final Optimizer optimizer;
    private final DType dtype;

    private StepLoop(NamedFunction function, Optimizer optimizer, DType dtype) {
        this.function = function;
        this.optimizer = optimizer;
        this.dtype = dtype;
    }

    private static String name(int i) {
        return "w" + i;
    }

    /** Compiles the step of {@code optimizer} on {@code loss} for parameters shaped like {@code like}. */
    static StepLoop compile(Optimizer optimizer, Loss loss, List<Tensor> like) {
        DType dtype = like.get(0).dtype();
        Map<String, Node> params = new LinkedHashMap<>();
        for (int i = 0; i < like.size(); i++) {
            params.put(name(i), SourceOp.input(name(i), like.get(i).shape(), like.get(i).dtype()));
        }
        Map<String, Node> state = new LinkedHashMap<>();
        optimizer.init(start(like)).forEach((key, value) -> state.put(key, SourceOp.input(key, value.shape(),
                value.dtype())));
        Node step = SourceOp.input("t", Shape.scalar(), dtype);
        Node value = loss.of(new ArrayList<>(params.values()));
        List<Node> gradList = Autodiff.grad(value, params.values().toArray(new Node[0]));
        Map<String, Node> grads = new LinkedHashMap<>();
        for (int i = 0; i < like.size(); i++) {
            grads.put(name(i), gradList.get(i));
        }
        Update next = optimizer.update(grads, state, params, step);

        Map<String, Node> arguments = new LinkedHashMap<>(params);
        arguments.putAll(state);
        arguments.put("t", step);
        Map<String, Node> results = new LinkedHashMap<>(next.params());
        results.putAll(next.state());
        results.put("loss", value);
        return new StepLoop(NamedFunction.of(arguments, results), optimizer, dtype);
    }

    private static Map<String, Tensor> start(List<Tensor> params) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            named.put(name(i), params.get(i));
        }
        return named;
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
        Map<String, Tensor> named = start(List.of(params));
        return new State(named, optimizer.init(named));
    }

    /** The state after update number {@code t} (1-based) from {@code s}. */
    State step(State s, int t) {
        Map<String, Tensor> args = new LinkedHashMap<>(s.params());
        args.putAll(s.slots());
        args.put("t", Tensor.scalar(dtype, t));
        Map<String, Tensor> out = function.call(args);
        Map<String, Tensor> params = new LinkedHashMap<>();
        s.params().keySet().forEach(p -> params.put(p, out.get(p)));
        Map<String, Tensor> slots = new LinkedHashMap<>();
        s.slots().keySet().forEach(k -> slots.put(k, out.get(k)));
        return new State(params, slots);
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
