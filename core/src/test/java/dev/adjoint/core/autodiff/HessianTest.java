package dev.adjoint.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/** Hessians and Hessian-vector products against closed forms. */
class HessianTest {

    /** A vector x, a matrix A and a direction v of one random size. */
    record Quadratic(Tensor x, Tensor a, Tensor v) {
    }

    static final Gen<Quadratic> QUADRATICS = choices -> {
        int n = Gens.integers(1, 5).next(choices);
        return new Quadratic(Gens.tensors(Shape.of(n), Domain.REAL, DType.FLOAT64).next(choices),
                Gens.tensors(Shape.of(n, n), Domain.REAL, DType.FLOAT64).next(choices),
                Gens.tensors(Shape.of(n), Domain.REAL, DType.FLOAT64).next(choices));
    };

    /** {@code x^T A x} for a vector x, built with matmul on {@code [n, 1]} columns. */
    static Node quadraticForm(Node x, Node a) {
        int n = x.shape().dim(0);
        Node column = MovementOp.reshape(x, Shape.of(n, 1));
        return LinalgOp.matmul(MovementOp.transpose(column), LinalgOp.matmul(a, column)).sum();
    }

    @Test
    void hessianOfSumOfCubesIsDiagonalSixX() {
        Property.forAll(QUADRATICS).named("hessian(sum(x^3)) = diag(6x)").tries(30).check(q -> {
            Node x = SourceOp.input("x", q.x().shape());
            Tensor h = Evaluator.evaluate(Autodiff.hessian(x.pow(3).sum(), x), Bindings.of(x, q.x()));
            int n = q.x().size();
            assertEquals(Shape.of(n, n), h.shape());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = i == j ? 6 * q.x().flat(i) : 0.0;
                    assertEquals(expected, h.get(i, j), 1e-12, "H[" + i + ", " + j + "]");
                }
            }
        });
    }

    @Test
    void hessianOfQuadraticFormIsASymmetrized() {
        Property.forAll(QUADRATICS).named("hessian(x^T A x) = A + A^T").tries(30).check(q -> {
            Node x = SourceOp.input("x", q.x().shape());
            Node a = SourceOp.input("a", q.a().shape());
            // The Hessian of a quadratic does not depend on x, which Evaluator would reject as an unused
            // binding; a Function declares x explicitly.
            Tensor h = Function.of(List.of(x, a), List.of(Autodiff.hessian(quadraticForm(x, a), x)))
                    .call(Bindings.of(x, q.x()).and(a, q.a())).get(0);
            int n = q.x().size();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(q.a().get(i, j) + q.a().get(j, i), h.get(i, j), 1e-12, "H[" + i + ", " + j + "]");
                }
            }
        });
    }

    @Test
    void hessianVectorProductEqualsHessianTimesVector() {
        Property.forAll(QUADRATICS).named("hvp(f, x, v) = H v").tries(30).check(q -> {
            Node x = SourceOp.input("x", q.x().shape());
            Node a = SourceOp.input("a", q.a().shape());
            Node v = SourceOp.input("v", q.v().shape());
            // A non-quadratic f, so that H depends on x: x^T A x + sum(sin x) * sum(x^2).
            Node f = quadraticForm(x, a).add(UnaryOp.sin(x).sum().mul(x.square().sum()));
            Bindings at = Bindings.of(x, q.x()).and(a, q.a()).and(v, q.v());
            List<Tensor> values = Evaluator.evaluate(List.of(Autodiff.hessian(f, x), Autodiff.hvp(f, x, v)), at);
            Tensor h = values.get(0);
            Tensor hv = values.get(1);
            int n = q.x().size();
            for (int i = 0; i < n; i++) {
                double expected = 0;
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    expected += h.get(i, j) * q.v().flat(j);
                    scale += Math.abs(h.get(i, j) * q.v().flat(j));
                }
                // Two routes to the same sum, differing only in rounding.
                assertEquals(expected, hv.flat(i), 1e-12 * (1 + scale), "(H v)[" + i + "]");
            }
        });
    }

    @Test
    void hessianOfTanhMatchesClosedForm() {
        Node x = SourceOp.input("x", Shape.of(2));
        Tensor xv = Tensor.vector(0.3, -1.1);
        Tensor h = Evaluator.evaluate(Autodiff.hessian(x.tanh().sum(), x), Bindings.of(x, xv));
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(xv.flat(i));
            assertEquals(-2 * t * (1 - t * t), h.get(i, i), 1e-14);
            assertEquals(0.0, h.get(i, 1 - i), 0.0);
        }
    }

    @Test
    void hvpOverSeveralVariablesIsTheBlockHessianTimesTheStackedDirection() {
        // f = sum(x^2 y) + sum(y^3): d2f/dx2 = diag(2y), d2f/dxdy = diag(2x), d2f/dy2 = diag(6y), so
        // H (vx, vy) = (2y vx + 2x vy, 2x vx + 6y vy)
        Property.forAll(QUADRATICS).named("hvp(f, [x, y], [vx, vy])").tries(30).check(q -> {
            int n = q.x().size();
            Node x = SourceOp.input("x", Shape.of(n));
            Node y = SourceOp.input("y", Shape.of(n));
            Node vx = SourceOp.input("vx", Shape.of(n));
            Node vy = SourceOp.input("vy", Shape.of(n));
            Node f = x.square().mul(y).sum().add(y.pow(3).sum());
            Tensor yv = Tensor.of(DType.FLOAT64, Shape.of(n), java.util.Arrays.copyOf(q.a().toDoubleArray(), n));
            Bindings at = Bindings.of(x, q.x()).and(y, yv).and(vx, q.v()).and(vy, q.x());
            List<Tensor> hv = Evaluator.evaluate(Autodiff.hvp(f, List.of(x, y), List.of(vx, vy)), at);
            for (int i = 0; i < n; i++) {
                double xi = q.x().flat(i);
                double yi = yv.flat(i);
                double vxi = q.v().flat(i);
                double vyi = xi;
                assertEquals(2 * yi * vxi + 2 * xi * vyi, hv.get(0).flat(i), 1e-12 * (1 + Math.abs(yi * vxi)
                        + Math.abs(xi * vyi)), "(H v)_x[" + i + "]");
                assertEquals(2 * xi * vxi + 6 * yi * vyi, hv.get(1).flat(i), 1e-12 * (1 + Math.abs(xi * vxi)
                        + Math.abs(yi * vyi)), "(H v)_y[" + i + "]");
            }
        });
        Node x = SourceOp.input("x", Shape.of(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.hvp(x.square().sum(), List.of(x), List.of()));
        assertTrue(e.getMessage().contains("hvp: needs one v per x, got 1 xs and 0 vs"), e.getMessage());
    }

    @Test
    void hvpRejectsADirectionOfTheWrongShape() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node v = SourceOp.input("v", Shape.of(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.hvp(x.square().sum(), x, v));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
