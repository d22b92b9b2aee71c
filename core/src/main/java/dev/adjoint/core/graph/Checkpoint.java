package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gradient checkpointing: {@code y = f(a)} computed as one step, so that the values inside {@code f} live only
 * while it runs and are never kept for the backward pass. The VJP is a checkpoint of f's VJP,
 * {@code aBar = vjp_f(a, yBar)}, which recomputes the inside of f from {@code a} when the backward pass reaches it:
 * the memory of f's intermediate values is traded for a second forward evaluation of f. Being a checkpoint of
 * an ordinary graph, the VJP can be differentiated again.
 *
 * @param body f, of parameters {@code (a, captured)}
 */
public record Checkpoint(Subgraph body) implements ControlFlowOp {

    /** Validates the parameter. */
    public Checkpoint {
        Objects.requireNonNull(body, "body is null");
    }

    static List<Node> build(List<Node> args, ControlFlowOp.Branch f) {
        List<Node> operands = Bodies.checked(args, "checkpoint", "argument");
        Objects.requireNonNull(f, "checkpoint: f is null");
        List<Node> params = Bodies.userPlaceholders("arg", operands, "the argument", "a checkpointed function");
        List<Node> returned = Nesting.call(() -> f.apply(params), true);
        List<Node> results = Bodies.checked(Objects.requireNonNull(returned, "checkpoint: f returned null"),
                "checkpoint", "result");
        Subgraph.Closure closed = Subgraph.close(params, results);
        return MultiOutputOp.parts(Node.apply(new Checkpoint(closed.body()), Bodies.concat(operands,
                closed.captured())));
    }

    @Override
    public String name() {
        return "checkpoint";
    }

    @Override
    public List<Subgraph> bodies() {
        return List.of(body);
    }

    @Override
    public List<Shape> shapes(List<Node> inputs) {
        List<Node> params = body.parameters();
        Bodies.arity(name(), inputs, params.size());
        for (int i = 0; i < params.size(); i++) {
            Bodies.sameType(name(), "argument " + i, params.get(i), inputs.get(i));
        }
        return Bodies.shapesOf(body.results());
    }

    @Override
    public List<DType> dtypes(List<Node> inputs) {
        return Bodies.dtypesOf(body.results());
    }

    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs, int batch) {
        return new ArrayList<>(body.call(inputs));
    }

    /** f's results computed from the arguments marked, other than through a {@code stopGradient}. */
    @Override
    public boolean[] dependence(Node tuple, boolean[] inputs, Subgraph.Answers answers) {
        return Subgraph.dependence(body.results(), Bodies.marked(body.parameters(), inputs), answers);
    }

    /**
     * The arguments marked that a cotangent of the results marked reaches in f, asking the ops of f so reached, if
     * {@code ask}.
     */
    @Override
    public boolean[] reach(Node tuple, boolean[] inputs, boolean[] outputs, boolean ask, Subgraph.Answers answers) {
        boolean[] reached = Subgraph.reach(body.results(), outputs, Bodies.marked(body.parameters(), inputs), ask,
                answers);
        return Bodies.unmarked(inputs, reached);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        List<Node> bars = yBar.inputs();
        List<Node> yBars = Bodies.placeholders("yBar", bars);
        List<Node> grads = Subgraph.vjp(body.results(), Bodies.cotangents(yBars, bars), body.parameters());
        Subgraph backward = Subgraph.of(Bodies.concat(body.parameters(), yBars), grads);
        return MultiOutputOp.parts(Node.apply(new Checkpoint(backward), Bodies.concat(y.inputs(), bars)));
    }
}
