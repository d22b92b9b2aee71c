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
 * <p>Nodes are built only through factories: {@link #apply}, and the static factories of each op family
 * ({@link SourceOp#input}, {@link UnaryOp#exp}, {@link BinaryOp#add}, {@link ReduceOp#sum}, ...). A node never
 * changes after it is built; equality is identity, so sharing a node is how a graph expresses a DAG (see
 * {@link SourceOp}).
 *
 * <p><b>Fluent forms.</b> Every factory of the elementwise ({@link UnaryOp}, {@link BinaryOp},
 * {@link WhereOp}), reduction ({@link ReduceOp}), movement ({@link MovementOp}), linear-algebra
 * ({@link LinalgOp}) and indexing ({@link IndexOp}) families whose first argument is a node has a fluent form
 * here, with that node as the receiver and the other arguments in order: {@code UnaryOp.exp(x)} is
 * {@code x.exp()}, {@code ReduceOp.sum(x, true, 1)} is {@code x.sum(true, 1)}, {@code WhereOp.where(c, a, b)}
 * is {@code c.where(a, b)}. Users and the library's own VJPs read one way:
 * {@code x.matmul(w).add(b).tanh()}. Beyond that rule, only two conveniences: a constant operand as a
 * {@code double} ({@code x.mul(2.0)}) and a shape as {@code int}s ({@code x.reshape(2, 3)}). Sources
 * ({@link SourceOp}) and random ops ({@link RandomOp}) have no receiver and no fluent form.
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
        if (shape == null || dtype == null) {
            throw new IllegalStateException(op.name() + ": the " + (shape == null ? "shape" : "dtype") + " rule must"
                    + " return the output's " + (shape == null ? "shape" : "dtype") + ", got null");
        }
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

    // ---------------------------------------------------------------- elementwise (NumPy broadcasting)

    /** {@link BinaryOp#add}: {@code this + other}. */
    public Node add(Node other) { return BinaryOp.add(this, other); }

    /** {@code this + c}. */
    public Node add(double c) { return BinaryOp.add(this, SourceOp.scalar(c, dtype)); }

    /** {@link BinaryOp#sub}: {@code this - other}. */
    public Node sub(Node other) { return BinaryOp.sub(this, other); }

    /** {@code this - c}. */
    public Node sub(double c) { return BinaryOp.sub(this, SourceOp.scalar(c, dtype)); }

    /** {@link BinaryOp#mul}: {@code this * other} elementwise. */
    public Node mul(Node other) { return BinaryOp.mul(this, other); }

    /** {@code this * c}. */
    public Node mul(double c) { return BinaryOp.mul(this, SourceOp.scalar(c, dtype)); }

    /** {@link BinaryOp#div}: {@code this / other} elementwise. */
    public Node div(Node other) { return BinaryOp.div(this, other); }

    /** {@code this / c}. */
    public Node div(double c) { return BinaryOp.div(this, SourceOp.scalar(c, dtype)); }

    /** {@link BinaryOp#pow}: {@code this ^ other} elementwise (the base positive where the exponent varies). */
    public Node pow(Node other) { return BinaryOp.pow(this, other); }

    /** {@link BinaryOp#maximum}: elementwise maximum. */
    public Node maximum(Node other) { return BinaryOp.maximum(this, other); }

    /** {@link BinaryOp#minimum}: elementwise minimum. */
    public Node minimum(Node other) { return BinaryOp.minimum(this, other); }

    /** {@link BinaryOp#greater}: {@code [this > other]}. */
    public Node greater(Node other) { return BinaryOp.greater(this, other); }

    /** {@link BinaryOp#greaterEqual}: {@code [this >= other]}. */
    public Node greaterEqual(Node other) { return BinaryOp.greaterEqual(this, other); }

    /** {@link BinaryOp#less}: {@code [this < other]}. */
    public Node less(Node other) { return BinaryOp.less(this, other); }

    /** {@link BinaryOp#lessEqual}: {@code [this <= other]}. */
    public Node lessEqual(Node other) { return BinaryOp.lessEqual(this, other); }

    /** {@link BinaryOp#equal}: {@code [this == other]}. */
    public Node equal(Node other) { return BinaryOp.equal(this, other); }

    /** {@link BinaryOp#notEqual}: {@code [this != other]}. */
    public Node notEqual(Node other) { return BinaryOp.notEqual(this, other); }

    /** {@link WhereOp#where}: {@code this != 0 ? a : b}, this node being the condition. */
    public Node where(Node a, Node b) { return WhereOp.where(this, a, b); }

    /** {@link UnaryOp#neg}: {@code -this}. */
    public Node neg() { return UnaryOp.neg(this); }

    /** {@link UnaryOp#exp}: {@code e^this}. */
    public Node exp() { return UnaryOp.exp(this); }

    /** {@link UnaryOp#log}: the natural logarithm. */
    public Node log() { return UnaryOp.log(this); }

    /** {@link UnaryOp#log1p}: {@code ln(1 + this)}. */
    public Node log1p() { return UnaryOp.log1p(this); }

    /** {@link UnaryOp#expm1}: {@code e^this - 1}. */
    public Node expm1() { return UnaryOp.expm1(this); }

    /** {@link UnaryOp#sqrt}: the square root. */
    public Node sqrt() { return UnaryOp.sqrt(this); }

    /** {@link UnaryOp#square}: {@code this * this}. */
    public Node square() { return UnaryOp.square(this); }

    /** {@link UnaryOp#abs}: the absolute value. */
    public Node abs() { return UnaryOp.abs(this); }

    /** {@link UnaryOp#sign}: the sign, in {-1, 0, 1}. */
    public Node sign() { return UnaryOp.sign(this); }

    /** {@link UnaryOp#sin}: the sine. */
    public Node sin() { return UnaryOp.sin(this); }

    /** {@link UnaryOp#cos}: the cosine. */
    public Node cos() { return UnaryOp.cos(this); }

    /** {@link UnaryOp#tanh}: the hyperbolic tangent. */
    public Node tanh() { return UnaryOp.tanh(this); }

    /** {@link UnaryOp#sigmoid}: the logistic sigmoid {@code 1 / (1 + e^-this)}. */
    public Node sigmoid() { return UnaryOp.sigmoid(this); }

    /** {@link UnaryOp#relu}: {@code max(this, 0)}. */
    public Node relu() { return UnaryOp.relu(this); }

    /** {@link UnaryOp#leakyRelu}: {@code this > 0 ? this : alpha this}. */
    public Node leakyRelu(double alpha) { return UnaryOp.leakyRelu(this, alpha); }

    /** {@link UnaryOp#elu}: {@code this > 0 ? this : alpha (e^this - 1)}. */
    public Node elu(double alpha) { return UnaryOp.elu(this, alpha); }

    /** {@link UnaryOp#softplus}: {@code ln(1 + e^this)}, computed stably. */
    public Node softplus() { return UnaryOp.softplus(this); }

    /** {@link UnaryOp#pow}: {@code this ^ p} for a constant exponent. */
    public Node pow(double p) { return UnaryOp.pow(this, p); }

    /** {@link UnaryOp#clip}: {@code min(max(this, lo), hi)}. */
    public Node clip(double lo, double hi) { return UnaryOp.clip(this, lo, hi); }

    /** {@link UnaryOp#stopGradient}: the identity forward, a zero gradient. */
    public Node stopGradient() { return UnaryOp.stopGradient(this); }

    /** {@link UnaryOp#cast}: conversion to another dtype. */
    public Node cast(DType dtype) { return UnaryOp.cast(this, dtype); }

    // ---------------------------------------------------------------- reductions

    /** {@link ReduceOp#sum}: the sum over the axes, which are dropped (no axes: all). */
    public Node sum(int... axes) { return ReduceOp.sum(this, axes); }

    /** {@link ReduceOp#sum}: the sum over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    public Node sum(boolean keepDims, int... axes) { return ReduceOp.sum(this, keepDims, axes); }

    /** {@link ReduceOp#mean}: the mean over the axes, which are dropped (no axes: all). */
    public Node mean(int... axes) { return ReduceOp.mean(this, axes); }

    /** {@link ReduceOp#mean}: the mean over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    public Node mean(boolean keepDims, int... axes) { return ReduceOp.mean(this, keepDims, axes); }

    /** {@link ReduceOp#max}: the maximum over the axes, which are dropped (no axes: all). */
    public Node max(int... axes) { return ReduceOp.max(this, axes); }

    /** {@link ReduceOp#max}: the maximum over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    public Node max(boolean keepDims, int... axes) { return ReduceOp.max(this, keepDims, axes); }

    /** {@link ReduceOp#min}: the minimum over the axes, which are dropped (no axes: all). */
    public Node min(int... axes) { return ReduceOp.min(this, axes); }

    /** {@link ReduceOp#min}: the minimum over the axes, kept as size 1 if {@code keepDims} (no axes: all). */
    public Node min(boolean keepDims, int... axes) { return ReduceOp.min(this, keepDims, axes); }

    /** {@link ReduceOp#logSumExp}: the stable log-sum-exp over the axes, which are dropped (no axes: all). */
    public Node logSumExp(int... axes) { return ReduceOp.logSumExp(this, axes); }

    /** {@link ReduceOp#logSumExp}: the stable log-sum-exp over the axes, kept if {@code keepDims} (no axes: all). */
    public Node logSumExp(boolean keepDims, int... axes) { return ReduceOp.logSumExp(this, keepDims, axes); }

    /** {@link ReduceOp#softmax}: the softmax along {@code axis}. */
    public Node softmax(int axis) { return ReduceOp.softmax(this, axis); }

    /** {@link ReduceOp#logSoftmax}: the log-softmax along {@code axis}. */
    public Node logSoftmax(int axis) { return ReduceOp.logSoftmax(this, axis); }

    // ---------------------------------------------------------------- movement

    /** {@link MovementOp#reshape}: the same elements in another shape of equal element count. */
    public Node reshape(Shape shape) { return MovementOp.reshape(this, shape); }

    /** {@link MovementOp#reshape} to {@code Shape.of(dims)}. */
    public Node reshape(int... dims) { return MovementOp.reshape(this, Shape.of(dims)); }

    /** {@link MovementOp#permute}: axis {@code a} of the result is axis {@code perm[a]} of this. */
    public Node permute(int... perm) { return MovementOp.permute(this, perm); }

    /** {@link MovementOp#transpose}: the last two axes swapped. */
    public Node transpose() { return MovementOp.transpose(this); }

    /** {@link MovementOp#broadcastTo}: repeated along size-1 and new leading axes to {@code shape}. */
    public Node broadcastTo(Shape shape) { return MovementOp.broadcastTo(this, shape); }

    /** {@link MovementOp#squeeze}: axis {@code axis}, of size 1, removed. */
    public Node squeeze(int axis) { return MovementOp.squeeze(this, axis); }

    /** {@link MovementOp#unsqueeze}: an axis of size 1 inserted at {@code axis}. */
    public Node unsqueeze(int axis) { return MovementOp.unsqueeze(this, axis); }

    /** {@link MovementOp#flatten}: {@code [d0, d1, ..., dk] -> [d0, d1*...*dk]}. */
    public Node flatten() { return MovementOp.flatten(this); }

    /** {@link MovementOp#slice}: elements {@code start <= i < end} along {@code axis}. */
    public Node slice(int axis, int start, int end) { return MovementOp.slice(this, axis, start, end); }

    /** {@link MovementOp#pad}: zeros around this, {@code before[a]} and {@code after[a]} along each axis. */
    public Node pad(int[] before, int[] after) { return MovementOp.pad(this, before, after); }

    // ---------------------------------------------------------------- linear algebra and indexing

    /** {@link LinalgOp#matmul}: the matrix product (2-D or batched over leading dimensions). */
    public Node matmul(Node other) { return LinalgOp.matmul(this, other); }

    /** {@link LinalgOp#dot}: the inner product with a tensor of equal shape. */
    public Node dot(Node other) { return LinalgOp.dot(this, other); }

    /** {@link IndexOp#gather}: rows along {@code axis} at {@code indices}. */
    public Node gather(Node indices, int axis) { return IndexOp.gather(this, indices, axis); }

    /** {@link IndexOp#takeAlongAxis}: one pick per position along {@code axis}. */
    public Node takeAlongAxis(Node indices, int axis) { return IndexOp.takeAlongAxis(this, indices, axis); }

    /** {@link IndexOp#pickPerRow}: each row's score at its label, for scores {@code [N, C]}. */
    public Node pickPerRow(Node labels) { return IndexOp.pickPerRow(this, labels); }

    /** {@link IndexOp#softmaxCrossEntropy}: the sparse softmax cross-entropy, per row, of these logits. */
    public Node softmaxCrossEntropy(Node labels) { return IndexOp.softmaxCrossEntropy(this, labels); }

    /** {@link IndexOp#oneHot}: one-hot vectors of these labels, in {@code dtype}. */
    public Node oneHot(int depth, DType dtype) { return IndexOp.oneHot(this, depth, dtype); }

    /** {@link IndexOp#oneHot}: one-hot vectors of these labels, in their dtype. */
    public Node oneHot(int depth) { return IndexOp.oneHot(this, depth); }
}
