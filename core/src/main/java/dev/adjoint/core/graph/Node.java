package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node of an immutable expression graph: an {@link Op} applied to input nodes, with the output's
 * {@link Shape} and {@link DType} inferred and checked when the node is built.
 *
 * <p>Nodes are built only through factories: {@link #apply}, and the static factories of each op family
 * ({@link SourceOp#input}, {@link UnaryOp#exp}, {@link BinaryOp#add}, {@link ReduceOp#sum}, ...). A node never
 * changes after it is built; equality is identity, so sharing a node is how a graph expresses a DAG (see
 * {@link SourceOp}).
 *
 * <p><b>Fluent forms.</b> Every factory of the elementwise ({@link UnaryOp}, {@link BinaryOp},
 * {@link WhereOp} and the function families beside them: {@link SpecialFunctionOp}, {@link ActivationOp},
 * {@link TrigonometricOp}, {@link HyperbolicOp}, {@link RoundingOp}, {@link PowerOp}, {@link QuotientOp},
 * {@link LogarithmicOp}), reduction ({@link ReduceOp}), movement ({@link MovementOp}), linear-algebra
 * ({@link LinalgOp}, {@link ContractionOp}, {@link SolveOp}, {@link DecompositionOp}, {@link LuOp},
 * {@link MatrixFunctionOp}, {@link LinalgFunctions}), indexing
 * ({@link IndexOp}, {@link ScatterOp}), discrete ({@link LogicalOp}, {@link IntegerOp},
 * {@link DiscreteReduceOp}) and op-library ({@link ArrangeOp}, {@link CumulativeOp}, {@link StatisticOp},
 * {@link SortOp}, and the compositions of {@link Differences}, {@link Interpolation}, {@link Covariance},
 * {@link Distances}, {@link OrderStatistics}, {@link LogDeterminant}, {@link PixelShuffle}, {@link Patches} and
 * {@link Bucketing}) families whose first
 * argument is a node and that return a node has a fluent form on every node, with that node as the receiver
 * and the other arguments in order: {@code UnaryOp.exp(x)} is
 * {@code x.exp()}, {@code ReduceOp.sum(x, true, 1)} is {@code x.sum(true, 1)}, {@code WhereOp.where(c, a, b)}
 * is {@code c.where(a, b)}. Users and the library's own VJPs read one way:
 * {@code x.matmul(w).add(b).tanh()}. Beyond that rule, only one convenience: a constant operand of the binary
 * arithmetic, maximum/minimum and comparisons as a {@code double} ({@code x.mul(2.0)}, {@code x.greater(0.0)}),
 * rounded to the node's dtype. Sources
 * ({@link SourceOp}) and random ops ({@link RandomOp}) have no receiver and no fluent form. The forms are
 * sugar and live beside this class, one interface per family group ({@link ElementwiseForms},
 * {@link MathForms}, {@link ActivationForms}, {@link ReductionForms}, {@link MovementForms},
 * {@link LinalgIndexForms}, {@link MatrixForms}, {@link DiscreteForms}, {@link SpatialForms},
 * {@link StatisticForms}, {@link ArrangeForms}, {@link AssemblyForms}, {@link AnalysisForms}), so that this class
 * holds only what a node is.
 *
 * <p>A node holds no value. Values come from evaluation ({@code dev.adjoint.core.eval}).
 */
public final class Node implements ElementwiseForms, MathForms, ActivationForms, ReductionForms, MovementForms,
        LinalgIndexForms, MatrixForms, DiscreteForms, SpatialForms, StatisticForms, ArrangeForms,
        AssemblyForms, AnalysisForms {

    /** Nodes built so far in this JVM: the next node's {@link #id}. */
    private static final AtomicLong BUILT = new AtomicLong();

    private final long id;
    private final Op op;
    private final List<Node> inputs;
    private final Shape shape;
    private final DType dtype;
    /** What the installed {@link Annotator} noted when this node was built, or null. */
    private final Object note;

    /** The annotator a layer outside the core installed, or null. */
    private static final Annotator ANNOTATOR = ServiceLoader.load(Annotator.class, Node.class.getClassLoader())
            .findFirst().orElse(null);

    private Node(Op op, List<Node> inputs, Shape shape, DType dtype) {
        this.op = op;
        this.inputs = inputs;
        this.shape = shape;
        this.dtype = dtype;
        this.note = ANNOTATOR == null ? null : ANNOTATOR.note();
        this.id = BUILT.getAndIncrement();
    }

    /**
     * This node's place in the order in which the nodes of this JVM were built: unique, and larger than the id
     * of each of its inputs, which were built before it. The nodes of one graph are mostly built together,
     * so their ids are nearly consecutive, which {@link Topology} uses to number a graph without hashing. The id
     * is also a hash for tables keyed by node identity: a field read, where {@code System.identityHashCode}
     * installs a hash in the object's header on first use.
     */
    public long id() {
        return id;
    }

    /**
     * Applies {@code op} to {@code inputs}, running the op's type rules. A static method: {@code x.apply(op)} also
     * compiles, and applies the op to no inputs; write {@code Node.apply(op, x)}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the op's shape or dtype rule rejects the inputs; with no inputs, also
     *     when the rule fails otherwise (an index out of bounds, say), naming the op and hinting at the static form
     */
    public static Node apply(Op op, List<Node> inputs) {
        Objects.requireNonNull(op, "op is null");
        Objects.requireNonNull(inputs, "inputs is null");
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new NullPointerException(op.name() + ": input " + i + " is null");
            }
            if (inputs.get(i).op() instanceof MultiOutputOp && !(op instanceof MultiOutputOp.Part)) {
                throw new IllegalArgumentException(op.name() + ": input " + i + " has several outputs "
                        + inputs.get(i).type() + "; read one with MultiOutputOp.parts");
            }
        }
        List<Node> copy = List.copyOf(inputs);
        Shape shape;
        DType dtype;
        try { // the shape rule first: every built-in one checks the arity, while some dtype rules read inputs.get(0)
            shape = op.shape(copy);
            dtype = op.dtype(copy);
        } catch (RuntimeException e) { // a slip: x.apply(op) compiles, and is this static method with no inputs
            throw !copy.isEmpty() ? e : new IllegalArgumentException(op.name() + ": got 0 inputs and its type rule"
                    + " threw " + e + "; to apply it to a node x, write Node.apply(op, x): x.apply(op) is this"
                    + " static method, with no inputs", e);
        }
        if (shape == null || dtype == null) {
            throw new IllegalStateException(op.name() + ": the " + (shape == null ? "shape" : "dtype") + " rule must"
                    + " return the output's " + (shape == null ? "shape" : "dtype") + ", got null");
        }
        return new Node(op, copy, shape, dtype);
    }

    /** Applies {@code op} to {@code inputs}, as in {@code Node.apply(op, x)}; see {@link #apply(Op, List)}. */
    public static Node apply(Op op, Node... inputs) {
        Objects.requireNonNull(inputs, "inputs is null");
        return apply(op, java.util.Arrays.asList(inputs));
    }

    /** The op this node applies. */
    public Op op() {
        return op;
    }

    /** The input nodes, in the op's order (an immutable list). */
    public List<Node> inputs() {
        return inputs;
    }

    /** The output shape; may contain the symbolic batch dimension {@code N}. */
    public Shape shape() {
        return shape;
    }

    /** The output dtype. */
    public DType dtype() {
        return dtype;
    }

    /** The note the installed {@link Annotator} attached to this node, or null. */
    Object note() {
        return note;
    }

    /** The output rank. */
    public int rank() {
        return shape.rank();
    }

    /** {@code f64[3, 4]}; for a node with several outputs their types, {@code (f64[3, 4], f64[])}. */
    public String type() {
        return op instanceof MultiOutputOp ? MultiOutputOp.typeOf(this) : dtype.shortName() + shape;
    }

    /**
     * The node and its direct inputs on one line: {@code input "x" : f64[N, 3]} for an input,
     * {@code matmul("x", "W") : f64[N, 2]} when the inputs are named inputs, {@code add(matmul, broadcastTo) :
     * f64[N, 2]} (the inputs' ops) otherwise; print a whole graph with {@link GraphPrinter}.
     */
    @Override
    public String toString() {
        return describe(this) + " : " + type();
    }

    private static String describe(Node node) {
        if (node.op instanceof SourceOp.Input input) {
            return "input " + Notation.quote(input.label());
        }
        if (node.op instanceof SourceOp.Constant constant && constant.value().size() == 1) {
            return "constant " + constant.value().flat(0);
        }
        if (node.inputs.isEmpty()) {
            return node.op.name();
        }
        StringJoiner args = new StringJoiner(", ", node.op.name() + "(", ")");
        for (Node input : node.inputs) {
            args.add(input.op instanceof SourceOp.Input in ? Notation.quote(in.label())
                    : input.op instanceof SourceOp.Constant c && c.value().size() == 1
                    ? String.valueOf(c.value().flat(0)) : input.op.name());
        }
        return args.toString();
    }

    /**
     * How error messages name this node as an operand: {@code x : f64[N, 3]} for the input named {@code x}, its
     * type {@code f64[N, 3]} for any other node, followed by where it was built when creation sites were being
     * recorded ({@code Provenance.recordSites()}), e.g. {@code W : f64[4, 2] (built at Model.build(Model.java:42))}.
     * Every op's type rule names its operands this way, so a shape error reads
     * {@code matmul: inner dimensions must match, got x : f64[N, 3] and W : f64[4, 2]}.
     */
    public String describe() {
        String named = op instanceof SourceOp.Input in ? in.label() + " : " + type() : type();
        String origin = ANNOTATOR == null || note == null ? null : ANNOTATOR.describe(note);
        return origin == null ? named : named + " (" + origin + ")";
    }

    /**
     * {@code axis} of this node's shape as {@code 0 <= axis < rank} (negative counts from the end).
     *
     * @throws IllegalArgumentException naming the op and this operand when the axis is out of range
     */
    int axis(int axis, String op) {
        int r = rank();
        if (r == 0) {
            throw new IllegalArgumentException(op + ": a scalar has no axes, got axis " + axis + " for " + describe()
                    + "; reshape it to [1] first");
        }
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis must be in [" + (-r) + ", " + r + "), got axis " + axis
                    + " for " + describe());
        }
        return axis < 0 ? axis + r : axis;
    }

    /** {@link #describe(List)}: the names under which the op families' messages called it. */
    static String describeShapes(List<Node> operands) {
        return describe(operands);
    }

    /** The operands {@link #describe described} and joined: {@code x : f64[2, 3] and W : f64[4, 2]}. */
    public static String describe(List<Node> operands) {
        List<String> parts = new ArrayList<>(operands.size());
        for (Node n : operands) {
            parts.add(n.describe());
        }
        return parts.size() <= 2 ? String.join(" and ", parts)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
