package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark tests' cluster, model and data: tiny, so that Spark's start-up dominates the test time. */
final class SparkModels {

    private SparkModels() {
    }

    /** A local Spark context on the loopback address, without the web UI. */
    static JavaSparkContext context(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("adjoint-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.showConsoleProgress", "false");
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        return spark;
    }

    /**
     * 2 -> 16 tanh (L2) -> batch normalization -> dropout 0.2 -> {@code extra} -> 3, float32, Adam, sparse
     * cross-entropy from logits, accuracy: every kind of state a shard can touch.
     */
    static Model classifier(Layer extra) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 13);
        model.add(Dense.of(16, new Tanh()).kernelRegularizer(new L2(1e-3)));
        model.add(BatchNormalization.of());
        model.add(Dropout.of(0.2));
        if (extra != null) {
            model.add(extra);
        }
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.01)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    /** Dense(4) under {@code MaxNorm(0.2, 0)} on its kernel and {@code NonNeg()} on its bias. */
    static Layer constrained() {
        return Dense.of(4).kernelConstraint(new MaxNorm(0.2, 0)).biasConstraint(new NonNeg());
    }

    /** The rows of {@code (x, y)} as an RDD of examples in {@code partitions} partitions. */
    static JavaRDD<Example> examples(JavaSparkContext spark, Tensor x, Tensor y, int partitions) {
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < x.shape().dim(0); i++) {
            list.add(Example.of(x, y, i));
        }
        return spark.parallelize(list, partitions);
    }

    /** Asserts bit-identical weights, optimizer state and step count. */
    static void assertSameState(Model expected, Model actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.state().step(), actual.state().step(), "steps");
        expected.state().params().forEach(p -> org.junit.jupiter.api.Assertions.assertTrue(
                p._2.sameValues(actual.state().param(p._1)), "parameter " + p._1 + ": " + p._2 + " vs "
                        + actual.state().param(p._1)));
        expected.state().optimizer().forEach(s -> org.junit.jupiter.api.Assertions.assertTrue(
                s._2.sameValues(actual.state().optimizer().get(s._1).get()), "optimizer state " + s._1));
    }
}
