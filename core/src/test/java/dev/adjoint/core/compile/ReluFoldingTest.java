package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.PoolOp;
import dev.adjoint.core.graph.PoolSpec;
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
 * {@link ReluFolding}: {@code relu(batchNormalize(x, gamma, beta))} becomes one pass ({@link
 * RectifiedBatchNormalize}), and a max pooling's gradient through its ReLU's mask one scatter ({@link
 * PoolOp.RectifiedMaxPoolScatter}), where the inner op has no other reader, with the bits of the unfolded graph
 * in the values, the gradients and a gradient of the gradient; the graph is left alone where the inner values are
 * needed elsewhere.
 */
class ReluFoldingTest {

    private static final String FOLD = "relu(batchNormalize) -> one pass";
    private static final String SCATTER = "maxPoolScatter * relu mask -> one pass";
    /** With its gradient in the graph, the normalization reads the gradient's statistics instead of folding. */
    private static final String SHARED = "batchNormalize -> the graph's mean and variance";

    /**
     * A convolutional block's normalize-then-rectify, alone (folded) and with its training gradient, as a compiled
     * step runs it (there {@link SharedBatchStatistics} rewrites the normalization first, and fusion takes the ReLU
     * into its pass).
     */
    @Test
    void aReluOfABatchNormalizationIsOnePassWithTheBitsOfTheTwo() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (Shape shape : List.of(Shape.of(6, 5, 5, 16), Shape.of(9, 3), Shape.of(7, 1), Shape.of(1, 4))) {
                for (boolean gradient : new boolean[] {false, true}) {
                    int c = shape.dim(shape.rank() - 1);
                    Node x = SourceOp.input("x", shape, dtype);
                    Node gamma = SourceOp.input("gamma", Shape.of(c), dtype);
                    Node beta = SourceOp.input("beta", Shape.of(c), dtype);
                    Node w = SourceOp.input("w", shape, dtype);
                    Node y = UnaryOp.relu(x.batchNormalize(gamma, beta, 1e-3));
                    Node loss = y.mul(w).sum();
                    List<Node> inputs = List.of(x, gamma, beta, w);
                    List<Node> outputs = new ArrayList<>(List.of(y, loss));
                    if (gradient) {
                        outputs.addAll(Autodiff.grad(loss, x, gamma, beta));
                    }
                    Function compiled = Function.of(inputs, outputs);
                    // one row: the gradient's means divide by 1, which simplification removes, so it holds no
                    // mean to share and the normalization folds as it does alone
                    boolean shared = gradient && shape.size() > c;
                    assertTrue(compiled.explain().contains(shared ? SHARED : FOLD), compiled.explain());
                    assertCompiledBitsAreTheWrittenGraphs(inputs, outputs, arguments(dtype, shape, c, 11));
                }
            }
        }
    }

    /**
     * NaN, infinities and signed zeros in x, a zero gamma (outputs of exactly 0 and -0 before the ReLU) and a
     * constant column (a zero variance): the ReLU's rule on each, and the gradient's mask, as the two ops give them.
     */
    @Test
    void specialValuesRectifyAsTheTwoOps() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Shape shape = Shape.of(4, 3);
            Node x = SourceOp.input("x", shape, dtype);
            Node gamma = SourceOp.input("gamma", Shape.of(3), dtype);
            Node beta = SourceOp.input("beta", Shape.of(3), dtype);
            Node y = UnaryOp.relu(x.batchNormalize(gamma, beta, 0));
            Node loss = y.sum();
            List<Node> inputs = List.of(x, gamma, beta);
            double nan = Double.NaN;
            double inf = Double.POSITIVE_INFINITY;
            List<Tensor> args = List.of(Tensor.of(dtype, shape, 1, 2, -0.0, 2, nan, -0.0, 3, 0, 0.0, 4, -inf, 0),
                    Tensor.of(dtype, Shape.of(3), 0, 1.5, -2), Tensor.of(dtype, Shape.of(3), -0.0, 0.5, 0));
            for (boolean gradient : new boolean[] {false, true}) {
                List<Node> outputs = new ArrayList<>(List.of(y));
                if (gradient) {
                    outputs.addAll(Autodiff.grad(loss, x, gamma, beta));
                }
                Function compiled = Function.of(inputs, outputs);
                assertTrue(compiled.explain().contains(gradient ? SHARED : FOLD), compiled.explain());
                assertCompiledBitsAreTheWrittenGraphs(inputs, outputs, args);
            }
        }
    }

    /**
     * A convolutional block's {@code maxPool(relu(batchNormalize(x)))} with its training gradient: the statistics
     * are shared ({@link SharedBatchStatistics}) and the scatter folds, and every output has the bits of the graph
     * as written, with pools that tile the input (2 x 2) and pools that do not (overlapping windows, same padding),
     * where the scatter applies the mask after summing.
     */
    @Test
    void aMaxPoolOfAReluTakesTheReluMaskIntoItsScatter() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (PoolSpec spec : List.of(PoolSpec.of(2), PoolSpec.of(3).withStrides(1),
                    PoolSpec.of(2).withPadding(dev.adjoint.core.graph.Padding.SAME))) {
                Shape shape = Shape.of(3, 7, 6, 20);
                Node x = SourceOp.input("x", shape, dtype);
                Node gamma = SourceOp.input("gamma", Shape.of(20), dtype);
                Node beta = SourceOp.input("beta", Shape.of(20), dtype);
                Node pooled = UnaryOp.relu(x.batchNormalize(gamma, beta, 1e-3)).maxPool(spec);
                Node w = SourceOp.input("w", pooled.shape(), dtype);
                Node loss = pooled.mul(w).sum();
                List<Node> inputs = List.of(x, gamma, beta, w);
                List<Node> outputs = new ArrayList<>(List.of(pooled));
                outputs.addAll(Autodiff.grad(loss, x, gamma, beta));
                Function compiled = Function.of(inputs, outputs);
                assertTrue(compiled.explain().contains(SHARED), compiled.explain());
                assertTrue(compiled.explain().contains(SCATTER), compiled.explain());
                List<Tensor> args = new ArrayList<>(arguments(dtype, shape, 20, 31).subList(0, 3));
                args.add(Tensor.uniform(Key.of(35), dtype, pooled.shape(), -1, 1));
                assertCompiledBitsAreTheWrittenGraphs(inputs, outputs, args);
            }
        }
    }

    /** A scatter whose values another op reads keeps its own product with the mask. */
    @Test
    void aScatterReadElsewhereIsNotFolded() {
        Node y = SourceOp.input("y", Shape.of(2, 4, 4, 3));
        Node g = SourceOp.input("g", Shape.of(2, 2, 2, 3));
        Node scatter = Node.apply(new PoolOp.MaxPoolScatter(PoolSpec.of(2, 2).withStrides(2, 2)), y, g);
        Node masked = scatter.mul(y.greater(0.0).cast(DType.FLOAT64));
        List<Node> outputs = List.of(masked.add(scatter.exp()));
        Function compiled = Function.of(List.of(y, g), outputs);
        assertFalse(compiled.explain().contains(SCATTER), compiled.explain());
        assertCompiledBitsAreTheWrittenGraphs(List.of(y, g), outputs, List.of(
                Tensor.uniform(Key.of(1), DType.FLOAT64, y.shape(), -1, 1),
                Tensor.uniform(Key.of(2), DType.FLOAT64, g.shape(), -1, 1)));
    }

    /** The Hessian-vector product through the folded op: the gradient's graph differentiated again. */
    @Test
    void theGradientOfTheGradientIsTheTwoOpsOne() {
        Shape shape = Shape.of(8, 4);
        Node x = SourceOp.input("x", shape);
        Node gamma = SourceOp.input("gamma", Shape.of(4));
        Node beta = SourceOp.input("beta", Shape.of(4));
        Node w = SourceOp.input("w", shape);
        Node loss = UnaryOp.relu(x.batchNormalize(gamma, beta, 1e-3)).mul(w).sum();
        Node xBar = Autodiff.grad(loss, x);
        Node second = xBar.mul(w).sum();
        List<Node> inputs = List.of(x, gamma, beta, w);
        List<Node> outputs = Autodiff.grad(second, x, gamma);
        assertCompiledBitsAreTheWrittenGraphs(inputs, outputs, arguments(DType.FLOAT64, shape, 4, 5));
        // and built on the folded op directly, the same values as on the two ops
        Node folded = Node.apply(new RectifiedBatchNormalize(1e-3), x, gamma, beta);
        Node foldedLoss = folded.mul(w).sum();
        Node foldedSecond = Autodiff.grad(foldedLoss, x).mul(w).sum();
        List<Node> foldedOutputs = Autodiff.grad(foldedSecond, x, gamma);
        List<Tensor> args = arguments(DType.FLOAT64, shape, 4, 5);
        List<Tensor> expected = Function.unoptimized(inputs, outputs).call(args);
        List<Tensor> actual = Function.unoptimized(inputs, foldedOutputs).call(args);
        for (int i = 0; i < expected.size(); i++) {
            assertSameBits(expected.get(i), actual.get(i));
        }
    }

    /** Normalized values that are an output, or that another op reads, stay stored: nothing is folded. */
    @Test
    void normalizedValuesReadElsewhereAreNotFolded() {
        Node x = SourceOp.input("x", Shape.of(5, 3));
        Node gamma = SourceOp.input("gamma", Shape.of(3));
        Node beta = SourceOp.input("beta", Shape.of(3));
        Node normalized = x.batchNormalize(gamma, beta, 1e-3);
        List<Node> inputs = List.of(x, gamma, beta);
        List<Tensor> args = arguments(DType.FLOAT64, Shape.of(5, 3), 3, 2).subList(0, 3);
        for (List<Node> outputs : List.of(List.of(UnaryOp.relu(normalized), normalized),
                List.of(UnaryOp.relu(normalized).add(normalized.exp())))) {
            Function compiled = Function.of(inputs, outputs);
            assertFalse(compiled.explain().contains(FOLD), compiled.explain());
            assertCompiledBitsAreTheWrittenGraphs(inputs, outputs, args);
        }
    }

    @Test
    void theFoldedOpChecksItsInputsAsBatchNormalizeDoes() {
        Node x = SourceOp.input("x", Shape.of(5, 3));
        Node gamma = SourceOp.input("gamma", Shape.of(4));
        Node beta = SourceOp.input("beta", Shape.of(3));
        IllegalArgumentException wrongGamma = assertThrows(IllegalArgumentException.class,
                () -> Node.apply(new RectifiedBatchNormalize(1e-3), x, gamma, beta));
        assertTrue(wrongGamma.getMessage().contains("gamma must be [3]"), wrongGamma.getMessage());
        IllegalArgumentException twoInputs = assertThrows(IllegalArgumentException.class,
                () -> Node.apply(new RectifiedBatchNormalize(1e-3), x, beta));
        assertEquals("batchNormalize+relu: takes 3 inputs (x, gamma, beta), got 2", twoInputs.getMessage());
    }

    /** x, gamma, beta and an upstream weight of x's shape, random; gamma of both signs. */
    private static List<Tensor> arguments(DType dtype, Shape shape, int c, int seed) {
        return List.of(Tensor.uniform(Key.of(seed), dtype, shape, -2, 2),
                Tensor.uniform(Key.of(seed + 1), dtype, Shape.of(c), -1.5, 1.5),
                Tensor.uniform(Key.of(seed + 2), dtype, Shape.of(c), -1, 1),
                Tensor.uniform(Key.of(seed + 3), dtype, shape, -1, 1));
    }

    /** Every output of the compiled function has the shape and the bits of the graph as written. */
    private static void assertCompiledBitsAreTheWrittenGraphs(List<Node> inputs, List<Node> outputs,
            List<Tensor> args) {
        List<Tensor> expected = Function.unoptimized(inputs, outputs).call(args);
        List<Tensor> actual = Function.of(inputs, outputs).call(args);
        for (int i = 0; i < outputs.size(); i++) {
            assertSameBits(expected.get(i), actual.get(i));
        }
    }

    private static void assertSameBits(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.flat(i)), Double.doubleToLongBits(actual.flat(i)),
                    "element " + i + ": expected " + expected.flat(i) + ", got " + actual.flat(i));
        }
    }
}
