package dev.adjoint.nn.callback;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkpointed state of a callback that watches a figure for improvement ({@link EarlyStopping},
 * {@link ReduceLROnPlateau}): {@code best}, present once a value was seen, and {@code wait}, the epochs
 * without improvement, plus any counters of the callback's own.
 */
final class Plateau {

    private Plateau() {
    }

    /** The state as named numbers. */
    static Map<String, Double> state(boolean hasBest, double best, int wait, Map<String, Double> more) {
        Map<String, Double> state = new TreeMap<>(more);
        if (hasBest) {
            state.put("best", best);
        }
        state.put("wait", (double) wait);
        return state;
    }

    /**
     * Checks a saved state: {@code wait} and each of {@code counters} present as non-negative integers,
     * {@code best} optional, nothing else.
     *
     * @throws IllegalArgumentException {@code "<owner>: ..."} naming the entry
     */
    static void check(String owner, Map<String, Double> state, String... counters) {
        Set<String> known = new HashSet<>(List.of(counters));
        known.add("wait");
        for (String counter : known) {
            Double value = state.get(counter);
            if (value == null || !(value >= 0) || value != Math.rint(value) || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(owner + ": saved state '" + counter + "' must be a count >= 0,"
                        + " got " + value);
            }
        }
        known.add("best");
        for (String key : state.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(owner + ": saved state must hold only " + known + ", got '"
                        + key + "'");
            }
        }
    }
}
