package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adadelta;
import dev.adjoint.optim.Adagrad;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Momentum;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.RMSprop;
import dev.adjoint.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * SGD, momentum, Nesterov, Adagrad, Adadelta, RMSprop and Adam, each with Keras's default hyperparameters,
 * training the same tanh MLP (64 -> 64 -> 10) from the same initial weights on the digits for 30 epochs.
 * Prints a table of final training loss and validation accuracy and writes the loss curves to
 * {@code optimizers.png}. With Keras's defaults Adadelta (lr 0.001) barely moves: its default is meant to be
 * scaled up, and the table shows why the learning rate is the first hyperparameter to tune.
 */
public final class OptimizerComparison {

    private OptimizerComparison() {
    }

    /** The contestants with Keras's defaults. */
    static Map<String, Optimizer> optimizers() {
        Map<String, Optimizer> all = new LinkedHashMap<>();
        all.put("SGD", Sgd.defaults());
        all.put("Momentum", Momentum.defaults());
        all.put("Nesterov", Momentum.defaults().withNesterov(true));
        all.put("Adagrad", Adagrad.defaults());
        all.put("Adadelta", Adadelta.defaults());
        all.put("RMSprop", RMSprop.defaults());
        all.put("Adam", Adam.defaults());
        return all;
    }

    /** The history of training with {@code optimizer}. */
    static History train(Optimizer optimizer, int epochs) {
        Split split = Split.stratified(Datasets.digits(), 0.25, Key.of(21));
        Sequential model = new Sequential(Shape.of(64), DType.FLOAT32, 21);
        model.add(Dense.of(64, new Tanh()));
        model.add(Dense.of(10));
        model.compile(optimizer, new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model.fit(split.train().x(), split.train().y(), FitOptions.defaults().epochs(epochs).batchSize(32)
                .seed(21).validationData(split.test().x(), split.test().y()).verbosity(Verbosity.SILENT));
    }

    /** Runs the comparison. */
    public static void main(String[] args) throws IOException {
        int epochs = 30;
        XYChart chart = new XYChartBuilder().width(900).height(540).title("digits MLP: training loss by optimizer")
                .xAxisTitle("epoch").yAxisTitle("training loss").build();
        System.out.println("optimizer   final loss   val accuracy");
        String best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Optimizer> e : optimizers().entrySet()) {
            History h = train(e.getValue(), epochs);
            List<Double> x = new ArrayList<>();
            for (int i = 1; i <= h.size(); i++) {
                x.add((double) i);
            }
            chart.addSeries(e.getKey(), x, h.metric("loss"));
            System.out.printf("%-10s  %10.4f   %12.3f%n", e.getKey(), h.last("loss"),
                    h.last("val_sparse_categorical_accuracy"));
            if (h.last("loss") < bestLoss) {
                bestLoss = h.last("loss");
                best = e.getKey();
            }
        }
        BitmapEncoder.saveBitmap(chart, Path.of("optimizers").toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("lowest final loss: " + best + "; chart written to optimizers.png");
        Results.print("optimizers", "best_final_loss", bestLoss);
    }
}
