package dev.adjoint.examples;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerNormalization;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PositionEmbedding;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.nn.model.Layers;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;

/**
 * Sequence classification: each UCI handwritten digit (8x8 pixels, shipped with this module) is read by a
 * recurrent layer as a sequence of 8 rows of 8 pixels, top to bottom, and classified from the layer's last output;
 * evaluated on the stratified 25 % hold-out of {@link Digits}.
 *
 * <p>Models: an LSTM (or a GRU) of 64 units, then 10 logits; or a small Transformer encoder ({@link #transformer}):
 * the rows projected to 32 features, learned position embeddings, one pre-norm block of 4-head self-attention and
 * a feed-forward network of 64 ReLU units, each with a residual connection, the steps averaged, then 10 logits.
 * Sparse categorical cross-entropy from logits; Adam with Keras's defaults; float32; batches of 32. Prints
 * {@code RESULT sequential_digits_lstm accuracy=...}, {@code ..._gru} and {@code ..._transformer}.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.adjoint.examples.SequentialDigits},
 * with {@code -Dexec.args="--epochs 5"} for a shorter run.
 */
public final class SequentialDigits {

    /** The seed of the weights; the split and the shuffling use {@link Digits#SEED}, the same number. */
    public static final long SEED = Digits.SEED;

    private SequentialDigits() {
    }

    /** The images {@code [rows, 64]} as sequences of their 8 pixel rows, {@code [rows, 8, 8]}. */
    static Tensor rowsAsSteps(Tensor x) {
        return x.reshape(Shape.of(x.shape().dim(0), 8, 8));
    }

    /** The recurrent layer {@code cell} then 10 logits. */
    public static Model recurrent(Layer cell) {
        Sequential model = new Sequential(Shape.of(8, 8), DType.FLOAT32, SEED);
        model.add(cell);
        model.add(Dense.of(10));
        return model;
    }

    /**
     * A Transformer encoder of one pre-norm block (Xiong et al. 2020) over the 8 rows:
     * {@code h = P + x W}, {@code h = h + MHA(LN(h))}, {@code h = h + FFN(LN(h))}, logits from the mean of h over
     * the steps.
     */
    public static Model transformer() {
        Dense project = Dense.of(32).named("project");
        PositionEmbedding positions = PositionEmbedding.of(8);
        LayerNormalization norm1 = LayerNormalization.of().named("norm1");
        MultiHeadAttention attention = MultiHeadAttention.of(4, 8);
        LayerNormalization norm2 = LayerNormalization.of().named("norm2");
        Dense expand = Dense.of(64, new Relu()).named("ffn1");
        Dense contract = Dense.of(32).named("ffn2");
        Dense logits = Dense.of(10).named("logits");
        return new Functional(Shape.of(8, 8), DType.FLOAT32, SEED, (Node x, Layers layers) -> {
            Node h = layers.apply(positions, layers.apply(project, x));
            h = h.add(layers.apply(attention, layers.apply(norm1, h)));
            h = h.add(layers.apply(contract, layers.apply(expand, layers.apply(norm2, h))));
            return layers.apply(logits, h.mean(1));
        });
    }

    /** Trains {@code model} for {@code epochs} on the images as sequences of rows; the hold-out accuracy. */
    public static double run(Model model, int epochs, Verbosity verbosity) {
        return Digits.trainAndTest(model, SequentialDigits::rowsAsSteps, epochs, verbosity);
    }

    /**
     * Runs the example with an LSTM, a GRU and a Transformer; {@code --epochs N} changes the number of epochs
     * (default 30).
     */
    public static void main(String[] args) {
        int epochs = 30;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--epochs")) {
                epochs = Integer.parseInt(args[i + 1]);
            }
        }
        Results.print("sequential_digits_lstm", "accuracy", run(recurrent(LSTM.of(64)), epochs, Verbosity.PROGRESS));
        Results.print("sequential_digits_gru", "accuracy", run(recurrent(GRU.of(64)), epochs, Verbosity.PROGRESS));
        Results.print("sequential_digits_transformer", "accuracy", run(transformer(), epochs, Verbosity.PROGRESS));
    }
}
