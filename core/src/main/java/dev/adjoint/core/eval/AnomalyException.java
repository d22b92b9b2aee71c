package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Node;
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

    AnomalyException(String message, Node node, String nodeLine, boolean gradient, String cause) {
        super(message);
        this.node = node;
        this.nodeLine = nodeLine;
        this.gradient = gradient;
        this.cause = cause;
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
