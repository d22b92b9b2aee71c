package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Integer arithmetic against plain Java, on random values that reach the overflow edges
 * ({@link Gens#integerTensors}): add, sub, mul, neg and abs wrap as Java's {@code int} and {@code long} do;
 * floorDiv and floorMod follow NumPy's {@code //} and {@code %} (Java's {@code Math.floorDiv} and
 * {@code floorMod}); maximum, minimum, sign and the comparisons are exact; division by zero and mixed dtypes are
 * refused.
 */
class IntegerArithmeticTest {

    /** Two broadcasting integer tensors of one dtype (INT32 or INT64). */
    private static Gen<Tensor[]> pairs() {
        return choices -> {
            DType dtype = choices.drawInt(2) == 0 ? DType.INT64 : DType.INT32;
            Shape[] shapes = Gens.broadcastPairs(3, 4).next(choices);
            return new Tensor[] {Gens.integerTensors(shapes[0], dtype).next(choices),
                    Gens.integerTensors(shapes[1], dtype).next(choices)};
        };
    }

    private static Tensor evaluate(BinaryOperator<Node> f, Tensor a, Tensor b) {
        Node x = SourceOp.input("a", a.shape(), a.dtype());
        Node y = SourceOp.input("b", b.shape(), b.dtype());
        return Function.of(List.of(x, y), List.of(f.apply(x, y))).call(a, b).get(0);
    }

    /** {@code f} elementwise on the broadcast operands, against {@code reference} narrowed to the dtype. */
    private static void checkBinary(String name, BinaryOperator<Node> f, LongBinaryOperator reference,
            boolean truthValued) {
        Property.forAll(pairs()).named(name + " on integers matches Java").tries(60).check(ab -> {
            Tensor a = ab[0];
            Tensor b = ab[1];
            Tensor y = evaluate(f, a, b);
            Shape shape = Shape.broadcast(a.shape(), b.shape(), "test");
            assertEquals(shape, y.shape());
            assertEquals(truthValued ? DType.BOOL : a.dtype(), y.dtype());
            long[] as = broadcast(a, shape);
            long[] bs = broadcast(b, shape);
            for (int i = 0; i < as.length; i++) {
                long expected = reference.applyAsLong(as[i], bs[i]);
                if (a.dtype() == DType.INT32 && !truthValued) {
                    expected = (int) expected;
                }
                assertEquals(expected, y.flatLong(i), name + "(" + as[i] + ", " + bs[i] + ") in " + a.dtype());
            }
        });
    }

    private static long[] broadcast(Tensor t, Shape shape) {
        Node x = SourceOp.input("t", t.shape(), t.dtype());
        return Function.of(List.of(x), List.of(MovementOp.broadcastTo(x, shape))).call(t).get(0).toLongArray();
    }

    @Test
    void addSubMulWrapAsJavaIntegers() {
        // int32 results are the low 32 bits of the 64-bit ones: Java's int arithmetic
        checkBinary("add", BinaryOp::add, (a, b) -> a + b, false);
        checkBinary("sub", BinaryOp::sub, (a, b) -> a - b, false);
        checkBinary("mul", BinaryOp::mul, (a, b) -> a * b, false);
        assertEquals(Integer.MIN_VALUE, (int) evaluate(BinaryOp::add, Tensor.ofInts(Shape.of(1), Integer.MAX_VALUE),
                Tensor.ofInts(Shape.of(1), 1)).flatLong(0));
        assertEquals(Long.MIN_VALUE, evaluate(BinaryOp::add, Tensor.ofLongs(Shape.of(1), Long.MAX_VALUE),
                Tensor.ofLongs(Shape.of(1), 1)).flatLong(0));
    }

    @Test
    void maximumMinimumAndComparisonsAreExact() {
        checkBinary("maximum", BinaryOp::maximum, Math::max, false);
        checkBinary("minimum", BinaryOp::minimum, Math::min, false);
        checkBinary("greater", BinaryOp::greater, (a, b) -> a > b ? 1 : 0, true);
        checkBinary("greaterEqual", BinaryOp::greaterEqual, (a, b) -> a >= b ? 1 : 0, true);
        checkBinary("less", BinaryOp::less, (a, b) -> a < b ? 1 : 0, true);
        checkBinary("lessEqual", BinaryOp::lessEqual, (a, b) -> a <= b ? 1 : 0, true);
        checkBinary("equal", BinaryOp::equal, (a, b) -> a == b ? 1 : 0, true);
        checkBinary("notEqual", BinaryOp::notEqual, (a, b) -> a != b ? 1 : 0, true);
        long big = (1L << 60) + 1;
        assertEquals(0L, evaluate(BinaryOp::equal, Tensor.ofLongs(Shape.of(1), big),
                Tensor.ofLongs(Shape.of(1), big - 1)).flatLong(0), "exact where doubles would tie");
    }

    /** NumPy's {@code //} and {@code %}: the quotient floors, the remainder takes the divisor's sign. */
    @Test
    void floorDivAndFloorModFollowNumpy() {
        checkBinary("floorDiv", IntegerOp::floorDiv, (a, b) -> b == 0 ? 0 : Math.floorDiv(a, b), false,
                true);
        checkBinary("floorMod", IntegerOp::floorMod, (a, b) -> b == 0 ? 0 : Math.floorMod(a, b), false,
                true);
        Tensor a = Tensor.ofLongs(Shape.of(4), -7, 7, -7, 7);
        Tensor b = Tensor.ofLongs(Shape.of(4), 2, 2, -2, -2);
        assertEquals("i64[4] [-4, 3, 3, -4]", evaluate(IntegerOp::floorDiv, a, b).toString(), "-7 // 2 = -4");
        assertEquals("i64[4] [1, 1, -1, -1]", evaluate(IntegerOp::floorMod, a, b).toString(), "-7 % 2 = 1");
        assertEquals(Integer.MIN_VALUE, (int) evaluate(IntegerOp::floorDiv, Tensor.ofInts(Shape.of(1),
                Integer.MIN_VALUE), Tensor.ofInts(Shape.of(1), -1)).flatLong(0), "MIN // -1 wraps");
    }

    /** As {@link #checkBinary}, with divisors of zero replaced by one (division by zero is tested apart). */
    private static void checkBinary(String name, BinaryOperator<Node> f, LongBinaryOperator reference,
            boolean truthValued, boolean nonzeroDivisor) {
        checkBinary(name, (x, y) -> f.apply(x, BinaryOp.add(y, BinaryOp.equal(y, zero(y)).cast(y.dtype()))),
                (a, b) -> reference.applyAsLong(a, b == 0 ? 1 : b), truthValued);
    }

    private static Node zero(Node like) {
        return SourceOp.constant(Tensor.zeros(like.dtype(), Shape.scalar()));
    }

    @Test
    void integerDivisionByZeroIsAnErrorNamingTheOp() {
        Tensor a = Tensor.ofInts(Shape.of(2), 1, 2);
        Tensor b = Tensor.ofInts(Shape.of(2), 1, 0);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> evaluate(IntegerOp::floorDiv, a, b));
        assertTrue(e.getMessage().startsWith("floorDiv: integer division by zero"), e.getMessage());
        assertThrows(ArithmeticException.class, () -> evaluate(IntegerOp::floorMod, a, b));
    }

    /** Regression: the message did not say where the zero divisor was, as a bad index or cast does. */
    @Test
    void aZeroDivisorIsReportedWithItsPosition() {
        Tensor a = Tensor.ofLongs(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = Tensor.ofLongs(Shape.of(3), 1, 0, 2);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> evaluate(IntegerOp::floorMod, a, b));
        assertEquals("floorMod: integer division by zero, got divisor 0 at position [0, 1] of i64[2, 3] (broadcast);"
                + " guard the divisor, e.g. floorDiv(a, where(b.equal(zero), one, b)), or cast to a float dtype",
                e.getMessage());
    }

    private static void checkUnary(String name, UnaryOperator<Node> f, LongUnaryOperator reference) {
        Property.forAll(pairs()).named(name + " on integers matches Java").tries(60).check(ab -> {
            Tensor a = ab[0];
            Node x = SourceOp.input("a", a.shape(), a.dtype());
            Tensor y = Function.of(List.of(x), List.of(f.apply(x))).call(a).get(0);
            assertEquals(a.dtype(), y.dtype());
            for (int i = 0; i < a.size(); i++) {
                long expected = reference.applyAsLong(a.flatLong(i));
                assertEquals(a.dtype() == DType.INT32 ? (int) expected : expected, y.flatLong(i),
                        name + "(" + a.flatLong(i) + ") in " + a.dtype());
            }
        });
    }

    @Test
    void negAbsAndSignWrapOrStayExact() {
        checkUnary("neg", UnaryOp::neg, v -> -v);
        checkUnary("abs", UnaryOp::abs, Math::abs);
        checkUnary("sign", UnaryOp::sign, Long::signum);
        assertEquals(Long.MIN_VALUE, Tensor.ofLongs(Shape.of(1), Long.MIN_VALUE).flatLong(0));
        Node x = SourceOp.input("x", Shape.of(1), DType.INT32);
        Tensor min = Function.of(List.of(x), List.of(x.abs())).call(Tensor.ofInts(Shape.of(1), Integer.MIN_VALUE))
                .get(0);
        assertEquals(Integer.MIN_VALUE, min.flatLong(0), "|MIN_VALUE| wraps to MIN_VALUE, as Math.abs");
    }

    @Test
    void whereSelectsIntegersExactly() {
        long big = (1L << 62) + 3;
        Node c = SourceOp.input("c", Shape.of(2), DType.BOOL);
        Node a = SourceOp.input("a", Shape.of(2), DType.INT64);
        Tensor y = Function.of(List.of(c, a), List.of(c.where(a, a.neg()))).call(Tensor.ofBooleans(Shape.of(2),
                true, false), Tensor.ofLongs(Shape.of(2), big, big)).get(0);
        assertEquals("i64[2] [4611686018427387907, -4611686018427387907]", y.toString());
    }

    /** No silent promotion: mixed dtypes, and real-valued functions of integers, ask for a cast. */
    @Test
    void mixedDtypesAndFloatOnlyOpsAskForACast() {
        Node i = SourceOp.input("i", Shape.of(2), DType.INT64);
        Node j = SourceOp.input("j", Shape.of(2), DType.INT32);
        Node f = SourceOp.input("f", Shape.of(2), DType.FLOAT32);
        rejects(IllegalArgumentException.class, () -> i.add(j),
                "add: operands must have the same dtype, got i : i64[2] and j : i32[2]; insert a cast");
        rejects(IllegalArgumentException.class, () -> i.mul(f),
                "mul: operands must have the same dtype, got i : i64[2] and f : f32[2]; insert a cast");
        rejects(IllegalArgumentException.class, () -> i.div(i), "div: operands must be floating-point (f32 or f64),"
                + " got i : i64[2] and i : i64[2]; for integer division use floorDiv (NumPy's //), or cast");
        rejects(IllegalArgumentException.class, () -> i.exp(), "exp: operand must be floating-point (f32 or f64),"
                + " got i64; insert a cast, e.g. x.cast(DType.FLOAT32)");
        rejects(IllegalArgumentException.class, () -> f.floorDiv(f), "floorDiv: operands must be integer (i32 or i64),"
                + " got f32; insert a cast, e.g. x.cast(DType.INT64), which truncates");
        Node m = SourceOp.input("m", Shape.of(2, 2), DType.INT32);
        rejects(IllegalArgumentException.class, () -> m.matmul(m), "matmul: operands must be floating-point");
        rejects(IllegalArgumentException.class, () -> i.mean(), "mean: operand must be floating-point");
        Node b = SourceOp.input("b", Shape.of(2), DType.BOOL);
        rejects(IllegalArgumentException.class, () -> b.add(b), "add: operands must be numeric (f32, f64, i32 or i64),"
                + " got bool; insert a cast, e.g. x.cast(DType.INT32); a bool casts to 1 or 0");
    }
}
