package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.ElementwiseOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.kernel.ElementwiseProgram;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fusion of elementwise chains into one pass.
 *
 * <p>A program computes in one float dtype, its result's; BOOL values inside it (comparisons, logical
 * operations, a where's condition) are held as 1 or 0 in that dtype, which is what each op's declared function
 * computes ({@link dev.adjoint.core.kernel.Pointwise}). So a float elementwise node absorbs an elementwise input
 * that has no other consumer (it may read it more than once: {@code a + a}), is not an output, has the same
 * shape, and computes in the same float dtype or
 * in bools only; absorbed nodes absorb their inputs in turn, so {@code yBar * cast(x > 0)} (relu's pullback) is
 * one pass. Conversions between two float dtypes, and anything on integers, are not fused. Each maximal tree
 * of absorbed nodes becomes one {@link FusedElementwise} node whose inputs are the tree's leaves (float or
 * BOOL tensors); each absorbed op contributes the function it declares ({@link ElementwiseOp#pointwise}), and
 * a cast from bool, the identity on 1 and 0, contributes nothing. A leaf that is a broadcast of a one-element
 * tensor (a constant, a learning rate) is read as a scalar, and a broadcast of a tensor holding the output's
 * trailing dims (a per-channel scale or mean over the leading axes) is read periodically: neither broadcast is
 * materialized. An
 * optimizer update such as Adam's, a dozen elementwise operations per parameter, becomes three passes (m, v
 * and the parameter). Results are bit-identical to the unfused graph: the fused kernel runs each op's declared
 * function in the same floating-point steps as the op's own forward.
 *
 * <p>A float sum over a run of leading axes with more than one trailing element (batch normalization's
 * per-channel {@code Σ (x - μ)²} over {@code [N, H, W]}) absorbs an elementwise input it alone reads the same
 * way: the two become one {@link FusedSum}, which adds the chain's values as it computes them.
 *
 * <p>A node read by several nodes is stored once and read by each, except a cheap one: one instruction without
 * division or root on a single full-size tensor (its other leaves scalars or periodic), all of whose readers fuse
 * it. That one is computed again inside each reader's program, which costs an instruction per element and saves
 * the pass that stores it, as batch normalization's {@code x - mu} (read by the variance's sum, the normalized
 * values and the gradient) and a dropout mask {@code u < rate} (read by the forward and the gradient). Measured
 * on the CNN benchmark's training step, longer recomputed chains cost more in instructions than they save in
 * memory traffic. Every program computes each value with the same instructions, so the bits do not change.
 */
final class ElementwiseFusion {

    /**
     * The float dtype an elementwise node of rank > 0 computes in when fused, BOOL when it touches bools only,
     * or null when it cannot be fused (not elementwise, a scalar, an integer operand or result, or two float
     * dtypes: a conversion between them).
     */
    static DType programDtype(Node node) {
        if (node.rank() == 0 || !(node.op() instanceof ElementwiseOp)) {
            return null;
        }
        DType floating = null;
        List<Node> in = node.inputs();
        for (int i = -1; i < in.size(); i++) {
            DType d = (i < 0 ? node : in.get(i)).dtype();
            if (d == DType.BOOL) {
                continue;
            }
            if (!d.isFloating() || (floating != null && floating != d)) {
                return null;
            }
            floating = d;
        }
        return floating == null ? DType.BOOL : floating;
    }

    /** An elementwise node that can take part in a fused program. */
    static boolean fusable(Node node) {
        return programDtype(node) != null;
    }

    /**
     * The outputs with their elementwise chains fused, given the topological order of their nodes; {@code done}
     * receives what each node of the order became (a node absorbed into a fused one gets no entry).
     */
    List<Node> apply(List<Node> outputs, List<Node> order, Report report, Map<Node, Node> done) {
        Map<Node, Node> consumer = soleConsumers(order);
        Map<Node, Boolean> isOutput = new IdentityHashMap<>();
        for (Node o : outputs) {
            isOutput.put(o, Boolean.TRUE);
        }
        // consumers before their inputs: a node absorbs its inputs once it is known to be in a program (a float
        // root, or absorbed itself), all computing in the root's float dtype
        Map<Node, Boolean> recomputed = recomputed(order, consumer, isOutput);
        Map<Node, DType> absorbed = new IdentityHashMap<>();
        Map<Node, int[]> sums = new IdentityHashMap<>(); // sums that absorb their input: its summed run
        for (int k = order.size() - 1; k >= 0; k--) {
            Node node = order.get(k);
            int[] run = summedRun(node);
            if (run != null) {
                Node in = node.inputs().get(0);
                if (programDtype(in) == node.dtype() && (consumer.get(in) == node || recomputed.containsKey(in))
                        && !isOutput.containsKey(in)
                        && ((ElementwiseOp) in.op()).pointwise() != Pointwise.Exact.IDENTITY) {
                    absorbed.put(in, node.dtype());
                    sums.put(node, run);
                }
                continue;
            }
            DType own = programDtype(node);
            DType program = node.dtype().isFloating() ? own : absorbed.get(node);
            if (own == null || program == null) {
                continue;
            }
            for (Node in : node.inputs()) {
                DType inner = programDtype(in);
                if (inner != null && (inner == DType.BOOL || inner == program)
                        && (consumer.get(in) == node || recomputed.containsKey(in))
                        && !isOutput.containsKey(in) && in.shape().equals(node.shape())) {
                    absorbed.put(in, program);
                }
            }
        }
        for (Node node : order) {
            if (absorbed.containsKey(node)) {
                continue;
            }
            Node fused = fusable(node) && node.dtype().isFloating() ? fuse(node, absorbed, done, report)
                    : sums.containsKey(node) ? fuseSum(node, sums.get(node), absorbed, done, report) : null;
            if (fused == null) {
                List<Node> in = new ArrayList<>();
                boolean changed = false;
                for (Node i : node.inputs()) {
                    Node m = done.get(i);
                    changed |= m != i;
                    in.add(m);
                }
                fused = changed ? Node.apply(node.op(), in) : node;
            }
            done.put(node, fused);
        }
        List<Node> result = new ArrayList<>();
        for (Node o : outputs) {
            result.add(done.get(o));
        }
        return result;
    }

    /**
     * Each node of {@code order} read by exactly one node (through one edge or several: {@code add(a, a)}) mapped
     * to that reader; nodes read by several readers, or by none, are absent.
     */
    private static Map<Node, Node> soleConsumers(List<Node> order) {
        Map<Node, Node> consumer = new IdentityHashMap<>();
        Map<Node, Boolean> shared = new IdentityHashMap<>();
        for (Node node : order) {
            for (Node in : node.inputs()) {
                Node seen = consumer.putIfAbsent(in, node);
                if (seen != null && seen != node) {
                    shared.put(in, Boolean.TRUE);
                }
            }
        }
        consumer.keySet().removeAll(shared.keySet());
        return consumer;
    }

    /**
     * The elementwise nodes that are computed again inside each of their readers' programs instead of being
     * stored: a node read by two or more nodes, each of which fuses it (an elementwise node of its shape computing
     * in its dtype, or a sum of it over leading axes), whose tree of cheap ops ({@link #cheap}) reads a single
     * full-size tensor (its other leaves scalars or periodic) with at most {@link #MAX_RECOMPUTED} instruction,
     * and whose result is a float (a BOOL result is stored in a byte an element, less than its source). Storing such
     * a node costs a pass that writes it and its readers' passes read it where they could read its source;
     * computing it again costs one vector instruction per element in each reader, with the same bits. Batch
     * normalization's {@code x - mu} and a dropout mask {@code u < rate} taken as a float are read by the forward and
     * by the gradient: neither is stored.
     */
    private static Map<Node, Boolean> recomputed(List<Node> order, Map<Node, Node> consumer,
            Map<Node, Boolean> isOutput) {
        Map<Node, List<Node>> readers = new IdentityHashMap<>();
        for (Node node : order) {
            for (Node in : node.inputs()) {
                List<Node> r = readers.computeIfAbsent(in, k -> new ArrayList<>(2));
                if (r.isEmpty() || r.get(r.size() - 1) != node) { // a node's inputs are read one after another
                    r.add(node);
                }
            }
        }
        Map<Node, Node> source = new IdentityHashMap<>(); // a cheap tree's one full-size leaf
        Map<Node, Integer> cost = new IdentityHashMap<>(); // and its instructions
        Map<Node, Boolean> recomputed = new IdentityHashMap<>();
        for (Node node : order) {
            if (!cheap(node)) {
                continue;
            }
            Node full = null;
            boolean single = true;
            int instructions = ((ElementwiseOp) node.op()).pointwise() == Pointwise.Exact.IDENTITY ? 0 : 1;
            for (Node in : node.inputs()) {
                if (scalarSource(in) != null || periodicSource(in, node.shape()) != null) {
                    continue;
                }
                // an input inside the program (recomputed, or fused as its sole reader) brings its own tree
                boolean inside = recomputed.containsKey(in) || fusable(in) && consumer.get(in) == node
                        && !isOutput.containsKey(in) && in.shape().equals(node.shape());
                if (inside && !source.containsKey(in)) {
                    single = false;
                    break;
                }
                instructions += inside ? cost.get(in) : 0;
                Node leaf = inside ? source.get(in) : in;
                single &= full == null || full == leaf;
                full = leaf;
            }
            if (!single || full == null || instructions > MAX_RECOMPUTED) {
                continue;
            }
            source.put(node, full);
            cost.put(node, instructions);
            List<Node> r = readers.getOrDefault(node, List.of());
            if (r.size() > 1 && !isOutput.containsKey(node) && node.dtype() != DType.BOOL
                    && r.stream().allMatch(x -> absorbs(x, node, consumer, isOutput))) {
                recomputed.put(node, Boolean.TRUE);
            }
        }
        return recomputed;
    }

    /** The instructions a recomputed tree may hold: each costs about a tenth of a pass over memory per reader. */
    private static final int MAX_RECOMPUTED = 1;

    /**
     * Whether an elementwise op is cheap enough to compute again in several programs: an exactly rounded op with a
     * vector loop other than division and square root (sums, differences, products, {@code >}, selections, ReLU,
     * min and max, negation, absolute value), or {@code a < b}, which a program computes as {@code b > a}. The other
     * comparisons run as scalar loops and are not recomputed.
     */
    private static boolean cheap(Node node) {
        if (programDtype(node) == null) {
            return false;
        }
        Pointwise f = ((ElementwiseOp) node.op()).pointwise();
        return f instanceof Pointwise.Exact e && e != Pointwise.Exact.DIV && e != Pointwise.Exact.SQRT
                || isLess(node);
    }

    private static boolean isLess(Node node) {
        return node.op() instanceof BinaryOp.Compare c && c.kind() == BinaryOp.Compare.Kind.LESS;
    }

    /**
     * Whether {@code reader} takes {@code node} into a program: a sum of it, or an elementwise node of its shape
     * computing in its dtype that is itself in a program (a float result is a program's root or inside one; a BOOL
     * result, a comparison, is inside its sole reader's program when that reader takes it in, and so on).
     */
    private static boolean absorbs(Node reader, Node node, Map<Node, Node> consumer, Map<Node, Boolean> isOutput) {
        if (summedRun(reader) != null) {
            return reader.inputs().get(0) == node && programDtype(node) == reader.dtype()
                    && ((ElementwiseOp) node.op()).pointwise() != Pointwise.Exact.IDENTITY;
        }
        while (true) {
            DType inner = programDtype(node);
            DType program = programDtype(reader);
            if (program == null || !reader.shape().equals(node.shape()) || inner != DType.BOOL && inner != program) {
                return false;
            }
            if (reader.dtype().isFloating()) {
                return true;
            }
            node = reader;
            reader = consumer.get(node);
            if (reader == null || isOutput.containsKey(node) || summedRun(reader) != null) {
                return false;
            }
        }
    }

    /** The fused node for the tree rooted at {@code root}, or null when fusing would not save a pass. */
    private static Node fuse(Node root, Map<Node, DType> absorbed, Map<Node, Node> done, Report report) {
        Tree tree = tree(root, absorbed, done);
        if (tree.weight() < 2) {
            return null;
        }
        report.fired("elementwise fusion (" + tree.ops() + " ops)");
        return Node.apply(new FusedElementwise(tree.program(), root.shape(), root.dtype()), tree.leaves());
    }

    /**
     * The sum {@code node} of its absorbed input as one {@link FusedSum}; when no leaf gives the input's size
     * (every leaf a scalar or periodic), the input as a {@link FusedElementwise} and the sum of it.
     */
    private static Node fuseSum(Node node, int[] run, Map<Node, DType> absorbed, Map<Node, Node> done,
            Report report) {
        Node in = node.inputs().get(0);
        Tree tree = tree(in, absorbed, done);
        if (tree.fullLeaf() < 0) {
            Node values = Node.apply(new FusedElementwise(tree.program(), in.shape(), in.dtype()), tree.leaves());
            return Node.apply(node.op(), values);
        }
        report.fired("sum of elementwise ops -> fused sum");
        return Node.apply(new FusedSum(tree.program(), List.of(run[0], run[1]), run[2], tree.fullLeaf(), node.shape(),
                node.dtype()), tree.leaves());
    }

    /**
     * {@code {first, count, inner}} when {@code node} is a float {@link ReduceOp.Sum} over the run of axes
     * {@code [first, first + count)} followed by a concrete {@code inner > 1} elements (the sum of rows the
     * stored sum adds one after another, {@link dev.adjoint.core.kernel.ReduceKernels}), else null.
     */
    private static int[] summedRun(Node node) {
        if (!(node.op() instanceof ReduceOp.Sum sum) || !node.dtype().isFloating()) {
            return null;
        }
        int rank = node.inputs().get(0).rank();
        boolean[] reduced = new boolean[rank];
        for (int a : sum.axes()) {
            int axis = a < 0 ? a + rank : a;
            if (axis < 0 || axis >= rank) {
                return null;
            }
            reduced[axis] = true;
        }
        int first = 0;
        while (first < rank && !reduced[first]) {
            first++;
        }
        int last = first;
        while (last < rank && reduced[last]) {
            last++;
        }
        long inner = 1;
        for (int a = last; a < rank; a++) {
            int d = node.inputs().get(0).shape().dim(a);
            if (reduced[a] || d < 0) {
                return null; // not one run, or a symbolic trailing dimension
            }
            inner *= d;
        }
        return first < rank && inner > 1 && inner <= Integer.MAX_VALUE ? new int[] {first, last - first, (int) inner}
                : null;
    }

    /**
     * The program of the absorbed tree rooted at {@code root}: its leaves (inputs), the index of a leaf of the
     * root's shape (-1 when every leaf is a scalar or periodic), its instructions, and its weight: instructions,
     * aliases and leaves read without a pass, the passes fusing it saves.
     */
    private record Tree(ElementwiseProgram program, List<Node> leaves, int fullLeaf, int ops, int weight) {
    }

    private static Tree tree(Node root, Map<Node, DType> absorbed, Map<Node, Node> done) {
        ElementwiseProgram.Builder program = new ElementwiseProgram.Builder();
        List<Node> leaves = new ArrayList<>();
        Map<Node, Integer> leafRef = new IdentityHashMap<>();
        Map<Node, Boolean> kinds = new IdentityHashMap<>(); // the leaves read as scalars or periodically
        Map<Node, Integer> value = new IdentityHashMap<>();
        int[] ops = {0};
        int[] aliases = {0};
        int[] scalarLeaves = {0};
        Shape shape = root.shape();
        // post-order over the absorbed tree with an explicit stack
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            boolean ready = true;
            for (Node in : n.inputs()) {
                if (absorbed.containsKey(in) && !value.containsKey(in)) {
                    stack.push(in);
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            stack.pop();
            if (value.containsKey(n)) {
                continue;
            }
            List<Node> in = n.inputs();
            boolean[] scalar = new boolean[in.size()];
            boolean anyFull = false;
            for (int i = 0; i < in.size(); i++) {
                scalar[i] = in.size() > 1 && !value.containsKey(in.get(i)) && scalarSource(in.get(i)) != null;
                anyFull |= !scalar[i];
            }
            if (!anyFull) {
                scalar[in.size() - 1] = false; // an instruction reads at least one full-size operand
            }
            int[] refs = new int[in.size()];
            for (int i = 0; i < in.size(); i++) {
                Node input = in.get(i);
                if (value.containsKey(input)) {
                    refs[i] = value.get(input);
                } else if (scalar[i]) {
                    refs[i] = leaf(program, leaves, leafRef, done.get(scalarSource(input)), SCALAR);
                    kinds.put(done.get(scalarSource(input)), Boolean.TRUE);
                    scalarLeaves[0]++;
                } else if (periodicSource(input, shape) != null && anyFull) {
                    refs[i] = leaf(program, leaves, leafRef, done.get(periodicSource(input, shape)), PERIODIC);
                    kinds.put(done.get(periodicSource(input, shape)), Boolean.TRUE);
                    scalarLeaves[0]++;
                } else {
                    refs[i] = leaf(program, leaves, leafRef, done.get(input), FULL);
                }
            }
            Pointwise f = ((ElementwiseOp) n.op()).pointwise();
            if (isLess(n) && in.get(0).dtype().isFloating()) { // a < b as b > a, the comparison with a vector loop
                f = Pointwise.Exact.GREATER;
                refs = new int[] {refs[1], refs[0]};
            }
            if (f == Pointwise.Exact.IDENTITY && refs[0] >= 0) {
                value.put(n, refs[0]); // a cast from bool, or a stopGradient: its input's register itself
                aliases[0]++;
                continue;
            }
            value.put(n, program.instruction(f, refs));
            ops[0]++;
        }
        int fullLeaf = -1;
        for (int i = 0; i < leaves.size() && fullLeaf < 0; i++) {
            fullLeaf = leaves.get(i).shape().equals(shape) && !kinds.containsKey(leaves.get(i)) ? i : -1;
        }
        return new Tree(program.build(), leaves, fullLeaf, ops[0], ops[0] + aliases[0] + scalarLeaves[0]);
    }

    private static final int FULL = 0;
    private static final int SCALAR = 1;
    private static final int PERIODIC = 2;

    private static int leaf(ElementwiseProgram.Builder program, List<Node> leaves, Map<Node, Integer> leafRef,
            Node node, int kind) {
        Integer known = leafRef.get(node);
        if (known != null) {
            return known;
        }
        int ref = kind == PERIODIC ? program.periodicInput() : program.input(kind == SCALAR,
                node.dtype() == DType.BOOL);
        leaves.add(node);
        leafRef.put(node, ref);
        return ref;
    }

    /**
     * The node {@code x} when {@code node} is {@code broadcastTo(x)} to {@code shape}, x is a float tensor of
     * two or more elements, and x's dims after its leading ones are shape's trailing dims (concrete): then the
     * broadcast, flattened, repeats x's elements. Else null.
     */
    private static Node periodicSource(Node node, Shape shape) {
        if (!(node.op() instanceof MovementOp.BroadcastTo) || !node.shape().equals(shape)) {
            return null;
        }
        Node x = node.inputs().get(0);
        int[] xd = x.shape().dims();
        int[] od = shape.dims();
        int first = 0;
        while (first < xd.length && xd[first] == 1) {
            first++;
        }
        if (first == xd.length || !x.dtype().isFloating() || x.dtype() != node.dtype() || xd.length > od.length) {
            return null;
        }
        for (int a = first; a < xd.length; a++) {
            if (xd[a] <= 0 || xd[a] != od[od.length - xd.length + a]) {
                return null;
            }
        }
        return x;
    }

    /** The one-element node {@code x} when {@code node} is {@code broadcastTo(x)} with x rank 0, else null. */
    private static Node scalarSource(Node node) {
        if (node.op() instanceof MovementOp.BroadcastTo) {
            Node x = node.inputs().get(0);
            if (x.rank() == 0) {
                return x;
            }
        }
        return null;
    }
}
