package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import java.util.List;

/**
 * Runs the passes in order on a function's outputs:
 * <ol>
 *   <li>{@link StableRewrites} ({@code log(sigmoid x) → −softplus(−x)}),</li>
 *   <li>{@link AlgebraicSimplification} ({@code x·1}, {@code x+0}, {@code −(−x)}, {@code log(exp x)}, ...),</li>
 *   <li>{@link ConstantFolding},</li>
 *   <li>{@link CommonSubexpressions} (structural hashing),</li>
 *   <li>{@link TransposedMatmul} (transposed operands read in place by the GEMM),</li>
 *   <li>{@link ElementwiseFusion} (elementwise chains in one pass),</li>
 *   <li>{@link DeadNodes} (what no output needs any more is not evaluated).</li>
 * </ol>
 * Simplification runs before CSE so that equal simplified forms merge, and CSE before fusion so that shared
 * subexpressions are computed once and not duplicated into several fused chains. Setting the system property
 * {@code adjoint.compile} to {@code false} turns every pass off (a debugging aid).
 */
public final class Compiler {

    private Compiler() {
    }

    /** The result of compiling: the rewritten outputs and what fired. */
    public record Result(List<Node> outputs, Report report) {
    }

    /** True unless the system property {@code adjoint.compile} is {@code false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("adjoint.compile", "true").trim());
    }

    /** Compiles {@code outputs} with every pass. */
    public static Result compile(List<Node> outputs) {
        Report report = new Report();
        int before = Graphs.topologicalOrder(outputs).size();
        List<Node> current = outputs;
        List<Pass> passes = List.of(new StableRewrites(), new AlgebraicSimplification(), new ConstantFolding(),
                new CommonSubexpressions(), new TransposedMatmul(), new ElementwiseFusion(), new DeadNodes(before));
        for (Pass pass : passes) {
            current = pass.apply(current, report);
        }
        report.sizes(before, Graphs.topologicalOrder(current).size());
        return new Result(List.copyOf(current), report);
    }
}
