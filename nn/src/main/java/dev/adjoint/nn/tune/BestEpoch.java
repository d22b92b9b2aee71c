package dev.adjoint.nn.tune;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.TrainingContext;
import java.util.Map;

/** Remembers the epoch with the best objective value, its figures and the model's state after it. */
final class BestEpoch implements Callback {

    private final Objective objective;
    int epoch = -1;
    double value = Double.NaN;
    Map<String, Double> logs = Map.of();
    ModelState state;

    BestEpoch(Objective objective) {
        this.objective = objective;
    }

    @Override
    public void onEpochEnd(int e, Map<String, Double> epochLogs, TrainingContext context) {
        Double v = epochLogs.get(objective.metric());
        if (v != null && Double.isFinite(v) && (epoch < 0 || objective.isBetter(v, value))) {
            epoch = e;
            value = v;
            logs = Map.copyOf(epochLogs);
            state = context.state();
        }
    }
}
