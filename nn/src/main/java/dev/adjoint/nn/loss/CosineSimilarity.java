package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The cosine-similarity loss (Keras {@code "cosine_similarity"}): per example the negated cosine of the angle
 * between {@code yTrue} and {@code yPred} along {@code axis},
 * {@code l = -sum(normalize(yTrue) normalize(yPred))} with Keras 3's
 * {@code normalize(x) = x / max(|x|, 1e-7) = x / sqrt(max(sum(x^2), 1e-14))} (sums along {@code axis}; Keras 2's
 * {@code l2_normalize} floored the squared norm at {@code 1e-12}), averaged over the examples (and
 * any other axes). It lies in {@code [-1, 1]}: -1 for vectors pointing the same way, 0 for orthogonal ones, 1 for
 * opposite ones, so minimizing it aligns the prediction with the target whatever their lengths. A zero vector is
 * normalized to zero (the floor keeps the division finite), so its loss is 0. Gradient, per example:
 * {@code dl/dyPred = -(u - (u . v) v) / |yPred|} with {@code u}, {@code v} the normalized target and prediction.
 *
 * @param axis the axis of the vectors, counted from the end if negative (Keras's default -1, the last); never the
 *     batch axis 0
 */
public record CosineSimilarity(int axis) implements Loss {

    /** Keras's default, the last axis. */
    public static final int DEFAULT_AXIS = -1;

    /**
     * The floor of the squared norm: Keras 3's {@code ops.normalize} floors the norm at its epsilon, {@code 1e-7}
     * (as {@code min(rsqrt(sum x²), 1e7)}), so the squared norm at {@code 1e-14}; flooring the square keeps the
     * gradient at a zero vector 0, where a floored {@code rsqrt} or {@code sqrt} would give {@code 0 · inf}.
     */
    private static final double NORM_FLOOR = 1e-14;

    /** Rejects the batch axis, which no per-example loss can reduce. */
    public CosineSimilarity {
        if (axis == 0) {
            throw new IllegalArgumentException("CosineSimilarity: axis must not be 0, the batch axis, got " + axis);
        }
    }

    /** {@code axis = -1}. */
    public CosineSimilarity() {
        this(DEFAULT_AXIS);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("CosineSimilarity", terms(yTrue, yPred));
    }

    /**
     * The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss).
     *
     * @throws IllegalArgumentException if {@code axis} is the time axis 1
     */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node terms = terms(yTrue, yPred);
        if (axisOf(yPred) == 1) {
            throw new IllegalArgumentException("CosineSimilarity: per-step losses need an axis after the time axis,"
                    + " got axis " + axis + " for yPred " + yPred.shape());
        }
        return Targets.perStep("CosineSimilarity", terms);
    }

    /** {@code -sum(normalize(yTrue) normalize(yPred))} along the axis, per example (and per other position). */
    private Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("CosineSimilarity", yTrue, yPred);
        int a = axisOf(yPred);
        return normalize(y, a).mul(normalize(yPred, a)).sum(a).neg();
    }

    /** {@code x / sqrt(max(sum(x^2), 1e-14))} along {@code a}, Keras 3's {@code normalize}. */
    private static Node normalize(Node x, int a) {
        return x.div(x.square().sum(true, a).maximum(NORM_FLOOR).sqrt());
    }

    /**
     * The axis counted from 0.
     *
     * @throws IllegalArgumentException if yPred has no axis but the batch axis, or {@code axis} is the batch axis
     *     or beyond yPred's rank
     */
    private int axisOf(Node yPred) {
        int rank = yPred.rank();
        if (rank < 2) {
            throw new IllegalArgumentException("CosineSimilarity: yPred must have rank >= 2 (the batch axis and the"
                    + " axis of the vectors), got " + yPred.shape());
        }
        int a = axis < 0 ? axis + rank : axis;
        if (a < 1 || a >= rank) {
            throw new IllegalArgumentException("CosineSimilarity: axis must be a non-batch axis of yPred "
                    + yPred.shape() + ", in [1, " + rank + ") or [" + (1 - rank) + ", -1], got " + axis);
        }
        return a;
    }

    @Override
    public String name() {
        return "cosine_similarity";
    }
}
