package dev.adjoint.examples;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.metric.BinaryAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Sgd;
import java.util.List;

/**
 * Rosenblatt's perceptron: {@code yHat = step(w·x + b)} with the step function {@code step(z) = [z >= 0]},
 * trained by the perceptron learning rule, one example at a time:
 * <pre>
 * w <- w + eta (y - yHat) x,    b <- b + eta (y - yHat)
 * </pre>
 * The rule changes the weights only on mistakes. By Novikoff's theorem it stops making mistakes after
 * finitely many updates when the classes are linearly separable, as setosa is from the other irises by its
 * petals; on XOR, which no line separates, it never does.
 *
 * <p>Replacing the step by a sigmoid and the rule by gradient descent on the binary cross-entropy gives
 * logistic regression, the same linear model with a smooth, probabilistic output.
 *
 * <p>Prints {@code RESULT perceptron separable_epochs=...} (epochs until an error-free pass).
 */
public final class Perceptron {

    private Perceptron() {
    }

    /** The outcome of training: epochs run, mistakes in the last epoch. */
    record Outcome(int epochs, int lastErrors) {
    }

    /** Trains a perceptron on rows of {@code x} with 0/1 labels {@code y} until an error-free epoch. */
    static Outcome train(Tensor x, Tensor y, int maxEpochs, double eta) {
        int features = x.shape().dim(1);
        Node xi = SourceOp.input("x", Shape.of(1, features));
        Node yi = SourceOp.input("y", Shape.of(1, 1));
        Node w = SourceOp.input("w", Shape.of(features, 1));
        Node b = SourceOp.input("b", Shape.of(1));
        Node yHat = BinaryOp.greaterEqual(xi.matmul(w).add(b), SourceOp.scalar(0.0)).cast(DType.FLOAT64);
        Node error = yi.sub(yHat);
        Node wNext = w.add(xi.transpose().matmul(error).mul(eta));
        Node bNext = b.add(error.sum(0).mul(eta));
        Function rule = Function.of(List.of(xi, yi, w, b), List.of(wNext, bNext, error.abs().sum()));
        Tensor wv = Tensor.zeros(Shape.of(features, 1));
        Tensor bv = Tensor.zeros(Shape.of(1));
        int rows = x.shape().dim(0);
        int epoch = 0;
        int errors = -1;
        while (epoch < maxEpochs && errors != 0) {
            errors = 0;
            for (int i = 0; i < rows; i++) {
                List<Tensor> out = rule.call(x.takeRows(i), y.takeRows(i).reshape(Shape.of(1, 1)), wv, bv);
                wv = out.get(0);
                bv = out.get(1);
                errors += (int) out.get(2).item();
            }
            epoch++;
        }
        return new Outcome(epoch, errors);
    }

    /** Setosa (label 1) against the other species, on petal length and width. */
    static Dataset setosa() {
        Dataset iris = Datasets.iris();
        int n = iris.rows();
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = iris.x().get(i, 2);
            x[2 * i + 1] = iris.x().get(i, 3);
            y[i] = iris.y().flat(i) == 0 ? 1 : 0;
        }
        return new Dataset(Tensor.of(Shape.of(n, 2), x), Tensor.of(Shape.of(n), y));
    }

    static Dataset xor() {
        return new Dataset(Tensor.matrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}),
                Tensor.vector(0, 1, 1, 0));
    }

    /** Logistic regression (one sigmoid unit, binary cross-entropy, SGD); returns the training accuracy. */
    static double logisticRegression(Dataset data, int epochs) {
        Sequential model = new Sequential(Shape.of(data.x().shape().dim(1)), DType.FLOAT64, 3);
        model.add(Dense.of(1, new Sigmoid()));
        model.compile(Sgd.defaults().withLearningRate(dev.adjoint.optim.Schedule.constant(0.5)),
                new BinaryCrossEntropy(false), new BinaryAccuracy(0.5));
        Tensor y = data.y().reshape(Shape.of(data.rows(), 1));
        model.fit(data.x(), y, FitOptions.defaults().epochs(epochs).batchSize(Math.min(16, data.rows())).seed(3)
                .verbosity(Verbosity.SILENT));
        return model.evaluate(data.x(), y).get("binary_accuracy");
    }

    /** Runs the four experiments. */
    public static void main(String[] args) {
        Outcome separable = train(setosa().x(), setosa().y(), 100, 0.1);
        System.out.printf("perceptron, setosa vs rest (petal length and width): %d epochs, %d mistakes in the last"
                + " (converged: %s)%n", separable.epochs(), separable.lastErrors(), separable.lastErrors() == 0);
        Outcome xor = train(xor().x(), xor().y(), 100, 0.1);
        System.out.printf("perceptron, XOR: %d epochs, %d mistakes in the last (XOR is not linearly separable)%n",
                xor.epochs(), xor.lastErrors());
        System.out.printf("logistic regression, setosa vs rest: training accuracy %.3f%n",
                logisticRegression(setosa(), 30));
        System.out.printf("logistic regression, XOR: training accuracy %.3f (a line gets at most 3 of 4)%n",
                logisticRegression(xor(), 200));
        Results.print("perceptron", "separable_epochs", separable.epochs());
    }
}
