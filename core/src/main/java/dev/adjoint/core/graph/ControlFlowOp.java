package dev.adjoint.core.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Structured control flow: ops that run subgraphs ({@link Subgraph}) instead of kernels, and their factories.
 * Each builds its bodies once, from Java functions of placeholder nodes, and the resulting node has several
 * outputs ({@link MultiOutputOp}), which the factories return as nodes.
 * <ul>
 *   <li>{@link Scan}: a loop over the leading axis of its inputs, {@code (carry, x_t) -> (carry', y_t)}, with
 *       the {@code y_t} stacked (JAX's {@code lax.scan}); differentiable, its VJP a reverse scan.</li>
 *   <li>{@link Cond}: one of two branches, chosen by a scalar predicate; differentiable.</li>
 *   <li>{@link WhileLoop}: a loop while a predicate holds; forward only.</li>
 *   <li>{@link Checkpoint}: a function whose values are recomputed in the backward pass instead of being
 *       kept (gradient checkpointing).</li>
 * </ul>
 * A body may read nodes of the graph around it; they become inputs of the op ({@link Subgraph#close}). These
 * factories take lists and functions, not a receiver node, so they have no fluent form.
 *
 * <p>Bodies may nest thousands of levels deep (a cond in a branch of a cond in ..., checkpoints of checkpoints):
 * building, evaluating and differentiating them never exhausts a thread's stack, because every 32nd nested level
 * (a function building a body inside one, a body's evaluation or VJP inside another's) continues on a fresh
 * thread. So a function nested that deep in others runs on another thread than the outermost one. Under anomaly
 * detection the bodies a checked call evaluates there are checked too: the level that moves takes the checked
 * form of its body along.
 */
public sealed interface ControlFlowOp extends MultiOutputOp permits Scan, Cond, WhileLoop, Checkpoint {

    /**
     * What {@code node} stands for when it is a placeholder that {@link #scan}, {@link #cond}, {@link #whileLoop}
     * or {@link #checkpoint} handed to the user's body, e.g. {@code the carry 0 of a scan body}; empty for any
     * other node. Such a placeholder has a value only inside its body, once per step or branch taken: a graph
     * outside that reads it holds a node that escaped the body (stored in a variable of the enclosing code),
     * and must use what the loop or branch returns instead.
     */
    static Optional<String> bodyParameter(Node node) {
        return Optional.ofNullable(node == null ? null : Bodies.roleOf(node));
    }

    /** The subgraphs this op runs: its body, or its branches. */
    List<Subgraph> bodies();

    /**
     * Which outputs of {@code tuple}, a node of this op, depend other than through a {@code stopGradient} on the
     * inputs marked in {@code inputs} (one flag per input): those its bodies compute from the parameters these
     * inputs feed ({@link Subgraph#dependence}), a scan's carries followed from step to step. Autodiff reads it to
     * know which of the outputs need a derivative in what they feed, instead of taking all of them as soon as one
     * input is differentiated.
     *
     * @param answers the questions already answered while this gradient is built
     */
    boolean[] dependence(Node tuple, boolean[] inputs, Subgraph.Answers answers);

    /**
     * Which of the inputs marked in {@code inputs} (those depending on what is differentiated other than through a
     * {@code stopGradient}) a cotangent of the outputs marked in {@code outputs} reaches through the VJP
     * ({@link Subgraph#reach}): only where the bodies compute those outputs from them, not through a
     * {@code stopGradient}, and a scan's only through the carries its cotangents pass from step to step. If
     * {@code ask}, asks the ops of the bodies so reached for their derivative where these inputs reach them
     * ({@link Op#requireDerivative}), in one walk of each body per question. A body's VJP is taken in every
     * parameter, a constant's too, so it asks nothing itself: the op running the body decides from its outer
     * inputs and from the outputs that receive a cotangent.
     *
     * @param answers the questions already answered while this gradient is built
     * @throws UnsupportedOperationException if asked, from the first op inside that has no derivative where one is
     *     needed
     */
    boolean[] reach(Node tuple, boolean[] inputs, boolean[] outputs, boolean ask, Subgraph.Answers answers);

    /** {@link #reach} asking for input {@code i} alone, every output receiving a cotangent. */
    @Override
    default void requireDerivative(Node y, int i) {
        boolean[] inputs = new boolean[y.inputs().size()];
        inputs[i] = true;
        boolean[] outputs = new boolean[dtypes(y.inputs()).size()];
        Arrays.fill(outputs, true);
        reach(y, inputs, outputs, true, new Subgraph.Answers());
    }

    /** A function of a list of nodes to a list of nodes: a branch, a loop body, a checkpointed function. */
    @FunctionalInterface
    interface Branch {
        /** The results for these operands. */
        List<Node> apply(List<Node> operands);
    }

    /** A scalar test of a loop's carried values. */
    @FunctionalInterface
    interface Test {
        /** A rank-0 node, nonzero to go on. */
        Node apply(List<Node> carry);
    }

    /**
     * A loop over the leading axis of {@code xs} ({@link Scan}): {@code (carry, x_t) -> (carry', y_t)} for each t,
     * returning the final carry and the stacked {@code y_t}. Recomputes the body in the backward pass.
     *
     * @param init the initial carried values
     * @param xs the sequences read one slice per step (all with the same leading length); may be empty, then
     *     the length comes from {@code options}
     */
    static Scan.Result scan(List<Node> init, List<Node> xs, Scan.Body body) {
        return scan(init, xs, body, Scan.Options.defaults());
    }

    /** {@link #scan(List, List, Scan.Body)} with a direction, a length and a memory policy. */
    static Scan.Result scan(List<Node> init, List<Node> xs, Scan.Body body, Scan.Options options) {
        return Scan.build(init, xs, body, options);
    }

    /**
     * {@code predicate != 0 ? ifTrue(operands) : ifFalse(operands)} ({@link Cond}); both branches must return
     * values of the same types.
     *
     * @param predicate a rank-0 node
     */
    static List<Node> cond(Node predicate, List<Node> operands, Branch ifTrue, Branch ifFalse) {
        return Cond.build(predicate, operands, ifTrue, ifFalse);
    }

    /**
     * {@code carry = body(carry)} while {@code test(carry) != 0} ({@link WhileLoop}); the final carry. Forward
     * only: a gradient through it is an error. A NaN test is an error; interrupting the thread stops the loop with
     * a {@link java.util.concurrent.CancellationException} (a loop whose test never turns false runs until then).
     */
    static List<Node> whileLoop(List<Node> init, Test test, Branch body) {
        return WhileLoop.build(init, test, body);
    }

    /**
     * {@code f(args)}, with the values inside {@code f} recomputed in the backward pass instead of kept
     * ({@link Checkpoint}): gradient checkpointing.
     */
    static List<Node> checkpoint(List<Node> args, Branch f) {
        return Checkpoint.build(args, f);
    }
}
