package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Shapes and dtypes are checked when a node is built, and every error names the op, the rule and what it
 * got: {@code "<op>: <rule>, got <actual>[; <hint>]"}.
 */
class TypeRuleErrorsTest {

    private static final Node X = SourceOp.input("x", Shape.of(2, 3));

    /** One op of every record, with its arity. */
    static List<Object[]> ops() {
        List<Object[]> ops = new ArrayList<>();
        for (Op op : List.<Op>of(new UnaryOp.Neg(), new UnaryOp.Exp(), new UnaryOp.Log(), new UnaryOp.Log1p(),
                new UnaryLogarithmOp.Log2(), new UnaryLogarithmOp.Log10(),
                new UnaryLogarithmOp.Logit(java.util.OptionalDouble.empty()),
                new UnaryLogarithmOp.Logit(java.util.OptionalDouble.of(0.1)),
                new UnaryOp.Expm1(), new UnaryOp.Sqrt(), new UnaryOp.Abs(), new UnaryOp.Sign(), new UnaryOp.Sin(),
                new UnaryOp.Cos(), new UnaryOp.Tanh(), new UnaryOp.Sigmoid(), new UnaryOp.Relu(),
                new UnaryOp.LeakyRelu(0.1), new UnaryOp.Elu(1), new UnaryOp.Softplus(), new UnaryOp.PowConstant(2),
                new UnaryOp.StopGradient(), new UnaryOp.Cast(DType.FLOAT32), new ReduceOp.Sum(List.of(0), false),
                new ReduceOp.Extremum(List.of(0), true, true), new ReduceOp.LogSumExp(List.of(1), false),
                new ReduceOp.Count(List.of(0)), new MovementOp.Reshape(Shape.of(6)),
                new MovementOp.Permute(List.of(1, 0)), new MovementOp.BroadcastTo(Shape.of(4, 2, 3)),
                new MovementOp.Slice(List.of(0, 0), List.of(1, 1)), new MovementOp.Pad(List.of(0, 0), List.of(1, 1)),
                new IndexOp.OneHot(3, DType.FLOAT64), new SpecialFunctionOp.Erf(), new SpecialFunctionOp.Erfc(),
                new SpecialFunctionOp.Erfinv(), new SpecialFunctionOp.LogGamma(), new SpecialFunctionOp.Digamma(),
                new SpecialFunctionOp.Polygamma(1), new SpecialFunctionOp.BesselI0(),
                new SpecialFunctionOp.BesselI0Scaled(), new SpecialFunctionOp.BesselI1(),
                new SpecialFunctionOp.BesselI1Scaled(),
                new ActivationOp.Gelu(ActivationOp.Gelu.Approximation.TANH), new ActivationOp.Silu(),
                new ActivationOp.Selu(), new ActivationOp.Mish(), new ActivationOp.HardSigmoid(),
                new ActivationOp.HardSwish(), new ActivationOp.Softsign(), new TrigonometricOp.Tan(),
                new TrigonometricOp.Sinc(), new TrigonometricOp.SincDerivative(1),
                new SpecialFunctionOp.ErfcxDerivative(1),
                new TrigonometricOp.Atan(), new TrigonometricOp.Asin(), new TrigonometricOp.Acos(),
                new TrigonometricOp.OneMinusSquare(),
                new HyperbolicOp.Sinh(), new HyperbolicOp.Cosh(), new HyperbolicOp.Asinh(), new HyperbolicOp.Acosh(),
                new HyperbolicOp.Atanh(), new RoundingOp.Floor(), new RoundingOp.Ceil(), new RoundingOp.Round(),
                new RoundingOp.Trunc(), new PowerOp.Reciprocal(), new PowerOp.Rsqrt(), new SolveOp.Triangle(true, 0),
                new SolveOp.Inverse(), new SolveOp.PseudoInverse(OptionalDouble.empty()), new SolveOp.Det(),
                new SolveOp.Cofactor(), new SolveOp.Slogdet(), new DecompositionOp.Cholesky(),
                new DecompositionOp.Qr(), new DecompositionOp.Eigh(), new DecompositionOp.Svd())) {
            ops.add(new Object[] {op, 1});
        }
        for (Op op : List.<Op>of(new BinaryOp.Add(), new BinaryOp.Sub(), new BinaryOp.Mul(), new BinaryOp.Div(),
                new BinaryOp.Pow(), new BinaryOp.Maximum(), new BinaryOp.Minimum(),
                new BinaryOp.Fmax(), new BinaryOp.Fmin(), new BinaryOp.Copysign(),
                new BinaryOp.Compare(BinaryOp.Compare.Kind.LESS), new LinalgOp.MatMul(), new IndexOp.Gather(0),
                new IndexOp.ScatterAdd(0, Shape.of(2, 3)), new IndexOp.TakeAlongAxis(0),
                new IndexOp.PutAlongAxis(0, Shape.of(2, 3)), new QuotientOp.Atan2(), new QuotientOp.Remainder(),
                new QuotientOp.FloorDivide(),
                new QuotientOp.Fmod(), new LogarithmicOp.LogAddExp(), new LogarithmicOp.XLogY(),
                new LogarithmicOp.XLog1pY(), new SolveOp.TriangularSolve(true, false, false), new SolveOp.Solve(),
                new ContractionOp.Contraction(List.of(), List.of(), List.of(0), List.of(0)))) {
            ops.add(new Object[] {op, 2});
        }
        ops.add(new Object[] {new WhereOp.Where(), 3});
        return ops;
    }

    /** The op's name without its parameters: {@code sum[0]} is {@code sum}, {@code gather(0)} is {@code gather}. */
    private static String baseName(Op op) {
        String name = op.name();
        int cut = name.length();
        for (char c : new char[] {'(', '['}) {
            int at = name.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return name.substring(0, cut);
    }

    /**
     * Regression: the dtype rule used to run before the shape rule, and some dtype rules read their inputs
     * before any arity check, so {@code gather}, {@code where} and {@code count} failed with an index
     * exception instead of their own message.
     */
    @TestFactory
    Stream<DynamicTest> wrongArityIsAnErrorNamingTheOp() {
        return ops().stream().map(row -> DynamicTest.dynamicTest(((Op) row[0]).name(), () -> {
            Op op = (Op) row[0];
            int arity = (Integer) row[1];
            for (int n : new int[] {0, arity + 1}) {
                List<Node> inputs = Collections.nCopies(n, X);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Node.apply(op, inputs),
                        op.name() + " with " + n + " inputs");
                assertTrue(e.getMessage().startsWith(baseName(op)), e.getMessage());
            }
        }));
    }

    private static void assertMessage(String expected, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void factoryErrorsFollowTheTemplate() {
        Node a = SourceOp.input("a", Shape.of(3, 4));
        Node b = SourceOp.input("b", Shape.of(5, 2));
        assertMessage("matmul: inner dimensions must match, got a : f64[3, 4] and b : f64[5, 2]",
                () -> LinalgOp.matmul(a, b));
        assertMessage("add: shapes must broadcast (equal dimensions or 1, aligned on the right), got a : f64[3, 4] and "
                + "b : f64[5, 2]", () -> a.add(b));
        assertMessage("add: operands must have the same dtype, got a : f64[3, 4] and c : f32[3, 4]; insert a"
                + " cast",
                () -> a.add(SourceOp.input("c", Shape.of(3, 4), DType.FLOAT32)));
        assertMessage("reshape: element count must be preserved, got a : f64[3, 4] and [5]", () -> a.reshape(5));
        assertMessage("permute: axes must be a permutation of 0..1, got [0, 0] for a : f64[3, 4]",
                () -> a.permute(0, 0));
        assertMessage("squeeze: axis must have size 1, got axis 0 of a : f64[3, 4]", () -> MovementOp.squeeze(a, 0));
        assertMessage("sum: axes must be distinct, got [1, -1] for a : f64[3, 4]", () -> ReduceOp.sum(a, false, 1, -1));
        assertMessage("clip: bounds must satisfy lo <= hi, got lo 1.0 and hi 0.0", () -> UnaryOp.clip(a, 1, 0));
        assertMessage("broadcastTo: each dimension must equal the target's or be 1, aligned on the right, got"
                + " a : f64[3, 4] and target [4, 3]", () -> a.broadcastTo(Shape.of(4, 3)));
        assertMessage("transpose: operand must have rank >= 2, got v : f64[4]", () -> SourceOp.input("v", Shape.of(4))
                .transpose());
        // a system's matrix is named as not square before its right-hand side is compared with it
        assertMessage("solve: matrix must be square, of rank >= 2, got a : f64[3, 4]",
                () -> a.solve(SourceOp.input("r", Shape.of(3))));
        assertMessage("triangularSolve: matrix must be square, of rank >= 2, got a : f64[3, 4]",
                () -> a.triangularSolve(SourceOp.input("r", Shape.of(4)), true));
        assertMessage("normFrobenius: operand must have rank >= 2, got v : f64[4]",
                () -> SourceOp.input("v", Shape.of(4)).normFrobenius(false));
    }

    /**
     * A system whose right-hand side is a vector solves it as a column, and one solved on the right transposes it:
     * a dtype mismatch names the op the user called and the right-hand side the user passed. Regression:
     * {@code solve(f32[2, 2], f64[2])} reported {@code f64[2, 1]}, lstsq and luSolve reported it as matmul's, and
     * choleskySolve as triangularSolve's.
     */
    @Test
    void systemsReportTheUsersRightHandSideInDtypeErrors() {
        Node a = SourceOp.input("a", Shape.of(2, 2), DType.FLOAT32);
        Node b = SourceOp.input("b", Shape.of(2));
        Node wide = SourceOp.input("w", Shape.of(3, 2));
        String got = ": operands must have the same dtype, got a : f32[2, 2] and ";
        assertMessage("solve" + got + "b : f64[2]; insert a cast", () -> SolveOp.solve(a, b));
        assertMessage("lstsq" + got + "b : f64[2]; insert a cast", () -> SolveOp.lstsq(a, b));
        assertMessage("lstsq" + got + "b : f64[2]; insert a cast", () -> SolveOp.lstsq(a, b, 1e-3));
        assertMessage("triangularSolve" + got + "b : f64[2]; insert a cast", () -> SolveOp.triangularSolve(a, b, true));
        assertMessage("triangularSolve" + got + "w : f64[3, 2]; insert a cast",
                () -> SolveOp.triangularSolve(a, wide, true, false, false, false));
        assertMessage("choleskySolve" + got + "b : f64[2]; insert a cast", () -> SolveOp.choleskySolve(a, b));
        LuOp.LuFactors factors = LuOp.luFactor(a);
        // the factors are named as such ("LU : f32[2, 2]"), as the other systems name their matrix (was bare)
        String lu = "luSolve: operands must have the same dtype, got LU : f32[2, 2] and ";
        assertMessage(lu + "b : f64[2]; insert a cast", () -> LuOp.luSolve(factors, b, true, false));
        assertMessage(lu + "w : f64[3, 2]; insert a cast", () -> LuOp.luSolve(factors, wide, false, false));
        Node i = SourceOp.input("i", Shape.of(2), DType.INT64);
        Node square = SourceOp.input("s", Shape.of(2, 2));
        assertMessage("solve: operands must have the same dtype, got s : f64[2, 2] and i : i64[2]; insert a cast",
                () -> SolveOp.solve(square, i));
    }

    @Test
    void indexAndAxisErrorsNameTheOpAndTheOperand() {
        Node a = SourceOp.input("a", Shape.of(3, 4));
        String[] ops = {"slice", "gather", "softmax", "concat", "pad", "unsqueeze"};
        Executable[] builds = {
            () -> MovementOp.slice(a, 2, 0, 1),
            () -> IndexOp.gather(a, SourceOp.input("i", Shape.of(2)), 2),
            () -> ReduceOp.softmax(a, 2),
            () -> MovementOp.concat(0, a, SourceOp.input("b", Shape.of(3, 5))),
            () -> MovementOp.pad(a, new int[] {-1, 0}, new int[] {0, 0}),
            () -> MovementOp.unsqueeze(a, 4)};
        for (int i = 0; i < ops.length; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builds[i], ops[i]);
            assertTrue(e.getMessage().contains("a : f64[3, 4]"), ops[i] + ": " + e.getMessage());
        }
        IllegalArgumentException slice = assertThrows(IllegalArgumentException.class, builds[0]);
        assertTrue(slice.getMessage().startsWith("slice: "), slice.getMessage());
    }

    /**
     * Regression: softmax and logSoftmax reported a bad axis as {@code logSumExp: ...}, and dot broadcast
     * its operands ({@code dot([1, 2, 3], [2])} was 12) or reported {@code mul: ...}.
     */
    @Test
    void compositionsReportTheirOwnName() {
        Node a = SourceOp.input("a", Shape.of(3, 4));
        assertMessage("softmax: axis must be in [-2, 2), got axis 2 for a : f64[3, 4]", () -> ReduceOp.softmax(a, 2));
        assertMessage("logSoftmax: axis must be in [-2, 2), got axis -3 for a : f64[3, 4]",
                () -> ReduceOp.logSoftmax(a, -3));
        assertMessage("dot: operands must have equal shapes, got u : f64[3] and v : f64[4]",
                () -> LinalgOp.dot(SourceOp.input("u", Shape.of(3)), SourceOp.input("v", Shape.of(4))));
        assertMessage("dot: operands must have equal shapes, got u : f64[3] and v : f64[1]",
                () -> LinalgOp.dot(SourceOp.input("u", Shape.of(3)), SourceOp.input("v", Shape.of(1))));
        assertMessage("pickPerRow: needs scores [N, C] and labels [N] (one per row), got a : f64[3, 4] and"
                + " labels : f64[2]",
                () -> IndexOp.pickPerRow(a, SourceOp.input("labels", Shape.of(2))));
        Node b = SourceOp.input("b", Shape.of(5, 2));
        assertMessage("tensordot: paired axes must have equal sizes, got axis 1 of a : f64[3, 4] and axis 0 of"
                + " b : f64[5, 2]", () -> a.tensordot(b, 1));
        assertMessage("tensordot: paired axes must have equal sizes, got axis -1 of a : f64[3, 4] and axis 1 of b :"
                + " f64[5, 2]", () -> a.tensordot(b, new int[] {-1}, new int[] {1}));
    }

    /**
     * Regression: a float-only composition given an integer operand named a primitive inside it
     * ({@code softmax} reported {@code max[0]: ...}, {@code var} {@code mean: ...}, {@code normP}
     * {@code pow(3.0): ...}), and a constant an integer operand cannot hold ({@code x.add(0.5)} on i64) was
     * reported as {@code tensor: an i64 element must be ...}, naming neither the op nor the operand.
     */
    @Test
    void integerOperandsOfCompositionsAreReportedUnderTheCompositionsName() {
        Node i = SourceOp.input("i", Shape.of(2, 3), DType.INT64);
        String floating = ": operand must be floating-point (f32 or f64), got i64; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)";
        Map<String, Executable> compositions = new LinkedHashMap<>();
        compositions.put("softmax", () -> i.softmax(1));
        compositions.put("logSoftmax", () -> i.logSoftmax(1));
        compositions.put("var", () -> i.var(1, false, 0));
        compositions.put("std", () -> i.std(0, true, 1));
        compositions.put("normL1", () -> i.normL1(false, 1));
        compositions.put("normL2", () -> i.normL2(false));
        compositions.put("normMax", () -> i.normMax(false, 0));
        compositions.put("normP", () -> i.normP(3, false, 1));
        compositions.put("normFrobenius", () -> i.normFrobenius(false));
        for (var e : compositions.entrySet()) {
            assertMessage(e.getKey() + floating, e.getValue());
        }
        String constant = ": a constant for i : i64[2, 3] must be an integer in the range of i64, got ";
        String hint = "; cast the operand first, e.g. x.cast(DType.FLOAT64)";
        assertMessage("add" + constant + "0.5" + hint, () -> i.add(0.5));
        assertMessage("sub" + constant + "1.0E19" + hint, () -> i.sub(1e19));
        assertMessage("mul" + constant + "NaN" + hint, () -> i.mul(Double.NaN));
        assertMessage("div" + constant + "2.5" + hint, () -> i.div(2.5));
        assertMessage("clip" + constant + "0.5" + hint, () -> i.clip(0.5, 2));
        assertMessage("div: operands must be floating-point (f32 or f64), got i : i64[2, 3] and i64[2, 3]; for integer"
                + " division use floorDiv (NumPy's //), or cast", () -> i.div(2));
        assertEquals(DType.INT64, i.add(3).clip(-1, 4).dtype(), "constants an i64 holds are taken");
    }

    /** Regression: sort, topk, quantile and median reported a bad axis or a bool operand as {@code argsort: ...}. */
    @Test
    void sortingCompositionsReportTheirOwnName() {
        Node a = SourceOp.input("a", Shape.of(3, 4));
        Node b = SourceOp.input("b", Shape.of(3, 4), DType.BOOL);
        assertMessage("sort: axis must be in [-2, 2), got axis 2 for shape [3, 4]", () -> a.sort(2));
        assertMessage("sort: axis must be in [-2, 2), got axis -3 for shape [3, 4]", () -> a.sort(-3, true));
        String numeric = ": operand must be numeric (f32, f64, i32 or i64), got bool; insert a cast, e.g."
                + " x.cast(DType.INT32); a bool casts to 1 or 0";
        assertMessage("sort" + numeric, () -> b.sort(1));
        assertMessage("topk" + numeric, () -> b.topk(1, 1));
        assertMessage("quantile" + numeric, () -> b.quantile(0.5, 0, false));
        assertMessage("median" + numeric, () -> b.median(0, false));
        assertEquals(Shape.of(3, 4), a.sort(-1, true).shape());
    }

    /** Regression: scatter reported a bad axis or an integer operand as {@code scatterAdd: ...}, the op inside it. */
    @Test
    void scatterReportsItsOwnName() {
        Node x = SourceOp.input("x", Shape.of(3, 4));
        Node i = SourceOp.input("i", Shape.of(3, 4), DType.INT64);
        Node idx = SourceOp.input("idx", Shape.of(2), DType.INT64);
        assertMessage("scatter: axis must be in [-2, 2), got axis 2 for shape [3, 4]",
                () -> x.scatter(idx, SourceOp.input("s", Shape.of(3, 2)), 2));
        String floating = " must be floating-point (f32 or f64), got i64; insert a cast, e.g. x.cast(DType.FLOAT32)";
        assertMessage("scatter: operand" + floating, () -> i.scatter(idx, SourceOp.input("s", Shape.of(2, 4),
                DType.INT64), 0));
        assertMessage("scatter: src" + floating, () -> x.scatter(idx, SourceOp.input("s", Shape.of(2, 4),
                DType.INT64), 0));
        assertEquals(Shape.of(3, 4), x.scatter(idx, SourceOp.input("s", Shape.of(3, 2)), -1).shape());
    }

    @Test
    void batchAxisRestrictionsAreErrors() {
        Node batch = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        assertThrows(IllegalArgumentException.class, () -> MovementOp.slice(batch, 0, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MovementOp.concat(0, batch, batch));
        assertThrows(IllegalArgumentException.class, () -> MovementOp.pad(batch, new int[] {1, 0}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> IndexOp.gather(batch, SourceOp.input("i", Shape.of(2)), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch.reshape(6));
        assertTrue(e.getMessage().contains("[N, 3]") && e.getMessage().contains("N must appear"), e.getMessage());
        assertEquals(Shape.of(Shape.BATCH, 2), MovementOp.slice(batch, 1, 1, 3).shape());
    }

    @Test
    void nullsAreRejectedWithTheirName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> BinaryOp.add(X, null));
        assertTrue(e.getMessage().contains("add"), e.getMessage());
        NullPointerException input = assertThrows(NullPointerException.class,
                () -> Node.apply(new BinaryOp.Mul(), java.util.Arrays.asList(X, null)));
        assertEquals("mul: input 1 is null", input.getMessage());
    }
}
