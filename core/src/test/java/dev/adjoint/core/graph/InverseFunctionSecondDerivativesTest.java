package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The first and second derivatives of asin, acos and atanh, whose pullbacks divide by {@code 1 - x^2}, from 0 to
 * ±1: against the exact formulas {@code asin' = 1 / sqrt(1 - x^2)}, {@code asin'' = x / (1 - x^2)^(3/2)},
 * {@code atanh' = 1 / (1 - x^2)}, {@code atanh'' = 2x / (1 - x^2)^2} (acos the negatives of asin's), evaluated in
 * 40 digits, with the optimized and the plain evaluator. The product rule on {@code (1 - x)(1 + x)} cancelled near
 * 0 (the second derivatives read 0 for {@code |x| < 1e-16}) and met {@code inf * 0} at ±1, where PyTorch 1.13
 * gives {@code asin'' = ±inf}, {@code acos'' = -+inf}, {@code atanh'' = ±inf}.
 */
class InverseFunctionSecondDerivativesTest {

    private static final double[] GRID = {0, 1e-300, -1e-300, 1e-20, -1e-20, 1e-8, -1e-8, 0.5, -0.5, 0.999999,
        -0.999999, 0.9999999999, -0.9999999999};

    /** The exact derivatives of order 1 and 2 at x, rounded once to double. */
    private static double[] exact(String op, double x) {
        MathContext mc = new MathContext(40);
        BigDecimal bx = new BigDecimal(x);
        BigDecimal t = BigDecimal.ONE.subtract(bx.multiply(bx, mc), mc);
        BigDecimal root = t.sqrt(mc);
        return switch (op) {
            case "asin" -> new double[] {BigDecimal.ONE.divide(root, mc).doubleValue(),
                bx.divide(t.multiply(root, mc), mc).doubleValue()};
            case "acos" -> new double[] {-BigDecimal.ONE.divide(root, mc).doubleValue(),
                -bx.divide(t.multiply(root, mc), mc).doubleValue()};
            default -> new double[] {BigDecimal.ONE.divide(t, mc).doubleValue(),
                bx.add(bx).divide(t.multiply(t, mc), mc).doubleValue()};
        };
    }

    private static List<List<Tensor>> derivatives(UnaryOperator<Node> f, DType dtype, double... at) {
        Node x = SourceOp.input("x", Shape.of(at.length), dtype);
        Node first = Autodiff.grad(f.apply(x).sum(), x);
        Node second = Autodiff.grad(first.sum(), x);
        Tensor value = Tensor.of(dtype, Shape.of(at.length), at);
        return List.of(Function.of(List.of(x), List.of(first, second)).call(value),
                Function.unoptimized(List.of(x), List.of(first, second)).call(value));
    }

    private static void check(String op, UnaryOperator<Node> f) {
        for (List<Tensor> d : derivatives(f, DType.FLOAT64, GRID)) {
            for (int i = 0; i < GRID.length; i++) {
                double[] want = exact(op, GRID[i]);
                for (int order = 0; order < 2; order++) {
                    double got = d.get(order).flat(i);
                    assertEquals(want[order], got, 4 * Math.ulp(want[order]),
                            op + ": derivative of order " + (order + 1) + " at " + GRID[i]);
                }
            }
        }
    }

    @Test
    void asinDerivativesMatchTheExactFormulasFromZeroToOne() {
        check("asin", TrigonometricOp::asin);
    }

    @Test
    void acosDerivativesMatchTheExactFormulasFromZeroToOne() {
        check("acos", TrigonometricOp::acos);
    }

    @Test
    void atanhDerivativesMatchTheExactFormulasFromZeroToOne() {
        check("atanh", HyperbolicOp::atanh);
    }

    /** At ±1 the derivatives are infinite, as in PyTorch 1.13 (float64 and float32), never NaN. */
    @Test
    void secondDerivativesAtPlusMinusOneAreInfiniteAsInPyTorch() {
        double inf = Double.POSITIVE_INFINITY;
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            for (List<Tensor> d : derivatives(TrigonometricOp::asin, dtype, 1, -1)) {
                assertEquals(List.of(inf, inf, inf, -inf), values(d), "asin at 1, -1: first, then second, " + dtype);
            }
            for (List<Tensor> d : derivatives(TrigonometricOp::acos, dtype, 1, -1)) {
                assertEquals(List.of(-inf, -inf, -inf, inf), values(d), "acos at 1, -1: first, then second, " + dtype);
            }
            for (List<Tensor> d : derivatives(HyperbolicOp::atanh, dtype, 1, -1)) {
                assertEquals(List.of(inf, inf, inf, -inf), values(d), "atanh at 1, -1: first, then second, " + dtype);
            }
        }
    }

    /** Near 0 in float32 the second derivatives are x and 2x (the first-order term), not 0. */
    @Test
    void float32SecondDerivativesNearZeroKeepTheirDigits() {
        float x = 1e-30f;
        List<List<Tensor>> asin = derivatives(TrigonometricOp::asin, DType.FLOAT32, x);
        List<List<Tensor>> atanh = derivatives(HyperbolicOp::atanh, DType.FLOAT32, x);
        for (int k = 0; k < 2; k++) {
            assertEquals(x, asin.get(k).get(1).flat(0), 0.0, "asin'' at 1e-30f");
            assertEquals(2 * x, atanh.get(k).get(1).flat(0), 0.0, "atanh'' at 1e-30f");
        }
    }

    private static List<Double> values(List<Tensor> d) {
        return List.of(d.get(0).flat(0), d.get(0).flat(1), d.get(1).flat(0), d.get(1).flat(1));
    }
}
