package dev.adjoint.core.eval;

import dev.adjoint.core.compile.Compiler;
import dev.adjoint.core.compile.Report;
import dev.adjoint.core.compile.Rewrites;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A compiled, reusable function from input tensors to output tensors: an immutable {@link Plan} and the
 * {@link Runner} that runs it.
 *
 * <p>Compiling walks the graph once (iteratively) and fixes the plan: the nodes in topological order, each with
 * the slots of its inputs, and for each step the slots whose last reader it is. A call allocates a fresh slot
 * array, binds the inputs, runs every step once (so each node is computed exactly once per call, however often
 * it is shared) and releases intermediate values after their last use, so the peak memory of a call is the live
 * set, not the whole graph. {@link #plan()} shows the plan.
 *
 * <p><b>Buffer reuse.</b> A released value's array is not left to the garbage collector: once no live value
 * holds it, it goes back to the function's buffer pool, and the next kernel asking for an array of that length
 * gets it (later in the same call, or in the next call: a training step's activations become the next step's
 * gradients). Arrays of the inputs, of constants and of the outputs are never recycled, so every tensor a call
 * returns stays unchanged. {@link #bufferReuse()} says how much was recycled; {@link #withoutBufferReuse()}
 * runs the same plan with the plain runner, which allocates everything fresh.
 *
 * <p><b>Batch size.</b> Inputs declared with the symbolic dimension {@code N} accept any size there; the
 * first such input fixes {@code N} for the call and the others must agree. One compiled plan serves every
 * batch size: nothing is re-specialized.
 *
 * <p><b>Graph compiler.</b> Before fixing the plan, {@link Compiler} rewrites the graph into an equivalent,
 * cheaper one: stable rewrites, algebraic simplification, constant folding, common-subexpression elimination,
 * transposed operands read in place by the GEMM, elementwise chains fused into one pass, dead nodes dropped.
 * {@link #explain()} lists what fired; {@link #unoptimized} compiles the graph as written.
 * {@link #withAnomalyDetection()} checks the values of the same compiled plan.
 *
 * <p><b>Thread safety.</b> The plan is immutable and every call keeps its state in local arrays, so one
 * {@code Function} may be called from many threads at once; results are bit-identical to sequential calls
 * because the kernels are deterministic.
 */
public final class Function {

    private final List<Node> inputs;
    private final List<Node> outputs;
    /** What the compiler did and what each written node became, or null when the plan computes the graph as written. */
    private final Report report;
    private final Rewrites rewrites;
    private final Plan plan;
    private final Runner runner;

    private Function(List<Node> inputs, List<Node> outputs, Report report, Rewrites rewrites, Plan plan,
            Runner runner) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.report = report;
        this.rewrites = rewrites;
        this.plan = plan;
        this.runner = runner;
    }

    /** Compiles (when {@code optimize}) and plans the graph; calls recycle buffers. */
    private static Function compile(List<Node> inputs, List<Node> outputs, boolean optimize) {
        Topology written = Topology.of(outputs);
        checkDeclared(inputs, written.order());
        Compiler.Result compiled = optimize && Compiler.enabled() ? Compiler.compile(outputs, written) : null;
        Plan plan = compiled == null ? Plan.of(inputs, outputs, written)
                : Plan.of(inputs, compiled.outputs(), compiled.plan());
        return compiled == null ? new Function(inputs, outputs, null, null, plan, new ReusingRunner(plan))
                : new Function(inputs, outputs, compiled.report(), compiled.rewrites(), plan, new ReusingRunner(plan));
    }

    private static void checkDeclared(List<Node> inputs, List<Node> order) {
        Map<Node, Boolean> declared = new IdentityHashMap<>();
        for (Node input : inputs) {
            declared.put(input, Boolean.TRUE);
        }
        for (Node node : order) {
            if (SourceOp.isInput(node) && !declared.containsKey(node)) {
                throw new IllegalArgumentException(undeclared("function: the outputs need", node, inputs));
            }
        }
    }

    /**
     * The message for an input node {@code node} that the outputs read and {@code declared} lacks: a placeholder
     * that escaped a loop or branch body, an input sharing its name with a declared one, or an input not declared.
     */
    static String undeclared(String prefix, Node node, List<Node> declared) {
        String name = SourceOp.inputName(node);
        String what = prefix + " input '" + name + "' : " + node.type();
        Optional<String> role = ControlFlowOp.bodyParameter(node);
        if (role.isPresent()) {
            return what + ", which is " + role.get() + ", not an input of this function: a node built inside a"
                    + " loop or branch body escaped it (kept in a variable and used outside); use the loop's or"
                    + " branch's outputs (what scan, cond, whileLoop or checkpoint returned) instead";
        }
        for (int i = 0; i < declared.size(); i++) {
            Node other = declared.get(i);
            if (SourceOp.inputName(other).equals(name)) {
                return what + ", but the declared input " + i + " '" + name + "' : " + other.type()
                        + " is a different input node also named '" + name + "' (two SourceOp.input calls make two"
                        + " inputs); build the outputs from the declared node, or declare the node they use";
            }
        }
        return what + ", which is not among the declared inputs; declare it";
    }

    /**
     * Compiles the graph computing {@code outputs} from {@code inputs}. Every input placeholder the outputs
     * depend on must be declared; declared inputs the outputs do not use are allowed (their values are
     * still checked).
     *
     * @throws IllegalArgumentException if an input is not an input node, is declared twice, or a needed
     *     input is not declared
     */
    public static Function of(List<Node> inputs, List<Node> outputs) {
        validate(inputs, outputs);
        return compile(List.copyOf(inputs), List.copyOf(outputs), true);
    }

    private static void validate(List<Node> inputs, List<Node> outputs) {
        Objects.requireNonNull(inputs, "function: inputs is null");
        Objects.requireNonNull(outputs, "function: outputs is null");
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Node input = Objects.requireNonNull(inputs.get(i), "function: input " + i + " is null");
            if (!SourceOp.isInput(input)) {
                throw new IllegalArgumentException("function: declared inputs must be input nodes, got " + input
                        + " at position " + i);
            }
            if (seen.put(input, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("function: input '" + SourceOp.inputName(input)
                        + "' is declared twice");
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            Node output = Objects.requireNonNull(outputs.get(i), "function: output " + i + " is null");
            if (output.op() instanceof MultiOutputOp) {
                throw new IllegalArgumentException("function: output " + i + " has several outputs " + output.type()
                        + "; return its parts (MultiOutputOp.parts)");
            }
        }
    }

    /**
     * Like {@link #of(List, List)}, but evaluates the graph exactly as written, node by node, with no
     * compiler pass: the reference the compiled plans are tested against.
     */
    public static Function unoptimized(List<Node> inputs, List<Node> outputs) {
        validate(inputs, outputs);
        return compile(List.copyOf(inputs), List.copyOf(outputs), false);
    }

    /**
     * What the graph compiler did: the number of nodes before and after, and each rewrite that fired with
     * its count, e.g. {@code elementwise fusion (4 ops) x3}.
     */
    public String explain() {
        return report == null ? "not optimized: " + plan.size() + " steps, as written" : report.toString();
    }

    /** A function of all the inputs the outputs depend on, in topological order. */
    public static Function of(List<Node> outputs) {
        return of(Graphs.inputs(outputs), outputs);
    }

    /**
     * This function with anomaly detection: every call checks the value of every node its compiled plan
     * computes (forward and backward pass alike: gradient nodes are ordinary nodes) and throws an
     * {@link AnomalyException} at the first that holds a NaN or an infinity, naming the node of the graph as the
     * user built it, its op, its inputs' shapes and value ranges, where it was built and, for known
     * singularities, the cause and a safe alternative. The checked plan is this function's, run by the same
     * kernels, so calls that find no anomaly return bit-identical results. Values of sources (inputs,
     * constants, fills) are not checked themselves; a non-finite one is reported at the first node computing
     * with it. The identity of a reduction over an empty axis ({@code max} = -Infinity) is a result, not an
     * anomaly.
     *
     * <p>The check reads every value once and keeps every value of a call until it ends, so calls are slower;
     * use it to debug, not to train. Record creation sites ({@link dev.adjoint.core.graph.Provenance#recordSites()})
     * while building the graph to have the message name the line of code that built the node.
     */
    public Function withAnomalyDetection() {
        if (detectsAnomalies()) {
            return this;
        }
        AnomalyCheck check = new AnomalyCheck(plan, outputs, rewrites);
        return new Function(inputs, outputs, report, rewrites, plan, new CheckingRunner(plan, check));
    }

    /** True when calls check every value for NaN and infinities ({@link #withAnomalyDetection()}). */
    public boolean detectsAnomalies() {
        return runner instanceof CheckingRunner;
    }

    /**
     * This function's plan run by the plain runner, every intermediate array freshly allocated: the reference
     * that buffer reuse is tested against, and a way to rule it out when debugging. Results are bit-identical
     * to this function's. A function with anomaly detection allocates fresh arrays already and is returned as
     * it is.
     */
    public Function withoutBufferReuse() {
        return runner instanceof ReusingRunner ? new Function(inputs, outputs, report, rewrites, plan,
                new Runner(plan)) : this;
    }

    /**
     * What buffer reuse did over all calls so far: arrays (and bytes) recycled from dead intermediates and
     * arrays freshly allocated, counting only arrays of at least {@link BufferPool#MIN_ELEMENTS} elements; all
     * zero for a function that does not recycle.
     */
    public BufferReuse bufferReuse() {
        return runner instanceof ReusingRunner reusing ? reusing.reuse() : new BufferReuse(0, 0, 0, 0, 0);
    }

    /** The plan a call runs: the compiled graph's steps, their argument slots and liveness. */
    public Plan plan() {
        return plan;
    }

    /** The declared inputs, in argument order. */
    public List<Node> inputs() {
        return inputs;
    }

    /** The outputs, in result order. */
    public List<Node> outputs() {
        return outputs;
    }

    /** Number of nodes evaluated per call. */
    public int size() {
        return plan.size();
    }

    /**
     * Donation, as JAX's {@code donate_argnums}: the caller is done with {@code values}, results of this
     * function's last two calls, and neither it nor anyone it gave them to holds them or another tensor
     * sharing their arrays; the next call may write its results into those arrays instead of fresh ones. A
     * training loop that replaces its weights by the step's new ones saves the allocation of every weight
     * array per step, and the cache misses of writing into memory nothing touched recently.
     *
     * <p>Only arrays this function's pool handed out as results of its last two calls are taken; any other
     * tensor (an input, a constant, an older result) is left alone, so passing one is harmless. Passing a
     * tensor that is still in use is not: its values change with the next call. Tensors are immutable only as
     * long as this promise holds.
     */
    public void reclaim(List<Tensor> values) {
        Objects.requireNonNull(values, "Function.reclaim: values is null (expected a list of this function's results)");
        if (runner instanceof ReusingRunner reusing) {
            reusing.reclaim(values);
        }
    }

    /**
     * Evaluates the outputs for one tensor per declared input, in order.
     *
     * @throws IllegalArgumentException naming the input, its expected and actual type when an argument does
     *     not fit, or when the count of arguments is wrong
     */
    public List<Tensor> call(List<Tensor> args) {
        return call(args, i -> "input '" + SourceOp.inputName(inputs.get(i)) + "'");
    }

    /**
     * {@link #call(List)}, each message naming argument {@code i} as {@code label.apply(i)}: a caller that named
     * the arguments itself ({@link NamedFunction}) has the messages say its names.
     */
    List<Tensor> call(List<Tensor> args, IntFunction<String> label) {
        Objects.requireNonNull(args, "call: args is null");
        if (args.size() != inputs.size()) {
            throw new IllegalArgumentException("call: expects " + inputs.size() + " arguments " + names()
                    + ", got " + args.size());
        }
        int batch = -1;
        int batchFrom = -1;
        for (int i = 0; i < args.size(); i++) {
            Node input = inputs.get(i);
            Tensor value = args.get(i);
            if (value == null) {
                throw new NullPointerException("call: argument for " + label.apply(i) + " is null");
            }
            if (value.dtype() != input.dtype() || !fits(input.shape(), value.shape())) {
                throw new IllegalArgumentException("call: " + label.apply(i) + " expects " + input.type() + ", got "
                        + value.dtype().shortName() + value.shape());
            }
            int n = batchOf(label, i, input.shape(), value.shape());
            if (n >= 0) {
                if (batch >= 0 && n != batch) {
                    throw new IllegalArgumentException("call: " + label.apply(i) + " expects " + input.type()
                            + " with N = " + batch + " (from " + label.apply(batchFrom) + "), got "
                            + value.dtype().shortName() + value.shape());
                }
                batch = n;
                batchFrom = i;
            }
        }
        return runner.run(args, batch);
    }

    /** Evaluates the outputs for the given tensors, one per declared input. */
    public List<Tensor> call(Tensor... args) {
        Objects.requireNonNull(args, "call: args is null");
        return call(Arrays.asList(args));
    }

    /**
     * Evaluates the outputs from bindings, which must bind exactly the declared inputs.
     *
     * @throws IllegalArgumentException naming a missing input or a binding that is not a declared input
     */
    public List<Tensor> call(Bindings bindings) {
        Objects.requireNonNull(bindings, "call: bindings is null");
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            position.put(inputs.get(i), i);
        }
        for (Node bound : bindings.inputs()) {
            if (!position.containsKey(bound)) {
                throw new IllegalArgumentException("call: input '" + SourceOp.inputName(bound) + "' : " + bound.type()
                        + " is bound but is not an input of this function " + names());
            }
        }
        List<Tensor> args = new ArrayList<>(inputs.size());
        for (Node input : inputs) {
            Tensor value = bindings.get(input);
            if (value == null) {
                throw new IllegalArgumentException(ControlFlowOp.bodyParameter(input).isPresent()
                        ? undeclared("call: the outputs need", input, List.of())
                        : "call: input '" + SourceOp.inputName(input) + "' : " + input.type() + " is not bound");
            }
            args.add(value);
        }
        return call(args);
    }

    /** True when {@code actual} matches {@code declared}, N matching any size. */
    static boolean fits(Shape declared, Shape actual) {
        if (declared.rank() != actual.rank()) {
            return false;
        }
        for (int a = 0; a < declared.rank(); a++) {
            if (declared.dim(a) != Shape.BATCH && declared.dim(a) != actual.dim(a)) {
                return false;
            }
        }
        return true;
    }

    /** The size bound to N by {@code actual} (all N positions must agree), or -1 when declared has no N. */
    private static int batchOf(IntFunction<String> label, int i, Shape declared, Shape actual) {
        int n = -1;
        for (int a = 0; a < declared.rank(); a++) {
            if (declared.dim(a) == Shape.BATCH) {
                if (n >= 0 && actual.dim(a) != n) {
                    throw new IllegalArgumentException("call: " + label.apply(i) + ": every N of " + declared
                            + " must have one size, got " + actual);
                }
                n = actual.dim(a);
            }
        }
        return n;
    }

    private String names() {
        List<String> names = new ArrayList<>();
        for (Node input : inputs) {
            names.add(SourceOp.inputName(input) + " : " + input.type());
        }
        return names.toString();
    }
}
