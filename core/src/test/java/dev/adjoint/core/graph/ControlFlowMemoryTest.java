package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a compiled function keeps per control-flow node: each body is compiled at its first call and its compiled
 * form kept. A chain of checkpoints with its gradient (two small bodies per link) kept about 12.6 KB per link:
 * every body's rewrite record held a numbering of its graph whose table is sized by the nodes' global ids (a
 * kilobyte per 256 ids touched), and every body's buffer pool three identity tables of 32 entries. Now about
 * 6.7 KB, most of it the plans themselves.
 */
class ControlFlowMemoryTest {

    @Test
    void aChainOfCheckpointsKeepsLessThanNineKilobytesPerLinkOnceCompiledAndCalled() {
        int links = 2_000;
        Node x = SourceOp.input("x", Shape.of(3));
        Node y = x;
        for (int i = 0; i < links; i++) {
            y = ControlFlowOp.checkpoint(List.of(y), a -> List.of(a.get(0).mul(0.5).sin())).get(0);
        }
        Function f = Function.of(List.of(x), List.of(y, Autodiff.grad(y.sum(), x)));
        long before = liveBytes();
        f.call(Tensor.vector(0.1, 0.2, 0.3));
        long perLink = (liveBytes() - before) / links;
        assertTrue(perLink < 9_000, "compiled bodies kept " + perLink + " bytes per link (12,600 before); "
                + f.explain());
    }

    private static long liveBytes() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
