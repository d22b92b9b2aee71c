package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.layer.Recurrence;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * The configuration {@link ConvLSTM1D} and {@link ConvLSTM2D} share, read by {@link ConvLstm}: Keras 3's
 * arguments of {@code ConvLSTM1D/2D}, the records' components; and the parts of {@link Layer} they implement alike,
 * by {@link ConvLstm} for their rank.
 */
sealed interface ConvRecurrent extends Layer permits ConvLSTM1D, ConvLSTM2D {

    /** The number of spatial axes. */
    int rank();

    int filters();

    List<Integer> kernelSize();

    List<Integer> strides();

    String padding();

    String dataFormat();

    List<Integer> dilationRate();

    Activation activation();

    Activation recurrentActivation();

    boolean useBias();

    Initializer kernelInitializer();

    Initializer recurrentInitializer();

    Initializer biasInitializer();

    boolean unitForgetBias();

    Regularizer kernelRegularizer();

    Regularizer recurrentRegularizer();

    Regularizer biasRegularizer();

    @Override
    Regularizer activityRegularizer();

    double dropout();

    double recurrentDropout();

    boolean returnSequences();

    boolean returnState();

    boolean goBackwards();

    Constraint kernelConstraint();

    Constraint recurrentConstraint();

    Constraint biasConstraint();

    /** The output, then the final states when {@code returnState}; inputs: the sequence, then initial h and c. */
    @Override
    default List<Shape> outputShapes(List<Shape> inputs) {
        return ConvLstm.outputShapes(this, inputs);
    }

    /** The output's shape: the first of {@link #outputShapes}. */
    @Override
    default Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    /** The kernel W, the recurrent kernel U and, with a bias, b, each with its regularizer and constraint. */
    @Override
    default List<ParamSpec> params(Shape input) {
        return ConvLstm.params(this, input);
    }

    /** The output, then the final states h and c when {@code returnState}: the layer's cell, step by step. */
    @Override
    default List<Node> applyAll(List<Node> inputs, LayerContext context) {
        return ConvLstm.applyAll(this, inputs, context);
    }

    /** The output: the first of {@link #applyAll}. */
    @Override
    default Node apply(Node x, LayerContext context) {
        return Recurrence.single(this, applyAll(List.of(x), context));
    }
}
