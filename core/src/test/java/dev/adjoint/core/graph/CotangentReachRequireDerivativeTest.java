package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Zeta's s (which has no derivative) is asked for one only where a cotangent reaches the zeta and s depends on what
 * is differentiated, as PyTorch runs only the backward functions a gradient reaches: a loop's, branch's or
 * checkpoint's outputs that receive no cotangent do not make their body ask (one carry of a scan computed with zeta,
 * the output read from the other); a scan of a static length follows the dependence of its carries step by step
 * (a carry that would reach s only after more steps than the loop takes does not); and outside control flow no
 * cotangent reaches an op past a {@code stopGradient} or an op whose VJP is a known zero ({@code floor}). A
 * cotangent that flows and is zero (a product with a zero constant) is asked, as PyTorch refuses
 * {@code torch.special.zeta(s, q) * 0} at backward. Each program here that is differentiable builds through every
 * route, with the gradient of central differences (or, past a stop, of a naive formula); each where the cotangent
 * does reach s is refused with the message of the plain {@code zeta(s, q)}.
 */
class CotangentReachRequireDerivativeTest {

    private static final Tensor S = Tensor.vector(2.0, 3.5, 1.5);
    private static final Tensor Q = Tensor.vector(0.5, 2.0, 1.25);
    private static final Tensor C = Tensor.vector(0.75, -1.5, 2.0);

    private final Node s = SourceOp.input("s", Shape.of(3));
    private final Node q = SourceOp.input("q", Shape.of(3));
    private final Node p = SourceOp.input("p", Shape.scalar());
    private final Node one = SourceOp.constant(Tensor.vector(3.0, 2.5, 4.0));
    private final Node two = SourceOp.constant(Tensor.vector(1.75, 5.0, 2.25));

    /** The refusal of the plain {@code zeta(s, q)} differentiated in s. */
    private String plainRefusal() {
        return assertThrows(UnsupportedOperationException.class, () -> Autodiff.grad(s.zeta(q).sum(), s))
                .getMessage();
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

    /** Every route in s builds; the gradient in s and q, first and second order, is that of central differences. */
    private void assertDifferentiable(String at, Node y) {
        for (Route route : Route.values()) {
            build(at + ", " + route, () -> route.of(y, s));
        }
        Bindings values = Bindings.of(s, S).and(q, Q).and(p, Tensor.scalar(1.0));
        assertTrue(GradCheck.check(y, List.of(s, q), values).passed(), at);
        assertTrue(GradCheck.checkSecondOrder(y, List.of(s, q), values, Key.of(11)).passed(), at);
        values = Bindings.of(s, S).and(q, Q).and(p, Tensor.scalar(0.0));
        assertTrue(GradCheck.check(y, List.of(s, q), values).passed(), at + ", p = 0");
    }

    /** Every route in s is refused with the plain graph's message. */
    private void assertRefused(String at, Node y) {
        String expected = plainRefusal();
        for (Route route : Route.values()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> route.of(y, s),
                    at + ", " + route);
            assertEquals(expected, e.getMessage(), at + ", " + route);
        }
    }

    /**
     * A scan of two carries, {@code a' = a + zeta(s, q)} and {@code b' = b q + sin s} (and the stacked
     * {@code zeta(s, q)}), three steps: b's gradient is taken without asking zeta, a's and the stacked output's are
     * refused.
     */
    private Scan.Result twoCarries(Scan.Residuals residuals) {
        return ControlFlowOp.scan(List.of(SourceOp.zerosLike(s), s), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0).add(s.zeta(q)), c.get(1).mul(q).add(s.sin())), List.of(s.zeta(q))),
                Scan.Options.defaults().withLength(3).with(residuals));
    }

    @Test
    void aScanCarryThatReceivesNoCotangentDoesNotAskItsZeta() {
        for (Scan.Residuals residuals : Scan.Residuals.values()) {
            Scan.Result r = twoCarries(residuals);
            assertDifferentiable("b of " + residuals, r.carry().get(1));
            assertRefused("a of " + residuals, r.carry().get(0));
            assertRefused("y of " + residuals, r.ys().get(0).sum(0));
            assertRefused("a + b of " + residuals, r.carry().get(0).add(r.carry().get(1)));
        }
    }

    /**
     * A carry that receives a cotangent only through another carry's new value, one step later, still asks: the
     * cotangent of {@code b} reaches {@code a} at the step before ({@code b' = b + a}), and so its zeta.
     */
    @Test
    void aCotangentPassedFromCarryToCarryBackwardsStillAsks() {
        Scan.Result r = ControlFlowOp.scan(List.of(SourceOp.zerosLike(s), s), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0).add(s.zeta(q)), c.get(1).add(c.get(0))), List.of()),
                Scan.Options.defaults().withLength(2));
        assertRefused("b reading a", r.carry().get(1));
        // after one step b' = b + a reads only the initial a, a constant: nothing reaches zeta
        Node once = ControlFlowOp.scan(List.of(SourceOp.zerosLike(s), s), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0).add(s.zeta(q)), c.get(1).add(c.get(0)).mul(q)), List.of()),
                Scan.Options.defaults().withLength(1)).carry().get(1);
        assertDifferentiable("one step", once);
    }

    /** A cond's and a checkpoint's outputs without a cotangent do not ask their bodies. */
    @Test
    void aBranchOrCheckpointOutputThatReceivesNoCotangentDoesNotAsk() {
        List<Node> branches = ControlFlowOp.cond(p, List.of(s, q), o -> List.of(o.get(0).zeta(o.get(1)),
                o.get(0).mul(o.get(1))), o -> List.of(o.get(1), o.get(0).sin()));
        assertDifferentiable("cond's second", branches.get(1));
        assertRefused("cond's first", branches.get(0));
        List<Node> checkpointed = ControlFlowOp.checkpoint(List.of(s, q), o -> List.of(o.get(0).zeta(o.get(1)),
                o.get(0).mul(o.get(1)).exp()));
        assertDifferentiable("checkpoint's second", checkpointed.get(1));
        assertRefused("checkpoint's first", checkpointed.get(0));
    }

    /**
     * Nested: a cond computing both carries of a scan, a scan of two carries inside a checkpoint and inside a scan;
     * only the output computed without zeta is differentiated.
     */
    @Test
    void nestedBodiesAreAskedOnlyWhereACotangentReachesThem() {
        assertDifferentiable("cond in scan, b", condInScan().carry().get(1));
        assertRefused("cond in scan, a", condInScan().carry().get(0));
        List<Node> scanInCheckpoint = ControlFlowOp.checkpoint(List.of(s), o -> twoCarriesOf(o.get(0)).carry());
        assertDifferentiable("scan in checkpoint, b", scanInCheckpoint.get(1));
        assertRefused("scan in checkpoint, a", scanInCheckpoint.get(0));
        Scan.Result scanInScan = ControlFlowOp.scan(List.of(SourceOp.zerosLike(s), s), List.of(), (c, none) ->
                new Scan.Step(List.of(twoCarriesOf(c.get(1)).carry().get(0).add(c.get(0)),
                        twoCarriesOf(c.get(1)).carry().get(1)), List.of()), Scan.Options.defaults().withLength(2));
        assertDifferentiable("scan in scan, b", scanInScan.carry().get(1));
        assertRefused("scan in scan, a", scanInScan.carry().get(0));
    }

    /** Two steps of a scan whose body's cond computes both carries, the first with zeta in ifTrue. */
    private Scan.Result condInScan() {
        return ControlFlowOp.scan(List.of(SourceOp.zerosLike(s), s), List.of(), (c, none) -> new Scan.Step(
                ControlFlowOp.cond(p, c, o -> List.of(o.get(0).add(s.zeta(q)), o.get(1).mul(q).add(s.sin())),
                        o -> List.of(o.get(0), o.get(1).add(s))), List.of()), Scan.Options.defaults().withLength(2));
    }

    /** {@link #twoCarries} of a given s, two steps. */
    private Scan.Result twoCarriesOf(Node x) {
        return ControlFlowOp.scan(List.of(SourceOp.zerosLike(x), x), List.of(), (c, none) -> new Scan.Step(
                List.of(c.get(0).add(x.zeta(q)), c.get(1).mul(q).add(x.sin())), List.of()),
                Scan.Options.defaults().withLength(2));
    }

    /**
     * Carries rotated each step, {@code (a, b, c) -> (c, a, b)}, with s in a only and {@code acc' = acc + zeta(c, q)}:
     * s reaches c after two steps, so zeta reads it only from the third step on. A scan of {@code steps} steps.
     */
    private Scan.Result rotation(int steps) {
        return rotationOf(s, steps);
    }

    /** {@link #rotation} with {@code x} in a. */
    private Scan.Result rotationOf(Node x, int steps) {
        return ControlFlowOp.scan(List.of(x, one, two, SourceOp.zerosLike(x)), List.of(), (c, none) ->
                new Scan.Step(List.of(c.get(2), c.get(0), c.get(1), c.get(3).add(c.get(2).zeta(q))), List.of()),
                Scan.Options.defaults().withLength(steps));
    }

    @Test
    void aScanOfStaticLengthFollowsItsCarriesOnlyForTheStepsItTakes() {
        for (int steps : new int[] {1, 2}) {
            Scan.Result r = rotation(steps);
            Node c = r.carry().get(steps == 1 ? 1 : 2); // where s is after these steps
            assertDifferentiable(steps + " steps", r.carry().get(3).add(c.mul(q)));
        }
        for (int steps : new int[] {3, 4, 7}) {
            assertRefused(steps + " steps", rotation(steps).carry().get(3));
        }
    }

    /**
     * The rotation nested in a checkpoint and in a one-step scan is followed for its own length: two steps pass,
     * three are refused.
     */
    @Test
    void aNestedScanIsFollowedForItsOwnLength() {
        for (int steps : new int[] {2, 3}) {
            List<Node> inCheckpoint = ControlFlowOp.checkpoint(List.of(s), o -> rotationOf(o.get(0), steps).carry());
            Node inScan = ControlFlowOp.scan(List.of(SourceOp.zerosLike(s)), List.of(), (c, none) -> new Scan.Step(
                    List.of(c.get(0).add(rotationOf(s, steps).carry().get(3))), List.of()),
                    Scan.Options.defaults().withLength(1)).carry().get(0);
            if (steps == 2) {
                assertDifferentiable("in a checkpoint", inCheckpoint.get(3).add(inCheckpoint.get(2).mul(q)));
                assertDifferentiable("in a scan", inScan.add(s.mul(q)));
            } else {
                assertRefused("in a checkpoint", inCheckpoint.get(3));
                assertRefused("in a scan", inScan);
            }
        }
    }

    /**
     * The final carries depend on s only where it is after the last step, around the cycle: after 2, 4 or 5 steps
     * not in a, after 3 or 6 in a; so zeta reading the final a outside is refused only then.
     */
    @Test
    void aFinalCarryDependsOnlyWhereTheStepsLeaveWhatIsDifferentiated() {
        for (int steps : new int[] {0, 2, 3, 4, 5, 6, 300}) {
            Node y = rotation(steps).carry().get(0).zeta(q).add(s.mul(q));
            if (steps % 3 == 0) {
                assertRefused(steps + " steps", y);
            } else {
                assertDifferentiable(steps + " steps", y);
            }
        }
    }

    /**
     * Past a stopGradient, or an op whose VJP is a known zero (floor, sign), no cotangent reaches zeta: every route
     * builds, the gradient in s is {@code 2 s} and that in q the stopped zeta (a naive formula: central differences
     * would see through the stop), within 1 ulp (a scan's sum of three zetas, times 1/3); inside a scan, cond and
     * checkpoint body too, and with a whole scan stopped.
     */
    @Test
    void noCotangentReachesAnOpPastAStopGradientOrAKnownZeroVjp() {
        Node square = s.mul(s);
        List<Node> programs = List.of(
                s.zeta(q).stopGradient().mul(q).add(square),
                s.zeta(q).floor().add(square).add(q),
                ControlFlowOp.scan(List.of(SourceOp.zerosLike(s)), List.of(), (c, none) -> new Scan.Step(List.of(
                        c.get(0).add(s.zeta(q).stopGradient().mul(q))), List.of()),
                        Scan.Options.defaults().withLength(2)).carry().get(0).mul(0.5).add(square),
                ControlFlowOp.cond(p, List.of(s, q), o -> List.of(o.get(0).zeta(o.get(1)).stopGradient()
                        .mul(o.get(1)).add(o.get(0).mul(o.get(0)))), o -> List.of(o.get(0))).get(0),
                ControlFlowOp.checkpoint(List.of(s, q), o -> List.of(o.get(0).zeta(o.get(1)).floor().add(o.get(1))
                        .add(o.get(0).mul(o.get(0))))).get(0),
                s.zeta(q).sign().add(square).add(q),
                // a scan's output stopped: the scan is not asked, so neither is the zeta of its body
                twoCarries(Scan.Residuals.RECOMPUTE).carry().get(0).stopGradient().mul(q).mul(1.0 / 3).add(square));
        Tensor zeta = Function.of(List.of(s, q), List.of(s.zeta(q))).call(S, Q).get(0);
        for (int k = 0; k < programs.size(); k++) {
            Node y = programs.get(k);
            for (Route route : Route.values()) {
                build(k + ", " + route, () -> route.of(y, s));
            }
            List<Node> g = Autodiff.grad(y.sum(), s, q);
            List<Tensor> values = Function.of(List.of(s, q, p), g).call(S, Q, Tensor.scalar(1.0));
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * S.flat(i), values.get(0).flat(i), 0.0, k + ": ds " + i);
                double dq = k == 1 || k == 4 || k == 5 ? 1.0 : zeta.flat(i);
                assertEquals(dq, values.get(1).flat(i), 2e-16 * Math.abs(dq), k + ": dq " + i);
            }
        }
    }

    /**
     * A cotangent that flows and is zero still asks, as PyTorch 1.13's
     * {@code (torch.special.zeta(s, q) * 0.0 + q).sum().backward()} and {@code * torch.zeros(3)} raise "the derivative
     * for 'zeta' is not implemented": a product with a zero constant, outside and inside a body.
     */
    @Test
    void aZeroCotangentThatFlowsStillAsks() {
        Node zeros = SourceOp.constant(Tensor.vector(0, 0, 0));
        assertRefused("times 0", s.zeta(q).mul(0.0).add(q));
        assertRefused("times zeros", s.zeta(q).mul(zeros).add(q));
        assertRefused("times 0 in a checkpoint", ControlFlowOp.checkpoint(List.of(s, q),
                o -> List.of(o.get(0).zeta(o.get(1)).mul(0.0).add(o.get(1)))).get(0));
        // a stopGradient's cotangent is absent even when what it stops is multiplied by zero after
        assertDifferentiableAt("stopped, then times 0", s.zeta(q).stopGradient().mul(0.0).add(s.mul(q)));
    }

    /** Every route builds; the gradient in s and q is that of central differences. */
    private void assertDifferentiableAt(String at, Node y) {
        for (Route route : Route.values()) {
            build(at + ", " + route, () -> route.of(y, s));
        }
        assertTrue(GradCheck.check(y, List.of(s, q), Bindings.of(s, S).and(q, Q)).passed(), at);
    }

    private static Node build(String at, Supplier<Node> route) {
        try {
            return route.get();
        } catch (UnsupportedOperationException e) {
            return fail(at + ": refused, " + e.getMessage());
        }
    }
}
