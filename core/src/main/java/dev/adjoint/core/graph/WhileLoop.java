package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A loop while a predicate holds: {@code c = init; while (test(c) != 0) c = body(c); return c}. The test and the
 * body are {@link Subgraph}s of the carried values followed by what each captured; the node's inputs are
 * {@code (init, captured by test, captured by body)}.
 *
 * <p>Forward only: the number of steps is known only when the loop runs, so there is no fixed graph of its
 * reverse pass, and asking for a gradient through it is an error. Differentiate a {@link Scan} of a fixed number
 * of steps instead (an upper bound, with the finished steps masked).
 *
 * @param test the predicate, a rank-0 result
 * @param body the new carried values, of the initial values' types
 * @param carries the number of carried values
 */
public record WhileLoop(Subgraph test, Subgraph body, int carries) implements ControlFlowOp {

    /** Validates the parameters. */
    public WhileLoop {
        Objects.requireNonNull(test, "test is null");
        Objects.requireNonNull(body, "body is null");
        if (carries < 0 || carries > test.parameters().size() || carries > body.parameters().size()
                || test.results().size() != 1 || body.results().size() != carries) {
            throw new IllegalArgumentException("whileLoop: the test must return one value and the body the "
                    + carries + " carried values, both reading them first, got a test of " + test.parameters().size()
                    + " parameters and " + test.results().size() + " results, a body of " + body.parameters().size()
                    + " parameters and " + body.results().size() + " results");
        }
    }

    static List<Node> build(List<Node> init, ControlFlowOp.Test test, ControlFlowOp.Branch body) {
        List<Node> initial = Bodies.checked(init, "whileLoop", "initial carry");
        Objects.requireNonNull(test, "whileLoop: test is null");
        Objects.requireNonNull(body, "whileLoop: body is null");
        List<Node> carry = Bodies.userPlaceholders("carry", initial, "the carry", "a whileLoop body");
        Node p = Objects.requireNonNull(Nesting.call(() -> test.apply(carry), true),
                "whileLoop: the test returned null");
        if (p.rank() != 0 || p.op() instanceof MultiOutputOp) {
            throw new IllegalArgumentException("whileLoop: the test must return a scalar (rank 0), got " + p.type());
        }
        List<Node> next = Bodies.checked(Objects.requireNonNull(Nesting.call(() -> body.apply(carry), true),
                "whileLoop: the body returned null"),
                "whileLoop", "the body's carry");
        if (next.size() != initial.size()) {
            throw new IllegalArgumentException("whileLoop: the body must return " + initial.size() + " carried values,"
                    + " got " + next.size());
        }
        for (int i = 0; i < next.size(); i++) {
            Bodies.sameType("whileLoop", "the body's carry " + i, initial.get(i), next.get(i));
        }
        Subgraph.Closure t = Subgraph.close(carry, List.of(p));
        Subgraph.Closure b = Subgraph.close(carry, next);
        List<Node> inputs = Bodies.concat(initial, t.captured(), b.captured());
        return MultiOutputOp.parts(Node.apply(new WhileLoop(t.body(), b.body(), initial.size()), inputs));
    }

    @Override
    public String name() {
        return "whileLoop";
    }

    @Override
    public List<Subgraph> bodies() {
        return List.of(test, body);
    }

    private int capturedByTest() {
        return test.parameters().size() - carries;
    }

    @Override
    public List<Shape> shapes(List<Node> inputs) {
        Bodies.arity(name(), inputs, test.parameters().size() + body.parameters().size() - carries);
        List<Node> t = test.parameters();
        List<Node> b = body.parameters();
        for (int i = 0; i < t.size(); i++) {
            Bodies.sameType(name(), i < carries ? "initial carry " + i : "a value the test reads", t.get(i),
                    inputs.get(i));
        }
        for (int i = 0; i < b.size(); i++) {
            Node input = inputs.get(i < carries ? i : t.size() + i - carries);
            Bodies.sameType(name(), i < carries ? "initial carry " + i : "a value the body reads", b.get(i), input);
        }
        for (int i = 0; i < carries; i++) {
            Bodies.sameType(name(), "the body's carry " + i, b.get(i), body.results().get(i));
        }
        if (test.results().get(0).rank() != 0) {
            throw new IllegalArgumentException("whileLoop: the test must return a scalar (rank 0), got "
                    + test.results().get(0).type());
        }
        return Bodies.shapesOf(body.results());
    }

    @Override
    public List<DType> dtypes(List<Node> inputs) {
        return Bodies.dtypesOf(body.results());
    }

    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs, int batch) {
        List<Tensor> carry = inputs.subList(0, carries);
        List<Tensor> testCaptured = inputs.subList(carries, carries + capturedByTest());
        List<Tensor> bodyCaptured = inputs.subList(carries + capturedByTest(), inputs.size());
        for (long step = 0; holds(test.call(Bodies.concat(carry, testCaptured)).get(0), step); step++) {
            if (Thread.currentThread().isInterrupted()) { // a loop that never ends can still be stopped
                throw new java.util.concurrent.CancellationException("whileLoop: interrupted after " + step
                        + " steps; the thread's interrupt flag stays set");
            }
            carry = new ArrayList<>(body.call(Bodies.concat(carry, bodyCaptured)));
        }
        return new ArrayList<>(carry);
    }

    /** Every output as soon as an input is marked: the loop is not differentiated, so nothing finer is needed. */
    @Override
    public boolean[] dependence(Node tuple, boolean[] inputs, Subgraph.Answers answers) {
        boolean any = false;
        for (boolean input : inputs) {
            any |= input;
        }
        boolean[] outputs = new boolean[carries];
        Arrays.fill(outputs, any);
        return outputs;
    }

    /**
     * Every input marked, asking nothing: the loop has no derivative at all, and its VJP refuses it as a whole
     * ({@link #vjp}).
     */
    @Override
    public boolean[] reach(Node tuple, boolean[] inputs, boolean[] outputs, boolean ask, Subgraph.Answers answers) {
        return inputs.clone();
    }

    /** @throws IllegalArgumentException always: the loop has no reverse pass */
    @Override
    public List<Node> vjp(Node y, Node yBar) {
        throw new IllegalArgumentException("whileLoop: cannot be differentiated (in reverse mode, nor in forward"
                + " mode, which jvp gets by transposing the reverse pass), got a derivative through " + y
                + "; its number of steps is known only when it runs. Use ControlFlowOp.scan with a"
                + " fixed number of steps (an upper bound, masking the finished steps) to differentiate a loop");
    }

    /**
     * Whether the test's value {@code t} asks for another step: nonzero. A NaN test is refused: it is neither true
     * nor false, and read as nonzero it looped forever.
     */
    private static boolean holds(Tensor t, long step) {
        double v = t.item();
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("whileLoop: the test is NaN after " + step + " steps; expected a"
                    + " boolean or a number (nonzero continues), e.g. a comparison");
        }
        return v != 0;
    }
}
