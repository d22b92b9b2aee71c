package dev.adjoint.nn.constraint;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code MinMaxNorm(min_value=0, max_value=1, rate=1, axis=0)}: moves the norm of every slice of {@code w}
 * over {@code axis} towards {@code [minValue, maxValue]}, all the way when {@code rate = 1}:
 *
 * <pre>
 * n = sqrt(sum_axis w^2)   (kept as size-1 axes)
 * d = rate * clip(n, minValue, maxValue) + (1 - rate) * n
 * P(w) = w * (d / (eps + n)),  eps = 1e-7
 * </pre>
 *
 * <p>as Keras writes it, epsilon included. A slice of norm 0 stays 0: it has no direction to rescale.
 *
 * @param minValue the smallest norm; finite, {@code >= 0} and {@code <= maxValue}
 * @param maxValue the largest norm; finite
 * @param rate how far each step moves a norm into the interval, in {@code [0, 1]}
 * @param axis the axes the norms run over (negative counts from the last), at least one, each once
 */
public record MinMaxNorm(double minValue, double maxValue, double rate, List<Integer> axis) implements Constraint {

    private static final String NAME = "MinMaxNorm";

    /** Validates the fields. */
    public MinMaxNorm {
        Norms.nonNegative(NAME, "minValue", minValue);
        Norms.nonNegative(NAME, "maxValue", maxValue);
        if (minValue > maxValue) {
            throw new IllegalArgumentException(NAME + ": minValue must be <= maxValue, got minValue " + minValue
                    + " and maxValue " + maxValue);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(NAME + ": rate must be in [0, 1], got " + rate);
        }
        axis = Norms.axes(NAME, axis);
    }

    /** {@code MinMaxNorm(minValue, maxValue, rate, [axis])}. */
    public MinMaxNorm(double minValue, double maxValue, double rate, int axis) {
        this(minValue, maxValue, rate, List.of(axis));
    }

    /** Keras's defaults, {@code MinMaxNorm(0, 1, 1, 0)}. */
    public MinMaxNorm() {
        this(0, 1, 1, 0);
    }

    @Override
    public Node project(Node w) {
        Objects.requireNonNull(w, "w is null");
        Node norms = Norms.norms(w, Norms.resolve(NAME, axis, w.shape(), "weight"));
        Node desired = norms.clip(minValue, maxValue).mul(rate).add(norms.mul(1 - rate));
        return Norms.rescale(w, norms, desired);
    }

    @Override
    public void check(Shape shape, String weight) {
        Norms.resolve(NAME, axis, shape, weight);
    }

    @Override
    public String name() {
        return "min_max_norm";
    }
}
