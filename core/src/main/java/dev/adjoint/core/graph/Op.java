package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * An operation: what a {@link Node} computes from its inputs.
 *
 * <p>Op records hold the op's <em>parameters only</em> ({@code Sum(axes, keepDims)}, {@code LeakyRelu(alpha)}),
 * never nodes or tensors of the graph, so ops compare cheaply and serve as map keys. Each op keeps its three
 * rules together:
 * <ul>
 *   <li>the <b>type rule</b> ({@link #shape}, {@link #dtype}): run when a node is built; it validates the
 *       inputs and throws {@link IllegalArgumentException} with the message template
 *       {@code "<op>: <rule>, got <actual>[; <hint>]"};</li>
 *   <li>the <b>forward</b> rule ({@link #forward}): a call into {@code dev.adjoint.core.kernel};</li>
 *   <li>the <b>vector-Jacobian product</b> ({@link #vjp}): written with graph operations, so a gradient is
 *       itself a graph and can be differentiated again;</li>
 *   <li>its <b>input domain</b> ({@link #domain}): where it is defined and differentiable, which the property
 *       tests draw values from;</li>
 *   <li>its <b>known singularities</b> ({@link #diagnose}, {@link #diagnosePullback}): the causes of a NaN or an
 *       infinity that anomaly detection names, with a safe alternative;</li>
 *   <li>for an {@link ElementwiseOp}, its function per element, run unfused and fused alike;</li>
 *   <li>its <b>notation</b> ({@link #notation}): how it reads in math, for the math printer; the call
 *       {@code name(a, b)} unless it declares better ({@code a + b}, {@code aᵀ}, {@code Σ_N a}).</li>
 * </ul>
 * A compiler pass or a debugger that needs a fact about one op asks the op; only rewrites about combinations
 * of ops (the compiler's patterns) match records by type.
 *
 * <p>The families are sealed, one file each, holding the family's records and the static factories that build
 * their nodes: {@link SourceOp} (inputs, constants, fills), {@link ElementwiseOp} ({@link UnaryOp},
 * {@link BinaryOp}, {@link WhereOp}, and the op library's function families under {@link UnaryElementwise} and
 * {@link BinaryElementwise}), {@link ReduceOp}, {@link MovementOp}, {@link LinalgOp}, {@link IndexOp} (and PyTorch's
 * per-element scatters in {@link ScatterOp}),
 * {@link RandomOp}, the matrix families {@link ContractionOp}, {@link SolveOp}, {@link DecompositionOp},
 * {@link MatrixFunctionOp}, {@link LuOp}, the spatial families {@link ConvOp}, {@link PoolOp}, the op library's
 * {@link ArrangeOp}, {@link CumulativeOp}, {@link StatisticOp}, {@link SortOp}, {@link Bucketing}, and the ops with
 * several outputs ({@link MultiOutputOp}: the control flow of {@link ControlFlowOp}), whose outputs are read by
 * {@link MultiOutputOp.Part}. Users add their own ops by implementing {@link CustomOp}.
 */
public sealed interface Op permits SourceOp, ElementwiseOp, ReduceOp, MovementOp, LinalgOp, RandomOp, IndexOp,
        ScatterOp, ContractionOp, SolveOp, DecompositionOp, MatrixFunctionOp, LuOp, DiscreteReduceOp, ConvOp,
        PoolOp, ArrangeOp, CumulativeOp, StatisticOp, SortOp, Bucketing, MultiOutputOp, MultiOutputOp.Part, CustomOp {

    /** The name printed in graphs and error messages, e.g. {@code matmul}. */
    String name();

    /**
     * The output shape for these inputs (which may contain the symbolic batch dimension), validating them.
     *
     * @throws IllegalArgumentException with the template {@code "<op>: <rule>, got <actual>[; <hint>]"}
     */
    Shape shape(List<Node> inputs);

    /**
     * The output dtype for these inputs, validating them. By default all inputs must share one dtype, which
     * is the output's, and input {@code i} must be in {@link #accepts}{@code (i)}.
     */
    default DType dtype(List<Node> inputs) {
        DType dtype = commonDtype(name(), inputs);
        for (int i = 0; i < inputs.size(); i++) {
            accepts(i).require(name(), inputs.size() == 1 ? "operand" : "operands", inputs.get(i));
        }
        return dtype;
    }

    /**
     * The dtypes input {@code i} accepts: {@link DTypeSet#FLOATING} by default (the real-valued functions);
     * movement takes any dtype, integer arithmetic integers, conditions bools, indices integers.
     */
    default DTypeSet accepts(int i) {
        return DTypeSet.FLOATING;
    }

    /**
     * The dtype shared by all {@code inputs}.
     *
     * @throws IllegalArgumentException naming the op and the dtypes when they differ
     */
    static DType commonDtype(String op, List<Node> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(op + ": needs at least one input, got none");
        }
        DType first = inputs.get(0).dtype();
        for (Node input : inputs) {
            if (input.dtype() != first) {
                throw new IllegalArgumentException(op + ": operands must have the same dtype, got "
                        + Node.describe(inputs) + "; insert a cast");
            }
        }
        return first;
    }

    /**
     * Computes the output from concrete input tensors.
     *
     * @param inputs one tensor per input node, with the input nodes' shapes (the batch dimension bound)
     * @param out the output's concrete shape
     */
    Tensor forward(List<Tensor> inputs, Shape out);

    /**
     * The vector-Jacobian product: given the output node {@code y} (whose inputs are the op's inputs) and a
     * cotangent {@code yBar} of {@code y}'s shape, the cotangents of the inputs, one per input, each of its
     * input's shape and dtype. Inputs that do not influence {@code y} smoothly (indices, conditions,
     * comparisons), and integer and bool inputs, get {@link SourceOp#zerosLike(Node)}. Autodiff asks only ops
     * with a floating output and at least one floating input that the output depends on.
     */
    List<Node> vjp(Node y, Node yBar);

    /**
     * How a node of this op reads in mathematical notation, given its inputs (a printer's vocabulary, see
     * {@link Notation}): by default the call {@code name(a, ...)}; the textbook ops declare their own
     * ({@code a + b}, {@code aᵀ}, {@code Σ_N a}, ...).
     */
    default Notation notation(List<Node> inputs) {
        return Notation.call(name());
    }

    /**
     * Refuses to differentiate {@code y}, a node of this op, with respect to its input {@code i} when the op has no
     * derivative in it (PyTorch's "not implemented", as for the exponent of the Hurwitz zeta function): throws
     * {@link UnsupportedOperationException} naming the op and the input. Autodiff asks only for the inputs that
     * depend on the variables differentiated other than through a {@code stopGradient}, so a constant or a stopped
     * value there is fine, and only where a cotangent that is not a known zero reaches {@code y} (none does past a
     * {@code stopGradient}); by default every input has a derivative. A loop or branch ({@link ControlFlowOp}) answers
     * for the ops of its body that input i reaches.
     */
    default void requireDerivative(Node y, int i) { }

    /**
     * Where input {@code i} is defined and differentiable: the range property tests draw its values from. By
     * default any real value; indices and conditions, which are not differentiated, ignore it.
     */
    default Domain domain(int i) {
        return Domain.REAL;
    }

    /**
     * A known cause of the NaN or infinity in {@code anomaly}, a node of this op whose inputs are finite, or
     * empty. Causes common to all ops (a non-finite input, overflow of the dtype) are recognized by the caller.
     */
    default Optional<Anomaly.Diagnosis> diagnose(Anomaly anomaly) {
        return Optional.empty();
    }

    /**
     * A known cause of the NaN or infinity in {@code anomaly}, a node built by the VJP of {@code forward} (a node
     * of this op), or empty: where this op's derivative is singular although the op itself is finite.
     */
    default Optional<Anomaly.Diagnosis> diagnosePullback(Node forward, Anomaly anomaly) {
        return Optional.empty();
    }
}
