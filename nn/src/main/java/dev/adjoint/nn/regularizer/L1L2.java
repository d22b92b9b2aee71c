package dev.adjoint.nn.regularizer;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The elastic-net penalty {@code l1 sum |w| + (l2 / 2) ||W||_F^2}, the sum of {@link L1} and {@link L2} with
 * their conventions; gradient {@code l1 sign(w) + l2 W}. As for {@link L2}, the quadratic term is half of
 * Keras's: Keras's {@code L1L2(a, b)} is {@link #keras(double, double) L1L2.keras(a, b)} = {@code L1L2(a, 2b)}.
 *
 * @param l1 the L1 strength; finite and {@code >= 0}
 * @param l2 the L2 strength lambda; finite and {@code >= 0}
 */
public record L1L2(double l1, double l2) implements Regularizer {

    /** Validates the strengths. */
    public L1L2 {
        Strengths.check("L1L2", "l1", l1);
        Strengths.check("L1L2", "l2", l2);
    }

    /** The penalty of Keras's {@code L1L2(kerasL1, kerasL2)}: this record with {@code l2 = 2 kerasL2}. */
    public static L1L2 keras(double kerasL1, double kerasL2) {
        Strengths.check("L1L2", "l2", kerasL2);
        return new L1L2(kerasL1, 2 * kerasL2);
    }

    @Override
    public Node penalty(Node w) {
        Objects.requireNonNull(w, "w is null");
        return new L1(l1).penalty(w).add(new L2(l2).penalty(w));
    }

    @Override
    public String name() {
        return "l1_l2";
    }
}
