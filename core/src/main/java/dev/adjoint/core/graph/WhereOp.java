package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Selection, a primitive: {@code y_i = c_i ? a_i : b_i} for a BOOL condition {@code c} (a comparison's
 * output, a logical combination of them, a mask) and values {@code a}, {@code b} of one dtype (any), all three
 * of equal shape (the factory {@link #where} broadcasts). A condition of another dtype is an error when the node
 * is built, with the hint to compare or cast. VJP: {@code cBar = 0}, {@code aBar = where(c, yBar, 0)},
 * {@code bBar = where(c, 0, yBar)}.
 *
 * <p>A pitfall shared with every framework that differentiates selections this way: in
 * {@code where(x > 0, log(x), 0)} the unselected branch is still differentiated, and at {@code x = 0} its
 * cotangent is {@code 0 * (1 / 0) = NaN}. Make the unselected branch safe too:
 * {@code where(x > 0, log(where(x > 0, x, 1)), 0)}.
 */
public sealed interface WhereOp extends ElementwiseOp {

    /** {@code c ? a : b}, broadcasting all three; {@code c} must be BOOL. */
    static Node where(Node c, Node a, Node b) {
        Objects.requireNonNull(c, "where: condition is null");
        Node[] ab = Broadcasting.pair(a, b, "where");
        Shape shape = Shape.broadcast(c.shape(), ab[0].shape(), "where");
        return Node.apply(new Where(), Broadcasting.to(c, shape), Broadcasting.to(ab[0], shape),
                Broadcasting.to(ab[1], shape));
    }

    /** The only member of the family. */
    record Where() implements WhereOp {
        @Override
        public String name() {
            return "where";
        }

        @Override public Notation notation(List<Node> in) { return Notation.CASES; }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 3) {
                throw new IllegalArgumentException("where: takes a condition and two values, got " + inputs.size()
                        + " inputs");
            }
            Shape c = inputs.get(0).shape();
            if (!c.equals(inputs.get(1).shape()) || !c.equals(inputs.get(2).shape())) {
                throw new IllegalArgumentException("where: condition and values must have equal shapes, got "
                        + Node.describeShapes(inputs) + "; WhereOp.where broadcasts");
            }
            return c;
        }

        @Override
        public DTypeSet accepts(int i) {
            return i == 0 ? DTypeSet.BOOL : DTypeSet.ANY;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            DTypeSet.BOOL.require("where", "condition", inputs.get(0));
            return Op.commonDtype(name(), inputs.subList(1, 3));
        }

        @Override
        public Pointwise pointwise() {
            return Pointwise.Exact.SELECT;
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node c = y.inputs().get(0);
            Node zero = SourceOp.zerosLike(yBar);
            return List.of(SourceOp.zerosLike(c), Node.apply(this, c, yBar, zero), Node.apply(this, c, zero, yBar));
        }
    }
}
