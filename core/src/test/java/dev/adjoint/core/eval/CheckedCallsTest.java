package dev.adjoint.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.compile.RandomPrograms;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Anomaly detection checks the plan the unchecked function runs: a checked call that finds no anomaly returns
 * the unchecked call's results bit for bit (random graphs, values and gradients, float64 and float32), also
 * where the compiler's rewrites change the numbers of the graph as written ({@code log(exp x)},
 * {@code log(sigmoid x)}, {@code log(softmax x)}); an anomaly inside a fused step is reported at the user's node
 * that produced it; the identity of a reduction over an empty axis is not an anomaly.
 */
class CheckedCallsTest {

    private static List<Tensor> outputs(Function f, Tensor... args) {
        return f.call(args);
    }

    private static void assertBitIdentical(List<Tensor> expected, List<Tensor> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).sameValues(actual.get(i)), what + ": output " + i + " differs: "
                    + expected.get(i) + " vs " + actual.get(i));
        }
    }

    /** Checks one random program; returns whether the checked call ran without an anomaly. */
    private static boolean checkedEqualsUnchecked(int[] program, DType dtype, double scale) {
        Node x = SourceOp.input("x", Shape.of(3, 4), dtype);
        Node y = SourceOp.input("y", Shape.of(3, 4), dtype);
        Node out = RandomPrograms.build(program, x, y);
        Node loss = ReduceOp.sum(BinaryOp.mul(out, out));
        List<Node> outputs = new ArrayList<>(List.of(out, loss));
        outputs.addAll(Autodiff.grad(loss, List.of(x, y), Autodiff.Strictness.ZEROS_FOR_UNUSED));
        Function plain = Function.of(List.of(x, y), outputs);
        Function checked = plain.withAnomalyDetection();
        Tensor xv = Tensor.uniform(Key.of(program.length), dtype, Shape.of(3, 4), -scale, scale);
        Tensor yv = Tensor.uniform(Key.of(program.length + 1), dtype, Shape.of(3, 4), -scale, scale);
        List<Tensor> expected = outputs(plain, xv, yv);
        List<Tensor> actual;
        try {
            actual = outputs(checked, xv, yv);
        } catch (AnomalyException e) {
            return false;
        }
        assertBitIdentical(expected, actual, plain.explain());
        return true;
    }

    @Test
    void checkedCallsWithoutAnomalyAreBitIdenticalToUncheckedCallsOnRandomGraphs() {
        AtomicInteger clean = new AtomicInteger();
        int tries = 0;
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (double scale : new double[] {2, 200}) {
                tries += Property.forAll(RandomPrograms.PROGRAMS).named("checked == unchecked, " + dtype + ", "
                        + scale).tries(60).seed(17 + (long) scale).check(p -> {
                            if (checkedEqualsUnchecked(p, dtype, scale)) {
                                clean.incrementAndGet();
                            }
                        });
            }
        }
        assertTrue(clean.get() > tries / 2, "only " + clean.get() + " of " + tries + " graphs ran without an"
                + " anomaly: the property compared too little");
    }

    @Test
    void logOfExpIsTheUncheckedNumberAlsoWhereExpOverflows() {
        Node x = SourceOp.input("x", Shape.of(2));
        Function plain = Function.of(List.of(x), List.of(UnaryOp.log(UnaryOp.exp(x))));
        Function checked = plain.withAnomalyDetection();
        Tensor at = Tensor.vector(0.334, 1000);
        List<Tensor> expected = plain.call(at);
        assertEquals(0.334, expected.get(0).flat(0));
        assertEquals(1000.0, expected.get(0).flat(1));
        assertBitIdentical(expected, checked.call(at), "log(exp x)");
    }

    @Test
    void logOfSigmoidAndOfSoftmaxAreTheUncheckedNumbers() {
        Node x = SourceOp.input("x", Shape.of(16, 8));
        Function plain = Function.of(List.of(x), List.of(UnaryOp.log(UnaryOp.sigmoid(x)),
                UnaryOp.log(ReduceOp.softmax(x, 1))));
        Tensor at = Tensor.normal(Key.of(5), DType.FLOAT64, Shape.of(16, 8), 0, 30);
        assertBitIdentical(plain.call(at), plain.withAnomalyDetection().call(at), "log(sigmoid), log(softmax)");
    }

    @Test
    void softmaxAlongAnEmptyAxisIsNoAnomaly() {
        Node x = SourceOp.input("x", Shape.of(3, 0));
        Tensor none = Tensor.zeros(Shape.of(3, 0));
        for (Function f : List.of(Function.of(List.of(x), List.of(x.softmax(1), x.logSoftmax(1))),
                Function.unoptimized(List.of(x), List.of(x.softmax(1), x.logSoftmax(1))))) {
            List<Tensor> values = f.withAnomalyDetection().call(none);
            assertEquals(Shape.of(3, 0), values.get(0).shape());
            assertEquals(Shape.of(3, 0), values.get(1).shape());
        }
        // the identity -Infinity of a maximum over a batch of 0 rows as such is a result; computing with it is checked
        Node rows = SourceOp.input("rows", Shape.of(Shape.BATCH, 3));
        Node shifted = ReduceOp.max(rows, false, 0).add(1.0);
        AnomalyException e = assertThrows(AnomalyException.class, () -> Function.of(List.of(rows), List.of(shifted))
                .withAnomalyDetection().call(Tensor.zeros(Shape.of(0, 3))));
        assertTrue(e.getMessage().contains("add produced non-finite values, got 3 -Infinity"), e.getMessage());
        assertTrue(e.getMessage().contains("the identity of a reduction over an empty axis"), e.getMessage());
    }

    @Test
    void anAnomalyInsideAFusedStepIsReportedAtTheUsersNode() {
        Node x = SourceOp.input("x", Shape.of(4));
        Node root = UnaryOp.sqrt(x.mul(2.0).sub(1.0));
        Node out = root.add(1.0).neg();
        Function plain = Function.of(List.of(x), List.of(out));
        assertTrue(plain.explain().contains("elementwise fusion"), plain.explain());
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> plain.withAnomalyDetection().call(Tensor.vector(1, 2, 0, 3)));
        assertSame(root, e.node(), e.getMessage());
        assertTrue(e.getMessage().contains("sqrt produced non-finite values, got 1 NaN among 4 values"),
                e.getMessage());
        assertTrue(e.singularity().isPresent(), e.getMessage());
    }
}
