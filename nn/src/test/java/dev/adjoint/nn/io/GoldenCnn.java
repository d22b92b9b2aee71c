package dev.adjoint.nn.io;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.conv.Conv2D;
import dev.adjoint.nn.layer.conv.DepthwiseConv2D;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling2D;
import dev.adjoint.nn.layer.conv.MaxPooling2D;
import dev.adjoint.nn.layer.conv.SeparableConv2D;
import dev.adjoint.nn.layer.conv.ZeroPadding2D;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the golden CNN file of format version 4 that {@link GoldenCnnTest} keeps loading: a {@code Sequential}
 * of convolution, batch normalization, pooling, depthwise, separable, padding and dense layers on 6x6x1 images,
 * float32, with Adam state after 3 steps. Run it only to create a NEW golden file (never to overwrite one):
 *
 * <pre>
 *   mvn -q -pl nn -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp "$(cat nn/target/cp.txt):nn/target/test-classes:nn/target/classes" \
 *       dev.adjoint.nn.io.GoldenCnn nn/src/test/resources/golden/cnn-v4.safetensors
 * </pre>
 *
 * It prints the model's predictions for {@link #inputs()} and a few weights as float bits, to paste into the test.
 */
public final class GoldenCnn {

    private GoldenCnn() {
    }

    /** The layers, as the file must give them back. */
    static List<Layer> layers() {
        return List.of(Conv2D.of(3, 3).padding("same").activation(new Relu()), BatchNormalization.of(),
                MaxPooling2D.of(2), DepthwiseConv2D.of(2).depthMultiplier(2), SeparableConv2D.of(4, 1),
                ZeroPadding2D.of(1), GlobalAveragePooling2D.of(), Dense.of(3));
    }

    /** The trained model. */
    static Sequential build() {
        Sequential model = new Sequential(Shape.of(6, 6, 1), DType.FLOAT32, 2026);
        layers().forEach(model::add);
        model.compile(Adam.defaults().withLearningRate(0.01), new SparseCategoricalCrossEntropy(true),
                new SparseCategoricalAccuracy());
        Tensor x = Tensor.normal(Key.of(7), DType.FLOAT32, Shape.of(24, 6, 6, 1), 0, 1);
        double[] labels = new double[24];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        model.fit(x, Tensor.vector(labels), Models.QUIET.epochs(1).batchSize(8).seed(1));
        return model;
    }

    /** Two images whose predictions the test checks. */
    static Tensor inputs() {
        return Tensor.normal(Key.of(11), DType.FLOAT32, Shape.of(2, 6, 6, 1), 0, 1);
    }

    /** Writes the file named by {@code args[0]} and prints the predictions and weights. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Sequential model = build();
        ModelFiles.save(model, file);
        System.out.println("step " + model.state().step());
        System.out.println("predictions " + bits(model.predict(inputs())));
        System.out.println("conv2d/kernel " + bits(model.state().param("conv2d/kernel")));
        System.out.println("depthwise_conv2d/depthwise_kernel "
                + bits(model.state().param("depthwise_conv2d/depthwise_kernel")));
        System.out.println("batch_normalization/moving_variance "
                + bits(model.state().param("batch_normalization/moving_variance")));
    }

    private static String bits(Tensor t) {
        StringBuilder sb = new StringBuilder();
        float[] f = t.toFloatArray();
        for (int i = 0; i < Math.min(6, f.length); i++) {
            sb.append(String.format("0x%08x, ", Float.floatToRawIntBits(f[i])));
        }
        return sb.toString();
    }
}
