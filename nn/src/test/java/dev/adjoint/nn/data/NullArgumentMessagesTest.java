package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.shift.CovariateShift;
import dev.adjoint.nn.spark.Example;
import dev.adjoint.nn.tune.Condition;
import dev.adjoint.nn.tune.FloatRange;
import dev.adjoint.nn.tune.GaussianProcess;
import dev.adjoint.nn.tune.Objective;
import dev.adjoint.nn.tune.Sampling;
import dev.adjoint.nn.tune.SearchSpace;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A null argument to the data, tune, spark and shift APIs is refused with a NullPointerException that names the
 * type or method and the argument, as {@code LayerArguments} words it ({@code "Split.random: data is null"}), not
 * a bare {@code "data is null"}.
 */
class NullArgumentMessagesTest {

    private static String refusal(Executable call) {
        return assertThrows(NullPointerException.class, call).getMessage();
    }

    @Test
    void dataNamesTheMethodAndTheArgument() {
        Tensor x = Tensor.of(Shape.of(2, 1), 1, 2);
        Dataset data = new Dataset(x, Tensor.of(Shape.of(2), 0, 1), List.of());
        assertEquals("Dataset: x is null", refusal(() -> new Dataset(null, x, List.of())));
        assertEquals("Dataset.cast: dtype is null", refusal(() -> data.cast(null)));
        assertEquals("Split.random: data is null", refusal(() -> Split.random(null, 0.5, Key.of(1))));
        assertEquals("Split.stratified: key is null", refusal(() -> Split.stratified(data, 0.5, null)));
        assertEquals("Scaling.standardize: x is null", refusal(() -> Scaling.standardize(null)));
        assertEquals("Scaling.minMax: x is null", refusal(() -> Scaling.minMax(null)));
        assertEquals("Imputer.median: x is null", refusal(() -> Imputer.median(null)));
        assertEquals("Minibatches.shuffled: key is null", refusal(() -> Minibatches.shuffled(data, 1, null)));
        assertEquals("OneHot.encode: labels is null", refusal(() -> OneHot.encode(null, 2)));
        assertEquals("StringLookup.of: vocabulary value 1 is null", refusal(() -> StringLookup.of(Arrays.asList("a",
                null))));
        assertEquals("CsvReader: file is null", refusal(() -> CsvReader.withHeader().matrix(null)));
    }

    @Test
    void tuneSparkAndShiftNameTheMethodAndTheArgument() {
        assertEquals("IntRange: name is null", refusal(() -> SearchSpace.builder().intRange(null, 1, 3)));
        assertEquals("Objective: metric is null", refusal(() -> Objective.maximize(null)));
        assertEquals("SearchSpace.Builder.choice: values is null", refusal(() -> SearchSpace.builder()
                .choice("act", (Object[]) null)));
        assertEquals("SearchSpace.Builder.when: values is null", refusal(() -> SearchSpace.builder()
                .intRange("n", 1, 3).when("act", (Object[]) null)));
        assertEquals("Choice: name is null", refusal(() -> SearchSpace.builder().choice(null, "relu")));
        assertEquals("SearchSpace.sample: key is null", refusal(() -> SearchSpace.builder().intRange("n", 1, 3)
                .build().sample(null)));
        FloatRange rate = new FloatRange("rate", 0, 1, 0, Sampling.LINEAR, Optional.empty());
        assertEquals("FloatRange.when: condition is null", refusal(() -> rate.when((Condition) null)));
        assertEquals("GaussianProcess.fit: x is null", refusal(() -> GaussianProcess.fit(null, new double[] {1},
                0.1)));
        assertEquals("Example.of: x is null", refusal(() -> Example.of(null, Tensor.zeros(DType.FLOAT64,
                Shape.of(1)), 0)));
        assertEquals("CovariateShift.estimate: target is null", refusal(() -> CovariateShift.estimate(
                Tensor.zeros(DType.FLOAT64, Shape.of(2, 1)), null, CovariateShift.Options.defaults())));
    }
}
