package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.ConvOp;
import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Padding;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.layer.Recurrence;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ConvLSTM1D} and {@link ConvLSTM2D} share: their arguments checked, their weights, and the cell they
 * run in the recurrent layers' loop ({@link Recurrence}). For the step input {@code x_t : [N, s..., C]} and the
 * states {@code h, c : [N, s'..., F]} (channels last; channels first as Keras's {@code data_format}), with
 * {@code *} the convolution of the layer's geometry and {@code ⊛} the one of stride 1, {@code "same"} padding and
 * no dilation (so that h keeps its shape):
 *
 * <pre>
 * z = x_t * W + h ⊛ U + b              W : [k..., C, 4F], U : [k..., F, 4F], b : [4F]
 * i = sigma(z_i)   f = sigma(z_f)   c~ = phi(z_c)   o = sigma(z_o)      gates in this order: i, f, c, o
 * c' = f ∘ c + i ∘ c~
 * h' = o ∘ phi(c')                     the output; the states are (h, c)
 * </pre>
 *
 * <p>While training, as Keras 3's {@code ConvLSTMCell}: with {@code dropout}, gate g reads {@code x_t ∘ m_g}, and
 * with {@code recurrentDropout} {@code h ∘ r_g}, four masks each (one per gate, of x_t's and h's shapes) drawn
 * once per sequence, each element 0 or {@code 1 / (1 - rate)}.
 */
final class ConvLstm {

    private ConvLstm() {
    }

    /** The layer in messages: {@code ConvLSTM1D}, or with its name {@code ConvLSTM1D 'c'}. */
    static String display(ConvRecurrent layer) {
        return LayerArguments.describe(layer.getClass().getSimpleName(), layer.name());
    }

    /**
     * Checks the layer's arguments, as Keras's {@code ConvLSTM} and convolution layers check them.
     *
     * @return the input convolution's geometry
     */
    static Convolution check(String layer, int rank, int filters, List<Integer> kernelSize, List<Integer> strides,
            String padding, String dataFormat, List<Integer> dilationRate, double dropout, double recurrentDropout) {
        Convolution g = Convolution.of(layer, rank, filters, kernelSize, strides, padding, dataFormat, dilationRate, 1);
        Spatial.padding(layer, padding); // Conv1D's "causal" is not theirs
        Recurrence.checkRate(layer, "dropout", dropout);
        Recurrence.checkRate(layer, "recurrentDropout", recurrentDropout);
        return g;
    }

    /** Checks that none of the components is null, naming the layer by {@code type} and {@code name}. */
    static void requireComponents(String type, String name, Activation activation, Activation recurrentActivation,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer) {
        LayerArguments.nonNull(activation, type, name, "activation", "use new Linear() for none");
        LayerArguments.nonNull(recurrentActivation, type, name, "recurrentActivation");
        LayerArguments.nonNull(kernelInitializer, type, name, "kernelInitializer");
        LayerArguments.nonNull(recurrentInitializer, type, name, "recurrentInitializer");
        LayerArguments.nonNull(biasInitializer, type, name, "biasInitializer");
    }

    /** The input convolution's geometry. */
    static Convolution geometry(ConvRecurrent layer) {
        return Convolution.of(display(layer), layer.rank(), layer.filters(), layer.kernelSize(), layer.strides(),
                layer.padding(), layer.dataFormat(), layer.dilationRate(), 1);
    }

    /** The kernel {@code [k..., C, 4F]} of a convolution of {@code input} into the four gates. */
    private static Shape gateKernel(ConvRecurrent layer, Shape input) {
        Convolution g = geometry(layer);
        return new Convolution(g.layer(), g.rank(), 4 * g.filters(), g.kernelSize(), g.spec()).kernel(input);
    }

    /** One step of the sequence {@code [N, T, s..., C]}: {@code [N, s..., C]}. */
    private static Shape step(Shape sequence) {
        int[] dims = new int[sequence.rank() - 1];
        dims[0] = sequence.dim(0);
        for (int a = 2; a < sequence.rank(); a++) {
            dims[a - 1] = sequence.dim(a);
        }
        return Shape.of(dims);
    }

    /** The shape of the states h and c, {@code [N, s'..., F]}, after checking the sequence. */
    static Shape state(ConvRecurrent layer, Shape sequence) {
        String name = display(layer);
        Convolution g = geometry(layer);
        boolean concrete = sequence.rank() == layer.rank() + 3;
        for (int a = 1; concrete && a < sequence.rank(); a++) {
            concrete = sequence.dim(a) != Shape.BATCH;
        }
        if (!concrete) {
            throw new IllegalArgumentException(name + ": input must be a sequence of " + g.spec().dataFormat()
                    .describe(layer.rank()).replace("[N, ", "[N, T, ") + " with concrete T, C and spatial sizes, got "
                    + sequence);
        }
        return g.outputShape(step(sequence));
    }

    /** The output, then the final states when {@code returnState}; inputs: the sequence, then initial states. */
    static List<Shape> outputShapes(ConvRecurrent layer, List<Shape> inputs) {
        String name = display(layer);
        Shape x = inputs.get(0);
        Shape state = state(layer, x);
        if (inputs.size() != 1 && inputs.size() != 3) {
            throw new IllegalArgumentException(name + ": takes a sequence and, optionally, 2 initial states (h, c),"
                    + " got " + inputs.size() + " inputs");
        }
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(state)) {
                throw new IllegalArgumentException(name + ": initial state " + (i - 1) + " must be " + state
                        + ", got " + inputs.get(i));
            }
        }
        List<Shape> shapes = new ArrayList<>();
        if (layer.returnSequences()) {
            int[] dims = new int[state.rank() + 1];
            dims[0] = x.dim(0);
            dims[1] = x.dim(1);
            System.arraycopy(state.dims(), 1, dims, 2, state.rank() - 1);
            shapes.add(Shape.of(dims));
        } else {
            shapes.add(state);
        }
        if (layer.returnState()) {
            shapes.add(state);
            shapes.add(state);
        }
        return shapes;
    }

    /**
     * The kernel {@code [k..., C, 4F]}, the recurrent kernel {@code [k..., F, 4F]} and, with a bias, {@code [4F]}, each
     * with the layer's regularizer and constraint.
     */
    static List<ParamSpec> params(ConvRecurrent layer, Shape input) {
        Shape state = state(layer, input);
        int f = layer.filters();
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(Convolution.weight("kernel", gateKernel(layer, step(input)), layer.kernelInitializer(),
                layer.kernelRegularizer(), layer.kernelConstraint()));
        specs.add(Convolution.weight("recurrent_kernel", gateKernel(layer, state), layer.recurrentInitializer(),
                layer.recurrentRegularizer(), layer.recurrentConstraint()));
        Initializer bias = layer.unitForgetBias()
                ? Recurrence.gateBias(layer.biasInitializer(), f, 1, new Constant(1.0)) : layer.biasInitializer();
        specs.addAll(Convolution.bias(4 * f, layer.useBias(), bias, layer.biasRegularizer(), layer.biasConstraint()));
        return specs;
    }

    /** The layer's outputs: see the class comment and {@link Recurrence}. */
    static List<Node> applyAll(ConvRecurrent layer, List<Node> inputs, LayerContext context) {
        Node x = inputs.get(0);
        Shape state = state(layer, x.shape());
        Convolution g = geometry(layer);
        int f = layer.filters();
        int axis = g.spec().dataFormat().channelAxis(state.rank());
        ConvSpec recurrent = ConvSpec.defaults().withPadding(Padding.SAME).withDataFormat(g.spec().dataFormat());
        Node w = context.param("kernel");
        Node u = context.param("recurrent_kernel");
        Node bias = layer.useBias() ? Spatial.perChannel(context.param("bias"), state.rank(), g.spec().dataFormat())
                : null;
        List<Node> inputMasks = List.of();
        List<Node> stateMasks = List.of();
        if (context.training()) {
            inputMasks = Recurrence.dropoutMasks(context, gates(step(x.shape())), x.dtype(), layer.dropout(), 0);
            stateMasks = Recurrence.dropoutMasks(context, gates(state), x.dtype(), layer.recurrentDropout(), 1);
        }
        List<Node> xMasks = inputMasks;
        List<Node> hMasks = stateMasks;
        Recurrence.Cell cell = (xt, s) -> {
            Node z = convolved(xt, w, g.spec(), xMasks, axis).add(convolved(s.get(0), u, recurrent, hMasks, axis));
            z = bias == null ? z : z.add(bias);
            Node i = layer.recurrentActivation().apply(z.slice(axis, 0, f));
            Node forget = layer.recurrentActivation().apply(z.slice(axis, f, 2 * f));
            Node candidate = layer.activation().apply(z.slice(axis, 2 * f, 3 * f));
            Node o = layer.recurrentActivation().apply(z.slice(axis, 3 * f, 4 * f));
            Node c = forget.mul(s.get(1)).add(i.mul(candidate));
            return List.of(o.mul(layer.activation().apply(c)), c);
        };
        Recurrence.Loop loop = new Recurrence.Loop(state, 2, layer.returnSequences(),
                layer.returnState(), layer.goBackwards());
        return Recurrence.run(loop, inputs, x.permute(Recurrence.batchFirst(x.rank())), context, cell);
    }

    /** {@code [N, 4, s..., C]}: four masks of {@code one}'s shape, drawn in one piece. */
    private static Shape gates(Shape one) {
        int[] dims = new int[one.rank() + 1];
        dims[0] = one.dim(0);
        dims[1] = 4;
        System.arraycopy(one.dims(), 1, dims, 2, one.rank() - 1);
        return Shape.of(dims);
    }

    /**
     * The four gates' convolutions of {@code v} by {@code kernel : [k..., C, 4F]}: one convolution without masks,
     * else gate g's {@code (v ∘ m_g) * kernel_g}, concatenated on the channel axis.
     */
    private static Node convolved(Node v, Node kernel, ConvSpec spec, List<Node> masks, int axis) {
        if (masks.isEmpty()) {
            return ConvOp.conv(v, kernel, spec);
        }
        int block = kernel.shape().dim(-1) / 4;
        List<Node> parts = new ArrayList<>();
        for (int gate = 0; gate < 4; gate++) {
            parts.add(ConvOp.conv(v.mul(masks.get(gate)), kernel.slice(-1, gate * block, (gate + 1) * block), spec));
        }
        return MovementOp.concat(axis, parts);
    }
}
