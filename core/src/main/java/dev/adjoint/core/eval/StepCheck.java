package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;

/**
 * A check a {@link Function} runs after computing each node of a call, in evaluation order, with the
 * node's input values and its output; it may throw to abort the call. Implementations must be immutable (a
 * function may be called from many threads). {@link AnomalyCheck} is the one in use.
 *
 * <p>Whatever schedule a function uses, a check sees every node of the graph, once per call, after its
 * inputs.
 */
interface StepCheck {

    /** Called after {@code node} computed {@code output} from {@code inputs} (one per input node, in order). */
    void afterStep(Node node, Tensor[] inputs, Tensor output);
}
