package dev.adjoint.nn.constraint;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code MaxNorm(max_value=2, axis=0)}: rescales every slice of {@code w} whose norm over {@code axis}
 * exceeds {@code maxValue} to norm {@code maxValue} (Srebro and Shraibman, 2005; with dropout, Srivastava et al.,
 * 2014):
 *
 * <pre>
 * n = sqrt(sum_axis w^2)   (kept as size-1 axes),      P(w) = w * (clip(n, 0, maxValue) / (eps + n)),  eps = 1e-7
 * </pre>
 *
 * <p>as Keras writes it, epsilon included: a slice inside the ball is multiplied by {@code n / (eps + n)}, just
 * below 1, and a slice outside ends at norm {@code maxValue n / (eps + n)}, just below {@code maxValue}. For a
 * {@code Dense} kernel {@code [in, units]}, {@code axis = 0} bounds each unit's incoming weight vector; for a
 * {@code Conv2D} kernel {@code [kh, kw, C, filters]}, {@code axis = [0, 1, 2]} bounds each filter.
 *
 * @param maxValue the largest norm; finite and {@code >= 0}
 * @param axis the axes the norms run over (negative counts from the last), at least one, each once
 */
public record MaxNorm(double maxValue, List<Integer> axis) implements Constraint {

    private static final String NAME = "MaxNorm";

    /** Validates the fields. */
    public MaxNorm {
        Norms.nonNegative(NAME, "maxValue", maxValue);
        axis = Norms.axes(NAME, axis);
    }

    /** {@code MaxNorm(maxValue, [axis])}. */
    public MaxNorm(double maxValue, int axis) {
        this(maxValue, List.of(axis));
    }

    /** Keras's defaults, {@code MaxNorm(2, 0)}. */
    public MaxNorm() {
        this(2, 0);
    }

    @Override
    public Node project(Node w) {
        Objects.requireNonNull(w, "w is null");
        Node norms = Norms.norms(w, Norms.resolve(NAME, axis, w.shape(), "weight"));
        return Norms.rescale(w, norms, norms.clip(0, maxValue));
    }

    @Override
    public void check(Shape shape, String weight) {
        Norms.resolve(NAME, axis, shape, weight);
    }

    @Override
    public String name() {
        return "max_norm";
    }
}
