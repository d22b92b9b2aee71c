package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Products against a naive reference: {@code einsum} (and through it {@code contract}) against the literal
 * definition (a sum over every assignment of the summed labels), {@code tensordot}, {@code outer} and NumPy's
 * {@code matmul} forms; einsum's contraction order and its errors; and the weight gradient of a batched
 * {@code x·W} as one contraction over the flattened leading axes (issue 12).
 */
class ContractionOpTest {

    private static Tensor random(long seed, int... dims) {
        return Tensor.uniform(Key.of(seed), DType.FLOAT64, Shape.of(dims), -1, 1);
    }

    private static Tensor evaluate(Node out, List<Node> inputs, List<Tensor> values) {
        return Function.of(inputs, List.of(out)).call(values).get(0);
    }

    /**
     * The literal definition: for every assignment of the labels, the product of the operands' elements added
     * to the output element those labels select. Explicit output only; letters only.
     */
    static double[] naiveEinsum(String subscripts, List<Tensor> operands, Map<Character, Integer> sizes) {
        String[] sides = subscripts.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        String out = sides[1];
        List<Character> labels = new ArrayList<>(sizes.keySet());
        int[] outDims = out.chars().map(c -> sizes.get((char) c)).toArray();
        double[] result = new double[Math.max(1, Shape.of(outDims).size())];
        int total = 1;
        for (char c : labels) {
            total *= sizes.get(c);
        }
        Map<Character, Integer> at = new HashMap<>();
        for (int flat = 0; flat < total; flat++) {
            int rest = flat;
            for (char c : labels) {
                at.put(c, rest % sizes.get(c));
                rest /= sizes.get(c);
            }
            double product = 1;
            for (int t = 0; t < terms.length; t++) {
                int[] index = terms[t].chars().map(c -> at.get((char) c)).toArray();
                product *= index.length == 0 ? operands.get(t).item() : operands.get(t).get(index);
            }
            int o = 0;
            for (char c : out.toCharArray()) {
                o = o * sizes.get(c) + at.get(c);
            }
            result[o] += product;
        }
        return result;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "ij,jk->ik; i=3 j=4 k=2",
            "ij,kj->ik; i=3 j=4 k=2",
            "ji,jk->ik; i=3 j=4 k=2",
            "ji,kj->ki; i=3 j=4 k=2",
            "bij,bjk->bik; b=2 i=3 j=4 k=5",
            "bij,bkj->bki; b=2 i=3 j=4 k=5",
            "ijk,jl->lik; i=2 j=3 k=4 l=5",
            "ij,jk,kl->il; i=3 j=4 k=2 l=5",
            "ij,jk,kl,lm->mi; i=2 j=3 k=4 l=5 m=2",
            "ii->i; i=4",
            "ii->; i=4",
            "iji->j; i=3 j=2",
            "ijk->; i=2 j=3 k=4",
            "ijk->kj; i=2 j=3 k=4",
            "i,i->; i=5",
            "i,j->ij; i=3 j=4",
            "i,i,i->i; i=4",
            "bi,bi->b; b=3 i=4",
            "ab,bc,ca->; a=2 b=3 c=4",
            "abc,cd,bd->ad; a=2 b=3 c=4 d=5",
            "->; ",
            ",ij->ij; i=2 j=3"})
    void einsumMatchesTheLiteralDefinition(String subscripts, String sizeText) {
        Map<Character, Integer> sizes = new java.util.LinkedHashMap<>();
        for (String part : (sizeText == null ? "" : sizeText).trim().split(" ")) {
            if (!part.isEmpty()) {
                sizes.put(part.charAt(0), Integer.parseInt(part.substring(2)));
            }
        }
        String[] terms = subscripts.split("->", -1)[0].split(",", -1);
        List<Node> inputs = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        for (int t = 0; t < terms.length; t++) {
            int[] dims = terms[t].chars().map(c -> sizes.get((char) c)).toArray();
            values.add(random(31L * t + subscripts.hashCode(), dims));
            inputs.add(SourceOp.input("x" + t, Shape.of(dims)));
        }
        Tensor actual = evaluate(ContractionOp.einsum(subscripts, inputs), inputs, values);
        double[] expected = naiveEinsum(subscripts, values, sizes);
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, Math.max(1, got.length));
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-12, subscripts + " element " + i);
        }
    }

    /** The ellipsis, implicit outputs and size-1 broadcasting, against their spelled-out equivalents. */
    @Test
    void ellipsisImplicitOutputAndBroadcastingMeanWhatNumPySays() {
        Node a = SourceOp.input("a", Shape.of(2, 3, 4));
        Node b = SourceOp.input("b", Shape.of(4, 5));
        Node c = SourceOp.input("c", Shape.of(1, 4, 5));
        List<Node> in = List.of(a, b, c);
        Tensor bValue = random(2, 4, 5);
        List<Tensor> values = List.of(random(1, 2, 3, 4), bValue, bValue.reshape(Shape.of(1, 4, 5)));
        Tensor explicit = evaluate(ContractionOp.einsum("xij,jk->xik", a, b), in, values);
        assertSame(explicit, evaluate(ContractionOp.einsum("...ij,jk->...ik", a, b), in, values));
        assertSame(explicit, evaluate(ContractionOp.einsum("...ij,jk", a, b), in, values));
        assertSame(explicit, evaluate(a.matmul(b), in, values));
        // c is b with a leading axis of size 1, broadcast against a's x
        assertSame(explicit, evaluate(ContractionOp.einsum("xij,xjk->xik", a, c), in, values));
        // implicit output: letters occurring once, sorted: 'Ab,ba' -> 'Aa'
        assertEquals(Shape.of(2, 2), ContractionOp.einsum("Ab,ba", SourceOp.input("p", Shape.of(2, 3)),
                SourceOp.input("q", Shape.of(3, 2))).shape());
    }

    private static void assertSame(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.flat(i), actual.flat(i), 1e-12, "element " + i);
        }
    }

    /**
     * {@code ij,jk,kl->il} with a long chain in the middle: contracting the outer pair first would build
     * {@code i × k} = 10,000 elements; the planner contracts {@code jk,kl} first ({@code j × l} = 4), so no
     * node of the graph holds more than the inputs.
     */
    @Test
    void einsumContractsTheCheapestPairFirst() {
        Node a = SourceOp.input("a", Shape.of(100, 2));
        Node b = SourceOp.input("b", Shape.of(2, 100));
        Node c = SourceOp.input("c", Shape.of(100, 2));
        Node out = ContractionOp.einsum("ij,jk,kl->il", a, b, c);
        int contractions = 0;
        for (Node node : Graphs.topologicalOrder(List.of(out))) {
            assertTrue(node.shape().size() <= 200, node + " is a larger intermediate than the inputs");
            contractions += node.op() instanceof ContractionOp.Contraction ? 1 : 0;
        }
        assertEquals(2, contractions);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "ij,jk->ik; 2; einsum: subscripts must name one term per operand, got 2 terms for 1 operands"
                    + " in 'ij,jk->ik'",
            "i$,jk->ik; 2; einsum: subscripts must hold letters and at most one '...' per term, got 'i$' for operand 0"
                    + " in 'i$,jk->ik'",
            "ijk,jk->ik; 2; einsum: each term must name every axis of its operand, got 'ijk' for operand 0"
                    + " a : f64[3, 4] in 'ijk,jk->ik'",
            "ij,ik->jk; 2; einsum: each label must have one size (or 1, broadcast), got 'i' of sizes 3 and 4"
                    + " in 'ij,ik->jk'",
            "ij,jk->iz; 2; einsum: each output letter must occur once in the output and in some operand, got 'z'"
                    + " in 'ij,jk->iz'",
            "ij,jk->ii; 2; einsum: each output letter must occur once in the output and in some operand, got 'i'"
                    + " in 'ij,jk->ii'",
            "ij,jk->ik->i; 2; einsum: subscripts must hold at most one '->', got 'ij,jk->ik->i'",
            "...j,jk->k; 3; einsum: the output must hold '...' when an operand's '...' covers axes, got 'k'"
                    + " in '...j,jk->k'"})
    void badSubscriptsAreNamed(String subscripts, int operands, String message) {
        List<Node> in = new ArrayList<>(List.of(SourceOp.input("a", Shape.of(3, 4)), SourceOp.input("b",
                Shape.of(4, 5))));
        if (operands == 3) {
            in.set(0, SourceOp.input("a", Shape.of(2, 3, 4)));
        }
        List<Node> given = in;
        if (message.contains("for 1 operands")) {
            given = List.of(in.get(0));
        }
        if (message.contains("of sizes")) {
            given = List.of(in.get(0), SourceOp.input("c", Shape.of(4, 2)));
        }
        List<Node> operandsList = given;
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> ContractionOp.einsum(subscripts, operandsList)).getMessage());
    }

    /**
     * A repeated label reads the diagonal and nothing else (NumPy, PyTorch): an infinity off the diagonal stays
     * out of the value and of the gradient, which only the product with an identity mask would let in (0·inf).
     */
    @Test
    void aRepeatedLabelReadsTheDiagonalOnly() {
        Node x = SourceOp.input("x", Shape.of(2, 2));
        Node g = SourceOp.input("g", Shape.of(2));
        Node diagonal = ContractionOp.einsum("ii->i", x);
        Node xBar = Autodiff.vjp(List.of(diagonal), List.of(g), List.of(x), Autodiff.Strictness.ZEROS_FOR_UNUSED)
                .get(0);
        double inf = Double.POSITIVE_INFINITY;
        List<Tensor> out = Function.of(List.of(x, g), List.of(diagonal, ContractionOp.einsum("ii->", x), xBar))
                .call(Tensor.of(Shape.of(2, 2), 1, inf, Double.NaN, 2), Tensor.vector(inf, 1));
        assertArrayEquals(new double[] {1, 2}, out.get(0).toDoubleArray());
        assertEquals(3.0, out.get(1).item());
        assertArrayEquals(new double[] {inf, 0, 0, 1}, out.get(2).toDoubleArray());
        Node b = SourceOp.input("b", Shape.of(2, 3, 3));
        assertEquals(Shape.of(3, 2), ContractionOp.einsum("bii->ib", b).shape());
        Node cube = SourceOp.input("c", Shape.of(2, 2, 2));
        assertArrayEquals(new double[] {0, 7}, Function.of(List.of(cube), List.of(ContractionOp.einsum("iii->i",
                cube))).call(Tensor.of(Shape.of(2, 2, 2), 0, 1, 2, 3, 4, 5, 6, 7)).get(0).toDoubleArray());
    }

    /** Within one operand a repeated label is a diagonal, which NumPy and PyTorch do not broadcast. */
    @Test
    void aRepeatedLabelMustHaveOneSizeWithinItsOperand() {
        Node r = SourceOp.input("r", Shape.of(1, 3));
        assertEquals("einsum: a label repeated within an operand must have one size, got 'i' of sizes 1 and 3 in"
                + " 'ii->i'", assertThrows(IllegalArgumentException.class, () -> ContractionOp.einsum("ii->i", r))
                        .getMessage());
        assertEquals("einsum: operands must have the same dtype, got p : f64[3] and q : f32[3]; insert a cast",
                assertThrows(IllegalArgumentException.class, () -> ContractionOp.einsum("i,i->", SourceOp.input(
                        "p", Shape.of(3)), SourceOp.input("q", Shape.of(3), DType.FLOAT32))).getMessage());
    }

    /** An integer operand is refused under the name the user called, not that of contract or sum inside. */
    @Test
    void integerOperandsAreRefusedUnderTheCallersName() {
        Node m = SourceOp.input("m", Shape.of(3, 3), DType.INT64);
        Node v = SourceOp.input("v", Shape.of(3), DType.INT32);
        assertEquals("einsum: operand 0 must be floating-point (f32 or f64), got i64; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)", assertThrows(IllegalArgumentException.class,
                        () -> ContractionOp.einsum("ii->", m)).getMessage());
        assertEquals("tensordot: operands must be floating-point (f32 or f64), got i64; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)", assertThrows(IllegalArgumentException.class,
                        () -> m.tensordot(m, 1)).getMessage());
        assertEquals("outer: operands must be floating-point (f32 or f64), got i32; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)", assertThrows(IllegalArgumentException.class,
                        () -> v.outer(v)).getMessage());
    }

    @Test
    void tensordotAndOuterFollowNumPy() {
        Node a = SourceOp.input("a", Shape.of(2, 3, 4));
        Node b = SourceOp.input("b", Shape.of(3, 4, 5));
        Node u = SourceOp.input("u", Shape.of(3));
        Node v = SourceOp.input("v", Shape.of(4));
        List<Node> in = List.of(a, b, u, v);
        List<Tensor> values = List.of(random(1, 2, 3, 4), random(2, 3, 4, 5), random(3, 3), random(4, 4));
        assertSame(evaluate(ContractionOp.einsum("ijk,jkl->il", a, b), in, values),
                evaluate(a.tensordot(b, 2), in, values));
        assertSame(evaluate(ContractionOp.einsum("ijk,jlm->iklm", a, b.reshape(3, 4, 5)), in, values),
                evaluate(a.tensordot(b, new int[] {1}, new int[] {0}), in, values));
        assertSame(evaluate(ContractionOp.einsum("i,j->ij", u, v), in, values), evaluate(u.outer(v), in, values));
        assertEquals(Shape.of(2, 3, 4, 3, 4, 5), a.tensordot(b, 0).shape());
        assertEquals("outer: operands must be vectors, got a : f64[2, 3, 4] and u : f64[3]; tensordot(a, b, 0) is the"
                + " outer product of any ranks",
                assertThrows(IllegalArgumentException.class, () -> a.outer(u)).getMessage());
        assertEquals("tensordot: paired axes must have equal sizes, got axis 0 of a : f64[2, 3, 4] and axis 0 of"
                + " b : f64[3, 4, 5]",
                assertThrows(IllegalArgumentException.class, () -> a.tensordot(b, new int[] {0}, new int[] {0}))
                        .getMessage());
    }

    /** NumPy's matmul: vectors promoted and the added axis removed; leading dimensions broadcast. */
    @Test
    void matmulFollowsNumPyForVectorsAndBroadcastLeadingDimensions() {
        Node v = SourceOp.input("v", Shape.of(3));
        Node m = SourceOp.input("m", Shape.of(3, 4));
        Node w = SourceOp.input("w", Shape.of(4));
        Node s = SourceOp.input("s", Shape.of(2, 1, 4, 3));
        Node t = SourceOp.input("t", Shape.of(5, 3, 2));
        List<Node> in = List.of(v, m, w, s, t);
        List<Tensor> values = List.of(random(1, 3), random(2, 3, 4), random(3, 4), random(4, 2, 1, 4, 3),
                random(5, 5, 3, 2));
        assertEquals(Shape.of(4), v.matmul(m).shape());
        assertEquals(Shape.of(3), m.matmul(w).shape());
        assertEquals(Shape.scalar(), v.matmul(v).shape());
        assertEquals(Shape.of(2, 5, 4, 2), s.matmul(t).shape());
        assertEquals(Shape.of(5, 2), v.matmul(t).shape());
        assertSame(evaluate(ContractionOp.einsum("i,ij->j", v, m), in, values), evaluate(v.matmul(m), in, values));
        assertSame(evaluate(ContractionOp.einsum("ij,j->i", m, w), in, values), evaluate(m.matmul(w), in, values));
        assertSame(evaluate(ContractionOp.einsum("i,i->", v, v), in, values), evaluate(v.matmul(v), in, values));
        assertSame(evaluate(ContractionOp.einsum("axij,bjk->abik", s, t), in, values),
                evaluate(s.matmul(t), in, values));
        assertEquals("matmul: inner dimensions must match, got v : f64[3] and w : f64[4]",
                assertThrows(IllegalArgumentException.class, () -> v.matmul(w)).getMessage());
        assertEquals("matmul: operands must have rank >= 1, got f64[] and v : f64[3]", assertThrows(
                IllegalArgumentException.class, () -> SourceOp.scalar(2).matmul(v)).getMessage());
    }

    /**
     * Issue 12: the weight gradient of {@code x·W} for {@code x : [N, m, k]} is one contraction of x with the
     * cotangent over the leading axes and m, {@code [N·m, k]ᵀ · [N·m, n]} on one GEMM: no per-matrix
     * {@code [N, k, n]} product is built and then summed. Its value is the same sum in another order (one FMA
     * chain over {@code (batch, row)} instead of per-matrix chains added afterwards), so it agrees with the
     * naive sum to rounding, not bit for bit.
     */
    @Test
    void theWeightGradientOfABatchedProductIsOneContractionOverTheLeadingAxes() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 6, 5));
        Node w = SourceOp.input("w", Shape.of(5, 3));
        Node y = x.matmul(w);
        Node yBar = SourceOp.input("yBar", y.shape());
        List<Node> grads = Autodiff.vjp(List.of(y), List.of(yBar), List.of(x, w), Autodiff.Strictness.STRICT);
        Node wBar = grads.get(1);
        assertTrue(wBar.op() instanceof ContractionOp.Contraction, "dW is " + wBar);
        assertEquals(List.of(x, yBar), wBar.inputs());
        Function f = Function.of(List.of(x, w, yBar), grads);
        for (Node step : f.plan().steps()) {
            assertTrue(!(step.op() instanceof ReduceOp.Sum), "no sum over a per-matrix product: " + f.plan());
        }
        Tensor xv = random(1, 7, 6, 5);
        Tensor yBarV = random(2, 7, 6, 3);
        double[] dw = f.call(xv, random(3, 5, 3), yBarV).get(1).toDoubleArray();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = 0;
                for (int b = 0; b < 7; b++) {
                    for (int r = 0; r < 6; r++) {
                        expected += xv.get(b, r, i) * yBarV.get(b, r, j);
                    }
                }
                assertEquals(expected, dw[i * 3 + j], 1e-13, "dW[" + i + ", " + j + "]");
            }
        }
    }
}
