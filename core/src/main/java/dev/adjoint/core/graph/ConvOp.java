package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ConvKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Convolution over 1, 2 or 3 spatial axes (a cross-correlation, as in every deep-learning library), its input
 * gradient, which is the transposed convolution, and its filter gradient: three records, channels last, whose
 * VJPs are built from each other, so derivatives of every order exist. With {@code y = conv(x, w)} (see
 * {@link ConvSpec} for the formula) the three are bilinear and, for cotangents of the right shapes,
 * <pre>
 *   &lt;ȳ, conv(x, w)&gt; = &lt;convTranspose(ȳ, w), x&gt; = &lt;convFilterGrad(x, ȳ), w&gt;
 * </pre>
 * which gives every VJP: {@code conv}'s are {@code (convTranspose(ȳ, w), convFilterGrad(x, ȳ))};
 * {@code convTranspose(ȳ, w)}'s, for a cotangent {@code u} of x's shape, are {@code (conv(u, w),
 * convFilterGrad(u, ȳ))}; {@code convFilterGrad(x, ȳ)}'s, for {@code v} of w's shape, are
 * {@code (convTranspose(ȳ, v), conv(x, v))}.
 *
 * <p>The factories check the geometry in the user's {@link DataFormat} (a window larger than the padded input,
 * channels not divisible by groups, list lengths, N anywhere but the batch axis) and name the op, the rule and
 * the shapes; a channels-first input is permuted to channels last around the records.
 */
public sealed interface ConvOp extends Op {

    /** The spec of the record; its data format is channels last and its lists have one entry per axis. */
    ConvSpec spec();

    /** {@code conv(x, w)} with Keras's defaults: strides 1, valid padding, no dilation, one group, channels last. */
    static Node conv(Node x, Node w) {
        return conv(x, w, ConvSpec.defaults());
    }

    /**
     * The convolution of {@code x : [N, s..., C_in]} (or {@code [N, C_in, s...]} channels first) with the kernel
     * {@code w : [k..., C_in / groups, C_out]}: {@code [N, o..., C_out]} in x's data format.
     *
     * @throws IllegalArgumentException naming the op ({@code conv2d}), the rule and the shapes on bad geometry
     */
    static Node conv(Node x, Node w, ConvSpec spec) {
        Objects.requireNonNull(x, "conv: input is null");
        Objects.requireNonNull(w, "conv: kernel is null");
        Objects.requireNonNull(spec, "conv: spec is null");
        if (w.rank() < 3) {
            throw new IllegalArgumentException("conv: the kernel must be [k..., C_in/groups, C_out] with at least one"
                    + " spatial axis (rank >= 3), got " + w.shape());
        }
        String op = "conv" + (w.rank() - 2) + "d";
        Stencil s = Stencil.conv(op, x.shape(), w.shape(), spec);
        ConvSpec last = normalized(spec, s);
        if (spec.dataFormat() == DataFormat.CHANNELS_LAST) {
            return Node.apply(new Conv(last), x, w);
        }
        Node y = Node.apply(new Conv(last), x.permute(Stencil.toChannelsLast(x.rank())), w);
        return y.permute(Stencil.toChannelsFirst(y.rank()));
    }

    /**
     * The transposed convolution of {@code y : [N, o..., C_out]} by {@code w : [k..., C_in / groups, C_out]}
     * (Keras's {@code Conv2DTranspose} kernel layout {@code [k..., filters, C_in of y]}), the input gradient of
     * {@link #conv}: {@code [N, s..., C_in]} with Keras's output size per spatial axis, for a dilated window of
     * {@code k_d = (k - 1)·dilation + 1}: {@code o·stride} for same padding, {@code o·stride + max(k_d - stride, 0)}
     * for valid padding (Keras's {@code compute_conv_transpose_output_shape}: with a window narrower than the
     * stride the output keeps the last stride's positions), and {@code (o - 1)·stride + k_d - before - after}
     * for explicit pads. With same padding the cells sit as TensorFlow places them: output cell i is cell
     * {@code i + floor(total / 2)} of the full transposed convolution, {@code total} the same padding of a
     * convolution of the output size; PyTorch's {@code padding=p, output_padding=q} starts at cell {@code p}
     * instead (explicit padding {@code p} before and after, with the output size given, is PyTorch's).
     */
    static Node convTranspose(Node y, Node w, ConvSpec spec) {
        Objects.requireNonNull(y, "convTranspose: input is null");
        Objects.requireNonNull(w, "convTranspose: kernel is null");
        Objects.requireNonNull(spec, "convTranspose: spec is null");
        int d = w.rank() - 2;
        if (d < 1 || y.rank() != d + 2) {
            throw new IllegalArgumentException("convTranspose: the input must be " + spec.dataFormat().describe(
                    Math.max(d, 1)) + " for the kernel, got " + y.shape() + " and kernel " + w.shape());
        }
        int first = spec.dataFormat() == DataFormat.CHANNELS_LAST ? 1 : 2;
        int[] size = new int[d];
        int[] strides = Stencil.perAxis("convTranspose", "strides", spec.strides(), d);
        int[] dilations = Stencil.perAxis("convTranspose", "dilations", spec.dilations(), d);
        int[][] pads = spec.padding() instanceof Padding.Explicit e
                ? e.resolve(new int[d], new int[d], strides) : new int[][] {new int[d], new int[d]};
        for (int a = 0; a < d; a++) { // in long: o·stride past the int range wrapped to a wrong or negative size
            long o = y.shape().dim(first + a);
            long window = (long) (w.shape().dim(a) - 1) * dilations[a] + 1;
            long cells = spec.padding() instanceof Padding.Same ? o * strides[a]
                    : spec.padding() instanceof Padding.Valid ? o * strides[a] + Math.max(window - strides[a], 0)
                    : Math.max(0, (o - 1) * strides[a] + window - pads[0][a] - pads[1][a]);
            if (cells > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("convTranspose" + d + "d: the output must have at most "
                        + Integer.MAX_VALUE + " cells per spatial axis, got " + cells + " on spatial axis " + a
                        + " for input " + y.shape() + " (" + spec.dataFormat().describe(d) + "), kernel " + w.shape()
                        + ", strides " + Arrays.toString(strides) + ", dilations " + Arrays.toString(dilations)
                        + " and padding " + spec.padding());
            }
            size[a] = (int) cells;
        }
        return convTranspose(y, w, spec, size);
    }

    /**
     * The transposed convolution with the given output size per spatial axis: the input gradient of a
     * convolution whose input had those spatial sizes (which must give y's sizes back).
     */
    static Node convTranspose(Node y, Node w, ConvSpec spec, int[] outputSize) {
        Objects.requireNonNull(y, "convTranspose: input is null");
        Objects.requireNonNull(w, "convTranspose: kernel is null");
        Objects.requireNonNull(spec, "convTranspose: spec is null");
        Objects.requireNonNull(outputSize, "convTranspose: outputSize is null");
        int d = w.rank() - 2;
        String op = d < 1 ? "convTranspose" : "convTranspose" + d + "d";
        if (d < 1 || outputSize.length != d) {
            throw new IllegalArgumentException(op + ": needs one output size per spatial axis of the kernel, got "
                    + Arrays.toString(outputSize) + " and kernel " + w.shape());
        }
        int[] x = new int[d + 2];
        x[0] = y.rank() > 0 ? y.shape().dim(0) : 1;
        boolean last = spec.dataFormat() == DataFormat.CHANNELS_LAST;
        System.arraycopy(outputSize, 0, x, last ? 1 : 2, d);
        x[last ? d + 1 : 1] = w.shape().dim(d) * spec.groups();
        Stencil s = Stencil.conv(op, Shape.of(x), w.shape(), spec);
        ConvSpec normal = normalized(spec, s);
        ConvTranspose record = new ConvTranspose(normal, Stencil.list(outputSize));
        if (last) {
            return Node.apply(record, y, w);
        }
        Node out = Node.apply(record, y.permute(Stencil.toChannelsLast(y.rank())), w);
        return out.permute(Stencil.toChannelsFirst(out.rank()));
    }

    /** The spec with one entry per axis, padding explicit only when it was, channels last. */
    private static ConvSpec normalized(ConvSpec spec, Stencil s) {
        Padding padding = spec.padding() instanceof Padding.Explicit
                ? Padding.explicit(s.before, s.after) : spec.padding();
        return new ConvSpec(Stencil.list(s.strides), padding, Stencil.list(s.dilations), spec.groups(),
                DataFormat.CHANNELS_LAST);
    }

    /** Checks that a record's spec is normalized: channels last, lists of one length (the spatial rank). */
    private static void requireNormal(String op, ConvSpec spec) {
        int d = spec.strides().size();
        boolean explicit = spec.padding() instanceof Padding.Explicit;
        if (spec.dataFormat() != DataFormat.CHANNELS_LAST || spec.dilations().size() != d
                || (explicit && ((Padding.Explicit) spec.padding()).before().size() != d)) {
            throw new IllegalArgumentException(op + ": a record's spec must be channels last with one entry per"
                    + " spatial axis in every list, got " + spec + "; build convolutions with ConvOp.conv");
        }
    }

    /** The geometry of this record's convolution on input shape {@code x} and kernel shape {@code w}. */
    private static Stencil stencil(ConvOp op, Shape x, Shape w) {
        int rank = op.spec().strides().size() + 2;
        if (w.rank() != rank) {
            throw new IllegalArgumentException(op.name() + ": the kernel must have rank " + rank + ", got " + w);
        }
        return Stencil.conv(op.name(), x, w, op.spec());
    }

    private static void requireArity(String op, List<Node> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(op + ": takes two inputs, got " + inputs.size());
        }
    }

    /** The kernel's shape {@code [k..., C_in/G, C_out]}. */
    private static Shape kernelShape(List<Integer> k, int cinG, int cout) {
        int[] dims = new int[k.size() + 2];
        for (int a = 0; a < k.size(); a++) {
            dims[a] = k.get(a);
        }
        dims[k.size()] = cinG;
        dims[k.size() + 1] = cout;
        return Shape.of(dims);
    }

    /** The spatial sizes {@code k...} of a kernel {@code [k..., C_in/G, C_out]}. */
    private static List<Integer> kernelSpatial(Shape w) {
        return Stencil.list(Arrays.copyOfRange(w.dims(), 0, w.rank() - 2));
    }

    /** The spatial sizes of a channels-last shape. */
    private static List<Integer> spatialOf(Shape s) {
        return Stencil.list(Arrays.copyOfRange(s.dims(), 1, s.rank() - 1));
    }

    /**
     * {@code y = conv(x, w)}, channels last: {@code x : [N, s..., C_in]}, {@code w : [k..., C_in/G, C_out]},
     * {@code y : [N, o..., C_out]} (the formula is {@link ConvSpec}'s). VJP: {@code x̄ = convTranspose(ȳ, w)},
     * {@code w̄ = convFilterGrad(x, ȳ)}. Bilinear.
     *
     * @param spec the geometry, normalized (channels last, one entry per axis)
     */
    record Conv(ConvSpec spec) implements ConvOp {
        /** Checks the spec is normalized. */
        public Conv {
            Objects.requireNonNull(spec, "spec is null");
            requireNormal("conv", spec);
        }

        @Override public String name() { return "conv" + spec.strides().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(name(), inputs);
            Shape x = inputs.get(0).shape();
            Shape w = inputs.get(1).shape();
            return stencil(this, x, w).outputShape(x.dim(0), w.dim(-1));
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, inputs.get(0).shape(), inputs.get(1).shape());
            return ConvKernels.conv(inputs.get(0), inputs.get(1), s.strides, s.dilations, s.before, spec.groups(), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node w = y.inputs().get(1);
            Node xBar = Node.apply(new ConvTranspose(spec, spatialOf(x.shape())), yBar, w);
            Node wBar = Node.apply(new ConvFilterGrad(spec, kernelSpatial(w.shape())), x, yBar);
            return List.of(xBar, wBar);
        }
    }

    /**
     * The transposed convolution {@code x̄ = convTranspose(ȳ, w)}, the input gradient of {@link Conv}: the
     * adjoint of {@code x -> conv(x, w)}, {@code x̄[n, i, c] = sum over taps t and output positions o reading i of
     * ȳ[n, o, j] · w[t, c', j]} (j over c's group). {@code ȳ : [N, o..., C_out]}, output
     * {@code [N, outputSize..., C_in]}. VJP for {@code u} of the output's shape: {@code ȳ̄ = conv(u, w)},
     * {@code w̄ = convFilterGrad(u, ȳ)}. Bilinear.
     *
     * @param spec the geometry of the convolution it transposes, normalized
     * @param outputSize the spatial sizes of that convolution's input
     */
    record ConvTranspose(ConvSpec spec, List<Integer> outputSize) implements ConvOp {
        /** Checks the spec and copies the sizes. */
        public ConvTranspose {
            Objects.requireNonNull(spec, "spec is null");
            requireNormal("convTranspose", spec);
            outputSize = List.copyOf(outputSize);
        }

        @Override public String name() { return "convTranspose" + spec.strides().size() + "d"; }

        private Shape inputShape(Shape y, Shape w) {
            int d = outputSize.size();
            if (w.rank() != d + 2 || y.rank() != d + 2) {
                throw new IllegalArgumentException(name() + ": needs ȳ [N, o..., C_out] and kernel [k..., C_in/G,"
                        + " C_out] of rank " + (d + 2) + ", got " + y + " and " + w);
            }
            int[] dims = new int[d + 2];
            dims[0] = y.dim(0);
            for (int a = 0; a < d; a++) {
                dims[a + 1] = outputSize.get(a);
            }
            dims[d + 1] = w.dim(d) * spec.groups();
            return Shape.of(dims);
        }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(name(), inputs);
            Shape y = inputs.get(0).shape();
            Shape w = inputs.get(1).shape();
            Shape x = inputShape(y, w);
            Shape expected = stencil(this, x, w).outputShape(y.dim(0), w.dim(-1));
            if (!expected.equals(y)) {
                throw new IllegalArgumentException(name() + ": the input must have the shape the convolution of "
                        + x + " by " + w + " gives, " + expected + ", got " + y);
            }
            return x;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, out, inputs.get(1).shape());
            return ConvKernels.convTranspose(inputs.get(0), inputs.get(1), s.strides, s.dilations, s.before,
                    spec.groups(), out);
        }

        @Override public List<Node> vjp(Node z, Node zBar) {
            Node y = z.inputs().get(0);
            Node w = z.inputs().get(1);
            Node yBar = Node.apply(new Conv(spec), zBar, w);
            Node wBar = Node.apply(new ConvFilterGrad(spec, kernelSpatial(w.shape())), zBar, y);
            return List.of(yBar, wBar);
        }
    }

    /**
     * The filter gradient {@code w̄ = convFilterGrad(x, ȳ)} of {@link Conv}: the adjoint of {@code w -> conv(x,
     * w)}, {@code w̄[t, c, j] = sum_{n, o} x[n, o·stride - before + t·dilation, group(j)·C_in/G + c] · ȳ[n, o, j]}.
     * Output {@code [kernelSize..., C_in/G, C_out]}. VJP for {@code v} of the kernel's shape:
     * {@code x̄ = convTranspose(ȳ, v)}, {@code ȳ̄ = conv(x, v)}. Bilinear.
     *
     * @param spec the geometry of the convolution, normalized
     * @param kernelSize the kernel's spatial sizes
     */
    record ConvFilterGrad(ConvSpec spec, List<Integer> kernelSize) implements ConvOp {
        /** Checks the spec and copies the sizes. */
        public ConvFilterGrad {
            Objects.requireNonNull(spec, "spec is null");
            requireNormal("convFilterGrad", spec);
            kernelSize = List.copyOf(kernelSize);
        }

        @Override public String name() { return "convFilterGrad" + spec.strides().size() + "d"; }

        @Override public Shape shape(List<Node> inputs) {
            requireArity(name(), inputs);
            Shape x = inputs.get(0).shape();
            Shape y = inputs.get(1).shape();
            if (x.rank() != kernelSize.size() + 2 || y.rank() != x.rank()) {
                throw new IllegalArgumentException(name() + ": needs x [N, s..., C_in] and ȳ [N, o..., C_out] of rank "
                        + (kernelSize.size() + 2) + ", got " + x + " and " + y);
            }
            int groups = spec.groups();
            int cin = x.dim(-1);
            if (cin == Shape.BATCH || cin % groups != 0) {
                throw new IllegalArgumentException(name() + ": input channels must be divisible by groups, got " + x
                        + " and groups " + groups);
            }
            Shape w = kernelShape(kernelSize, cin / groups, y.dim(-1));
            Shape expected = stencil(this, x, w).outputShape(x.dim(0), w.dim(-1));
            if (!expected.equals(y)) {
                throw new IllegalArgumentException(name() + ": ȳ must have the shape the convolution of " + x + " by "
                        + w + " gives, " + expected + ", got " + y);
            }
            return w;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Stencil s = stencil(this, inputs.get(0).shape(), out);
            return ConvKernels.convFilterGrad(inputs.get(0), inputs.get(1), s.strides, s.dilations, s.before,
                    spec.groups(), out);
        }

        @Override public List<Node> vjp(Node w, Node wBar) {
            Node x = w.inputs().get(0);
            Node y = w.inputs().get(1);
            Node xBar = Node.apply(new ConvTranspose(spec, spatialOf(x.shape())), y, wBar);
            Node yBar = Node.apply(new Conv(spec), x, wBar);
            return List.of(xBar, yBar);
        }
    }
}
