package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Ops without inputs: where values enter a graph. Their VJP has no inputs to return cotangents for.
 */
public sealed interface SourceOp extends Op {

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return List.of();
    }

    /** Checks that a source op received no inputs. */
    default void requireNoInputs(List<Node> inputs) {
        if (!inputs.isEmpty()) {
            throw new IllegalArgumentException(name() + ": takes no inputs, got " + inputs.size());
        }
    }

    /**
     * A named placeholder, bound to a tensor at evaluation. Its shape may contain the batch dimension
     * {@code N}, bound per call from the tensor given.
     *
     * @param label the input's name, used in bindings and error messages
     * @param declaredShape the expected shape
     * @param declaredType the expected dtype
     */
    record Input(String label, Shape declaredShape, DType declaredType) implements SourceOp {
        /** Validates the parameters. */
        public Input {
            Objects.requireNonNull(label, "label is null");
            Objects.requireNonNull(declaredShape, "declaredShape is null");
            Objects.requireNonNull(declaredType, "declaredType is null");
        }

        @Override
        public String name() {
            return "input";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            requireNoInputs(inputs);
            return declaredShape;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return declaredType;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            throw new IllegalStateException("input: '" + label + "' must be bound, not computed");
        }
    }

    /**
     * A fixed tensor. Equality of two {@code Constant} records is identity of their tensors.
     *
     * @param value the tensor
     */
    record Constant(Tensor value) implements SourceOp {
        /** Validates the parameter. */
        public Constant {
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String name() {
            return "constant";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            requireNoInputs(inputs);
            return value.shape();
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return value.dtype();
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return value;
        }
    }

    /**
     * A tensor whose elements all equal {@code value}; its shape may contain {@code N}. {@code Fill} with
     * value 0 is the typed zero of autodiff: adding it is skipped.
     *
     * @param fillShape the shape
     * @param fillType the dtype
     * @param value the element value
     */
    record Fill(Shape fillShape, DType fillType, double value) implements SourceOp {
        /** Validates the parameters. */
        public Fill {
            Objects.requireNonNull(fillShape, "fillShape is null");
            Objects.requireNonNull(fillType, "fillType is null");
        }

        @Override
        public String name() {
            return "fill";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            requireNoInputs(inputs);
            return fillShape;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return fillType;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return Tensor.full(fillType, out, value);
        }

        /** True for the typed zero. */
        public boolean isZero() {
            return value == 0.0 && Double.doubleToRawLongBits(value) == 0L;
        }
    }
}
