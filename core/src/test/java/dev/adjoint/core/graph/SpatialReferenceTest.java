package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.kernel.Parallel;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Convolution and pooling, forward and gradients, against the textbook sums of {@link NaiveSpatial} on random
 * geometry (1 to 3 spatial axes, odd and size-1 sizes, strides, dilations, every padding, groups, both data
 * formats), and the stated rules: ties and NaN in max pooling, Keras's averages at padded edges, TensorFlow's
 * split of an odd same-padding, and results that do not depend on the thread count.
 */
class SpatialReferenceTest {

    /** {y, xBar, wBar} of the library for conv(x, w) and cotangent yBar. */
    private static List<Tensor> library(Tensor x, Tensor w, Tensor yBar, ConvSpec spec) {
        Node xn = SourceOp.input("x", x.shape(), x.dtype());
        Node wn = SourceOp.input("w", w.shape(), w.dtype());
        Node y = ConvOp.conv(xn, wn, spec);
        Node g = SourceOp.input("yBar", y.shape(), y.dtype());
        List<Node> grads = Autodiff.vjp(List.of(y), List.of(g), List.of(xn, wn), Autodiff.Strictness.ZEROS_FOR_UNUSED);
        return Function.of(List.of(xn, wn, g), List.of(y, grads.get(0), grads.get(1))).call(x, w, yBar);
    }

    /** |a - b| <= tol · (|b| + scale), element by element. */
    private static void assertClose(double[] expected, Tensor actual, double tol, double scale, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual.flat(i);
            assertTrue(Math.abs(a - e) <= tol * (Math.abs(e) + scale), what + " element " + i + ": expected " + e
                    + ", got " + a);
        }
    }

    /** A convolution case: geometry, data format, values. */
    private record ConvCase(DType dtype, SpatialOpSpecs.Geometry g, boolean first, Tensor x, Tensor w, Tensor yBar) {
        static ConvCase draw(Choices choices) {
            Draw d = new Draw(choices, choices.drawInt(2) == 0 ? DType.FLOAT64 : DType.FLOAT32);
            SpatialOpSpecs.Geometry g = SpatialOpSpecs.Geometry.draw(d);
            return new ConvCase(d.dtype, g, d.bool(), d.tensor(g.x(), Domain.REAL), d.tensor(g.w(), Domain.REAL),
                    d.tensor(g.y(), Domain.REAL));
        }
    }

    @Test
    void convolutionAndItsGradientsMatchTheDirectSum() {
        Property.forAll(ConvCase::draw).named("conv vs the direct sum").tries(60).check(c -> {
            SpatialOpSpecs.Geometry g = c.g();
            boolean first = c.first();
            Tensor x = c.x();
            Tensor w = c.w();
            Tensor yBar = c.yBar();
            Stencil s = Stencil.conv("conv", g.x(), g.w(), g.spec());
            double[][] ref = NaiveSpatial.conv(x, w, yBar, s, g.spec().groups());
            ConvSpec spec = first ? g.spec().withDataFormat(DataFormat.CHANNELS_FIRST) : g.spec();
            List<Tensor> lib = first
                    ? channelsLast(library(toFirst(x), w, toFirst(yBar), spec), w.rank())
                    : library(x, w, yBar, spec);
            // float64: sums of at most 36 products of values <= 3, in another order: rounding only
            double tol = c.dtype() == DType.FLOAT64 ? 1e-12 : 1e-5;
            String what = g + (first ? " channels-first" : "") + " " + c.dtype();
            assertClose(ref[0], lib.get(0), tol, 10, "y of " + what);
            assertClose(ref[1], lib.get(1), tol, 10, "xBar of " + what);
            assertClose(ref[2], lib.get(2), tol, 10, "wBar of " + what);
        });
    }

    private static Tensor toFirst(Tensor t) {
        Node n = SourceOp.input("t", t.shape(), t.dtype());
        return Function.of(List.of(n), List.of(n.permute(Stencil.toChannelsFirst(t.rank())))).call(t).get(0);
    }

    private static List<Tensor> channelsLast(List<Tensor> ts, int rank) {
        java.util.List<Tensor> out = new java.util.ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (i == 2) {
                out.add(t);
                continue;
            }
            Node n = SourceOp.input("t", t.shape(), t.dtype());
            out.add(Function.of(List.of(n), List.of(n.permute(Stencil.toChannelsLast(rank)))).call(t).get(0));
        }
        return out;
    }

    /** A pooling case; x holds few distinct values, so that windows hold ties. */
    private record PoolCase(DType dtype, SpatialOpSpecs.Pool p, Tensor x, Tensor yBar) {
        static PoolCase draw(Choices choices) {
            Draw d = new Draw(choices, choices.drawInt(2) == 0 ? DType.FLOAT64 : DType.FLOAT32);
            SpatialOpSpecs.Pool p = SpatialOpSpecs.Pool.draw(d);
            return new PoolCase(d.dtype, p, d.indices(p.x(), 3).cast(d.dtype), d.tensor(p.y(), Domain.REAL));
        }
    }

    @Test
    void poolingAndTheMaxGradientMatchTheDirectSum() {
        Property.forAll(PoolCase::draw).named("pooling vs the direct sum").tries(60).check(c -> {
            SpatialOpSpecs.Pool p = c.p();
            Tensor x = c.x();
            Tensor yBar = c.yBar();
            double[][] ref = NaiveSpatial.pool(x, yBar, Stencil.pool("pool", p.x(), p.spec()));
            Node xn = SourceOp.input("x", x.shape(), x.dtype());
            Node max = PoolOp.maxPool(xn, p.spec());
            Node avg = PoolOp.avgPool(xn, p.spec());
            Node g = SourceOp.input("yBar", max.shape(), max.dtype());
            Node xBar = Autodiff.vjp(List.of(max), List.of(g), List.of(xn), Autodiff.Strictness.ZEROS_FOR_UNUSED)
                    .get(0);
            List<Tensor> lib = Function.of(List.of(xn, g), List.of(max, avg, xBar)).call(x, yBar);
            double tol = c.dtype() == DType.FLOAT64 ? 1e-15 : 1e-7;
            assertClose(ref[0], lib.get(0), 0, 0, "max of " + p);
            assertClose(ref[1], lib.get(1), tol, 0, "average of " + p);
            assertClose(ref[2], lib.get(2), tol, 1, "max gradient of " + p);
        });
    }

    @Test
    void maxPoolingPicksTheFirstTieInRowMajorOrderAndPropagatesNaN() {
        Node x = SourceOp.input("x", Shape.of(1, 2, 2, 1));
        Node y = PoolOp.maxPool(x, PoolSpec.of(2));
        Node xBar = Autodiff.grad(y.sum(), x);
        List<Tensor> r = Function.of(List.of(x), List.of(y, xBar)).call(Tensor.of(Shape.of(1, 2, 2, 1), 1, 5, 5, 5));
        assertEquals(5.0, r.get(0).item());
        assertEquals(List.of(0.0, 1.0, 0.0, 0.0), toList(r.get(1)), "the gradient goes to the first 5 only");
        r = Function.of(List.of(x), List.of(y, xBar)).call(Tensor.of(Shape.of(1, 2, 2, 1), 7, Double.NaN, 9,
                Double.NaN));
        assertTrue(Double.isNaN(r.get(0).item()), "NaN propagates");
        assertEquals(List.of(0.0, 1.0, 0.0, 0.0), toList(r.get(1)), "the gradient goes to the first NaN");
    }

    @Test
    void averagePoolingWithSamePaddingCountsOnlyCellsInsideTheInputAsKerasDoes() {
        // 3 x 3 input 1..9, pool 2, stride 2, same: windows {1,2,4,5}, {3,6}, {7,8}, {9} (extra padding at the end)
        Node x = SourceOp.input("x", Shape.of(1, 3, 3, 1));
        Node y = PoolOp.avgPool(x, PoolSpec.of(2).withPadding(Padding.SAME));
        Tensor r = Function.of(List.of(x), List.of(y)).call(Tensor.of(Shape.of(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9))
                .get(0);
        assertEquals(Shape.of(1, 2, 2, 1), r.shape());
        assertEquals(List.of(3.0, 4.5, 7.5, 9.0), toList(r));
    }

    @Test
    void sameConvolutionPutsTheExtraPaddingCellAtTheEndAsTensorFlowDoes() {
        // input 4 wide, kernel 2, stride 1, same: total padding 1, all of it after: y[i] = x[i] + x[i+1], y[3] = x[3]
        Node x = SourceOp.input("x", Shape.of(1, 4, 1));
        Node w = SourceOp.constant(Tensor.of(Shape.of(2, 1, 1), 1, 1));
        Node y = ConvOp.conv(x, w, ConvSpec.defaults().withPadding(Padding.SAME));
        Tensor r = Function.of(List.of(x), List.of(y)).call(Tensor.of(Shape.of(1, 4, 1), 1, 2, 3, 4)).get(0);
        assertEquals(List.of(3.0, 5.0, 7.0, 4.0), toList(r));
    }

    @Test
    void aSameTransposedConvolutionPlacesItsCellsAsTensorFlowDoesAndExplicitPaddingAsPyTorchDoes() {
        // y = 1..4, kernel 1, 10, 100, stride 2: the full transposed convolution is 1 10 102 20 203 30 304 40 400
        Node y = SourceOp.input("y", Shape.of(1, 4, 1));
        Node w = SourceOp.constant(Tensor.of(Shape.of(3, 1, 1), 1, 10, 100));
        ConvSpec strided = ConvSpec.defaults().withStrides(2);
        Node same = ConvOp.convTranspose(y, w, strided.withPadding(Padding.SAME));
        Node torch = ConvOp.convTranspose(y, w, strided.withPadding(Padding.explicit(1)), new int[] {8});
        List<Tensor> r = Function.of(List.of(y), List.of(same, torch)).call(Tensor.of(Shape.of(1, 4, 1), 1, 2, 3, 4));
        // same padding of the 8 outputs: total 1, none before (Keras's Conv2DTranspose through TensorFlow)
        assertEquals(List.of(1.0, 10.0, 102.0, 20.0, 203.0, 30.0, 304.0, 40.0), toList(r.get(0)));
        // PyTorch's padding=1, output_padding=1: one cell before cut, the extra cell at the end
        assertEquals(List.of(10.0, 102.0, 20.0, 203.0, 30.0, 304.0, 40.0, 400.0), toList(r.get(1)));
    }

    @Test
    void convolutionResultsDoNotDependOnTheThreadCount() {
        // 6 blocks of patches for the forward and the input gradient, 2 chunks for the filter gradient
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(4, 24, 24, 64), -1, 1);
        Tensor w = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(3, 3, 64, 32), -1, 1);
        ConvSpec spec = ConvSpec.defaults().withPadding(Padding.SAME);
        Tensor yBar = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(4, 24, 24, 32), -1, 1);
        List<Tensor> parallel = library(x, w, yBar, spec);
        List<List<Tensor>> sequential = new java.util.ArrayList<>();
        // a kernel called from inside a parallel task runs its own tasks one after another on that thread
        Parallel.forEach(2, t -> {
            if (t == 0) {
                sequential.add(library(x, w, yBar, spec));
            }
        });
        for (int i = 0; i < 3; i++) {
            assertTrue(parallel.get(i).sameValues(sequential.get(0).get(i)), "result " + i + " on "
                    + Parallel.threads() + " threads differs from one thread");
        }
    }

    private static List<Double> toList(Tensor t) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.flat(i));
        }
        return out;
    }
}
