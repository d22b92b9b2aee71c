package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * sinc's first three derivatives through {@link Autodiff#grad}, near and at 0, against their series
 * {@code f' = -pi^2 x / 3}, {@code f'' = -pi^2 / 3}, {@code f''' = pi^4 x / 5} (the next terms are below an ulp
 * at these x): the quotient rule gave {@code f'(1e-9) = 0}, {@code f''(0) = 0} and {@code f''(1e-9) = -pi^2}.
 */
class SincGradientTest {

    private static final double[] X = {0.0, 1e-300, 1e-9, -1e-9, 3e-10};

    @Test
    void derivativesNearZeroFollowTheSeries() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Node x = SourceOp.input("x", Shape.of(X.length), dtype);
            Node first = Autodiff.grad(x.sinc().sum(), x);
            Node second = Autodiff.grad(first.sum(), x);
            Node third = Autodiff.grad(second.sum(), x);
            Bindings at = Bindings.of(x, Tensor.of(dtype, Shape.of(X.length), X));
            double[] d1 = Evaluator.evaluate(first, at).toDoubleArray();
            double[] d2 = Evaluator.evaluate(second, at).toDoubleArray();
            double[] d3 = Evaluator.evaluate(third, at).toDoubleArray();
            double ulp = dtype == DType.FLOAT64 ? 0x1p-52 : 0x1p-23;
            for (int i = 0; i < X.length; i++) {
                double x0 = dtype == DType.FLOAT64 ? X[i] : (float) X[i];
                double slope = -Math.PI * Math.PI / 3 * x0;
                double curvature = -Math.PI * Math.PI / 3;
                double thirdExpected = Math.pow(Math.PI, 4) / 5 * x0;
                String at0 = dtype + " at " + x0;
                assertEquals(slope, d1[i], 2 * ulp * Math.abs(slope), "f' " + at0);
                assertEquals(curvature, d2[i], 2 * ulp * Math.abs(curvature), "f'' " + at0);
                assertEquals(thirdExpected, d3[i], 2 * ulp * Math.abs(thirdExpected), "f''' " + at0);
            }
        }
    }
}
