package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.util.Map;

/**
 * Regression on the diabetes data of Efron et al. (2004): predict disease progression after a year from ten
 * baseline measurements of 442 patients. Features are standardized with statistics of the training rows, by the model's
 * first layer; the model is a small MLP (10 -> 32 ReLU -> 1) trained twice, once on the mean squared error and once on
 * the mean absolute error, each reporting both as metrics on a random 20 % hold-out. MSE punishes large errors
 * quadratically and is fitted by the conditional mean; MAE by the conditional median, and is less moved by outliers.
 *
 * <p>Prints {@code RESULT diabetes mae=...} (the test MAE of the MAE-trained model, in the target's units).
 */
public final class Diabetes {

    /** The seed of the split, weights and shuffling. */
    public static final long SEED = 5;

    private Diabetes() {
    }

    /** Test {@code {mae, mse}} of a model trained on {@code loss}. */
    static Map<String, Double> run(Loss loss, int epochs) {
        Split split = Split.random(Datasets.diabetes(), 0.2, Key.of(SEED));
        Dataset train = new Dataset(split.train().x(), column(split.train().y()));
        Dataset test = new Dataset(split.test().x(), column(split.test().y()));
        Sequential model = new Sequential(Shape.of(10), DType.FLOAT64, SEED);
        // Standardization measured on the training rows, as the model's first layer: saved with the model.
        model.add(Scaling.standardize(train.x()));
        model.add(Dense.of(32, new Relu()));
        model.add(Dense.of(1));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.05)), loss,
                new LossMetric(new MeanAbsoluteError()), new LossMetric(new MeanSquaredError()));
        model.fit(train.x(), train.y(), FitOptions.defaults().epochs(epochs).batchSize(32).seed(SEED)
                .verbosity(Verbosity.SILENT));
        return model.evaluate(test.x(), test.y());
    }

    /** The test MAE of predicting the training rows' mean target for every patient. */
    static double baselineMae() {
        Split split = Split.random(Datasets.diabetes(), 0.2, Key.of(SEED));
        double mean = 0;
        for (double v : split.train().y().toDoubleArray()) {
            mean += v / split.train().rows();
        }
        double mae = 0;
        for (double v : split.test().y().toDoubleArray()) {
            mae += Math.abs(v - mean) / split.test().rows();
        }
        return mae;
    }

    private static Tensor column(Tensor y) {
        return y.reshape(Shape.of(y.size(), 1));
    }

    /** Trains with both losses and prints the table. */
    public static void main(String[] args) {
        Map<String, Double> mse = run(new MeanSquaredError(), 200);
        Map<String, Double> mae = run(new MeanAbsoluteError(), 200);
        System.out.println("test set (89 patients)      MAE        MSE");
        System.out.printf("trained on MSE          %8.2f  %9.1f%n", mse.get("mean_absolute_error"),
                mse.get("mean_squared_error"));
        System.out.printf("trained on MAE          %8.2f  %9.1f%n", mae.get("mean_absolute_error"),
                mae.get("mean_squared_error"));
        System.out.printf("baseline: predicting the training mean for everyone gives MAE %.2f%n", baselineMae());
        Results.print("diabetes", "mae", mae.get("mean_absolute_error"));
    }
}
