package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ArrangeOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gradient of a value read through slices that tile an axis (an LSTM's gates) is the concatenation of the
 * slices' cotangents, not a sum of padded arrays, however many slices there are; sums that are not such a tiling
 * stay sums.
 */
class DisjointPadsTest {

    private static final Node Z = SourceOp.input("z", Shape.of(Shape.BATCH, 8));

    /** {@code sum_g w_g * f_g(z[:, 2g : 2g + 2])} over the four blocks, each through its own function. */
    private static Node gates(Node z, Node w) {
        Node i = z.slice(-1, 0, 2).sigmoid();
        Node f = z.slice(-1, 2, 4).sigmoid();
        Node c = z.slice(-1, 4, 6).tanh();
        Node o = z.slice(-1, 6, 8).square();
        return MovementOp.concat(1, o, i.mul(c), f).mul(w).sum();
    }

    @Test
    void theGradientThroughSlicesTilingAnAxisIsTheirConcatenationWithTheSameValues() {
        Node w = SourceOp.input("w", Shape.of(6));
        Node grad = Autodiff.grad(gates(Z, w), Z);
        Function compiled = Function.of(List.of(Z, w), List.of(grad));
        assertTrue(compiled.explain().contains("sum of pads tiling an axis -> concat"), compiled::explain);
        for (Node n : compiled.plan().steps()) {
            assertFalse(n.op() instanceof MovementOp.Pad, "a pad is left: " + compiled.explain());
        }
        Tensor z = Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(5, 8), -2, 2);
        Tensor wv = Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(6), -2, 2);
        Tensor expected = Function.unoptimized(List.of(Z, w), List.of(grad)).call(z, wv).get(0);
        Tensor actual = compiled.call(z, wv).get(0);
        assertTrue(expected.sameValues(actual), "compiled " + actual + ", as written " + expected);
    }

    @Test
    void overlappingBlocksBlocksWithAHoleOrPaddedAlongTwoAxesStaySums() {
        Node a = SourceOp.input("a", Shape.of(3, 2));
        Node b = SourceOp.input("b", Shape.of(3, 3));
        Node overlapping = pad(a, 0, 2).add(pad(b, 1, 0)); // [0, 2) and [1, 4) of 4 columns
        Node tiling = pad(a, 0, 3).add(pad(b, 2, 0)); // [0, 2) and [2, 5) of 5: a tiling, for contrast
        Node hole = pad(a, 0, 4).add(pad(b, 3, 0)); // [0, 2) and [3, 6) of 6: column 2 is only zeros
        Node twoAxes = MovementOp.pad(a, new int[] {1, 0}, new int[] {0, 1}).add(MovementOp.pad(
                SourceOp.input("c", Shape.of(4, 3)), new int[] {0, 0}, new int[] {0, 0}));
        assertNull(new DisjointPads().concatenation(overlapping));
        assertNull(new DisjointPads().concatenation(hole));
        assertNull(new DisjointPads().concatenation(twoAxes));
        assertTrue(new DisjointPads().concatenation(tiling) != null, "two blocks tiling 5 columns");
    }

    @Test
    void theGradientThroughThousandsOfSlicesIsOneConcatenationCompiledInLinearTime() {
        int n = 5000;
        Node x = SourceOp.input("x", Shape.of(n, 2));
        List<Node> rows = new ArrayList<>(ArrangeOp.split(x, n, 0));
        Collections.reverse(rows);
        double[] weights = new double[2 * n];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i;
        }
        Node loss = MovementOp.concat(0, rows).mul(SourceOp.constant(Tensor.of(Shape.of(n, 2), weights))).sum();
        Function compiled = Function.of(List.of(x), List.of(Autodiff.grad(loss, x)));
        for (Node step : compiled.plan().steps()) {
            assertFalse(step.op() instanceof MovementOp.Pad, "a pad of the whole x is left for a row's cotangent");
        }
        double[] grad = compiled.call(Tensor.zeros(Shape.of(n, 2))).get(0).toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertEquals(weights[2 * (n - 1 - i)], grad[2 * i], "dloss/dx[" + i + ", 0] is the weight of row n-1-i");
            assertEquals(weights[2 * (n - 1 - i) + 1], grad[2 * i + 1]);
        }
    }

    private static Node pad(Node x, int before, int after) {
        return MovementOp.pad(x, new int[] {0, before}, new int[] {0, after});
    }
}
