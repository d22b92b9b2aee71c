package dev.adjoint.usercode.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.callback.CsvLogger;
import dev.adjoint.nn.callback.EarlyStopping;
import dev.adjoint.nn.callback.ModelCheckpoint;
import dev.adjoint.nn.callback.ReduceLROnPlateau;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binary diagnosis from the breast-cancer CSV (30 measurements, the label written {@code malignant} or
 * {@code benign}), with class weights and the four callbacks of a Keras training script: early stopping that
 * restores the best weights, a checkpoint of the best epoch, a learning rate lowered on a plateau, and a CSV log,
 * then a second run that continues training and appends to the log. Checked against Keras 3's documented
 * behaviour of each callback.
 */
class BreastCancerCallbacksTest {

    @TempDir
    Path dir;

    private static Sequential model(Tensor trainX) {
        Sequential model = new Sequential(Shape.of(30));
        model.add(Scaling.standardize(trainX));
        model.add(Dense.of(16, new Relu()));
        model.add(Dense.of(1, new Sigmoid()));
        model.compile(Adam.defaults().withLearningRate(0.01), new BinaryCrossEntropy(), Metrics.byName("accuracy"));
        return model;
    }

    @Test
    void callbacksBehaveAsKerasDocumentsThem() throws Exception {
        Dataset data = CsvReader.withHeader().dataset(DiabetesHuberRegressionTest.resource("breast_cancer.csv"),
                "diagnosis");
        assertEquals(List.of("benign", "malignant"), data.classNames());   // sorted names: benign 0, malignant 1
        Dataset train = data.head(450);
        Dataset test = new Dataset(data.x().rowRange(450, data.rows()), data.y().rowRange(450, data.rows()));
        Sequential model = model(train.x());
        Path log = dir.resolve("training.csv");
        Path best = dir.resolve("best.safetensors");
        int patience = 3;
        FitOptions options = FitOptions.defaults().epochs(40).batchSize(32).seed(5).validationSplit(0.2)
                .classWeights(Map.of(0, 1.0, 1, 1.7)).verbosity(Verbosity.SILENT);
        History history = model.fit(train.x(), train.y(), options.callbacks(
                new ReduceLROnPlateau("val_loss", 0.5, 1, 1e-4, 0, 0),
                new EarlyStopping("val_loss", patience, 0, true),
                ModelCheckpoint.bestOnly(best.toString(), "val_loss"),
                new CsvLogger(log)));

        List<Double> valLoss = history.metric("val_loss");
        int bestEpoch = valLoss.indexOf(valLoss.stream().min(Double::compare).orElseThrow());
        assertTrue(history.size() < 40, "early stopping should stop this run, ran " + history.size());
        assertEquals(bestEpoch + patience + 1, history.size(), "stops after `patience` epochs without improvement");
        // restore_best_weights: the model ends with the best epoch's weights, which the checkpoint saved
        Model saved = ModelFiles.load(best);
        model.weights().forEach((name, w) -> assertTrue(w.sameValues(saved.weights().get(name)), name));
        assertEquals(bestEpoch + 1, ModelFiles.progress(best).orElseThrow().epoch());

        // the log: epoch, then the figures sorted by name, learning_rate among them; one row per epoch
        List<String> lines = Files.readAllLines(log);
        assertEquals("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss", lines.get(0));
        assertEquals(history.size() + 1, lines.size());
        List<Double> rates = history.metric("learning_rate");
        assertEquals(0.01, rates.get(0), 1e-9);
        for (int e = 0; e < history.size(); e++) {
            String[] row = lines.get(e + 1).split(",");
            assertEquals(String.valueOf(e), row[0]);
            assertEquals(rates.get(e), Double.parseDouble(row[2]), 0.0);
            assertEquals(valLoss.get(e), Double.parseDouble(row[5]), 0.0);
            if (e > 0) {   // Keras: the rate halves after each epoch whose val_loss does not improve by 1e-4
                boolean improved = valLoss.get(e - 1) < valLoss.subList(0, e - 1).stream()
                        .min(Double::compare).orElse(Double.POSITIVE_INFINITY) - 1e-4;
                assertEquals(improved ? rates.get(e - 1) : rates.get(e - 1) * 0.5, rates.get(e), 1e-12,
                        "learning rate of epoch " + e);
            }
        }

        // continue training from the best weights, appending to the log (Keras's initial_epoch and append=True)
        int first = history.size();
        History more = model.fit(train.x(), train.y(), options.epochs(first + 2).initialEpoch(first)
                .callbacks(new CsvLogger(log).appending()));
        assertEquals(2, more.size());
        List<String> all = Files.readAllLines(log);
        assertEquals(first + 3, all.size(), "one header, then every epoch of both runs: " + all);
        assertEquals(List.of(String.valueOf(first), String.valueOf(first + 1)),
                List.of(all.get(first + 1).split(",")[0], all.get(first + 2).split(",")[0]));

        Tensor probabilities = model.predict(test.x());
        assertEquals(Shape.of(test.rows(), 1), probabilities.shape());
        List<Double> p = new ArrayList<>();
        for (int i = 0; i < probabilities.size(); i++) {
            p.add(probabilities.flat(i));
        }
        assertTrue(p.stream().allMatch(v -> v >= 0 && v <= 1), p.toString());
        assertTrue(model.evaluate(test.x(), test.y()).get("accuracy") > 0.9);
    }
}
