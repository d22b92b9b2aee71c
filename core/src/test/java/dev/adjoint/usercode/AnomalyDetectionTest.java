package dev.adjoint.usercode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Anomaly detection ({@code Function.withAnomalyDetection()}) and provenance ({@code Provenance}). This test
 * lives outside Adjoint's packages on purpose: creation sites are the first frame outside
 * {@code dev.adjoint.core/optim/nn}, so only here do its own lines count as "user code".
 */
class AnomalyDetectionTest {

    private static final Node X = SourceOp.input("x", Shape.of(2, 3));

    /** The line number of the caller. */
    private static int here() {
        return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    private static AnomalyException anomaly(Function f, Tensor... args) {
        return assertThrows(AnomalyException.class, () -> f.call(args));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected <" + part + "> in:\n" + message);
        }
    }

    private static Tensor x23(double... values) {
        return Tensor.of(Shape.of(2, 3), values);
    }

    @Test
    void logOfZeroNamesTheNodeItsOpInputsCreationSiteAndTheSafeAlternative() {
        Node loss;
        int line;
        try (Provenance.Scope sites = Provenance.recordSites()) {
            line = here() + 1;
            Node y = X.log();
            loss = y.sum();
        }
        Function f = Function.of(List.of(X), List.of(loss)).withAnomalyDetection();
        AnomalyException e = anomaly(f, x23(1, 2, 0, 3, 4, 5));
        assertEquals("%1 = log(%0) : f64[2, 3]", e.nodeLine());
        assertSame(loss.inputs().get(0), e.node());
        assertFalse(e.inGradient());
        assertContains(e.getMessage(),
                "anomaly: log produced non-finite values, got 1 -Infinity among 6 values at %1 = log(%0) : f64[2, 3]",
                "pass:       forward",
                "input %0:   (input 'x') f64[2, 3] min 0.0, max 5.0, no NaN or infinity",
                "created at: dev.adjoint.usercode.AnomalyDetectionTest."
                        + "logOfZeroNamesTheNodeItsOpInputsCreationSiteAndTheSafeAlternative(AnomalyDetectionTest.java:"
                        + line + ")",
                "cause:      log is -Infinity at 0 and NaN below 0; %0 holds 1 zero(s) and 0 negative value(s)",
                "hint:       for log(softmax(z)) use logSoftmax(z)", "log1p(x)");
        assertTrue(e.singularity().isPresent());
    }

    @Test
    void zetaBelowItsDomainAndIncompleteGammaOfANegativeArgumentAreNamed() {
        Node q = SourceOp.input("q", Shape.of(3));
        Node s = SourceOp.constant(Tensor.vector(2, 0.5, 3));
        AnomalyException e = anomaly(Function.of(List.of(q), List.of(s.zeta(q).sum())).withAnomalyDetection(),
                Tensor.vector(1, 2, 3));
        assertContains(e.getMessage(), "zeta(s, q) is NaN for s < 1", "holds 1 value(s) at or below 1",
                "keep s > 1 and q > 0");
        e = anomaly(Function.of(List.of(q), List.of(s.gammaincc(q).sum())).withAnomalyDetection(),
                Tensor.vector(1, -2, 3));
        assertContains(e.getMessage(), "gammaincc(a, x) is NaN for a < 0 or x < 0", "hold 1 negative value(s)");
    }

    @Test
    void theNumberingIsThatOfTheGraphPrinter() {
        Node w = SourceOp.input("w", Shape.of(3, 3));
        Node loss = X.matmul(w).exp().mul(0.5).sum();
        AnomalyException e = anomaly(Function.of(List.of(X, w), List.of(loss)).withAnomalyDetection(),
                x23(1, 1, 1, 1, 1, 1), Tensor.full(DType.FLOAT64, Shape.of(3, 3), 300));
        assertTrue(GraphPrinter.print(loss).contains(e.nodeLine() + "\n"), e.nodeLine());
        assertContains(e.getMessage(), "exp produced non-finite values, got 6 +Infinity",
                "exp overflows f64 above 709.78; %2 holds 6 such value(s), up to 900.0", "logSumExp");
    }

    @Test
    void withoutRecordingTheMessageSaysHowToRecordSites() {
        Function f = Function.of(List.of(X), List.of(X.log())).withAnomalyDetection();
        assertFalse(Provenance.isRecording());
        AnomalyException e = anomaly(f, x23(1, 2, -3, 4, 5, 6));
        assertContains(e.getMessage(), "got 1 NaN among 6", "created at: not recorded;",
                "Provenance.recordSites()", "1 negative value(s)");
    }

    @Test
    void sqrtDerivativeAtZeroIsReportedInTheBackwardPassWithItsForwardNode() {
        Node v = SourceOp.input("v", Shape.of(3));
        Node norm;
        Node grad;
        int forwardLine;
        int gradLine;
        try (Provenance.Scope sites = Provenance.recordSites()) {
            forwardLine = here() + 1;
            norm = v.sqrt().sum();
            gradLine = here() + 1;
            grad = Autodiff.grad(norm, v);
        }
        Function f = Function.of(List.of(v), List.of(norm, grad)).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.vector(0, 1, 4));
        assertTrue(e.inGradient());
        assertEquals(new UnaryOp.Sqrt(), Provenance.gradientOf(e.node()).orElseThrow().op());
        assertContains(e.getMessage(), "div produced non-finite values, got 1 +Infinity among 3 values",
                "pass:       backward, in the pullback of %1 = sqrt(%0) : f64[3] (created at ",
                "AnomalyDetectionTest.java:" + forwardLine + ")",
                "AnomalyDetectionTest.java:" + gradLine + ")",
                "the derivative of sqrt at 0 is infinite", "0 at 1 position(s)", "x.add(1e-12).sqrt()");
        // The forward value alone is fine: sqrt(0) = 0.
        assertEquals(3.0, Function.of(List.of(v), List.of(norm)).withAnomalyDetection()
                .call(Tensor.vector(0, 1, 4)).get(0).item());
    }

    @Test
    void logDerivativeAtZeroIsReportedWhenTheForwardValueIsBlocked() {
        // where(x > 0, log(x), 0) is finite at 0, but only its forward: log(0) is still computed.
        Node v = SourceOp.input("v", Shape.of(2));
        Node loss = v.add(1.0).log().sum();
        Node g = Autodiff.grad(UnaryOp.log(v.add(1.0)).sum(), v);
        Function f = Function.of(List.of(v), List.of(loss, g)).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.vector(-1, 1));
        assertFalse(e.inGradient(), "the forward log(0) is found first");
        assertContains(e.getMessage(), "log is -Infinity at 0");
    }

    @Test
    void divisionByZeroAndZeroOverZero() {
        Node a = SourceOp.input("a", Shape.of(3));
        Node b = SourceOp.input("b", Shape.of(3));
        Function f = Function.of(List.of(a, b), List.of(a.div(b))).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.vector(1, 0, 2), Tensor.vector(0, 0, 1));
        assertContains(e.getMessage(), "got 1 NaN and 1 +Infinity among 3 values",
                "division by zero: the divisor %1 holds 2 zero(s)", "a / where(b == 0, 1, b)");
    }

    @Test
    void theMeanOfAnEmptyBatchIsNamedAsSuch() {
        Node rows = SourceOp.input("rows", Shape.of(Shape.BATCH, 2));
        Function f = Function.of(List.of(rows), List.of(rows.mean())).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.zeros(Shape.of(0, 2)));
        assertContains(e.getMessage(), "got 1 NaN among 1 values", "counts the elements of an empty axis",
                "mean of nothing is 0 / 0 = NaN");
    }

    @Test
    void expOverflowInFloat32NamesTheFloat32Limit() {
        Node v = SourceOp.input("v", Shape.of(2), DType.FLOAT32);
        Function f = Function.of(List.of(v), List.of(v.exp())).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.of(Shape.of(2), new float[] {1, 100}));
        assertContains(e.getMessage(), "exp overflows f32 above 88.72", "softplus(x)");
    }

    @Test
    void log1pOfMinusOne() {
        Node v = SourceOp.input("v", Shape.of(3));
        Function f = Function.of(List.of(v), List.of(UnaryOp.log1p(v))).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.vector(-1, 0, -2));
        assertContains(e.getMessage(), "got 1 NaN and 1 -Infinity", "log1p is -Infinity at -1 and NaN below -1",
                "1 value(s) equal to -1 and 1 below", "softplus");
    }

    @Test
    void powerOfANegativeBase() {
        Node v = SourceOp.input("v", Shape.of(2));
        Node p = SourceOp.input("p", Shape.of(2));
        AnomalyException constant = anomaly(Function.of(List.of(v), List.of(v.pow(0.5))).withAnomalyDetection(),
                Tensor.vector(4, -4));
        assertContains(constant.getMessage(), "pow(0.5) produced", "a negative base to a non-integer power is NaN",
                "pow(abs(x), p)");
        AnomalyException tensor = anomaly(Function.of(List.of(v, p), List.of(v.pow(p))).withAnomalyDetection(),
                Tensor.vector(-2, 2), Tensor.vector(1.5, 2));
        assertContains(tensor.getMessage(), "a negative base to a non-integer power is NaN");
        AnomalyException zero = anomaly(Function.of(List.of(v), List.of(v.pow(-1))).withAnomalyDetection(),
                Tensor.vector(0, 2));
        assertContains(zero.getMessage(), "0 to a negative power is infinite");
    }

    @Test
    void derivativeOfAFractionalPowerAtZero() {
        Node v = SourceOp.input("v", Shape.of(2));
        Node g = Autodiff.grad(v.pow(0.5).sum(), v);
        AnomalyException e = anomaly(Function.of(List.of(v), List.of(g)).withAnomalyDetection(), Tensor.vector(0, 1));
        assertTrue(e.inGradient());
        assertContains(e.getMessage(), "the derivative of x^0.5 is infinite at 0",
                "in the pullback of pow(0.5) : f64[2] (a forward node this function does not compute)");
    }

    @Test
    void overflowOfFiniteInputsIsNamedAsOverflow() {
        Node v = SourceOp.input("v", Shape.of(2));
        AnomalyException e = anomaly(Function.of(List.of(v), List.of(v.mul(v))).withAnomalyDetection(),
                Tensor.vector(1e200, 1));
        assertContains(e.getMessage(), "mul produced non-finite values, got 1 +Infinity",
                "the result overflows f64 (largest finite value 1.7976931348623157E308) although every input is"
                        + " finite", "exploding activations");
    }

    @Test
    void nonFiniteDataIsReportedAtTheFirstNodeUsingItWithTheInputNamed() {
        Function f = Function.of(List.of(X), List.of(X.mul(2.0).tanh())).withAnomalyDetection();
        AnomalyException e = anomaly(f, x23(1, Double.NaN, 3, Double.POSITIVE_INFINITY, 5, 6));
        assertContains(e.getMessage(), "at %3 = mul(%0, %2)",
                "input %0:   (input 'x') f64[2, 3] min 1.0, max 6.0, 1 NaN and 1 +Infinity",
                "input %0 already holds 1 NaN and 1 +Infinity, so the non-finite values come from the values bound"
                        + " to input 'x'", "check the values bound to 'x'");
    }

    @Test
    void labelsAppearBesideTheSiteWhileRecording() {
        Node y;
        try (Provenance.Scope sites = Provenance.recordSites();
                Provenance.Scope layer = Provenance.label("layer 'dense_1'")) {
            y = X.log();
        }
        assertEquals("layer 'dense_1'", Provenance.labelOf(y).orElseThrow());
        AnomalyException e = anomaly(Function.of(List.of(X), List.of(y)).withAnomalyDetection(), x23(0, 1, 1, 1, 1, 1));
        assertContains(e.getMessage(), "AnomalyDetectionTest.java:", "), in layer 'dense_1'");
        try (Provenance.Scope ignored = Provenance.label("not recording")) {
            assertTrue(Provenance.labelOf(X.log()).isEmpty(), "labels are recorded only with sites");
        }
    }

    @Test
    void withoutAnAnomalyResultsAreBitIdenticalToTheUncheckedFunction() {
        Node w = SourceOp.input("w", Shape.of(3, 4));
        Node hidden = X.matmul(w).tanh();
        Node loss = ReduceOp.logSoftmax(hidden, 1).neg().mean().add(hidden.square().sum().mul(1e-3));
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autodiff.grad(loss, X, w));
        Function plain = Function.of(List.of(X, w), outputs);
        Function checked = plain.withAnomalyDetection();
        assertFalse(plain.detectsAnomalies());
        assertTrue(checked.detectsAnomalies());
        assertSame(checked, checked.withAnomalyDetection());
        Tensor x = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(2, 3), 0, 1);
        Tensor wv = Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(3, 4), 0, 1);
        List<Tensor> expected = plain.call(x, wv);
        List<Tensor> actual = checked.call(x, wv);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).sameValues(actual.get(i)), "output " + i);
        }
    }

    @Test
    void provenanceIsOffByDefaultAndPerThread() throws InterruptedException {
        Node outside = X.exp();
        assertTrue(Provenance.siteOf(outside).isEmpty());
        assertFalse(Provenance.isGradient(outside));
        AtomicReference<Node> other = new AtomicReference<>();
        Node inside;
        try (Provenance.Scope sites = Provenance.recordSites()) {
            Thread t = new Thread(() -> other.set(X.exp()));
            t.start();
            t.join();
            inside = X.exp();
        }
        assertTrue(Provenance.siteOf(inside).isPresent());
        assertTrue(Provenance.siteOf(other.get()).isEmpty(), "another thread does not record");
        assertTrue(Provenance.siteOf(X.exp()).isEmpty(), "closed scopes record nothing");
    }

    @Test
    void autodiffMarksTheNodesItBuildsWithTheirForwardNode() {
        Node t = X.tanh();
        Node loss = t.sum();
        Node g = Autodiff.grad(loss, X);
        assertTrue(Provenance.isGradient(g));
        assertFalse(Provenance.isGradient(t));
        assertFalse(Provenance.isGradient(loss));
        assertSame(t, Provenance.gradientOf(g).orElseThrow(), "tanh's pullback built the last node");
        Node h = Autodiff.grad(Autodiff.grad(loss, X).sum(), X);
        assertTrue(Provenance.isGradient(h), "second-order nodes too");
        assertFalse(Provenance.isGradient(UnaryOp.sin(X)), "the marker ends with the pass");
    }

    @Test
    void aNaNInsideALoopBodyNamesTheBodysNodeAndTheLoopRunningIt() {
        Node c0 = SourceOp.input("c0", Shape.of(3));
        Node xs = SourceOp.input("xs", Shape.of(4, 3));
        Node loss;
        int[] line = new int[1];
        try (Provenance.Scope sites = Provenance.recordSites()) {
            loss = dev.adjoint.core.graph.ControlFlowOp.scan(List.of(c0), List.of(xs), (c, x) -> {
                Node h = c.get(0).add(x.get(0));
                line[0] = here() + 1;
                return new dev.adjoint.core.graph.Scan.Step(List.of(h.log()), List.of());
            }).carry().get(0).sum();
        }
        Function f = Function.of(List.of(c0, xs), List.of(loss)).withAnomalyDetection();
        // c = log(1 + 0) = 0 after the first step, then c + x reaches 0 at the second: log(0) = -Infinity
        AnomalyException e = anomaly(f, Tensor.vector(1, 1, 1), Tensor.of(Shape.of(4, 3), 0, 0, 0, 0, 1, 1, 1, 1, 1,
                1, 1, 1));
        assertContains(e.getMessage(), "in a body of %2 = scan(%0, %1) : (f64[3]): anomaly: log produced non-finite"
                + " values, got 1 -Infinity among 3 values at %3 = log(%2) : f64[3]",
                "AnomalyDetectionTest.java:" + line[0], "cause:");
        assertTrue(e.node().op() instanceof UnaryOp.Log, e.node().toString());
    }

    /**
     * An anomaly 2,000 conditionals deep names the 8 outermost and the 8 innermost bodies and counts those between,
     * so each message of the chain of causes is bounded: the chain holds a few characters per level, where
     * repeating every level in every message took the square of the depth (213 million characters at 3,000 levels,
     * and no memory left at 10,000).
     */
    @Test
    void anAnomalyDeepInNestedBodiesNamesBothEndsAndCountsTheRest() {
        Node x = SourceOp.input("x", Shape.of(2));
        Node p = SourceOp.input("p", Shape.scalar());
        int depth = 2_000;
        Function f = Function.of(List.of(p, x), List.of(nested(p, x, depth))).withAnomalyDetection();
        AnomalyException e = anomaly(f, Tensor.scalar(1), Tensor.vector(-1, 2));
        String message = e.getMessage();
        assertContains(message, "(" + (depth - 16) + " more nested bodies): in a body of ",
                ": anomaly: log produced non-finite values, got 1 NaN among 2 values");
        assertEquals(16, message.split("in a body of ", -1).length - 1, "8 bodies named at each end");
        long chain = 0;
        int causes = 0;
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain += t.getMessage().length();
            causes++;
        }
        assertEquals(depth + 1, causes, "one exception per body, and the anomaly's own");
        assertTrue(chain < (depth + 1L) * message.length() + 1, "each message bounded: " + chain);
        assertTrue(e.node().op() instanceof UnaryOp.Log, e.node().toString());
    }

    /** {@code log(x)} inside {@code depth} nested conditionals, each taking its first branch when p > 0. */
    private static Node nested(Node p, Node x, int depth) {
        ControlFlowOp.Branch body = o -> List.of(o.get(0).log());
        for (int level = 0; level < depth; level++) {
            ControlFlowOp.Branch inner = body;
            body = o -> ControlFlowOp.cond(p.greater(0.0), o, inner, q -> q);
        }
        return body.apply(List.of(x)).get(0);
    }
}
