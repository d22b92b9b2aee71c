package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node computed NaN or an infinity while its function ran with anomaly detection
 * ({@link Function#withAnomalyDetection()}). It is thrown at the <em>first</em> such node in evaluation
 * order, so the node it names is where the non-finite values were born, not where they ended up.
 *
 * <p>The message names the node as the graph printer prints it ({@code %7 = log(%3) : f64[N, 4]}), how many
 * NaNs and infinities it produced, whether it belongs to the forward pass or to the backward pass (and then
 * to the pullback of which forward node), each input's shape, minimum, maximum and count of NaNs and
 * infinities, the line of user code that built the node (when sites were recorded with
 * {@link dev.adjoint.core.graph.Provenance#recordSites()}), and, when the cause is a known singularity
 * ({@code log} of 0, {@code sqrt}'s derivative at 0, division by 0, {@code exp} overflow, {@code log1p(-1)},
 * a power of a negative base), the cause and a safe alternative. For example:
 *
 * <pre>
 * anomaly: log produced non-finite values, got 1 -Infinity among 6 values at %2 = log(%1) : f64[2, 3]
 *   pass:       forward
 *   input %1:   f64[2, 3] min 0.0, max 4.0, no NaN or infinity
 *   created at: demo.Model.loss(Model.java:31)
 *   cause:      log is -Infinity at 0 and NaN below 0; %1 holds 1 zero
 *   hint:       for log(softmax(z)) use logSoftmax(z) or a cross-entropy from logits; ...
 * </pre>
 */
public final class AnomalyException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final transient Node node;
    private final String nodeLine;
    private final boolean gradient;
    private final String cause;

    /** The bodies named in full at either end of a message; those between are counted. */
    static final int BODIES_NAMED = 8;

    private final String report;
    private final List<String> outerBodies;
    private final List<String> innerBodies;
    private final int bodies;

    AnomalyException(String message, Node node, String nodeLine, boolean gradient, String cause) {
        this(message, node, nodeLine, gradient, cause, List.of(), List.of(), 0);
    }

    private AnomalyException(String report, Node node, String nodeLine, boolean gradient, String cause,
            List<String> outerBodies, List<String> innerBodies, int bodies) {
        super(message(report, outerBodies, innerBodies, bodies));
        this.report = report;
        this.node = node;
        this.nodeLine = nodeLine;
        this.gradient = gradient;
        this.cause = cause;
        this.outerBodies = outerBodies;
        this.innerBodies = innerBodies;
        this.bodies = bodies;
    }

    /**
     * {@code in a body of A: in a body of B: ... report}, the bodies from the outermost in: at most
     * {@value #BODIES_NAMED} at each end, those between counted, so that an anomaly deep in nested loops or
     * branches (10,000 levels) gives a message, and a chain of causes, that grow with the depth and not with its
     * square.
     */
    private static String message(String report, List<String> outer, List<String> inner, int bodies) {
        StringBuilder sb = new StringBuilder();
        for (String body : outer) {
            sb.append("in a body of ").append(body).append(": ");
        }
        int between = bodies - outer.size() - inner.size();
        if (between > 0) {
            sb.append("(").append(between).append(between == 1 ? " more nested body): " : " more nested bodies): ");
        }
        for (String body : inner) {
            sb.append("in a body of ").append(body).append(": ");
        }
        return sb.append(report).toString();
    }

    /**
     * The same anomaly found in the body of {@code body}, a loop or conditional of an enclosing function; this
     * exception becomes the cause.
     */
    AnomalyException inBody(String body) {
        List<String> outer = outerBodies;
        List<String> inner = innerBodies;
        if (inner.size() < BODIES_NAMED) {
            inner = prepend(body, inner, BODIES_NAMED);
        } else {
            outer = prepend(body, outer, BODIES_NAMED);
        }
        AnomalyException e = new AnomalyException(report, node, nodeLine, gradient, cause, outer, inner, bodies + 1);
        e.initCause(this);
        return e;
    }

    /** {@code first} followed by the first {@code limit - 1} of {@code rest}. */
    private static List<String> prepend(String first, List<String> rest, int limit) {
        List<String> out = new ArrayList<>(Math.min(limit, rest.size() + 1));
        out.add(first);
        out.addAll(rest.subList(0, Math.min(rest.size(), limit - 1)));
        return List.copyOf(out);
    }

    /** The first node that computed a non-finite value. */
    public Node node() {
        return node;
    }

    /** The node as printed in its function's graph, e.g. {@code %7 = log(%3) : f64[N, 4]}. */
    public String nodeLine() {
        return nodeLine;
    }

    /** True when the node belongs to a backward pass (autodiff built it). */
    public boolean inGradient() {
        return gradient;
    }

    /** The known singularity behind the anomaly, when one was recognized. */
    public Optional<String> singularity() {
        return Optional.ofNullable(cause);
    }

    /**
     * The same anomaly with {@code context} (e.g. {@code fit: epoch 2, batch 7}) put in front of its message,
     * for code that runs functions on a user's behalf; this exception becomes the cause.
     *
     * @throws NullPointerException if the context is null
     */
    public AnomalyException in(String context) {
        Objects.requireNonNull(context, "context is null");
        AnomalyException e = new AnomalyException(context + ": " + getMessage(), node, nodeLine, gradient, cause);
        e.initCause(this);
        return e;
    }
}
