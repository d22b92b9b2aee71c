package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.kernel.BufferPool;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the passes in order on a function's outputs:
 * <ol>
 *   <li>{@link LoopMerging} (a loop that a longer loop on the same inputs computes too),</li>
 *   <li>{@link StableRewrites} ({@code log(sigmoid x) → −softplus(−x)}, {@code log(1 + exp x) → softplus x},
 *       {@code log(sum(exp x)) → logSumExp x}, {@code x − logSumExp x → logSoftmax x}, ...),</li>
 *   <li>{@link AlgebraicSimplification} ({@code x·1}, {@code x+(−0)}, {@code −(−x)}, {@code log(exp x)}, ...),</li>
 *   <li>{@link ConstantFolding},</li>
 *   <li>{@link CommonSubexpressions} (structural hashing),</li>
 *   <li>{@link TransposeFolding} (transposed operands read in place by the GEMM),</li>
 *   <li>{@link BiasFolding} (a product's bias added by the GEMM's kernel, while the rows are in cache),</li>
 *   <li>{@link SharedBatchStatistics} (a batch normalization reads the mean and variance its gradient computes),</li>
 *   <li>{@link ReluFolding} (a ReLU of a batch normalization in the normalization's pass),</li>
 *   <li>{@link ContractionMerging} (contractions that share an operand, as one),</li>
 *   <li>{@link ElementwiseFusion} (elementwise chains in one pass),</li>
 *   <li>dead nodes (what no output needs any more is not evaluated; counted in the report).</li>
 * </ol>
 * Simplification runs before CSE so that equal simplified forms merge, and CSE before fusion so that shared
 * subexpressions are computed once and not duplicated into several fused chains. Setting the system property
 * {@code adjoint.compile} to {@code false} turns every pass off (a debugging aid).
 */
public final class Compiler {

    /**
     * A pass that needs each node's readers: the outputs rewritten on {@code graph}, recording in {@code changed}
     * what each node became where it changed, or {@code outputs} itself when nothing did.
     */
    private interface ReaderPass {
        List<Node> apply(List<Node> outputs, Topology graph, Report report, Map<Node, Node> changed);
    }

    /** The reader passes, in their order (see the class comment). */
    private static final List<ReaderPass> READER_PASSES = List.of(BiasFolding::apply, SharedBatchStatistics::apply,
            ReluFolding::apply, ContractionMerging::apply);

    private Compiler() {
    }

    /**
     * The result of compiling: the rewritten outputs, what fired, and the rewritten graph numbered in
     * topological order ({@link Topology}), which a plan can use without walking or numbering it again, and
     * what each written node became ({@link Rewrites}).
     */
    public record Result(List<Node> outputs, Report report, Topology plan, Rewrites rewrites) {
    }

    /** True unless the system property {@code adjoint.compile} is {@code false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("adjoint.compile", "true").trim());
    }

    /** Compiles {@code outputs} with every pass. */
    public static Result compile(List<Node> outputs) {
        return compile(outputs, Topology.of(outputs));
    }

    /**
     * Compiles {@code outputs}, given their graph numbered in topological order. The five local passes (stable
     * rewrites, simplification, folding, CSE, transposed GEMM) run as one rule chain in a single walk: every
     * node's inputs are already rewritten by all five when the node is reached, so applying them in turn to
     * each node is what running them one after the other does, in one walk instead of five. (Nodes a
     * stable rewrite builds inside its replacement are not offered to the later rules: they are new, few, and
     * correct as built.) A node that CSE merges into an earlier one takes that one's final form, so equal
     * matmuls still share one transposed GEMM. Then elementwise fusion; the compiled graph is walked twice in
     * all, however many passes there are.
     *
     * <p>Values computed while compiling (folded constants) become part of the compiled graph: they are
     * allocated outside any buffer pool, even when the compilation happens inside a call (a loop's body
     * compiled at its first step), whose pool would otherwise take their arrays back after the call.
     */
    public static Result compile(List<Node> outputs, Topology written) {
        return BufferPool.unpooled(() -> compileUnpooled(outputs, written));
    }

    private static Result compileUnpooled(List<Node> outputs, Topology written) {
        Report report = new Report();
        int before = written.size();
        Rebuild.Rule simplifications = simplifications(report);
        Rebuild.Rule transposed = new TransposeFolding().rule(report);
        Rebuild.Rule merge = LoopMerging.rule(written, report);
        Map<Node, Node> finalForm = new IdentityHashMap<>();
        Node[] rebuilt = Rebuild.rewrite(written, node -> {
            Node canonical = simplifications.rewrite(merge == null ? node : merge.rewrite(node));
            // most graphs have no transposed operand: then nothing is looked up (or identity-hashed) per node
            Node known = finalForm.isEmpty() ? null : finalForm.get(canonical);
            if (known != null) {
                return known;
            }
            Node result = transposed.rewrite(canonical);
            if (result != canonical) {
                finalForm.put(canonical, result); // only the few rewritten nodes are kept
            }
            return result;
        });
        List<Node> local = new ArrayList<>(outputs.size());
        for (Node output : outputs) {
            local.add(rebuilt[written.indexOf(output)]);
        }
        Topology localGraph = Topology.of(local);
        // the passes that need each node's readers, each on the graph the one before built; laterForm records
        // what a node of the local passes' graph became through both
        Map<Node, Node> laterForm = new IdentityHashMap<>();
        for (ReaderPass pass : READER_PASSES) {
            Map<Node, Node> form = new IdentityHashMap<>();
            List<Node> next = pass.apply(local, localGraph, report, form);
            if (next != local) {
                local = next;
                localGraph = Topology.of(local);
                compose(laterForm, form);
            }
        }
        List<Node> localOrder = localGraph.order();
        boolean anyFusable = false;
        for (int i = 0; i < localOrder.size() && !anyFusable; i++) {
            anyFusable = ElementwiseFusion.fusable(localOrder.get(i));
        }
        // a graph of scalars (or of matmuls alone) has nothing to fuse: skip the pass and its walk
        Map<Node, Node> fusedForm = anyFusable ? new IdentityHashMap<>(localOrder.size()) : null;
        List<Node> fused = anyFusable ? new ElementwiseFusion().apply(local, localOrder, report, fusedForm) : local;
        Topology plan = anyFusable ? Topology.of(fused) : localGraph;
        for (int i = plan.size(); i < before; i++) {
            report.fired("dead node removed");
        }
        report.sizes(before, plan.size());
        return new Result(List.copyOf(fused), report, plan, new Rewrites(written, rebuilt,
                laterForm.isEmpty() ? null : laterForm, fusedForm));
    }

    /**
     * The simplifications alone: stable rewrites, algebraic simplification, constant folding and common
     * subexpressions, without the passes that change how a value is computed but not what it is (transposed
     * GEMMs, fusion). The result is the graph the math printer shows: the same function, in fewer and shared
     * terms, built from the ops it was written with.
     */
    public static Result simplify(List<Node> outputs) {
        Topology written = Topology.of(outputs);
        Report report = new Report();
        Node[] rebuilt = Rebuild.rewrite(written, simplifications(report));
        List<Node> simplified = new ArrayList<>(outputs.size());
        for (Node output : outputs) {
            simplified.add(rebuilt[written.indexOf(output)]);
        }
        Topology graph = Topology.of(simplified);
        report.sizes(written.size(), graph.size());
        return new Result(List.copyOf(simplified), report, graph, new Rewrites(written, rebuilt, null, null));
    }

    /**
     * {@code first} followed by {@code then}, into {@code first}: a node {@code first} maps to {@code x} maps to
     * what {@code then} makes of x, and a node only {@code then} changes maps to its form there.
     */
    private static void compose(Map<Node, Node> first, Map<Node, Node> then) {
        for (Map.Entry<Node, Node> e : first.entrySet()) {
            e.setValue(then.getOrDefault(e.getValue(), e.getValue()));
        }
        then.forEach(first::putIfAbsent);
    }

    /** The local passes that simplify, chained in their order, as one rule for a single walk. */
    private static Rebuild.Rule simplifications(Report report) {
        Rebuild.Rule stable = new StableRewrites().rule(report);
        Rebuild.Rule simplify = new AlgebraicSimplification().rule(report);
        Rebuild.Rule fold = new ConstantFolding().rule(report);
        Rebuild.Rule cse = new CommonSubexpressions().rule(report);
        return node -> cse.rewrite(fold.rewrite(simplify.rewrite(stable.rewrite(node))));
    }
}
