package dev.adjoint.usercode.tabular;

import static dev.adjoint.usercode.tabular.TorchFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.CsvTable;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iris with species names: train three epochs, save the model (weights, Adam's moments and step), load it as a
 * fresh model, continue three more epochs, and predict the species of new flowers read from the CSV's feature
 * columns. The continued run must be the one PyTorch trains without a break (same initial weights, batches in
 * file order), which holds only if the file kept the optimizer's state and step count.
 */
class IrisSaveReloadContinueTest {

    @TempDir
    Path dir;

    @Test
    void aReloadedModelContinuesAsTheUnbrokenPyTorchRun() throws Exception {
        TorchFixture torch = TorchFixture.of("iris_resumed");
        Path csv = DiabetesHuberRegressionTest.resource("iris.csv");
        Dataset iris = CsvReader.withHeader().dataset(csv, "species").integerLabels();
        Dataset train = iris.head(120);

        Sequential model = new Sequential(Shape.of(4), DType.FLOAT64, 9);
        model.add(Scaling.standardize(train.x()));
        model.add(Dense.of(8, new Relu()));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(0.01), new SparseCategoricalCrossEntropy(true));
        model.setWeights(torch.weights("init"));
        FitOptions options = FitOptions.defaults().batchSize(16).shuffle(false).verbosity(Verbosity.SILENT);
        History first = model.fit(train.x(), train.y(), options.epochs(3));

        Path file = dir.resolve("iris.safetensors");
        ModelFiles.save(model, file);
        Model reloaded = ModelFiles.load(file);
        assertEquals(3L * 8, reloaded.state().step(), "the file keeps the step count (8 batches per epoch)");
        History second = reloaded.fit(train.x(), train.y(), options.epochs(6).initialEpoch(3));

        List<Double> losses = new ArrayList<>(first.metric("loss"));
        losses.addAll(second.metric("loss"));
        assertClose(torch.get("history/loss"), losses, 1e-9, "loss of epochs 1-6");
        torch.weights("final").forEach((name, w) -> assertClose(w, reloaded.weights().get(name), 1e-8, name));

        // new flowers: the feature columns of the last 30 rows, read by name; the model takes raw measurements
        CsvTable table = CsvReader.withHeader().table(csv);
        Tensor flowers = table.matrix("sepal_length", "sepal_width", "petal_length", "petal_width")
                .rowRange(120, 150);
        Tensor logits = reloaded.predict(flowers);
        assertClose(torch.get("logits"), logits, 1e-8, "logits of the new flowers");
        List<String> species = table.strings("species").subList(120, 150);
        int correct = named(logits, iris.classNames(), species);
        // six short epochs name 23 of 30 here; PyTorch's run names the same flowers, and far more than chance
        assertEquals(named(torch.get("logits"), iris.classNames(), species), correct);
        assertTrue(correct >= 20, correct + " of 30 new flowers named correctly");
    }

    /** How many rows' largest logit names their species. */
    private static int named(Tensor logits, List<String> classNames, List<String> species) {
        int correct = 0;
        for (int i = 0; i < species.size(); i++) {
            int best = 0;
            for (int c = 1; c < classNames.size(); c++) {
                best = logits.get(i, c) > logits.get(i, best) ? c : best;
            }
            correct += classNames.get(best).equals(species.get(i)) ? 1 : 0;
        }
        return correct;
    }
}
