package dev.adjoint.examples.bench;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.FashionMnistCnn;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Sgd;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 of the weights after a short training run, for each dtype and optimizer: a fingerprint of every
 * bit the kernels computed. The run is an MLP 784-64-32-10 (tanh, ReLU, sparse softmax cross-entropy from
 * logits) trained for 12 steps on a fixed random batch of 48: GEMMs with k above the cache block (784),
 * transposed operands, exp and log in the loss, tanh, and Adam's square roots and powers. The library promises
 * the same bits on every CPU, thread count and kernel choice, so these hashes are committed as test fixtures.
 * A second run, {@code <dtype>_cnn}, trains {@link FashionMnistCnn}'s network with its augmentation for 3 steps
 * on a batch of 16 random images: convolutions on both orientations of the filter gradient (one input channel,
 * then many), their input gradients, batch normalization, pooling, dropout and the bilinear augmentation;
 * {@code main} prints them (one {@code <dtype>_<optimizer> <hash>} line each) for tests that run it in a JVM
 * with other options.
 */
public final class WeightHashes {

    private WeightHashes() {
    }

    /**
     * {@code f32_sgd}, {@code f32_adam}, {@code f64_sgd}, {@code f64_adam}, {@code f32_cnn}, {@code f64_cnn} to the
     * hash of their final weights.
     */
    public static Map<String, String> compute() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (String optimizer : new String[] {"sgd", "adam"}) {
                hashes.put(dtype.shortName() + "_" + optimizer, hash(train(dtype, optimizer)));
            }
        }
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            hashes.put(dtype.shortName() + "_cnn", hash(trainCnn(dtype)));
        }
        return hashes;
    }

    private static ModelState trainCnn(DType dtype) {
        Sequential model = FashionMnistCnn.model(dtype, 3, true);
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        int batch = 16;
        Tensor x = Tensor.uniform(Key.of(5), dtype, Shape.of(batch, 28, 28), 0, 1);
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = (i * 3) % 10;
        }
        Tensor y = Tensor.of(dtype, Shape.of(batch), labels);
        ModelState state = model.state();
        for (int i = 0; i < 3; i++) {
            state = step.apply(state, x, y, Key.of(3 + i), 1.0).state();
        }
        return state;
    }

    private static ModelState train(DType dtype, String optimizer) {
        Sequential model = new Sequential(Shape.of(784), dtype, 11);
        model.add(Dense.of(64, new Tanh()));
        model.add(Dense.of(32, new Relu()));
        model.add(Dense.of(10));
        model.compile(optimizer.equals("adam") ? Adam.defaults() : Sgd.defaults().withLearningRate(0.05),
                new SparseCategoricalCrossEntropy(true));
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        int batch = 48;
        Tensor x = Tensor.normal(Key.of(5), dtype, Shape.of(batch, 784), 0, 1);
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = (i * 7) % 10;
        }
        Tensor y = Tensor.of(dtype, Shape.of(batch), labels);
        ModelState state = model.state();
        for (int i = 0; i < 12; i++) {
            state = step.apply(state, x, y, Key.of(3), 1.0).state();
        }
        return state;
    }

    private static String hash(ModelState state) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (io.vavr.Tuple2<String, Tensor> param : state.params()) {
            sha.update(param._1().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Tensor t = param._2();
            ByteBuffer bytes = ByteBuffer.allocate(t.size() * (t.dtype() == DType.FLOAT32 ? 4 : 8));
            if (t.dtype() == DType.FLOAT32) {
                for (float v : t.toFloatArray()) {
                    bytes.putInt(Float.floatToRawIntBits(v));
                }
            } else {
                for (double v : t.toDoubleArray()) {
                    bytes.putLong(Double.doubleToRawLongBits(v));
                }
            }
            sha.update(bytes.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Prints {@code <dtype>_<optimizer> <hash>} per configuration. */
    public static void main(String[] args) {
        for (Map.Entry<String, String> e : compute().entrySet()) {
            System.out.println(e.getKey() + " " + e.getValue());
        }
    }
}
