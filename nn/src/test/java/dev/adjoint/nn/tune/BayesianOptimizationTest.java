package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The proposals of Bayesian optimization on a synthetic objective (no training): it finds the optimum with
 * few trials and beats random search with the same budget.
 */
class BayesianOptimizationTest {

    private static final SearchSpace SPACE = SearchSpace.builder()
            .floatRange("learning_rate", 1e-4, 1e-1, Sampling.LOG)
            .intRange("units", 1, 64)
            .build();

    /** Largest (0) at learning rate 10^-2.5 and 40 units. */
    private static double score(HyperParameters hp) {
        double a = Math.log10(hp.doubleValue("learning_rate")) + 2.5;
        double b = (hp.intValue("units") - 40) / 20.0;
        return -(a * a + b * b);
    }

    private static double bestAfter(Tuner tuner, int trials, int slots) {
        List<Trial> done = new ArrayList<>();
        while (done.size() < trials) {
            for (Proposal p : tuner.propose(List.copyOf(done), slots, 1)) {
                done.add(new Trial(done.size(), p.hyperparameters(), Trial.Status.COMPLETED, 0, 1, -1,
                        score(p.hyperparameters()), 0, Map.of(), null));
            }
        }
        return done.stream().mapToDouble(Trial::score).max().orElseThrow();
    }

    private static TunerOptions options(long seed) {
        return TunerOptions.in(Path.of("unused")).maxTrials(20).seed(seed).parallelTrials(1).log(null);
    }

    @Test
    void itApproachesTheOptimumAndBeatsRandomSearchWithTheSameBudget() {
        Objective max = Objective.maximize("score");
        double bayesian = 0;
        double random = 0;
        for (long seed = 1; seed <= 5; seed++) {
            double b = bestAfter(new BayesianOptimization(SPACE, hp -> null, max, options(seed)), 20, 1);
            double r = bestAfter(new RandomSearch(SPACE, hp -> null, max, options(seed)), 20, 1);
            assertTrue(b > -0.05, "seed " + seed + ": best " + b);
            bayesian += b / 5;
            random += r / 5;
        }
        assertTrue(bayesian > random, "mean best: bayesian " + bayesian + ", random " + random);
    }

    @Test
    void aRoundOfParallelTrialsProposesDistinctPointsAndIsReproducible() {
        Objective max = Objective.maximize("score");
        BayesianOptimization tuner = new BayesianOptimization(SPACE, hp -> null, max, options(3).parallelTrials(4),
                4, 500);
        double first = bestAfter(tuner, 16, 4);
        assertEquals(first, bestAfter(tuner, 16, 4), 0.0, "the same seed proposes the same points");
        List<Trial> done = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<Proposal> next = tuner.propose(List.copyOf(done), 4, 1);
            assertEquals(4, next.size());
            for (Proposal p : next) {
                assertTrue(done.stream().noneMatch(t -> t.hyperparameters().sameValues(p.hyperparameters())),
                        "no repeats");
                done.add(new Trial(done.size(), p.hyperparameters(), Trial.Status.COMPLETED, 0, 1, -1,
                        score(p.hyperparameters()), 0, Map.of(), null));
            }
        }
    }
}
