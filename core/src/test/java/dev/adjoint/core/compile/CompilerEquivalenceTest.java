package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
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

/**
 * Every compiler pass preserves values and gradients: random graphs (a program of random ops over two
 * inputs, with constants 0, 1 and 2, shared subexpressions, transposed products and the patterns the
 * rewrites look for) are compiled with and without the passes, and their outputs and the gradients of a
 * scalar loss with respect to both inputs are compared, in float64 and float32.
 */
class CompilerEquivalenceTest {

    private static void checkEquivalent(int[] program, DType dtype, double rtol, double atol) {
        Node x = SourceOp.input("x", Shape.of(3, 4), dtype);
        Node y = SourceOp.input("y", Shape.of(3, 4), dtype);
        Node out = RandomPrograms.build(program, x, y);
        Node loss = ReduceOp.sum(BinaryOp.mul(out, out));
        List<Node> grads = Autodiff.grad(loss, List.of(x, y), Autodiff.Strictness.ZEROS_FOR_UNUSED);
        List<Node> outputs = List.of(out, loss, grads.get(0), grads.get(1));
        Function compiled = Function.of(List.of(x, y), outputs);
        Function reference = Function.unoptimized(List.of(x, y), outputs);
        Tensor xv = Tensor.uniform(Key.of(program.length), dtype, Shape.of(3, 4), -2, 2);
        Tensor yv = Tensor.uniform(Key.of(program.length + 1), dtype, Shape.of(3, 4), -2, 2);
        List<Tensor> expected = reference.call(xv, yv);
        List<Tensor> actual = compiled.call(xv, yv);
        if (expected.stream().anyMatch(CompilerEquivalenceTest::hasNonFinite)) {
            // The graph as written overflowed (exp(123f) = inf) or hit 0·inf: the stable rewrites exist to
            // give the finite, exact answer there (log(exp x) = x), so only finite references are compared.
            return;
        }
        for (int i = 0; i < outputs.size(); i++) {
            assertTrue(actual.get(i).allClose(expected.get(i), rtol, atol), () -> "output differs after compiling:"
                    + "\nexpected " + expected + "\nactual   " + actual + "\n" + compiled.explain());
        }
    }

    private static boolean hasNonFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.flat(i))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void compiledPlansMatchTheGraphAsWrittenInValuesAndGradientsFloat64() {
        Property.forAll(RandomPrograms.PROGRAMS).named("compiled == unoptimized, f64").tries(150)
                .check(p -> checkEquivalent(p, DType.FLOAT64, 1e-12, 1e-12));
    }

    @Test
    void compiledPlansMatchTheGraphAsWrittenInValuesAndGradientsFloat32() {
        // float32 GEMMs accumulate in float; a transposed-in-place read changes no value, so tolerances are tight
        Property.forAll(RandomPrograms.PROGRAMS).named("compiled == unoptimized, f32").tries(100)
                .check(p -> checkEquivalent(p, DType.FLOAT32, 1e-5, 1e-5));
    }

    @Test
    void explainListsTheRewritesThatFired() {
        Node x = SourceOp.input("x", Shape.of(3, 4));
        Node w = SourceOp.input("w", Shape.of(5, 4));
        Node f = LinalgOp.matmul(UnaryOp.log(UnaryOp.exp(x)).mul(1.0).add(-0.0), MovementOp.transpose(w));
        Node g = UnaryOp.log(UnaryOp.sigmoid(f)).add(UnaryOp.log(UnaryOp.sigmoid(f)));
        Node h = UnaryOp.relu(g).mul(2.0).sub(1.0).neg();
        Function function = Function.of(List.of(x, w), List.of(h));
        String explained = function.explain();
        for (String rule : List.of("log(exp x) -> x", "x*1 -> x", "x+(-0) -> x", "log(sigmoid x) -> -softplus(-x)",
                "common subexpression", "matmul(transpose) -> transposed GEMM", "elementwise fusion",
                "dead node removed")) {
            assertTrue(explained.contains(rule), () -> "explain() should list '" + rule + "':\n" + explained);
        }
        assertTrue(Function.unoptimized(List.of(x, w), List.of(h)).explain().startsWith("not optimized"));
        Tensor xv = Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(3, 4), -1, 1);
        Tensor wv = Tensor.uniform(Key.of(2), DType.FLOAT64, Shape.of(5, 4), -1, 1);
        assertTrue(function.call(xv, wv).get(0).allClose(
                Function.unoptimized(List.of(x, w), List.of(h)).call(xv, wv).get(0), 1e-12, 1e-12));
    }

    /**
     * The additive identities the compiler removes are exact for signed zeros: {@code x + (-0)} and {@code x - (+0)}
     * are x, while {@code x + 0} and {@code x - (-0)} are computed ({@code -0 + 0 = +0}); the compiled function gives
     * the written graph's bits (it turned {@code -0 + 0} into {@code -0}).
     */
    @Test
    void additiveIdentitiesKeepTheSignOfZero() {
        Node x = SourceOp.input("x", Shape.of(3));
        Tensor v = Tensor.of(DType.FLOAT64, Shape.of(3), -0.0, 0.0, 2.0);
        List<Node> outputs = List.of(x.add(0.0), x.add(-0.0), x.sub(0.0), x.sub(-0.0),
                SourceOp.scalar(0.0, DType.FLOAT64).add(x), x.add(SourceOp.fill(Shape.of(2, 3), DType.FLOAT64, 0.0)));
        List<Tensor> compiled = Function.of(List.of(x), outputs).call(v);
        List<Tensor> written = Function.unoptimized(List.of(x), outputs).call(v);
        for (int i = 0; i < outputs.size(); i++) {
            double[] c = compiled.get(i).toDoubleArray();
            double[] w = written.get(i).toDoubleArray();
            for (int j = 0; j < c.length; j++) {
                assertEquals(Double.doubleToRawLongBits(w[j]), Double.doubleToRawLongBits(c[j]),
                        "output " + i + " element " + j + ": compiled " + c[j] + ", written " + w[j]);
            }
        }
        assertEquals(0.0, 1 / compiled.get(0).toDoubleArray()[0] > 0 ? 0.0 : 1.0, "-0 + 0 is +0");
    }

    /**
     * A 100,000-node chain compiles without recursion: the products by one are simplified away and the 50,000
     * sines fuse into one program, which gives exactly the value of applying them one by one.
     */
    @Test
    void compilingIsLinearAndIterativeOnALongChain() {
        Node x = SourceOp.input("x", Shape.of(2));
        Node v = x;
        for (int i = 0; i < 100_000; i++) {
            v = i % 2 == 0 ? v.mul(1.0) : UnaryOp.sin(v);
        }
        Function f = Function.of(List.of(x), List.of(v));
        assertEquals(2, f.size(), f::explain);
        double[] expected = {0.5, -2};
        for (int i = 0; i < 50_000; i++) {
            expected[0] = StrictMath.sin(expected[0]);
            expected[1] = StrictMath.sin(expected[1]);
        }
        assertTrue(f.call(Tensor.vector(0.5, -2)).get(0).sameValues(Tensor.vector(expected)));
    }
}
