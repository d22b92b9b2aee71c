package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.Model;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The checks {@code fit} makes on tensors before its first step, made where the examples live: every
 * example's inputs and targets have the model's sizes, are finite, and the targets are valid for the loss and
 * metrics (class labels in range). The first problem found is reported with the example's index.
 */
final class ExampleChecks {

    private ExampleChecks() {
    }

    /** @throws IllegalArgumentException naming an example that does not fit the model */
    static void check(JavaPairRDD<Example, Long> indexed, Broadcast<ShardProgram> program) {
        List<String> problems = indexed.mapPartitions(it -> firstProblem(program.value(), it)).take(1);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
    }

    private static Iterator<String> firstProblem(ShardProgram program, Iterator<Tuple2<Example, Long>> examples) {
        Model model = program.checker();
        Shape output = model.outputShape();
        while (examples.hasNext()) {
            Tuple2<Example, Long> next = examples.next();
            String problem = problem(program, next._1());
            if (problem == null) {
                try {
                    Tensor y = Tensor.of(model.dtype(), ShardData.withRows(1, program.targetFeatures()), next._1().y());
                    model.compilation().checkTargets("fit", y, output);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                return Collections.singletonList("spark fit: example " + next._2() + ": " + problem).iterator();
            }
        }
        return Collections.emptyIterator();
    }

    /** What is wrong with an example's sizes or values, or null. */
    static String problem(ShardProgram program, Example e) {
        int xs = program.inputFeatures().size();
        int ys = program.targetFeatures().size();
        if (e.x().length != xs || e.y().length != ys) {
            return "x must have " + xs + " values (" + program.inputFeatures() + ") and y " + ys + ", got "
                    + e.x().length + " and " + e.y().length;
        }
        for (double[] values : new double[][] {e.x(), e.y()}) {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    return (values == e.x() ? "x" : "y") + " must be finite, got " + values[i] + " at " + i;
                }
            }
        }
        return null;
    }
}
