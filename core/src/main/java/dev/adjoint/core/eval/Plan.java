package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Notation;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a call of a compiled function does, fixed once: the nodes in topological order (the <em>steps</em>),
 * each step's arguments as <em>slots</em> (the positions of the steps that computed them), which slots hold
 * the declared inputs and the outputs, and, for each step, the slots whose last reader it is (liveness).
 *
 * <p>A value lives in its slot from the step that computes it to the last step that reads it; after that the
 * slot is released, so a call holds only the live set, never the whole graph. Outputs are never released.
 * A plan is immutable and holds no values: a {@link Runner} keeps a call's values in an array of its own, so
 * one plan serves many calls, on many threads at once.
 *
 * <pre>{@code
 * Plan plan = Plan.of(List.of(x, w), List.of(y));       // y = tanh(x·W)
 * plan.step(2);                                          // the node matmul("x", "W") : f64[N, 2]
 * plan.argumentSlot(2, 1);                               // 1: W's slot
 * plan.releasedAfter(3);                                 // [2]: the matmul's value dies after tanh
 * }</pre>
 */
public final class Plan {

    private final Node[] steps;
    /** Step i's argument slots are {@code argSlot[argStart[i] .. argStart[i + 1])}. */
    private final int[] argStart;
    private final int[] argSlot;
    /** The slots released after step i are {@code released[releaseStart[i] .. releaseStart[i + 1])}. */
    private final int[] releaseStart;
    private final int[] released;
    private final int[] inputSlots;
    private final int[] outputSlots;

    private Plan(Node[] steps, int[] argStart, int[] argSlot, int[] releaseStart, int[] released,
            int[] inputSlots, int[] outputSlots) {
        this.steps = steps;
        this.argStart = argStart;
        this.argSlot = argSlot;
        this.releaseStart = releaseStart;
        this.released = released;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
    }

    /** The plan computing {@code outputs} from {@code inputs}, in the order {@link Topology#of} gives. */
    public static Plan of(List<Node> inputs, List<Node> outputs) {
        return of(inputs, outputs, Topology.of(outputs));
    }

    /**
     * The plan computing {@code outputs} (whose nodes {@code graph} numbers) from {@code inputs}. An input the
     * outputs do not use gets slot -1.
     */
    public static Plan of(List<Node> inputs, List<Node> outputs, Topology graph) {
        Objects.requireNonNull(inputs, "inputs is null");
        Objects.requireNonNull(outputs, "outputs is null");
        int n = graph.size();
        Node[] steps = graph.order().toArray(new Node[0]);
        int[] argStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            argStart[i + 1] = argStart[i] + graph.inputCount(i);
        }
        int[] argSlot = new int[argStart[n]];
        int[] lastUse = new int[n];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < argStart[i + 1] - argStart[i]; j++) {
                int a = graph.input(i, j);
                argSlot[argStart[i] + j] = a;
                lastUse[a] = i;
            }
        }
        int[] outputSlots = outputs.stream().mapToInt(graph::indexOf).toArray();
        for (int s : outputSlots) {
            lastUse[s] = Integer.MAX_VALUE; // never released
        }
        // counting sort of the slots by the step after which they die
        int[] releaseStart = new int[n + 1];
        for (int s = 0; s < n; s++) {
            if (lastUse[s] >= 0 && lastUse[s] < n) {
                releaseStart[lastUse[s] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            releaseStart[i + 1] += releaseStart[i];
        }
        int[] released = new int[releaseStart[n]];
        int[] fill = Arrays.copyOf(releaseStart, n);
        for (int s = 0; s < n; s++) {
            if (lastUse[s] >= 0 && lastUse[s] < n) {
                released[fill[lastUse[s]]++] = s;
            }
        }
        int[] inputSlots = inputs.stream().mapToInt(graph::indexOf).toArray();
        return new Plan(steps, argStart, argSlot, releaseStart, released, inputSlots, outputSlots);
    }

    /** The number of steps (and slots). */
    public int size() {
        return steps.length;
    }

    /** The node computed at step {@code i}; its value goes to slot {@code i}. */
    public Node step(int i) {
        return steps[i];
    }

    /** The steps in order. */
    public List<Node> steps() {
        return List.of(steps);
    }

    /** The number of arguments of step {@code i}. */
    public int argumentCount(int i) {
        return argStart[i + 1] - argStart[i];
    }

    /** The slot of argument {@code j} of step {@code i}. */
    public int argumentSlot(int i, int j) {
        return argSlot[argStart[i] + j];
    }

    /** The slots whose last reader is step {@code i}: released after it. */
    public int[] releasedAfter(int i) {
        return Arrays.copyOfRange(released, releaseStart[i], releaseStart[i + 1]);
    }

    /** The number of slots released after step {@code i}. */
    public int releasedCount(int i) {
        return releaseStart[i + 1] - releaseStart[i];
    }

    /** The {@code k}-th slot released after step {@code i}. */
    public int released(int i, int k) {
        return released[releaseStart[i] + k];
    }

    /** The slot of declared input {@code k}, or -1 when the outputs do not use it. */
    public int inputSlot(int k) {
        return inputSlots[k];
    }

    /** The number of declared inputs. */
    public int inputCount() {
        return inputSlots.length;
    }

    /** The slot of output {@code k}. */
    public int outputSlot(int k) {
        return outputSlots[k];
    }

    /** The number of outputs. */
    public int outputCount() {
        return outputSlots.length;
    }

    /** One line per step, e.g. {@code %0 = input "x" : f64[N, 3]}, {@code %3 = tanh(%2) : f64[N, 2]; releases %2}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.length; i++) {
            sb.append('%').append(i).append(" = ").append(steps[i].op().name());
            if (steps[i].op() instanceof SourceOp.Input input) {
                sb.append(' ').append(Notation.quote(input.label()));
            }
            for (int j = 0; j < argumentCount(i); j++) {
                sb.append(j == 0 ? "(%" : ", %").append(argumentSlot(i, j));
            }
            sb.append(argumentCount(i) > 0 ? ") : " : " : ").append(steps[i].type());
            for (int k = 0; k < releasedCount(i); k++) {
                sb.append(k == 0 ? "; releases %" : ", %").append(released(i, k));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
