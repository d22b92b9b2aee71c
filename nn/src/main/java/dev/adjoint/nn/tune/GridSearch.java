package dev.adjoint.nn.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Grid search (Keras Tuner's {@code GridSearch}): every combination of values in order, the last
 * hyperparameter varying fastest, inactive hyperparameters left out, at most {@code maxTrials} of them. Every
 * float range needs a step.
 */
public final class GridSearch extends Tuner {

    /** The largest grid enumerated. */
    static final int MAX_GRID = 100_000;

    private final List<HyperParameters> grid;

    /**
     * A grid search of {@code space}; see {@link Tuner}.
     *
     * @throws IllegalArgumentException when a float range has no step, or the grid has more than
     *     {@value #MAX_GRID} points
     */
    public GridSearch(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options) {
        super(space, builder, objective, options);
        this.grid = space.grid(MAX_GRID);
    }

    /** The grid's size (before the trial limit). */
    public int size() {
        return grid.size();
    }

    @Override
    String kind() {
        return "grid_search";
    }

    @Override
    void describe(ObjectNode settings) {
        settings.put("points", grid.size());
    }

    @Override
    List<Proposal> propose(List<Trial> done, int slots, int epochs) {
        int from = done.size();
        int to = Math.min(Math.min(grid.size(), options().maxTrials()), from + slots);
        return grid.subList(Math.min(from, to), to).stream().map(hp -> Proposal.fresh(hp, epochs)).toList();
    }
}
