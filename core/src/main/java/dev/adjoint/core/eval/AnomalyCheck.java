package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Anomaly;
import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The check behind {@link Function#withAnomalyDetection()}: after every computed node, if its value holds a
 * NaN or an infinity, throws an {@link AnomalyException} describing the node, its inputs, where it was built
 * and, via {@link Singularities}, the likely cause.
 *
 * <p>Sources (inputs, constants, fills) are not checked: their values are data, not computation. A
 * non-finite value that enters through one is reported at the first node that computes with it, whose
 * message then names the input that already held it.
 *
 * <p>Immutable after construction, so one check serves concurrent calls.
 */
final class AnomalyCheck implements StepCheck {

    private final Map<Node, Integer> numbers = new IdentityHashMap<>();

    /** Numbers the nodes of {@code outputs} as {@link GraphPrinter#print} does. */
    AnomalyCheck(List<Node> outputs) {
        List<Node> order = Graphs.topologicalOrder(outputs);
        for (int i = 0; i < order.size(); i++) {
            numbers.put(order.get(i), i);
        }
    }

    @Override
    public void afterStep(Node node, Tensor[] inputs, Tensor output) {
        if (node.op() instanceof SourceOp || isFinite(output)) {
            return;
        }
        throw anomaly(node, inputs, output);
    }

    private static boolean isFinite(Tensor t) {
        for (int i = 0, n = t.size(); i < n; i++) {
            if (!Double.isFinite(t.flat(i))) {
                return false;
            }
        }
        return true;
    }

    private AnomalyException anomaly(Node node, Tensor[] inputs, Tensor output) {
        String line = GraphPrinter.line(node, numbers);
        Optional<Node> gradientOf = Provenance.gradientOf(node);
        Optional<Anomaly.Diagnosis> diagnosis = Singularities.diagnose(node, inputs, output, numbers);
        StringBuilder sb = new StringBuilder("anomaly: ").append(node.op().name())
                .append(" produced non-finite values, got ").append(Values.of(output).nonFinite())
                .append(" among ").append(output.size()).append(" values at ").append(line);
        field(sb, "pass", gradientOf.map(f -> "backward, in the pullback of " + describe(f, numbers)
                + Provenance.siteOf(f).map(s -> " (created at " + where(s, f) + ")").orElse("")).orElse("forward"));
        for (int j = 0; j < inputs.length; j++) {
            Node in = node.inputs().get(j);
            field(sb, "input %" + numbers.get(in), describeSource(in) + inputs[j].dtype().shortName()
                    + inputs[j].shape() + " " + Values.of(inputs[j]));
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
