package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A node of an immutable expression graph: an {@link Op} applied to input nodes, with the output's
 * {@link Shape} and {@link DType} inferred and checked when the node is built.
 *
 * <p>Nodes are built only through factories ({@link #apply}, {@link Nodes}, {@link Elementwise},
 * {@link Reductions}, {@link Shapes}, {@link Linalg}, {@link Indexing}) or the fluent methods below, which
 * delegate to them: {@code x.matmul(w).add(b).tanh()}. A node never changes after it is built; equality is
 * identity, so sharing a node is how a graph expresses a DAG (see the class notes in {@link Nodes}).
 *
 * <p>A node holds no value. Values come from evaluation ({@code dev.adjoint.core.eval}).
 */
public final class Node {

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
     * Applies {@code op} to {@code inputs}, running the op's type rules.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the op's shape or dtype rule rejects the inputs
     */
    public static Node apply(Op op, List<Node> inputs) {
        Objects.requireNonNull(op, "op is null");
        Objects.requireNonNull(inputs, "inputs is null");
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new NullPointerException(op.name() + ": input " + i + " is null");
            }
        }
        List<Node> copy = List.copyOf(inputs);
        // The shape rule first: every shape rule checks the arity, while some dtype rules read inputs.get(0)
        // or a sublist, and would fail on a wrong arity with an index exception instead of the op's message.
        Shape shape = op.shape(copy);
        DType dtype = op.dtype(copy);
        return new Node(op, copy, shape, dtype);
    }

    /** Applies {@code op} to {@code inputs}; see {@link #apply(Op, List)}. */
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

    /** {@code f64[3, 4]}. */
    public String type() {
        return dtype.shortName() + shape;
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
            return "input \"" + input.label() + "\"";
        }
        if (node.op instanceof SourceOp.Constant constant && constant.value().size() == 1) {
            return "constant " + constant.value().flat(0);
        }
        if (node.inputs.isEmpty()) {
            return node.op.name();
        }
        StringJoiner args = new StringJoiner(", ", node.op.name() + "(", ")");
        for (Node input : node.inputs) {
            args.add(input.op instanceof SourceOp.Input in ? "\"" + in.label() + "\""
                    : input.op instanceof SourceOp.Constant c && c.value().size() == 1 ? String.valueOf(c.value().flat(0))
                    : input.op.name());
        }
        return args.toString();
    }

    static String describeDtypes(List<Node> nodes) {
        return nodes.stream().map(n -> n.dtype().shortName()).collect(Collectors.joining(" and "));
    }

    static String describeShapes(List<Node> nodes) {
        List<String> parts = new ArrayList<>();
        for (Node n : nodes) {
            parts.add(n.shape().toString());
        }
        return String.join(" and ", parts);
    }

    // ---------------------------------------------------------------- fluent arithmetic (NumPy broadcasting)

    /** {@code this + other}, broadcasting. */
    public Node add(Node other) {
        return Elementwise.add(this, other);
    }

    /** {@code this + c}. */
    public Node add(double c) {
        return Elementwise.add(this, Nodes.scalar(c, dtype));
    }

    /** {@code this - other}, broadcasting. */
    public Node sub(Node other) {
        return Elementwise.sub(this, other);
    }

    /** {@code this - c}. */
    public Node sub(double c) {
        return Elementwise.sub(this, Nodes.scalar(c, dtype));
    }

    /** {@code this * other} elementwise, broadcasting. */
    public Node mul(Node other) {
        return Elementwise.mul(this, other);
    }

    /** {@code this * c}. */
    public Node mul(double c) {
        return Elementwise.mul(this, Nodes.scalar(c, dtype));
    }

    /** {@code this / other} elementwise, broadcasting. */
    public Node div(Node other) {
        return Elementwise.div(this, other);
    }

    /** {@code this / c}. */
    public Node div(double c) {
        return Elementwise.div(this, Nodes.scalar(c, dtype));
    }

    /** {@code -this}. */
    public Node neg() {
        return Elementwise.neg(this);
    }

    /** {@code this ^ p} for a constant exponent. */
    public Node pow(double p) {
        return Elementwise.pow(this, p);
    }

    /** {@code this ^ other} elementwise (base must be positive where the exponent varies). */
    public Node pow(Node other) {
        return Elementwise.pow(this, other);
    }

    /** {@code this * this}. */
    public Node square() {
        return Elementwise.square(this);
    }

    /** {@code e^this}. */
    public Node exp() {
        return Elementwise.exp(this);
    }

    /** Natural logarithm. */
    public Node log() {
        return Elementwise.log(this);
    }

    /** Square root. */
    public Node sqrt() {
        return Elementwise.sqrt(this);
    }

    /** Absolute value. */
    public Node abs() {
        return Elementwise.abs(this);
    }

    /** Hyperbolic tangent. */
    public Node tanh() {
        return Elementwise.tanh(this);
    }

    /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public Node sigmoid() {
        return Elementwise.sigmoid(this);
    }

    /** {@code max(x, 0)}. */
    public Node relu() {
        return Elementwise.relu(this);
    }

    /** {@code log(1 + e^x)}, computed stably. */
    public Node softplus() {
        return Elementwise.softplus(this);
    }

    /** Elementwise maximum, broadcasting. */
    public Node maximum(Node other) {
        return Elementwise.maximum(this, other);
    }

    /** Elementwise minimum, broadcasting. */
    public Node minimum(Node other) {
        return Elementwise.minimum(this, other);
    }

    /** Identity forward, zero gradient. */
    public Node stopGradient() {
        return Elementwise.stopGradient(this);
    }

    /** Conversion to another dtype. */
    public Node cast(DType to) {
        return Elementwise.cast(this, to);
    }

    // ---------------------------------------------------------------- fluent linear algebra and shapes

    /** Matrix product (2-D or batched over leading dimensions). */
    public Node matmul(Node other) {
        return Linalg.matmul(this, other);
    }

    /** Swaps the last two axes. */
    public Node transpose() {
        return Shapes.transpose(this);
    }

    /** Reorders axes: axis {@code a} of the result is axis {@code perm[a]} of this. */
    public Node permute(int... perm) {
        return Shapes.permute(this, perm);
    }

    /** The same elements with another shape of equal element count. */
    public Node reshape(int... dims) {
        return Shapes.reshape(this, Shape.of(dims));
    }

    /** Repeats this along size-1 and new leading axes to {@code target}. */
    public Node broadcastTo(Shape target) {
        return Shapes.broadcastTo(this, target);
    }

    // ---------------------------------------------------------------- fluent reductions

    /** Sum of all elements (a scalar). */
    public Node sum() {
        return Reductions.sum(this);
    }

    /** Sum over the given axes, which are removed. */
    public Node sum(int... axes) {
        return Reductions.sum(this, false, axes);
    }

    /** Mean of all elements (a scalar). */
    public Node mean() {
        return Reductions.mean(this);
    }

    /** Mean over the given axes, which are removed. */
    public Node mean(int... axes) {
        return Reductions.mean(this, false, axes);
    }

    /** Maximum over the given axes (all axes when none are given), which are removed. */
    public Node max(int... axes) {
        return Reductions.max(this, false, axes);
    }

    /** Softmax along {@code axis}. */
    public Node softmax(int axis) {
        return Reductions.softmax(this, axis);
    }

    /** Log-softmax along {@code axis}. */
    public Node logSoftmax(int axis) {
        return Reductions.logSoftmax(this, axis);
    }
}
