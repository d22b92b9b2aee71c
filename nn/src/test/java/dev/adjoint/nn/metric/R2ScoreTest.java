package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.metric.R2Score.ClassAggregation;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras's {@code R2Score}: exact over all data from summed counts, against hand-computed values and values computed
 * with NumPy ({@code 1 - sum((y - p)^2) / sum((y - mean y)^2)} per column, computed directly, not from the sums).
 */
class R2ScoreTest {

    private static final int N = 13;
    private static final Tensor Y;
    private static final Tensor P;

    static {
        // y = sin(0.7 i) * [1, 3, 0.5] + [0, 2, -1], p = y + 0.4 cos(2.1 i) * [1, 0.5, 2], i = 0 .. 38 as [13, 3]
        double[] scale = {1, 3, 0.5};
        double[] shift = {0, 2, -1};
        double[] noise = {1, 0.5, 2};
        double[] y = new double[3 * N];
        double[] p = new double[3 * N];
        for (int i = 0; i < 3 * N; i++) {
            y[i] = Math.sin(0.7 * i) * scale[i % 3] + shift[i % 3];
            p[i] = y[i] + 0.4 * Math.cos(2.1 * i) * noise[i % 3];
        }
        Y = Tensor.of(Shape.of(N, 3), y);
        P = Tensor.of(Shape.of(N, 3), p);
    }

    private static double value(Metric metric, Tensor y, Tensor p) {
        Node t = SourceOp.input("y", y.shape().with(0, Shape.BATCH), y.dtype());
        Node q = SourceOp.input("p", p.shape().with(0, Shape.BATCH), p.dtype());
        return Function.of(List.of(t, q), List.of(metric.apply(t, q))).call(y, p).get(0).item();
    }

    @Test
    void kerasDocumentedExample() {
        // mean 8/3, total 26 - 64/3 = 14/3, residual 2: 1 - 2 / (14/3) = 4/7
        assertEquals(4.0 / 7, value(new R2Score(), Tensor.of(Shape.of(3, 1), 1, 4, 3),
                Tensor.of(Shape.of(3, 1), 2, 4, 4)), 1e-15);
        assertEquals(4.0 / 7, value(new R2Score(), Tensor.vector(1, 4, 3), Tensor.of(Shape.of(3, 1), 2, 4, 4)), 1e-15,
                "targets [N] against predictions [N, 1]");
    }

    @Test
    void aggregationsAndTheAdjustedScoreMatchNumPy() {
        assertEquals(0.6232470247487942, value(new R2Score(), Y, P), 1e-13);
        assertEquals(0.9452389809775048, value(new R2Score(ClassAggregation.VARIANCE_WEIGHTED_AVERAGE, 0), Y, P),
                1e-13);
        // n = 13 * 3 = 39 target values, as Keras counts them; k = 5
        assertEquals(0.5661632406198236, value(new R2Score(ClassAggregation.UNIFORM_AVERAGE, 5), Y, P), 1e-13);
        // k >= n - 1: the plain score (Keras warns)
        assertEquals(0.6232470247487942, value(new R2Score(ClassAggregation.UNIFORM_AVERAGE, 38), Y, P), 1e-13);
        assertEquals(0.6232470247487942, value(new R2Score(ClassAggregation.UNIFORM_AVERAGE, 50), Y, P), 1e-13);
    }

    @Test
    void rowWeightsWeighTheMeansAndTheSums() {
        double[] w = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = 0.2 + 1.8 * i / (N - 1);                           // np.linspace(0.2, 2.0, 13)
        }
        Node t = SourceOp.input("y", Shape.of(Shape.BATCH, 3));
        Node q = SourceOp.input("p", Shape.of(Shape.BATCH, 3));
        Node r = SourceOp.input("w", Shape.of(Shape.BATCH));
        R2Score r2 = new R2Score();
        Node value = r2.fromCounts(r2.counts(t, q, r));
        assertEquals(0.6644445712094245, Function.of(List.of(t, q, r), List.of(value)).call(Y, P, Tensor.vector(w))
                .get(0).item(), 1e-13);
    }

    @Test
    void theRunningValueOverUnequalBatchesIsTheValueOverAllData() {
        Sequential model = new Sequential(Shape.of(3), DType.FLOAT64, 1);
        model.add(ActivationLayer.of(new Linear()));                  // predicts its input: P
        model.compile(Sgd.defaults(), new MeanSquaredError(), new R2Score());
        Sequential weighted = new Sequential(Shape.of(3), DType.FLOAT64, 1);
        weighted.add(ActivationLayer.of(new Linear()));
        weighted.compile(Sgd.defaults(), new MeanSquaredError(),
                new R2Score(ClassAggregation.VARIANCE_WEIGHTED_AVERAGE, 0));
        double meanOfBatches = 0;
        for (int batch : new int[] {13, 5, 4, 1, 100}) {
            Map<String, Double> result = model.evaluate(P, Y, batch);
            assertEquals(0.6232470247487942, result.get("r2_score"), 1e-13, "batch size " + batch);
            assertEquals(0.9452389809775048, weighted.evaluate(P, Y, batch).get("r2_score"), 1e-13,
                    "batch size " + batch);
        }
        for (int from = 0; from < N; from += 5) {
            int to = Math.min(N, from + 5);
            meanOfBatches += value(new R2Score(), Y.rowRange(from, to), P.rowRange(from, to)) * (to - from) / N;
        }
        assertTrue(Math.abs(meanOfBatches - 0.6232470247487942) > 0.005, "the batches' mean differs: "
                + meanOfBatches);
    }

    @Test
    void aConstantColumnScoresZeroWhenMissedAndNaNWhenHit() {
        // column 0 constant and missed (-inf -> 0), column 1: y 1, 2, 3 p 1, 2, 4 -> 1 - 1/2
        Tensor y = Tensor.of(Shape.of(3, 2), 5, 1, 5, 2, 5, 3);
        assertEquals(0.25, value(new R2Score(), y, Tensor.of(Shape.of(3, 2), 5, 1, 6, 2, 5, 4)), 1e-15);
        assertTrue(Double.isNaN(value(new R2Score(), y, Tensor.of(Shape.of(3, 2), 5, 1, 5, 2, 5, 4))),
                "0/0, as in Keras");
    }

    /**
     * A constant column whose value is not exact in binary (0.1) leaves a rounding residue in {@code Q - S²/W}
     * (about -4e-18, which made the column's score about +3e11): it counts as constant, in float64 and float32.
     */
    @Test
    void aConstantColumnOfAnInexactValueIsStillConstant() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor y = Tensor.of(dtype, Shape.of(3, 2), 0.1, 1, 0.1, 2, 0.1, 3);
            Tensor p = Tensor.of(dtype, Shape.of(3, 2), 0.1, 1, 0.101, 2, 0.1, 4);
            assertEquals(0.25, value(new R2Score(), y, p), 1e-6, dtype.toString()); // (0 + 0.5) / 2
            Tensor large = Tensor.of(dtype, Shape.of(3, 1), 1e5 + 1, 1e5 + 2, 1e5 + 3);
            assertEquals(0.5, value(new R2Score(), large, Tensor.of(dtype, Shape.of(3, 1), 1e5 + 1, 1e5 + 2, 1e5 + 4)),
                    1e-5, "float64 counts keep a large mean's small variance, " + dtype); // T = 2 ± ulp(3e10)
        }
    }

    @Test
    void fitLogsItAsKerasAndModeAutoMaximizesIt() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 1);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults(), new MeanSquaredError(), Metrics.byName("r2_score"));
        Tensor x = Tensor.of(Shape.of(6, 2), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Tensor y = Tensor.of(Shape.of(6, 1), 1, 0, 1, 0, 1, 2);
        History h = model.fit(x, y, FitOptions.defaults().epochs(2).batchSize(4).validationData(x, y)
                .verbosity(Verbosity.SILENT));
        assertTrue(h.names().containsAll(List.of("r2_score", "val_r2_score")), h.names().toString());
        assertEquals(new R2Score(), Metrics.byName("r2_score"));
        assertInstanceOf(R2Score.class, Metrics.byName("R2Score"));
        assertEquals("r2_score", Metrics.byName("R2Score").name(), "a counting metric keeps its own name");
    }

    @Test
    void shapesAndParametersAreChecked() {
        Node flat = SourceOp.input("p", Shape.of(Shape.BATCH));
        assertEquals("R2Score: yPred must have shape [N, D] with D fixed, got [N]",
                assertThrows(IllegalArgumentException.class, () -> new R2Score().apply(flat, flat)).getMessage());
        Node deep = SourceOp.input("q", Shape.of(Shape.BATCH, 2, 3));
        assertEquals("R2Score: yPred must have shape [N, D] with D fixed, got [N, 2, 3]",
                assertThrows(IllegalArgumentException.class, () -> new R2Score().apply(deep, deep)).getMessage());
        assertEquals("R2Score: numRegressors must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new R2Score(ClassAggregation.UNIFORM_AVERAGE, -1)).getMessage());
    }
}
