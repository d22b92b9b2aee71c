package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Underfitting, overfitting and a good fit, seen in training and validation curves on the digits with only
 * 200 training images (so a large model can memorize them):
 * <ul>
 *   <li><b>too small</b>: one hidden layer of 2 units; training and validation accuracy both stay low
 *       (high bias);</li>
 *   <li><b>too large, unregularized</b>: two layers of 512 units; training loss goes to zero while validation
 *       loss turns back up (high variance);</li>
 *   <li><b>the same, regularized</b>: dropout 0.5 and an L2 penalty {@code λ/2 ‖W‖²} (λ = 1e-3); the gap between
 *       training and validation narrows.</li>
 * </ul>
 * Writes one chart per model ({@code fitting-*.png}) and prints the final figures and
 * {@code RESULT fitting regularized_val_accuracy=...}.
 */
public final class Fitting {

    private Fitting() {
    }

    /** The final epoch's figures of one model. */
    static History train(String kind, Dataset train, Dataset validation, int epochs) {
        Sequential model = new Sequential(Shape.of(64), DType.FLOAT32, 11);
        switch (kind) {
            case "too-small" -> model.add(Dense.of(2, new Relu()));
            case "too-large" -> {
                model.add(Dense.of(512, new Relu()));
                model.add(Dense.of(512, new Relu()));
            }
            case "regularized" -> {
                model.add(Dense.of(512, new Relu()).kernelRegularizer(new L2(1e-3)));
                model.add(Dropout.of(0.5));
                model.add(Dense.of(512, new Relu()).kernelRegularizer(new L2(1e-3)));
                model.add(Dropout.of(0.5));
            }
            default -> throw new IllegalArgumentException("fitting: unknown model " + kind);
        }
        model.add(Dense.of(10));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model.fit(train.x(), train.y(), FitOptions.defaults().epochs(epochs).batchSize(32).seed(11)
                .validationData(validation.x(), validation.y()).verbosity(Verbosity.SILENT));
    }

    /** Trains the three models and writes their charts. */
    public static void main(String[] args) throws IOException {
        Split split = Split.stratified(Datasets.digits(), 0.5, Key.of(11));
        Dataset train = split.train().head(200);
        Dataset validation = split.test();
        double regularized = 0;
        System.out.println("model          train loss  val loss  train acc  val acc");
        for (String kind : new String[] {"too-small", "too-large", "regularized"}) {
            History h = train(kind, train, validation, 150);
            h.writeChart(Path.of("fitting-" + kind + ".png"), "digits, 200 training images: " + kind);
            System.out.printf("%-13s  %10.4f  %8.4f  %9.3f  %7.3f%n", kind, h.last("loss"), h.last("val_loss"),
                    h.last("sparse_categorical_accuracy"), h.last("val_sparse_categorical_accuracy"));
            if (kind.equals("regularized")) {
                regularized = h.last("val_sparse_categorical_accuracy");
            }
        }
        System.out.println("charts: fitting-too-small.png, fitting-too-large.png, fitting-regularized.png");
        Results.print("fitting", "regularized_val_accuracy", regularized);
    }
}
