package dev.adjoint.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff.Strictness;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code grad} seeds the loss with ones but never multiplies by them: the gradient of {@code sin x} is the
 * node {@code cos x} itself, and no gradient graph holds a product with a fill of ones. Every node of one
 * pullback names the same forward node.
 */
class GradSeedTest {

    @Test
    void gradientOfSinIsCosItself() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node g = Autodiff.grad(UnaryOp.sin(x), x);
        assertTrue(g.op() instanceof UnaryOp.Cos, g.toString());
        assertSame(x, g.inputs().get(0));
    }

    @Test
    void gradientOfAProductIsTheOtherFactor() {
        Node a = SourceOp.input("a", Shape.of(2, 3));
        Node b = SourceOp.input("b", Shape.of(2, 3));
        List<Node> g = Autodiff.grad(a.mul(b).sum(), a, b);
        // through sum the seed is broadcast, so the products stay; a scalar product loses the factor one
        Node s = SourceOp.input("s", Shape.scalar());
        Node t = SourceOp.input("t", Shape.scalar());
        List<Node> scalar = Autodiff.grad(s.mul(t), s, t);
        assertSame(t, scalar.get(0));
        assertSame(s, scalar.get(1));
        Tensor av = Tensor.of(a.dtype(), a.shape(), new double[] {1, 2, 3, 4, 5, 6});
        Tensor bv = Tensor.of(b.dtype(), b.shape(), new double[] {-1, 0.5, 2, 7, -3, 0.25});
        List<Tensor> values = Function.of(List.of(a, b), g).call(av, bv);
        assertTrue(values.get(0).sameValues(bv));
        assertTrue(values.get(1).sameValues(av));
    }

    @Test
    void noGradientGraphMultipliesByASeedOfOnes() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node v = x;
        for (int i = 0; i < 50; i++) {
            v = UnaryOp.sin(v).add(x);
        }
        Node g = Autodiff.grad(v, x);
        for (Node node : Graphs.topologicalOrder(g)) {
            if (node.op() instanceof BinaryOp.Mul) {
                for (Node in : node.inputs()) {
                    assertTrue(!(in.op() instanceof SourceOp.Fill fill) || fill.value() != 1.0, node.toString());
                }
            }
        }
        // the same values as the gradient the compiler leaves unoptimized, bit for bit
        Tensor at = Tensor.scalar(0.7);
        List<Tensor> compiled = Function.of(List.of(x), List.of(v, g)).call(at);
        List<Tensor> written = Function.unoptimized(List.of(x), List.of(v, g)).call(at);
        assertTrue(compiled.get(1).sameValues(written.get(1)));
    }

    @Test
    void anExplicitCotangentOfOnesIsStillMultipliedAsWritten() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node ones = SourceOp.onesLike(x);
        Node xBar = Autodiff.vjp(List.of(UnaryOp.sin(x)), List.of(ones), List.of(x),
                Strictness.ZEROS_FOR_UNUSED).get(0);
        assertTrue(xBar.op() instanceof BinaryOp.Mul, xBar.toString());
        assertSame(ones, xBar.inputs().get(0));
    }

    @Test
    void nodesOfOnePullbackShareTheirForwardNode() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node y = UnaryOp.sin(x);
        Node z = y.mul(y).sum();
        Node g = Autodiff.grad(z, x);
        assertEquals(y, Provenance.gradientOf(g).orElseThrow(), "the last nodes built pull back sin");
        Node yBar = g.inputs().get(0); // 2 y yBar, the fan-out sum built while pulling back y * y
        assertTrue(Provenance.isGradient(yBar));
        assertSame(z.inputs().get(0), Provenance.gradientOf(yBar).orElseThrow(), "built in the pullback of y * y");
        assertNotSame(Provenance.gradientOf(yBar).orElseThrow(), Provenance.gradientOf(g).orElseThrow());
    }
}
