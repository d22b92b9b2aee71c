package dev.adjoint.nn.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar 2018; Keras Tuner's {@code Hyperband}):
 * successive halving run in brackets that trade the number of configurations against the epochs each gets.
 * With the largest budget {@code R} epochs and the factor {@code η}, {@code s_max = floor(log_η R)}; bracket
 * {@code s = s_max, ..., 0} starts {@code n = ceil((s_max + 1) η^s / (s + 1))} random configurations for
 * {@code R η^-s} epochs, and each following rung keeps the best {@code 1/η} of the previous one (by the
 * objective) and trains them on to {@code η} times as many epochs, until {@code R}.
 *
 * <p>A configuration that goes on does not start over: its trial continues from the previous rung's
 * checkpoint (the model, optimizer state and step of its last epoch, with the fit's seed), which the
 * project's checkpoints resume bit for bit, so a trial trained 3 then 9 epochs ends with exactly the weights
 * of one trained 9 epochs at once. Each continuation is a trial of its own that names its parent. The fit
 * options' epoch count is not used, nor {@link TunerOptions#maxTrials}: the brackets fix both. The whole
 * schedule runs {@code iterations} times.
 */
public final class Hyperband extends Tuner {

    private final int maxEpochs;
    private final int factor;
    private final int iterations;
    private final List<List<int[]>> brackets;

    /**
     * Hyperband with budget {@code maxEpochs}, factor 3 and one iteration; see {@link Tuner}.
     */
    public Hyperband(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options,
            int maxEpochs) {
        this(space, builder, objective, options, maxEpochs, 3, 1);
    }

    /**
     * Hyperband with budget {@code maxEpochs >= 1}, factor {@code factor >= 2} and {@code iterations >= 1}.
     */
    public Hyperband(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options,
            int maxEpochs, int factor, int iterations) {
        super(space, builder, objective, options);
        if (maxEpochs < 1 || factor < 2 || iterations < 1) {
            throw new IllegalArgumentException("tuner: Hyperband needs maxEpochs >= 1, factor >= 2 and iterations"
                    + " >= 1, got " + maxEpochs + ", " + factor + " and " + iterations);
        }
        this.maxEpochs = maxEpochs;
        this.factor = factor;
        this.iterations = iterations;
        this.brackets = schedule(maxEpochs, factor);
    }

    /**
     * The brackets, largest {@code s} first, each a list of rungs {@code {configurations, epochs}}.
     */
    static List<List<int[]>> schedule(int maxEpochs, int factor) {
        int sMax = 0;
        while (Math.pow(factor, sMax + 1) <= maxEpochs) {
            sMax++;
        }
        List<List<int[]>> out = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            int n = (int) Math.ceil((sMax + 1) * Math.pow(factor, s) / (s + 1));
            List<int[]> rungs = new ArrayList<>();
            for (int i = 0; i <= s; i++) {
                int configurations = Math.max(1, (int) Math.floor(n / Math.pow(factor, i)));
                int epochs = i == s ? maxEpochs : Math.max(1, (int) Math.ceil(maxEpochs / Math.pow(factor, s - i)));
                rungs.add(new int[] {configurations, epochs});
            }
            out.add(rungs);
        }
        return out;
    }

    /** The number of trials the schedule runs. */
    public int plannedTrials() {
        return iterations * brackets.stream().mapToInt(b -> b.stream().mapToInt(r -> r[0]).sum()).sum();
    }

    @Override
    String kind() {
        return "hyperband";
    }

    @Override
    void describe(ObjectNode settings) {
        settings.put("max_epochs", maxEpochs).put("factor", factor).put("iterations", iterations);
    }

    @Override
    boolean keepsCheckpoints() {
        return true;
    }

    @Override
    List<Proposal> propose(List<Trial> done, int slots, int epochs) {
        int cursor = 0;
        int bracketIndex = 0;
        for (int it = 0; it < iterations; it++) {
            for (List<int[]> rungs : brackets) {
                List<Trial> previous = null;
                for (int i = 0; i < rungs.size(); i++) {
                    int[] rung = rungs.get(i);
                    List<Proposal> wanted = new ArrayList<>();
                    if (i == 0) {
                        for (int j = 0; j < rung[0]; j++) {
                            wanted.add(null); // drawn below, once the trials before it are known
                        }
                    } else {
                        int[] before = rungs.get(i - 1);
                        for (Trial t : best(previous, rung[0])) {
                            wanted.add(new Proposal(t.hyperparameters(), before[1], rung[1], t.id()));
                        }
                    }
                    int have = Math.min(wanted.size(), done.size() - cursor);
                    if (have < wanted.size()) {
                        return firstOf(wanted, have, slots, done, bracketIndex, rung[1]);
                    }
                    previous = done.subList(cursor, cursor + have);
                    cursor += have;
                }
                bracketIndex++;
            }
        }
        return List.of();
    }

    /** The proposals of a rung from its {@code have}-th on, at most {@code slots}; new configurations drawn. */
    private List<Proposal> firstOf(List<Proposal> wanted, int have, int slots, List<Trial> done, int bracket,
            int rungEpochs) {
        List<Proposal> next = new ArrayList<>();
        List<Trial> seen = new ArrayList<>(done);
        for (int j = have; j < wanted.size() && next.size() < slots; j++) {
            Proposal p = wanted.get(j);
            if (p == null) {
                var hp = sampleNew(key(bracket).fold(j), seen);
                if (hp == null) {
                    break;
                }
                p = Proposal.fresh(hp, rungEpochs);
            }
            next.add(p);
            seen.add(Trial.running(done.size() + next.size() - 1, p));
        }
        return next;
    }

    /** The {@code k} best completed trials of a rung, best first (fewer when fewer completed). */
    private List<Trial> best(List<Trial> rung, int k) {
        return rung.stream().filter(Trial::completed).sorted(objective().bestFirst()).limit(k).toList();
    }
}
