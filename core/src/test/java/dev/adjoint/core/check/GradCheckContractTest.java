package dev.adjoint.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.CustomOpGradCheckTest.Cube;
import dev.adjoint.core.check.CustomOpGradCheckTest.WrongCube;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Scan;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/**
 * What {@link GradCheck} promises beyond comparing numbers: it refuses checks that would compare nothing, it
 * picks the float32 tolerance wherever float32 is computed, its float32 differences carry no summation noise,
 * and it checks functions with several outputs.
 */
class GradCheckContractTest {

    @Test
    void emptyWrtIsAnErrorInEveryMode() {
        Node x = SourceOp.input("x", Shape.of(3));
        Bindings at = Bindings.of(x, Tensor.vector(0.5, 1, 2));
        List<Node> none = List.of();
        String check = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(x.sin(), none, at))
                .getMessage();
        assertTrue(check.contains("at least one input in wrt, got none"), check);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkDirection(x.sin(), none, at, Key.of(1)));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkSecondOrder(x.sin(), none, at, Key.of(1)));
    }

    /** An input the function reads but the point leaves unbound is named, with the fix: bind it. */
    @Test
    void anUnboundInputIsNamedWithTheAdviceToBindIt() {
        Node d = SourceOp.input("d", Shape.of(3));
        Node x = SourceOp.input("x", Shape.of(3));
        Bindings at = Bindings.of(d, Tensor.vector(0.5, 1, 2));
        String expected = "gradcheck: the point must bind every input the outputs read, got no value for input 'x' :"
                + " f64[3]; bind it in the Bindings beside the inputs in wrt (an input held fixed is bound but left"
                + " out of wrt)";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(d.mul(x), List.of(d), at)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkDirection(d.mul(x), List.of(d), at, Key.of(1))).getMessage());
        GradCheck.check(d.mul(x), List.of(d), at.and(x, Tensor.vector(1, -1, 3))).assertPassed();
    }

    @Test
    void anInputOfSizeZeroIsComparedNowhere() {
        Node e = SourceOp.input("e", Shape.of(0, 3));
        Bindings at = Bindings.of(e, Tensor.zeros(DType.FLOAT64, Shape.of(0, 3)));
        GradCheckReport report = GradCheck.check(e.sin(), List.of(e), at).assertPassed();
        assertEquals(0, report.comparisons());
        assertEquals("gradcheck per-element: passed (0 comparisons: every input in wrt has size 0)", report.toString());
    }

    /** A report counts the disagreements and names the worst one's input, element (flat and per axis) and point. */
    @Test
    void aFailedReportSaysHowManyDisagreeAndWhere() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Tensor value = Tensor.uniform(Key.of(5), DType.FLOAT64, Shape.of(2, 3), 0.5, 2);
        Tensor onlyElement4 = Tensor.of(DType.FLOAT64, Shape.of(2, 3), 0, 0, 0, 0, 1, 0);
        Node f = Node.apply(new WrongCube(), x).mul(SourceOp.constant(onlyElement4));
        GradCheckReport report = GradCheck.check(f, List.of(x), Bindings.of(x, value));
        assertFalse(report.passed());
        assertEquals(1, report.disagreements());
        assertEquals(4, report.worstIndex());
        assertEquals(List.of(1, 1), report.worstPosition());
        assertEquals(value.flat(4), report.worstPoint());
        String text = report.toString();
        assertTrue(text.startsWith("gradcheck per-element: FAILED (1 of 6 comparisons disagree); worst at input 'x'"
                + " element 4 [1, 1] (value " + value.flat(4) + "): analytic "), text);
        GradCheckReport passing = GradCheck.check(x.sin(), List.of(x), Bindings.of(x, value));
        assertTrue(passing.passed() && passing.disagreements() == 0, passing.toString());
        assertTrue(passing.toString().startsWith("gradcheck per-element: passed (6 comparisons); worst at input"),
                passing.toString());
    }

    /** At 1e6 the float32 numbers are 0.0625 apart: x +- 0.01 is x, and the difference quotient 0 / 0. */
    @Test
    void aStepThatRoundsToNothingIsAnErrorNamingTheElement() {
        Node x = SourceOp.input("x", Shape.of(3), DType.FLOAT32);
        Bindings at = Bindings.of(x, Tensor.of(DType.FLOAT32, Shape.of(3), 3, 1e6, 2e6));
        String message = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(x.mul(2.0), List.of(x), at)).getMessage();
        assertTrue(message.contains("input 'x' element 1 (x = 1000000.0, eps 0.01, spacing of f32 numbers there"
                + " 0.0625)"), message);
        Bindings allLarge = Bindings.of(x, Tensor.of(DType.FLOAT32, Shape.of(3), 1e6, 2e6, 3e6));
        assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkDirection(x.mul(2.0), List.of(x), allLarge, Key.of(1)));
        assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkSecondOrder(x.square(), List.of(x), allLarge, Key.of(1)));
    }

    /** A float64 result computed in float32 has float32 noise: the default tolerance is float32's. */
    @Test
    void defaultToleranceIsFloat32WhereFloat32IsComputed() {
        Node x = SourceOp.input("x", Shape.of(3), DType.FLOAT32);
        Bindings at = Bindings.of(x, Tensor.of(DType.FLOAT32, Shape.of(3), 0.5, 1, 2));
        GradCheckReport report = GradCheck.check(x.exp().sin().cast(DType.FLOAT64), List.of(x), at).assertPassed();
        assertEquals(Tolerance.FLOAT32, report.tolerance());
        Node y = SourceOp.input("y", Shape.of(3));
        Bindings both = at.and(y, Tensor.vector(0.5, 1, 2));
        assertEquals(Tolerance.FLOAT64, GradCheck.check(y.sin().mul(x.cast(DType.FLOAT64)), List.of(y), both)
                .tolerance(), "a float32 value that does not move with wrt adds no noise");
    }

    /**
     * {@code 0.01 x + 1000} over 32 x 32 float32 elements: the loss is about 2e4, where float32 numbers are
     * 0.002 apart, so a float32 sum would put about 0.1 of rounding into every difference quotient of true
     * value 0.01 (they are summed in float64: what is left is the rounding of f itself).
     */
    @Test
    void float32DifferencesCarryNoSummationNoise() {
        Node x = SourceOp.input("x", Shape.of(32, 32), DType.FLOAT32);
        Bindings at = Bindings.of(x, Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(32, 32), -1, 1));
        GradCheckReport report = GradCheck.check(x.mul(0.01).add(1000.0), List.of(x), at).assertPassed();
        assertTrue(report.absoluteError() < 0.005, report.toString());
    }

    @Test
    void severalOutputsAreCheckedTogether() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node w = SourceOp.input("w", Shape.of(3));
        Bindings at = Bindings.of(x, Tensor.uniform(Key.of(5), DType.FLOAT64, Shape.of(2, 3), 0.5, 2))
                .and(w, Tensor.vector(0.3, -0.7, 1.1));
        Node right = Node.apply(new Cube(), x);
        Node wrong = Node.apply(new WrongCube(), x);
        List<Node> outputs = List.of(right.add(w), x.sum().mul(w.sum()));
        GradCheck.check(outputs, List.of(x, w), at).assertPassed();
        GradCheck.checkDirection(outputs, List.of(x, w), at, Key.of(1)).assertPassed();
        GradCheck.checkSecondOrder(outputs, List.of(x, w), at, Key.of(2)).assertPassed();
        List<Node> secondWrong = List.of(right, wrong.mul(w).sum());
        GradCheckReport report = GradCheck.check(secondWrong, List.of(x, w), at);
        assertFalse(report.passed(), report.toString());
        assertEquals("x", report.worstInput());
        assertFalse(GradCheck.checkDirection(secondWrong, List.of(x, w), at, Key.of(1)).passed());
        String message = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(List.of(right, x.argmax(0)), List.of(x), at)).getMessage();
        assertTrue(message.contains("output 1 must be floating-point, got i64[3]"), message);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(List.of(), List.of(x), at));
    }

    /** A loop's final carry and its stacked outputs are checked as parts; the loop's tuple node is refused. */
    @Test
    void aNodeWithSeveralOutputsIsCheckedThroughItsParts() {
        Node h0 = SourceOp.input("h0", Shape.of(2));
        Node xs = SourceOp.input("xs", Shape.of(3, 2));
        Bindings at = Bindings.of(h0, Tensor.vector(0.4, -0.3))
                .and(xs, Tensor.matrix(new double[][] {{0.5, 1.5}, {-0.7, 0.2}, {1.1, -0.9}}));
        Scan.Result loop = ControlFlowOp.scan(List.of(h0), List.of(xs), (carry, seq) -> {
            Node next = carry.get(0).mul(seq.get(0)).add(seq.get(0)).tanh();
            return new Scan.Step(List.of(next), List.of(next.square()));
        });
        List<Node> parts = List.of(loop.carry().get(0), loop.ys().get(0));
        GradCheck.check(parts, List.of(h0, xs), at).assertPassed();
        Node tuple = loop.carry().get(0).inputs().get(0);
        String message = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(tuple, List.of(h0, xs), at)).getMessage();
        assertTrue(message.contains("output 0 must be a single value, got a node with several outputs"), message);
    }
}
