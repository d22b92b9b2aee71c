package dev.adjoint.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan is an inspectable value (steps in topological order, argument slots, the slots each step releases,
 * input and output slots), and the plain runner alone evaluates it to the compiled function's results, bit for
 * bit: the reference evaluator that buffer reuse and anomaly checks are layered on.
 */
class PlanTest {

    private final Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
    private final Node w = SourceOp.input("w", Shape.of(3, 2));
    private final Node y = x.matmul(w).tanh();

    @Test
    void aPlanListsStepsArgumentSlotsAndLiveness() {
        Plan plan = Plan.of(List.of(x, w), List.of(y));
        assertEquals(4, plan.size());
        assertEquals(List.of(x, w, y.inputs().get(0), y), plan.steps());
        assertEquals(2, plan.argumentCount(2));
        assertEquals(0, plan.argumentSlot(2, 0));
        assertEquals(1, plan.argumentSlot(2, 1));
        assertArrayEquals(new int[] {0, 1}, plan.releasedAfter(2), "x and W die after the matmul");
        assertArrayEquals(new int[] {2}, plan.releasedAfter(3), "the matmul dies after tanh");
        assertArrayEquals(new int[0], plan.releasedAfter(0));
        assertEquals(3, plan.outputSlot(0));
        assertEquals(1, plan.inputSlot(1));
        assertEquals("%0 = input \"x\" : f64[N, 3]\n%1 = input \"w\" : f64[3, 2]\n"
                + "%2 = matmul(%0, %1) : f64[N, 2]; releases %0, %1\n%3 = tanh(%2) : f64[N, 2]; releases %2\n",
                plan.toString());
    }

    @Test
    void thePlainRunnerGivesTheFunctionsResultsBitForBit() {
        Node loss = y.square().sum();
        List<Node> outputs = new ArrayList<>(List.of(y, loss));
        outputs.addAll(Autodiff.grad(loss, x, w));
        Function f = Function.of(List.of(x, w), outputs);
        Tensor xv = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(5, 3), 0, 1);
        Tensor wv = Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(3, 2), 0, 1);
        List<Tensor> expected = f.call(xv, wv);
        List<Tensor> plain = new Runner(f.plan()).run(List.of(xv, wv), 5);
        List<Tensor> written = new Runner(Plan.of(List.of(x, w), outputs)).run(List.of(xv, wv), 5);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).sameValues(plain.get(i)), "output " + i + " of the compiled plan");
            assertTrue(expected.get(i).allClose(written.get(i), 1e-12, 1e-12), "output " + i + " as written");
        }
        assertTrue(f.plan().size() <= Plan.of(List.of(x, w), outputs).size(), f.explain());
        assertEquals(f.size(), f.plan().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Runner(f.plan()).run(List.of(xv), 5));
        assertEquals("run: expects 2 arguments, got 1", e.getMessage());
    }

    @Test
    void unusedInputsHaveNoSlotAndSharedNodesOneStep() {
        Node unused = SourceOp.input("u", Shape.of(2));
        Node s = UnaryOp.sin(w);
        Plan plan = Plan.of(List.of(w, unused), List.of(s.add(s)));
        assertEquals(-1, plan.inputSlot(1));
        assertEquals(3, plan.size(), plan.toString());
    }
}
