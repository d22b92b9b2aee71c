package dev.adjoint.usercode.tabular;

import static dev.adjoint.usercode.tabular.TorchFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.callback.ReduceLROnPlateau;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.nn.loss.Huber;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A data scientist's regression: disease progression from the diabetes CSV (header line, ten numeric columns),
 * the Huber loss on standardized targets, sample weights, Keras's {@code validation_split} (the last quarter of
 * the fitted rows), {@code ReduceLROnPlateau} on {@code val_loss}, then predictions for new patients in the
 * target's units. The same program in PyTorch (same initial weights, batches in file order) gives the fixture.
 */
class DiabetesHuberRegressionTest {

    static Path resource(String name) throws Exception {
        return Path.of(DiabetesHuberRegressionTest.class.getResource("/tabular/" + name).toURI());
    }

    @Test
    void trainingMatchesPyTorchEpochByEpoch() throws Exception {
        TorchFixture torch = TorchFixture.of("diabetes_huber");
        Dataset all = CsvReader.withHeader().dataset(resource("diabetes.csv"), "progression");
        Dataset fitted = all.head(400);                             // the last 42 patients come later
        Tensor newPatients = all.x().rowRange(400, all.rows());
        int train = 300;                                            // validationSplit 0.25 keeps rows 0..299

        Tensor progression = fitted.y().reshape(Shape.of(400, 1));
        Normalization targetScale = Scaling.standardize(progression.rowRange(0, train));
        Tensor y = targetScale.transform(progression);
        double[] weights = new double[400];
        for (int i = 0; i < 400; i++) {
            weights[i] = fitted.x().get(i, 1) == 2 ? 2.0 : 1.0;     // sex code 2 counts twice
        }

        Sequential model = new Sequential(Shape.of(10), DType.FLOAT64, 1);
        model.add(Scaling.standardize(fitted.x().rowRange(0, train)));
        model.add(Dense.of(16, new Relu()));
        model.add(Dense.of(1));
        model.compile(Adam.defaults().withLearningRate(0.02), new Huber());
        model.setWeights(torch.weights("init"));
        History history = model.fit(fitted.x(), y, FitOptions.defaults().epochs(8).batchSize(32).shuffle(false)
                .validationSplit(0.25).sampleWeights(Tensor.vector(weights)).verbosity(Verbosity.SILENT)
                .callbacks(new ReduceLROnPlateau("val_loss", 0.5, 1, 1e-4, 0, 0)));

        assertEquals(8, history.size());
        assertClose(torch.get("history/loss"), history.metric("loss"), 1e-9, "loss");
        assertClose(torch.get("history/val_loss"), history.metric("val_loss"), 1e-9, "val_loss");
        assertClose(torch.get("history/learning_rate"), history.metric("learning_rate"), 1e-12, "learning_rate");
        Map<String, Tensor> expected = torch.weights("final");
        expected.forEach((name, w) -> assertClose(w, model.weights().get(name), 1e-8, name));
        Tensor predicted = targetScale.inverse(model.predict(newPatients));
        assertClose(torch.get("predicted"), predicted, 1e-8, "predicted progression");
    }
}
