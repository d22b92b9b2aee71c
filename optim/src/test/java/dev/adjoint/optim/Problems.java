package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/** The test problems, as graphs and, where a test recomputes by hand, as plain doubles. */
final class Problems {

    private Problems() {
    }

    /** The tiny quadratic's weights {@code c} and centre {@code a}. */
    static final double[] C = {1.0, 3.0};
    static final double[] A = {1.0, -2.0};
    /** Its starting point. */
    static final double[] W0 = {0.5, -0.3};

    /** {@code L(w) = sum_i c_i (w_i - a_i)^2}. */
    static Node quadratic(Node w) {
        DType dtype = w.dtype();
        Node c = SourceOp.constant(Tensor.of(dtype, Shape.of(2), C));
        Node a = SourceOp.constant(Tensor.of(dtype, Shape.of(2), A));
        return w.sub(a).square().mul(c).sum();
    }

    /** {@code dL/dw_i = 2 c_i (w_i - a_i)}, by hand. */
    static double quadraticGrad(double w, int i) {
        return 2 * C[i] * (w - A[i]);
    }

    /** The first {@code steps} states of {@code optimizer} on the tiny quadratic from {@link #W0}. */
    static List<StepLoop.State> quadraticTrace(Optimizer optimizer, int steps) {
        return StepLoop.trace(optimizer, p -> quadratic(p.get(0)), Tensor.vector(W0), steps);
    }

    /** The parameter after {@code steps} updates on least squares from the origin. */
    static StepLoop.State leastSquaresRun(Optimizer optimizer, int steps) {
        return StepLoop.run(optimizer, p -> leastSquares(p.get(0)), Tensor.vector(0, 0), steps);
    }

    /** The parameter after {@code steps} updates on Rosenbrock's function from (-1.2, 1). */
    static StepLoop.State rosenbrockRun(Optimizer optimizer, int steps) {
        return StepLoop.run(optimizer, p -> rosenbrock(p.get(0)), rosenbrockStart(), steps);
    }

    /** The Euclidean distance of the first parameter of {@code s} from {@code target}. */
    static double distance(StepLoop.State s, double... target) {
        return Math.hypot(s.param(0, 0) - target[0], s.param(0, 1) - target[1]);
    }

    /** The least-squares matrix {@code A} (3 x 2), right-hand side {@code b} and solution of the normal equations. */
    static final double[][] LS_A = {{2, 1}, {1, 3}, {0, 1}};
    static final double[] LS_B = {1, 2, 3};
    /** {@code (AᵀA)^-1 Aᵀb} with {@code AᵀA = [[5, 5], [5, 11]]}, {@code Aᵀb = [4, 10]}: {@code (-0.2, 1)}. */
    static final double[] LS_SOLUTION = {-0.2, 1.0};

    /** {@code L(w) = ||A w - b||^2}. */
    static Node leastSquares(Node w) {
        DType dtype = w.dtype();
        Node a = SourceOp.constant(Tensor.of(dtype, Shape.of(3, 2), 2, 1, 1, 3, 0, 1));
        Node b = SourceOp.constant(Tensor.of(dtype, Shape.of(3), LS_B));
        return a.matmul(w.reshape(2, 1)).reshape(3).sub(b).square().sum();
    }

    /** Rosenbrock's function {@code (1 - x)^2 + 100 (y - x^2)^2} of {@code w = (x, y)}; minimum at (1, 1). */
    static Node rosenbrock(Node w) {
        DType dtype = w.dtype();
        Node x = w.mul(SourceOp.constant(Tensor.of(dtype, Shape.of(2), 1, 0))).sum();
        Node y = w.mul(SourceOp.constant(Tensor.of(dtype, Shape.of(2), 0, 1))).sum();
        return x.neg().add(1.0).square().add(y.sub(x.square()).square().mul(100.0));
    }

    /** The classic starting point of Rosenbrock's function, {@code (-1.2, 1)}. */
    static Tensor rosenbrockStart() {
        return Tensor.vector(-1.2, 1.0);
    }
}
