package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A scan over a projected sequence {@code z = x W + b} (computed before the loop, as the recurrent layers do),
 * whose step is {@code h' = tanh(cell(z_t) + h U)}: with {@link Scan.Residuals#STORE}, U's per-step factor
 * {@code zBar_t} is z's own cotangent, read from the reverse loop's stacked xBar. The gradients in x, W, b, U
 * and h0 agree with the unrolled graph's and with central differences, forwards and reversed, for one step and
 * several, when z is read once (the factor is z's cotangent), twice (it is not) and through two sequences that
 * share the cotangent; and to second order.
 */
class ScanSequenceCotangentFactorTest {

    private static final int F = 3;
    private static final int H = 4;

    private final Node w = SourceOp.input("w", Shape.of(F, H));
    private final Node u = SourceOp.input("u", Shape.of(H, H));
    private final Node b = SourceOp.input("b", Shape.of(H));
    private final Node h0 = SourceOp.input("h0", Shape.of(Shape.BATCH, H));

    /** How the step reads its sequence(s). */
    private enum Cell {
        /** {@code tanh(z_t + h U)}: zBar_t is the factor of U's product. */
        ONCE,
        /** {@code tanh(z_t + h U) · z_t}: z's cotangent has two terms, the factor is one of them. */
        TWICE,
        /** {@code tanh(z_t + v_t + h U)} over two sequences z and v = 0.5 z: both have the factor as cotangent. */
        TWO_SEQUENCES
    }

    private static Node step(Cell cell, Node h, List<Node> seq, Node u) {
        Node pre = seq.get(0).add(h.matmul(u));
        if (cell == Cell.TWO_SEQUENCES) {
            pre = seq.get(0).add(seq.get(1)).add(h.matmul(u));
        }
        Node next = pre.tanh();
        return cell == Cell.TWICE ? next.mul(seq.get(0)) : next;
    }

    private List<Node> sequences(Cell cell, Node x) {
        Node z = x.matmul(w).add(b);
        return cell == Cell.TWO_SEQUENCES ? List.of(z, z.mul(0.5)) : List.of(z);
    }

    private Node scanned(Cell cell, Node x, Scan.Options options) {
        Scan.Result r = ControlFlowOp.scan(List.of(h0), sequences(cell, x), (c, seq) -> {
            Node next = step(cell, c.get(0), seq, u);
            return new Scan.Step(List.of(next), List.of(next.mul(c.get(0))));
        }, options);
        return r.ys().get(0).square().sum().add(r.carry().get(0).sin().sum());
    }

    private Node unrolled(Cell cell, Node x, int steps, boolean reverse) {
        List<Node> seqs = sequences(cell, x);
        Node h = h0;
        Node loss = null;
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            List<Node> at = new ArrayList<>();
            for (Node q : seqs) {
                at.add(q.slice(0, t, t + 1).squeeze(0));
            }
            Node next = step(cell, h, at, u);
            Node term = next.mul(h).square().sum();
            loss = loss == null ? term : loss.add(term);
            h = next;
        }
        return loss.add(h.sin().sum());
    }

    @Test
    void storedGradientsAgreeWithTheUnrolledGraph() {
        for (Cell cell : Cell.values()) {
            for (int steps : new int[] {1, 6}) {
                Node x = SourceOp.input("x", Shape.of(steps, Shape.BATCH, F));
                List<Node> wrt = List.of(x, w, b, u, h0);
                List<Tensor> args = values(steps, 3);
                for (boolean reverse : new boolean[] {false, true}) {
                    Scan.Options options = Scan.Options.defaults().with(Scan.Residuals.STORE);
                    Node loss = scanned(cell, x, reverse ? options.reversed() : options);
                    List<Node> outputs = new ArrayList<>(List.of(loss));
                    outputs.addAll(Autodiff.grad(loss, wrt.toArray(new Node[0])));
                    Node expectedLoss = unrolled(cell, x, steps, reverse);
                    List<Node> expectedOutputs = new ArrayList<>(List.of(expectedLoss));
                    expectedOutputs.addAll(Autodiff.grad(expectedLoss, wrt.toArray(new Node[0])));
                    List<Tensor> got = Function.of(wrt, outputs).call(args);
                    List<Tensor> want = Function.of(wrt, expectedOutputs).call(args);
                    List<Tensor> written = Function.unoptimized(wrt, outputs).call(args);
                    for (int i = 0; i < got.size(); i++) {
                        String where = cell + ", T = " + steps + (reverse ? ", reversed" : "") + ", output " + i;
                        // rounding only: the scan sums U's products over the steps in one contraction
                        assertTrue(got.get(i).allClose(want.get(i), 1e-12, 1e-12), where + ": scan " + got.get(i)
                                + ", unrolled " + want.get(i));
                        assertTrue(got.get(i).sameValues(written.get(i)), where + ": compiled " + got.get(i)
                                + ", as written " + written.get(i));
                    }
                }
            }
        }
    }

    /**
     * U's factor zBar_t is read from the reverse loop's xBar output: the reverse loop returns the carry's, U's
     * and z's cotangents and nothing more (no second stack of zBar); with z read twice it stacks the factor. And it
     * slices only the sequences its body reads: with z read once, z_t's cotangent does not need z_t, so z is not
     * among the reverse loop's inputs; read twice ({@code tanh(...) · z_t}) it is.
     */
    @Test
    void theReverseLoopStacksTheSequencesCotangentOnceAndSlicesOnlyWhatItReads() {
        for (Cell cell : new Cell[] {Cell.ONCE, Cell.TWICE}) {
            Node x = SourceOp.input("x", Shape.of(5, Shape.BATCH, F));
            Node loss = scanned(cell, x, Scan.Options.defaults().with(Scan.Residuals.STORE));
            List<Node> grads = Autodiff.grad(loss, x, w, b, u, h0);
            Node reverse = loop(grads, true);
            assertEquals(cell == Cell.ONCE ? 3 : 4, ((Scan) reverse.op()).body().results().size(), cell.toString());
            Node forward = loop(grads, false);
            Node z = forward.inputs().get(((Scan) forward.op()).carries());
            assertEquals(cell == Cell.TWICE, reverse.inputs().contains(z), cell + ": z among the reverse inputs");
        }
    }

    /** The last loop of {@code grads}' graph that runs in the given direction (there must be one). */
    private static Node loop(List<Node> grads, boolean reverse) {
        Node found = null;
        for (Node n : Topology.of(grads).order()) {
            if (n.op() instanceof Scan scan && scan.reverse() == reverse) {
                found = n;
            }
        }
        assertTrue(found != null, "the gradient has a " + (reverse ? "reverse" : "forward") + " loop");
        return found;
    }

    /** A step {@code (h, z_t) -> (h', y_t)} with its memory policy and the reverse loop's expected sequences. */
    private record Pruned(String name, Scan.Residuals policy, int reverseSequences,
            BiFunction<Node, Node, Node> next, boolean emitsY) {
    }

    /**
     * Sequences the reverse body does not read are not among its inputs, and the gradients stay those of the
     * unrolled graph and of central differences: with STORE and {@code y_t = h'}, h_{t-1} is read only by U's
     * factor (summed after the loop) and z_t by nothing, so the reverse loop slices tanh's output and yBar only
     * (4 sequences before); with RECOMPUTE a linear step {@code h U + z_t} reads h_{t-1} and yBar but not z_t
     * (3 before); and {@code 2h + z_t} without outputs reads no sequence at all (2 before).
     */
    @Test
    void unreadSequencesAreLeftOutOfTheReverseLoop() {
        List<Pruned> cases = List.of(
                new Pruned("STORE, y = h'", Scan.Residuals.STORE, 2, (h, z) -> z.add(h.matmul(u)).tanh(), true),
                new Pruned("RECOMPUTE, linear", Scan.Residuals.RECOMPUTE, 2, (h, z) -> h.matmul(u).add(z), true),
                new Pruned("RECOMPUTE, no outputs", Scan.Residuals.RECOMPUTE, 0, (h, z) -> h.mul(2.0).add(z), false));
        for (Pruned c : cases) {
            int steps = 4;
            Node x = SourceOp.input("x", Shape.of(steps, Shape.BATCH, F));
            Node z = x.matmul(w).add(b);
            Scan.Result r = ControlFlowOp.scan(List.of(h0), List.of(z), (carry, seq) -> {
                Node next = c.next().apply(carry.get(0), seq.get(0));
                return new Scan.Step(List.of(next), c.emitsY() ? List.of(next) : List.of());
            }, Scan.Options.defaults().with(c.policy()));
            Node loss = r.carry().get(0).sin().sum();
            if (c.emitsY()) {
                loss = loss.add(r.ys().get(0).square().sum());
            }
            Node h = h0;
            Node unrolled = null;
            for (int t = 0; t < steps; t++) {
                h = c.next().apply(h, z.slice(0, t, t + 1).squeeze(0));
                if (c.emitsY()) {
                    unrolled = unrolled == null ? h.square().sum() : unrolled.add(h.square().sum());
                }
            }
            unrolled = unrolled == null ? h.sin().sum() : h.sin().sum().add(unrolled);
            List<Node> wrt = List.of(x, w, b, u, h0);
            List<Node> grads = Autodiff.grad(loss, wrt.toArray(new Node[0]));
            Node reverse = loop(grads, true);
            assertEquals(c.reverseSequences(), ((Scan) reverse.op()).sequences(), c.name() + ": reverse sequences");
            assertFalse(reverse.inputs().contains(z), c.name() + ": z is not sliced by the reverse loop");
            List<Tensor> args = values(steps, 3);
            List<Tensor> got = Function.of(wrt, grads).call(args);
            List<Tensor> want = Function.of(wrt, Autodiff.grad(unrolled, wrt.toArray(new Node[0]))).call(args);
            for (int i = 0; i < got.size(); i++) {
                assertTrue(got.get(i).allClose(want.get(i), 1e-12, 1e-12), c.name() + ", gradient " + i + ": scan "
                        + got.get(i) + ", unrolled " + want.get(i));
            }
            Bindings at = Bindings.empty();
            for (int i = 0; i < wrt.size(); i++) {
                at = at.and(wrt.get(i), args.get(i));
            }
            GradCheck.check(loss, wrt, at).assertPassed();
        }
    }

    @Test
    void storedGradientsAgreeWithCentralDifferencesToSecondOrder() {
        for (Cell cell : Cell.values()) {
            Node x = SourceOp.input("x", Shape.of(4, Shape.BATCH, F));
            List<Tensor> args = values(4, 2);
            List<Node> wrt = List.of(x, w, b, u, h0);
            Bindings at = Bindings.empty();
            for (int i = 0; i < wrt.size(); i++) {
                at = at.and(wrt.get(i), args.get(i));
            }
            Node loss = scanned(cell, x, Scan.Options.defaults().with(Scan.Residuals.STORE).reversed());
            GradCheck.check(loss, wrt, at).assertPassed();
            GradCheck.checkSecondOrder(loss, wrt, at, Key.of(5)).assertPassed();
        }
    }

    /**
     * A body with its own bias read by a second product, {@code h' = tanh((h U + b) U) + x_t}: the compiled body
     * folds the bias into its product (row blocks for N = 2100, h U being 1 MB), and the loop's outputs are the
     * bits of the unrolled graph as written; its gradients agree with the unrolled graph's.
     */
    @Test
    void aBodyWithAFoldedBiasGivesTheUnrolledBits() {
        int hidden = 64;
        Node uu = SourceOp.input("uu", Shape.of(hidden, hidden));
        Node bb = SourceOp.input("bb", Shape.of(hidden));
        Node hh0 = SourceOp.input("hh0", Shape.of(Shape.BATCH, hidden));
        Node xs = SourceOp.input("xs", Shape.of(3, Shape.BATCH, hidden));
        Scan.Result r = ControlFlowOp.scan(List.of(hh0), List.of(xs), (c, seq) -> {
            Node next = c.get(0).matmul(uu).add(bb).matmul(uu).tanh().add(seq.get(0));
            return new Scan.Step(List.of(next), List.of(next));
        });
        Node h = hh0;
        List<Node> ys = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            h = h.matmul(uu).add(bb).matmul(uu).tanh().add(xs.slice(0, t, t + 1).squeeze(0));
            ys.add(h.unsqueeze(0));
        }
        List<Node> inputs = List.of(xs, uu, bb, hh0);
        Node scanLoss = r.ys().get(0).square().sum();
        Node unrolledLoss = MovementOp.concat(0, ys).square().sum();
        List<Node> scanOut = new ArrayList<>(List.of(r.ys().get(0), scanLoss));
        scanOut.addAll(Autodiff.grad(scanLoss, uu, bb, hh0));
        List<Node> unrolledOut = new ArrayList<>(List.of(MovementOp.concat(0, ys), unrolledLoss));
        unrolledOut.addAll(Autodiff.grad(unrolledLoss, uu, bb, hh0));
        Function inLoop = Function.of(inputs, scanOut);
        assertTrue(Function.of(List.of(uu, bb, hh0), List.of(hh0.matmul(uu).add(bb).matmul(uu).tanh())).explain()
                .contains("matmul + bias -> GEMM with bias"));
        for (int batch : new int[] {2, 2100}) {
            Key key = Key.of(batch);
            List<Tensor> args = List.of(Tensor.uniform(key.fold(0), DType.FLOAT64, Shape.of(3, batch, hidden), -1, 1),
                    Tensor.uniform(key.fold(1), DType.FLOAT64, Shape.of(hidden, hidden), -0.2, 0.2),
                    Tensor.uniform(key.fold(2), DType.FLOAT64, Shape.of(hidden), -1, 1),
                    Tensor.uniform(key.fold(3), DType.FLOAT64, Shape.of(batch, hidden), -1, 1));
            List<Tensor> got = inLoop.call(args);
            List<Tensor> want = Function.unoptimized(inputs, unrolledOut).call(args);
            assertTrue(got.get(0).sameValues(want.get(0)), "N = " + batch + ": the loop's outputs");
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i).allClose(want.get(i), 1e-11, 1e-11), "N = " + batch + ", output " + i
                        + ": loop " + got.get(i) + ", unrolled " + want.get(i));
            }
        }
    }

    private static List<Tensor> values(int steps, int batch) {
        DType dtype = DType.FLOAT64;
        Key key = Key.of(11);
        return List.of(Tensor.uniform(key.fold(0), dtype, Shape.of(steps, batch, F), -1, 1),
                Tensor.uniform(key.fold(1), dtype, Shape.of(F, H), -0.7, 0.7),
                Tensor.uniform(key.fold(2), dtype, Shape.of(H), -0.5, 0.5),
                Tensor.uniform(key.fold(3), dtype, Shape.of(H, H), -0.7, 0.7),
                Tensor.uniform(key.fold(4), dtype, Shape.of(batch, H), -1, 1));
    }
}
