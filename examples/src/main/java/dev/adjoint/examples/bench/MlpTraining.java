package dev.adjoint.examples.bench;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Sgd;

/**
 * The benchmark's model: an MLP 784-256-128-10 with ReLU, sparse softmax cross-entropy from logits, batch 128,
 * on random data shaped like Fashion-MNIST. {@link #samplesPerSecond} times the compiled training step (the
 * whole step: forward, gradient and optimizer update, as {@code fit} runs it, the old state's arrays donated
 * to the next step) and returns the median of
 * several rounds.
 */
public final class MlpTraining {

    /** Batch size of every measurement. */
    public static final int BATCH = 128;

    private MlpTraining() {
    }

    /** A fresh compiled model with the given optimizer ({@code "sgd"} or {@code "adam"}). */
    static Sequential model(DType dtype, String optimizer) {
        Sequential model = new Sequential(Shape.of(784), dtype, 1);
        model.add(Dense.of(256, new Relu()));
        model.add(Dense.of(128, new Relu()));
        model.add(Dense.of(10));
        Optimizer opt = optimizer.equals("adam") ? Adam.defaults() : Sgd.defaults().withLearningRate(0.01);
        model.compile(opt, new SparseCategoricalCrossEntropy(true));
        return model;
    }

    /**
     * One training run in progress: a fresh compiled model, its step, a fixed batch of random images with
     * labels, and the current weights.
     */
    private static final class Run {
        private final TrainStep step;
        private final Tensor x;
        private final Tensor y;
        private final Key key = Key.of(3);
        private ModelState state;

        Run(DType dtype, String optimizer) {
            Sequential model = model(dtype, optimizer);
            step = model.trainStep(Shape.of(Shape.BATCH));
            x = Tensor.uniform(Key.of(7), dtype, Shape.of(BATCH, 784), 0, 1);
            double[] labels = new double[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = (i * 7) % 10;
            }
            y = Tensor.of(dtype, Shape.of(BATCH), labels);
            state = model.state();
        }

        void steps(int count) {
            for (int i = 0; i < count; i++) {
                state = CnnTraining.advance(step, state, x, y, key);
            }
        }

        /** Samples per second over {@code count} steps. */
        double timed(int count) {
            long start = System.nanoTime();
            steps(count);
            return (double) count * BATCH / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Training samples per second: the median over {@code rounds} rounds of {@code steps} steps each. */
    public static double samplesPerSecond(DType dtype, String optimizer, int warmupSteps, int steps, int rounds) {
        Run run = new Run(dtype, optimizer);
        run.steps(warmupSteps);
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rates[r] = run.timed(steps);
        }
        return Bench.median(rates);
    }

    /**
     * Bytes allocated by the calling thread per training step, averaged over 200 steps after 100 of warm-up
     * (HotSpot's per-thread allocation counter: every array and object the step allocates on this thread).
     */
    public static double allocatedBytesPerStep(DType dtype, String optimizer) {
        Run run = new Run(dtype, optimizer);
        run.steps(100);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run.steps(200);
        return (threads.getCurrentThreadAllocatedBytes() - before) / 200.0;
    }

    /**
     * Like {@link #samplesPerSecond}, for several settings of the same run in turn: each timed round runs every
     * setting's {@code apply} and then its steps, so that a shared machine's drift hits all settings alike.
     * Returns the median samples/s of each setting.
     */
    public static double[] alternating(DType dtype, String optimizer, int warmupSteps, int steps, int rounds,
            java.util.List<Runnable> settings) {
        Run run = new Run(dtype, optimizer);
        for (Runnable setting : settings) {
            setting.run();
            run.steps(warmupSteps);
        }
        double[][] rates = new double[settings.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < settings.size(); v++) {
                settings.get(v).run();
                rates[v][r] = run.timed(steps);
            }
        }
        double[] medians = new double[settings.size()];
        for (int v = 0; v < medians.length; v++) {
            medians[v] = Bench.median(rates[v]);
        }
        return medians;
    }

    /**
     * {@code time(loss + gradient) / time(loss)} for the model's forward loss and the loss with its gradient
     * with respect to every parameter, both as compiled functions, on one batch.
     */
    public static double gradOverLoss(DType dtype) {
        Sequential model = model(dtype, "sgd");
        dev.adjoint.nn.model.ForwardGraph graph = model.inference();
        dev.adjoint.core.graph.Node y = dev.adjoint.core.graph.SourceOp.input("y", Shape.of(Shape.BATCH), dtype);
        dev.adjoint.core.graph.Node loss = new SparseCategoricalCrossEntropy(true).apply(y, graph.output());
        java.util.List<dev.adjoint.core.graph.Node> params = new java.util.ArrayList<>(graph.params().values());
        java.util.List<dev.adjoint.core.graph.Node> inputs = new java.util.ArrayList<>(
                java.util.List.of(graph.input(), y));
        inputs.addAll(params);
        java.util.List<dev.adjoint.core.graph.Node> withGrad = new java.util.ArrayList<>(java.util.List.of(loss));
        withGrad.addAll(dev.adjoint.core.autodiff.Autodiff.grad(loss, params,
                dev.adjoint.core.autodiff.Autodiff.Strictness.ZEROS_FOR_UNUSED));
        dev.adjoint.core.eval.Function lossOnly = dev.adjoint.core.eval.Function.of(inputs, java.util.List.of(loss));
        dev.adjoint.core.eval.Function lossAndGrad = dev.adjoint.core.eval.Function.of(inputs, withGrad);
        java.util.List<Tensor> args = new java.util.ArrayList<>();
        args.add(Tensor.uniform(Key.of(7), dtype, Shape.of(BATCH, 784), 0, 1));
        double[] labels = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = (i * 7) % 10;
        }
        args.add(Tensor.of(dtype, Shape.of(BATCH), labels));
        for (String name : graph.params().keySet()) {
            args.add(model.state().param(name));
        }
        // both functions run for 3 s before timing: the steady state, as for the training figures (after 90
        // calls of each, the first figure in a fresh JVM read 2.53-2.59 and later ones 2.43-2.45)
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 3_000_000_000L) {
            lossOnly.call(args);
            lossAndGrad.call(args);
        }
        double[] ratios = new double[7];
        for (int r = 0; r < ratios.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                lossOnly.call(args);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                lossAndGrad.call(args);
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                ratios[r] = (double) (t2 - t1) / (t1 - t0);
            }
        }
        return Bench.median(ratios);
    }

    /** Prints samples/s for each dtype and optimizer. */
    public static void main(String[] args) {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (String opt : new String[] {"sgd", "adam"}) {
                double rate = samplesPerSecond(dtype, opt, 20, 30, 5);
                System.out.printf("RESULT bench mlp_%s_%s samples_per_s=%.0f%n", dtype.shortName(), opt, rate);
            }
        }
    }
}
