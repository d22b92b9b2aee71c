package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Activations;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials that tie in their objective rank by id, the earliest first, as Keras Tuner's stable sort of the trials by
 * score ranks them: so the best trial of a search is the earliest of those with the best score, whatever the order
 * in which parallel trials finished.
 */
class TiedTrialsTest {

    @TempDir
    Path dir;

    private static Trial completed(int id, double score) {
        return new Trial(id, SearchSpace.builder().choice("c", "a").build().values(Map.of("c", "a")),
                Trial.Status.COMPLETED, 0, 1, -1, score, 0, Map.of(), null);
    }

    @Test
    void equalScoresRankByIdInEitherDirection() {
        List<Trial> trials = List.of(completed(3, 0.5), completed(0, 0.75), completed(2, 0.5), completed(1, 0.5),
                completed(4, Double.NaN), completed(5, -0.0), completed(6, 0.0));
        List<Integer> maximized = trials.stream().sorted(Objective.maximize("m").bestFirst()).map(Trial::id).toList();
        assertEquals(List.of(0, 1, 2, 3, 5, 6, 4), maximized, "0.75, the 0.5s by id, the zeros by id, NaN last");
        List<Integer> minimized = trials.stream().sorted(Objective.minimize("m").bestFirst()).map(Trial::id).toList();
        assertEquals(List.of(5, 6, 1, 2, 3, 0, 4), minimized, "-0.0 and 0.0 tie, so by id");
    }

    private static Model build(HyperParameters hp) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 3);
        model.add(Dense.of(hp.intValue("units"), Activations.byName("tanh")));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(hp.doubleValue("learning_rate")),
                new SparseCategoricalCrossEntropy(true), new Accuracy());
        return model;
    }

    /**
     * A float32 search whose validation accuracies tie (22 validation examples: several trials classify all of
     * them): the best trial is the earliest of the tied ones, and {@code bestTrials} lists ties by id, the same
     * with 1 and 3 parallel trials.
     */
    @Test
    void aSearchsBestTrialIsTheEarliestOfTheTiedOnes() {
        Tensor[] data = Blobs.of(90, 21);
        FitOptions fit = FitOptions.defaults().epochs(3).batchSize(16).validationSplit(0.25).seed(5)
                .verbosity(Verbosity.SILENT);
        SearchSpace space = SearchSpace.builder().intRange("units", 4, 16, 4)
                .floatRange("learning_rate", 3e-2, 1e-1, Sampling.LOG).build();
        for (int parallel : new int[] {1, 3}) {
            RandomSearch tuner = new RandomSearch(space, TiedTrialsTest::build, Objective.maximize("val_accuracy"),
                    TunerOptions.in(dir.resolve("p" + parallel)).maxTrials(6).seed(11).parallelTrials(parallel)
                            .log(null));
            List<Trial> trials = tuner.search(data[0], data[1], fit);
            double top = trials.stream().mapToDouble(Trial::score).max().orElseThrow();
            List<Trial> tied = trials.stream().filter(t -> t.score() == top).toList();
            assertTrue(tied.size() >= 2, "the search must produce a tie to test, got scores "
                    + trials.stream().map(Trial::score).toList());
            assertEquals(tied.get(0).id(), tuner.bestTrials(1).get(0).id(), "the earliest of the tied trials");
            List<Trial> expected = trials.stream().sorted(Comparator.comparingDouble(Trial::score).reversed()
                    .thenComparingInt(Trial::id)).toList();
            assertEquals(expected.stream().map(Trial::id).toList(),
                    tuner.bestTrials(trials.size()).stream().map(Trial::id).toList());
        }
    }
}
