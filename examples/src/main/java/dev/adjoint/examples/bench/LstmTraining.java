package dev.adjoint.examples.bench;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;

/**
 * The benchmark's LSTM: a sequence of {@link #STEPS} rows of {@link #FEATURES} values (an image read row by
 * row, as in {@code SequentialFashionMnist}) into an LSTM of {@link #UNITS} units, its last output into 10
 * logits, softmax cross-entropy, Adam 1e-3, batch {@link #BATCH}, on random inputs; {@code bench_torch_lstm.py}
 * builds the same network with PyTorch's {@code nn.LSTM}. {@link #samplesPerSecond} times the compiled
 * training step (forward, gradient, update) and returns the median of several rounds.
 */
public final class LstmTraining {

    /** Batch size of every measurement. */
    public static final int BATCH = 64;

    /** Sequence length T. */
    public static final int STEPS = 28;

    /** Features per step F. */
    public static final int FEATURES = 28;

    /** LSTM units H. */
    public static final int UNITS = 128;

    /**
     * Warm-up steps before timing, the same for both sides: enough for the JIT to finish compiling the
     * kernels and the loop's body on two busy cores (a training step here is a few milliseconds).
     */
    static final int WARMUP = 300;

    /** Training steps per timed round. */
    static final int ROUND_STEPS = 30;

    /** Timed rounds (the median is reported). */
    static final int ROUNDS = 7;

    private LstmTraining() {
    }

    /** Training samples per second: the median over {@code rounds} rounds of {@code steps} steps each. */
    public static double samplesPerSecond(DType dtype, int warmupSteps, int steps, int rounds) {
        Sequential model = new Sequential(Shape.of(STEPS, FEATURES), dtype, 2017);
        model.add(LSTM.of(UNITS));
        model.add(Dense.of(10));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true));
        return CnnTraining.samplesPerSecond(model, dtype, BATCH, warmupSteps, steps, rounds);
    }
}
