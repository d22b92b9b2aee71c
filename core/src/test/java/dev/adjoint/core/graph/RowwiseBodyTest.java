package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.kernel.Parallel;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Which loop bodies compute row by row along the batch axis, and that a loop run in blocks of rows gives every
 * row the bits of the whole loop (the unrolled graph's), forward and in the reverse loop of its gradient.
 */
class RowwiseBodyTest {

    private static final int T = 4;
    private static final int H = 3;

    private final Node xs = SourceOp.input("xs", Shape.of(T, Shape.BATCH, H));
    private final Node u = SourceOp.input("u", Shape.of(H, H));
    private final Node h0 = SourceOp.input("h0", Shape.of(Shape.BATCH, H));

    /** The cell of a recurrent layer whose input projection is outside the loop: {@code h' = tanh(x + h U)}. */
    private Node cell(Node h, Node x) {
        return x.add(h.matmul(u)).tanh();
    }

    private Scan.Result scan(BinaryOperator<Node> body, Scan.Residuals policy) {
        return ControlFlowOp.scan(List.of(h0), List.of(xs), (c, x) -> {
            Node next = body.apply(c.get(0), x.get(0));
            return new Scan.Step(List.of(next), List.of(next.mul(c.get(0))));
        }, Scan.Options.defaults().with(policy));
    }

    /** The scans of a graph, in topological order. */
    private static List<Scan> scans(List<Node> outputs) {
        List<Scan> found = new ArrayList<>();
        for (Node n : Topology.of(outputs).order()) {
            if (n.op() instanceof Scan s) {
                found.add(s);
            }
        }
        return found;
    }

    @Test
    void aCellOfElementwiseOpsSlicesAndProductsByAWeightComputesRowByRow() {
        Scan.Result r = scan((h, x) -> {
            Node z = MovementOp.concat(1, x.add(h.matmul(u)), h);
            return z.slice(-1, 0, H).sigmoid().mul(z.slice(-1, H, 2 * H).tanh())
                    .add(z.sum(true, -1).broadcastTo(h.shape()));
        }, Scan.Residuals.RECOMPUTE);
        RowwiseBody.Layout layout = RowwiseBody.of(scans(r.ys()).get(0).body());
        assertNotNull(layout);
        assertArrayEquals(new boolean[] {true, true, false}, layout.parameters(), "h, x_t by rows, U shared");
        assertArrayEquals(new boolean[] {true, true}, layout.results());
    }

    @Test
    void aSumOverTheRowsOrALoopWithoutABatchAxisIsNotRunByRows() {
        Scan.Result mixed = scan((h, x) -> x.add(h.sum(true, 0).broadcastTo(h.shape())), Scan.Residuals.RECOMPUTE);
        assertNull(RowwiseBody.of(scans(mixed.ys()).get(0).body()), "row n reads every row");
        Node p = SourceOp.input("p", Shape.of(H, H));
        Scan.Result square = ControlFlowOp.scan(List.of(p), List.of(), (c, x) -> new Scan.Step(
                List.of(c.get(0).matmul(c.get(0))), List.of()), Scan.Options.defaults().withLength(2));
        assertNull(RowwiseBody.of(scans(square.carry()).get(0).body()), "no batch axis: nothing to split");
    }

    @Test
    void theGradientsReverseLoopIsRowByRowWhenTheWeightsGradientIsSummedAfterIt() {
        for (Scan.Residuals policy : Scan.Residuals.values()) {
            Scan.Result r = scan(this::cell, policy);
            Node loss = r.ys().get(0).square().sum();
            List<Scan> loops = scans(Autodiff.grad(loss, u, h0, xs));
            Scan reverse = loops.get(loops.size() - 1);
            // STORE stacks the factors of U's gradient and contracts them after the loop; RECOMPUTE carries the
            // sum over the rows and steps, which is not row by row
            assertEquals(policy == Scan.Residuals.STORE, RowwiseBody.of(reverse.body()) != null, policy.toString());
        }
    }

    @Test
    void blocksOfRowsGiveEveryRowTheBitsOfTheUnrolledLoop() {
        for (Scan.Residuals policy : Scan.Residuals.values()) {
            Scan.Result r = scan(this::cell, policy);
            Node loss = r.ys().get(0).square().sum().add(r.carry().get(0).mul(r.carry().get(0).sin()).sum());
            List<Node> scanned = new ArrayList<>(List.of(r.ys().get(0), r.carry().get(0)));
            scanned.addAll(Autodiff.grad(loss, h0, xs, u));
            Node h = h0;
            Node[] ys = new Node[T];
            for (int t = 0; t < T; t++) {
                Node next = cell(h, xs.slice(0, t, t + 1).squeeze(0));
                ys[t] = next.mul(h).unsqueeze(0);
                h = next;
            }
            Node stacked = MovementOp.concat(0, ys);
            Node unrolledLoss = stacked.square().sum().add(h.mul(h.sin()).sum());
            List<Node> unrolled = new ArrayList<>(List.of(stacked, h));
            unrolled.addAll(Autodiff.grad(unrolledLoss, h0, xs, u));
            for (int batch : new int[] {8, 16, 37}) {
                Key key = Key.of(batch);
                List<Tensor> args = List.of(Tensor.uniform(key.fold(0), DType.FLOAT64, Shape.of(T, batch, H), -1, 1),
                        Tensor.uniform(key.fold(1), DType.FLOAT64, Shape.of(H, H), -1, 1),
                        Tensor.uniform(key.fold(2), DType.FLOAT64, Shape.of(batch, H), -1, 1));
                List<Tensor> a = Function.of(List.of(xs, u, h0), scanned).call(args);
                List<Tensor> e = Function.of(List.of(xs, u, h0), unrolled).call(args);
                String[] names = {"ys", "final h", "dh0", "dxs", "du"};
                for (int i = 0; i < names.length; i++) {
                    // du with STORE: one contraction of the stacked factors after the loop (StepProducts), summed
                    // in another order than the unrolled graph's T products: rounding
                    boolean same = policy == Scan.Residuals.STORE && i == 4 ? e.get(i).allClose(a.get(i), 1e-13, 1e-13)
                            : e.get(i).sameValues(a.get(i));
                    assertTrue(same, names[i] + " (" + policy + ", N = " + batch + ", " + Parallel.threads()
                            + " threads): scan " + a.get(i) + ", unrolled " + e.get(i));
                }
            }
        }
    }
}
