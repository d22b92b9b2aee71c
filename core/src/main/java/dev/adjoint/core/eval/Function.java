package dev.adjoint.core.eval;

import dev.adjoint.core.compile.Compiler;
import dev.adjoint.core.compile.Report;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Op;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A compiled, reusable function from input tensors to output tensors.
 *
 * <p>Compiling walks the graph once (iteratively) and fixes a <em>plan</em>: the nodes in topological order,
 * each with the slots of its inputs, and for each step the slots whose last reader it is. A call allocates
 * a fresh slot array, binds the inputs, runs every step once (so each node is computed exactly once per
 * call, however often it is shared) and releases intermediate values after their last use, so the peak
 * memory of a call is the live set, not the whole graph.
 *
 * <p><b>Buffer reuse.</b> A released value's array is not left to the garbage collector: once no live value
 * holds it, it goes back to the function's {@link BufferPool}, and the next kernel asking for an array of that
 * length gets it (later in the same call, or in the next call: a training step's activations become the
 * next step's gradients). Arrays of the inputs, of constants and of the outputs are never recycled, so every
 * tensor a call returns stays unchanged. {@link #bufferReuse()} says how much was recycled;
 * {@link #withoutBufferReuse()} gives the reference that allocates everything fresh.
 *
 * <p><b>Batch size.</b> Inputs declared with the symbolic dimension {@code N} accept any size there; the
 * first such input fixes {@code N} for the call and the others must agree. One compiled plan serves every
 * batch size: nothing is re-specialized.
 *
 * <p><b>Graph compiler.</b> Before fixing the plan, {@link Compiler} rewrites the graph into an equivalent,
 * cheaper one: stable rewrites, algebraic simplification, constant folding, common-subexpression elimination,
 * transposed operands read in place by the GEMM, elementwise chains fused into one pass, dead nodes dropped.
 * {@link #explain()} lists what fired; {@link #unoptimized} compiles the graph as written, and so does
 * {@link #withAnomalyDetection()}, so that every node the user built is checked under its own name.
 *
 * <p><b>Thread safety.</b> The plan is immutable and every call keeps its state in local arrays, so one
 * {@code Function} may be called from many threads at once; results are bit-identical to sequential calls
 * because the kernels are deterministic.
 */
public final class Function {

    private final List<Node> inputs;
    private final List<Node> outputs;
    private final Node[] steps;
    /** Step i's input slots are {@code argSlot[argStart[i] .. argStart[i + 1])}; flat, not an array per step. */
    private final int[] argStart;
    private final int[] argSlot;
    /** The slots released after step i are {@code released[releaseStart[i] .. releaseStart[i + 1])}. */
    private final int[] releaseStart;
    private final int[] released;
    private final int[] outputSlots;
    private final int[] inputSlots;
    /**
     * Whether step i's value can be large enough for the buffer pool (its shape has N, or at least
     * {@link BufferPool#MIN_ELEMENTS} elements): only those are handed to the pool on hold and release, so a
     * graph of small values never reads a released tensor again.
     */
    private final boolean[] mayPool;
    /**
     * Whether step i is a user-defined op that may keep tensors ({@link CustomOp#recyclesBuffers()} false): its
     * inputs are pinned and the pool suspended while it runs. Decided once here: an interface type check per
     * node and call cost a scalar graph more than the rest of the pool's bookkeeping.
     */
    private final boolean[] foreign;
    private final Report report;
    private final StepCheck check;
    /** Whether calls recycle dead intermediate arrays ({@link BufferPool}); off only for reference runs. */
    private final boolean reuseBuffers;
    /**
     * The pool of the last finished call, kept for the next one (taken atomically: one call per pool). Softly
     * reachable: under memory pressure the collector may drop it, and the next call starts a new pool.
     */
    private final AtomicReference<SoftReference<BufferPool>> idlePool = new AtomicReference<>();
    private final LongAdder recycledArrays = new LongAdder();
    private final LongAdder freshArrays = new LongAdder();
    private final LongAdder recycledBytes = new LongAdder();
    private final LongAdder freshBytes = new LongAdder();
    /** What the idle pool kept at the end of the last call, read without touching a pool another call may own. */
    private volatile long retainedBytes;

    /**
     * @param optimize whether the graph compiler rewrites the graph first
     * @param check called after every computed node, or null; a checked function runs the graph as written,
     *     so that every node the user built is seen
     */
    private Function(List<Node> inputs, List<Node> outputs, boolean optimize, StepCheck check, boolean reuseBuffers) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.check = check;
        this.reuseBuffers = reuseBuffers;
        Topology written = Topology.of(outputs);
        checkDeclared(inputs, written.order());
        Compiler.Result compiled = optimize && check == null && Compiler.enabled() ? Compiler.compile(outputs, written)
                : null;
        report = compiled == null ? null : compiled.report();
        List<Node> planOutputs = compiled == null ? outputs : compiled.outputs();
        // the plan numbered by a Topology (positions in arrays) rather than an IdentityHashMap<Node, Integer>:
        // a boxed Integer and a random probe per node made this the largest cost of compiling a 250k-node graph.
        // The graph is numbered once as written and once as compiled, never again here.
        Topology plan = compiled == null ? written : compiled.plan();
        steps = plan.order().toArray(new Node[0]);
        // Flat arrays, two per plan rather than two per step: a 250k-step plan built 500k small arrays, and
        // G1 copied them with the graph in every young collection while the plan was being built.
        argStart = new int[steps.length + 1];
        for (int i = 0; i < steps.length; i++) {
            argStart[i + 1] = argStart[i] + plan.inputCount(i);
        }
        argSlot = new int[argStart[steps.length]];
        int[] lastUse = new int[steps.length];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < steps.length; i++) {
            for (int j = 0; j < argStart[i + 1] - argStart[i]; j++) {
                int a = plan.input(i, j);
                argSlot[argStart[i] + j] = a;
                lastUse[a] = i;
            }
        }
        outputSlots = planOutputs.stream().mapToInt(plan::indexOf).toArray();
        for (int s : outputSlots) {
            lastUse[s] = Integer.MAX_VALUE;
        }
        releaseStart = new int[steps.length + 1];
        for (int s = 0; s < steps.length; s++) {
            if (lastUse[s] >= 0 && lastUse[s] < steps.length) {
                releaseStart[lastUse[s] + 1]++;
            }
        }
        for (int i = 0; i < steps.length; i++) {
            releaseStart[i + 1] += releaseStart[i];
        }
        released = new int[releaseStart[steps.length]];
        int[] fill = Arrays.copyOf(releaseStart, steps.length);
        for (int s = 0; s < steps.length; s++) {
            if (lastUse[s] >= 0 && lastUse[s] < steps.length) {
                released[fill[lastUse[s]]++] = s;
            }
        }
        inputSlots = inputs.stream().mapToInt(plan::indexOf).toArray();
        mayPool = new boolean[steps.length];
        foreign = new boolean[steps.length];
        for (int i = 0; i < steps.length; i++) {
            Shape shape = steps[i].shape();
            mayPool[i] = !shape.isConcrete() || shape.size() >= BufferPool.MIN_ELEMENTS;
            foreign[i] = steps[i].op() instanceof CustomOp custom && !custom.recyclesBuffers();
        }
    }

    private static void checkDeclared(List<Node> inputs, List<Node> order) {
        Map<Node, Boolean> declared = new IdentityHashMap<>();
        for (Node input : inputs) {
            declared.put(input, Boolean.TRUE);
        }
        for (Node node : order) {
            if (SourceOp.isInput(node) && !declared.containsKey(node)) {
                throw new IllegalArgumentException("function: the outputs need input '" + SourceOp.inputName(node)
                        + "' : " + node.type() + ", which is not among the declared inputs; declare it");
            }
        }
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
        return new Function(List.copyOf(inputs), List.copyOf(outputs), true, null, true);
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
            Objects.requireNonNull(outputs.get(i), "function: output " + i + " is null");
        }
    }

    /**
     * Like {@link #of(List, List)}, but evaluates the graph exactly as written, node by node, with no
     * compiler pass: the reference the compiled plans are tested against.
     */
    public static Function unoptimized(List<Node> inputs, List<Node> outputs) {
        validate(inputs, outputs);
        return new Function(List.copyOf(inputs), List.copyOf(outputs), false, null, true);
    }

    /**
     * What the graph compiler did: the number of nodes before and after, and each rewrite that fired with
     * its count, e.g. {@code elementwise fusion (4 ops) x3}.
     */
    public String explain() {
        return report == null ? "not optimized: " + steps.length + " steps, as written" : report.toString();
    }

    /** A function of all the inputs the outputs depend on, in topological order. */
    public static Function of(List<Node> outputs) {
        return of(Graphs.inputs(outputs), outputs);
    }

    /**
     * This function with anomaly detection: every call checks the value of every node it computes (forward
     * and backward pass alike: gradient nodes are ordinary nodes) and throws an {@link AnomalyException} at
     * the first that holds a NaN or an infinity, naming the node, its op, its inputs' shapes and value
     * ranges, where it was built and, for known singularities, the cause and a safe alternative. Results of
     * calls that find no anomaly are bit-identical to this function's. Values of sources (inputs, constants,
     * fills) are not checked themselves; a non-finite one is reported at the first node computing with it.
     *
     * <p>The check reads every value once, so calls are slower; use it to debug, not to train. Record
     * creation sites ({@link dev.adjoint.core.graph.Provenance#recordSites()}) while building the graph to
     * have the message name the line of code that built the node.
     */
    public Function withAnomalyDetection() {
        return check instanceof AnomalyCheck ? this : new Function(inputs, outputs, false, new AnomalyCheck(outputs), reuseBuffers);
    }

    /** True when calls check every value for NaN and infinities ({@link #withAnomalyDetection()}). */
    public boolean detectsAnomalies() {
        return check instanceof AnomalyCheck;
    }

    /**
     * This function with every intermediate array freshly allocated: the reference that buffer reuse is
     * tested against, and a way to rule it out when debugging. Results are bit-identical to this function's.
     */
    public Function withoutBufferReuse() {
        return reuseBuffers ? new Function(inputs, outputs, report != null, check, false) : this;
    }

    /**
     * What buffer reuse did over all calls so far: arrays (and bytes) recycled from dead intermediates and
     * arrays freshly allocated, counting only arrays of at least {@link BufferPool#MIN_ELEMENTS} elements.
     */
    public BufferReuse bufferReuse() {
        return new BufferReuse(recycledArrays.sum(), freshArrays.sum(), recycledBytes.sum(), freshBytes.sum(),
                retainedBytes);
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
        return steps.length;
    }

    /**
     * Evaluates the outputs for one tensor per declared input, in order.
     *
     * @throws IllegalArgumentException naming the input, its expected and actual type when an argument does
     *     not fit, or when the count of arguments is wrong
     */
    public List<Tensor> call(List<Tensor> args) {
        Objects.requireNonNull(args, "call: args is null");
        if (args.size() != inputs.size()) {
            throw new IllegalArgumentException("call: expects " + inputs.size() + " arguments " + names()
                    + ", got " + args.size());
        }
        int batch = -1;
        String batchFrom = null;
        for (int i = 0; i < args.size(); i++) {
            Node input = inputs.get(i);
            Tensor value = args.get(i);
            String name = SourceOp.inputName(input);
            if (value == null) {
                throw new NullPointerException("call: argument for input '" + name + "' is null");
            }
            if (value.dtype() != input.dtype() || !fits(input.shape(), value.shape())) {
                throw new IllegalArgumentException("call: input '" + name + "' expects " + input.type() + ", got "
                        + value.dtype().shortName() + value.shape());
            }
            int n = batchOf(input.shape(), value.shape());
            if (n >= 0) {
                if (batch >= 0 && n != batch) {
                    throw new IllegalArgumentException("call: input '" + name + "' expects " + input.type()
                            + " with N = " + batch + " (from input '" + batchFrom + "'), got "
                            + value.dtype().shortName() + value.shape());
                }
                batch = n;
                batchFrom = name;
            }
        }
        return run(args, batch);
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
                throw new IllegalArgumentException("call: input '" + SourceOp.inputName(input) + "' : " + input.type()
                        + " is not bound");
            }
            args.add(value);
        }
        return call(args);
    }

    private List<Tensor> run(List<Tensor> args, int batch) {
        if (!reuseBuffers) {
            return run(args, batch, null);
        }
        SoftReference<BufferPool> idle = idlePool.getAndSet(null);
        BufferPool pool = idle == null ? null : idle.get();
        if (pool == null) {
            pool = new BufferPool();
        }
        long[] before = pool.counts();
        pool.open();
        try {
            return run(args, batch, pool);
        } finally {
            pool.close();
            long[] after = pool.counts();
            recycledArrays.add(after[0] - before[0]);
            freshArrays.add(after[1] - before[1]);
            recycledBytes.add(after[2] - before[2]);
            freshBytes.add(after[3] - before[3]);
            retainedBytes = pool.retainedBytes();
            idlePool.set(new SoftReference<>(pool));
        }
    }

    /**
     * One pass over the plan. With a pool, every computed value is held by its slot and released after its
     * last reader, so that its array can be handed to a later step; see {@link BufferPool}.
     */
    private List<Tensor> run(List<Tensor> args, int batch, BufferPool pool) {
        Tensor[] values = new Tensor[steps.length];
        for (int i = 0; i < inputSlots.length; i++) {
            if (inputSlots[i] >= 0) {
                values[inputSlots[i]] = args.get(i);
            }
        }
        for (int s = 0; s < steps.length; s++) {
            Node node = steps[s];
            Op op = node.op();
            if (!(op instanceof SourceOp.Input)) {
                Shape out = concreteShape(node.shape(), batch, node);
                int from = argStart[s];
                Tensor[] in = new Tensor[argStart[s + 1] - from];
                for (int j = 0; j < in.length; j++) {
                    in[j] = values[argSlot[from + j]];
                }
                Tensor result;
                if (pool != null && foreign[s]) {
                    for (Tensor t : in) {
                        pool.pin(t);
                    }
                    pool.suspend(true);
                    try {
                        result = op.forward(Arrays.asList(in), out);
                    } finally {
                        pool.suspend(false);
                    }
                } else {
                    result = op.forward(Arrays.asList(in), out);
                }
                if (!result.shape().equals(out) || result.dtype() != node.dtype()) {
                    throw new IllegalStateException(op.name() + ": forward must return " + node.dtype().shortName()
                            + out + ", got " + result.dtype().shortName() + result.shape());
                }
                values[s] = result;
                if (pool != null && mayPool[s]) {
                    pool.hold(result);
                }
                if (check != null) {
                    check.afterStep(node, in, result);
                }
            }
            for (int r = releaseStart[s]; r < releaseStart[s + 1]; r++) {
                if (pool != null && mayPool[released[r]]) {
                    pool.release(values[released[r]]);
                }
                values[released[r]] = null;
            }
        }
        List<Tensor> results = new ArrayList<>(outputSlots.length);
        for (int s : outputSlots) {
            results.add(values[s]);
        }
        return results;
    }

    private static Shape concreteShape(Shape shape, int batch, Node node) {
        if (shape.isConcrete()) {
            return shape;
        }
        if (batch < 0) {
            throw new IllegalArgumentException("call: " + node + " has the batch dimension N, but no input binds"
                    + " N; declare an input with N");
        }
        return shape.bind(batch);
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
    private static int batchOf(Shape declared, Shape actual) {
        int n = -1;
        for (int a = 0; a < declared.rank(); a++) {
            if (declared.dim(a) == Shape.BATCH) {
                if (n >= 0 && actual.dim(a) != n) {
                    throw new IllegalArgumentException("call: every N of " + declared + " must have one size, got "
                            + actual);
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
