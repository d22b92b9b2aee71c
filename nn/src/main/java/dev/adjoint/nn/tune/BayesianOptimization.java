package dev.adjoint.nn.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * Bayesian optimization (Snoek, Larochelle and Adams 2012; Keras Tuner's {@code BayesianOptimization}): the
 * first {@code initialPoints} trials are drawn at random; after that, a {@link GaussianProcess} (Matérn 5/2)
 * is fitted to the completed trials' scores (as losses, on the hyperparameters encoded to the unit cube) and
 * the next trial is the candidate with the largest {@link ExpectedImprovement} among {@code candidates}
 * random points of the space. A round of several parallel trials is chosen one by one, each chosen point
 * added to the process with its predicted mean as its value (the "kriging believer"), so that a round spreads
 * out; the proposals therefore depend on {@link TunerOptions#parallelTrials}, which is part of the search's
 * description. Everything is drawn from the tuner's seed.
 */
public final class BayesianOptimization extends Tuner {

    /** Keras Tuner's noise level {@code alpha}, relative to the standardized scores. */
    public static final double NOISE = 1e-4;
    /** The exploration margin {@code xi} of the expected improvement, in standardized-score units. */
    public static final double XI = 0.01;

    private final int initialPoints;
    private final int candidates;

    /**
     * A Bayesian optimization of {@code space} with {@code max(3, 2 · dimensions)} random initial trials and
     * 2,000 candidates per choice; see {@link Tuner}.
     */
    public BayesianOptimization(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options) {
        this(space, builder, objective, options, Math.max(3, 2 * space.parameters().size()), 2000);
    }

    /**
     * A Bayesian optimization with {@code initialPoints >= 1} random trials first and {@code candidates >= 1}
     * random candidates scored per choice.
     */
    public BayesianOptimization(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options,
            int initialPoints, int candidates) {
        super(space, builder, objective, options);
        if (initialPoints < 1 || candidates < 1) {
            throw new IllegalArgumentException("tuner: BayesianOptimization needs initialPoints >= 1 and candidates"
                    + " >= 1, got " + initialPoints + " and " + candidates);
        }
        this.initialPoints = initialPoints;
        this.candidates = candidates;
    }

    @Override
    String kind() {
        return "bayesian_optimization";
    }

    @Override
    void describe(ObjectNode settings) {
        settings.put("initial_points", initialPoints).put("candidates", candidates)
                .put("parallel_trials", options().parallelTrials());
    }

    @Override
    List<Proposal> propose(List<Trial> done, int slots, int epochs) {
        List<Proposal> next = new ArrayList<>();
        List<Trial> seen = new ArrayList<>(done);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Trial t : done) {
            if (t.completed()) {
                xs.add(t.hyperparameters().toUnit());
                ys.add(objective().asLoss(t.score()));
            }
        }
        for (int id = done.size(); id < options().maxTrials() && next.size() < slots; id++) {
            boolean more = next.size() + 1 < slots && id + 1 < options().maxTrials(); // another choice follows
            GaussianProcess gp = xs.size() >= 2 && (id >= initialPoints || more)
                    ? GaussianProcess.fit(xs.toArray(double[][]::new), unbox(ys), NOISE) : null;
            HyperParameters hp = id < initialPoints || gp == null ? sampleNew(key(id), seen)
                    : mostPromising(key(id), gp, ys, seen);
            if (hp == null) {
                break;
            }
            Proposal p = Proposal.fresh(hp, epochs);
            next.add(p);
            seen.add(Trial.running(id, p));
            if (gp != null && more) {
                // The kriging believer: the chosen point counts as observed at its predicted mean.
                xs.add(hp.toUnit());
                ys.add(gp.predict(hp.toUnit()).mean());
            }
        }
        return next;
    }

    /**
     * The new candidate with the largest expected improvement (the first of equals), or a random new point when
     * no candidate is new (or none has a number for its expected improvement).
     */
    private HyperParameters mostPromising(Key key, GaussianProcess gp, List<Double> ys, List<Trial> seen) {
        List<HyperParameters> fresh = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            HyperParameters hp = space().sample(key.fold(c));
            if (seen.stream().noneMatch(t -> t.hyperparameters().sameValues(hp))) {
                fresh.add(hp);
            }
        }
        if (fresh.isEmpty()) {
            return sampleNew(key.fold(-1), seen);
        }
        double best = ys.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double[] ei = gp.expectedImprovement(fresh.stream().map(HyperParameters::toUnit).toArray(double[][]::new),
                best, XI * standardDeviation(ys));
        int chosen = -1;
        for (int c = 0; c < ei.length; c++) {
            if (chosen < 0 ? ei[c] > Double.NEGATIVE_INFINITY : ei[c] > ei[chosen]) {
                chosen = c;
            }
        }
        return chosen >= 0 ? fresh.get(chosen) : sampleNew(key.fold(-1), seen);
    }

    private static double standardDeviation(List<Double> ys) {
        double mean = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var = ys.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
        return var > 0 ? Math.sqrt(var) : 1;
    }

    private static double[] unbox(List<Double> ys) {
        return ys.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
