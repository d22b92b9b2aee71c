package dev.adjoint.nn.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.TrainingInterruptedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A hyperparameter search in the spirit of Keras Tuner: a {@link ModelBuilder} receives each trial's
 * {@link HyperParameters}, the model is trained with {@code fit}, and the trial's score is the
 * {@link Objective}'s best value over its epochs. The tuners differ only in what they try next:
 * {@link RandomSearch}, {@link GridSearch}, {@link BayesianOptimization}, {@link Hyperband}.
 *
 * <pre>{@code
 * Tuner tuner = new RandomSearch(space, hp -> build(hp), Objective.maximize("val_accuracy"),
 *         TunerOptions.in(Path.of("tuning")).maxTrials(12).seed(7));
 * tuner.search(x, y, FitOptions.defaults().epochs(20).validationSplit(0.2).verbosity(Verbosity.SILENT));
 * System.out.println(tuner.summary());
 * Model best = tuner.bestModels(1).get(0);
 * }</pre>
 *
 * <p><b>Persisted and resumable.</b> Every trial is written to the options' directory as it starts and as it
 * ends ({@link TrialStore}; atomic writes, models before the file that says they exist). Running the same
 * search again resumes it: the tuner proposes the same trials (its choices depend only on its seed and the
 * results so far), reuses every finished one, and trains again the ones a crash interrupted, so an
 * interrupted search ends exactly as an uninterrupted one. A directory holding another search (another
 * tuner, objective, seed or space) is an error unless {@link TunerOptions#overwrite}.
 *
 * <p><b>Parallel and reproducible.</b> Up to {@link TunerOptions#parallelTrials} trials of a round train at
 * once, each on its own model; results are gathered in trial order, and each trial's training is
 * bit-reproducible from its seed, so the outcome does not depend on timing. Callbacks in the fit options would
 * be shared by concurrent trials; pass a factory with {@link #search(Tensor, Tensor, FitOptions, Supplier)}.
 * A trial whose model cannot be built or whose training throws (diverges) is recorded as failed; three
 * failures in a row stop the search.
 */
public abstract sealed class Tuner permits RandomSearch, GridSearch, BayesianOptimization, Hyperband {

    private static final int MAX_CONSECUTIVE_FAILURES = 3;

    private final SearchSpace space;
    private final ModelBuilder builder;
    private final Objective objective;
    private final TunerOptions options;
    private final TrialStore store;
    private final List<Trial> trials = new ArrayList<>();

    Tuner(SearchSpace space, ModelBuilder builder, Objective objective, TunerOptions options) {
        this.space = Objects.requireNonNull(space, "Tuner: space is null");
        this.builder = Objects.requireNonNull(builder, "Tuner: builder is null");
        this.objective = Objects.requireNonNull(objective, "Tuner: objective is null");
        this.options = Objects.requireNonNull(options, "Tuner: options is null");
        this.store = new TrialStore(options.directory());
    }

    /** The tuner's name in {@code tuner.json}, e.g. {@code random_search}. */
    abstract String kind();

    /** Adds the tuner's own settings to its description in {@code tuner.json}. */
    void describe(ObjectNode settings) {
    }

    /**
     * The trials to run next, at most {@code slots}, given every trial so far in id order; empty when the
     * search is done.
     *
     * @param epochs the fit options' epoch count
     */
    abstract List<Proposal> propose(List<Trial> done, int slots, int epochs);

    /** Whether trials keep their last epoch as a checkpoint, for later continuation. */
    boolean keepsCheckpoints() {
        return false;
    }

    /** The search space. */
    public SearchSpace space() {
        return space;
    }

    /** The objective. */
    public Objective objective() {
        return objective;
    }

    /** The options. */
    public TunerOptions options() {
        return options;
    }

    /** Runs (or resumes) the search; see {@link #search(Tensor, Tensor, FitOptions, Supplier)}. */
    public List<Trial> search(Tensor x, Tensor y, FitOptions fit) {
        return search(x, y, fit, List::of);
    }

    /**
     * Runs (or resumes) the search: trials train on {@code (x, y)} with {@code fit} (its epoch count is each
     * trial's, except for {@link Hyperband}, which plans its own), each with the callbacks {@code callbacks}
     * gives it.
     *
     * @return every trial, in id order
     * @throws IllegalArgumentException before any trial when the objective names no metric of the model, the
     *     builder returns an uncompiled model, the directory holds another search, or the fit options hold
     *     callbacks that parallel trials would share
     * @throws IllegalStateException when three trials in a row failed
     */
    public synchronized List<Trial> search(Tensor x, Tensor y, FitOptions fit, Supplier<List<Callback>> callbacks) {
        Objects.requireNonNull(x, "Tuner.search: x is null");
        Objects.requireNonNull(y, "Tuner.search: y is null");
        Objects.requireNonNull(fit, "Tuner.search: fit is null");
        Objects.requireNonNull(callbacks, "Tuner.search: callbacks is null");
        if (options.parallelTrials() > 1 && !fit.callbacks().isEmpty()) {
            throw new IllegalArgumentException("tuner: the fit options' callbacks would be shared by "
                    + options.parallelTrials() + " parallel trials, got " + fit.callbacks().size() + "; pass a"
                    + " factory with search(x, y, fit, callbacks) or use parallelTrials(1)");
        }
        checkObjective(fit);
        store.open(description(), options.overwrite());
        Map<Integer, Trial> saved = store.trials(space);
        trials.clear();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelTrials(), r -> {
            Thread t = new Thread(r, "adjoint-tuner-trial");
            t.setDaemon(true);
            return t;
        });
        try {
            while (true) {
                List<Proposal> next = propose(List.copyOf(trials), options.parallelTrials(), fit.epochs());
                if (next.isEmpty()) {
                    break;
                }
                List<Trial> done = round(next, saved, pool, x, y, fit, callbacks);
                trials.addAll(done);
                done.forEach(this::log);
                checkFailures();
            }
        } finally {
            stop(pool);
        }
        return List.copyOf(trials);
    }

    /**
     * Interrupts the trials still running (after another one failed or the search was interrupted) and waits
     * until their threads end, so that no trial writes into the directory once {@code search} has returned or
     * thrown: an interrupted trial stops at a batch boundary or in a save, whose temporary file is removed, and
     * stays recorded as running, to train again when the search resumes.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Trial> round(List<Proposal> next, Map<Integer, Trial> saved, ExecutorService pool, Tensor x,
            Tensor y, FitOptions fit, Supplier<List<Callback>> callbacks) {
        List<Future<Trial>> futures = new ArrayList<>();
        for (int j = 0; j < next.size(); j++) {
            int id = trials.size() + j;
            Proposal p = next.get(j);
            Trial old = saved.get(id);
            if (old != null && old.status() != Trial.Status.RUNNING) {
                if (!old.runs(p)) {
                    throw new IllegalStateException("tuner: trial " + id + " in " + options.directory() + " ran "
                            + old.hyperparameters() + " for epochs " + old.initialEpoch() + ".." + old.epochs()
                            + " but this search proposes " + p.hyperparameters() + " for epochs " + p.initialEpoch()
                            + ".." + p.epochs() + "; the directory holds another search");
                }
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(old));
            } else {
                futures.add(pool.submit(() -> run(id, p, x, y, fit, callbacks)));
            }
        }
        List<Trial> done = new ArrayList<>();
        try {
            for (Future<Trial> f : futures) {
                done.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("tuner: the search was interrupted; the trials it left running train"
                    + " again when it resumes");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("tuner: a trial failed: " + e.getCause(), e.getCause());
        }
        return done;
    }

    /** Trains one trial and records it; a trial that cannot build or train is recorded as failed. */
    private Trial run(int id, Proposal p, Tensor x, Tensor y, FitOptions fit, Supplier<List<Callback>> callbacks) {
        store.save(Trial.running(id, p));
        Model model;
        BestEpoch best = new BestEpoch(objective);
        try {
            model = p.parent() < 0 ? build(p.hyperparameters()) : resume(p);
            List<Callback> all = new ArrayList<>(fit.callbacks());
            all.addAll(callbacks.get());
            all.add(best);
            model.fit(x, y, fit.epochs(p.epochs()).initialEpoch(p.initialEpoch())
                    .callbacks(all.toArray(Callback[]::new)));
        } catch (TrainingInterruptedException | CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            Trial failed = new Trial(id, p.hyperparameters(), Trial.Status.FAILED, p.initialEpoch(), p.epochs(),
                    p.parent(), Double.NaN, -1, Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
            store.save(failed);
            return failed;
        }
        if (best.epoch < 0) {
            Trial failed = new Trial(id, p.hyperparameters(), Trial.Status.FAILED, p.initialEpoch(), p.epochs(),
                    p.parent(), Double.NaN, -1, Map.of(), "no epoch had a finite " + objective.metric());
            store.save(failed);
            return failed;
        }
        try {
            if (keepsCheckpoints()) {
                ModelFiles.save(model, store.checkpoint(id), new FitProgress(p.epochs(), fit.seed()));
            }
            model.setState(best.state);
            ModelFiles.save(model, store.model(id));
        } catch (IOException e) {
            throw new UncheckedIOException("tuner: cannot save the model of trial " + id, e);
        }
        // Fit reports absolute epoch numbers, resumed or not
        Trial completed = new Trial(id, p.hyperparameters(), Trial.Status.COMPLETED, p.initialEpoch(), p.epochs(),
                p.parent(), best.value, best.epoch, best.logs, null);
        store.save(completed);
        return completed;
    }

    private Model build(HyperParameters hp) {
        Model model = Objects.requireNonNull(builder.build(hp), "tuner: the model builder returned null");
        if (!model.isCompiled()) {
            throw new IllegalArgumentException("tuner: the model builder must return a compiled model, got "
                    + model);
        }
        return model;
    }

    /** The model of {@code p.parent()} at its last epoch, to train on from there. */
    private Model resume(Proposal p) {
        Model model = build(p.hyperparameters());
        try {
            ModelFiles.loadInto(store.checkpoint(p.parent()), model);
        } catch (IOException e) {
            throw new UncheckedIOException("tuner: cannot read the checkpoint of trial " + p.parent(), e);
        }
        return model;
    }

    private void checkObjective(FitOptions fit) {
        Model model = build(space.defaults());
        Set<String> names = new LinkedHashSet<>(model.compilation().reportedNames());
        boolean validation = fit.validationX() != null || fit.validationSplit() > 0;
        if (validation) {
            model.compilation().reportedNames().forEach(n -> names.add("val_" + n));
        }
        if (!names.contains(objective.metric())) {
            throw new IllegalArgumentException("tuner: objective '" + objective.metric() + "' names no metric of the"
                    + " model, expected one of " + names + (!validation && objective.metric().startsWith("val_")
                    ? "; val_ metrics need validationSplit or validationData in the fit options" : ""));
        }
    }

    private void checkFailures() {
        int n = trials.size();
        if (n >= MAX_CONSECUTIVE_FAILURES && trials.subList(n - MAX_CONSECUTIVE_FAILURES, n).stream()
                .allMatch(t -> t.status() == Trial.Status.FAILED)) {
            Trial last = trials.get(n - 1);
            throw new IllegalStateException("tuner: " + MAX_CONSECUTIVE_FAILURES + " trials in a row failed, the"
                    + " last (trial " + last.id() + ", " + last.hyperparameters() + ") with " + last.error()
                    + "; fix the model builder or the search space");
        }
    }

    private ObjectNode description() {
        ObjectNode d = new ObjectMapper().createObjectNode();
        d.put("tuner", kind()).put("objective", objective.metric())
                .put("direction", objective.direction().name()).put("seed", options.seed());
        ArrayNode hps = d.putArray("space");
        space.parameters().forEach(p -> hps.add(p.toString()));
        describe(d.putObject("settings"));
        return d;
    }

    private void log(Trial t) {
        if (options.log() == null) {
            return;
        }
        Trial best = trials.subList(0, t.id() + 1).stream().filter(Trial::completed).min(objective.bestFirst())
                .orElse(t);
        options.log().printf(Locale.ROOT, "trial %d: %s%s -> %s%n", t.id(), t.hyperparameters(),
                t.parent() >= 0 ? " from trial " + t.parent() + " epoch " + t.initialEpoch() : "",
                t.completed() ? String.format(Locale.ROOT, "%s %.4f (epoch %d of %d); best %.4f (trial %d)",
                        objective.metric(), t.score(), t.bestEpoch() + 1, t.epochs(), best.score(), best.id())
                        : t.status() + ": " + t.error());
    }

    // ---------------------------------------------------------------- results

    /** Every trial of the last search, in id order. */
    public synchronized List<Trial> trials() {
        return List.copyOf(trials);
    }

    /**
     * The {@code n} best completed trials, best first; trials with equal scores by id, the earliest first, as
     * Keras Tuner's stable sort ranks them, whatever the order in which parallel trials finished (so the best
     * trial is the earliest of those with the best score). Scores tie only when equal as numbers: a
     * metric of a float32 model is a mean of float32 batch means, so two trials with the same count of correct
     * examples, split differently over the batches, may score a few units in the last place of float32 apart
     * (as in Keras), and the higher then ranks first.
     */
    public synchronized List<Trial> bestTrials(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("tuner: n must be >= 0, got " + n);
        }
        return trials.stream().filter(Trial::completed).sorted(objective.bestFirst()).limit(n).toList();
    }

    /** The hyperparameters of the {@code n} best trials, best first. */
    public List<HyperParameters> bestHyperparameters(int n) {
        return bestTrials(n).stream().map(Trial::hyperparameters).toList();
    }

    /**
     * The models of the {@code n} best trials, best first, each with the weights of its best epoch: built by
     * the model builder and loaded from the trial's file.
     */
    public List<Model> bestModels(int n) {
        List<Model> models = new ArrayList<>();
        for (Trial t : bestTrials(n)) {
            Model model = build(t.hyperparameters());
            try {
                ModelFiles.loadInto(store.model(t.id()), model);
            } catch (IOException e) {
                throw new UncheckedIOException("tuner: cannot read the model of trial " + t.id(), e);
            }
            models.add(model);
        }
        return models;
    }

    /** A table of the trials, best first: rank, trial, score, best epoch, hyperparameters; failures last. */
    public synchronized String summary() {
        return TunerSummary.of(this, bestTrials(trials.size()), trials);
    }

    /** A key for trial {@code id}'s random choices: the same for the same seed. */
    Key key(long id) {
        return Key.of(options.seed()).fold(id);
    }

    /**
     * Values drawn from {@code key} that no trial in {@code done} has (up to 100 draws), or null when every draw
     * repeats one: the space is exhausted.
     */
    HyperParameters sampleNew(Key key, List<Trial> done) {
        for (int attempt = 0; attempt < 100; attempt++) {
            HyperParameters hp = space.sample(key.fold(attempt));
            if (done.stream().noneMatch(t -> t.hyperparameters().sameValues(hp))) {
                return hp;
            }
        }
        return null;
    }
}
