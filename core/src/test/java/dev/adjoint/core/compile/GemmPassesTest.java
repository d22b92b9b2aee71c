package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ContractionOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The passes that hand more work to one GEMM: {@link BiasFolding} ({@code x W + b} as one kernel) and
 * {@link ContractionMerging} (contractions that share an operand as one). Each fires where its pattern is
 * sound, not elsewhere, and the compiled function gives exactly the bits of the graph as written.
 */
class GemmPassesTest {

    private static final String FOLD = "matmul + bias -> GEMM with bias";
    private static final String MERGE = "contractions sharing an operand -> one contraction";

    @Test
    void aDenseLayersBiasIsFoldedIntoItsProductWithTheSameBits() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 5, 7), dtype);
            Node w = SourceOp.input("w", Shape.of(7, 3), dtype);
            Node b = SourceOp.input("b", Shape.of(3), dtype);
            Node y = x.matmul(w).add(b).sum(1);
            List<Tensor> args = List.of(uniform(1, dtype, Shape.of(4, 5, 7)), uniform(2, dtype, Shape.of(7, 3)),
                    uniform(3, dtype, Shape.of(3)));
            Function compiled = Function.of(List.of(x, w, b), List.of(y));
            assertTrue(compiled.explain().contains(FOLD), compiled.explain());
            assertSameBits(Function.unoptimized(List.of(x, w, b), List.of(y)).call(args).get(0),
                    compiled.call(args).get(0));
        }
    }

    /**
     * A sum that an elementwise op alone reads, a dense layer's {@code tanh(x W + b)}, is left to elementwise
     * fusion (the bias joins the activation's pass over the product), with the bits of the graph as written.
     */
    @Test
    void aSumReadByAnElementwiseOpIsLeftToFusion() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 7));
        Node w = SourceOp.input("w", Shape.of(7, 3));
        Node b = SourceOp.input("b", Shape.of(3));
        Node y = x.matmul(w).add(b).tanh();
        Function compiled = Function.of(List.of(x, w, b), List.of(y));
        assertFalse(compiled.explain().contains(FOLD), compiled.explain());
        assertCompiledBitsAreTheWrittenGraphs(List.of(x, w, b), List.of(y), List.of(uniform(1, DType.FLOAT64,
                Shape.of(6, 7)), uniform(2, DType.FLOAT64, Shape.of(7, 3)), uniform(3, DType.FLOAT64, Shape.of(3))));
    }

    @Test
    void aProductReadElsewhereKeepsItsOwnAdd() {
        Node x = SourceOp.input("x", Shape.of(4, 6));
        Node w = SourceOp.input("w", Shape.of(6, 5));
        Node b = SourceOp.input("b", Shape.of(5));
        Node product = x.matmul(w);
        List<Node> outputs = List.of(product.add(b), product.mul(2.0));
        Function compiled = Function.of(List.of(x, w, b), outputs);
        assertFalse(compiled.explain().contains(FOLD), compiled.explain());
        assertCompiledBitsAreTheWrittenGraphs(List.of(x, w, b), outputs, List.of(uniform(4, DType.FLOAT64,
                Shape.of(4, 6)), uniform(5, DType.FLOAT64, Shape.of(6, 5)), uniform(6, DType.FLOAT64, Shape.of(5))));
    }

    /**
     * {@code xᵀ dZ}, {@code hᵀ dZ} and {@code Σ dZ} over (T, N), a recurrent layer's weight and bias gradients:
     * one contraction (the sum as a row of ones); a sum over other axes stays a sum.
     */
    @Test
    void contractionsSharingTheStackedCotangentAreOneWithTheSameBits() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node x = SourceOp.input("x", Shape.of(6, Shape.BATCH, 3), dtype);
            Node h = SourceOp.input("h", Shape.of(6, Shape.BATCH, 5), dtype);
            Node dz = SourceOp.input("dz", Shape.of(6, Shape.BATCH, 20), dtype);
            int[] none = {};
            int[] tn = {0, 1};
            List<Node> outputs = List.of(ContractionOp.contract(x, dz, none, none, tn, tn),
                    ContractionOp.contract(h.tanh(), dz, none, none, tn, tn), dz.sum(0, 1), dz.sum(1));
            List<Node> inputs = List.of(x, h, dz);
            List<Tensor> args = List.of(uniform(7, dtype, Shape.of(6, 4, 3)), uniform(8, dtype, Shape.of(6, 4, 5)),
                    uniform(9, dtype, Shape.of(6, 4, 20)));
            Function compiled = Function.of(inputs, outputs);
            assertTrue(compiled.explain().contains(MERGE), compiled.explain());
            assertCompiledBitsAreTheWrittenGraphs(inputs, outputs, args);
        }
    }

    /** The second contraction's operand is computed from the first's result: merging them would be a cycle. */
    @Test
    void aContractionWhoseOperandNeedsTheOtherIsNotMerged() {
        Node a = SourceOp.input("a", Shape.of(8, 2));
        Node dz = SourceOp.input("dz", Shape.of(8, 40));
        int[] none = {};
        int[] k = {0};
        Node first = ContractionOp.contract(a, dz, none, none, k, k); // [2, 40]
        Node second = ContractionOp.contract(first.sum(1).reshape(1, 2).broadcastTo(Shape.of(8, 2)).mul(a), dz,
                none, none, k, k);
        List<Node> outputs = List.of(first, second);
        Function compiled = Function.of(List.of(a, dz), outputs);
        assertFalse(compiled.explain().contains(MERGE), compiled.explain());
        assertCompiledBitsAreTheWrittenGraphs(List.of(a, dz), outputs, List.of(uniform(10, DType.FLOAT64,
                Shape.of(8, 2)), uniform(11, DType.FLOAT64, Shape.of(8, 40))));
    }

    /** Merging copies the A_i: when they are larger than the shared operand, it does not pay and is not done. */
    @Test
    void contractionsWithOperandsLargerThanTheSharedOneAreNotMerged() {
        Node a1 = SourceOp.input("a1", Shape.of(8, 30));
        Node a2 = SourceOp.input("a2", Shape.of(8, 30));
        Node small = SourceOp.input("small", Shape.of(8, 2));
        int[] none = {};
        int[] k = {0};
        List<Node> outputs = new ArrayList<>(List.of(ContractionOp.contract(a1, small, none, none, k, k),
                ContractionOp.contract(a2, small, none, none, k, k)));
        assertFalse(Function.of(List.of(a1, a2, small), outputs).explain().contains(MERGE));
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

    private static Tensor uniform(int seed, DType dtype, Shape shape) {
        return Tensor.uniform(Key.of(seed), dtype, shape, -1, 1);
    }

    private static void assertSameBits(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.flat(i)), Double.doubleToLongBits(actual.flat(i)),
                    "element " + i + ": expected " + expected.flat(i) + ", got " + actual.flat(i));
        }
    }
}
