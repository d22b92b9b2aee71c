package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedBatchStatistics}: a batch normalization whose mean and variance the graph also computes (its
 * gradient does) reads them, with the bits of the graph as written in every output; it is left alone where the
 * graph holds other statistics or only one of the two.
 */
class SharedBatchStatisticsTest {

    private static final String SHARED = "batchNormalize -> the graph's mean and variance";

    /** With N an axis of x, the means divide by {@code count}, not a constant: still recognized, same bits. */
    @Test
    void aTrainingGraphWithABatchAxisSharesItsStatistics() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (Shape shape : List.of(Shape.of(Shape.BATCH, 4, 3, 8), Shape.of(Shape.BATCH, 5), Shape.of(
                    Shape.BATCH, 1))) {
                int c = shape.dim(shape.rank() - 1);
                Node x = SourceOp.input("x", shape, dtype);
                Node gamma = SourceOp.input("gamma", Shape.of(c), dtype);
                Node beta = SourceOp.input("beta", Shape.of(c), dtype);
                Node w = SourceOp.input("w", shape, dtype);
                Node y = x.batchNormalize(gamma, beta, 1e-3);
                Node loss = y.mul(w).sum();
                List<Node> outputs = new ArrayList<>(List.of(y, loss));
                outputs.addAll(Autodiff.grad(loss, x, gamma, beta));
                List<Node> inputs = List.of(x, gamma, beta, w);
                Shape concrete = Shape.of(shape.rank() == 2 ? new int[] {7, c} : new int[] {6, 4, 3, 8});
                List<Tensor> args = List.of(Tensor.uniform(Key.of(1), dtype, concrete, -3, 3),
                        Tensor.uniform(Key.of(2), dtype, Shape.of(c), -1.5, 1.5),
                        Tensor.uniform(Key.of(3), dtype, Shape.of(c), -1, 1),
                        Tensor.uniform(Key.of(4), dtype, concrete, -1, 1));
                assertFired(inputs, outputs, args, true);
            }
        }
    }

    /**
     * Two blocks in a row: the second normalization's statistics depend on the first's rewritten values and come
     * after both normalizations in the written graph's order.
     */
    @Test
    void stackedNormalizationsEachReadTheirOwnStatistics() {
        Node x = SourceOp.input("x", Shape.of(9, 6));
        Node w = SourceOp.input("w", Shape.of(6, 4));
        Node g1 = SourceOp.input("g1", Shape.of(6));
        Node b1 = SourceOp.input("b1", Shape.of(6));
        Node g2 = SourceOp.input("g2", Shape.of(4));
        Node b2 = SourceOp.input("b2", Shape.of(4));
        Node hidden = UnaryOp.relu(x.batchNormalize(g1, b1, 1e-3)).matmul(w);
        Node y = UnaryOp.tanh(hidden.batchNormalize(g2, b2, 1e-5));
        Node loss = y.square().sum();
        List<Node> inputs = List.of(x, w, g1, b1, g2, b2);
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autodiff.grad(loss, x, w, g1, b1, g2, b2));
        List<Tensor> args = List.of(Tensor.uniform(Key.of(5), DType.FLOAT64, Shape.of(9, 6), -2, 2),
                Tensor.uniform(Key.of(6), DType.FLOAT64, Shape.of(6, 4), -1, 1),
                Tensor.uniform(Key.of(7), DType.FLOAT64, Shape.of(6), 0.5, 1.5),
                Tensor.uniform(Key.of(8), DType.FLOAT64, Shape.of(6), -1, 1),
                Tensor.uniform(Key.of(9), DType.FLOAT64, Shape.of(4), 0.5, 1.5),
                Tensor.uniform(Key.of(10), DType.FLOAT64, Shape.of(4), -1, 1));
        Function compiled = assertFired(inputs, outputs, args, true);
        assertEquals(2, count(compiled.explain()), compiled.explain());
    }

    /**
     * Statistics the user wrote next to the normalization (the moving statistics a layer keeps) are the same
     * nodes after common subexpressions: the normalization reads them, its gradient absent.
     */
    @Test
    void statisticsWrittenBesideTheNormalizationAreShared() {
        Node x = SourceOp.input("x", Shape.of(8, 5, 3), DType.FLOAT32);
        Node gamma = SourceOp.input("gamma", Shape.of(3), DType.FLOAT32);
        Node beta = SourceOp.input("beta", Shape.of(3), DType.FLOAT32);
        Node mean = x.mean(0, 1);
        Node variance = x.sub(mean).square().mean(0, 1);
        List<Node> outputs = List.of(x.batchNormalize(gamma, beta, 0.01), mean, variance);
        assertFired(List.of(x, gamma, beta), outputs, List.of(Tensor.uniform(Key.of(11), DType.FLOAT32,
                Shape.of(8, 5, 3), -4, 4), Tensor.uniform(Key.of(12), DType.FLOAT32, Shape.of(3), -1, 1),
                Tensor.uniform(Key.of(13), DType.FLOAT32, Shape.of(3), -1, 1)), true);
    }

    /**
     * A mean alone, a mean over other axes, or a variance about another centre (also one whose mean is reshaped
     * onto another axis): the kernel's own statistics.
     */
    @Test
    void otherStatisticsLeaveTheNormalizationAlone() {
        Node x = SourceOp.input("x", Shape.of(8, 5, 3));
        Node gamma = SourceOp.input("gamma", Shape.of(3));
        Node beta = SourceOp.input("beta", Shape.of(3));
        Node normalized = x.batchNormalize(gamma, beta, 0.01);
        Node mean = x.mean(0, 1);
        Node partial = x.mean(0);
        Node shifted = x.sub(partial.mean(0).add(1.0)).square().mean(0, 1);
        List<Tensor> args = List.of(Tensor.uniform(Key.of(14), DType.FLOAT64, Shape.of(8, 5, 3), -4, 4),
                Tensor.uniform(Key.of(15), DType.FLOAT64, Shape.of(3), -1, 1),
                Tensor.uniform(Key.of(16), DType.FLOAT64, Shape.of(3), -1, 1));
        // a reviewer's case: the column means reshaped to a column, so the "deviation" is centred per row
        Node square = SourceOp.input("square", Shape.of(4, 4));
        Node perRow = square.sub(square.mean(0).reshape(4, 1));
        Node squareNormalized = square.batchNormalize(SourceOp.input("g", Shape.of(4)),
                SourceOp.input("b", Shape.of(4)), 1e-3);
        assertFired(List.of(square, squareNormalized.inputs().get(1), squareNormalized.inputs().get(2)),
                List.of(squareNormalized, perRow.mul(perRow).mean(0)), List.of(Tensor.uniform(Key.of(17),
                DType.FLOAT64, Shape.of(4, 4), -2, 2), Tensor.uniform(Key.of(18), DType.FLOAT64, Shape.of(4), -1, 1),
                Tensor.uniform(Key.of(19), DType.FLOAT64, Shape.of(4), -1, 1)), false);
        for (List<Node> outputs : List.of(List.of(normalized, mean), List.of(normalized, partial,
                partial.sub(partial.mean(0)).square().mean(0)), List.of(normalized, mean, shifted))) {
            assertFired(List.of(x, gamma, beta), outputs, args, false);
        }
    }

    /** Compiles, checks whether the pass fired, and compares every output's bits with the graph as written. */
    private static Function assertFired(List<Node> inputs, List<Node> outputs, List<Tensor> args, boolean fired) {
        Function compiled = Function.of(inputs, outputs);
        assertEquals(fired, compiled.explain().contains(SHARED), compiled.explain());
        List<Tensor> expected = Function.unoptimized(inputs, outputs).call(args);
        List<Tensor> actual = compiled.call(args);
        for (int i = 0; i < outputs.size(); i++) {
            Tensor e = expected.get(i);
            Tensor a = actual.get(i);
            assertEquals(e.shape(), a.shape());
            for (int k = 0; k < e.size(); k++) {
                assertEquals(Double.doubleToLongBits(e.flat(k)), Double.doubleToLongBits(a.flat(k)),
                        "output " + i + " element " + k + ": expected " + e.flat(k) + ", got " + a.flat(k));
            }
        }
        assertFalse(fired && compiled.explain().contains("relu(batchNormalize) -> one pass"), compiled.explain());
        return compiled;
    }

    /** How many normalizations the report says were rewritten ({@code "... x2"}, or once without a count). */
    private static int count(String explain) {
        for (String line : explain.split("\n")) {
            if (line.contains(SHARED)) {
                String tail = line.substring(line.indexOf(SHARED) + SHARED.length()).trim();
                return tail.startsWith("x") ? Integer.parseInt(tail.substring(1).trim()) : 1;
            }
        }
        return 0;
    }
}
