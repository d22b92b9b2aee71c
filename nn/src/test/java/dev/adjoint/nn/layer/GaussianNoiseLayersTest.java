package dev.adjoint.nn.layer;

import static dev.adjoint.nn.layer.conv.LayerGraphs.graph;
import static dev.adjoint.nn.layer.conv.LayerGraphs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GaussianNoise} ({@code y = x + stddev·z}) and {@link GaussianDropout} ({@code y = x·(1 + s·z)},
 * {@code s = sqrt(rate / (1 - rate))}), z the by-row standard normal draw of the step's key.
 */
class GaussianNoiseLayersTest {

    private static final Shape INPUT = Shape.of(Shape.BATCH, 3, 4);

    @TempDir
    Path dir;

    /**
     * Row r of the step's standard normal draw for a model's first layer (salt 0), {@code perRow} values: the
     * draw {@link dev.adjoint.core.graph.RandomOp#normalByRow} documents, computed here from {@link Tensor#normal}.
     */
    private static Tensor z(long key, double row, int perRow) {
        return Tensor.normal(Key.of(key).fold(0).fold((long) row), DType.FLOAT64, Shape.of(perRow), 0, 1);
    }

    @Test
    void bothAreTheIdentityAtInferenceAndAtZeroNoise() {
        for (Layer layer : List.of(GaussianNoise.of(0.5), GaussianDropout.of(0.5))) {
            ForwardGraph inference = graph(layer, INPUT, false);
            assertSame(inference.input(), inference.output(), layer.toString());
        }
        for (Layer layer : List.of(GaussianNoise.of(0), GaussianDropout.of(0))) {
            ForwardGraph training = graph(layer, INPUT, true);
            assertSame(training.input(), training.output(), layer + " while training");
        }
    }

    @Test
    void trainingValuesAreTheInputAndTheByRowNormalDrawOfTheStepsKeyBitForBit() {
        Tensor x = Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(5, 3, 4), 0, 2);
        double[] rows = {12, 3, 7, 0, 25};
        double stddev = 0.3;
        double s = Math.sqrt(0.4 / 0.6);
        Tensor noisy = run(graph(GaussianNoise.of(stddev), INPUT, true), x, Map.of(), 77, rows);
        Tensor dropped = run(graph(GaussianDropout.of(0.4), INPUT, true), x, Map.of(), 77, rows);
        assertEquals(s, GaussianDropout.of(0.4).stddev(), 0);
        for (int r = 0; r < rows.length; r++) {
            Tensor z = z(77, rows[r], 12);
            for (int k = 0; k < 12; k++) {
                double xi = x.flat(12 * r + k);
                assertEquals(xi + stddev * z.flat(k), noisy.flat(12 * r + k), 0, "GaussianNoise row " + r);
                assertEquals(xi * (1 + s * z.flat(k)), dropped.flat(12 * r + k), 0, "GaussianDropout row " + r);
            }
        }
        assertFalse(run(graph(GaussianNoise.of(stddev), INPUT, true), x, Map.of(), 78, rows).sameValues(noisy),
                "another key, other noise");
    }

    /**
     * An example's noise is drawn from the step's key, the layer's salt and the example's index in the training
     * data, not its position in the batch: examples 6, 1 and 5 of a batch of 8 come out as they do in a batch of
     * their own, so a batch split into shards draws what the whole batch would.
     */
    @Test
    void anExamplesNoiseDependsOnItsIndexNotOnItsPositionOrBatch() {
        Tensor x = Tensor.normal(Key.of(4), DType.FLOAT64, Shape.of(8, 3, 4), 0, 1);
        int[] picked = {6, 1, 5};
        for (Layer layer : List.of(GaussianNoise.of(0.7), GaussianDropout.of(0.3))) {
            ForwardGraph g = graph(layer, INPUT, true);
            Tensor whole = run(g, x, Map.of(), 11);
            Tensor part = run(g, x.takeRows(picked), Map.of(), 11, 6, 1, 5);
            assertTrue(part.sameValues(whole.takeRows(picked)), layer + ": " + part + " vs " + whole);
            Tensor alone = run(g, x.takeRows(5), Map.of(), 11, 5);
            assertTrue(alone.sameValues(whole.takeRows(5)), layer + ": example 5 alone");
            assertFalse(run(g, x.takeRows(5), Map.of(), 11, 4).sameValues(alone),
                    layer + ": example 5 taken for example 4 gets example 4's noise");
        }
    }

    /**
     * The noise's sample mean and variance over 40000 draws lie within 5 standard errors of the distribution's:
     * mean 0 and variance stddev² for the additive noise (standard errors {@code σ/√n} and {@code σ²·√(2/n)}),
     * mean 1 and variance rate / (1 - rate) for the multiplicative factor.
     */
    @Test
    void theNoiseHasTheMeanAndVarianceKerasDocuments() {
        int n = 40000;
        Shape shape = Shape.of(Shape.BATCH, 200);
        Tensor zeros = Tensor.zeros(Shape.of(200, 200));
        Tensor ones = Tensor.ones(Shape.of(200, 200));
        checkMoments(run(graph(GaussianNoise.of(0.6), shape, true), zeros, Map.of(), 21), 0, 0.36, n);
        checkMoments(run(graph(GaussianDropout.of(0.2), shape, true), ones, Map.of(), 22), 1, 0.25, n);
        checkMoments(run(graph(GaussianDropout.of(0.75), shape, true), ones, Map.of(), 23), 1, 3, n);
    }

    private static void checkMoments(Tensor y, double mean, double variance, int n) {
        assertEquals(n, y.size());
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += y.flat(i);
        }
        double m = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (y.flat(i) - m) * (y.flat(i) - m);
        }
        double v = squares / (n - 1);
        assertEquals(mean, m, 5 * Math.sqrt(variance / n), "mean");
        assertEquals(variance, v, 5 * variance * Math.sqrt(2.0 / n), "variance");
    }

    /**
     * With the key fixed the noise is a constant of the step: GaussianNoise passes the gradient through
     * ({@code xBar = yBar}) and GaussianDropout scales it by its factor ({@code xBar = yBar·(1 + s·z)}), checked
     * exactly and against central differences.
     */
    @Test
    void theGradientIsTheNoisesFactorAndMatchesCentralDifferences() {
        Tensor x = Tensor.normal(Key.of(8), DType.FLOAT64, Shape.of(4, 3, 4), 0, 1);
        double[] rows = {2, 9, 4, 30};
        double s = Math.sqrt(0.35 / 0.65);
        for (Layer layer : List.of(GaussianNoise.of(0.4), GaussianDropout.of(0.35))) {
            ForwardGraph g = graph(layer, INPUT, true);
            Bindings at = Bindings.of(g.input(), x).and(input(g, "key"), Tensor.scalar(5))
                    .and(input(g, "rows"), Tensor.of(DType.FLOAT64, Shape.of(4), rows));
            GradCheck.check(g.output().mul(g.output()).sum(), List.of(g.input()), at).assertPassed();
            Node xBar = Autodiff.grad(g.output().sum(), g.input());
            Tensor gradient = Function.of(List.of(g.input(), input(g, "key"), input(g, "rows")), List.of(xBar))
                    .call(at).get(0);
            for (int r = 0; r < rows.length; r++) {
                Tensor z = z(5, rows[r], 12);
                for (int k = 0; k < 12; k++) {
                    double expected = layer instanceof GaussianNoise ? 1 : 1 + s * z.flat(k);
                    assertEquals(expected, gradient.flat(12 * r + k), 0, layer + " row " + r);
                }
            }
        }
    }

    private static Node input(ForwardGraph g, String name) {
        for (Node n : Graphs.inputs(List.of(g.output()))) {
            if (SourceOp.inputName(n).equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " input");
    }

    @Test
    void badArgumentsAreRejectedNamingTheLayerAndTheExpectedRange() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("GaussianNoise: stddev must be finite and >= 0, got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> GaussianNoise.of(bad)).getMessage());
        }
        for (double bad : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            assertEquals("GaussianDropout: rate must be in [0, 1), got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> GaussianDropout.of(bad)).getMessage());
        }
        assertEquals(new GaussianNoise(0.2, "n"), GaussianNoise.of(0.2).named("n"));
        assertEquals(new GaussianDropout(0.2, "d"), GaussianDropout.of(0.2).named("d"));
    }

    @Test
    void aModelWithBothTrainsWithFitAndIsSavedAndLoaded() throws Exception {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 3);
        model.add(GaussianNoise.of(0.1));
        model.add(Dense.of(16, new Tanh()));
        model.add(GaussianDropout.of(0.2).named("gd"));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.01)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        Tensor[] data = Blobs.of(120, 2);
        History history = model.fit(data[0], data[1],
                FitOptions.defaults().epochs(15).batchSize(16).verbosity(Verbosity.SILENT));
        List<Double> loss = history.metric("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "the loss falls: " + loss);
        assertTrue(model.evaluate(data[0], data[1]).get("sparse_categorical_accuracy") > 0.9);
        Path file = dir.resolve("noisy.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        assertEquals("gaussian_noise", ((Sequential) loaded).stack().get(0).kind());
        assertTrue(loaded.predict(data[0]).sameValues(model.predict(data[0])), "inference ignores the noise");
    }
}
