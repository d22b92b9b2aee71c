package dev.adjoint.examples.bench;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.eval.Plan;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Subgraph;
import dev.adjoint.core.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most tensor memory a call of a compiled function holds at once, from its plan: every step's value is
 * live from the step that computes it to the last step that reads it (the runner drops it then), the inputs
 * for the whole call. A loop or a checkpoint holds, while it runs, its outputs and, on top, the peak of its
 * body (one step at a time; the body's own plan, measured the same way). Views that share an array (a
 * reshape) are counted as copies, so the figure is an upper bound of what the runner's arrays take; it is the
 * quantity the memory policies of a scan and gradient checkpointing trade for time.
 */
public final class PlanMemory {

    private final int batch;
    private final Map<Subgraph, Long> bodies = new HashMap<>();

    private PlanMemory(int batch) {
        this.batch = batch;
    }

    /** The peak bytes of a call of {@code f} with the batch dimension bound to {@code batch}. */
    public static long peakBytes(Function f, int batch) {
        return new PlanMemory(batch).peak(f.plan());
    }

    private long peak(Plan plan) {
        long[] bytes = new long[plan.size()];
        long live = 0;
        for (int k = 0; k < plan.inputCount(); k++) {
            int slot = plan.inputSlot(k);
            if (slot >= 0) {
                bytes[slot] = bytes(plan.step(slot));
                live += bytes[slot];
            }
        }
        long peak = live;
        for (int s = 0; s < plan.size(); s++) {
            Node node = plan.step(s);
            if (node.op() instanceof SourceOp.Input) {
                continue;
            }
            if (node.op() instanceof MultiOutputOp m) {
                List<Shape> shapes = m.shapes(node.inputs());
                long out = 0;
                for (int k = 0; k < shapes.size(); k++) {
                    out += bytes(shapes.get(k), m.dtypes(node.inputs()).get(k).byteSize());
                }
                bytes[s] = out;
                long inside = node.op() instanceof ControlFlowOp c ? inside(c) : 0;
                peak = Math.max(peak, live + out + inside);
                live += out;
            } else if (node.op() instanceof MultiOutputOp.Part) {
                // the part moves from the tuple's slot to its own: nothing new is allocated
                int tuple = plan.argumentSlot(s, 0);
                bytes[s] = bytes(node);
                bytes[tuple] -= bytes[s];
            } else {
                bytes[s] = bytes(node);
                live += bytes[s];
                peak = Math.max(peak, live);
            }
            for (int k = 0; k < plan.releasedCount(s); k++) {
                live -= bytes[plan.released(s, k)];
                bytes[plan.released(s, k)] = 0;
            }
        }
        return peak;
    }

    /** What a control-flow node holds on top of its outputs while it runs: its largest body's peak. */
    private long inside(ControlFlowOp op) {
        long most = 0;
        for (Subgraph body : op.bodies()) {
            Long known = bodies.get(body);
            if (known == null) {
                known = peak(Function.of(body.parameters(), body.results()).plan());
                bodies.put(body, known);
            }
            most = Math.max(most, known);
        }
        return most; // the body's inputs (a step's carries and slices) are part of its peak
    }

    private long bytes(Node node) {
        return bytes(node.shape(), node.dtype().byteSize());
    }

    private long bytes(Shape shape, int byteSize) {
        Shape concrete = shape.isConcrete() ? shape : shape.bind(batch);
        return (long) concrete.size() * byteSize;
    }
}
