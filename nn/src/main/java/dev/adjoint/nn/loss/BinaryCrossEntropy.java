package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Anomaly;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * Binary cross-entropy (Keras {@code "binary_crossentropy"}), averaged over all elements, for targets
 * {@code y} in {@code [0, 1]} (usually 0 or 1) and one prediction per target.
 *
 * <p><b>From logits</b> ({@code fromLogits = true}, {@code yPred = z}): per element
 * {@code -y ln sigma(z) - (1 - y) ln(1 - sigma(z)) = softplus(z) - y z}
 * {@code = max(z, 0) - y z + log1p(e^-|z|)}, which neither overflows nor loses precision: logits of
 * {@code ±1e4} or {@code ±1e30} give finite values and gradients. Gradient:
 * {@code dL/dz = (sigma(z) - y) / n}. At an infinite logit the term is its limit, {@code (1 - y) z} at
 * {@code +inf} and {@code -y z} at {@code -inf}: infinite for a wrong target, 0 for the right one ({@code y = 1}
 * at {@code +inf}, {@code y = 0} at {@code -inf}; PyTorch 1.13's {@code binary_cross_entropy_with_logits} gives
 * NaN there, and NaN at {@code -inf} for every target), never {@code inf - inf = NaN}.
 *
 * <p><b>From probabilities</b> ({@code yPred = p}): {@code -y ln p - (1 - y) ln(1 - p)} with p clipped to
 * {@code [eps, 1 - eps]}, {@code eps = }{@link Losses#EPSILON} {@code = 1e-7}, as Keras does; gradient
 * {@code (p - y) / (p (1 - p) n)} inside the interval, 0 outside. When {@code yPred} is itself a sigmoid node
 * {@code sigma(z)} (the output of a {@code Sigmoid} activation), the logit form above is used with its
 * argument {@code z}, as Keras does on its TensorFlow backend with the logits its sigmoid activation keeps:
 * equal in value wherever the clip is inactive, and the gradient does not vanish when the sigmoid saturates.
 *
 * <p><b>Label smoothing</b> ({@code labelSmoothing = ls > 0}): as Keras, the targets are replaced by
 * {@code y (1 - ls) + ls / 2} before the loss, squeezing them towards 0.5: a target 1 asks for {@code 1 - ls / 2}
 * and a target 0 for {@code ls / 2} instead of certainty. At {@code ls = 0}, the default, the targets are used as
 * given and the graph is the one without smoothing.
 *
 * @param fromLogits whether {@code yPred} holds logits rather than probabilities (Keras's default: false)
 * @param labelSmoothing how much each target is squeezed towards 0.5, in {@code [0, 1]} (Keras's default: 0,
 *     none)
 */
public record BinaryCrossEntropy(boolean fromLogits, double labelSmoothing) implements Loss {

    /** Validates labelSmoothing. */
    public BinaryCrossEntropy {
        Probabilities.requireLabelSmoothing("BinaryCrossEntropy", labelSmoothing);
    }

    /** Without label smoothing, Keras's default. */
    public BinaryCrossEntropy(boolean fromLogits) {
        this(fromLogits, 0);
    }

    /** From probabilities, without label smoothing, Keras's defaults. */
    public BinaryCrossEntropy() {
        this(false);
    }

    /** This loss with {@code labelSmoothing} instead (Keras's {@code label_smoothing}). */
    public BinaryCrossEntropy withLabelSmoothing(double labelSmoothing) {
        return new BinaryCrossEntropy(fromLogits, labelSmoothing);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    /**
     * Checks that every target is in {@code [0, 1]} (a probability: 0 or 1, or a smoothed label), naming the row:
     * outside it the loss is not a cross-entropy and has no minimum in yPred (Keras takes such targets silently).
     */
    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Targets.checkProbabilities("BinaryCrossEntropy", yTrue);
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("BinaryCrossEntropy", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("BinaryCrossEntropy", terms(yTrue, yPred));
    }

    private Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("BinaryCrossEntropy", yTrue, yPred);
        if (labelSmoothing != 0) {
            y = y.mul(1 - labelSmoothing).add(0.5 * labelSmoothing);
        }
        Node z = fromLogits ? yPred : Probabilities.logitsOfSigmoid(yPred);
        if (z != null) {
            return withLimitsAtInfiniteLogits(z, y);
        }
        Node p = Probabilities.clip(yPred);
        Node one = y.mul(p.log());
        Node zero = y.neg().add(1.0).mul(p.neg().add(1.0).log());
        return one.add(zero).neg();
    }

    /**
     * {@code softplus(z) - y z}, and where some logit is infinite its limit: {@code softplus(z) - y z} where z is
     * finite, {@code w |z|} where it is infinite, with {@code w = 1 - y} at {@code +inf} and {@code w = y} at
     * {@code -inf} (0 where {@code w = 0}), whose derivative in z is {@code sigma(z) - y} there too, and in y
     * {@code -z} (PyTorch's; 0 where the limit is 0). The limit runs in a branch of its own ({@link
     * ControlFlowOp#cond}), only when the largest {@code |z|} is infinite: finite logits pay one pass for the test
     * and none for the limit's elementwise tests, and a second derivative never meets the plain form's
     * {@code inf - inf}.
     */
    private static Node withLimitsAtInfiniteLogits(Node z, Node y) {
        Node anyInfinite = z.abs().max().stopGradient().greater(Anomaly.largest(z.dtype())).cast(z.dtype());
        return ControlFlowOp.cond(anyInfinite, List.of(z, y), in -> List.of(limits(in.get(0), in.get(1))),
                in -> List.of(in.get(0).softplus().sub(in.get(1).mul(in.get(0))))).get(0);
    }

    /**
     * The terms with their limits at infinite logits. The finite form reads z only where it is finite (0
     * elsewhere), so its gradient never meets {@code inf * 0}.
     */
    private static Node limits(Node z, Node y) {
        Node zero = SourceOp.scalar(0, z.dtype());
        Node infinite = z.isInf();
        Node finite = infinite.where(zero, z);
        Node terms = finite.softplus().sub(y.mul(finite));
        Node wrong = z.greater(zero).where(y.neg().add(1.0), y);
        // w |z|, with |z| read as 0 where w = 0: the limit 0 there, and no 0 * inf in the gradient of w
        Node limit = wrong.mul(wrong.equal(zero).where(zero, z.abs()));
        return infinite.where(limit, terms);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }
}
