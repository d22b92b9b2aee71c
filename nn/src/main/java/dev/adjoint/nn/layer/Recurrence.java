package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Scan;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.Initializer;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop the recurrent layers ({@link SimpleRNN}, {@link LSTM}, {@link GRU}, and the convolutional
 * {@code ConvLSTM1D} and {@code ConvLSTM2D} of the {@code conv} package) share, with Keras's semantics; public so
 * that recurrent layers of other packages, the library's or their users', run in it: {@link #run(Loop, List, Node,
 * LayerContext, Cell)} with their cell, their dropout masks from {@link #dropoutMasks}.
 *
 * <p>For {@code x : [N, T, F]}, the input projection of every step is one matrix product,
 * {@code z = x W (+ b) : [T, N, G]} (time first, so that the loop reads {@code z[t]}); the recurrence then runs
 * in a {@link Scan} whose body is the cell, {@code states' = cell(z[t], states)}, the output being the first
 * state. With a mask {@code m : [N, T]}, a step where {@code m[n, t] = 0} keeps row n's states (and so repeats
 * its last output); before row n's first present step its output is therefore its initial state: {@code h0} when
 * initial states are given (as Keras 3's JAX backend outputs; its TensorFlow backend outputs zeros there), zeros
 * otherwise. {@code goBackwards} runs t = T - 1, ..., 0 and, as in Keras, returns the output sequence in
 * that order. The layer returns the last output or, with {@code returnSequences}, every output
 * {@code [N, T, units]}; with {@code returnState}, the final states follow (read them with
 * {@code Layers.applyAll}). Initial states, when given, are inputs after x; zeros otherwise. While training, the
 * layer's dropout masks ({@link DropoutMasks}) are drawn once, before the loop, and read by every step.
 *
 * <p>The backward pass keeps, for each step, the values of the cell that its gradient reads
 * ({@link Scan.Residuals#STORE}): what frameworks' fused recurrent kernels keep too (the gates), so that the
 * reverse loop does no forward work again.
 */
public final class Recurrence {

    /**
     * One step of a cell: the new states from the step's input {@code z_t} (row t of the sequence given to
     * {@link #run(Loop, List, Node, LayerContext, Cell)}: the projected input {@code [N, G]} of the dense layers,
     * the image {@code [N, s..., C]} of a convolutional one) and the states; the first new state is the output.
     */
    @FunctionalInterface
    public interface Cell {
        List<Node> step(Node z, List<Node> states);
    }

    private Recurrence() {
    }

    /** Checks a sequence input {@code [N, T, F]} with concrete T and F. */
    static void checkInput(String layer, Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.BATCH || input.dim(2) == Shape.BATCH) {
            throw new IllegalArgumentException(layer + ": input must be a sequence [N, T, features], got " + input);
        }
    }

    /**
     * Checks a dropout rate of {@code layer} ({@code LSTM}, ...) given as {@code what} ({@code dropout},
     * {@code recurrentDropout}).
     *
     * @throws IllegalArgumentException unless {@code 0 <= rate < 1}
     */
    public static void checkRate(String layer, String what, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(layer + ": " + what + " must be in [0, 1), got " + rate);
        }
    }

    /**
     * The layer in messages: {@code LSTM}, {@code GRU}, {@code SimpleRNN}, or with its name {@code LSTM 'enc'}, as
     * {@link LayerArguments#describe} gives every named layer (and {@code ConvLstm} the convolutional ones).
     */
    static String display(Recurrent layer) {
        return LayerArguments.describe(layer.getClass().getSimpleName(), layer.name());
    }

    /** The output shapes for inputs {@code (x, initial states...)}. */
    static List<Shape> outputShapes(Recurrent layer, List<Shape> inputs) {
        String name = display(layer);
        int states = layer.stateCount();
        Shape x = inputs.get(0);
        checkInput(name, x);
        if (inputs.size() != 1 && inputs.size() != 1 + states) {
            throw new IllegalArgumentException(name + ": takes a sequence and, optionally, " + states
                    + " initial state(s), got " + inputs.size() + " inputs");
        }
        Shape state = Shape.of(x.dim(0), layer.units());
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(state)) {
                throw new IllegalArgumentException(name + ": initial state " + (i - 1) + " must be " + state
                        + ", got " + inputs.get(i));
            }
        }
        List<Shape> shapes = new ArrayList<>();
        shapes.add(layer.returnSequences() ? Shape.of(x.dim(0), x.dim(1), layer.units()) : state);
        for (int i = 0; layer.returnState() && i < states; i++) {
            shapes.add(state);
        }
        return shapes;
    }

    /**
     * The kernel {@code W : [F, gates * H]} and the recurrent kernel {@code U : [H, gates * H]} of a layer whose
     * cell has {@code gates} blocks of H columns.
     */
    static List<ParamSpec> kernels(Recurrent layer, Shape input, int gates, Initializer kernel,
            Initializer recurrent) {
        checkInput(display(layer), input);
        int h = layer.units();
        return List.of(ParamSpec.trainable("kernel", Shape.of(input.dim(2), gates * h), kernel),
                ParamSpec.trainable("recurrent_kernel", Shape.of(h, gates * h), recurrent));
    }

    /**
     * {@code specs} with the layer's penalty and projection on each of {@code "kernel"}, {@code "recurrent_kernel"}
     * and {@code "bias"} (none where the layer's is null, nothing for a bias the layer does not use).
     */
    static List<ParamSpec> penalizedAndConstrained(Recurrent layer, List<ParamSpec> specs) {
        List<ParamSpec> out = new ArrayList<>();
        for (ParamSpec p : specs) {
            out.add(switch (p.name()) {
                case "kernel" -> p.withRegularizer(layer.kernelRegularizer()).withConstraint(layer.kernelConstraint());
                case "recurrent_kernel" -> p.withRegularizer(layer.recurrentRegularizer())
                        .withConstraint(layer.recurrentConstraint());
                case "bias" -> p.withRegularizer(layer.biasRegularizer()).withConstraint(layer.biasConstraint());
                default -> p;
            });
        }
        return out;
    }

    /**
     * The one output of a recurrent layer applied with {@code layers.apply}.
     *
     * @throws IllegalArgumentException when it returns its states too
     */
    public static Node single(Layer layer, List<Node> outputs) {
        if (outputs.size() != 1) {
            throw new IllegalArgumentException(layer.kind() + ": returns its final states too (returnState); apply it"
                    + " with layers.applyAll");
        }
        return outputs.get(0);
    }

    /** The input projection of every step at once: {@code x W (+ b)}, time first, {@code [T, N, G]}. */
    static Node project(Node x, Node kernel, Node bias) {
        Node z = x.permute(1, 0, 2).matmul(kernel);
        return bias == null ? z : z.add(bias);
    }

    /**
     * What the loop needs to know of its layer.
     *
     * @param state the shape of each state, batch first: {@code [N, units]}, or {@code [N, s..., filters]} for a
     *     convolutional cell
     * @param states how many states the cell carries; the first is the output
     * @param returnSequences return every output, {@code [N, T, ...]}, instead of the last
     * @param returnState also return the final states
     * @param goBackwards run from the end of the sequence
     */
    public record Loop(Shape state, int states, boolean returnSequences, boolean returnState, boolean goBackwards) {

        /** The loop of {@code layer} over the sequence {@code x : [N, T, F]}. */
        static Loop of(Recurrent layer, Node x) {
            return new Loop(Shape.of(x.shape().dim(0), layer.units()), layer.stateCount(), layer.returnSequences(),
                    layer.returnState(), layer.goBackwards());
        }
    }

    /** {@link #run(Loop, List, Node, LayerContext, Cell)} with {@code layer}'s loop. */
    static List<Node> run(Recurrent layer, List<Node> inputs, Node z, LayerContext context, Cell cell) {
        return run(Loop.of(layer, inputs.get(0)), inputs, z, context, cell);
    }

    /**
     * Runs {@code cell} over the sequence {@code z : [T, N, ...]} (time first), with the mask of the layer's input
     * if it has one ({@code [N, T]}, nonzero where a step is present), and gives the output the input's mask when
     * it is a sequence.
     *
     * @param inputs the layer's inputs: the sequence, then its initial states if given
     * @return the output, then the final states when {@code returnState}
     */
    public static List<Node> run(Loop loop, List<Node> inputs, Node z, LayerContext context, Cell cell) {
        Node mask = context.mask();
        context.maskOutput(loop.returnSequences() ? mask : null);
        Node x = inputs.get(0);
        List<Node> initial = new ArrayList<>(inputs.subList(1, inputs.size()));
        while (initial.size() < loop.states()) {
            initial.add(SourceOp.fill(loop.state(), x.dtype(), 0.0));
        }
        List<Node> sequences = new ArrayList<>(List.of(z));
        if (mask != null) {
            Node steps = mask.permute(1, 0);
            sequences.add(steps.notEqual(SourceOp.scalar(0.0, steps.dtype()))); // BOOL once, not per step
        }
        Scan.Options options = Scan.Options.defaults().with(Scan.Residuals.STORE);
        Scan.Result r = ControlFlowOp.scan(initial, sequences, (carry, step) -> {
            List<Node> next = cell.step(step.get(0), carry);
            if (mask != null) {
                Node present = step.get(1);
                for (int a = 1; a < loop.state().rank(); a++) {
                    present = present.unsqueeze(a);
                }
                List<Node> kept = new ArrayList<>();
                for (int i = 0; i < next.size(); i++) {
                    kept.add(WhereOp.where(present, next.get(i), carry.get(i)));
                }
                next = kept;
            }
            return new Scan.Step(next, loop.returnSequences() ? List.of(next.get(0)) : List.of());
        }, loop.goBackwards() ? options.reversed() : options);
        List<Node> outputs = new ArrayList<>();
        if (loop.returnSequences()) {
            Node ys = r.ys().get(0);
            outputs.add((loop.goBackwards() ? reversed(ys) : ys).permute(batchFirst(ys.rank())));
        } else {
            outputs.add(r.carry().get(0));
        }
        if (loop.returnState()) {
            outputs.addAll(r.carry());
        }
        return outputs;
    }

    /** The permutation that swaps the two leading axes of a tensor of rank {@code rank}: {@code [1, 0, 2, ...]}. */
    public static int[] batchFirst(int rank) {
        int[] order = new int[rank];
        for (int a = 0; a < rank; a++) {
            order[a] = a;
        }
        order[0] = 1;
        order[1] = 0;
        return order;
    }

    /**
     * The bias initializer of a gated cell whose gate {@code gate} (of {@code units} entries) starts from
     * {@code special} and the rest from {@code others}: Keras's {@code unit_forget_bias} is
     * {@code gateBias(bias, units, 1, new Constant(1.0))} for a cell with gates i, f, c, o.
     */
    public static Initializer gateBias(Initializer others, int units, int gate, Initializer special) {
        return new GateBias(others, units, gate, special);
    }

    /**
     * {@code shape[1]} dropout masks of {@code shape} without its axis 1 (rows first: {@code [N, F]}, or
     * {@code [N, s..., C]}), each element 0 or {@code 1 / (1 - rate)}, drawn once from the step's key, the layer's
     * salt, stream {@code stream} (0 for the input's masks, 1 for the state's) and each row's index in the
     * training data, as the recurrent layers draw theirs ({@link DropoutMasks}); none when {@code rate} is 0.
     */
    public static List<Node> dropoutMasks(LayerContext context, Shape shape, DType dtype, double rate, int stream) {
        return DropoutMasks.masks(context, shape, dtype, rate, stream);
    }

    /** {@code y} with its leading (time) axis in reverse order. */
    static Node reversed(Node y) {
        int t = y.shape().dim(0);
        double[] order = new double[t];
        for (int i = 0; i < t; i++) {
            order[i] = t - 1 - i;
        }
        return IndexOp.gather(y, SourceOp.constant(Tensor.of(y.dtype(), Shape.of(t), order)), 0);
    }
}
