package dev.adjoint.core.eval;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Op;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The plain evaluator: runs a {@link Plan} once per call. A call binds the inputs to their slots, computes
 * every step once, in order, from the values in its argument slots ({@code op.forward}), and clears each slot
 * after its last reader, so a call holds only its live values. All state of a call is in local arrays, so one
 * runner serves many threads at once.
 *
 * <p>Runners that do more (recycle arrays, check values) extend this one through four hooks: how a step is
 * computed (one with several outputs, {@link MultiOutputOp}, apart), what happens once its value is in its slot,
 * and how a dead slot is cleared.
 */
public class Runner {

    /** The plan this runner runs. */
    protected final Plan plan;

    /** A runner for {@code plan}. */
    public Runner(Plan plan) {
        this.plan = Objects.requireNonNull(plan, "plan is null");
    }

    /** The plan this runner runs. */
    public Plan plan() {
        return plan;
    }

    /**
     * The outputs for one tensor per declared input, in order, with {@code batch} bound to the symbolic
     * dimension N (-1 when no input has it). {@link Function#call} checks each argument's type first; here
     * only their number is checked.
     *
     * @throws IllegalArgumentException if the number of arguments is not the number of declared inputs
     */
    public List<Tensor> run(List<Tensor> args, int batch) {
        if (args.size() != plan.inputCount()) {
            throw new IllegalArgumentException("run: expects " + plan.inputCount() + " arguments, got "
                    + args.size());
        }
        Tensor[] values = new Tensor[plan.size()];
        List<?>[] tuples = null; // the outputs of the steps with several, read by their parts
        for (int k = 0; k < plan.inputCount(); k++) {
            if (plan.inputSlot(k) >= 0) {
                values[plan.inputSlot(k)] = args.get(k);
            }
        }
        for (int s = 0; s < plan.size(); s++) {
            Node node = plan.step(s);
            if (node.op() instanceof MultiOutputOp) {
                tuples = tuples == null ? new List<?>[plan.size()] : tuples;
                tuples[s] = computeAll(s, arguments(s, values), batch);
            } else if (!(node.op() instanceof SourceOp.Input)) {
                Tensor[] in = arguments(s, values);
                if (node.op() instanceof MultiOutputOp.Part part) {
                    in[0] = (Tensor) tuples[plan.argumentSlot(s, 0)].get(part.index());
                }
                Shape out = concreteShape(node, batch);
                Tensor value = compute(s, in, out);
                if (value == null || !value.shape().equals(out) || value.dtype() != node.dtype()) {
                    throw new IllegalStateException(node.op().name() + ": forward must return "
                            + node.dtype().shortName() + out + ", got "
                            + (value == null ? "null" : value.dtype().shortName() + value.shape()));
                }
                values[s] = value;
                computed(s, in, values);
            }
            for (int k = 0; k < plan.releasedCount(s); k++) {
                release(values, plan.released(s, k));
                if (tuples != null) {
                    tuples[plan.released(s, k)] = null;
                }
            }
        }
        List<Tensor> results = new ArrayList<>(plan.outputCount());
        for (int k = 0; k < plan.outputCount(); k++) {
            results.add(values[plan.outputSlot(k)]);
        }
        return results;
    }

    private Tensor[] arguments(int s, Tensor[] values) {
        Tensor[] in = new Tensor[plan.argumentCount(s)];
        for (int j = 0; j < in.length; j++) {
            in[j] = values[plan.argumentSlot(s, j)];
        }
        return in;
    }

    /**
     * Step {@code s}'s value from its arguments: the op's forward; a {@link CustomOp}'s failure is rethrown
     * naming the op ({@link CustomOpFailure}).
     */
    protected Tensor compute(int s, Tensor[] in, Shape out) {
        Op op = plan.step(s).op();
        try {
            return op.forward(Arrays.asList(in), out);
        } catch (RuntimeException e) {
            throw op instanceof CustomOp ? CustomOpFailure.of(plan.step(s), in, out, e) : e;
        }
    }

    /** The outputs of step {@code s}, an op with several outputs: its {@code forwardAll}. */
    protected List<Tensor> computeAll(int s, Tensor[] in, int batch) {
        return ((MultiOutputOp) plan.step(s).op()).forwardAll(Arrays.asList(in), batch);
    }

    /** Called once step {@code s}'s value is in {@code values[s]}, with its arguments; does nothing here. */
    protected void computed(int s, Tensor[] in, Tensor[] values) {
    }

    /** Clears a slot after its last reader. */
    protected void release(Tensor[] values, int slot) {
        values[slot] = null;
    }

    private static Shape concreteShape(Node node, int batch) {
        Shape shape = node.shape();
        if (shape.isConcrete()) {
            return shape;
        }
        if (batch < 0) {
            throw new IllegalArgumentException("call: " + node + " has the batch dimension N, but no input binds"
                    + " N; declare an input with N");
        }
        return shape.bind(batch);
    }
}
