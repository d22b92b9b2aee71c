package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * PyTorch's {@code scatter_add}, {@code scatter} and {@code gather} along an axis ({@link ScatterOp}): values
 * equal, bit for bit, a naive loop over the indices in row-major order (float32 added in float32); gradients
 * equal central differences, first and second order; scatter-add and gather are adjoint; bad indices and shapes
 * are refused in words. Fixed values from PyTorch 1.13 ({@code /usr/bin/python3}), as quoted beside them.
 */
class ScatterAlongAxisTest {

    /** A random case: x, an axis (as spelled, maybe negative), indices with repeats, src of their shape. */
    record Case(Tensor x, int axis, Tensor idx, Tensor src) {
        int at() {
            return axis < 0 ? axis + x.rank() : axis;
        }

        @Override
        public String toString() {
            return "x " + x.shape() + " axis " + axis + " idx " + idx + " src " + src.shape();
        }
    }

    /** Cases of rank 1 to 4 whose indices have at most x's dimensions off the axis and 0 to 5 along it. */
    private static Gen<Case> cases(DType dtype) {
        return (Choices c) -> {
            int rank = 1 + c.drawInt(4);
            int[] xd = new int[rank];
            for (int a = 0; a < rank; a++) {
                xd[a] = 1 + c.drawInt(4);
            }
            int at = c.drawInt(rank);
            int[] id = new int[rank];
            for (int a = 0; a < rank; a++) {
                id[a] = a == at ? c.drawInt(6) : c.drawInt(xd[a] + 1);
            }
            long[] picks = new long[Shape.of(id).size()];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = c.drawInt(xd[at]);
            }
            DType indexType = c.drawInt(2) == 0 ? DType.INT64 : DType.INT32;
            return new Case(values(c, Shape.of(xd), dtype), c.drawInt(2) == 0 ? at : at - rank,
                    Tensor.ofLongs(Shape.of(id), picks).cast(indexType), values(c, Shape.of(id), dtype));
        };
    }

    /** Values of mixed magnitudes, so that the order of float32 additions shows in the rounding. */
    private static Tensor values(Choices c, Shape shape, DType dtype) {
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (c.drawInt(2001) - 1000) / (dtype.isFloating() ? 7.0 : 1) * (c.drawInt(3) == 0 ? 1e4 : 1);
        }
        return Tensor.of(dtype, shape, v);
    }

    /** For each position of idx (row-major), the flat offset in x of that position with idx's value on the axis. */
    private static int[] naiveTargets(Case k) {
        int[] xd = k.x().shape().dims();
        int[] id = k.idx().shape().dims();
        int[] at = new int[k.idx().size()];
        for (int i = 0; i < at.length; i++) {
            int rest = i;
            int[] coordinate = new int[id.length];
            for (int a = id.length - 1; a >= 0; a--) {
                coordinate[a] = rest % id[a];
                rest /= id[a];
            }
            coordinate[k.at()] = (int) k.idx().flatLong(i);
            int flat = 0;
            for (int a = 0; a < xd.length; a++) {
                flat = flat * xd[a] + coordinate[a];
            }
            at[i] = flat;
        }
        return at;
    }

    /** The values divided by 1e4, of order 1 at most. */
    private static Tensor scaled(Tensor t) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 1e-4;
        }
        return Tensor.of(t.dtype(), t.shape(), v);
    }

    private static Tensor call(Node y, List<Node> inputs, Tensor... values) {
        return Function.of(inputs, List.of(y)).call(values).get(0);
    }

    private static List<Node> inputs(Case k) {
        return List.of(SourceOp.input("x", k.x().shape(), k.x().dtype()),
                SourceOp.input("idx", k.idx().shape(), k.idx().dtype()),
                SourceOp.input("src", k.src().shape(), k.src().dtype()));
    }

    @Test
    void scatterAddIsTheNaiveLoopInRowMajorOrderBitForBit() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Property.forAll(cases(dtype)).named("scatterAddAlongAxis " + dtype).tries(300).check(k -> {
                List<Node> in = inputs(k);
                Tensor y = call(in.get(0).scatterAddAlongAxis(in.get(1), in.get(2), k.axis()), in, k.x(), k.idx(),
                        k.src());
                double[] expected = k.x().toDoubleArray();
                int[] at = naiveTargets(k);
                for (int i = 0; i < at.length; i++) {
                    double s = k.src().flat(i);
                    expected[at[i]] = dtype == DType.FLOAT32 ? (float) ((float) expected[at[i]] + (float) s)
                            : expected[at[i]] + s;
                }
                assertEquals(dtype, y.dtype());
                assertTrue(y.sameValues(Tensor.of(dtype, k.x().shape(), expected)), () -> k + " gave " + y);
            });
        }
    }

    @Test
    void scatterWritesInRowMajorOrderSoTheLastWriteWins() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32, DType.INT64)) {
            Property.forAll(cases(dtype)).named("scatterAlongAxis " + dtype).tries(300).check(k -> {
                List<Node> in = inputs(k);
                Tensor y = call(in.get(0).scatterAlongAxis(in.get(1), in.get(2), k.axis()), in, k.x(), k.idx(),
                        k.src());
                double[] expected = k.x().toDoubleArray();
                int[] at = naiveTargets(k);
                for (int i = 0; i < at.length; i++) {
                    expected[at[i]] = k.src().flat(i);
                }
                assertTrue(y.sameValues(Tensor.of(dtype, k.x().shape(), expected)), () -> k + " gave " + y);
            });
        }
    }

    @Test
    void gatherReadsWhereScatterWrites() {
        Property.forAll(cases(DType.FLOAT64)).named("gatherAlongAxis").tries(300).check(k -> {
            List<Node> in = inputs(k);
            Tensor y = call(in.get(0).gatherAlongAxis(in.get(1), k.axis()), List.of(in.get(0), in.get(1)), k.x(),
                    k.idx());
            double[] xs = k.x().toDoubleArray();
            int[] at = naiveTargets(k);
            double[] expected = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                expected[i] = xs[at[i]];
            }
            assertEquals(k.idx().shape(), y.shape());
            assertArrayEquals(expected, y.toDoubleArray(), k::toString);
        });
    }

    /** {@code <scatterAdd(0, idx, s), g> = <s, gather(g, idx)>} for random s and g: the two are adjoint. */
    @Test
    void scatterAddAndGatherAreAdjoint() {
        Property.forAll(cases(DType.FLOAT64)).named("adjoint identity").tries(300).check(k -> {
            List<Node> in = inputs(k);
            Node g = SourceOp.input("g", k.x().shape());
            Node zeros = SourceOp.zerosLike(in.get(0));
            Node left = zeros.scatterAddAlongAxis(in.get(1), in.get(2), k.axis()).mul(g).sum();
            Node right = in.get(2).mul(g.gatherAlongAxis(in.get(1), k.axis())).sum();
            Tensor gv = Tensor.uniform(Key.of(k.idx().size()), DType.FLOAT64, k.x().shape(), -1, 1);
            List<Tensor> both = Function.of(List.of(in.get(0), in.get(1), in.get(2), g), List.of(left, right))
                    .call(k.x(), k.idx(), k.src(), gv);
            double l = both.get(0).flat(0);
            double r = both.get(1).flat(0);
            assertEquals(l, r, 1e-12 * (1 + Math.abs(l)), k::toString);
        });
    }

    @Test
    void gradientsEqualCentralDifferencesFirstAndSecondOrder() {
        Property.forAll(cases(DType.FLOAT64)).named("gradients").tries(60).check(k -> {
            List<Node> in = inputs(k);
            Tensor x = scaled(k.x()); // values of order 1 for the differences
            Tensor src = scaled(k.src());
            Bindings at = Bindings.of(in.get(0), x).and(in.get(1), k.idx()).and(in.get(2), src);
            List<Node> wrt = List.of(in.get(0), in.get(2));
            for (Node f : List.of(in.get(0).scatterAddAlongAxis(in.get(1), in.get(2), k.axis()),
                    in.get(0).scatterAlongAxis(in.get(1), in.get(2), k.axis()))) {
                // squared, so that the second derivative is not zero
                Node loss = f.mul(f);
                GradCheck.check(loss, wrt, at).assertPassed();
                GradCheck.checkSecondOrder(loss, wrt, at, Key.of(7)).assertPassed();
            }
            Node gather = in.get(0).gatherAlongAxis(in.get(1), k.axis());
            GradCheck.check(gather.mul(gather), List.of(in.get(0)), at).assertPassed();
        });
    }

    /**
     * PyTorch 1.13: {@code x = torch.zeros(2, 4); idx = torch.tensor([[1, 3, 1], [0, 0, 2]]);
     * src = torch.tensor([[1., 2., 4.], [8., 16., 32.]])}: {@code x.scatter_add(1, idx, src)} is
     * {@code [[0, 5, 0, 2], [24, 0, 32, 0]]}; {@code torch.gather(x + arange(8).view(2, 4), 1, idx)} is
     * {@code [[1, 3, 1], [4, 4, 6]]}. Scatter writes the last of the duplicates, {@code [[0, 4, 0, 2],
     * [16, 0, 32, 0]]} (PyTorch leaves which one unspecified; its CPU kernel gives these), and only the
     * surviving writes get a gradient (PyTorch gives every duplicate {@code gather(grad)}).
     */
    @Test
    void valuesAndGradientsMatchPyTorchOnAFixedExample() {
        Node x = SourceOp.input("x", Shape.of(2, 4));
        Node idx = SourceOp.input("idx", Shape.of(2, 3), DType.INT64);
        Node src = SourceOp.input("src", Shape.of(2, 3));
        Tensor xv = Tensor.zeros(DType.FLOAT64, Shape.of(2, 4));
        Tensor iv = Tensor.ofLongs(Shape.of(2, 3), 1, 3, 1, 0, 0, 2);
        Tensor sv = Tensor.of(DType.FLOAT64, Shape.of(2, 3), 1, 2, 4, 8, 16, 32);
        List<Node> in = List.of(x, idx, src);
        assertArrayEquals(new double[] {0, 5, 0, 2, 24, 0, 32, 0},
                call(x.scatterAddAlongAxis(idx, src, 1), in, xv, iv, sv).toDoubleArray());
        assertArrayEquals(new double[] {0, 4, 0, 2, 16, 0, 32, 0},
                call(x.scatterAlongAxis(idx, src, -1), in, xv, iv, sv).toDoubleArray());
        Tensor counting = Tensor.of(DType.FLOAT64, Shape.of(2, 4), 0, 1, 2, 3, 4, 5, 6, 7);
        assertArrayEquals(new double[] {1, 3, 1, 4, 4, 6},
                call(x.gatherAlongAxis(idx, 1), List.of(x, idx), counting, iv).toDoubleArray());
        // d/dsrc sum(scatter(x, idx, src) * w) = w at the surviving writes, 0 at the overwritten ones;
        // d/dx is w where nothing was written
        Node w = SourceOp.constant(counting);
        Node loss = x.scatterAlongAxis(idx, src, 1).mul(w).sum();
        List<Tensor> grads = Function.of(in, Autodiff.grad(loss, x, src)).call(xv, iv, sv);
        assertArrayEquals(new double[] {0, 0, 2, 0, 0, 5, 0, 7}, grads.get(0).toDoubleArray());
        assertArrayEquals(new double[] {0, 3, 1, 0, 4, 6}, grads.get(1).toDoubleArray());
        // scatter_add: d/dx = w, d/dsrc = gather(w)
        Node sum = x.scatterAddAlongAxis(idx, src, 1).mul(w).sum();
        List<Tensor> addGrads = Function.of(in, Autodiff.grad(sum, x, src)).call(xv, iv, sv);
        assertArrayEquals(counting.toDoubleArray(), addGrads.get(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 3, 1, 4, 4, 6}, addGrads.get(1).toDoubleArray());
    }

    /** Indices shorter than x off the axis write (and read) a leading block only, as in PyTorch. */
    @Test
    void shorterIndicesTouchALeadingBlockOnly() {
        // torch.zeros(3, 3).scatter_add(0, torch.tensor([[2, 0]]), torch.tensor([[5., 6.]]))
        // is [[0, 6, 0], [0, 0, 0], [5, 0, 0]]
        Node x = SourceOp.input("x", Shape.of(3, 3));
        Node idx = SourceOp.input("idx", Shape.of(1, 2), DType.INT32);
        Node src = SourceOp.input("src", Shape.of(1, 2));
        Tensor y = call(x.scatterAddAlongAxis(idx, src, 0), List.of(x, idx, src), Tensor.zeros(DType.FLOAT64,
                Shape.of(3, 3)), Tensor.ofLongs(Shape.of(1, 2), 2, 0).cast(DType.INT32), Tensor.vector(5, 6)
                .reshape(Shape.of(1, 2)));
        assertArrayEquals(new double[] {0, 6, 0, 0, 0, 0, 5, 0, 0}, y.toDoubleArray());
    }

    @Test
    void anIndexOutsideTheAxisIsReportedWithOpPositionValueAndBound() {
        Node x = SourceOp.input("x", Shape.of(2, 4));
        Node idx = SourceOp.input("idx", Shape.of(2, 3), DType.INT64);
        Node src = SourceOp.input("src", Shape.of(2, 3));
        Tensor xv = Tensor.zeros(DType.FLOAT64, Shape.of(2, 4));
        Tensor sv = Tensor.zeros(DType.FLOAT64, Shape.of(2, 3));
        for (Node y : List.of(x.scatterAddAlongAxis(idx, src, 1), x.scatterAlongAxis(idx, src, 1))) {
            String op = y.op().name().replace("(1)", "");
            Function f = Function.of(List.of(x, idx, src), List.of(y));
            assertEquals(op + ": indices must be integers in [0, 4), got 4 at position [1, 2] of indices [2, 3]",
                    assertThrows(IndexOutOfBoundsException.class, () -> f.call(xv,
                            Tensor.ofLongs(Shape.of(2, 3), 0, 1, 2, 3, 0, 4), sv)).getMessage());
            assertEquals(op + ": indices must be integers in [0, 4), got -1 at position [0, 1] of indices [2, 3]",
                    assertThrows(IndexOutOfBoundsException.class, () -> f.call(xv,
                            Tensor.ofLongs(Shape.of(2, 3), 0, -1, 2, 3, 0, 1), sv)).getMessage());
        }
    }

    /** gatherAlongAxis runs as a takeAlongAxis, but a bad index is reported under the name the user called. */
    @Test
    void anIndexOutsideTheAxisOfAGatherIsReportedAsGatherAlongAxis() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node idx = SourceOp.input("idx", Shape.of(2, 2), DType.INT64);
        Tensor xv = Tensor.zeros(DType.FLOAT64, Shape.of(2, 3));
        Tensor bad = Tensor.ofLongs(Shape.of(2, 2), 0, 1, 2, 3);
        for (String op : List.of("gatherAlongAxis", "takeAlongAxis")) {
            Node y = op.equals("gatherAlongAxis") ? x.gatherAlongAxis(idx, 1)
                    : x.slice(1, 0, 2).takeAlongAxis(idx, 1);
            Function f = Function.of(List.of(x, idx), List.of(y));
            String expected = op.equals("gatherAlongAxis") ? "[0, 3), got 3 at position [1, 1]"
                    : "[0, 2), got 2 at position [1, 0]";
            assertEquals(op + ": indices must be integers in " + expected + " of indices [2, 2]",
                    assertThrows(IndexOutOfBoundsException.class, () -> f.call(xv, bad)).getMessage());
        }
    }

    /**
     * A function of the gradient only, where the gather's own value is dead, meets a bad index in the gradient's
     * scatter: it is reported as the gradient of the op the user called, and the caller keeps no equal
     * computations apart.
     */
    @Test
    void aBadIndexMetOnlyByTheGradientNamesTheGradientOfTheOpCalled() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node idx = SourceOp.input("idx", Shape.of(2, 2), DType.INT64);
        Tensor xv = Tensor.zeros(DType.FLOAT64, Shape.of(2, 3));
        Tensor bad = Tensor.ofLongs(Shape.of(2, 2), 0, 1, 2, 3);
        Map<String, Node> gradients = new java.util.LinkedHashMap<>();
        gradients.put("gradient of gatherAlongAxis", Autodiff.grad(x.gatherAlongAxis(idx, 1).sum(), x));
        gradients.put("gradient of takeAlongAxis", Autodiff.grad(x.slice(1, 0, 2).takeAlongAxis(idx, 1).sum(), x));
        Node rows = SourceOp.input("rows", Shape.of(2), DType.INT64);
        gradients.put("gradient of gather", Autodiff.grad(x.gather(rows, 0).sum(), x));
        for (Map.Entry<String, Node> g : gradients.entrySet()) {
            boolean gather = g.getKey().equals("gradient of gather");
            Function f = Function.of(gather ? List.of(x, rows) : List.of(x, idx), List.of(g.getValue()));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.call(xv,
                    gather ? Tensor.ofLongs(Shape.of(2), 0, 7) : bad));
            assertTrue(e.getMessage().startsWith(g.getKey() + ": indices must be integers in "), e.getMessage());
        }
        assertEquals(new IndexOp.PutAlongAxis(1, Shape.of(2, 3)), new IndexOp.PutAlongAxis(1, Shape.of(2, 3),
                "gradient of takeAlongAxis"));
        assertEquals(new IndexOp.ScatterAdd(0, Shape.of(2, 3)), new IndexOp.ScatterAdd(0, Shape.of(2, 3), true,
                "gradient of gather"));
    }

    @Test
    void badShapesAndDtypesAreRefusedWhenTheNodeIsBuilt() {
        Node x = SourceOp.input("x", Shape.of(2, 4));
        Node src = SourceOp.input("src", Shape.of(2, 3));
        Node idx = SourceOp.input("idx", Shape.of(2, 3), DType.INT64);
        assertMessage("scatterAddAlongAxis: axis must be in [-2, 2), got axis 2 for x : f64[2, 4]",
                () -> x.scatterAddAlongAxis(idx, src, 2));
        assertMessage("scatterAddAlongAxis: indices must have x's rank and at most x's dimensions off axis 1 (N where"
                + " x has N), got x : f64[2, 4], idx : i64[3, 3] and src : f64[3, 3]",
                () -> x.scatterAddAlongAxis(SourceOp.input("idx", Shape.of(3, 3), DType.INT64),
                        SourceOp.input("src", Shape.of(3, 3)), 1));
        assertMessage("scatterAlongAxis: indices must have x's rank and at most x's dimensions off axis 1 (N where"
                + " x has N), got x : f64[2, 4], idx : i64[6] and src : f64[6]",
                () -> x.scatterAlongAxis(SourceOp.input("idx", Shape.of(6), DType.INT64),
                        SourceOp.input("src", Shape.of(6)), 1));
        assertMessage("scatterAddAlongAxis: src must have the indices' shape [2, 3], got x : f64[2, 4], idx :"
                + " i64[2, 3] and src : f64[2, 4]; PyTorch would read its leading block: slice it",
                () -> x.scatterAddAlongAxis(idx, SourceOp.input("src", Shape.of(2, 4)), 1));
        assertMessage("scatterAddAlongAxis: src must have the indices' shape [2, 3], got x : f64[2, 4], idx :"
                + " i64[2, 3] and src : f64[2, 2]", () -> x.scatterAddAlongAxis(idx, SourceOp.input("src",
                        Shape.of(2, 2)), 1));
        assertMessage("gatherAlongAxis: indices must have x's rank and at most x's dimensions off axis 0 (N where"
                + " x has N), got x : f64[2, 4] and idx : i64[2, 5]",
                () -> x.gatherAlongAxis(SourceOp.input("idx", Shape.of(2, 5), DType.INT64), 0));
        assertMessage("scatterAddAlongAxis: x and src must have the same dtype, got x : f64[2, 4], idx : i64[2, 3]"
                + " and src : f32[2, 3]; insert a cast",
                () -> x.scatterAddAlongAxis(idx, SourceOp.input("src", Shape.of(2, 3), DType.FLOAT32), 1));
        Node batched = SourceOp.input("b", Shape.of(Shape.BATCH, 4));
        assertMessage("scatterAddAlongAxis: cannot index along the batch axis N, got axis 0 of b : f64[N, 4], idx :"
                + " i64[2, 3] and src : f64[2, 3]", () -> batched.scatterAddAlongAxis(idx, src, 0));
        assertMessage("scatterAddAlongAxis: indices must have x's rank and at most x's dimensions off axis 1 (N where"
                + " x has N), got b : f64[N, 4], idx : i64[2, 3] and src : f64[2, 3]",
                () -> batched.scatterAddAlongAxis(idx, src, 1));
        Node ints = SourceOp.input("i", Shape.of(2, 4), DType.INT64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ints.scatterAddAlongAxis(idx,
                SourceOp.input("s", Shape.of(2, 3), DType.INT64), 1)).getMessage()
                .startsWith("scatterAddAlongAxis: x must be floating-point"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> x.scatterAddAlongAxis(
                SourceOp.input("flags", Shape.of(2, 3), DType.BOOL), src, 1)).getMessage()
                .startsWith("scatterAddAlongAxis: indices must be integer"));
        // with N on axis 0 of all three, the scatter along axis 1 is built, and runs for any batch size
        Node bi = SourceOp.input("bi", Shape.of(Shape.BATCH, 3), DType.INT64);
        Node bs = SourceOp.input("bs", Shape.of(Shape.BATCH, 3));
        Node y = batched.scatterAddAlongAxis(bi, bs, 1);
        assertEquals(Shape.of(Shape.BATCH, 4), y.shape());
        Tensor out = Function.of(List.of(batched, bi, bs), List.of(y)).call(Tensor.zeros(DType.FLOAT64,
                Shape.of(1, 4)), Tensor.ofLongs(Shape.of(1, 3), 3, 3, 0), Tensor.of(DType.FLOAT64, Shape.of(1, 3), 1,
                2, 4)).get(0);
        assertArrayEquals(new double[] {4, 0, 0, 3}, out.toDoubleArray());
    }

    private static void assertMessage(String expected, Executable build) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, build).getMessage());
    }

    /** The mask of surviving writes: the last occurrence of each target in row-major order. */
    @Test
    void lastWritesMarksTheLastOccurrenceOfEachTarget() {
        Node idx = SourceOp.input("idx", Shape.of(2, 3), DType.INT64);
        Tensor mask = call(Node.apply(new ScatterOp.LastWrites(1, 4), idx), List.of(idx),
                Tensor.ofLongs(Shape.of(2, 3), 1, 3, 1, 0, 0, 2));
        assertEquals(DType.BOOL, mask.dtype());
        assertEquals("[false, true, true, false, true, true]", Arrays.toString(mask.toDoubleArray()).replace("0.0",
                "false").replace("1.0", "true"));
    }

    /**
     * {@code putAlongAxis} with a repeated index: the last source in row-major order wins, as NumPy 1.24's
     * {@code put_along_axis} gives ({@code np.put_along_axis(zeros((1, 3)), [[1, 1]], [[7, 8]], 1)} is
     * {@code [[0, 8, 0]]}; with {@code [[2, 2], [0, 0]]} and {@code [[1, 2], [3, 4]]} into {@code zeros((2, 3))},
     * {@code [[0, 0, 2], [4, 0, 0]]}); it added them (15) before, a value no source held. The losing source gets no
     * gradient, the overwritten entries of x none.
     */
    @Test
    void putAlongAxisLetsTheLastOfRepeatedIndicesWinAsNumPy() {
        Node x = SourceOp.input("x", Shape.of(1, 3));
        Node src = SourceOp.input("src", Shape.of(1, 2));
        Node put = x.putAlongAxis(SourceOp.constant(Tensor.ofLongs(Shape.of(1, 2), 1, 1)), src, 1);
        Node w = SourceOp.constant(Tensor.of(DType.FLOAT64, Shape.of(1, 3), 1, 10, 100));
        List<Node> outputs = new java.util.ArrayList<>(List.of(put));
        outputs.addAll(Autodiff.grad(put.mul(w).sum(), x, src));
        List<Tensor> values = Function.of(List.of(x, src), outputs).call(List.of(Tensor.of(DType.FLOAT64,
                Shape.of(1, 3), 0, 0, 0), Tensor.of(DType.FLOAT64, Shape.of(1, 2), 7, 8)));
        assertArrayEquals(new double[] {0, 8, 0}, values.get(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 100}, values.get(1).toDoubleArray());
        assertArrayEquals(new double[] {0, 10}, values.get(2).toDoubleArray());
        Node rows = SourceOp.input("rows", Shape.of(2, 3));
        Node two = rows.putAlongAxis(SourceOp.constant(Tensor.ofLongs(Shape.of(2, 2), 2, 2, 0, 0)),
                SourceOp.constant(Tensor.of(DType.FLOAT64, Shape.of(2, 2), 1, 2, 3, 4)), 1);
        assertArrayEquals(new double[] {0, 0, 2, 4, 0, 0}, Function.of(List.of(rows), List.of(two))
                .call(List.of(Tensor.zeros(DType.FLOAT64, Shape.of(2, 3)))).get(0).toDoubleArray());
    }
}
