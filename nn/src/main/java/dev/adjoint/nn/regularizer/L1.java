package dev.adjoint.nn.regularizer;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The L1 penalty {@code l1 sum_ij |w_ij|} (Keras {@code L1}, same convention; Keras's default strength is
 * 0.01). Gradient: {@code l1 sign(w)}, 0 where {@code w = 0}: a constant pull towards 0 that drives small
 * weights to exactly 0 (sparsity).
 *
 * @param l1 the strength; finite and {@code >= 0}
 */
public record L1(double l1) implements Regularizer {

    /** Validates the strength. */
    public L1 {
        Strengths.check("L1", "l1", l1);
    }

    @Override
    public Node penalty(Node w) {
        Objects.requireNonNull(w, "w is null");
        return w.abs().sum().mul(l1);
    }

    @Override
    public String name() {
        return "l1";
    }
}
