package dev.adjoint.core.eval;

import dev.adjoint.core.compile.Rewrites;
import dev.adjoint.core.graph.Anomaly;
import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntBinaryOperator;
import java.util.function.IntFunction;

/**
 * The reports of {@link Function#withAnomalyDetection()}: when a value of the compiled plan holds a NaN or an
 * infinity, an {@link AnomalyException} describing the user's node behind it, its inputs, where it was built
 * and, via {@link Singularities}, the likely cause.
 *
 * <p><b>From the plan back to the user's graph.</b> The checked plan is the compiled one, so its steps are not
 * always nodes the user built: the compiler's {@link Rewrites} record says which compiled node stands for each
 * written node. The report names the written node the failing step stands for (for a node the compiler built
 * inside a rewrite, the written node it was built for) and the values of that node's inputs as the call
 * computed them. A written input without a value in the plan (absorbed into a fused node, or rewritten away)
 * is recomputed from its own inputs, with the ops as written; the first of those recomputed nodes that is not
 * finite is the one reported, since it is where the fused or rewritten step went wrong.
 *
 * <p>Sources (inputs, constants, fills) are not checked: their values are data, not computation. A non-finite
 * value that enters through one is reported at the first node that computes with it. A reduction over an empty
 * axis gives its identity ({@code max} -Infinity, {@code min} +Infinity, {@code logSumExp} -Infinity): a
 * documented result, not an anomaly, and neither are reshapes and broadcasts of it; a node computing with it
 * and giving a non-finite value is reported.
 *
 * <p>Immutable, so one check serves concurrent calls.
 */
final class AnomalyCheck {

    private final Plan plan;
    private final List<Node> outputs;
    /** The compiler's record, or null when the plan computes the graph as written. */
    private final Rewrites rewrites;

    AnomalyCheck(Plan plan, List<Node> outputs, Rewrites rewrites) {
        this.plan = plan;
        this.outputs = outputs;
        this.rewrites = rewrites;
    }

    /**
     * The exception for step {@code s} of the plan, whose value holds a NaN or an infinity; {@code values} holds
     * the value of every step computed so far.
     */
    AnomalyException anomaly(int s, Tensor[] values) {
        Topology written = rewrites == null ? Topology.of(outputs) : rewrites.written();
        Map<Node, Integer> steps = new IdentityHashMap<>(plan.size());
        for (int t = 0; t < plan.size(); t++) {
            steps.put(plan.step(t), t);
        }
        // the value of each written node that the call computed, by written position, and the first written
        // node each step stands for
        Tensor[] value = new Tensor[written.size()];
        int[] writtenOf = new int[plan.size()];
        Arrays.fill(writtenOf, -1);
        for (int p = 0; p < written.size(); p++) {
            Node form = rewrites == null ? written.node(p) : rewrites.compiledForm(p);
            Integer t = form == null ? null : steps.get(form);
            if (t != null) {
                value[p] = values[t];
                writtenOf[t] = writtenOf[t] < 0 ? p : writtenOf[t];
            }
        }
        List<Integer> users = writtenOf[s] >= 0 ? List.of(writtenOf[s]) : usersOf(s, writtenOf);
        int origin = users.get(0);
        int culprit = origin;
        // a step the compiler built for several written nodes (a merged product and its row blocks) belongs to
        // the first of them whose value, recomputed as written, is not finite
        for (int user : users) {
            Tensor[] recomputed = value.clone();
            try {
                int first = recompute(written, user, recomputed, batchOf(values));
                if (first != user || !isFinite(recomputed[user])) {
                    origin = user;
                    culprit = first;
                    value = recomputed;
                    break;
                }
            } catch (RuntimeException e) {
                // recomputing as written failed: report the step under the name of its node, without its inputs
            }
        }
        Node node = written.node(culprit);
        Tensor[] in = new Tensor[written.inputCount(culprit)];
        for (int j = 0; j < in.length; j++) {
            in[j] = value[written.input(culprit, j)];
        }
        Tensor out = value[culprit] != null && !isFinite(value[culprit]) ? value[culprit] : values[s];
        Map<Node, Integer> numbers = new IdentityHashMap<>(written.size());
        for (int p = 0; p < written.size(); p++) {
            numbers.put(written.node(p), p);
        }
        return anomaly(node, in, out, numbers);
    }

    /** Step {@code s} as the user's graph prints it, e.g. {@code %7 = scan(%2, %5) : (f64[3], f64[4, 3])}. */
    String describeStep(int s) {
        Topology written = rewrites == null ? Topology.of(outputs) : rewrites.written();
        Map<Node, Integer> numbers = new IdentityHashMap<>(written.size());
        for (int p = 0; p < written.size(); p++) {
            numbers.put(written.node(p), p);
            Node form = rewrites == null ? written.node(p) : rewrites.compiledForm(p);
            if (form == plan.step(s)) {
                return GraphPrinter.line(written.node(p), numbers);
            }
        }
        return plan.step(s).op().name() + " : " + plan.step(s).type() + " (built by the compiler)";
    }

    /**
     * The written nodes a step the compiler built belongs to, in plan order: those of the later steps reading
     * it, or reading through other steps the compiler built (a rewrite's result stands for the written node;
     * a merged product feeds one block per written node).
     */
    private List<Integer> usersOf(int s, int[] writtenOf) {
        boolean[] reaches = new boolean[plan.size()];
        reaches[s] = true;
        List<Integer> users = new ArrayList<>();
        for (int t = s + 1; t < plan.size(); t++) {
            for (int j = 0; j < plan.argumentCount(t) && !reaches[t]; j++) {
                int in = plan.argumentSlot(t, j);
                reaches[t] = reaches[in] && (in == s || writtenOf[in] < 0);
            }
            if (reaches[t] && writtenOf[t] >= 0) {
                users.add(writtenOf[t]);
            }
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("anomaly: step %" + s + " stands for no node of the graph as written");
        }
        return users;
    }

    /**
     * Recomputes, as written, the nodes {@code origin} needs whose values the call did not compute, and returns
     * the first (in topological order) that is not finite, or {@code origin} when none is.
     */
    private static int recompute(Topology written, int origin, Tensor[] value, int batch) {
        boolean[] needed = new boolean[origin + 1];
        needed[origin] = true;
        for (int p = origin; p >= 0; p--) {
            if (needed[p] && (p == origin || value[p] == null)) {
                for (int j = 0; j < written.inputCount(p); j++) {
                    needed[written.input(p, j)] = true;
                }
            }
        }
        for (int p = 0; p <= origin; p++) {
            if (!needed[p] || value[p] != null) {
                continue;
            }
            Node node = written.node(p);
            if (node.op() instanceof SourceOp.Input) {
                return origin; // an input the plan no longer reads: its value is not known here
            }
            Tensor[] in = new Tensor[written.inputCount(p)];
            for (int j = 0; j < in.length; j++) {
                in[j] = value[written.input(p, j)];
            }
            Shape out = node.shape().isConcrete() ? node.shape() : node.shape().bind(batch);
            value[p] = node.op().forward(Arrays.asList(in), out);
            if (!(node.op() instanceof SourceOp) && !isFinite(value[p])
                    && !emptyIdentity(p, written::node, written::input, q -> value[q])) {
                return p;
            }
        }
        return origin;
    }

    /** The size bound to N in this call, read from a computed value whose node has N; -1 when none has. */
    private int batchOf(Tensor[] values) {
        for (int t = 0; t < plan.size(); t++) {
            Shape shape = plan.step(t).shape();
            if (!shape.isConcrete() && values[t] != null) {
                for (int a = 0; a < shape.rank(); a++) {
                    if (shape.dim(a) == Shape.BATCH) {
                        return values[t].shape().dim(a);
                    }
                }
            }
        }
        return -1;
    }

    /**
     * True when the value at position {@code at} of a graph (node {@code node(i)}, input positions
     * {@code input(i, j)}, values {@code value(i)}) is the identity of a reduction over an empty axis, or a
     * reshape, broadcast, permutation or stopped gradient of one: a documented result, not an anomaly.
     */
    static boolean emptyIdentity(int at, IntFunction<Node> node, IntBinaryOperator input, IntFunction<Tensor> value) {
        int i = at;
        while (node.apply(i).op() instanceof UnaryOp.StopGradient || node.apply(i).op() instanceof MovementOp.Reshape
                || node.apply(i).op() instanceof MovementOp.BroadcastTo
                || node.apply(i).op() instanceof MovementOp.Permute) {
            i = input.applyAsInt(i, 0);
        }
        if (!(node.apply(i).op() instanceof ReduceOp)) {
            return false;
        }
        Tensor x = value.apply(input.applyAsInt(i, 0));
        return x != null && x.size() == 0;
    }

    private AnomalyException anomaly(Node node, Tensor[] inputs, Tensor output, Map<Node, Integer> numbers) {
        String line = GraphPrinter.line(node, numbers);
        Optional<Node> gradientOf = Provenance.gradientOf(node);
        Optional<Anomaly.Diagnosis> diagnosis = Arrays.asList(inputs).contains(null) ? Optional.empty()
                : Singularities.diagnose(node, inputs, output, numbers);
        StringBuilder sb = new StringBuilder("anomaly: ").append(node.op().name())
                .append(" produced non-finite values, got ").append(Values.of(output).nonFinite())
                .append(" among ").append(output.size()).append(" values at ").append(line);
        field(sb, "pass", gradientOf.map(f -> "backward, in the pullback of " + describe(f, numbers)
                + Provenance.siteOf(f).map(s -> " (created at " + where(s, f) + ")").orElse("")).orElse("forward"));
        for (int j = 0; j < inputs.length; j++) {
            Node in = node.inputs().get(j);
            field(sb, "input %" + numbers.get(in), inputs[j] == null ? "(not computed)" : describeSource(in)
                    + inputs[j].dtype().shortName() + inputs[j].shape() + " " + Values.of(inputs[j]));
        }
        field(sb, "created at", Provenance.siteOf(node).map(s -> where(s, node))
                .orElse("not recorded; build the graph inside try (var s = Provenance.recordSites()) { ... }"
                        + " to see the line"));
        diagnosis.ifPresent(d -> {
            field(sb, "cause", d.cause());
            field(sb, "hint", d.hint());
        });
        return new AnomalyException(sb.toString(), node, line, gradientOf.isPresent(),
                diagnosis.map(Anomaly.Diagnosis::cause).orElse(null));
    }

    /** True when every value of {@code t} is finite. */
    static boolean isFinite(Tensor t) {
        if (!t.dtype().isFloating()) {
            return true;
        }
        for (int i = 0, n = t.size(); i < n; i++) {
            if (!Double.isFinite(t.flat(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code Model.java:12, in layer 'dense_1'}. */
    private static String where(StackTraceElement site, Node node) {
        return site + Provenance.labelOf(node).map(l -> ", in " + l).orElse("");
    }

    /**
     * The node's printed line; for a node outside the function (a forward node of which only the pullback is
     * computed) its op and type.
     */
    static String describe(Node node, Map<Node, Integer> numbers) {
        if (numbers.containsKey(node) && numbers.keySet().containsAll(node.inputs())) {
            return GraphPrinter.line(node, numbers);
        }
        return node.op().name() + " : " + node.type() + " (a forward node this function does not compute)";
    }

    /** {@code %7}, or the op's name for a node outside the function. */
    static String ref(Node node, Map<Node, Integer> numbers) {
        Integer number = numbers.get(node);
        return number == null ? node.op().name() : "%" + number;
    }

    private static String describeSource(Node in) {
        if (in.op() instanceof SourceOp.Input input) {
            return "(input '" + input.label() + "') ";
        }
        if (in.op() instanceof SourceOp.Constant) {
            return "(constant) ";
        }
        return "";
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append("\n  ").append(String.format(Locale.ROOT, "%-12s", name + ":")).append(value);
    }

    /** Counts and range of a tensor's values, for messages. */
    record Values(int size, int nan, int positiveInfinity, int negativeInfinity, double min, double max) {

        static Values of(Tensor t) {
            int nan = 0;
            int pos = 0;
            int neg = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0, n = t.size(); i < n; i++) {
                double v = t.flat(i);
                if (Double.isNaN(v)) {
                    nan++;
                } else if (v == Double.POSITIVE_INFINITY) {
                    pos++;
                } else if (v == Double.NEGATIVE_INFINITY) {
                    neg++;
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return new Values(t.size(), nan, pos, neg, min, max);
        }

        boolean finite() {
            return nan + positiveInfinity + negativeInfinity == 0;
        }

        /** {@code 2 NaN and 1 +Infinity}. */
        String nonFinite() {
            StringBuilder sb = new StringBuilder();
            append(sb, nan, "NaN");
            append(sb, positiveInfinity, "+Infinity");
            append(sb, negativeInfinity, "-Infinity");
            return sb.length() == 0 ? "no NaN or infinity" : sb.toString();
        }

        private static void append(StringBuilder sb, int count, String what) {
            if (count > 0) {
                sb.append(sb.length() == 0 ? "" : " and ").append(count).append(' ').append(what);
            }
        }

        /** {@code min -1.0, max 4.0, 2 NaN}, over the finite values. */
        @Override
        public String toString() {
            if (size == 0) {
                return "empty";
            }
            String range = nan + positiveInfinity + negativeInfinity == size ? "no finite values"
                    : "min " + min + ", max " + max;
            return range + ", " + nonFinite();
        }
    }
}
