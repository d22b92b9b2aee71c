package dev.adjoint.nn.constraint;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code UnitNorm(axis=0)}: rescales every slice of {@code w} over {@code axis} to norm 1,
 *
 * <pre>
 * P(w) = w / (eps + sqrt(sum_axis w^2)),  eps = 1e-7
 * </pre>
 *
 * <p>as Keras writes it (a division, epsilon included): a slice ends at norm {@code n / (eps + n)}, and a slice of
 * norm 0 stays 0.
 *
 * @param axis the axes the norms run over (negative counts from the last), at least one, each once
 */
public record UnitNorm(List<Integer> axis) implements Constraint {

    private static final String NAME = "UnitNorm";

    /** Validates the axes. */
    public UnitNorm {
        axis = Norms.axes(NAME, axis);
    }

    /** {@code UnitNorm([axis])}. */
    public UnitNorm(int axis) {
        this(List.of(axis));
    }

    /** Keras's default, {@code UnitNorm(0)}. */
    public UnitNorm() {
        this(0);
    }

    @Override
    public Node project(Node w) {
        Objects.requireNonNull(w, "w is null");
        return w.div(Norms.norms(w, Norms.resolve(NAME, axis, w.shape(), "weight")).add(Norms.EPSILON));
    }

    @Override
    public void check(Shape shape, String weight) {
        Norms.resolve(NAME, axis, shape, weight);
    }

    @Override
    public String name() {
        return "unit_norm";
    }
}
