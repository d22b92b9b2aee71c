package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * A model trained, evaluated and applied on Apache Spark: {@code fit} on an RDD of {@link Example}s with the
 * same {@link FitOptions}, callbacks and {@link History} as {@link Model#fit}, by synchronous data
 * parallelism over {@code K = options.shards()} shards (one Spark job per step, or barrier stages); the result
 * is bit for bit the result of {@code model.fit(x, y, options)} on one machine with the same rows in the same
 * order. The
 * driver holds the model ({@link #model()}: its weights, optimizer state, checkpoints); executors build their
 * own copies from the {@link ModelFactory}.
 *
 * <pre>{@code
 * SparkModel model = SparkModel.of(sparkContext, () -> digitsMlp());   // a compiled model
 * History history = model.fit(examples, FitOptions.defaults().epochs(20).batchSize(64).shards(2));
 * Map<String, Double> test = model.evaluate(testExamples);
 * }</pre>
 */
public final class SparkModel {

    private final JavaSparkContext spark;
    private final ModelFactory factory;
    private final Model model;
    private final int stepsPerStage;
    private volatile StepTimings timings = StepTimings.NONE;

    private SparkModel(JavaSparkContext spark, ModelFactory factory, Model model, int stepsPerStage) {
        this.spark = spark;
        this.factory = factory;
        this.model = model;
        this.stepsPerStage = stepsPerStage;
    }

    /**
     * The model {@code factory} builds, on the driver, ready to train on {@code spark}'s cluster with one Spark
     * job per step.
     *
     * @throws IllegalArgumentException if the factory's model is not compiled
     */
    public static SparkModel of(JavaSparkContext spark, ModelFactory factory) {
        return of(spark, factory, 1);
    }

    /**
     * The model {@code factory} builds, trained with {@code stepsPerStage} steps per Spark stage: 1 runs one
     * plain Spark job per step (the parts are summed on the driver); more run each epoch's steps in barrier
     * stages of at most that many steps (the shard tasks exchange their parts with {@code allGather}; the
     * cluster needs a free slot for each of the {@code K} tasks). Both give the same bits. On Spark 4.2 a
     * barrier stage is the slower design: a task waiting in {@code allGather} checks for the answer once a
     * second, so every step costs up to a second (see {@code examples/SPARK.md}).
     *
     * @throws IllegalArgumentException if the factory's model is not compiled or {@code stepsPerStage < 1}
     */
    public static SparkModel of(JavaSparkContext spark, ModelFactory factory, int stepsPerStage) {
        Objects.requireNonNull(spark, "SparkModel.of: spark is null");
        Objects.requireNonNull(factory, "SparkModel.of: factory is null");
        if (stepsPerStage < 1) {
            throw new IllegalArgumentException("spark: stepsPerStage must be >= 1, got " + stepsPerStage);
        }
        Model model = Objects.requireNonNull(factory.create(), "spark: the model factory returned null");
        if (!model.isCompiled()) {
            throw new IllegalArgumentException("spark: the model factory must return a compiled model, got one"
                    + " without compile(optimizer, loss, metrics)");
        }
        return new SparkModel(spark, factory, model, stepsPerStage);
    }

    /** The driver's model: the weights and optimizer state training updates. */
    public Model model() {
        return model;
    }

    /**
     * Trains on {@code data} with {@code K = options.shards()} Spark partitions per step; the rows are
     * numbered in the RDD's order (as {@code zipWithIndex} numbers them), which is the order {@code fit} on
     * tensors would see them in. A validation split is refused: pass {@code validationData(x, y)}.
     *
     * @throws IllegalArgumentException naming the example whose inputs or targets do not fit the model or
     *     are not finite, before any step
     */
    public History fit(JavaRDD<Example> data, FitOptions options) {
        Objects.requireNonNull(data, "SparkModel.fit: data is null");
        Objects.requireNonNull(options, "SparkModel.fit: options is null");
        JavaPairRDD<Example, Long> indexed = data.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
        Broadcast<ShardProgram> program = null;
        SparkTraining perStep = null;
        BarrierTraining staged = null;
        try {
            long count = indexed.count();
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("spark fit: at most 2^31 - 1 examples, got " + count);
            }
            Shape targets = targetFeatures(indexed);
            program = spark.broadcast(new ShardProgram(factory, model, targets));
            ExampleChecks.check(indexed, program);
            if (stepsPerStage == 1) {
                perStep = new SparkTraining(spark, indexed, (int) count, options.shards(), model, program);
                return model.fit(perStep, options);
            }
            staged = new BarrierTraining(spark, indexed, (int) count, model, program, options, stepsPerStage);
            return model.fit(staged, options);
        } finally {
            if (perStep != null) {
                timings = perStep.timings();
                perStep.close();
            }
            if (staged != null) {
                timings = staged.timings();
                staged.close();
            }
            if (program != null) {
                program.destroy(false);
            }
            indexed.unpersist(false);
        }
    }

    /** The step timings of the last {@code fit}. */
    public StepTimings timings() {
        return timings;
    }

    /**
     * The loss and metrics on {@code data} in inference mode, averaged over examples: each partition is
     * evaluated where it lives, and the partitions' sums are added in partition order on the driver.
     */
    public Map<String, Double> evaluate(JavaRDD<Example> data) {
        Objects.requireNonNull(data, "SparkModel.evaluate: data is null");
        Shape targets = targetFeatures(data.zipWithIndex());
        Broadcast<ShardProgram> program = spark.broadcast(new ShardProgram(factory, model, targets));
        Broadcast<PackedTensors> params = spark.broadcast(PackedTensors.pack(
                new ArrayList<>(model.state().params().values().toJavaList()), model.dtype()));
        try {
            List<double[]> sums = data.mapPartitions(it -> Partitions.evaluate(program.value(), params.value(), it))
                    .collect();
            List<String> names = model.compilation().reportedNames();
            double[] total = new double[names.size() + 1];
            for (double[] s : sums) {
                for (int k = 0; k < total.length; k++) {
                    total[k] += s[k];
                }
            }
            if (total[0] == 0) {
                throw new IllegalArgumentException("evaluate: the dataset is empty; a mean over no examples is"
                        + " undefined");
            }
            Map<String, Double> result = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                result.put(names.get(k), total[k + 1] / total[0]);
            }
            return result;
        } finally {
            program.destroy(false);
            params.destroy(false);
        }
    }

    /**
     * The model's outputs for the inputs {@code x} (each flattened row-major), in inference mode, computed
     * where the rows live, in their order, one flattened output per input. The weights are those of this call;
     * the returned RDD is computed lazily by Spark, so cache or collect it before training on.
     */
    public JavaRDD<double[]> predict(JavaRDD<double[]> x) {
        Objects.requireNonNull(x, "SparkModel.predict: x is null");
        Broadcast<ShardProgram> program = spark.broadcast(new ShardProgram(factory, model, Shape.scalar()));
        Broadcast<PackedTensors> params = spark.broadcast(PackedTensors.pack(
                new ArrayList<>(model.state().params().values().toJavaList()), model.dtype()));
        return x.mapPartitions(it -> Partitions.predict(program.value(), params.value(), it));
    }

    /** The target shape of one example: {@code []} for one value (a label), else {@code [values]}. */
    private static Shape targetFeatures(JavaPairRDD<Example, Long> indexed) {
        List<scala.Tuple2<Example, Long>> first = indexed.take(1);
        if (first.isEmpty()) {
            throw new IllegalArgumentException("spark: the dataset is empty, got no examples");
        }
        int values = first.get(0)._1().y().length;
        return values == 1 ? Shape.scalar() : Shape.of(values);
    }

    /** Work done on the executors for evaluate and predict. */
    private static final class Partitions {

        static Iterator<double[]> evaluate(ShardProgram program, PackedTensors params, Iterator<Example> rows) {
            Model model = program.model(params);
            List<Example> examples = new ArrayList<>();
            rows.forEachRemaining(examples::add);
            List<String> names = model.compilation().reportedNames();
            double[] sums = new double[names.size() + 1];
            if (!examples.isEmpty()) {
                Tensor[] xy = stack(examples, program, model);
                Map<String, Double> means = model.evaluate(xy[0], xy[1]);
                sums[0] = examples.size();
                for (int k = 0; k < names.size(); k++) {
                    sums[k + 1] = means.get(names.get(k)) * examples.size();
                }
            }
            return List.of(sums).iterator();
        }

        static Iterator<double[]> predict(ShardProgram program, PackedTensors params, Iterator<double[]> rows) {
            Model model = program.model(params);
            List<double[]> inputs = new ArrayList<>();
            rows.forEachRemaining(inputs::add);
            if (inputs.isEmpty()) {
                return java.util.Collections.emptyIterator();
            }
            int features = program.inputFeatures().size();
            double[] flat = new double[inputs.size() * features];
            for (int i = 0; i < inputs.size(); i++) {
                System.arraycopy(inputs.get(i), 0, flat, i * features, features);
            }
            Tensor y = model.predict(Tensor.of(model.dtype(), ShardData.withRows(inputs.size(),
                    program.inputFeatures()), flat));
            int outputs = y.size() / inputs.size();
            double[] all = y.toDoubleArray();
            List<double[]> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                out.add(java.util.Arrays.copyOfRange(all, i * outputs, (i + 1) * outputs));
            }
            return out.iterator();
        }

        private static Tensor[] stack(List<Example> examples, ShardProgram program, Model model) {
            int xs = program.inputFeatures().size();
            int ys = program.targetFeatures().size();
            double[] x = new double[examples.size() * xs];
            double[] y = new double[examples.size() * ys];
            for (int i = 0; i < examples.size(); i++) {
                String problem = ExampleChecks.problem(program, examples.get(i));
                if (problem != null) {
                    throw new IllegalArgumentException("evaluate: " + problem);
                }
                System.arraycopy(examples.get(i).x(), 0, x, i * xs, xs);
                System.arraycopy(examples.get(i).y(), 0, y, i * ys, ys);
            }
            return new Tensor[] {
                Tensor.of(model.dtype(), ShardData.withRows(examples.size(), program.inputFeatures()), x),
                Tensor.of(model.dtype(), ShardData.withRows(examples.size(), program.targetFeatures()), y)};
        }
    }
}
