package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.layer.Reshape;
import dev.adjoint.nn.layer.augment.RandomFlip;
import dev.adjoint.nn.layer.conv.Conv2D;
import dev.adjoint.nn.layer.conv.MaxPooling2D;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A convolutional network on Fashion-MNIST (Xiao, Rasul and Vollgraf 2017), read from the IDX files of Debian's
 * {@code dataset-fashion-mnist} as {@link FashionMnist} reads them.
 *
 * <p>Model: random left-right flips while training; three blocks of a 3x3 convolution (32, 64, then 128
 * channels, same padding, no bias), batch normalization, ReLU, 2x2 max pooling (28 -> 14 -> 7 -> 3) and
 * dropout (0.1, 0.1, 0.2); then 256 units with batch normalization, ReLU and dropout 0.3, and 10 logits. Sparse
 * categorical cross-entropy from logits; Adam with
 * a cosine decay of the learning rate from 1e-3 over the whole run; batches of 128; float32; the seed fixed, so
 * a run is bit-reproducible. Trains on all 60,000 images and prints
 * {@code RESULT fashion_mnist_cnn accuracy=...} on the official 10,000 test images, with the seconds per epoch.
 *
 * <p>Arguments: {@code --data DIR} (default {@code /usr/share/datasets/fashion-mnist}), {@code --epochs N}
 * (default 20), {@code --train N} (use the first N training images, for a quick run), {@code --chart FILE}
 * (default {@code fashion-mnist-cnn-history.png}).
 */
public final class FashionMnistCnn {

    /** The seed of the weights, shuffling, dropout and augmentation. */
    public static final long SEED = 2017;

    private FashionMnistCnn() {
    }

    /** The network, compiled for {@code steps} training steps. */
    public static Sequential model(int steps) {
        return model(DType.FLOAT32, steps, true);
    }

    /**
     * The network in {@code dtype}, compiled for {@code steps} training steps, with or without its augmentation
     * (the benchmark times it without, as its PyTorch peer).
     */
    public static Sequential model(DType dtype, int steps, boolean augment) {
        Sequential model = new Sequential(Shape.of(28, 28), dtype, SEED);
        model.add(Reshape.of(28, 28, 1));
        if (augment) {
            model.add(RandomFlip.of().mode("horizontal"));
        }
        int[] filters = {32, 64, 128};
        double[] dropout = {0.1, 0.1, 0.2};
        for (int b = 0; b < filters.length; b++) {
            model.add(Conv2D.of(filters[b], 3).padding("same").useBias(false));
            model.add(BatchNormalization.of());
            model.add(ActivationLayer.of(new Relu()));
            model.add(MaxPooling2D.of(2));
            model.add(Dropout.of(dropout[b]));
        }
        model.add(Flatten.of());
        model.add(Dense.of(256).useBias(false));
        model.add(BatchNormalization.of());
        model.add(ActivationLayer.of(new Relu()));
        model.add(Dropout.of(0.3));
        model.add(Dense.of(10));
        model.compile(Adam.defaults().withLearningRate(Schedule.cosineDecay(1e-3, steps, 0.0)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    /** Runs the example. */
    public static void main(String[] args) throws IOException {
        Path data = FashionMnist.DEFAULT_DATA;
        int epochs = 20;
        int n = 60_000;
        Path chart = Path.of("fashion-mnist-cnn-history.png");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--train" -> n = Integer.parseInt(args[i + 1]);
                case "--chart" -> chart = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("fashion-mnist-cnn: unknown argument " + args[i]
                        + "; known: --data DIR, --epochs N, --train N, --chart FILE");
            }
        }
        dev.adjoint.nn.data.Split split = FashionMnist.trainAndTest(data, n, "fashion-mnist-cnn");
        Dataset train = split.train();
        Dataset test = split.test();

        int batch = 128;
        int steps = epochs * ((train.x().shape().dim(0) + batch - 1) / batch);
        Sequential model = model(steps);
        System.out.println(model.summary());
        EpochTimer timer = new EpochTimer();
        History history = model.fit(train.x(), train.y(), FitOptions.defaults().epochs(epochs).batchSize(batch)
                .seed(SEED).verbosity(Verbosity.PROGRESS).callbacks(timer));
        history.writeChart(chart, "Fashion-MNIST CNN");
        double accuracy = model.evaluate(test.x(), test.y()).get("sparse_categorical_accuracy");
        System.out.printf(Locale.ROOT, "%d epochs in %.0f s (%.1f s per epoch); chart written to %s%n", epochs,
                timer.total(), timer.total() / epochs, chart.toAbsolutePath());
        Results.print("fashion_mnist_cnn", "accuracy", accuracy);
        Results.print("fashion_mnist_cnn", "seconds_per_epoch", timer.total() / epochs);
    }
}
