package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;

import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of the op table for convolution and pooling: random geometry (1 to 3 spatial axes, sizes 1 to 5
 * including odd ones, strides, dilations, valid, same and explicit padding, groups), including the records that
 * appear only in gradients (built directly, as the VJPs build them).
 */
final class SpatialOpSpecs {

    private SpatialOpSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(conv(), convChannelsFirst().asComposition(), convTranspose(), convFilterGrad(),
                maxPool(), maxPoolChannelsFirst().asComposition(), maxPoolScatter(), rectifiedMaxPoolScatter(),
                maxPoolPick(), avgPool(), avgPoolGrad(), globalAvgPool().asComposition(),
                globalMaxPool().asComposition(), upsampleNearest().asComposition(), upsampleBilinear().asComposition());
    }

    /** A random convolution geometry whose window fits its input, with its normalized spec. */
    record Geometry(int batch, int[] in, int[] k, int cin, int cout, ConvSpec spec) {
        static Geometry draw(Draw d) {
            int rank = d.oneOf(1, 2, 2, 3);
            int maxIn = rank == 3 ? 3 : 5;
            int[] in = new int[rank];
            int[] k = new int[rank];
            int[] strides = new int[rank];
            int[] dilations = new int[rank];
            int[] before = new int[rank];
            int[] after = new int[rank];
            int kind = d.integer(0, 2);
            for (int a = 0; a < rank; a++) {
                k[a] = d.integer(1, 3);
                strides[a] = d.integer(1, 2);
                dilations[a] = d.integer(1, 2);
                before[a] = d.integer(0, 2);
                after[a] = d.integer(0, 2);
                int extent = (k[a] - 1) * dilations[a] + 1;
                int least = kind == 0 ? extent : kind == 1 ? 1 : Math.max(1, extent - before[a] - after[a]);
                in[a] = Math.max(least, d.integer(1, maxIn));
            }
            Padding padding = kind == 0 ? Padding.VALID : kind == 1 ? Padding.SAME : Padding.explicit(before, after);
            int groups = d.integer(1, 3);
            int cin = groups * d.integer(1, 2);
            int cout = groups * d.integer(1, 2);
            ConvSpec spec = new ConvSpec(Stencil.list(strides), padding, Stencil.list(dilations), groups,
                    DataFormat.CHANNELS_LAST);
            return new Geometry(d.integer(1, 2), in, k, cin, cout, spec);
        }

        Shape x() {
            return shape(batch, in, cin);
        }

        Shape w() {
            int[] dims = Arrays.copyOf(k, k.length + 2);
            dims[k.length] = cin / spec.groups();
            dims[k.length + 1] = cout;
            return Shape.of(dims);
        }

        Shape y() {
            return Stencil.conv("conv", x(), w(), spec).outputShape(batch, cout);
        }

        @Override public String toString() {
            return "x " + x() + " w " + w() + " strides " + spec.strides() + " dilations " + spec.dilations() + " "
                    + spec.padding() + " groups " + spec.groups();
        }
    }

    static Shape shape(int batch, int[] spatial, int channels) {
        return dev.adjoint.core.kernel.ChannelsLast.shape(batch, spatial, channels);
    }

    static int[] spatial(Shape s) {
        return Arrays.copyOfRange(s.dims(), 1, s.rank() - 1);
    }

    static OpSpec conv() {
        return OpSpec.of("conv", Draw.cases(d -> {
            Geometry g = Geometry.draw(d);
            return new OpCase("conv " + g, List.of(Arg.of("x", d.tensor(g.x(), Domain.REAL)).batched(),
                    Arg.of("w", d.tensor(g.w(), Domain.REAL))), in -> ConvOp.conv(in.get(0), in.get(1), g.spec));
        }), MULTILINEAR, SECOND_ORDER);
    }

    /** Channels first: the factory permutes around the channels-last record. */
    static OpSpec convChannelsFirst() {
        return OpSpec.of("conv channels-first", Draw.cases(d -> {
            Geometry g = Geometry.draw(d);
            Shape x = g.x();
            Shape first = Shape.of(MovementOp.permute(SourceOp.input("p", x), Stencil.toChannelsFirst(x.rank()))
                    .shape().dims());
            return new OpCase("conv channels-first " + g, List.of(Arg.of("x", d.tensor(first, Domain.REAL)).batched(),
                    Arg.of("w", d.tensor(g.w(), Domain.REAL))),
                    in -> ConvOp.conv(in.get(0), in.get(1), g.spec.withDataFormat(DataFormat.CHANNELS_FIRST)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    static OpSpec convTranspose() {
        return OpSpec.of("convTranspose", Draw.cases(d -> {
            Geometry g = Geometry.draw(d);
            List<Integer> size = Stencil.list(g.in);
            return new OpCase("convTranspose " + g, List.of(Arg.of("y", d.tensor(g.y(), Domain.REAL)).batched(),
                    Arg.of("w", d.tensor(g.w(), Domain.REAL))),
                    in -> Node.apply(new ConvOp.ConvTranspose(g.spec, size), in.get(0), in.get(1)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    static OpSpec convFilterGrad() {
        return OpSpec.of("convFilterGrad", Draw.cases(d -> {
            Geometry g = Geometry.draw(d);
            List<Integer> k = Stencil.list(g.k);
            return new OpCase("convFilterGrad " + g, List.of(Arg.of("x", d.tensor(g.x(), Domain.REAL)).batched(),
                    Arg.of("y", d.tensor(g.y(), Domain.REAL)).batched()),
                    in -> Node.apply(new ConvOp.ConvFilterGrad(g.spec, k), in.get(0), in.get(1)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    /** A random pooling geometry (padding below the pool size: every window overlaps the input), normalized. */
    record Pool(Shape x, PoolSpec spec) {
        static Pool draw(Draw d) {
            int rank = d.oneOf(1, 2, 2, 3);
            int[] in = new int[rank];
            int[] k = new int[rank];
            int[] strides = new int[rank];
            int[] before = new int[rank];
            int[] after = new int[rank];
            int kind = d.integer(0, 2);
            for (int a = 0; a < rank; a++) {
                k[a] = d.integer(1, 3);
                strides[a] = d.integer(1, 3);
                before[a] = d.integer(0, k[a] - 1);
                after[a] = d.integer(0, k[a] - 1);
                int least = kind == 0 ? k[a] : kind == 1 ? 1 : Math.max(1, k[a] - before[a] - after[a]);
                in[a] = Math.max(least, d.integer(1, rank == 3 ? 3 : 5));
            }
            Padding padding = kind == 0 ? Padding.VALID : kind == 1 ? Padding.SAME : Padding.explicit(before, after);
            PoolSpec spec = new PoolSpec(Stencil.list(k), Stencil.list(strides), padding, DataFormat.CHANNELS_LAST);
            Shape x = shape(d.integer(1, 2), in, d.integer(1, 3));
            return new Pool(x, spec); // padding below the pool size: every window overlaps the input
        }

        Shape y() {
            return Stencil.pool("pool", x, spec).outputShape(x.dim(0), x.dim(-1));
        }

        @Override public String toString() {
            return "x " + x + " pool " + spec.poolSize() + " strides " + spec.strides() + " " + spec.padding();
        }
    }

    static OpSpec maxPool() {
        return OpSpec.of("maxPool", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            return new OpCase("maxPool " + p, List.of(Arg.of("x", d.distinctTensors(p.x).get(0)).batched()),
                    in -> PoolOp.maxPool(in.get(0), p.spec));
        }), SECOND_ORDER);
    }

    static OpSpec maxPoolChannelsFirst() {
        return OpSpec.of("maxPool channels-first", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            Shape first = Shape.of(MovementOp.permute(SourceOp.input("p", p.x), Stencil.toChannelsFirst(p.x.rank()))
                    .shape().dims());
            return new OpCase("maxPool channels-first " + p, List.of(Arg.of("x", d.distinctTensors(first).get(0))
                    .batched()), in -> PoolOp.maxPool(in.get(0), p.spec.withDataFormat(DataFormat.CHANNELS_FIRST)));
        }), SECOND_ORDER);
    }

    /** x decides where g goes (an index, not perturbed); linear in g. */
    static OpSpec maxPoolScatter() {
        return OpSpec.of("maxPoolScatter", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            return new OpCase("maxPoolScatter " + p, List.of(Arg.index("x", d.distinctTensors(p.x).get(0)).batched(),
                    Arg.of("g", d.tensor(p.y(), Domain.REAL)).batched()),
                    in -> Node.apply(new PoolOp.MaxPoolScatter(p.spec), in.get(0), in.get(1)));
        }), LINEAR, SECOND_ORDER);
    }

    /**
     * The scatter through a ReLU's mask {@code [x > 0]}: x an index (distinct values of both signs, so some windows'
     * maxima are masked); linear in g.
     */
    static OpSpec rectifiedMaxPoolScatter() {
        return OpSpec.of("maxPoolScatter+relu", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            return new OpCase("maxPoolScatter+relu " + p, List.of(Arg.index("x", d.distinctTensors(p.x).get(0))
                    .batched(), Arg.of("g", d.tensor(p.y(), Domain.REAL)).batched()),
                    in -> Node.apply(new PoolOp.RectifiedMaxPoolScatter(p.spec), in.get(0), in.get(1)),
                    in -> Node.apply(new PoolOp.MaxPoolScatter(p.spec), in.get(0), in.get(1))
                            .mul(in.get(0).greater(SourceOp.scalar(0, in.get(0).dtype())).cast(in.get(0).dtype())));
        }), LINEAR, SECOND_ORDER, OpSpec.Claim.EQUALS_REFERENCE);
    }

    static OpSpec maxPoolPick() {
        return OpSpec.of("maxPoolPick", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            return new OpCase("maxPoolPick " + p, List.of(Arg.index("x", d.distinctTensors(p.x).get(0)).batched(),
                    Arg.of("u", d.tensor(p.x, Domain.REAL)).batched()),
                    in -> Node.apply(new PoolOp.MaxPoolPick(p.spec), in.get(0), in.get(1)));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec avgPool() {
        return OpSpec.of("avgPool", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            return new OpCase("avgPool " + p, List.of(Arg.of("x", d.tensor(p.x, Domain.REAL)).batched()),
                    in -> PoolOp.avgPool(in.get(0), p.spec));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec avgPoolGrad() {
        return OpSpec.of("avgPoolGrad", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            List<Integer> size = Stencil.list(spatial(p.x));
            return new OpCase("avgPoolGrad " + p, List.of(Arg.of("g", d.tensor(p.y(), Domain.REAL)).batched()),
                    in -> Node.apply(new PoolOp.AvgPoolGrad(p.spec, size), in.get(0)));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec globalAvgPool() {
        return OpSpec.of("globalAvgPool", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            DataFormat f = d.oneOf(DataFormat.values());
            return new OpCase("globalAvgPool " + f + " " + p.x, List.of(Arg.of("x", d.tensor(p.x, Domain.REAL))
                    .batched()), in -> PoolOp.globalAvgPool(in.get(0), f));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec globalMaxPool() {
        return OpSpec.of("globalMaxPool", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            DataFormat f = d.oneOf(DataFormat.values());
            return new OpCase("globalMaxPool " + f + " " + p.x, List.of(Arg.of("x", d.distinctTensors(p.x).get(0))
                    .batched()), in -> PoolOp.globalMaxPool(in.get(0), f));
        }), SECOND_ORDER);
    }

    static OpSpec upsampleNearest() {
        return OpSpec.of("upsampleNearest", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            DataFormat f = d.oneOf(DataFormat.values());
            int[] size = {d.integer(1, 3)};
            return new OpCase("upsampleNearest " + Arrays.toString(size) + " " + f + " " + p.x,
                    List.of(Arg.of("x", d.tensor(p.x, Domain.REAL)).batched()),
                    in -> PoolOp.upsampleNearest(in.get(0), size, f));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec upsampleBilinear() {
        return OpSpec.of("upsampleBilinear", Draw.cases(d -> {
            Pool p = Pool.draw(d);
            DataFormat f = d.oneOf(DataFormat.values());
            int[] size = new int[p.x.rank() - 2];
            for (int a = 0; a < size.length; a++) {
                size[a] = d.integer(1, 3);
            }
            return new OpCase("upsampleBilinear " + Arrays.toString(size) + " " + f + " " + p.x,
                    List.of(Arg.of("x", d.tensor(p.x, Domain.REAL)).batched()),
                    in -> PoolOp.upsampleBilinear(in.get(0), size, f));
        }), LINEAR, SECOND_ORDER);
    }
}
