package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A loop over the leading axis of its sequences, in the spirit of JAX's {@code lax.scan}. With carried values
 * {@code c}, sequences {@code x} of length T, values {@code k} read at every step and a body {@code f}:
 *
 * <pre>
 * c_0 = init
 * (c_{t+1}, y_t) = f(c_t, x[t], k)        for t = 0, 1, ..., T - 1   (T - 1, ..., 0 when reverse)
 * outputs: c_T and y = stack(y_0, ..., y_{T-1})
 * </pre>
 *
 * The body is a {@link Subgraph} of parameters {@code (c, x_t, k)} and results {@code (c', y_t)}, built once and
 * compiled once; the node's inputs are {@code (init, x, k)}, its outputs {@code (c_T, y)}. A body may contain
 * loops of its own.
 *
 * <p><b>VJP: a reverse scan.</b> Given the cotangents {@code cBar_T} and {@code yBar}, a second loop runs the
 * other way, t = T - 1, ..., 0, carrying the cotangent of the carry and the sum of the cotangents of
 * {@code k} (so the gradients of weights read at every step accumulate as carried values):
 * <pre>
 * (cBar_t, xBar[t], kBar_t) = vjp of f at (c_t, x[t], k) with cotangents (cBar_{t+1}, yBar[t])
 * kBar = sum_t kBar_t;  outputs cBar_0 (for init), xBar (for x), kBar (for k)
 * </pre>
 * The reverse body is the body's VJP, itself a graph of ordinary ops, so a gradient through a scan is a scan and
 * can be differentiated again (Hessians, nested loops). The values {@code c_t} the reverse pass needs come from
 * the forward loop extended to also output them stacked; the compiler merges that loop with this one, so the
 * forward runs once.
 *
 * <p><b>Memory policy</b> ({@link Residuals}). By default only the carried values {@code c_t} are kept, T of
 * each, and the reverse body recomputes the rest of step t from them. With {@link Residuals#STORE} the forward
 * loop also keeps, for every step, each value of the body that the backward computation reads (e.g. an LSTM's
 * gates), and the reverse body does only the backward arithmetic: less time, more memory. Sums, differences,
 * products and negations of kept values (an activation's derivative, {@code 1 - tanh²}) are not kept but
 * recomputed where the reverse body reads them. With STORE, the part of a {@code kBar_t} that is a sum of
 * products {@code a_tᵀ b_t} of per-step matrices (a weight's {@code h_tᵀ zBar_t}) is not carried either: the
 * reverse loop stacks the factors and one contraction after it sums them over all steps
 * ({@link StepProducts}), the same value summed in another order than step by step.
 *
 * <p><b>Rows in blocks.</b> When the body computes row by row along the batch axis ({@link RowwiseBody}: an
 * LSTM's cell, and, with STORE, its reverse body too), the loop runs as independent loops over blocks of rows,
 * one per kernel thread, with no synchronization between steps. Every row gets the bits the whole loop gives it,
 * so results do not depend on the number of threads.
 *
 * @param body parameters {@code (c, x_t, k)}, results {@code (c', y_t)}
 * @param carries the number of carried values
 * @param sequences the number of sequences {@code x}
 * @param length T, the number of steps
 * @param reverse true to run t = T - 1, ..., 0
 * @param residuals what the backward pass keeps from the forward
 */
public record Scan(Subgraph body, int carries, int sequences, int length, boolean reverse, Residuals residuals)
        implements ControlFlowOp {

    /** What the VJP keeps from the forward loop for the backward one. */
    public enum Residuals {
        /** Only the carried values of each step; the reverse body recomputes the rest (the default). */
        RECOMPUTE,
        /**
         * Every value of the body that the backward computation reads, for each step (except cheap arithmetic
         * on such values, recomputed); the weights' gradients are summed after the reverse loop.
         */
        STORE
    }

    /**
     * A loop body written in Java: the new carry and the step's outputs from the carry and one slice of each
     * sequence.
     */
    @FunctionalInterface
    public interface Body {
        /** {@code (c', y_t) = f(c, x_t)}; nodes of the graph around may be read directly. */
        Step apply(List<Node> carry, List<Node> x);
    }

    /**
     * What a body returns.
     *
     * @param carry the new carried values, of the initial values' types
     * @param y the step's outputs, stacked by the loop
     */
    public record Step(List<Node> carry, List<Node> y) {
        /** Validates and copies the lists. */
        public Step {
            carry = Bodies.checked(carry, "scan", "the body's carry");
            y = Bodies.checked(y, "scan", "the body's output");
        }
    }

    /**
     * What a scan returns.
     *
     * @param carry the final carried values {@code c_T}
     * @param ys the stacked outputs, each {@code [T, ...]}
     */
    public record Result(List<Node> carry, List<Node> ys) {
    }

    /**
     * How a scan runs.
     *
     * @param reverse true to run t = T - 1, ..., 0 (the outputs stay at their index t)
     * @param length the number of steps, or -1 to take the sequences' length
     * @param residuals what the backward pass keeps from the forward
     */
    public record Options(boolean reverse, int length, Residuals residuals) {
        /** Validates the options. */
        public Options {
            Objects.requireNonNull(residuals, "residuals is null");
            if (length < -1) {
                throw new IllegalArgumentException("scan: length must be >= 0 (or -1 for the sequences' length), got "
                        + length);
            }
        }

        /** Forward, the sequences' length, recomputing in the backward pass. */
        public static Options defaults() {
            return new Options(false, -1, Residuals.RECOMPUTE);
        }

        /** These options running t = T - 1, ..., 0. */
        public Options reversed() {
            return new Options(!reverse, length, residuals);
        }

        /** These options with {@code steps} steps. */
        public Options withLength(int steps) {
            return new Options(reverse, steps, residuals);
        }

        /** These options with another memory policy. */
        public Options with(Residuals policy) {
            return new Options(reverse, length, policy);
        }
    }

    /** Validates the parameters. */
    public Scan {
        Objects.requireNonNull(body, "body is null");
        Objects.requireNonNull(residuals, "residuals is null");
        if (carries < 0 || sequences < 0 || carries + sequences > body.parameters().size()
                || carries > body.results().size() || length < 0) {
            throw new IllegalArgumentException("scan: needs carries and sequences among the body's "
                    + body.parameters().size() + " parameters, at most its " + body.results().size()
                    + " results as carries, and a length >= 0, got " + carries + " carries, " + sequences
                    + " sequences, length " + length);
        }
    }

    static Result build(List<Node> init, List<Node> xs, Body f, Options options) {
        List<Node> initial = Bodies.checked(init, "scan", "initial carry");
        List<Node> sequences = Bodies.checked(xs, "scan", "sequence");
        Objects.requireNonNull(f, "scan: body is null");
        Objects.requireNonNull(options, "scan: options is null");
        int length = options.length();
        List<Node> slices = new ArrayList<>(sequences.size());
        for (int j = 0; j < sequences.size(); j++) {
            Node x = sequences.get(j);
            if (x.rank() == 0 || x.shape().dim(0) == Shape.BATCH) {
                throw new IllegalArgumentException("scan: a sequence must have a concrete leading axis to loop over,"
                        + " got sequence " + j + " : " + x.type());
            }
            if (length >= 0 && x.shape().dim(0) != length) {
                throw new IllegalArgumentException("scan: every sequence must have length " + length + ", got sequence "
                        + j + " : " + x.type());
            }
            length = x.shape().dim(0);
            slices.add(SourceOp.input("x" + j, x.shape().drop(0), x.dtype()));
        }
        Bodies.remember(slices, "the slice of sequence", "a scan body");
        if (length < 0) {
            throw new IllegalArgumentException("scan: without sequences the number of steps must be given, got none;"
                    + " use Options.withLength");
        }
        List<Node> carry = Bodies.userPlaceholders("carry", initial, "the carry", "a scan body");
        Step step = Objects.requireNonNull(Nesting.call(() -> f.apply(carry, slices), true),
                "scan: the body returned null");
        if (step.carry().size() != initial.size()) {
            throw new IllegalArgumentException("scan: the body must return " + initial.size() + " carried values,"
                    + " got " + step.carry().size());
        }
        for (int i = 0; i < initial.size(); i++) {
            Bodies.sameType("scan", "the body's carry " + i, initial.get(i), step.carry().get(i));
        }
        Subgraph.Closure closed = Subgraph.close(Bodies.concat(carry, slices), Bodies.concat(step.carry(), step.y()));
        Node node = Node.apply(new Scan(closed.body(), initial.size(), sequences.size(), length, options.reverse(),
                options.residuals()), Bodies.concat(initial, sequences, closed.captured()));
        List<Node> parts = MultiOutputOp.parts(node);
        return new Result(parts.subList(0, initial.size()), parts.subList(initial.size(), parts.size()));
    }

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public List<Subgraph> bodies() {
        return List.of(body);
    }

    /** The number of values read at every step, {@code k}. */
    public int constants() {
        return body.parameters().size() - carries - sequences;
    }

    @Override
    public List<Shape> shapes(List<Node> inputs) {
        List<Node> params = body.parameters();
        List<Node> results = body.results();
        Bodies.arity(name(), inputs, params.size());
        for (int i = 0; i < params.size(); i++) {
            Node p = params.get(i);
            Node x = inputs.get(i);
            if (i < carries) {
                Bodies.sameType(name(), "initial carry " + i, p, x);
                Bodies.sameType(name(), "the body's carry " + i, p, results.get(i));
            } else if (i < carries + sequences) {
                if (!x.shape().equals(stacked(p.shape())) || x.dtype() != p.dtype()) {
                    throw new IllegalArgumentException(name() + ": sequence " + (i - carries) + " must have type "
                            + p.dtype().shortName() + stacked(p.shape()) + ", got " + x.type());
                }
            } else {
                Bodies.sameType(name(), "value " + (i - carries - sequences) + " read at every step", p, x);
            }
        }
        List<Shape> shapes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            shapes.add(i < carries ? results.get(i).shape() : stacked(results.get(i).shape()));
        }
        return shapes;
    }

    private Shape stacked(Shape slice) {
        int[] dims = new int[slice.rank() + 1];
        dims[0] = length;
        System.arraycopy(slice.dims(), 0, dims, 1, slice.rank());
        return Shape.of(dims);
    }

    @Override
    public List<DType> dtypes(List<Node> inputs) {
        return Bodies.dtypesOf(body.results());
    }

    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs, int batch) {
        return new ScanLoop(this).run(inputs, batch);
    }

    /**
     * The final carries and stacked outputs the body computes from the inputs marked, other than through a
     * {@code stopGradient}. The carries that depend are followed step by step over the loop's T steps
     * ({@link #forward}): a final carry depends if it does after step T - 1, a stacked output if the body computes
     * it from what depends at some step. So a carry that reaches another only after more steps than the loop
     * takes does not count; without steps, the final carries are the initial ones and the stacked outputs, empty,
     * depend on nothing.
     */
    @Override
    public boolean[] dependence(Node tuple, boolean[] inputs, Subgraph.Answers answers) {
        Steps forward = forward(inputs, answers);
        boolean[] outputs = new boolean[body.results().size()];
        System.arraycopy(forward.last(), 0, outputs, 0, carries);
        if (length > 0) {
            boolean[] ys = Subgraph.dependence(body.results(), Bodies.marked(body.parameters(),
                    fed(forward.union(), inputs)), answers);
            System.arraycopy(ys, carries, outputs, carries, outputs.length - carries);
        }
        return outputs;
    }

    /**
     * The inputs marked that a cotangent of the outputs marked reaches, asking the ops of the body so reached if
     * {@code ask}. The cotangents run the loop backwards: the carries that receive one are followed step by step,
     * from the final carries marked back to the initial ones ({@link #steps}), each step's carry cotangents and
     * those of the stacked outputs marked pulled back through the body into the carries of the step before. The
     * body is asked once, for the results that receive a cotangent at some step, in the parameters that depend on
     * the inputs marked at some step ({@link #forward}): a body that reads a value which depends at one step only
     * and receives a cotangent there at another only is refused although no step needs that derivative (PyTorch,
     * which runs the steps, would not refuse it); a loop of no steps reaches its initial carries only.
     */
    @Override
    public boolean[] reach(Node tuple, boolean[] inputs, boolean[] outputs, boolean ask, Subgraph.Answers answers) {
        boolean[] fed = fed(forward(inputs, answers).union(), inputs);
        List<Node> from = Bodies.marked(body.parameters(), fed);
        Steps backward = steps(Arrays.copyOf(outputs, carries), cotangents -> Arrays.copyOf(
                Bodies.unmarked(fed, Subgraph.reach(body.results(), results(cotangents, outputs), from, false,
                        answers)), carries));
        boolean[] reached = new boolean[inputs.length];
        if (length > 0) {
            reached = Bodies.unmarked(fed, Subgraph.reach(body.results(), results(backward.union(), outputs), from,
                    ask, answers));
        }
        for (int j = 0; j < carries; j++) {
            reached[j] = inputs[j] && backward.last()[j];
        }
        return reached;
    }

    /**
     * The carries that depend on the inputs marked other than through a {@code stopGradient}, step by step: before
     * the first step the initial carries marked, after each the carries the body computes from those and from the
     * sequences and values read at every step marked.
     */
    private Steps forward(boolean[] inputs, Subgraph.Answers answers) {
        return steps(Arrays.copyOf(inputs, carries), depending -> Arrays.copyOf(
                Subgraph.dependence(body.results(), Bodies.marked(body.parameters(), fed(depending, inputs)), answers),
                carries));
    }

    /** The parameters fed: carry j if {@code carry[j]}, a sequence or a value read at every step if its input is. */
    private boolean[] fed(boolean[] carry, boolean[] inputs) {
        boolean[] fed = inputs.clone();
        System.arraycopy(carry, 0, fed, 0, carries);
        return fed;
    }

    /** The results receiving a cotangent: the new carries marked in {@code carry}, the stacked outputs marked. */
    private boolean[] results(boolean[] carry, boolean[] outputs) {
        boolean[] results = outputs.clone();
        System.arraycopy(carry, 0, results, 0, carries);
        return results;
    }

    /**
     * The states of the carries over the loop's steps.
     *
     * @param union the carries marked in some state before a step, {@code s_0, ..., s_(T-1)}
     * @param last the state after the last step, {@code s_T}
     */
    private record Steps(boolean[] union, boolean[] last) {
    }

    /**
     * The states {@code s_0 = initial}, {@code s_(t+1) = step(s_t)} over the loop's T steps. A state seen before
     * repeats the cycle it began, so the walk stops there: at most as many steps as there are distinct states (for
     * carries passed around a cycle, its length), whatever T.
     */
    private Steps steps(boolean[] initial, UnaryOperator<boolean[]> step) {
        List<boolean[]> states = new ArrayList<>(List.of(initial));
        Map<String, Integer> seen = new HashMap<>(Map.of(Bodies.bits(initial), 0));
        boolean[] union = new boolean[initial.length];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < union.length; j++) {
                union[j] |= states.get(t)[j];
            }
            boolean[] next = step.apply(states.get(t));
            Integer first = seen.putIfAbsent(Bodies.bits(next), t + 1);
            if (first != null) {
                return new Steps(union, states.get(first + (length - first) % (t + 1 - first)));
            }
            states.add(next);
        }
        return new Steps(union, states.get(length));
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        List<Node> in = y.inputs();
        List<Node> bars = yBar.inputs();
        List<Node> params = body.parameters();
        List<Node> results = body.results();
        int k = carries;
        int m = sequences;
        int c = constants();
        List<Node> carryParams = params.subList(0, k);
        List<Node> xParams = params.subList(k, k + m);
        List<Node> constParams = params.subList(k + m, k + m + c);
        List<Node> carryBar = Bodies.placeholders("carryBar", carryParams);
        List<Node> constBar = Bodies.placeholders("constBar", constParams);
        // a carry that no cotangent reaches at any step gets zeros: cBar_{t+1}, and yBar[t] where y has one
        boolean[] carried = carriedCotangents(bars);
        List<Node> cotangents = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            cotangents.add(carried[j] ? carryBar.get(j) : SourceOp.zerosLike(carryBar.get(j)));
        }
        List<Node> yBarParams = new ArrayList<>();
        List<Node> yBarInputs = new ArrayList<>();
        for (int j = k; j < results.size(); j++) {
            if (SourceOp.isZero(bars.get(j))) {
                cotangents.add(SourceOp.zerosLike(results.get(j)));
            } else {
                Node bar = SourceOp.input("yBar" + (j - k), results.get(j).shape(), results.get(j).dtype());
                yBarParams.add(bar);
                yBarInputs.add(bars.get(j));
                cotangents.add(bar);
            }
        }
        List<Node> grads = new ArrayList<>(Subgraph.vjp(results, cotangents, params));
        // STORE: the part of kBar_t made of products a_tᵀ b_t (a weight's h_tᵀ zBar_t) is not carried; the reverse
        // loop stacks the factors and one contraction after it sums them over the steps
        List<StepProducts.Split> splits = new ArrayList<>(c);
        List<Node> factors = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            Node g = grads.get(k + m + i);
            StepProducts.Split split = residuals == Residuals.STORE && !SourceOp.isZero(g) ? StepProducts.split(g)
                    : null;
            splits.add(split == null || split.products().isEmpty() ? null : split);
            if (splits.get(i) != null) {
                grads.set(k + m + i, split.rest());
                for (StepProducts.Product p : split.products()) {
                    factors.add(p.a());
                    factors.add(p.b());
                }
            }
        }
        int gradCount = grads.size();
        grads.addAll(factors);
        // what the backward body reads from the forward, saved by the forward loop (placeholders in the reverse body)
        List<Node> saved = residuals == Residuals.RECOMPUTE ? carryParams
                : frontier(grads, Bodies.concat(carryBar, yBarParams), carryParams, xParams);
        Map<Node, Node> savedAs = new IdentityHashMap<>();
        List<Node> savedParams = new ArrayList<>();
        for (Node s : saved) {
            Node p = SourceOp.isInput(s) ? s : SourceOp.input("saved" + savedParams.size(), s.shape(), s.dtype());
            if (p != s) {
                savedAs.put(s, p);
            }
            savedParams.add(p);
        }
        grads = Subgraph.substitute(grads, savedAs);
        factors = grads.subList(gradCount, grads.size());
        grads = grads.subList(0, gradCount);
        Node forward = Node.apply(new Scan(Subgraph.of(params, Bodies.concat(results, saved)), k, m, length, reverse,
                residuals), in);
        List<Node> stackedSaved = MultiOutputOp.parts(forward).subList(results.size(), results.size() + saved.size());
        // the reverse loop: carries (cBar, the sums of kBar), sequences (those of the saved values, x and yBar its
        // body reads), constants k
        List<Node> reverseResults = new ArrayList<>(grads.subList(0, k));
        for (int i = 0; i < c; i++) {
            Node g = grads.get(k + m + i);
            reverseResults.add(SourceOp.isZero(g) ? constBar.get(i) : constBar.get(i).add(g));
        }
        reverseResults.addAll(grads.subList(k, k + m));
        // a factor the loops stack already (a saved value, a sequence) is read from there, any other is stacked
        List<Node> stackedFactors = new ArrayList<>(factors.size());
        // and a factor that is a sequence's cotangent (a weight's zBar_t, for z_t = x_t W outside the loop and
        // z_t + h U inside) is the reverse loop's stacked xBar output, read from there
        List<Integer> stackedHere = new ArrayList<>();
        List<Integer> fromBars = new ArrayList<>();
        List<Integer> barIndex = new ArrayList<>();
        for (Node f : factors) {
            int s = indexOf(savedParams, f);
            int x = indexOf(xParams, f);
            int xBar = indexOf(grads.subList(k, k + m), f);
            stackedFactors.add(s >= 0 ? stackedSaved.get(s) : x >= 0 ? in.get(k + x) : null);
            if (s < 0 && x < 0 && xBar >= 0) {
                fromBars.add(stackedFactors.size() - 1);
                barIndex.add(xBar);
            } else if (s < 0 && x < 0) {
                stackedHere.add(stackedFactors.size() - 1);
                reverseResults.add(f);
            }
        }
        List<Node> reverseInputs = new ArrayList<>(bars.subList(0, k));
        for (Node constant : in.subList(k + m, k + m + c)) {
            reverseInputs.add(SourceOp.zerosLike(constant));
        }
        reverseInputs.addAll(stackedSaved);
        reverseInputs.addAll(in.subList(k, k + m));
        reverseInputs.addAll(yBarInputs);
        reverseInputs.addAll(in.subList(k + m, k + m + c));
        // a sequence the reverse body does not read is left out rather than sliced at every step: a saved value
        // only a factor reads (a weight's h_t, summed after the loop), a slice x_t no cotangent needs
        List<Node> sequenceParams = Bodies.concat(savedParams, xParams, yBarParams);
        List<Node> sequenceInputs = reverseInputs.subList(k + c, k + c + sequenceParams.size());
        Topology reverseGraph = Topology.of(reverseResults);
        List<Node> readParams = new ArrayList<>();
        List<Node> readInputs = new ArrayList<>();
        for (int j = 0; j < sequenceParams.size(); j++) {
            if (reverseGraph.indexOf(sequenceParams.get(j)) >= 0) {
                readParams.add(sequenceParams.get(j));
                readInputs.add(sequenceInputs.get(j));
            }
        }
        Subgraph reverseBody = Subgraph.of(Bodies.concat(carryBar, constBar, readParams, constParams),
                reverseResults);
        Node backward = Node.apply(new Scan(reverseBody, k + c, readParams.size(), length, !reverse, residuals),
                Bodies.concat(reverseInputs.subList(0, k + c), readInputs,
                        reverseInputs.subList(k + c + sequenceParams.size(), reverseInputs.size())));
        // the reverse loop's outputs, in order: the carries' cotangents (k), the constants' sums (c), the
        // sequences' stacked cotangents xBar (m), then the factors it stacks (stackedHere)
        List<Node> r = MultiOutputOp.parts(backward);
        for (int j = 0; j < stackedHere.size(); j++) {
            stackedFactors.set(stackedHere.get(j), r.get(k + c + m + j));
        }
        for (int j = 0; j < fromBars.size(); j++) {
            stackedFactors.set(fromBars.get(j), r.get(k + c + barIndex.get(j)));
        }
        List<Node> constantBars = new ArrayList<>(r.subList(k, k + c));
        for (int i = 0, f = 0; i < c; i++) {
            StepProducts.Split split = splits.get(i);
            for (int p = 0; split != null && p < split.products().size(); p++, f += 2) {
                Node sum = StepProducts.summed(stackedFactors.get(f), stackedFactors.get(f + 1));
                constantBars.set(i, p == 0 && SourceOp.isZero(split.rest()) ? sum : constantBars.get(i).add(sum));
            }
        }
        return Bodies.concat(r.subList(0, k), r.subList(k + c, k + c + m), constantBars);
    }

    /**
     * Which carries receive a cotangent that is not a known zero at some step of the reverse loop, given the
     * outputs' cotangents {@code bars}: the final carries whose cotangent is not a known zero, and, step by step
     * backwards ({@link #steps}), the carries the body's VJP passes those and the stacked outputs' cotangents to.
     * Every carry as soon as all final carries have one. The others get zeros in the reverse body, which then
     * builds nothing for them.
     */
    private boolean[] carriedCotangents(List<Node> bars) {
        boolean[] outputs = new boolean[bars.size()];
        boolean all = true;
        for (int j = 0; j < outputs.length; j++) {
            outputs[j] = !SourceOp.isZero(bars.get(j));
            all &= j >= carries || outputs[j];
        }
        if (all) {
            boolean[] every = new boolean[carries];
            Arrays.fill(every, true);
            return every;
        }
        Subgraph.Answers answers = new Subgraph.Answers();
        return steps(Arrays.copyOf(outputs, carries), carried -> Arrays.copyOf(Subgraph.reach(body.results(),
                results(carried, outputs), body.parameters(), false, answers), carries)).union();
    }

    /** The position of {@code node} in {@code nodes} by identity, or -1. */
    private static int indexOf(List<Node> nodes, Node node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == node) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The values of one step that the backward computation {@code grads} reads and that change from step to step:
     * the nodes not depending on the cotangents but on the carry or the slices, read by a node depending on the
     * cotangents (or returned), except the slices themselves (the reverse loop reads the sequences).
     */
    private static List<Node> frontier(List<Node> grads, List<Node> cotangents, List<Node> carry, List<Node> x) {
        Topology graph = Topology.of(grads);
        boolean[] backward = Subgraph.dependingOn(graph, cotangents);
        boolean[] perStep = Subgraph.dependingOn(graph, Bodies.concat(carry, x));
        boolean[] read = new boolean[graph.size()];
        for (Node g : grads) {
            read[graph.indexOf(g)] = true;
        }
        for (int i = 0; i < graph.size(); i++) {
            for (int j = 0; j < graph.inputCount(i) && backward[i]; j++) {
                read[graph.input(i, j)] = true;
            }
        }
        Set<Node> slices = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        slices.addAll(x);
        // a sum, difference, product or negation of values saved anyway (an activation's derivative such as
        // 1 - tanh², s(1 - s)) is recomputed by the reverse body, fused there with the arithmetic reading it,
        // rather than computed, stacked and read back
        boolean[] recomputed = new boolean[graph.size()];
        for (int i = 0; i < graph.size(); i++) {
            Op op = graph.node(i).op();
            boolean cheap = op instanceof BinaryOp.Add || op instanceof BinaryOp.Sub || op instanceof BinaryOp.Mul
                    || op instanceof UnaryOp.Neg;
            boolean operandsAvailable = cheap && !backward[i] && perStep[i] && !slices.contains(graph.node(i));
            for (int j = 0; j < graph.inputCount(i) && operandsAvailable; j++) {
                int in = graph.input(i, j);
                operandsAvailable = !perStep[in] || read[in] || recomputed[in] || slices.contains(graph.node(in));
            }
            recomputed[i] = operandsAvailable;
        }
        List<Node> saved = new ArrayList<>();
        for (int i = 0; i < graph.size(); i++) {
            if (read[i] && !backward[i] && perStep[i] && !slices.contains(graph.node(i)) && !recomputed[i]) {
                saved.add(graph.node(i));
            }
        }
        return saved;
    }
}
