package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Ranks stop at {@link Shape#MAX_RANK} wherever a graph could make a higher one (reshape, unsqueeze,
 * broadcast, a Jacobian's {@code y.shape + x.shape}), with the shape rule's error at build time, and a graph
 * holding a tensor of the maximum rank prints and draws.
 */
class RankLimitTest {

    private static Shape ones(int rank) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        return Shape.of(dims);
    }

    private static void rejected(org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains("rank must be at most 64, got rank 65"), e.getMessage());
    }

    @Test
    void opsThatAddAxesStopAtTheMaximumRank() {
        Node deepest = SourceOp.input("x", ones(Shape.MAX_RANK));
        rejected(() -> MovementOp.unsqueeze(deepest, 0));
        rejected(() -> MovementOp.reshape(deepest, ones(Shape.MAX_RANK + 1)));
        rejected(() -> MovementOp.broadcastTo(deepest, ones(Shape.MAX_RANK + 1)));
        Node half = SourceOp.input("h", ones(33));
        rejected(() -> Autodiff.jacobian(SourceOp.input("y", ones(32)).add(half.sum()), half));
    }

    @Test
    void aConstantOfTheMaximumRankPrintsAndDraws() {
        Node c = SourceOp.constant(Tensor.full(DType.FLOAT32, ones(Shape.MAX_RANK), 2.5)).exp();
        String printed = GraphPrinter.print(c);
        assertTrue(printed.contains("constant " + "[".repeat(64) + "2.5" + "]".repeat(64)), printed);
        assertEquals(2, printed.lines().filter(l -> l.startsWith("%")).count());
        assertTrue(Dot.export(c).contains("exp"));
    }
}
