package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Sgd;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Keras's sample and class weights: {@code sum_n w_n l_n / N}, per-class lookup, and clear errors. */
class SampleWeightsTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    private static Sequential classifier(long seed) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, seed);
        model.add(Dense.of(8, new Tanh()));
        model.add(Dense.of(3));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true));
        return model;
    }

    private static Sequential regression(long seed) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, seed);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults(), new MeanSquaredError());
        return model;
    }

    private static void assertSameWeights(Sequential a, Sequential b) {
        for (String name : a.weights().keySet()) {
            assertTrue(a.weights().get(name).sameValues(b.weights().get(name)), name);
        }
    }

    private static Tensor weights(int n, java.util.function.IntToDoubleFunction w) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = w.applyAsDouble(i);
        }
        return Tensor.vector(values);
    }

    @Test
    void unitWeightsTrainBitForBitAsNoWeights() {
        Tensor[] data = Blobs.of(60, 1);
        Sequential plain = classifier(2);
        Sequential weighted = classifier(2);
        plain.fit(data[0], data[1], QUIET.epochs(3).batchSize(16).seed(4));
        weighted.fit(data[0], data[1], QUIET.epochs(3).batchSize(16).seed(4).sampleWeights(weights(60, i -> 1)));
        assertSameWeights(plain, weighted);
    }

    @Test
    void theWeightedLossIsTheSumOfWeightedExampleLossesOverTheRowCount() {
        Tensor[] data = Blobs.of(30, 2);
        Sequential model = regression(3);
        Tensor y = data[1];
        Tensor w = weights(30, i -> i % 3 == 0 ? 0 : i % 3);
        double weighted = model.evaluate(data[0], y, w).get("loss");
        Tensor p = model.predict(data[0]);
        double sum = 0;
        for (int i = 0; i < 30; i++) {
            double e = p.flat(i) - y.flat(i);
            sum += w.flat(i) * e * e;
        }
        assertEquals(sum / 30, weighted, 1e-12);
        // Keras's reduction divides by the row count, not by the sum of the weights: weight 2 on every row
        // doubles the loss.
        assertEquals(2 * model.evaluate(data[0], y).get("loss"),
                model.evaluate(data[0], y, weights(30, i -> 2)).get("loss"), 1e-12);
    }

    @Test
    void classWeightsAreSampleWeightsLookedUpByLabel() {
        Tensor[] data = Blobs.of(60, 3);
        Map<Integer, Double> byClass = Map.of(0, 0.5, 1, 2.0, 2, 1.0);
        Sequential fromClasses = classifier(5);
        Sequential fromRows = classifier(5);
        fromClasses.fit(data[0], data[1], QUIET.epochs(2).batchSize(8).classWeights(byClass));
        fromRows.fit(data[0], data[1], QUIET.epochs(2).batchSize(8)
                .sampleWeights(weights(60, i -> byClass.get((int) data[1].flat(i)))));
        assertSameWeights(fromClasses, fromRows);
    }

    @Test
    void aValidationSplitKeepsTheSampleWeightsOfItsRows() {
        Tensor[] data = Blobs.of(40, 4);
        Tensor w = weights(40, i -> 1 + i % 4);
        Sequential model = classifier(6);
        History h = model.fit(data[0], data[1], QUIET.epochs(1).batchSize(8).validationSplit(0.25).sampleWeights(w));
        double expected = model.evaluate(data[0].rowRange(30, 40), data[1].rowRange(30, 40), w.rowRange(30, 40))
                .get("loss");
        assertEquals(expected, h.last("val_loss"), 1e-12);
    }

    @Test
    void badWeightsAreNamedByRowAndNothingIsTrained() {
        Tensor[] data = Blobs.of(30, 4);
        Sequential model = classifier(7);
        ModelState before = model.state();
        rejects(() -> model.fit(data[0], data[1], QUIET.sampleWeights(weights(29, i -> 1))),
                "fit: sampleWeights must hold one weight per row, shape [30], got [29]");
        rejects(() -> model.fit(data[0], data[1], QUIET.sampleWeights(weights(30, i -> i == 5 ? -1 : 1))),
                "fit: sampleWeights must be finite and >= 0, got -1.0 at row 5");
        rejects(() -> model.fit(data[0], data[1], QUIET.sampleWeights(weights(30, i -> i == 7 ? Double.NaN : 1))),
                "fit: sampleWeights must be finite and >= 0, got NaN at row 7");
        rejects(() -> model.fit(data[0], data[1], QUIET.sampleWeights(weights(30, i -> 0))),
                "fit: sampleWeights must not all be 0, got 30 zeros");
        rejects(() -> model.fit(data[0], data[1], QUIET.classWeights(Map.of(0, 1.0, 1, 1.0))),
                "fit: classWeights must give a weight to every class in y, got no weight for class 2 (row 2);"
                        + " weighted classes: [0, 1]");
        rejects(() -> QUIET.classWeights(Map.of(0, -2.0)),
                "fit: classWeights must map classes >= 0 to finite weights >= 0, got -2.0 for class 0");
        rejects(() -> new FitOptions(1, 32, 0, null, null, true, 0, java.util.List.of(), Verbosity.SILENT, 0, false,
                null, weights(30, i -> 1), Map.of(0, 1.0), 1), "fit: give sampleWeights or classWeights, not both");
        // the fluent forms refuse the second as the constructor does (Keras: "You cannot use `class_weight` and
        // `sample_weight` at the same time"), rather than dropping the first
        rejects(() -> QUIET.classWeights(Map.of(0, 1.0)).sampleWeights(weights(30, i -> 1)),
                "fit: give sampleWeights or classWeights, not both (as Keras); fold the class weights into the sample"
                        + " weights instead");
        rejects(() -> QUIET.sampleWeights(weights(30, i -> 1)).classWeights(Map.of(0, 1.0)),
                "fit: give sampleWeights or classWeights, not both (as Keras); fold the class weights into the sample"
                        + " weights instead");
        rejects(() -> model.evaluate(data[0], data[1], weights(30, i -> i == 0 ? Double.POSITIVE_INFINITY : 1)),
                "evaluate: sampleWeights must be finite and >= 0, got Infinity at row 0");
        assertSame(before, model.state());

        Sequential custom = new Sequential(Shape.of(2), DType.FLOAT64, 1);
        custom.add(Dense.of(1));
        Loss meanOnly = new Loss() {
            @Override
            public Node apply(Node yTrue, Node yPred) {
                return yPred.sub(yTrue.reshape(Shape.BATCH, 1)).square().mean();
            }

            @Override
            public String name() {
                return "mean_only";
            }
        };
        custom.compile(Sgd.defaults(), meanOnly);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> custom.fit(data[0], data[1], QUIET.sampleWeights(weights(30, i -> 1))));
        assertEquals("mean_only: the loss gives no per-example values; implement Loss.perExample to train or"
                + " evaluate with sample or class weights", e.getMessage());
    }

    private static void rejects(Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), "expected <" + message + "> in <" + e.getMessage() + ">");
    }
}
