package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * A closed graph with declared parameters, {@code (p_0, ..., p_{n-1}) -> (r_0, ..., r_{m-1})}: the body of a loop
 * or a branch of a conditional ({@link ControlFlowOp}). Every input placeholder the results depend on is one of
 * the parameters, so a subgraph means the same wherever it is used; it is compiled once, when first called, and
 * each call binds its parameters to tensors.
 *
 * <p>A body written in Java may refer to nodes of the graph around it (a weight matrix, a mask): {@link #close}
 * turns such <em>captured</em> nodes into parameters, so that the op running the body receives them as inputs
 * like any other value. What the body's function builds is the body, run at every step; a value built before
 * it (say {@code wT = w.transpose()}) is captured as it is, computed once, outside the loop. A subgraph is an op's
 * parameter, not part of the graph around it: traversals of the outer graph see the op's node, and those that look
 * inside (printing, differentiation) walk the body as a graph of its own, with its own work list.
 *
 * <p>Two subgraphs are equal when they have the same parameter nodes and the same result nodes (identity of
 * nodes, never a walk of the graph), so loops built twice over the same body merge.
 */
public final class Subgraph {

    /** How subgraphs are evaluated: installed by the evaluation layer ({@code dev.adjoint.core.eval}). */
    public interface Evaluator {
        /** A callable form of {@code body}, prepared once. */
        Executable prepare(Subgraph body);
    }

    /** A prepared subgraph: the results for one tensor per parameter. */
    @FunctionalInterface
    public interface Executable {
        /** The results for {@code args}, one per parameter. */
        List<Tensor> call(List<Tensor> args);

        /**
         * The caller is done with {@code results}, returned by the last two calls, and keeps no other reference
         * to them or to tensors sharing their storage: their arrays may be recycled. By default nothing happens.
         */
        default void reclaim(List<Tensor> results) {
        }

        /** See {@link Subgraph#sameOnOtherThreads()}; by default true. */
        default boolean sameOnOtherThreads() {
            return true;
        }

        /**
         * This executable as a call on this thread would run it now, fixed so that it runs the same on any
         * thread: where this thread's calls are checked for anomalies, one that calls the checked form wherever it
         * runs (and so checks what it nests, there too). By default itself.
         */
        default Executable asOnThisThread() {
            return this;
        }
    }

    /** How subgraphs are differentiated: installed by {@code dev.adjoint.core.autodiff}. */
    public interface Differentiator {
        /**
         * {@code sum_k (dy_k/dw)^T yBar_k} for each w, zeros where a y does not depend on w. No op is asked for its
         * derivative ({@link Op#requireDerivative}): the op running the graph asks, through {@link #reach}, for
         * the parameters whose outer inputs need one.
         */
        List<Node> vjp(List<Node> outputs, List<Node> cotangents, List<Node> wrt);

        /**
         * Which of {@code outputs} depend on a node of {@code wrt} other than through a {@code stopGradient}, one
         * flag per output; a loop or branch inside answers for each of its outputs ({@link ControlFlowOp#dependence}).
         */
        boolean[] dependence(List<Node> outputs, List<Node> wrt, Answers answers);

        /**
         * Which nodes of {@code wrt} a cotangent of the outputs marked in {@code cotangents} reaches, one flag per
         * node of wrt: from node to input, through the nodes that depend on wrt other than through a
         * {@code stopGradient}, wherever the op's VJP gives the input a cotangent that is not a known zero (a
         * {@code stopGradient}'s, a {@code floor}'s give none); a loop or branch inside answers for its body
         * ({@link ControlFlowOp#reach}). If {@code ask}, each op so reached is asked for its derivative
         * ({@link Op#requireDerivative}) in each input that depends on wrt other than through a stop, as the VJP
         * asks outside a body.
         */
        boolean[] reach(List<Node> outputs, boolean[] cotangents, List<Node> wrt, boolean ask, Answers answers);
    }

    /**
     * The questions about derivatives answered while one gradient graph is built ({@link #dependence},
     * {@link #reach}), each with its answer: a body nested in bodies, asked the same question again from each step
     * of a loop around it or from each output read, is walked once per question, not once per asking.
     */
    public static final class Answers {
        private final Map<List<Object>, boolean[]> known = new HashMap<>();

        /** No question answered yet. */
        public Answers() {
        }

        /** The answer to {@code question}, computed by {@code answer} the first time it is asked. */
        private boolean[] of(List<Object> question, Supplier<boolean[]> answer) {
            boolean[] given = known.get(question);
            if (given == null) {
                given = answer.get(); // may ask other questions: not computeIfAbsent, which forbids that
                known.put(question, given);
            }
            return given.clone();
        }
    }

    private static final Evaluator EVALUATOR = ServiceLoader.load(Evaluator.class, Subgraph.class.getClassLoader())
            .findFirst().orElse(null);
    private static final Differentiator DIFFERENTIATOR = ServiceLoader.load(Differentiator.class,
            Subgraph.class.getClassLoader()).findFirst().orElse(null);

    private final List<Node> parameters;
    private final List<Node> results;
    private volatile Executable executable;

    private Subgraph(List<Node> parameters, List<Node> results) {
        this.parameters = parameters;
        this.results = results;
    }

    /**
     * The subgraph computing {@code results} from {@code parameters}, which must be distinct input nodes; results
     * may be parameters themselves, and parameters may go unused.
     *
     * @throws IllegalArgumentException if a parameter is not an input node or appears twice, a result has several
     *     outputs, or the results depend on an input that is not a parameter
     */
    public static Subgraph of(List<Node> parameters, List<Node> results) {
        Objects.requireNonNull(parameters, "parameters is null");
        Objects.requireNonNull(results, "results is null");
        Map<Node, Boolean> declared = new IdentityHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Node p = Objects.requireNonNull(parameters.get(i), "subgraph: parameter " + i + " is null");
            if (!SourceOp.isInput(p)) {
                throw new IllegalArgumentException("subgraph: parameters must be input nodes, got " + p + " at "
                        + i);
            }
            if (declared.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("subgraph: parameter '" + SourceOp.inputName(p)
                        + "' is declared twice");
            }
        }
        for (int i = 0; i < results.size(); i++) {
            Node r = Objects.requireNonNull(results.get(i), "subgraph: result " + i + " is null");
            if (r.op() instanceof MultiOutputOp) {
                throw new IllegalArgumentException("subgraph: result " + i + " has several outputs " + r.type()
                        + "; return its parts");
            }
        }
        for (Node node : Topology.of(results).order()) {
            if (SourceOp.isInput(node) && !declared.containsKey(node)) {
                throw new IllegalArgumentException("subgraph: the results need input '" + SourceOp.inputName(node)
                        + "' : " + node.type() + ", which is not a parameter; close over it with Subgraph.close");
            }
        }
        return new Subgraph(List.copyOf(parameters), List.copyOf(results));
    }

    /**
     * A body and the outer nodes it captured.
     *
     * @param body the closed subgraph: the given parameters, then one per captured node
     * @param captured the nodes of the graph around the body that it reads, in the order of its extra parameters
     */
    public record Closure(Subgraph body, List<Node> captured) {
    }

    /**
     * Closes results built from {@code parameters} and from nodes of the graph around them, as a body written in
     * Java reads them. The nodes built after the parameters (while the body's function ran) are the body; a node
     * built before them that the body reads is captured as a value: an input becomes a parameter itself, any other
     * computed node is replaced by a new parameter of its type (and so is computed once, outside), while constants
     * and fills stay inside. Only the body is walked, never the graph around it: node ids grow as nodes are built,
     * so the body's nodes sorted by id are in topological order, and the walk stops at the older nodes.
     */
    public static Closure close(List<Node> parameters, List<Node> results) {
        Objects.requireNonNull(parameters, "parameters is null");
        Objects.requireNonNull(results, "results is null");
        long first = Long.MAX_VALUE;
        for (Node p : parameters) {
            first = Math.min(first, p.id());
        }
        Map<Node, Node> inside = new IdentityHashMap<>();
        ArrayDeque<Node> work = new ArrayDeque<>();
        for (Node r : results) {
            if (r.id() >= first && inside.put(r, r) == null) {
                work.push(r);
            }
        }
        while (!work.isEmpty()) {
            for (Node in : work.pop().inputs()) {
                if (in.id() >= first && inside.put(in, in) == null) {
                    work.push(in);
                }
            }
        }
        List<Node> body = new ArrayList<>(inside.keySet());
        body.sort(Comparator.comparingLong(Node::id));
        List<Node> captured = new ArrayList<>();
        List<Node> all = new ArrayList<>(parameters);
        Map<Node, Node> replaced = new IdentityHashMap<>();
        for (Node node : body) {
            Node[] mapped = node.inputs().toArray(new Node[0]);
            boolean changed = false;
            for (int j = 0; j < mapped.length; j++) {
                Node m = inside.containsKey(mapped[j]) ? inside.get(mapped[j]) : capture(mapped[j], captured, all,
                        replaced);
                changed |= m != mapped[j];
                mapped[j] = m;
            }
            inside.put(node, changed ? Node.apply(node.op(), Arrays.asList(mapped)) : node);
        }
        List<Node> closed = new ArrayList<>(results.size());
        for (Node r : results) {
            closed.add(inside.containsKey(r) ? inside.get(r) : capture(r, captured, all, replaced));
        }
        return new Closure(of(all, closed), List.copyOf(captured));
    }

    /** What a body reads for {@code outer}, a node built before it: itself, or the parameter it is captured as. */
    private static Node capture(Node outer, List<Node> captured, List<Node> parameters, Map<Node, Node> replaced) {
        if (outer.op() instanceof SourceOp.Constant || outer.op() instanceof SourceOp.Fill) {
            return outer;
        }
        Node known = replaced.get(outer);
        if (known == null) {
            known = SourceOp.isInput(outer) ? outer
                    : SourceOp.input("captured" + captured.size(), outer.shape(), outer.dtype());
            captured.add(outer);
            parameters.add(known);
            replaced.put(outer, known);
        }
        return known;
    }

    /** The parameters, in order. */
    public List<Node> parameters() {
        return parameters;
    }

    /** The results, in order. */
    public List<Node> results() {
        return results;
    }

    /**
     * The results for one tensor per parameter, by the installed evaluator (which compiles this subgraph on
     * the first call and keeps the compiled form). A call nested in calls of other bodies thousands of levels deep
     * does not exhaust the thread's stack: deeper levels continue on fresh threads ({@link Nesting}).
     *
     * @throws IllegalStateException if no evaluator is installed
     */
    public List<Tensor> call(List<Tensor> args) {
        // fixed on this thread (checked or not), so that the call gives the same on another one
        Executable e = executable().asOnThisThread();
        // a body in a body in ...: deep nesting continues on fresh threads when a call there evaluates the same
        return Nesting.call(() -> e.call(args), e.sameOnOtherThreads());
    }

    /**
     * Whether calls made from other threads now, on this thread's behalf, evaluate as a call here does: they do,
     * unless this thread's evaluation is checked for anomalies, which other threads do not inherit.
     *
     * @throws IllegalStateException if no evaluator is installed
     */
    public boolean sameOnOtherThreads() {
        return executable().sameOnOtherThreads();
    }

    private Executable executable() {
        Executable e = executable;
        if (e == null) {
            if (EVALUATOR == null) {
                throw new IllegalStateException("subgraph: no evaluator is installed; dev.adjoint.core.eval provides"
                        + " one through META-INF/services");
            }
            synchronized (this) {
                e = executable;
                if (e == null) {
                    e = EVALUATOR.prepare(this);
                    executable = e;
                }
            }
        }
        return e;
    }

    /** {@link Executable#reclaim} of the compiled form: the caller is done with these results of its last two calls. */
    public void reclaim(List<Tensor> results) {
        Executable e = executable;
        if (e != null) {
            e.reclaim(results);
        }
    }

    /**
     * The vector-Jacobian product of a graph by the installed differentiator (reverse-mode autodiff): what a
     * control-flow op's VJP uses on its body. It is taken in every parameter without asking any op for its
     * derivative ({@link Op#requireDerivative}): the control-flow op asks, for the parameters whose outer inputs
     * are differentiated, through {@link #reach}. The VJP of a body nested in bodies thousands of
     * levels deep does not exhaust the thread's stack: deeper levels continue on fresh threads ({@link Nesting}).
     *
     * @throws IllegalStateException if no differentiator is installed
     */
    public static List<Node> vjp(List<Node> outputs, List<Node> cotangents, List<Node> wrt) {
        Differentiator differentiator = differentiator();
        return Nesting.call(() -> differentiator.vjp(outputs, cotangents, wrt), true);
    }

    /**
     * Which of {@code outputs} depend on {@code from} other than through a {@code stopGradient}
     * ({@link Differentiator#dependence}); bodies nested thousands of levels deep continue on fresh threads
     * ({@link Nesting}).
     */
    static boolean[] dependence(List<Node> outputs, List<Node> from, Answers answers) {
        List<Node> wrt = List.copyOf(from);
        return answers.of(List.of("dependence", outputs, wrt), () -> Nesting.call(() -> differentiator().dependence(
                outputs, wrt, answers), true));
    }

    /**
     * Which nodes of {@code from} a cotangent of the outputs marked in {@code cotangents} reaches, and if
     * {@code ask}, asks each op reached for its derivative where the VJP in {@code from} needs one
     * ({@link Differentiator#reach}): how a control-flow op answers for its body, {@code from} holding the
     * parameters its differentiated inputs feed. Bodies nested thousands of levels deep continue on fresh threads
     * ({@link Nesting}).
     *
     * @throws UnsupportedOperationException if asked, from the first op that has no derivative where one is needed
     */
    static boolean[] reach(List<Node> outputs, boolean[] cotangents, List<Node> from, boolean ask, Answers answers) {
        List<Node> wrt = List.copyOf(from);
        List<Object> question = List.of((ask ? "ask " : "reach ") + Bodies.bits(cotangents), outputs, wrt);
        return answers.of(question, () -> Nesting.call(() -> differentiator().reach(outputs, cotangents.clone(), wrt,
                ask, answers), true));
    }

    private static Differentiator differentiator() {
        if (DIFFERENTIATOR == null) {
            throw new IllegalStateException("subgraph: no differentiator is installed; dev.adjoint.core.autodiff"
                    + " provides one through META-INF/services");
        }
        return DIFFERENTIATOR;
    }

    /**
     * {@code nodes} with every node of {@code replaced}'s keys replaced by its value, the nodes depending on them
     * rebuilt (in one walk, in topological order) and all others kept.
     */
    static List<Node> substitute(List<Node> nodes, Map<Node, Node> replaced) {
        if (replaced.isEmpty()) {
            return List.copyOf(nodes);
        }
        Topology graph = Topology.of(nodes);
        Node[] done = new Node[graph.size()];
        for (int i = 0; i < done.length; i++) {
            Node node = graph.node(i);
            Node r = replaced.get(node);
            if (r != null) {
                done[i] = r;
                continue;
            }
            List<Node> in = node.inputs();
            Node[] mapped = null;
            for (int j = 0; j < in.size(); j++) {
                Node m = done[graph.input(i, j)];
                if (m != in.get(j) && mapped == null) {
                    mapped = in.toArray(new Node[0]);
                }
                if (mapped != null) {
                    mapped[j] = m;
                }
            }
            done[i] = mapped == null ? node : Node.apply(node.op(), Arrays.asList(mapped));
        }
        List<Node> result = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            result.add(done[graph.indexOf(n)]);
        }
        return result;
    }

    /** Marks, by position, the nodes of {@code graph} that are among {@code roots} or have an input that is. */
    static boolean[] dependingOn(Topology graph, List<Node> roots) {
        boolean[] marked = new boolean[graph.size()];
        for (Node root : roots) {
            int p = graph.indexOf(root);
            if (p >= 0) {
                marked[p] = true;
            }
        }
        for (int i = 0; i < marked.length; i++) {
            for (int j = 0; j < graph.inputCount(i) && !marked[i]; j++) {
                marked[i] = marked[graph.input(i, j)];
            }
        }
        return marked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subgraph other && parameters.equals(other.parameters) && results.equals(other.results);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Node n : parameters) {
            h = 31 * h + Long.hashCode(n.id());
        }
        for (Node n : results) {
            h = 31 * h + Long.hashCode(n.id());
        }
        return h;
    }

    /** {@code subgraph(3 parameters -> 2 results)}. */
    @Override
    public String toString() {
        return "subgraph(" + parameters.size() + " parameters -> " + results.size() + " results)";
    }
}
