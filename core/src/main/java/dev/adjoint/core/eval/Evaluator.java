package dev.adjoint.core.eval;

import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One-off evaluation: compiles a {@link Function} for the bound inputs and calls it once. Use
 * {@link Function} directly to evaluate the same graph many times.
 *
 * <p>{@link #evaluate} is strict: a binding the outputs do not use is an error, because it is usually a
 * mistake (the wrong node bound, a stale graph); the first bound input with the batch dimension N counts as used
 * by outputs that have N and read no input with it (the gradient of a function linear in x does not read x, but has
 * x's N). {@link #evaluateIgnoringUnused} is the lenient mode, for one
 * {@link Bindings} that serves several outputs, each using some of the inputs:
 *
 * <pre>{@code
 * Bindings at = Bindings.of(x, xValue).and(w, wValue).and(b, bValue);
 * Tensor loss = Evaluator.evaluate(lossNode, at);                      // uses x, w and b
 * Tensor dW = Evaluator.evaluateIgnoringUnused(dWNode, at);           // may not use b
 * }</pre>
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * The values of {@code outputs} given {@code bindings}, which must bind every input they depend on and
     * nothing else.
     */
    public static List<Tensor> evaluate(List<Node> outputs, Bindings bindings) {
        Objects.requireNonNull(outputs, "evaluate: outputs is null");
        Objects.requireNonNull(bindings, "evaluate: bindings is null");
        List<Node> needed = withBatchBinding(Graphs.inputs(outputs), outputs, bindings);
        requireNoEscapedParameter(needed, bindings);
        Set<Node> neededSet = Collections.newSetFromMap(new IdentityHashMap<>());
        neededSet.addAll(needed);
        for (Node bound : bindings.inputs()) {
            if (!neededSet.contains(bound)) {
                throw new IllegalArgumentException("evaluate: input '" + SourceOp.inputName(bound) + "' : "
                        + bound.type() + " is bound but the outputs do not use it; if that is intended (a"
                        + " gradient often does not read the input it is taken at: the gradient of a function linear"
                        + " in an input is constant in it), use Evaluator.evaluateIgnoringUnused");
            }
        }
        return Function.of(needed, outputs).call(bindings);
    }

    /**
     * Refuses outputs that read a loop's or branch's body parameter (a node built inside the body escaped it)
     * before anything else is checked: that is the error, whatever else the bindings hold.
     */
    private static void requireNoEscapedParameter(List<Node> needed, Bindings bindings) {
        for (Node input : needed) {
            if (bindings.get(input) == null && ControlFlowOp.bodyParameter(input).isPresent()) {
                throw new IllegalArgumentException(Function.undeclared("evaluate: the outputs need", input,
                        bindings.inputs()));
            }
        }
    }

    /** The value of one output. */
    public static Tensor evaluate(Node output, Bindings bindings) {
        return evaluate(List.of(Objects.requireNonNull(output, "evaluate: output is null")), bindings).get(0);
    }

    /**
     * The values of {@code outputs} given {@code bindings}, which must bind every input they depend on; other
     * bindings are ignored.
     */
    public static List<Tensor> evaluateIgnoringUnused(List<Node> outputs, Bindings bindings) {
        Objects.requireNonNull(outputs, "evaluate: outputs is null");
        Objects.requireNonNull(bindings, "evaluate: bindings is null");
        List<Node> needed = withBatchBinding(Graphs.inputs(outputs), outputs, bindings);
        requireNoEscapedParameter(needed, bindings);
        Bindings used = Bindings.empty();
        for (Node input : needed) {
            Tensor value = bindings.get(input);
            if (value != null) {
                used = used.and(input, value);
            }
        }
        return Function.of(needed, outputs).call(used);
    }

    /**
     * {@code needed} and, when the outputs have the batch dimension N but none of {@code needed} does, the first
     * bound input that has it: its value gives N. (The gradient of {@code x.sum()} for {@code x : [N, 3]} is ones
     * of x's shape, a graph that no longer reads x but still has its N.)
     */
    private static List<Node> withBatchBinding(List<Node> needed, List<Node> outputs, Bindings bindings) {
        for (Node input : needed) {
            if (!input.shape().isConcrete()) {
                return needed;
            }
        }
        boolean batched = false;
        for (Node node : Topology.of(outputs).order()) {
            if (!node.shape().isConcrete()) {
                batched = true;
                break;
            }
        }
        if (!batched) {
            return needed;
        }
        for (Node bound : bindings.inputs()) {
            if (!bound.shape().isConcrete()) { // the first bound input with N gives it
                List<Node> with = new ArrayList<>(needed);
                with.add(bound);
                return with;
            }
        }
        return needed;
    }

    /** The value of one output, ignoring bindings it does not use. */
    public static Tensor evaluateIgnoringUnused(Node output, Bindings bindings) {
        return evaluateIgnoringUnused(List.of(Objects.requireNonNull(output, "evaluate: output is null")), bindings)
                .get(0);
    }
}
