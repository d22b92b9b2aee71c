package dev.adjoint.nn.io;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden model file of format version 1 that {@link GoldenModelTest} keeps loading: a
 * {@code Sequential} 4 -> 8 relu -> 3 in float32 with Adam state after 3 steps. Run it only to create the
 * golden file of a NEW format version (never to overwrite an old one; that would defeat the test):
 *
 * <pre>
 *   mvn -q -pl nn -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp "$(cat nn/target/cp.txt):nn/target/test-classes:nn/target/classes" \
 *       dev.adjoint.nn.io.GoldenModel nn/src/test/resources/golden/model-v1.safetensors
 * </pre>
 *
 * It prints the model's predictions for {@link #inputs()} as float bits, to paste into the test.
 */
public final class GoldenModel {

    private GoldenModel() {
    }

    /** The trained model. */
    static Sequential build() {
        Sequential model = new Sequential(Shape.of(4), DType.FLOAT32, 2024);
        model.add(Dense.of(8, new Relu()));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(0.01), new SparseCategoricalCrossEntropy(true),
                new SparseCategoricalAccuracy());
        Tensor x = Tensor.normal(Key.of(7), DType.FLOAT32, Shape.of(24, 4), 0, 1);
        double[] labels = new double[24];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        model.fit(x, Tensor.vector(labels), Models.QUIET.epochs(1).batchSize(8).seed(1));
        return model;
    }

    /** Five inputs whose predictions the test checks. */
    static Tensor inputs() {
        return Tensor.of(Shape.of(5, 4), new float[] {0, 0, 0, 0, 1, -1, 0.5f, 2, -2, 1, 1, -0.5f, 0.25f, 3, -1, 0,
            10, -10, 5, -5});
    }

    /** Writes the file named by {@code args[0]} and prints the predictions. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Sequential model = build();
        ModelFiles.save(model, file);
        Tensor y = model.predict(inputs());
        StringBuilder sb = new StringBuilder();
        for (float v : y.toFloatArray()) {
            sb.append(String.format("0x%08x, ", Float.floatToRawIntBits(v)));
        }
        System.out.println("step " + model.state().step());
        System.out.println(sb);
    }
}
