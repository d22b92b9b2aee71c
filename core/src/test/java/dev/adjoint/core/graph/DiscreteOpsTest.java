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
import org.junit.jupiter.api.Test;

/**
 * The ops on discrete values against plain Java: logical operations, the tests of floating-point classes,
 * any/all over random axes, argmax/argmin (ties to the first, NaN wins, integers exact), and comparisons
 * returning BOOL that {@code where} takes, fused and unfused alike.
 */
class DiscreteOpsTest {

    private static Tensor eval(java.util.function.Function<List<Node>, Node> f, Tensor... args) {
        List<Node> in = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            in.add(SourceOp.input("x" + i, args[i].shape(), args[i].dtype()));
        }
        return Function.of(in, List.of(f.apply(in))).call(args).get(0);
    }

    @Test
    void logicalOpsFollowTheirTruthTables() {
        Tensor a = Tensor.ofBooleans(Shape.of(4), false, false, true, true);
        Tensor b = Tensor.ofBooleans(Shape.of(4), false, true, false, true);
        assertEquals("bool[4] [false, false, false, true]",
                eval(in -> in.get(0).logicalAnd(in.get(1)), a, b).toString());
        assertEquals("bool[4] [false, true, true, true]", eval(in -> in.get(0).logicalOr(in.get(1)), a, b).toString());
        assertEquals("bool[4] [false, true, true, false]",
                eval(in -> in.get(0).logicalXor(in.get(1)), a, b).toString());
        assertEquals("bool[4] [true, true, false, false]", eval(in -> in.get(0).logicalNot(), a).toString());
        Tensor row = Tensor.ofBooleans(Shape.of(2, 1), true, false);
        assertEquals("bool[2, 4] [[false, false, true, true], [false, false, false, false]]",
                eval(in -> in.get(1).logicalAnd(in.get(0)), a, row).toString(), "broadcasts");
        Node f = SourceOp.input("f", Shape.of(2));
        rejects(IllegalArgumentException.class, () -> f.logicalAnd(f), "logicalAnd: operands must be bool, got f64;"
                + " compare to get one (x.greater(y), x.notEqual(0)), or cast, which tests != 0");
    }

    @Test
    void floatingPointClassTestsMatchJava() {
        Tensor x = Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1e308, 1);
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor v = x.cast(dtype);
            assertEquals("bool[6] [true, false, false, false, false, false]",
                    eval(in -> in.get(0).isNaN(), v).toString());
            assertEquals("bool[6] [false, true, true, false, " + (dtype == DType.FLOAT32) + ", false]",
                    eval(in -> in.get(0).isInf(), v).toString(), "-1e308 overflows float32");
            assertEquals("bool[6] [false, false, false, true, " + (dtype == DType.FLOAT64) + ", true]",
                    eval(in -> in.get(0).isFinite(), v).toString());
        }
        Tensor ints = Tensor.ofLongs(Shape.of(2), Long.MIN_VALUE, 0);
        assertEquals("bool[2] [false, false]", eval(in -> in.get(0).isNaN(), ints).toString());
        assertEquals("bool[2] [true, true]", eval(in -> in.get(0).isFinite(), ints).toString());
    }

    /** A BOOL tensor with random axes to reduce. */
    private static Gen<Object[]> boolsAndAxes() {
        return choices -> {
            Shape s = Gens.shapes(0, 3, 3).next(choices);
            int[] axes = new int[0];
            for (int a = 0; a < s.rank(); a++) {
                if (choices.drawInt(2) == 1) {
                    axes = java.util.Arrays.copyOf(axes, axes.length + 1);
                    axes[axes.length - 1] = a;
                }
            }
            return new Object[] {Gens.booleanTensors(s).next(choices), axes, choices.drawInt(2) == 1};
        };
    }

    @Test
    void anyAndAllReduceAsOrAndAnd() {
        Property.forAll(boolsAndAxes()).named("any/all match a loop").tries(60).check(c -> {
            Tensor x = (Tensor) c[0];
            int[] axes = (int[]) c[1];
            boolean keep = (Boolean) c[2];
            for (boolean all : new boolean[] {false, true}) {
                Tensor y = eval(in -> all ? in.get(0).all(keep, axes) : in.get(0).any(keep, axes), x);
                // the reference: a float sum of the 0/1 values over the axes, compared with the count
                Tensor ones = eval(in -> in.get(0).cast(DType.FLOAT64).sum(keep, axes), x);
                Tensor count = eval(in -> ReduceOp.sum(SourceOp.fill(in.get(0).shape(), DType.FLOAT64, 1), keep,
                        axes), x);
                assertEquals(DType.BOOL, y.dtype());
                assertEquals(ones.shape(), y.shape());
                for (int i = 0; i < y.size(); i++) {
                    boolean expected = all ? ones.flat(i) == count.flat(i) : ones.flat(i) > 0;
                    assertEquals(expected, y.flatLong(i) == 1, (all ? "all" : "any") + " at " + i + " of " + x);
                }
            }
        });
        Tensor empty = Tensor.ofBooleans(Shape.of(2, 0));
        assertEquals("bool[2] [false, false]", eval(in -> in.get(0).any(1), empty).toString(), "any of nothing");
        assertEquals("bool[2] [true, true]", eval(in -> in.get(0).all(1), empty).toString(), "all of nothing");
    }

    @Test
    void argmaxAndArgminTakeTheFirstExtremumAndLetNaNWin() {
        Tensor x = Tensor.matrix(new double[][] {{1, 3, 3, 0}, {2, Double.NaN, 5, Double.NaN}, {-1, -1, -1, -1}});
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor v = x.cast(dtype);
            assertEquals("i64[3] [1, 1, 0]", eval(in -> in.get(0).argmax(1), v).toString());
            assertEquals("i64[3] [3, 1, 0]", eval(in -> in.get(0).argmin(-1), v).toString());
            assertEquals("i64[3, 1] [[1], [1], [0]]", eval(in -> in.get(0).argmax(1, true), v).toString());
            assertEquals("i64[4] [1, 1, 1, 1]", eval(in -> in.get(0).argmax(0), v).toString(), "NaN wins");
        }
        long big = (1L << 60) + 1;
        Tensor ints = Tensor.ofLongs(Shape.of(3), big - 1, big, big - 2);
        assertEquals("i64[] 1", eval(in -> in.get(0).argmax(0), ints).toString(), "exact beyond 2^53");
        assertEquals("i64[] 2", eval(in -> in.get(0).argmin(0), ints).toString());
        assertEquals("i64[] 1", eval(in -> in.get(0).argmax(0), Tensor.ofBooleans(Shape.of(3), false, true, true))
                .toString(), "the first true");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("e", Shape.of(2, 0)).argmax(1),
                "argmax: the axis must not be empty, got axis 1 of [2, 0]");
        Node batch = SourceOp.input("b", Shape.of(Shape.BATCH, 2));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Function.of(
                List.of(batch), List.of(batch.argmax(0))).call(Tensor.zeros(Shape.of(0, 2))));
        assertTrue(empty.getMessage().startsWith("argmax: the axis must not be empty"), empty.getMessage());
    }

    /** Random float matrices with ties (small integers) and NaN against a loop over the axis. */
    @Test
    void argmaxMatchesALoopOnRandomValues() {
        Gen<Tensor> matrices = choices -> {
            Shape s = Shape.of(1 + choices.drawInt(4), 1 + choices.drawInt(5));
            double[] data = new double[s.size()];
            for (int i = 0; i < data.length; i++) {
                int c = choices.drawInt(7);
                data[i] = c == 6 ? Double.NaN : c - 3;
            }
            return Tensor.of(s, data);
        };
        Property.forAll(matrices).named("argmax matches a loop").tries(80).check(x -> {
            Tensor max = eval(in -> in.get(0).argmax(1), x);
            Tensor min = eval(in -> in.get(0).argmin(1), x);
            int cols = x.shape().dim(1);
            for (int r = 0; r < x.shape().dim(0); r++) {
                int hi = 0;
                int lo = 0;
                for (int j = 1; j < cols; j++) {
                    double v = x.get(r, j);
                    double h = x.get(r, hi);
                    double l = x.get(r, lo);
                    if (!Double.isNaN(h) && (Double.isNaN(v) || v > h)) {
                        hi = j;
                    }
                    if (!Double.isNaN(l) && (Double.isNaN(v) || v < l)) {
                        lo = j;
                    }
                }
                assertEquals(hi, max.flatLong(r), "argmax of row " + r + " of " + x);
                assertEquals(lo, min.flatLong(r), "argmin of row " + r + " of " + x);
            }
        });
    }

    /** Comparisons give BOOL; where takes it, and only it; compiled (fused) and unoptimized agree bit for bit. */
    @Test
    void comparisonsGiveBoolThatWhereTakesFusedOrNot() {
        Node x = SourceOp.input("x", Shape.of(3, 4), DType.FLOAT32);
        Node m = SourceOp.input("m", Shape.of(3, 4), DType.BOOL);
        Node zero = SourceOp.scalar(0, DType.FLOAT32);
        assertEquals(DType.BOOL, x.greater(zero).dtype());
        Node y = x.greater(zero).logicalAnd(m.logicalNot()).where(x.mul(2.0), x.neg())
                .add(x.isNaN().cast(DType.FLOAT32));
        Tensor xv = Tensor.vector(-2, -1, 0, 1, 2, 3, Double.NaN, -0.5, 0.5, 4, -4, 7).reshape(Shape.of(3, 4))
                .cast(DType.FLOAT32);
        Tensor mv = Tensor.ofBooleans(Shape.of(3, 4), true, false, true, false, true, false, true, false, true, false,
                true, false);
        Function fused = Function.of(List.of(x, m), List.of(y));
        assertTrue(fused.explain().contains("elementwise fusion"), fused.explain());
        Tensor a = fused.call(xv, mv).get(0);
        Tensor b = Function.unoptimized(List.of(x, m), List.of(y)).call(xv, mv).get(0);
        assertTrue(a.sameValues(b), a + " vs " + b);
        assertEquals("f32[3, 4] [[2.0, 1.0, 0.0, 2.0], [-2.0, 6.0, NaN, 0.5], [-0.5, 8.0, 4.0, 14.0]]",
                a.toString());
    }
}
