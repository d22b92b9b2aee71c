package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.nn.data.Idx;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MLP on Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60,000 training and 10,000 test images of 28x28
 * grey pixels in 10 classes of clothing, read from the IDX files of Debian's {@code dataset-fashion-mnist}.
 *
 * <p>Model: flatten, 784 -> 512 ReLU -> dropout 0.2 -> 256 ReLU -> dropout 0.2 -> 10 logits; sparse
 * categorical cross-entropy from logits; Adam (Keras defaults); batches of 128; float32; 5,000 training
 * images held out for validation. Shows the progress bar, writes the loss/accuracy chart, and prints
 * {@code RESULT fashion_mnist accuracy=...} on the official test set. The Fashion-MNIST paper's best MLP
 * reached 87.7 %.
 *
 * <p>Arguments: {@code --data DIR} (default {@code /usr/share/datasets/fashion-mnist}),
 * {@code --epochs N} (default 30), {@code --chart FILE} (default {@code fashion-mnist-history.png}).
 */
public final class FashionMnist {

    /** Where Debian's package installs the files. */
    public static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");
    /** The seed of the weights, shuffling and dropout. */
    public static final long SEED = 2017;

    private FashionMnist() {
    }

    /** Exits with a hint when {@code data} holds no Fashion-MNIST IDX files. */
    static void requireFiles(Path data, String example) {
        if (!Files.exists(data.resolve("train-images-idx3-ubyte.gz"))) {
            System.err.println(example + ": no IDX files in " + data + "; install Debian's package with"
                    + " 'apt-get install dataset-fashion-mnist' or pass --data DIR");
            System.exit(2);
        }
    }

    /** The {@code train} or {@code t10k} images, pixels scaled to [0, 1], and their labels. */
    static Dataset read(Path data, String part) throws IOException {
        return Idx.dataset(data.resolve(part + "-images-idx3-ubyte.gz"), data.resolve(part + "-labels-idx1-ubyte.gz"),
                1.0 / 255.0);
    }

    /**
     * The first {@code n} training images and the 10,000 test images, printed; exits with a hint when
     * {@code data} holds no IDX files.
     */
    static dev.adjoint.nn.data.Split trainAndTest(Path data, int n, String example) throws IOException {
        requireFiles(data, example);
        Dataset train = read(data, "train");
        if (n < train.x().shape().dim(0)) {
            train = train.head(n);
        }
        Dataset test = read(data, "t10k");
        System.out.println("train " + train + ", test " + test);
        return new dev.adjoint.nn.data.Split(train, test);
    }

    /** Runs the example. */
    public static void main(String[] args) throws IOException {
        Path data = DEFAULT_DATA;
        int epochs = 30;
        Path chart = Path.of("fashion-mnist-history.png");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--chart" -> chart = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("fashion-mnist: unknown argument " + args[i]
                        + "; known: --data DIR, --epochs N, --chart FILE");
            }
        }
        requireFiles(data, "fashion-mnist");
        Dataset train = read(data, "train");
        Dataset test = read(data, "t10k");
        System.out.println("train " + train + ", test " + test);

        Sequential model = new Sequential(Shape.of(28, 28), DType.FLOAT32, SEED);
        model.add(Flatten.of());
        model.add(Dense.of(512, new Relu()));
        model.add(Dropout.of(0.2));
        model.add(Dense.of(256, new Relu()));
        model.add(Dropout.of(0.2));
        model.add(Dense.of(10));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        System.out.println(model.summary());

        long start = System.nanoTime();
        History history = model.fit(train.x(), train.y(), FitOptions.defaults().epochs(epochs).batchSize(128)
                .validationSplit(1.0 / 12).seed(SEED).verbosity(Verbosity.PROGRESS));
        double seconds = (System.nanoTime() - start) / 1e9;
        history.writeChart(chart, "Fashion-MNIST MLP");
        double accuracy = model.evaluate(test.x(), test.y()).get("sparse_categorical_accuracy");
        System.out.printf("%d epochs in %.0f s (%.1f s per epoch); chart written to %s%n", epochs, seconds,
                seconds / epochs, chart.toAbsolutePath());
        Results.print("fashion_mnist", "accuracy", accuracy);
    }
}
