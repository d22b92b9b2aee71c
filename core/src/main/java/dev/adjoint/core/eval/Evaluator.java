package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One-off evaluation: compiles a {@link Function} for the bound inputs and calls it once. Use
 * {@link Function} directly to evaluate the same graph many times.
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
        List<Node> needed = Graphs.inputs(outputs);
        Set<Node> neededSet = Collections.newSetFromMap(new IdentityHashMap<>());
        neededSet.addAll(needed);
        for (Node bound : bindings.inputs()) {
            if (!neededSet.contains(bound)) {
                throw new IllegalArgumentException("evaluate: input '" + SourceOp.inputName(bound) + "' : "
                        + bound.type() + " is bound but the outputs do not use it");
            }
        }
        return Function.of(needed, outputs).call(bindings);
    }

    /** The value of one output. */
    public static Tensor evaluate(Node output, Bindings bindings) {
        return evaluate(List.of(Objects.requireNonNull(output, "evaluate: output is null")), bindings).get(0);
    }
}
