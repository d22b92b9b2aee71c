package dev.adjoint.core.graph;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a node came from: the line of user code that built it (only while recording is switched on), a
 * label such as {@code layer 'dense_1'} (idem), and, for nodes that autodiff built, the forward node whose
 * vector-Jacobian product they belong to. Anomaly detection ({@code Function.withAnomalyDetection()}) uses
 * it to say where a NaN was born.
 *
 * <pre>{@code
 * Node loss;
 * try (Provenance.Scope sites = Provenance.recordSites()) {
 *     loss = x.matmul(w).log().sum();             // each node remembers this line
 * }
 * Provenance.siteOf(loss);                          // Optional[MyModel.build(MyModel.java:42)]
 * }</pre>
 *
 * <p><b>Cost.</b> Off by default and free when off: building a node reads one shared counter of open
 * scopes, and only when some thread has one open does it consult a thread-local. While recording, each new
 * node walks the stack once ({@link StackWalker}) to find the first frame outside Adjoint's own packages
 * ({@code dev.adjoint.core}, {@code dev.adjoint.optim}, {@code dev.adjoint.nn}) and the JDK. The gradient
 * marker costs one field write per node of a reverse pass, recording or not.
 *
 * <p><b>Scopes</b> are per thread, nest, and must be closed on the thread that opened them, in reverse
 * order (use try-with-resources). A node never changes after it is built: its provenance is fixed at
 * construction.
 */
public final class Provenance {

    /** Open scopes on all threads; zero means no node needs a provenance. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private static final ThreadLocal<State> STATE = new ThreadLocal<>();

    private static final StackWalker WALKER = StackWalker.getInstance();

    private static final String[] LIBRARY = {"dev.adjoint.core.", "dev.adjoint.optim.", "dev.adjoint.nn.",
        "java.", "javax.", "jdk.", "sun.", "com.sun."};

    private Provenance() {
    }

    /** What a node remembers; null fields were not recorded. */
    record Origin(StackTraceElement site, String label, Node gradientOf) {
    }

    /** Not API: the {@link Annotator} through which nodes get their origin, installed by a service file. */
    public static final class Notes implements Annotator {
        /** The instance the service loader creates. */
        public Notes() {
        }

        @Override
        public Object note() {
            return current();
        }

        /** {@code built at Model.build(Model.java:42) in layer 'dense_1'}, from what was recorded, or null. */
        @Override
        public String describe(Object note) {
            if (!(note instanceof Origin origin) || origin.site() == null && origin.label() == null) {
                return null;
            }
            String site = origin.site() == null ? "built" : "built at " + origin.site();
            return origin.label() == null ? site : site + " in " + origin.label();
        }
    }

    /** The provenance of a node being built now on this thread, or null when there is nothing to record. */
    static Origin current() {
        if (OPEN.get() == 0) {
            return null;
        }
        State state = STATE.get();
        if (state == null) {
            return null;
        }
        if (state.recording == 0) {
            // only a reverse pass marks nodes: those of one pullback share one origin, built once per pullback
            // rather than once per node (a 100k-node gradient built 150k of them)
            Node forward = state.gradientOf;
            if (forward != null && (state.gradientOrigin == null || state.gradientOrigin.gradientOf() != forward)) {
                state.gradientOrigin = new Origin(null, null, forward);
            }
            return forward == null ? null : state.gradientOrigin;
        }
        StackTraceElement site = callerSite();
        if (site == null && state.label == null && state.gradientOf == null) {
            return null;
        }
        return new Origin(site, state.label, state.gradientOf);
    }

    private static StackTraceElement callerSite() {
        return WALKER.walk(frames -> frames.filter(f -> !isLibrary(f.getClassName())).findFirst())
                .map(StackWalker.StackFrame::toStackTraceElement).orElse(null);
    }

    private static boolean isLibrary(String className) {
        for (String prefix : LIBRARY) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static State state() {
        State state = STATE.get();
        if (state == null) {
            state = new State();
            STATE.set(state);
        }
        return state;
    }

    // ---------------------------------------------------------------- switches

    /**
     * Records, for every node built on this thread until the scope is closed, the first stack frame outside
     * Adjoint and the JDK: the line of user code that asked for the node.
     */
    public static Scope recordSites() {
        State state = state();
        state.recording++;
        return new Scope(() -> state.recording--);
    }

    /** True while this thread records creation sites. */
    public static boolean isRecording() {
        State state = STATE.get();
        return state != null && state.recording > 0;
    }

    /**
     * Labels the nodes built on this thread until the scope is closed, e.g. {@code layer 'dense_1'}, while
     * sites are being recorded ({@link #recordSites()}); otherwise it does nothing. An inner label replaces
     * an outer one until it is closed.
     *
     * @throws NullPointerException if the label is null
     */
    public static Scope label(String label) {
        Objects.requireNonNull(label, "label is null");
        State state = state();
        if (state.recording == 0) {
            return new Scope(() -> { });
        }
        String previous = state.label;
        state.label = label;
        return new Scope(() -> state.label = previous);
    }

    /**
     * Marks the nodes a reverse pass builds on this thread as gradient nodes: call
     * {@link ReversePass#pullingBack(Node)} before building the pullback of each forward node. Autodiff's
     * installed pullbacks use it; code that writes its own reverse pass may use it too.
     */
    public static ReversePass reversePass() {
        State state = state();
        Node previous = state.gradientOf;
        return new ReversePass(state, previous);
    }

    /**
     * This thread's scopes in force now (recording, label, the pullback being built), for work continued on
     * another thread on this one's behalf ({@link Nesting}).
     */
    static Carried carried() {
        State state = OPEN.get() == 0 ? null : STATE.get();
        return state == null ? new Carried(0, null, null) : new Carried(state.recording, state.label, state.gradientOf);
    }

    /** Scopes taken from one thread to put in force on another: see {@link #carried()}. */
    record Carried(int recording, String label, Node gradientOf) {
        /**
         * Puts these scopes in force on this thread until the returned scope is closed; null when there are none
         * (so that no scope is counted open: nodes are built as when nothing is recorded).
         */
        Scope resume() {
            if (recording == 0 && label == null && gradientOf == null) {
                return null;
            }
            State state = state();
            int recordingBefore = state.recording;
            String labelBefore = state.label;
            Node gradientOfBefore = state.gradientOf;
            state.recording = recording;
            state.label = label;
            state.gradientOf = gradientOf;
            return new Scope(() -> {
                state.recording = recordingBefore;
                state.label = labelBefore;
                state.gradientOf = gradientOfBefore;
            });
        }
    }

    // ---------------------------------------------------------------- queries

    private static Origin origin(Node node) {
        return node.note() instanceof Origin origin ? origin : null;
    }

    /** The line of user code that built {@code node}, if it was built while recording. */
    public static Optional<StackTraceElement> siteOf(Node node) {
        Objects.requireNonNull(node, "node is null");
        return Optional.ofNullable(origin(node) == null ? null : origin(node).site());
    }

    /** The label of the scope {@code node} was built in, if it was built while recording inside one. */
    public static Optional<String> labelOf(Node node) {
        Objects.requireNonNull(node, "node is null");
        return Optional.ofNullable(origin(node) == null ? null : origin(node).label());
    }

    /**
     * The forward node whose vector-Jacobian product {@code node} belongs to, if autodiff built it: a node of
     * the backward pass. Empty for the nodes of the forward pass.
     */
    public static Optional<Node> gradientOf(Node node) {
        Objects.requireNonNull(node, "node is null");
        return Optional.ofNullable(origin(node) == null ? null : origin(node).gradientOf());
    }

    /** True when autodiff built {@code node} (it belongs to a backward pass). */
    public static boolean isGradient(Node node) {
        return gradientOf(node).isPresent();
    }

    // ---------------------------------------------------------------- scopes

    private static final class State {
        int recording;
        String label;
        Node gradientOf;
        /** The origin of the nodes of {@code gradientOf}'s pullback when nothing else is recorded. */
        Origin gradientOrigin;
    }

    /**
     * An open switch; closing it restores what was in force before. Close it on the thread that opened it;
     * closing twice does nothing.
     */
    public static class Scope implements AutoCloseable {
        private final Runnable restore;
        private boolean open = true;

        private Scope(Runnable restore) {
            this.restore = restore;
            OPEN.incrementAndGet();
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                restore.run();
                OPEN.decrementAndGet();
            }
        }
    }

    /** A reverse pass in progress on this thread; see {@link #reversePass()}. */
    public static final class ReversePass extends Scope {
        private final State state;

        private ReversePass(State state, Node previous) {
            super(() -> state.gradientOf = previous);
            this.state = state;
        }

        /**
         * Attributes the nodes built from now on (until the next call or the end of the pass) to the
         * pullback of {@code forward}.
         *
         * @throws NullPointerException if {@code forward} is null
         */
        public void pullingBack(Node forward) {
            state.gradientOf = Objects.requireNonNull(forward, "forward is null");
        }
    }
}
