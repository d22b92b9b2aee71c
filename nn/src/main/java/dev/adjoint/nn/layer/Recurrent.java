package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * A recurrent layer ({@link SimpleRNN}, {@link LSTM}, {@link GRU}): the settings they share, what
 * {@link Bidirectional} needs to know of the layer it runs both ways, and the parts of {@link Layer} they
 * implement alike ({@link Recurrence} says how the loop behaves).
 */
public sealed interface Recurrent extends Layer permits SimpleRNN, LSTM, GRU {

    /** H, the size of the output and of each state. */
    int units();

    /** Whether it returns every output, {@code [N, T, units]}. */
    boolean returnSequences();

    /** Whether it returns its final states after its output. */
    boolean returnState();

    /** Whether it runs from the end of the sequence. */
    boolean goBackwards();

    /**
     * The fraction of the input's units dropped while training, in [0, 1): Keras's {@code dropout}, a mask of the
     * input {@code x_t} drawn once per sequence ({@link DropoutMasks} says which masks and how they are drawn).
     */
    double dropout();

    /**
     * The fraction of the state's units dropped while training in the recurrent product {@code h U}, in [0, 1):
     * Keras's {@code recurrent_dropout}, a mask of h drawn once per sequence ({@link DropoutMasks}).
     */
    double recurrentDropout();

    /** The penalty on the input kernel W (Keras's {@code kernel_regularizer}), or null. */
    Regularizer kernelRegularizer();

    /** The penalty on the recurrent kernel U (Keras's {@code recurrent_regularizer}), or null. */
    Regularizer recurrentRegularizer();

    /** The penalty on the bias (Keras's {@code bias_regularizer}), or null. */
    Regularizer biasRegularizer();

    /** The projection of the input kernel W after each update (Keras's {@code kernel_constraint}), or null. */
    Constraint kernelConstraint();

    /** The projection of the recurrent kernel U after each update (Keras's {@code recurrent_constraint}), or null. */
    Constraint recurrentConstraint();

    /** The projection of the bias after each update (Keras's {@code bias_constraint}), or null. */
    Constraint biasConstraint();

    /** The number of states: 2 for an LSTM (h, c), 1 otherwise. */
    int stateCount();

    /** The same layer running forward or backward. */
    Recurrent goBackwards(boolean backwards);

    /** The same layer running the other way. */
    default Recurrent reversed() {
        return goBackwards(!goBackwards());
    }

    @Override
    default Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    /** The output, then the final states when {@code returnState}; inputs: the sequence, then initial states. */
    @Override
    default List<Shape> outputShapes(List<Shape> inputs) {
        return Recurrence.outputShapes(this, inputs);
    }

    @Override
    default Node apply(Node x, LayerContext context) {
        return Recurrence.single(this, applyAll(List.of(x), context));
    }
}
