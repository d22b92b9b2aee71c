package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Zeta's s and the incomplete gammas' a (which have no derivative) are refused inside a scan, cond or checkpoint
 * body exactly where they are refused outside control flow: each program below, written with control flow, is
 * compared with the same function written without it, through every differentiation route (grad, vjp, jvp,
 * jacobian, hessian, hvp). Where the outer argument feeding s is a constant, an input left out of wrt, or stopped,
 * every route builds and gives the plain graph's values (and the gradient those of central differences); where it
 * is differentiated, every route throws the plain graph's refusal, naming the op and the argument. The body's own
 * VJP is taken in every body parameter, a constant's too, so the refusal is decided by the op running the body
 * from the outer input ({@code Op.requireDerivative}), following a scan's carries from step to step.
 */
class ControlFlowRequireDerivativeTest {

    private static final Tensor S = Tensor.vector(2.0, 3.5, 1.5);
    private static final Tensor Q = Tensor.vector(0.5, 2.0, 1.25);
    /** A cotangent for vjp, a tangent for jvp, the vector v of hvp. */
    private static final Tensor C = Tensor.vector(0.75, -1.5, 2.0);

    private final Node s = SourceOp.input("s", Shape.of(3));
    private final Node q = SourceOp.input("q", Shape.of(3));
    private final Node p = SourceOp.input("p", Shape.scalar());
    private final Node b = SourceOp.constant(Tensor.vector(3.0, 2.5, 4.0));

    /**
     * A function of {@code (s, q)} written with control flow, the same function written without, and the
     * predicate its conds are evaluated at (the branch holding the special function).
     */
    private record Program(String name, BinaryOperator<Node> flow, BinaryOperator<Node> plain, double predicate) {
    }

    /** The differentiation routes, each giving one node for output {@code y} and variable {@code w}. */
    private enum Route {
        GRAD, VJP, JVP, JACOBIAN, HESSIAN, HVP;

        Node of(Node y, Node w) {
            Node c = SourceOp.constant(C);
            return switch (this) {
                case GRAD -> Autodiff.grad(y.sum(), w);
                case VJP -> Autodiff.vjp(List.of(y), List.of(c), List.of(w), Autodiff.Strictness.ZEROS_FOR_UNUSED)
                        .get(0);
                case JVP -> Autodiff.jvp(y, w, c);
                case JACOBIAN -> Autodiff.jacobian(y, w);
                case HESSIAN -> Autodiff.hessian(y.sum(), w);
                case HVP -> Autodiff.hvp(y.sum(), w, c);
            };
        }
    }

    /** Two steps of a scan with carries {@code (a, b, acc)}: {@code a' = a, b' = a, acc' = acc + zeta(b, q)}. */
    private Node secondCarry(Node a, Node x, Scan.Residuals residuals) {
        Scan.Options twice = Scan.Options.defaults().withLength(2).with(residuals);
        return ControlFlowOp.scan(List.of(a, b, SourceOp.zerosLike(a)), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0), c.get(0), c.get(2).add(c.get(1).zeta(x))), List.of()), twice).carry().get(2);
    }

    /** Two steps of a scan adding {@code term(s, q)} to a carried sum. */
    private Node twice(Node a, Node x, BinaryOperator<Node> term) {
        return ControlFlowOp.scan(List.of(SourceOp.zerosLike(a)), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0).add(term.apply(a, x))), List.of()), Scan.Options.defaults().withLength(2))
                .carry().get(0);
    }

    private List<Program> programs() {
        BinaryOperator<Node> zetaInTrue = (a, x) -> ControlFlowOp.cond(p, List.of(a, x),
                o -> List.of(o.get(0).zeta(o.get(1))), o -> List.of(o.get(1).mul(o.get(0)))).get(0);
        return List.of(
                // the zeta of the first step reads b, a constant; the second reads b' = a, carried from step one
                new Program("scan, s carried into the carry zeta reads", (a, x) -> secondCarry(a, x,
                        Scan.Residuals.RECOMPUTE), (a, x) -> b.zeta(x).add(a.zeta(x)), 1),
                new Program("scan storing its residuals, s carried", (a, x) -> secondCarry(a, x,
                        Scan.Residuals.STORE), (a, x) -> b.zeta(x).add(a.zeta(x)), 1),
                new Program("scan, s read at every step", (a, x) -> twice(a, x, Node::zeta),
                        (a, x) -> a.zeta(x).add(a.zeta(x)), 1),
                new Program("scan, s a sequence", (a, x) -> {
                    Node sequence = MovementOp.concat(0, List.of(a.unsqueeze(0), a.add(1).unsqueeze(0)));
                    return ControlFlowOp.scan(List.of(SourceOp.zerosLike(a)), List.of(sequence), (c, slice) ->
                            new Scan.Step(List.of(c.get(0).add(slice.get(0).zeta(x))), List.of())).carry().get(0);
                }, (a, x) -> a.zeta(x).add(a.add(1).zeta(x)), 1),
                new Program("cond, zeta in ifTrue", zetaInTrue, Node::zeta, 1),
                new Program("cond, gammainc in ifFalse", (a, x) -> ControlFlowOp.cond(p, List.of(a, x),
                        o -> List.of(o.get(1).mul(o.get(0))), o -> List.of(o.get(0).gammainc(o.get(1)))).get(0),
                        Node::gammainc, 0),
                // s read by ifTrue as a captured input, and a + 1 captured by ifFalse after it
                new Program("cond, a captured by ifFalse", (a, x) -> ControlFlowOp.cond(p, List.of(x),
                        o -> List.of(o.get(0).mul(a)), o -> List.of(a.add(1).gammaincc(o.get(0)))).get(0),
                        (a, x) -> a.add(1).gammaincc(x), 0),
                new Program("checkpoint", (a, x) -> ControlFlowOp.checkpoint(List.of(a, x),
                        o -> List.of(o.get(0).zeta(o.get(1)))).get(0), Node::zeta, 1),
                new Program("cond inside scan", (a, x) -> twice(a, x, zetaInTrue),
                        (a, x) -> a.zeta(x).add(a.zeta(x)), 1),
                new Program("scan inside checkpoint", (a, x) -> ControlFlowOp.checkpoint(List.of(a, x),
                        o -> List.of(secondCarry(o.get(0), o.get(1), Scan.Residuals.RECOMPUTE))).get(0),
                        (a, x) -> b.zeta(x).add(a.zeta(x)), 1));
    }

    /** An outer argument that needs no derivative, and the variable differentiated. */
    private record Case(String name, BinaryOperator<Node> output, Node wrt) {
    }

    private List<Case> notDifferentiated(BinaryOperator<Node> f) {
        Node constant = SourceOp.constant(S);
        return List.of(new Case("s a constant", (a, x) -> f.apply(constant, x), q),
                new Case("s an input left out of wrt", f, q),
                new Case("s stopped", (a, x) -> f.apply(a.stopGradient(), x).add(a.mul(3.0)), s));
    }

    /**
     * Every route builds and gives the values of the same function without control flow, within 1e-12 relative:
     * the loops add the same terms, but the reverse loop sums a carried value's cotangents in another order.
     */
    @Test
    void anArgumentNotDifferentiatedBuildsEveryRouteWithThePlainValues() {
        for (Program program : programs()) {
            List<Case> cases = notDifferentiated(program.flow());
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get(k);
                Case plain = notDifferentiated(program.plain()).get(k);
                for (Route route : Route.values()) {
                    String at = program.name() + ", " + c.name() + ", " + route;
                    Node flow = build(at, () -> route.of(c.output().apply(s, q), c.wrt()));
                    Node expected = route.of(plain.output().apply(s, q), c.wrt());
                    List<Tensor> values = Function.of(List.of(s, q, p), List.of(flow, expected)).call(S, Q,
                            Tensor.scalar(program.predicate()));
                    assertClose(values.get(1), values.get(0), at);
                }
            }
        }
    }

    /** The gradient in q, and its second derivatives, against central differences. */
    @Test
    void theGradientInQMatchesCentralDifferences() {
        for (Program program : programs()) {
            for (Case c : notDifferentiated(program.flow()).subList(0, 2)) {
                Node y = c.output().apply(s, q);
                Bindings at = Bindings.of(s, S).and(q, Q).and(p, Tensor.scalar(program.predicate()));
                String where = program.name() + ", " + c.name();
                assertTrue(GradCheck.check(y, List.of(q), at).passed(), where);
                assertTrue(GradCheck.checkSecondOrder(y, List.of(q), at, Key.of(7)).passed(), where);
            }
        }
    }

    /**
     * Differentiating with respect to s is refused through every route, with the message the same function
     * without control flow gives, naming the op and its first argument.
     */
    @Test
    void aDifferentiatedArgumentIsRefusedThroughEveryRouteNamingTheOp() {
        for (Program program : programs()) {
            for (Route route : Route.values()) {
                String at = program.name() + ", " + route;
                UnsupportedOperationException expected = assertThrows(UnsupportedOperationException.class,
                        () -> route.of(program.plain().apply(s, q), s), at);
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> route.of(program.flow().apply(s, q), s), at);
                assertEquals(expected.getMessage(), e.getMessage(), at);
                String op = e.getMessage().substring(0, e.getMessage().indexOf(':'));
                String argument = op.equals("zeta") ? "s" : "a";
                assertTrue(List.of("zeta", "gammainc", "gammaincc").contains(op), at + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith(op + ": the derivative with respect to " + argument
                        + " (the first argument) is not implemented"), at + ": " + e.getMessage());
            }
        }
    }

    /**
     * A scan whose carry reaches zeta's s only after a step (through another carry) is refused; one whose carry
     * reaches it only through a stopGradient is not, and its gradient in s is that of the term outside.
     */
    @Test
    void aScanFollowsItsCarriesFromStepToStepAndStopsAtAStopGradient() {
        Node refused = secondCarry(s, q, Scan.Residuals.RECOMPUTE).sum();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Autodiff.grad(refused, s));
        assertTrue(e.getMessage().startsWith("zeta: the derivative with respect to s"), e.getMessage());
        Scan.Options twice = Scan.Options.defaults().withLength(2);
        Node stopped = ControlFlowOp.scan(List.of(s, b, SourceOp.zerosLike(s)), List.of(), (c, none) ->
                new Scan.Step(List.of(c.get(0), c.get(0).stopGradient(), c.get(2).add(c.get(1).zeta(q))), List.of()),
                twice).carry().get(2).sum().add(s.mul(3.0).sum());
        Tensor ds = Function.of(List.of(s, q), List.of(Autodiff.grad(stopped, s))).call(S, Q).get(0);
        assertEquals(List.of(3.0, 3.0, 3.0), List.of(ds.flat(0), ds.flat(1), ds.flat(2)));
    }

    /**
     * A cond's inputs are {@code (p, operands, captured by ifTrue, captured by ifFalse)}: a variable captured by one
     * branch is followed into that branch only, so a first argument captured by the other is not asked for.
     */
    @Test
    void aCondFollowsEachCapturedValueIntoTheBranchThatReadsIt() {
        Node w = SourceOp.input("w", Shape.of(3));
        Node falseReadsS = ControlFlowOp.cond(p, List.of(q), o -> List.of(o.get(0).mul(w)),
                o -> List.of(s.add(1).gammainc(o.get(0)))).get(0).sum();
        Node trueReadsS = ControlFlowOp.cond(p, List.of(q), o -> List.of(s.add(1).zeta(o.get(0))),
                o -> List.of(o.get(0).mul(w))).get(0).sum();
        for (Node y : List.of(falseReadsS, trueReadsS)) {
            Node dw = build("w", () -> Autodiff.grad(y, w));
            for (double predicate : new double[] {0, 1}) {
                boolean readsW = (predicate == 1) == (y == falseReadsS);
                Tensor value = Function.of(List.of(s, q, w, p), List.of(dw)).call(S, Q, C, Tensor.scalar(predicate))
                        .get(0);
                assertTrue((readsW ? Q : Tensor.vector(0, 0, 0)).sameValues(value), predicate + ": " + value);
            }
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Autodiff.grad(y, s));
            String op = y == falseReadsS ? "gammainc: " : "zeta: ";
            assertTrue(e.getMessage().startsWith(op + "the derivative with respect to"), e.getMessage());
        }
    }

    /**
     * An output of a loop, branch or checkpoint needs a derivative in what it feeds only if the body computes it
     * from what is differentiated: zeta reading a scan's carry copied from a constant is not asked although the
     * scan reads q, differentiated; reading the carry computed from q, it is refused, as outside control flow (and
     * so is the carry of a scan of no steps, its initial value).
     */
    @Test
    void anOutputFeedsARefusalOnlyIfItsBodyComputesItFromWhatIsDifferentiated() {
        Scan.Result r = ControlFlowOp.scan(List.of(q, b), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0).mul(2.0), c.get(1)), List.of()), Scan.Options.defaults().withLength(2));
        Node copied = r.carry().get(1).zeta(s).sum().add(r.carry().get(0).sum());
        Tensor dq = Function.of(List.of(s, q), List.of(build("copied", () -> Autodiff.grad(copied, q)))).call(S, Q)
                .get(0);
        assertTrue(Tensor.vector(4, 4, 4).sameValues(dq), "d(4q)/dq: " + dq);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Autodiff.grad(r.carry().get(0).zeta(s).sum(), q));
        assertTrue(e.getMessage().startsWith("zeta: the derivative with respect to s"), e.getMessage());
        List<Node> branches = ControlFlowOp.cond(p, List.of(q, b), o -> List.of(o.get(0), o.get(1)),
                o -> List.of(o.get(0).neg(), o.get(1)));
        Node fromBranch = build("cond", () -> Autodiff.grad(branches.get(1).gammainc(s).sum().add(branches.get(0)
                .sum()), q));
        assertTrue(Tensor.vector(-1, -1, -1).sameValues(Function.of(List.of(s, q, p), List.of(fromBranch)).call(S, Q,
                Tensor.scalar(0)).get(0)));
        assertThrows(UnsupportedOperationException.class, () -> Autodiff.grad(branches.get(0).gammainc(s).sum(), q));
        // a carry the body resets to a constant: after one step it is that constant, after none the initial q
        for (int steps : new int[] {0, 1}) {
            Node reset = ControlFlowOp.scan(List.of(q), List.of(), (c, none) -> new Scan.Step(List.of(b), List.of()),
                    Scan.Options.defaults().withLength(steps)).carry().get(0).zeta(s).sum();
            if (steps == 0) {
                assertThrows(UnsupportedOperationException.class, () -> Autodiff.grad(reset, q));
            } else {
                Tensor zero = Function.of(List.of(s, q), List.of(build("reset", () -> Autodiff.grad(reset, q))))
                        .call(S, Q).get(0);
                assertTrue(Tensor.vector(0, 0, 0).sameValues(zero), "reset: " + zero);
            }
        }
    }

    /**
     * Checkpoints nested 40 deep (past the level where work continues on a fresh thread), each taking an
     * arithmetic-geometric mean step {@code (x, a) -> ((x + a) / 2, sqrt(x a))} of its two differentiated
     * arguments, so that both arguments of every inner checkpoint depend on both of the outer one: each body is
     * asked once for both (2^40 walks if each were followed down on its own). The innermost zeta's s, a constant,
     * is not refused, and the gradient is that of the 40 steps written without checkpoints; an s computed from the
     * arguments is refused, naming zeta.
     */
    @Test
    void nestedBodiesAreWalkedOnceForAllTheirDifferentiatedInputs() {
        Node r = SourceOp.input("r", Shape.of(3));
        Node constant = SourceOp.constant(S);
        BinaryOperator<Node> f = (x, a) -> constant.zeta(x).add(a);
        Node nested = nestedMeans(List.of(q, r), 40, f).get(0).sum();
        List<Node> g = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Autodiff.grad(nested, q, r));
        List<Node> plain = List.of(q, r);
        for (int level = 0; level < 40; level++) {
            plain = mean(plain);
        }
        List<Node> expected = Autodiff.grad(f.apply(plain.get(0), plain.get(1)).sum(), q, r);
        List<Tensor> values = Function.of(List.of(q, r), Bodies.concat(g, expected)).call(Q, S);
        assertClose(values.get(2), values.get(0), "dq");
        assertClose(values.get(3), values.get(1), "dr");
        Node refused = nestedMeans(List.of(q, r), 40, (x, a) -> a.zeta(x)).get(0).sum();
        UnsupportedOperationException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(UnsupportedOperationException.class, () -> Autodiff.grad(refused, q, r)));
        assertTrue(e.getMessage().startsWith("zeta: the derivative with respect to s"), e.getMessage());
    }

    /** {@code f} of the means after {@code depth} mean steps, each step a checkpoint inside the one before. */
    private static List<Node> nestedMeans(List<Node> args, int depth, BinaryOperator<Node> f) {
        return depth == 0 ? List.of(f.apply(args.get(0), args.get(1)))
                : ControlFlowOp.checkpoint(args, o -> nestedMeans(mean(o), depth - 1, f));
    }

    /** One step of the arithmetic-geometric mean, {@code ((x + a) / 2, sqrt(x a))}. */
    private static List<Node> mean(List<Node> xa) {
        return List.of(xa.get(0).add(xa.get(1)).mul(0.5), xa.get(0).mul(xa.get(1)).sqrt());
    }

    /**
     * A whileLoop has no derivative at all: a gradient through it is its own error, whatever its body holds; a
     * stopped one is not differentiated, so its body's zeta is never asked.
     */
    @Test
    void aWhileLoopIsRefusedAsAWholeAndAStoppedOneIsNotAsked() {
        List<Node> loop = ControlFlowOp.whileLoop(List.of(s, q), c -> c.get(1).sum().less(SourceOp.scalar(10)),
                c -> List.of(c.get(0), c.get(1).add(c.get(0).zeta(c.get(1)))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grad(loop.get(1).sum(), s));
        assertTrue(e.getMessage().startsWith("whileLoop: cannot be differentiated"), e.getMessage());
        Node ds = Autodiff.grad(loop.get(1).stopGradient().mul(s).sum(), s);
        Tensor expected = Function.of(List.of(s, q), List.of(loop.get(1))).call(S, Q).get(0);
        assertTrue(expected.sameValues(Function.of(List.of(s, q), List.of(ds)).call(S, Q).get(0)));
    }

    private static Node build(String at, java.util.function.Supplier<Node> route) {
        try {
            return route.get();
        } catch (UnsupportedOperationException e) {
            return fail(at + ": refused, " + e.getMessage());
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String at) {
        assertEquals(expected.shape(), actual.shape(), at);
        List<String> off = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.flat(i);
            double a = actual.flat(i);
            assertTrue(Double.isFinite(e), at + ": the plain graph's element " + i + " is " + e);
            if (Math.abs(a - e) > 1e-12 * Math.max(Math.abs(e), 1e-300) && a != e) {
                off.add(i + ": " + a + " for " + e);
            }
        }
        assertTrue(off.isEmpty(), at + ": " + off);
    }
}
