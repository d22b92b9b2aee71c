package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.PoolKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Pooling and upsampling over the spatial axes of image-like tensors, channels last in the records (a
 * channels-first input is permuted around them by the factories).
 *
 * <p>Primitives, with the window {@code W(o)} of output position o clipped to the input (padded cells never
 * enter it; see {@link PoolSpec}):
 * <ul>
 *   <li>{@code maxPool}: {@code y[o] = x[a(o)]}, {@code a(o)} the first position of {@code W(o)} in row-major
 *       window order holding the window's maximum (the first NaN if there is one: NaN propagates; PyTorch's CPU
 *       kernels send the gradient of a window with several NaNs to the last one instead). Its gradient goes to
 *       that one position: {@code x̄ = maxPoolScatter(x, ȳ)}, which adds {@code ȳ[o]} at {@code a(o)}; given x,
 *       {@code maxPoolScatter} and {@code maxPoolPick} ({@code u -> u[a(o)]}) are each other's adjoint, and
 *       their derivative in x is zero (a(o) is locally constant), so every order of derivative exists;</li>
 *   <li>{@code avgPool}: {@code y[o] = sum_{i in W(o)} x[i] / |W(o)|}: with same padding the divisor counts
 *       only the cells inside the input, as Keras does (PyTorch's {@code count_include_pad=False});
 *       {@code avgPoolGrad} is its adjoint and the two are each other's VJP.</li>
 * </ul>
 * Compositions: {@code globalAvgPool} (a mean over the spatial axes), {@code globalMaxPool} (maxPool with one
 * window covering the input, so its ties follow the same rule), {@code upsampleNearest} (a broadcast) and
 * {@code upsampleBilinear} (two gathers per axis, weighted; a border cell whose second weight is 0 is the first
 * cell itself, so an infinite neighbour does not turn it into NaN).
 */
public sealed interface PoolOp extends Op {

    /** The spec of the record; channels last, one entry per spatial axis in each list. */
    PoolSpec spec();

    /**
     * Max pooling of {@code x : [N, s..., C]} (or {@code [N, C, s...]}), in x's data format.
     *
     * @throws IllegalArgumentException naming the op, the rule and the shapes on bad geometry
     */
    static Node maxPool(Node x, PoolSpec spec) {
        return pooled(x, spec, "maxPool", MaxPool::new);
    }

    /** Average pooling of {@code x}, padded cells excluded from each average; in x's data format. */
    static Node avgPool(Node x, PoolSpec spec) {
        return pooled(x, spec, "avgPool", AvgPool::new);
    }

    /**
     * The mean over the spatial axes: {@code [N, s..., C] -> [N, C]} (or from {@code [N, C, s...]}).
     *
     * @throws IllegalArgumentException naming the op and the rule for an integer or bool input or a rank below 3
     */
    static Node globalAvgPool(Node x, DataFormat format) {
        Objects.requireNonNull(x, "globalAvgPool: input is null");
        Objects.requireNonNull(format, "globalAvgPool: format is null");
        DTypeSet.FLOATING.require("globalAvgPool", "operand", x);
        requireImage("globalAvgPool", x.shape(), format);
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        int[] axes = new int[x.rank() - 2];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = first + a;
        }
        return ReduceOp.mean(x, axes);
    }

    /**
     * The maximum over the spatial axes: {@code [N, s..., C] -> [N, C]}, ties broken as {@link #maxPool}'s.
     *
     * @throws IllegalArgumentException naming the op and the rule for an integer or bool input or a rank below 3
     */
    static Node globalMaxPool(Node x, DataFormat format) {
        Objects.requireNonNull(x, "globalMaxPool: input is null");
        Objects.requireNonNull(format, "globalMaxPool: format is null");
        DTypeSet.FLOATING.require("globalMaxPool", "operand", x);
        requireImage("globalMaxPool", x.shape(), format);
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        int[] size = Arrays.copyOfRange(x.shape().dims(), first, first + x.rank() - 2);
        Node y = maxPool(x, PoolSpec.of(size).withDataFormat(format));
        return y.reshape(x.shape().dim(0), x.shape().dim(format.channelAxis(x.rank())));
    }

    /**
     * Nearest-neighbour upsampling by integer factors {@code size} (one entry: every spatial axis): every cell
     * repeated {@code size[a]} times along spatial axis a. A broadcast, so its gradient sums each block; a pure
     * copy, so it takes every dtype (integers and bools are repeated exactly).
     */
    static Node upsampleNearest(Node x, int[] size, DataFormat format) {
        Objects.requireNonNull(x, "upsampleNearest: input is null");
        Objects.requireNonNull(size, "upsampleNearest: size is null");
        Objects.requireNonNull(format, "upsampleNearest: format is null");
        requireImage("upsampleNearest", x.shape(), format);
        int d = x.rank() - 2;
        List<Integer> factors = ConvSpec.positive("upsampleNearest", "size", Stencil.list(size));
        int[] f = Stencil.perAxis("upsampleNearest", "size", factors, d);
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        upsampledShape("upsampleNearest", x.shape(), f, first, format);
        int[] dims = x.shape().dims();
        int[] split = new int[x.rank() + d];
        int[] repeated = new int[x.rank() + d];
        int[] joined = dims.clone();
        for (int a = 0, b = 0; a < x.rank(); a++) {
            int spatial = a - first;
            split[b] = dims[a];
            repeated[b++] = dims[a];
            if (spatial >= 0 && spatial < d) {
                split[b] = 1;
                repeated[b++] = f[spatial];
                joined[a] = dims[a] * f[spatial];
            }
        }
        return x.reshape(Shape.of(split)).broadcastTo(Shape.of(repeated)).reshape(Shape.of(joined));
    }

    /**
     * Bilinear (multilinear in d axes) upsampling by integer factors with half-pixel centres, as Keras's
     * {@code UpSampling2D(interpolation="bilinear")} (TensorFlow's resize, {@code half_pixel_centers}): output
     * cell j of an axis of size S reads source coordinate {@code (j + 0.5) / f - 0.5}, clamped to
     * {@code [0, S - 1]}, interpolating linearly between its two neighbours (PyTorch's
     * {@code align_corners=False}). A cell whose coordinate falls on a source cell (its second weight is 0: the
     * clamped borders, and every cell of an axis with factor 1) is that cell's value exactly, so an infinite
     * neighbour does not make it NaN. Floating-point input only: the weights are fractions.
     *
     * @throws IllegalArgumentException naming the op and the rule for an integer or bool input, bad sizes or a
     *     rank below 3
     */
    static Node upsampleBilinear(Node x, int[] size, DataFormat format) {
        Objects.requireNonNull(x, "upsampleBilinear: input is null");
        Objects.requireNonNull(size, "upsampleBilinear: size is null");
        Objects.requireNonNull(format, "upsampleBilinear: format is null");
        DTypeSet.FLOATING.require("upsampleBilinear", "operand", x);
        requireImage("upsampleBilinear", x.shape(), format);
        int d = x.rank() - 2;
        List<Integer> factors = ConvSpec.positive("upsampleBilinear", "size", Stencil.list(size));
        int[] f = Stencil.perAxis("upsampleBilinear", "size", factors, d);
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        upsampledShape("upsampleBilinear", x.shape(), f, first, format); // before the per-cell weights are made
        Node y = x;
        for (int a = 0; a < d; a++) {
            int axis = first + a;
            int s = x.shape().dim(axis);
            if (f[a] == 1) {
                continue; // the identity: every cell its own, with weight 1
            }
            int out = s * f[a];
            double[] lo = new double[out];
            double[] hi = new double[out];
            double[] weight = new double[out];
            for (int j = 0; j < out; j++) {
                double src = Math.min(Math.max((j + 0.5) / f[a] - 0.5, 0), s - 1);
                int i0 = (int) Math.floor(src);
                lo[j] = i0;
                hi[j] = Math.min(i0 + 1, s - 1);
                weight[j] = src - i0;
            }
            int[] wDims = new int[y.rank() - axis];
            Arrays.fill(wDims, 1);
            wDims[0] = out;
            Node w1 = SourceOp.constant(Tensor.of(x.dtype(), Shape.of(wDims), weight));
            Node w0 = SourceOp.constant(Tensor.of(x.dtype(), Shape.of(wDims), complement(weight)));
            Node below = y.gather(SourceOp.constant(Tensor.of(x.dtype(), Shape.of(out), lo)), axis);
            Node above = y.gather(SourceOp.constant(Tensor.of(x.dtype(), Shape.of(out), hi)), axis);
            // where the weight of "above" is 0 (the clamped border cells) the cell is "below" itself: the sum
            // below * 1 + above * 0 would be NaN for an infinite "above", and +0 for a -0 "below"
            Node unweighted = SourceOp.constant(Tensor.of(DType.BOOL, Shape.of(wDims), zeros(weight)));
            y = unweighted.where(below, below.mul(w0).add(above.mul(w1)));
        }
        return y;
    }

    /**
     * Checks that {@code x} is image-like in {@code format} for an op without a window of its own: a batch axis,
     * spatial axes and a channel axis, N on the batch axis only, and at least one cell on every spatial axis.
     *
     * @throws IllegalArgumentException {@code "<op>: every spatial axis must have at least one cell, got input
     *     <x> (<format>)"}, or the rank and N rules of {@link Stencil}
     */
    private static void requireImage(String op, Shape x, DataFormat format) {
        Stencil.requireSpatialAxes(op, x);
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        for (int a = first; a < first + x.rank() - 2; a++) {
            if (x.dim(a) == 0) { // else the unit window of the check below is named, with a hint to pad
                throw new IllegalArgumentException(op + ": every spatial axis must have at least one cell, got input "
                        + x + " (" + format.describe(x.rank() - 2) + ")");
            }
        }
        Stencil.pool(op, x, PoolSpec.of(1).withDataFormat(format));
    }

    /**
     * The shape of {@code x} with spatial axis a (from axis {@code first} on) multiplied by {@code f[a]}, computed
     * without overflow: a product past {@code Integer.MAX_VALUE} wrapped to a negative array size (or to a wrong,
     * small axis) before any shape saw it.
     *
     * @throws IllegalArgumentException naming the op, the input, the factors and the first axis that overflows,
     *     or the shape's own rule when the element count of one example does not fit in an {@code int}
     */
    private static Shape upsampledShape(String op, Shape x, int[] f, int first, DataFormat format) {
        int[] dims = x.dims();
        for (int a = 0; a < f.length; a++) {
            long out = (long) dims[first + a] * f[a];
            if (out > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": every upsampled axis must be at most " + Integer.MAX_VALUE
                        + ", got input " + x + " (" + format.describe(f.length) + ") and size " + Arrays.toString(f)
                        + ": spatial axis " + a + " would be " + dims[first + a] + " * " + f[a] + " = " + out);
            }
            dims[first + a] = (int) out;
        }
        try {
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": the upsampled shape must be valid, got input " + x
                    + " and size " + Arrays.toString(f) + ": " + e.getMessage(), e);
        }
    }

    /** 1 where {@code w} is 0, else 0. */
    private static double[] zeros(double[] w) {
        double[] z = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = w[i] == 0 ? 1 : 0;
        }
        return z;
    }

    private static double[] complement(double[] w) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = 1 - w[i];
        }
        return out;
    }

    /** The pooling record for a normalized spec, applied in x's data format. */
    private static Node pooled(Node x, PoolSpec spec, String kind,
            java.util.function.Function<PoolSpec, PoolOp> record) {
        Objects.requireNonNull(x, kind + ": input is null");
        Objects.requireNonNull(spec, kind + ": spec is null");
        Stencil.requireSpatialAxes(kind, x.shape());
        Stencil s = Stencil.pool(kind + (x.rank() - 2) + "d", x.shape(), spec);
        Padding padding = spec.padding() instanceof Padding.Explicit ? Padding.explicit(s.before, s.after)
                : spec.padding();
        PoolOp op = record.apply(new PoolSpec(Stencil.list(s.k), Stencil.list(s.strides), padding,
                DataFormat.CHANNELS_LAST));
        if (spec.dataFormat() == DataFormat.CHANNELS_LAST) {
            return Node.apply(op, x);
        }
        Node y = Node.apply(op, x.permute(Stencil.toChannelsLast(x.rank())));
        return y.permute(Stencil.toChannelsFirst(y.rank()));
    }

    /** x's shape, for a scatter of g (which must have x's pooled shape) into x's windows. */
    private static Shape scatteredShape(PoolOp op, List<Node> inputs) {
        requireArity(op, inputs, 2);
        Shape x = inputs.get(0).shape();
        Shape expected = pooledShape(op, x);
        if (!inputs.get(1).shape().equals(expected)) {
            throw new IllegalArgumentException(op.name() + ": g must have the pooled shape of x " + x + ", "
                    + expected + ", got " + inputs.get(1).shape());
        }
        return x;
    }

    /** The geometry of this record's pooling of {@code x}. */
    private static Stencil stencil(PoolOp op, Shape x) {
        PoolSpec spec = op.spec();
        int d = spec.poolSize().size();
        boolean explicit = spec.padding() instanceof Padding.Explicit;
        if (spec.dataFormat() != DataFormat.CHANNELS_LAST || spec.strides().size() != d
                || (explicit && ((Padding.Explicit) spec.padding()).before().size() != d)) {
            throw new IllegalArgumentException(op.name() + ": a record's spec must be channels last with one entry per"
                    + " spatial axis in every list, got " + spec + "; build pooling with PoolOp.maxPool or avgPool");
        }
        if (x.rank() != d + 2) {
            throw new IllegalArgumentException(op.name() + ": the input must be " + DataFormat.CHANNELS_LAST.describe(d)
                    + ", got " + x);
        }
        return Stencil.pool(op.name(), x, spec);
    }

    private static void requireArity(PoolOp op, List<Node> inputs, int n) {
        if (inputs.size() != n) {
            throw new IllegalArgumentException(op.name() + ": takes " + n + " input(s), got " + inputs.size());
        }
    }

    /** The pooled shape of x, checking that {@code other} has x's shape when given. */
    private static Shape pooledShape(PoolOp op, Shape x) {
        Shape y = stencil(op, x).outputShape(x.dim(0), x.dim(-1));
        int[] k = k(op.spec());
        for (int a = 0; a < k.length; a++) { // the kernels tabulate each axis's windows times their taps in an int[]
            if ((long) y.dim(a + 1) * k[a] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op.name() + ": windows times pool size must be at most "
                        + Integer.MAX_VALUE + " per axis, got " + y.dim(a + 1) + " windows of " + k[a] + " on axis "
                        + (a + 1));
            }
        }
        return y;
    }

    private static int[] k(PoolSpec spec) {
        return spec.poolSize().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code y[o] = x[a(o)]}, the window's first maximum (see {@link PoolOp}); {@code x̄ = maxPoolScatter(x, ȳ)}.
     *
     * @param spec the windows, normalized
     */
    record MaxPool(PoolSpec spec) implements PoolOp {
        @Override public String name() { return "maxPool" + spec.poolSize().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(this, inputs, 1);
            return pooledShape(this, inputs.get(0).shape());
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, inputs.get(0).shape());
            return PoolKernels.maxPool(inputs.get(0), s.k, s.strides, s.before, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            return List.of(Node.apply(new MaxPoolScatter(spec), x, yBar));
        }
    }

    /**
     * Given x, zeros of x's shape with {@code g[o]} added at {@code a(o)}: the gradient of {@link MaxPool}.
     * Linear in g; its adjoint is {@link MaxPoolPick}: {@code ḡ = maxPoolPick(x, z̄)}, and {@code x̄ = 0}.
     *
     * @param spec the windows, normalized
     */
    record MaxPoolScatter(PoolSpec spec) implements PoolOp {
        @Override public String name() { return "maxPoolScatter" + spec.poolSize().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            return scatteredShape(this, inputs);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, out);
            return PoolKernels.maxPoolScatter(inputs.get(0), inputs.get(1), s.k, s.strides, s.before, out);
        }

        @Override public List<Node> vjp(Node z, Node zBar) {
            Node x = z.inputs().get(0);
            return List.of(SourceOp.zerosLike(x), Node.apply(new MaxPoolPick(spec), x, zBar));
        }
    }

    /**
     * {@code maxPoolScatter(x, g) · [x > 0]}: the gradient of a max pooling of a ReLU's output {@code x} carried
     * through that ReLU's mask in the scatter's own pass (what the compiler makes of the two; the same bits). Linear
     * in g; {@code ḡ = maxPoolPick(x, z̄ · [x > 0])} and {@code x̄ = 0}.
     *
     * @param spec the windows, normalized
     */
    record RectifiedMaxPoolScatter(PoolSpec spec) implements PoolOp {
        @Override public String name() { return "maxPoolScatter" + spec.poolSize().size() + "d+relu"; }

        @Override public Shape shape(List<Node> inputs) {
            return scatteredShape(this, inputs);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, out);
            return PoolKernels.maxPoolScatter(inputs.get(0), inputs.get(1), s.k, s.strides, s.before, out, true);
        }

        @Override public List<Node> vjp(Node z, Node zBar) {
            Node x = z.inputs().get(0);
            Node mask = x.greater(SourceOp.scalar(0, x.dtype())).cast(x.dtype());
            return List.of(SourceOp.zerosLike(x), Node.apply(new MaxPoolPick(spec), x, zBar.mul(mask)));
        }
    }

    /**
     * Given x, {@code y[o] = u[a(o)]}, u of x's shape: u read where x's windows have their maximum. Linear in u;
     * its adjoint is {@link MaxPoolScatter}: {@code ū = maxPoolScatter(x, ȳ)}, and {@code x̄ = 0}.
     *
     * @param spec the windows, normalized
     */
    record MaxPoolPick(PoolSpec spec) implements PoolOp {
        @Override public String name() { return "maxPoolPick" + spec.poolSize().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(this, inputs, 2);
            Shape x = inputs.get(0).shape();
            if (!inputs.get(1).shape().equals(x)) {
                throw new IllegalArgumentException(name() + ": u must have x's shape, got " + x + " and "
                        + inputs.get(1).shape());
            }
            return pooledShape(this, x);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, inputs.get(0).shape());
            return PoolKernels.maxPoolPick(inputs.get(0), inputs.get(1), s.k, s.strides, s.before, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            return List.of(SourceOp.zerosLike(x), Node.apply(new MaxPoolScatter(spec), x, yBar));
        }
    }

    /**
     * {@code y[o] = sum_{i in W(o)} x[i] / |W(o)|}, padded cells excluded; {@code x̄ = avgPoolGrad(ȳ)}. Linear.
     *
     * @param spec the windows, normalized
     */
    record AvgPool(PoolSpec spec) implements PoolOp {
        @Override public String name() { return "avgPool" + spec.poolSize().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(this, inputs, 1);
            return pooledShape(this, inputs.get(0).shape());
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, inputs.get(0).shape());
            return PoolKernels.avgPool(inputs.get(0), s.k, s.strides, s.before, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Shape x = y.inputs().get(0).shape();
            List<Integer> size = Stencil.list(Arrays.copyOfRange(x.dims(), 1, x.rank() - 1));
            return List.of(Node.apply(new AvgPoolGrad(spec, size), yBar));
        }
    }

    /**
     * The adjoint of {@link AvgPool}: {@code z[i] = sum_{o : i in W(o)} g[o] / |W(o)|}, of shape
     * {@code [N, inputSize..., C]}; its VJP is {@code avgPool(z̄)}. Linear.
     *
     * @param spec the windows, normalized
     * @param inputSize the spatial sizes of the pooled input
     */
    record AvgPoolGrad(PoolSpec spec, List<Integer> inputSize) implements PoolOp {
        /** Copies the sizes. */
        public AvgPoolGrad {
            inputSize = List.copyOf(inputSize);
        }

        @Override public String name() { return "avgPoolGrad" + spec.poolSize().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(this, inputs, 1);
            Shape g = inputs.get(0).shape();
            if (g.rank() != inputSize.size() + 2) {
                throw new IllegalArgumentException(name() + ": g must have rank " + (inputSize.size() + 2) + ", got "
                        + g);
            }
            int[] dims = g.dims();
            for (int a = 0; a < inputSize.size(); a++) {
                dims[a + 1] = inputSize.get(a);
            }
            Shape x = Shape.of(dims);
            Shape expected = pooledShape(this, x);
            if (!expected.equals(g)) {
                throw new IllegalArgumentException(name() + ": g must have the pooled shape of " + x + ", " + expected
                        + ", got " + g);
            }
            return x;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, out);
            return PoolKernels.avgPoolGrad(inputs.get(0), s.k, s.strides, s.before, out);
        }

        @Override public List<Node> vjp(Node z, Node zBar) {
            return List.of(Node.apply(new AvgPool(spec), zBar));
        }
    }
}
