package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Bodies nested far deeper than a thread's stack holds levels of Java calls (each level of nesting builds,
 * evaluates and differentiates the next through a few frames; about a thousand levels exhausted a default
 * 1 MB stack): checkpoints of checkpoints, a cond in a branch of a cond, a scan in a scan's body and a while
 * loop in a while loop's body build, evaluate and differentiate on a thread of the default stack size, with
 * the values of the same function written without nesting. Every 32nd level continues on a fresh thread.
 */
class DeepNestingTest {

    private final Node x = SourceOp.input("x", Shape.of(3));
    private final Tensor xv = Tensor.vector(0.1, 0.2, -0.3);

    @Test
    void checkpointsNestedTwoThousandDeepEvaluateAndDifferentiateAsTheFunctionTheyWrap() {
        onDefaultStack(() -> assertSameAsUnnested(nestedCheckpoints(x, 2_000)));
    }

    @Test
    void condsNestedInBranchesFifteenHundredDeepEvaluateAndDifferentiateAsTheChosenBranches() {
        onDefaultStack(() -> assertSameAsUnnested(nestedConds(x, 1_500)));
    }

    /**
     * Scans nested as deep as the others take seconds per thousand levels (no one nests loops that deep), so
     * this one runs on a quarter of the default stack, where 300 levels exhausted it as 1,200 did the default.
     */
    @Test
    void scansNestedInScanBodiesThreeHundredDeepEvaluateAndDifferentiateOnAQuarterOfTheDefaultStack() {
        onStack(256 << 10, () -> assertSameAsUnnested(nestedScans(x, 300)));
    }

    @Test
    void whileLoopsNestedInBodiesTwelveHundredDeepEvaluate() {
        onDefaultStack(() -> {
            Node y = nestedWhileLoops(x, 1_200);
            // each loop runs its body once: sum(c) < 0 holds for these x, not for the innermost's sin(1.5 x) + 1
            Tensor negative = Tensor.vector(-0.1, -0.2, -0.3);
            Tensor got = Function.of(List.of(x), List.of(y)).call(negative).get(0);
            Tensor expected = Function.of(List.of(x), List.of(innermost(x))).call(negative).get(0);
            assertTrue(expected.sameValues(got), "got " + got + ", expected " + expected);
        });
    }

    /**
     * Under anomaly detection each body evaluates checked, and until now on its own thread, so about a thousand
     * nested checkpoints overflowed a default stack: the level that moves now takes the checked form along.
     */
    @Test
    void checkpointsNestedTwoThousandDeepEvaluateUnderAnomalyDetection() {
        onDefaultStack(() -> {
            Node y = nestedCheckpoints(x, 2_000);
            Tensor got = Function.of(List.of(x), List.of(y)).withAnomalyDetection().call(xv).get(0);
            Tensor expected = Function.of(List.of(x), List.of(innermost(x))).call(xv).get(0);
            assertTrue(expected.sameValues(got), "got " + got + ", expected " + expected);
        });
    }

    /** A NaN made 100 levels deep, on another thread than the call's, is still caught by the checked call. */
    @Test
    void aNanMadePastOneThreadsLevelsIsReportedByTheCheckedCall() {
        Node y = nestedCheckpoints(x, 100, a -> a.sub(1.0).log()); // log of a negative number: NaN
        Function checked = Function.of(List.of(x), List.of(y)).withAnomalyDetection();
        AnomalyException e = assertThrows(AnomalyException.class, () -> checked.call(xv));
        assertTrue(e.getMessage().contains("log"), e.getMessage());
        // the unchecked call computes the NaN without a word
        Tensor plain = Function.of(List.of(x), List.of(y)).call(xv).get(0);
        assertTrue(Double.isNaN(plain.toDoubleArray()[0]), "the unchecked value " + plain);
    }

    /**
     * A function nested deeper than one thread holds runs on another thread, with the caller's provenance
     * scopes in force there: the innermost function's nodes carry the label of the scope the outermost opened
     * (their sites name the first frame outside Adjoint, which this test, in Adjoint's package, cannot show).
     */
    @Test
    void aFunctionNestedPastOneThreadsLevelsIsLabelledAsTheOuterOnesAre() {
        Node[] innermostNode = new Node[1];
        Thread[] innermostThread = new Thread[1];
        try (Provenance.Scope sites = Provenance.recordSites(); Provenance.Scope label = Provenance.label("deep")) {
            nestedCheckpoints(x, 100, a -> {
                innermostThread[0] = Thread.currentThread();
                innermostNode[0] = a.sin();
                return innermostNode[0];
            });
        }
        assertTrue(innermostThread[0] != Thread.currentThread(), "the 100th level runs on another thread");
        assertEquals("deep", Provenance.labelOf(innermostNode[0]).orElse(null));
    }

    /** f(x) = sin(1.5 x) + 1, what the innermost body computes. */
    private static Node innermost(Node a) {
        return a.mul(1.5).sin().add(1.0);
    }

    /** The value and gradient of sum(y) against those of the innermost function applied to x directly. */
    private void assertSameAsUnnested(Node y) {
        Node plain = innermost(x);
        List<Tensor> got = Function.of(List.of(x), List.of(y, Autodiff.grad(y.sum(), x))).call(xv);
        List<Tensor> expected = Function.of(List.of(x), List.of(plain, Autodiff.grad(plain.sum(), x))).call(xv);
        assertTrue(expected.get(0).sameValues(got.get(0)), "value " + got.get(0) + ", expected " + expected.get(0));
        assertTrue(expected.get(1).sameValues(got.get(1)), "gradient " + got.get(1) + ", expected " + expected.get(1));
    }

    /** checkpoint(checkpoint(... checkpoint(f)(x) ...)), {@code depth} checkpoints of {@link #innermost}. */
    private static Node nestedCheckpoints(Node a, int depth) {
        return nestedCheckpoints(a, depth, DeepNestingTest::innermost);
    }

    /** checkpoint(checkpoint(... checkpoint(f)(x) ...)), {@code depth} checkpoints. */
    private static Node nestedCheckpoints(Node a, int depth, UnaryOperator<Node> f) {
        return depth == 0 ? f.apply(a)
                : ControlFlowOp.checkpoint(List.of(a), args -> List.of(nestedCheckpoints(args.get(0), depth - 1, f)))
                        .get(0);
    }

    /** {@code sum(a) > -1e9 ? <the same, one level less deep> : -a}, {@code depth} conds: the first branch runs. */
    private static Node nestedConds(Node a, int depth) {
        if (depth == 0) {
            return innermost(a);
        }
        Node predicate = a.sum().greater(SourceOp.scalar(-1e9));
        return ControlFlowOp.cond(predicate, List.of(a), args -> List.of(nestedConds(args.get(0), depth - 1)),
                args -> List.of(args.get(0).neg())).get(0);
    }

    /** A one-step scan whose body's new carry is a one-step scan whose body's ..., {@code depth} scans. */
    private static Node nestedScans(Node a, int depth) {
        if (depth == 0) {
            return innermost(a);
        }
        return ControlFlowOp.scan(List.of(a), List.of(),
                (carry, slices) -> new Scan.Step(List.of(nestedScans(carry.get(0), depth - 1)), List.of()),
                Scan.Options.defaults().withLength(1)).carry().get(0);
    }

    /** {@code while (sum(c) < 0) c = <the same, one level less deep>(c)}, {@code depth} loops. */
    private static Node nestedWhileLoops(Node a, int depth) {
        if (depth == 0) {
            return innermost(a);
        }
        return ControlFlowOp.whileLoop(List.of(a), c -> c.get(0).sum().less(SourceOp.scalar(0.0)),
                c -> List.of(nestedWhileLoops(c.get(0), depth - 1))).get(0);
    }

    /** Runs {@code test} on a new thread of the default stack size, rethrowing what it throws. */
    private static void onDefaultStack(Runnable test) {
        onStack(0, test);
    }

    /** Runs {@code test} on a new thread of {@code bytes} of stack (0: the default), rethrowing what it throws. */
    private static void onStack(long bytes, Runnable test) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                test.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep-nesting", bytes);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (failure.get() instanceof StackOverflowError overflow) {
            throw new AssertionError("the stack overflowed", overflow);
        }
        if (failure.get() instanceof Error error) {
            throw error;
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
