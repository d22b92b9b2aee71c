package dev.adjoint.examples.bench;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ConvOp;
import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Padding;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.FashionMnistCnn;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainStep;
import java.util.List;

/**
 * The benchmark's CNN: the network of {@link FashionMnistCnn} without its augmentation (three blocks of 3x3
 * convolution, batch normalization, ReLU, 2x2 max pooling and dropout; dense 256 with batch normalization; 10
 * logits; Adam), batch 128, on random images shaped like Fashion-MNIST; {@code bench_torch_cnn.py} builds the
 * same network in PyTorch. {@link #samplesPerSecond} times the compiled training step (forward, gradient,
 * update) and returns the median of several rounds; {@link #convForwardGflops} times the forward of the
 * network's second convolution alone.
 */
public final class CnnTraining {

    /** Batch size of every measurement. */
    public static final int BATCH = 128;

    /** Warm-up steps before timing, the same for both sides. */
    static final int WARMUP = 30;

    /** Steps per timed round. */
    static final int STEPS = 10;

    /** Timed rounds (the median is reported). */
    static final int ROUNDS = 3;

    private CnnTraining() {
    }

    /** The layer {@link #convForwardGflops} times: height and width, input and output channels, kernel size. */
    static final int[] CONV_LAYER = {14, 32, 64, 3};

    /**
     * GFLOP/s of the forward of the network's second convolution (3x3, same padding, 32 to 64 channels on
     * 14x14 images, batch 128, {@code 2·N·H·W·k²·C_in·C_out} flops) as one compiled function: the median of
     * several rounds after a warm-up.
     */
    public static double convForwardGflops(DType dtype) {
        int hw = CONV_LAYER[0];
        int cin = CONV_LAYER[1];
        int cout = CONV_LAYER[2];
        int k = CONV_LAYER[3];
        Node x = SourceOp.input("x", Shape.of(BATCH, hw, hw, cin), dtype);
        Node w = SourceOp.input("w", Shape.of(k, k, cin, cout), dtype);
        Function conv = Function.of(List.of(x, w),
                List.of(ConvOp.conv(x, w, ConvSpec.defaults().withPadding(Padding.SAME))));
        Tensor xs = Tensor.uniform(Key.of(1), dtype, x.shape(), -1, 1);
        Tensor ws = Tensor.uniform(Key.of(2), dtype, w.shape(), -1, 1);
        double flops = 2.0 * BATCH * hw * hw * k * k * cin * cout;
        for (int i = 0; i < 20; i++) {
            conv.call(xs, ws);
        }
        double[] rates = new double[7];
        for (int r = 0; r < rates.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                conv.call(xs, ws);
            }
            rates[r] = 5 * flops / (System.nanoTime() - start);
        }
        return Bench.median(rates);
    }

    /**
     * One training step as {@code fit} takes it: the new state replaces the old one, whose arrays, held by no
     * one else, the next step reuses ({@link TrainStep#reclaim}).
     */
    static ModelState advance(TrainStep step, ModelState state, Tensor x, Tensor y, Key key) {
        ModelState next = step.apply(state, x, y, key, 1.0).state();
        if (donates) {
            try {
                step.reclaim(state, next);
            } catch (NoSuchMethodError e) {
                donates = false; // a baseline build (-Dbench.baseline) from before donation: its fit did not donate
            }
        }
        return next;
    }

    private static volatile boolean donates = true;

    /** Training samples per second: the median over {@code rounds} rounds of {@code steps} steps each. */
    public static double samplesPerSecond(DType dtype, int warmupSteps, int steps, int rounds) {
        return samplesPerSecond(FashionMnistCnn.model(dtype, 1_000_000, false), dtype, BATCH, warmupSteps, steps,
                rounds);
    }

    /**
     * Training samples per second of a compiled {@code model} taking 28 x 28 inputs, on random inputs in [0, 1)
     * and labels 0..9, batch {@code batch}: {@code warmupSteps} steps, then the median over {@code rounds}
     * rounds of {@code steps} steps each.
     */
    static double samplesPerSecond(Sequential model, DType dtype, int batch, int warmupSteps, int steps,
            int rounds) {
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        Tensor x = Tensor.uniform(Key.of(7), dtype, Shape.of(batch, 28, 28), 0, 1);
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = (i * 7) % 10;
        }
        Tensor y = Tensor.of(dtype, Shape.of(batch), labels);
        Key key = Key.of(3);
        ModelState state = model.state();
        for (int i = 0; i < warmupSteps; i++) {
            state = advance(step, state, x, y, key);
        }
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                state = advance(step, state, x, y, key);
            }
            rates[r] = (double) steps * batch / ((System.nanoTime() - start) / 1e9);
        }
        return Bench.median(rates);
    }
}
