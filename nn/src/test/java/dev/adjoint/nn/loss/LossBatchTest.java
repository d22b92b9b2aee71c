package dev.adjoint.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/**
 * A loss built on {@code yPred : [N, C]} is one compiled function for every batch size, and divides by the
 * batch size it is called with.
 */
class LossBatchTest {

    private static final int C = 3;

    /** Per-example losses, written out independently of the graph. */
    private interface Reference {
        double example(double[] yTrue, double[] yPred);
    }

    private static Tensor labels(int n, Key key) {
        Key.Stream s = key.stream();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.nextInt(C);
        }
        return Tensor.of(Shape.of(n), v);
    }

    private static Tensor oneHot(Tensor labels) {
        int n = labels.size();
        double[] v = new double[n * C];
        for (int i = 0; i < n; i++) {
            v[i * C + (int) labels.flat(i)] = 1;
        }
        return Tensor.of(Shape.of(n, C), v);
    }

    private static double expectedMean(Reference reference, Tensor yTrue, Tensor yPred, int width) {
        int n = yPred.shape().dim(0);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] t = new double[width];
            double[] p = new double[C];
            for (int j = 0; j < width; j++) {
                t[j] = yTrue.flat(i * width + j);
            }
            for (int c = 0; c < C; c++) {
                p[c] = yPred.flat(i * C + c);
            }
            total += reference.example(t, p);
        }
        return total / n;
    }

    private static void assertOneFunctionForTwoBatchSizes(Loss loss, boolean sparse, Reference reference) {
        Node yTrue = SourceOp.input("yTrue", sparse ? Shape.of(Shape.BATCH) : Shape.of(Shape.BATCH, C));
        Node yPred = SourceOp.input("yPred", Shape.of(Shape.BATCH, C));
        Node l = loss.apply(yTrue, yPred);
        Function f = Function.of(List.of(yTrue, yPred), List.of(l, Autodiff.grad(l, yPred)));
        for (int n : new int[] {2, 7}) {
            Tensor y = labels(n, Key.of(n));
            Tensor t = sparse ? y : oneHot(y);
            Tensor p = Tensor.uniform(Key.of(100 + n), DType.FLOAT64, Shape.of(n, C), 0.05, 0.95);
            List<Tensor> out = f.call(t, p);
            double expected = expectedMean(reference, t, p, sparse ? 1 : C);
            assertEquals(expected, out.get(0).item(), 1e-12, loss + " at N = " + n);
            assertEquals(Shape.of(n, C), out.get(1).shape());
        }
    }

    @Test
    void regressionLossesDivideByTheBoundBatch() {
        assertOneFunctionForTwoBatchSizes(new MeanSquaredError(), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                s += (p[c] - t[c]) * (p[c] - t[c]);
            }
            return s / C;
        });
        assertOneFunctionForTwoBatchSizes(new MeanAbsoluteError(), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                s += Math.abs(p[c] - t[c]);
            }
            return s / C;
        });
    }

    @Test
    void crossEntropiesDivideByTheBoundBatch() {
        Reference categorical = (t, p) -> {
            double total = p[0] + p[1] + p[2];
            double s = 0;
            for (int c = 0; c < C; c++) {
                s -= t[c] * Math.log(p[c] / total);
            }
            return s;
        };
        assertOneFunctionForTwoBatchSizes(new CategoricalCrossEntropy(), false, categorical);
        assertOneFunctionForTwoBatchSizes(new SparseCategoricalCrossEntropy(), true,
                (t, p) -> -Math.log(p[(int) t[0]] / (p[0] + p[1] + p[2])));
        assertOneFunctionForTwoBatchSizes(new SparseCategoricalCrossEntropy(true), true, (t, p) -> {
            double lse = Math.log(Math.exp(p[0]) + Math.exp(p[1]) + Math.exp(p[2]));
            return lse - p[(int) t[0]];
        });
        assertOneFunctionForTwoBatchSizes(new BinaryCrossEntropy(true), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                s += Math.log1p(Math.exp(p[c])) - t[c] * p[c];
            }
            return s / C;
        });
    }

    @Test
    void huberAndProbabilityCrossEntropyDivideByTheBoundBatch() {
        assertOneFunctionForTwoBatchSizes(new Huber(0.3), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                double e = Math.abs(p[c] - t[c]);
                s += e <= 0.3 ? e * e / 2 : 0.3 * (e - 0.15);
            }
            return s / C;
        });
        assertOneFunctionForTwoBatchSizes(new BinaryCrossEntropy(), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                s -= t[c] * Math.log(p[c]) + (1 - t[c]) * Math.log(1 - p[c]);
            }
            return s / C;
        });
    }

    @Test
    void hingeConvertsLabelsPerBatch() {
        assertOneFunctionForTwoBatchSizes(new SquaredHinge(), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                double margin = Math.max(1 - (2 * t[c] - 1) * p[c], 0);
                s += margin * margin;
            }
            return s / C;
        });
        assertOneFunctionForTwoBatchSizes(new Hinge(), false, (t, p) -> {
            double s = 0;
            for (int c = 0; c < C; c++) {
                s += Math.max(1 - (2 * t[c] - 1) * p[c], 0);
            }
            return s / C;
        });
    }
}
