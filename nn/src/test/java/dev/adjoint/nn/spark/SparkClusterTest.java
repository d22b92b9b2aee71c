package dev.adjoint.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Verbosity;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Spark's {@code local-cluster} mode: a master, a worker and an executor (two task threads) in a JVM of its
 * own, so every task, parameter and gradient crosses a process boundary (one executor JVM rather than two keeps
 * the test's start-up short). It needs no Spark installation, only a directory
 * laid out like one: Surefire points {@code SPARK_HOME} at {@code target/spark-home} (and sets
 * {@code SPARK_SCALA_VERSION}, which the executor launcher asks for when it runs from a build), and this test
 * links the test class path's jars into its {@code jars/} folder and gives the executors the class folders.
 */
class SparkClusterTest {

    @Test
    void separateExecutorJvmsGiveTheBitsOfTheLocalTwoShardFit() throws IOException {
        String home = System.getenv("SPARK_HOME");
        org.junit.jupiter.api.Assumptions.assumeTrue(home != null, "SPARK_HOME is set by the spark-tests execution");
        List<String> folders = sparkHome(Path.of(home));
        SparkConf conf = new SparkConf().setMaster("local-cluster[1,2,1024]").setAppName("adjoint-spark-cluster-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, folders))
                .set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
        JavaSparkContext spark = new JavaSparkContext(conf);
        try {
            spark.setLogLevel("WARN");
            Tensor[] data = Blobs.of(48, 12);
            FitOptions options = FitOptions.defaults().verbosity(Verbosity.SILENT).epochs(1).batchSize(16).seed(5)
                    .shards(2);
            Model reference = SparkModels.classifier(null);
            History expected = reference.fit(data[0], data[1], options);
            SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(null));
            History actual = distributed.fit(SparkModels.examples(spark, data[0], data[1], 2), options);
            assertEquals(expected.epochs(), actual.epochs());
            SparkModels.assertSameState(reference, distributed.model());
        } finally {
            spark.stop();
        }
    }

    /** Links the class path's jars into {@code home/jars}; returns its folders (the modules' classes). */
    private static List<String> sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> folders = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                folders.add(path.toAbsolutePath().toString());
            } else if (entry.endsWith(".jar") && !Files.exists(jars.resolve(path.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(path.getFileName()), path.toAbsolutePath());
            }
        }
        return folders;
    }
}
