package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.data.Dataset;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.data.Split;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.nn.spark.Example;
import dev.adjoint.nn.spark.SparkModel;
import dev.adjoint.nn.spark.StepTimings;
import dev.adjoint.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The digits MLP of {@link Digits} trained on Apache Spark ({@code local[2]}: two executor threads, tasks
 * serialized as on a cluster) with synchronous data parallelism on two shards, beside the same training on
 * one machine with the same two-way gradient split ({@code FitOptions.shards(2)}). Prints the per-epoch loss
 * of both, the hold-out accuracy, the speed of both and the overhead per step, and {@code RESULT spark
 * identical=true|false steps_per_s=... overhead_ms_per_step=...}: identical when weights, optimizer state and
 * history agree to the bit.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:exec@spark} ({@code -Dspark.args="--epochs 3"} for a
 * shorter run). See {@code examples/SPARK.md} for the design, the cost model and spark-submit.
 */
public final class SparkDigits {

    private SparkDigits() {
    }

    /** The model of {@link Digits}, compiled: what the driver and every executor build. */
    static Model mlp() {
        Sequential model = new Sequential(Shape.of(64), DType.FLOAT32, Digits.SEED);
        model.add(Dense.of(128, new Relu()));
        model.add(Dropout.of(0.1));
        model.add(Dense.of(64, new Relu()));
        model.add(Dense.of(10));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    /**
     * Runs the example; {@code --epochs N} (default 10), {@code --master URL} (default local[2]),
     * {@code --steps-per-stage S} (default 1: one Spark job per step; more: barrier stages of S steps).
     */
    public static void main(String[] args) {
        int epochs = 10;
        String master = "local[2]";
        int stepsPerStage = 1;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--epochs")) {
                epochs = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--master")) {
                master = args[i + 1];
            } else if (args[i].equals("--steps-per-stage")) {
                stepsPerStage = Integer.parseInt(args[i + 1]);
            }
        }
        Split split = Split.stratified(Datasets.digits(), 0.25, Key.of(Digits.SEED));
        Dataset train = split.train();
        Dataset test = split.test();
        FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(64).seed(Digits.SEED).shards(2)
                .verbosity(Verbosity.SILENT);

        Model reference = mlp();
        long start = System.nanoTime();
        History local = reference.fit(train.x(), train.y(), options);
        double localSeconds = (System.nanoTime() - start) / 1e9;

        SparkConf conf = new SparkConf().setMaster(master).setAppName("adjoint-spark-digits")
                .setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.ui.showConsoleProgress", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            JavaRDD<Example> examples = spark.parallelize(examples(train.x(), train.y()), 4);
            SparkModel model = SparkModel.of(spark, SparkDigits::mlp, stepsPerStage);
            History distributed = model.fit(examples, options);

            System.out.println("epoch  loss (Spark, 2 partitions)  loss (one JVM, shards(2))");
            for (int e = 0; e < epochs; e++) {
                System.out.printf(Locale.ROOT, "%5d  %26.8f  %25.8f%n", e + 1, distributed.metric("loss").get(e),
                        local.metric("loss").get(e));
            }
            boolean identical = distributed.epochs().equals(local.epochs()) && sameState(reference, model.model());
            Map<String, Double> accuracy = model.evaluate(spark.parallelize(examples(test.x(), test.y()), 2));
            System.out.printf(Locale.ROOT, "hold-out accuracy %.4f (Spark evaluate), %.4f (one JVM)%n",
                    accuracy.get("sparse_categorical_accuracy"),
                    reference.evaluate(test.x(), test.y()).get("sparse_categorical_accuracy"));
            StepTimings timings = model.timings();
            double localStepsPerSecond = timings.steps() / localSeconds;
            System.out.printf(Locale.ROOT, "%d steps; one JVM (shards(2), one shard after the other): %.1f steps/s%n",
                    timings.steps(), localStepsPerSecond);
            print(stepsPerStage == 1 ? "one Spark job per step" : "barrier stages of " + stepsPerStage + " steps",
                    timings, localStepsPerSecond);
            System.out.printf(Locale.ROOT, "RESULT spark identical=%s steps_per_s=%.1f overhead_ms_per_step=%.2f%n",
                    identical, timings.stepsPerSecond(), timings.overheadMillisPerStep());
        }
    }

    private static void print(String design, StepTimings t, double localStepsPerSecond) {
        System.out.printf(Locale.ROOT, "%-32s %6.1f steps/s (%.3fx one JVM): slowest shard %.3f ms, driver update"
                + " %.3f ms, overhead %.2f ms per step%n", design, t.stepsPerSecond(),
                t.stepsPerSecond() / localStepsPerSecond, t.slowestShardNanos() * 1e-6 / t.steps(),
                t.updateNanos() * 1e-6 / t.steps(), t.overheadMillisPerStep());
    }

    private static List<Example> examples(Tensor x, Tensor y) {
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < x.shape().dim(0); i++) {
            list.add(Example.of(x, y, i));
        }
        return list;
    }

    private static boolean sameState(Model a, Model b) {
        boolean same = a.state().step() == b.state().step();
        for (var p : a.state().params()) {
            same &= p._2.sameValues(b.state().param(p._1));
        }
        for (var s : a.state().optimizer()) {
            same &= s._2.sameValues(b.state().optimizer().get(s._1).get());
        }
        return same;
    }
}
