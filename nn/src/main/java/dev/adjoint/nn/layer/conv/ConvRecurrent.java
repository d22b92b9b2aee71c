package dev.adjoint.nn.layer.conv;

import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.regularizer.Regularizer;
import dev.adjoint.nn.layer.Layer;
import java.util.List;

/**
 * The configuration {@link ConvLSTM1D} and {@link ConvLSTM2D} share, read by {@link ConvLstm}: Keras 3's
 * arguments of {@code ConvLSTM1D/2D}, the records' components.
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

    double dropout();

    double recurrentDropout();

    boolean returnSequences();

    boolean returnState();

    boolean goBackwards();

    Constraint kernelConstraint();

    Constraint recurrentConstraint();

    Constraint biasConstraint();
}
