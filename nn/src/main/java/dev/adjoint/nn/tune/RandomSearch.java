package dev.adjoint.nn.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * Random search (Bergstra and Bengio 2012; Keras Tuner's {@code RandomSearch}): trial {@code i} draws every
 * active hyperparameter uniformly in its scale from the key {@code (seed, i)}, redrawing values another trial
 * already has; the search stops after {@code maxTrials} trials or when no new values can be drawn.
 */
public final class RandomSearch extends Tuner {

    /** A random search of {@code space}; see {@link Tuner}. */
    public RandomSearch(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options) {
        super(space, builder, objective, options);
    }

    @Override
    String kind() {
        return "random_search";
    }

    @Override
    List<Proposal> propose(List<Trial> done, int slots, int epochs) {
        List<Proposal> next = new ArrayList<>();
        List<Trial> seen = new ArrayList<>(done);
        for (int id = done.size(); id < options().maxTrials() && next.size() < slots; id++) {
            HyperParameters hp = sampleNew(key(id), seen);
            if (hp == null) {
                break;
            }
            next.add(Proposal.fresh(hp, epochs));
            seen.add(Trial.running(id, next.get(next.size() - 1)));
        }
        return next;
    }
}
