package dev.adjoint.usercode.tabular;

import static dev.adjoint.usercode.tabular.TorchFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Momentum;
import dev.adjoint.optim.Schedule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three cultivars of wine: the class column holds names ({@code class_0}, ...), read as sparse integer labels; class
 * weights, SGD with momentum, the first 140 rows fitted and the last 38 passed as validation data; then the class
 * probabilities of the held-out rows. The same program in PyTorch gives the fixture.
 */
class WineSparseLabelsTest {

    @Test
    void trainingMatchesPyTorchEpochByEpoch() throws Exception {
        TorchFixture torch = TorchFixture.of("wine_sparse");
        Dataset wine = CsvReader.withHeader().dataset(DiabetesHuberRegressionTest.resource("wine.csv"), "cultivar")
                .integerLabels();
        assertEquals(List.of("class_0", "class_1", "class_2"), wine.classNames());
        assertEquals(DType.INT64, wine.y().dtype());
        Dataset train = wine.head(140);
        Tensor heldOutX = wine.x().rowRange(140, wine.rows());
        Tensor heldOutY = wine.y().rowRange(140, wine.rows());

        Sequential model = new Sequential(Shape.of(13), DType.FLOAT64, 2);
        model.add(Scaling.standardize(train.x()));
        model.add(Dense.of(8, new Tanh()));
        model.add(Dense.of(3));
        model.compile(new Momentum(Schedule.constant(0.05), 0.9, false), new SparseCategoricalCrossEntropy(true),
                new SparseCategoricalAccuracy());
        model.setWeights(torch.weights("init"));
        History history = model.fit(train.x(), train.y(), FitOptions.defaults().epochs(6).batchSize(16)
                .shuffle(false).validationData(heldOutX, heldOutY).classWeights(Map.of(0, 1.0, 1, 0.7, 2, 1.6))
                .verbosity(Verbosity.SILENT));

        for (String name : List.of("loss", "sparse_categorical_accuracy", "val_loss",
                "val_sparse_categorical_accuracy")) {
            assertClose(torch.get("history/" + name), history.metric(name), 1e-9, name);
        }
        torch.weights("final").forEach((name, w) -> assertClose(w, model.weights().get(name), 1e-8, name));
        Tensor logits = model.predict(heldOutX);
        assertClose(torch.get("probabilities"), softmax(logits), 1e-8, "probabilities of the held-out rows");
    }

    /** Row-wise softmax, in float64. */
    static Tensor softmax(Tensor logits) {
        int rows = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        double[] p = logits.toDoubleArray();
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, p[i * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[i * classes + c] = Math.exp(p[i * classes + c] - max);
                sum += p[i * classes + c];
            }
            for (int c = 0; c < classes; c++) {
                p[i * classes + c] /= sum;
            }
        }
        return Tensor.of(Shape.of(rows, classes), p);
    }
}
