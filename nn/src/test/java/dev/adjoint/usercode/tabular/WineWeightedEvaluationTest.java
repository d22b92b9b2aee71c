package dev.adjoint.usercode.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Softmax;
import dev.adjoint.nn.callback.ModelCheckpoint;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wine again, as a float32 model with softmax probabilities: a stratified split, "balanced" class weights
 * (scikit-learn's {@code n / (classes * count)}), Keras's {@code "accuracy"} resolved for sparse labels, a
 * checkpoint per epoch named by epoch and validation loss, then {@code evaluate} with sample weights and a
 * prediction for one row. The weighted evaluation is recomputed here from {@code predict}'s probabilities with
 * Keras's documented formula, {@code sum_n w_n l_n / N} with {@code l_n = -ln clip(p[n, y_n], 1e-7, 1 - 1e-7)}.
 */
class WineWeightedEvaluationTest {

    @TempDir
    Path dir;

    @Test
    void weightedEvaluationAndCheckpointNamesFollowKeras() throws Exception {
        Dataset wine = CsvReader.withHeader().dataset(DiabetesHuberRegressionTest.resource("wine.csv"), "cultivar")
                .integerLabels();
        Split split = Split.stratified(wine, 0.3, Key.of(8));
        Dataset train = split.train();
        Map<Integer, Double> balanced = new HashMap<>();
        int[] counts = new int[3];
        for (int i = 0; i < train.rows(); i++) {
            counts[(int) train.y().flat(i)]++;
        }
        for (int c = 0; c < 3; c++) {
            balanced.put(c, train.rows() / (3.0 * counts[c]));
        }

        Sequential model = new Sequential(Shape.of(13));
        model.add(Scaling.standardize(train.x()));
        model.add(Dense.of(16, new Relu()));
        model.add(Dense.of(3, new Softmax()));
        model.compile(Adam.defaults().withLearningRate(0.01), new SparseCategoricalCrossEntropy(),
                Metrics.byName("accuracy"));
        String template = dir.resolve("wine-{epoch:02d}-{val_loss:.3f}.safetensors").toString();
        History history = model.fit(train.x(), train.y(), FitOptions.defaults().epochs(5).batchSize(16).seed(2)
                .validationData(split.test().x(), split.test().y()).classWeights(balanced)
                .verbosity(Verbosity.SILENT).callbacks(ModelCheckpoint.everyEpoch(template)));
        assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"),
                history.names().stream().sorted().collect(Collectors.toList()));

        // one file per epoch, named as Keras formats {epoch:02d} (from 1) and {val_loss:.3f}
        List<String> expected = history.metric("val_loss").stream().map(v -> v).collect(Collectors.toList())
                .stream().map(new java.util.function.Function<Double, String>() {
                    int epoch = 0;

                    @Override
                    public String apply(Double v) {
                        return String.format(Locale.ROOT, "wine-%02d-%.3f.safetensors", ++epoch, v);
                    }
                }).sorted().collect(Collectors.toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(expected, files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }

        // evaluate with sample weights: Keras's sum_n w_n l_n / N, the metric unweighted
        Dataset test = split.test();
        double[] w = new double[test.rows()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + (i % 4);
        }
        Map<String, Double> figures = model.evaluate(test.x(), test.y(), Tensor.vector(w));
        Tensor p = model.predict(test.x());
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < w.length; i++) {
            int label = (int) test.y().flat(i);
            double pi = Math.min(Math.max(p.get(i, label), 1e-7), 1 - 1e-7);
            loss += w[i] * -Math.log(pi) / w.length;
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p.get(i, c) > p.get(i, best) ? c : best;
            }
            correct += best == label ? 1 : 0;
        }
        assertEquals(loss, figures.get("loss"), 1e-5 * Math.max(1, loss));
        assertEquals((double) correct / w.length, figures.get("accuracy"), 1e-6);

        // one new row: a [1, 13] batch gives [1, 3] probabilities that sum to 1
        Tensor one = model.predict(test.x().rowRange(0, 1));
        assertEquals(Shape.of(1, 3), one.shape());
        assertEquals(1.0, one.flat(0) + one.flat(1) + one.flat(2), 1e-6);
        assertTrue(figures.get("accuracy") > 0.85, figures.toString());
    }
}
