package dev.adjoint.nn.regularizer;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The L2 penalty (weight decay) {@code (l2 / 2) ||W||_F^2 = (l2 / 2) sum_ij w_ij^2}, with gradient exactly
 * {@code l2 W}: the objective {@code J = L + (lambda / 2) sum ||W||_F^2} of the project's notes, whose
 * gradient step {@code W <- W - eta (dL/dW + lambda W)} shrinks every weight by the factor
 * {@code 1 - eta lambda}.
 *
 * <p><b>Not Keras's convention.</b> Keras's {@code L2(l2)} is {@code l2 sum w^2}, with gradient
 * {@code 2 l2 W}; Keras's {@code L2(x)} equals this {@code L2(2 x)}, built by {@link #keras(double)}.
 *
 * @param l2 the strength lambda; finite and {@code >= 0}
 */
public record L2(double l2) implements Regularizer {

    /** Validates the strength. */
    public L2 {
        Strengths.check("L2", "l2", l2);
    }

    /**
     * The penalty Keras's {@code keras.regularizers.L2(kerasL2)} adds, {@code kerasL2 sum w^2}: this record with
     * {@code l2 = 2 kerasL2}.
     */
    public static L2 keras(double kerasL2) {
        Strengths.check("L2", "l2", kerasL2);
        return new L2(2 * kerasL2);
    }

    @Override
    public Node penalty(Node w) {
        Objects.requireNonNull(w, "w is null");
        return w.square().sum().mul(l2 / 2);
    }

    @Override
    public String name() {
        return "l2";
    }
}
