package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A conditional: {@code y = p != 0 ? f(a) : g(a)} for a rank-0 predicate {@code p} and operands {@code a}; only
 * the chosen branch runs. Both branches are {@link Subgraph}s whose parameters are the operands followed by the
 * nodes each captured; the node's inputs are {@code (p, a, captured by f, captured by g)}.
 *
 * <p>VJP: a conditional of the branches' VJPs on the same predicate,
 * {@code (aBar, ...) = p != 0 ? vjp_f(a, yBar) : vjp_g(a, yBar)}, each branch giving zeros for what only the other
 * reads; the predicate gets zero. Being a conditional of ordinary graphs, it can be differentiated again.
 *
 * @param ifTrue f, run when the predicate is nonzero
 * @param ifFalse g, run otherwise
 * @param operands the number of operands shared by the branches
 */
public record Cond(Subgraph ifTrue, Subgraph ifFalse, int operands) implements ControlFlowOp {

    /** Validates the parameters. */
    public Cond {
        Objects.requireNonNull(ifTrue, "ifTrue is null");
        Objects.requireNonNull(ifFalse, "ifFalse is null");
        if (operands < 0 || operands > ifTrue.parameters().size() || operands > ifFalse.parameters().size()) {
            throw new IllegalArgumentException("cond: the operands must be parameters of both branches, got "
                    + operands + " operands for branches of " + ifTrue.parameters().size() + " and "
                    + ifFalse.parameters().size() + " parameters");
        }
    }

    static List<Node> build(Node predicate, List<Node> operands, ControlFlowOp.Branch ifTrue,
            ControlFlowOp.Branch ifFalse) {
        Objects.requireNonNull(predicate, "cond: predicate is null");
        List<Node> args = Bodies.checked(operands, "cond", "operand");
        Objects.requireNonNull(ifTrue, "cond: ifTrue is null");
        Objects.requireNonNull(ifFalse, "cond: ifFalse is null");
        if (predicate.rank() != 0) {
            throw new IllegalArgumentException("cond: the predicate must be a scalar (rank 0), got "
                    + predicate.type());
        }
        Subgraph.Closure t = branch(args, ifTrue, "ifTrue");
        Subgraph.Closure f = branch(args, ifFalse, "ifFalse");
        List<Node> inputs = Bodies.concat(List.of(predicate), args, t.captured(), f.captured());
        return MultiOutputOp.parts(Node.apply(new Cond(t.body(), f.body(), args.size()), inputs));
    }

    private static Subgraph.Closure branch(List<Node> args, ControlFlowOp.Branch branch, String which) {
        List<Node> params = Bodies.userPlaceholders("operand", args, "the operand", "a cond branch (" + which + ")");
        List<Node> returned = Nesting.call(() -> branch.apply(params), true);
        List<Node> results = Bodies.checked(Objects.requireNonNull(returned, "cond: " + which
                + " returned null"), "cond", which + "'s result");
        return Subgraph.close(params, results);
    }

    @Override
    public String name() {
        return "cond";
    }

    @Override
    public List<Subgraph> bodies() {
        return List.of(ifTrue, ifFalse);
    }

    private int capturedByTrue() {
        return ifTrue.parameters().size() - operands;
    }

    @Override
    public List<Shape> shapes(List<Node> inputs) {
        Bodies.arity(name(), inputs, 1 + ifTrue.parameters().size() + capturedByFalseCount());
        if (inputs.get(0).rank() != 0) {
            throw new IllegalArgumentException("cond: the predicate must be a scalar (rank 0), got "
                    + inputs.get(0).type());
        }
        List<Node> t = ifTrue.parameters();
        List<Node> f = ifFalse.parameters();
        for (int i = 0; i < t.size(); i++) {
            Bodies.sameType(name(), i < operands ? "operand " + i : "a value ifTrue reads", t.get(i),
                    inputs.get(1 + i));
        }
        for (int i = 0; i < f.size(); i++) {
            Node input = inputs.get(i < operands ? 1 + i : 1 + t.size() + i - operands);
            Bodies.sameType(name(), i < operands ? "operand " + i : "a value ifFalse reads", f.get(i), input);
        }
        List<Node> a = ifTrue.results();
        List<Node> b = ifFalse.results();
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("cond: both branches must return as many values, got " + a.size()
                    + " and " + b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            Bodies.sameType(name(), "result " + i + " of ifFalse", a.get(i), b.get(i));
        }
        return Bodies.shapesOf(a);
    }

    private int capturedByFalseCount() {
        return ifFalse.parameters().size() - operands;
    }

    @Override
    public List<DType> dtypes(List<Node> inputs) {
        return Bodies.dtypesOf(ifTrue.results());
    }

    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs, int batch) {
        List<Tensor> args = new ArrayList<>(inputs.subList(1, 1 + operands));
        if (inputs.get(0).item() != 0) {
            args.addAll(inputs.subList(1 + operands, 1 + operands + capturedByTrue()));
            return ifTrue.call(args);
        }
        args.addAll(inputs.subList(1 + operands + capturedByTrue(), inputs.size()));
        return ifFalse.call(args);
    }

    /**
     * The results that either branch computes from the inputs marked, other than through a {@code stopGradient};
     * the predicate has no derivative, so it marks none.
     */
    @Override
    public boolean[] dependence(Node tuple, boolean[] inputs, Subgraph.Answers answers) {
        boolean[] t = Subgraph.dependence(ifTrue.results(), fed(ifTrue, inputs), answers);
        boolean[] f = Subgraph.dependence(ifFalse.results(), fed(ifFalse, inputs), answers);
        for (int k = 0; k < t.length; k++) {
            t[k] |= f[k];
        }
        return t;
    }

    /**
     * The inputs marked that a cotangent of the results marked reaches in either branch, whichever will run (the
     * gradient graph holds both): an operand in both, a captured value in the branch that captured it; the
     * predicate gets none. If {@code ask}, asks the ops of both branches so reached.
     */
    @Override
    public boolean[] reach(Node tuple, boolean[] inputs, boolean[] outputs, boolean ask, Subgraph.Answers answers) {
        boolean[] reached = new boolean[inputs.length];
        for (Subgraph branch : bodies()) {
            boolean[] inBranch = Subgraph.reach(branch.results(), outputs, fed(branch, inputs), ask, answers);
            for (int k = 0, next = 0; k < branch.parameters().size(); k++) {
                if (inputs[inputOf(branch, k)]) {
                    reached[inputOf(branch, k)] |= inBranch[next++];
                }
            }
        }
        return reached;
    }

    /**
     * The parameters of {@code branch} that the inputs marked feed: the inputs are {@code (p, a, captured by f,
     * captured by g)}, f's parameters {@code (a, captured by f)} and g's {@code (a, captured by g)}.
     */
    private List<Node> fed(Subgraph branch, boolean[] inputs) {
        List<Node> params = branch.parameters();
        List<Node> fed = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            if (inputs[inputOf(branch, k)]) {
                fed.add(params.get(k));
            }
        }
        return fed;
    }

    /** The input that feeds parameter k of {@code branch}. */
    private int inputOf(Subgraph branch, int k) {
        return 1 + k + (branch == ifFalse && k >= operands ? capturedByTrue() : 0);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        List<Node> in = y.inputs();
        List<Node> bars = yBar.inputs();
        List<Node> trueCaptured = in.subList(1 + operands, 1 + operands + capturedByTrue());
        List<Node> falseCaptured = in.subList(1 + operands + capturedByTrue(), in.size());
        Subgraph t = branchVjp(ifTrue, bars, List.of(), falseCaptured);
        Subgraph f = branchVjp(ifFalse, bars, trueCaptured, List.of());
        int n = in.size() - 1;
        List<Node> inputs = Bodies.concat(List.of(in.get(0)), in.subList(1, 1 + operands), trueCaptured, falseCaptured,
                bars);
        // both reverse branches read (operands, captured by f, captured by g, yBar)
        Node node = Node.apply(new Cond(t, f, inputs.size() - 1), inputs);
        return Bodies.concat(List.of(SourceOp.zerosLike(in.get(0))), MultiOutputOp.parts(node).subList(0, n));
    }

    /**
     * A branch's VJP as a subgraph of {@code (operands, captured by f, captured by g, yBar)}: the operands' and its
     * own captured values' cotangents, zeros for the other branch's. A result whose cotangent is a known zero
     * outside gets a zero inside ({@link Bodies#cotangents}).
     */
    private Subgraph branchVjp(Subgraph branch, List<Node> bars, List<Node> before, List<Node> after) {
        List<Node> params = branch.parameters();
        List<Node> otherBefore = Bodies.placeholders("other", before);
        List<Node> otherAfter = Bodies.placeholders("other", after);
        List<Node> yBars = Bodies.placeholders("yBar", bars);
        List<Node> grads = Subgraph.vjp(branch.results(), Bodies.cotangents(yBars, bars), params);
        List<Node> results = new ArrayList<>(grads.subList(0, operands));
        otherBefore.forEach(o -> results.add(SourceOp.zerosLike(o)));
        results.addAll(grads.subList(operands, grads.size()));
        otherAfter.forEach(o -> results.add(SourceOp.zerosLike(o)));
        List<Node> all = Bodies.concat(params.subList(0, operands), otherBefore, params.subList(operands,
                params.size()), otherAfter, yBars);
        return Subgraph.of(all, results);
    }
}
