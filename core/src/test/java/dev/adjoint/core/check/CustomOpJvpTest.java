package dev.adjoint.core.check;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jvp} through custom ops: it transposes the VJP, which is exact only for a VJP linear in its cotangent
 * (the {@code Cube} of {@link CustomOpGradCheckTest}, CustomOp's Javadoc example, has one).
 * A custom op with a true (linear) VJP gets the forward derivative; one whose VJP transforms the cotangent
 * nonlinearly (a gradient clipped in the cotangent) is refused by name, where it used to give a value that
 * depended on what followed the op ({@code y.mul(3)} gave 0, {@code y.mul(0.1)} gave 0.1, for a true 3 and 0.1).
 */
class CustomOpJvpTest {

    /** The identity whose VJP clips the cotangent to [-c, c]: not linear in yBar. */
    record ClipGradient(double c) implements CustomOp {
        @Override
        public String name() {
            return "clip_gradient";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            return in.get(0);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar.clip(-c, c));
        }
    }

    private static final Node X = SourceOp.input("x", Shape.of(3));
    private static final Node T = SourceOp.input("t", Shape.of(3));

    private static double[] jvp(Node y) {
        Tensor x = Tensor.of(DType.FLOAT64, Shape.of(3), 1.0, -2.0, 0.5);
        Tensor t = Tensor.of(DType.FLOAT64, Shape.of(3), 1.0, 1.0, 2.0);
        return Function.of(List.of(X, T), List.of(Autodiff.jvp(y, X, T))).call(x, t).get(0).toDoubleArray();
    }

    @Test
    void aCustomOpWithALinearVjpGetsItsForwardDerivative() {
        // d(3 x^3) = 9 x^2 t at x = (1, -2, 0.5), t = (1, 1, 2)
        assertArrayEquals(new double[] {9.0, 36.0, 4.5}, jvp(Node.apply(new CustomOpGradCheckTest.Cube(), X).mul(3.0)));
        assertArrayEquals(new double[] {0.1 * 3.0, 0.1 * 12.0, 0.1 * 1.5},
                jvp(Node.apply(new CustomOpGradCheckTest.Cube(), X).mul(0.1)), 1e-15);
    }

    @Test
    void aCustomOpWhoseVjpIsNotLinearInItsCotangentIsRefusedByName() {
        Node clipped = Node.apply(new ClipGradient(0.5), X);
        rejects(IllegalArgumentException.class, () -> Autodiff.jvp(clipped.mul(3.0), X, T),
                "jvp: the VJP of custom op 'clip_gradient' is not linear in its cotangent yBar");
        rejects(IllegalArgumentException.class, () -> Autodiff.jvp(clipped.mul(0.1).sin(), X, T),
                "'clip_gradient'", "use grad/vjp");
    }

    @Test
    void aLinearCustomOpBesideControlFlowIsNotRefused() {
        // a branch passes jvp's seed along without depending on it: only the custom op itself decides
        Node cubed = Node.apply(new CustomOpGradCheckTest.Cube(), X);
        Node branched = dev.adjoint.core.graph.ControlFlowOp.cond(SourceOp.scalar(1.0, DType.BOOL), List.of(cubed),
                in -> List.of(in.get(0).mul(3.0)), in -> List.of(in.get(0))).get(0);
        assertArrayEquals(new double[] {9.0, 36.0, 4.5}, jvp(branched));
        Node checkpointed = dev.adjoint.core.graph.ControlFlowOp.checkpoint(List.of(X),
                in -> List.of(Node.apply(new CustomOpGradCheckTest.Cube(), in.get(0)).mul(3.0))).get(0);
        assertArrayEquals(new double[] {9.0, 36.0, 4.5}, jvp(checkpointed));
    }

    @Test
    void aCustomOpInsideALoopBodyIsFoundThere() {
        Node y = dev.adjoint.core.graph.ControlFlowOp.cond(SourceOp.scalar(1.0, DType.BOOL),
                List.of(X), in -> List.of(Node.apply(new ClipGradient(0.5), in.get(0)).mul(3.0)),
                in -> List.of(in.get(0).mul(3.0))).get(0);
        rejects(IllegalArgumentException.class, () -> Autodiff.jvp(y, X, T), "'clip_gradient'");
    }
}
