package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Sorting is stable with NumPy's order (NaN last ascending, first descending, {@code -0.0 == 0.0}); topk,
 * quantiles, medians, variances and norms give NumPy's and PyTorch's values. Expected values printed by NumPy
 * 1.x ({@code argsort(kind='stable')}, {@code quantile}, {@code median}, {@code var}, {@code std},
 * {@code linalg.norm}) and PyTorch 1.13 ({@code sort(descending=True, stable=True)}, {@code topk}).
 */
class SortAndStatisticsTest {

    private static Tensor eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0);
    }

    private static final Tensor WITH_NAN = Tensor.vector(3.0, 1.0, Double.NaN, 1.0, -0.0, 0.0, 2.0);
    private static final Tensor Q = Tensor.of(Shape.of(2, 5), 7, 1, 3, 10, 4, 2, 8, 5, 6, 9);

    @Test
    void argsortIsStableWithNaNLastAscendingAndFirstDescending() {
        Tensor up = eval(WITH_NAN, x -> x.argsort(0));
        assertEquals(DType.INT64, up.dtype());
        assertArrayEquals(new double[] {4, 5, 1, 3, 6, 0, 2}, up.toDoubleArray());
        assertArrayEquals(new double[] {2, 0, 6, 1, 3, 4, 5}, eval(WITH_NAN, x -> x.argsort(0, true)).toDoubleArray());
        assertArrayEquals(new double[] {-0.0, 0.0, 1, 1, 2, 3, Double.NaN}, eval(WITH_NAN, x -> x.sort(0))
                .toDoubleArray());
        assertArrayEquals(new double[] {1, 0}, eval(Tensor.ofLongs(Shape.of(2), Long.MAX_VALUE, Long.MAX_VALUE - 1),
                x -> x.argsort(0)).toDoubleArray(), "integers compare exactly");
    }

    @Test
    void topkGivesTheLargestValuesAndTheirIndicesFirstPositionFirst() {
        Node x = SourceOp.input("x", Shape.of(5));
        SortOp.TopK top = x.topk(3, 0);
        List<Tensor> out = Function.of(List.of(x), List.of(top.values(), top.indices()))
                .call(Tensor.vector(1, 5, 3, 5, 2));
        assertArrayEquals(new double[] {5, 5, 3}, out.get(0).toDoubleArray());
        assertEquals(DType.INT64, out.get(1).dtype());
        assertArrayEquals(new double[] {1, 3, 2}, out.get(1).toDoubleArray());
        rejects(IllegalArgumentException.class, () -> x.topk(6, 0), "topk: k must be in [0, 5]");
    }

    /** Sorting reads the values with takeAlongAxis, which cannot run along N: the error says sort. */
    @Test
    void sortAlongTheBatchAxisIsRefusedAsSort() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        rejects(IllegalArgumentException.class, () -> x.sort(0), "sort: cannot sort along the batch axis N");
        rejects(IllegalArgumentException.class, () -> x.sort(0, true), "argsort can");
        assertEquals(Shape.of(Shape.BATCH, 3), x.argsort(0).shape());
    }

    @Test
    void quantilesInterpolateLinearlyAsNumPysDefault() {
        double[][] expected = {{1, 2}, {3.2, 5.2}, {4, 6}, {7, 8}, {10, 9}};
        double[] qs = {0, 0.3, 0.5, 0.75, 1};
        for (int i = 0; i < qs.length; i++) {
            double q = qs[i];
            assertArrayEquals(expected[i], eval(Q, x -> x.quantile(q, 1, false)).toDoubleArray(), 1e-12, "q " + q);
        }
        assertArrayEquals(new double[] {4, 6}, eval(Q, x -> x.median(1, false)).toDoubleArray());
        assertArrayEquals(new double[] {5, 5.5}, eval(Q, x -> x.slice(1, 0, 4).median(1, false)).toDoubleArray());
        assertEquals(Shape.of(2, 1), SourceOp.input("q", Shape.of(2, 5)).median(1, true).shape());
    }

    @Test
    void varianceStdAndNormsMatchNumPy() {
        assertArrayEquals(new double[] {10, 6}, eval(Q, x -> x.var(0, false, 1)).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {12.5, 7.5}, eval(Q, x -> x.var(1, false, 1)).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {3.5355339059327378, 2.7386127875258306}, eval(Q, x -> x.std(1, false, 1))
                .toDoubleArray(), 1e-12);
        Tensor row = Tensor.vector(7, 1, 3, 10, 4);
        assertEquals(25, eval(row, x -> x.normL1(false)).item(), 1e-12);
        assertEquals(13.228756555322953, eval(row, x -> x.normL2(false)).item(), 1e-12);
        assertEquals(10, eval(row, x -> x.normMax(false)).item(), 0);
        assertEquals(11.279347245227418, eval(row, x -> x.normP(3, false)).item(), 1e-12);
        assertEquals(19.621416870348583, eval(Q, x -> x.normFrobenius(false)).item(), 1e-12);
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(1)).var(1, false), "var:"
                + " correction must be >= 0 and leave n - correction > 0, got correction 1.0 for 1 element(s)");
    }

    /**
     * A NaN makes the lane's median and quantile NaN, and its gradient goes to one NaN: the first for median, the last
     * for quantile. Rows {@code [1, NaN, 2], [NaN, 1, NaN], [3, 1, 2], [inf, NaN, -inf]}; expected values printed by
     * PyTorch 1.13 ({@code torch.median(x, 1).values}, {@code torch.quantile(x, q, 1)}, {@code backward()} of the sum),
     * float64 and float32 alike. Adjoint gave the statistic of the numbers ([2, NaN, 2, inf] for the median) and no
     * gradient to the NaNs.
     */
    @Test
    void aNaNMakesMedianAndQuantileNaNAsPyTorch() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[] rows = {1, nan, 2, nan, 1, nan, 3, 1, 2, inf, nan, -inf};
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Tensor value = Tensor.of(dtype, Shape.of(4, 3), rows);
            // torch.median: NaN, NaN, 2, NaN; gradient to the first NaN of a lane
            assertValueAndGradient(value, x -> x.median(1, false), new double[] {nan, nan, 2, nan},
                    new double[] {0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0});
            // torch.quantile(x, 0.3, 1): NaN, NaN, 1.6, NaN; gradient to the last NaN of a lane
            assertValueAndGradient(value, x -> x.quantile(0.3, 1, false), new double[] {nan, nan, 1.6, nan},
                    new double[] {0, 1, 0, 0, 0, 1, 0, 0.4, 0.6, 0, 1, 0});
            // torch.quantile(x, 0.0, 1): the lowest quantile is NaN too
            assertValueAndGradient(value, x -> x.quantile(0, 1, false), new double[] {nan, nan, 1, nan},
                    new double[] {0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0});
        }
        // an even lane, [1, NaN, 2, 3]: torch.median NaN, gradient [0, 1, 0, 0]
        assertValueAndGradient(Tensor.of(Shape.of(1, 4), 1, nan, 2, 3), x -> x.median(1, false), new double[] {nan},
                new double[] {0, 1, 0, 0});
    }

    /**
     * Between an infinity and a number, or two equal infinities, the quantile is the limit of the interpolation
     * {@code (1 - t) lo + t hi}. Rows {@code [-inf, 0, 1], [inf, inf, 0], [inf, -inf, 0], [-inf, -inf, 1]}. PyTorch
     * 1.13's and NumPy's {@code quantile} give {@code [-inf, NaN, -inf, NaN]} at q 0.3 and {@code [0.8, NaN, NaN,
     * -inf]} at q 0.9 (their {@code lo + (hi - lo) t}, or {@code hi - (hi - lo)(1 - t)} from t 0.5, meets
     * {@code inf - inf}); Adjoint gave NaN for -inf and a number ({@code -inf + inf t}) and for two equal
     * infinities. The gradients are PyTorch's: the interpolation weights.
     */
    @Test
    void quantileBetweenInfinitiesIsTheLimitOfTheInterpolation() {
        double inf = Double.POSITIVE_INFINITY;
        double[] rows = {-inf, 0, 1, inf, inf, 0, inf, -inf, 0, -inf, -inf, 1};
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Tensor value = Tensor.of(dtype, Shape.of(4, 3), rows);
            assertValueAndGradient(value, x -> x.quantile(0.3, 1, false), new double[] {-inf, inf, -inf, -inf},
                    new double[] {0.4, 0.6, 0, 0.6, 0, 0.4, 0, 0.4, 0.6, 0.4, 0.6, 0});
            assertValueAndGradient(value, x -> x.quantile(0.9, 1, false), new double[] {0.8, inf, inf, -inf},
                    new double[] {0, 0.2, 0.8, 0.2, 0.8, 0, 0.8, 0, 0.2, 0, 0.2, 0.8});
        }
        // and between -inf and +inf it stays NaN (no limit)
        Tensor both = Tensor.of(Shape.of(1, 2), -inf, inf);
        assertEquals(Double.NaN, eval(both, x -> x.quantile(0.5, 1, false)).flat(0));
    }

    private static void assertValueAndGradient(Tensor value, UnaryOperator<Node> f, double[] y, double[] g) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        Node out = f.apply(x);
        List<Tensor> r = Function.of(List.of(x), List.of(out, Autodiff.grad(out.sum(), x))).call(value);
        double tolerance = value.dtype() == DType.FLOAT32 ? 1e-6 : 1e-12;
        assertArrayEquals(y, r.get(0).toDoubleArray(), tolerance, value.dtype() + " value");
        assertArrayEquals(g, r.get(1).toDoubleArray(), tolerance, value.dtype() + " gradient");
    }
}
