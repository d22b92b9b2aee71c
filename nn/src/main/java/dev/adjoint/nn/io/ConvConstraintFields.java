package dev.adjoint.nn.io;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.layer.conv.Conv1D;
import dev.adjoint.nn.layer.conv.Conv1DTranspose;
import dev.adjoint.nn.layer.conv.Conv2D;
import dev.adjoint.nn.layer.conv.Conv2DTranspose;
import dev.adjoint.nn.layer.conv.Conv3D;
import dev.adjoint.nn.layer.conv.Conv3DTranspose;
import dev.adjoint.nn.layer.conv.ConvLSTM1D;
import dev.adjoint.nn.layer.conv.ConvLSTM2D;
import dev.adjoint.nn.layer.conv.DepthwiseConv1D;
import dev.adjoint.nn.layer.conv.DepthwiseConv2D;
import dev.adjoint.nn.layer.conv.SeparableConv1D;
import dev.adjoint.nn.layer.conv.SeparableConv2D;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * The constraints of the convolutional layers (those of {@code dev.adjoint.nn.layer.conv}) in model files, by
 * {@link ConstraintFields}'s rule: written only when set, read as null when absent, so that files without them are
 * what they were (format version 10). Each mix-in repeats its layer's canonical constructor.
 */
final class ConvConstraintFields {

    private static final String NO_CONSTRAINT = ConstraintFields.NO_CONSTRAINT;

    private ConvConstraintFields() {
    }

    /** Adds the mix-ins to a mapper being built (its injectable values must map the absent constraint to null). */
    static void addTo(JsonMapper.Builder b) {
        b.addMixIn(Conv1D.class, Conv1DConstraints.class);
        b.addMixIn(Conv2D.class, Conv2DConstraints.class);
        b.addMixIn(Conv3D.class, Conv3DConstraints.class);
        b.addMixIn(Conv1DTranspose.class, Conv1DTransposeConstraints.class);
        b.addMixIn(Conv2DTranspose.class, Conv2DTransposeConstraints.class);
        b.addMixIn(Conv3DTranspose.class, Conv3DTransposeConstraints.class);
        b.addMixIn(DepthwiseConv2D.class, DepthwiseConv2DConstraints.class);
        b.addMixIn(SeparableConv2D.class, SeparableConv2DConstraints.class);
        b.addMixIn(DepthwiseConv1D.class, DepthwiseConv1DConstraints.class);
        b.addMixIn(SeparableConv1D.class, SeparableConv1DConstraints.class);
        b.addMixIn(ConvLSTM1D.class, ConvLSTM1DConstraints.class);
        b.addMixIn(ConvLSTM2D.class, ConvLSTM2DConstraints.class);
    }

    /** {@link Conv1D}'s creator, its constraints optional. */
    private abstract static class Conv1DConstraints {
        @JsonCreator
        Conv1DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("groups") int groups,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link Conv2D}'s creator, its constraints optional. */
    private abstract static class Conv2DConstraints {
        @JsonCreator
        Conv2DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("groups") int groups,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link Conv3D}'s creator, its constraints optional. */
    private abstract static class Conv3DConstraints {
        @JsonCreator
        Conv3DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("groups") int groups,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link Conv1DTranspose}'s creator, its constraints optional. */
    private abstract static class Conv1DTransposeConstraints {
        @JsonCreator
        Conv1DTransposeConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("output_padding") List<Integer> outputPadding,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link Conv2DTranspose}'s creator, its constraints optional. */
    private abstract static class Conv2DTransposeConstraints {
        @JsonCreator
        Conv2DTransposeConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("output_padding") List<Integer> outputPadding,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link Conv3DTranspose}'s creator, its constraints optional. */
    private abstract static class Conv3DTransposeConstraints {
        @JsonCreator
        Conv3DTransposeConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("output_padding") List<Integer> outputPadding,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link DepthwiseConv2D}'s creator, its constraints optional. */
    private abstract static class DepthwiseConv2DConstraints {
        @JsonCreator
        DepthwiseConv2DConstraints(@JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("depth_multiplier") int depthMultiplier,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("depthwise_initializer") Initializer depthwiseInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("depthwise_regularizer") Regularizer depthwiseRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("depthwise_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint depthwiseConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link SeparableConv2D}'s creator, its constraints optional. */
    private abstract static class SeparableConv2DConstraints {
        @JsonCreator
        SeparableConv2DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("depth_multiplier") int depthMultiplier,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("depthwise_initializer") Initializer depthwiseInitializer,
                @JsonProperty("pointwise_initializer") Initializer pointwiseInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("depthwise_regularizer") Regularizer depthwiseRegularizer,
                @JsonProperty("pointwise_regularizer") Regularizer pointwiseRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("depthwise_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint depthwiseConstraint,
                @JsonProperty("pointwise_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint pointwiseConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link DepthwiseConv1D}'s creator, its constraints optional. */
    private abstract static class DepthwiseConv1DConstraints {
        @JsonCreator
        DepthwiseConv1DConstraints(@JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("depth_multiplier") int depthMultiplier,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("depthwise_initializer") Initializer depthwiseInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("depthwise_regularizer") Regularizer depthwiseRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("depthwise_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint depthwiseConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link SeparableConv1D}'s creator, its constraints optional. */
    private abstract static class SeparableConv1DConstraints {
        @JsonCreator
        SeparableConv1DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("depth_multiplier") int depthMultiplier,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("depthwise_initializer") Initializer depthwiseInitializer,
                @JsonProperty("pointwise_initializer") Initializer pointwiseInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("depthwise_regularizer") Regularizer depthwiseRegularizer,
                @JsonProperty("pointwise_regularizer") Regularizer pointwiseRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("depthwise_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint depthwiseConstraint,
                @JsonProperty("pointwise_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint pointwiseConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link ConvLSTM1D}'s creator, its constraints optional. */
    private abstract static class ConvLSTM1DConstraints {
        @JsonCreator
        ConvLSTM1DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("recurrent_activation") Activation recurrentActivation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("recurrent_initializer") Initializer recurrentInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("unit_forget_bias") boolean unitForgetBias,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("recurrent_regularizer") Regularizer recurrentRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("dropout") double dropout,
                @JsonProperty("recurrent_dropout") double recurrentDropout,
                @JsonProperty("return_sequences") boolean returnSequences,
                @JsonProperty("return_state") boolean returnState,
                @JsonProperty("go_backwards") boolean goBackwards,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("recurrent_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint recurrentConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link ConvLSTM2D}'s creator, its constraints optional. */
    private abstract static class ConvLSTM2DConstraints {
        @JsonCreator
        ConvLSTM2DConstraints(@JsonProperty("filters") int filters,
                @JsonProperty("kernel_size") List<Integer> kernelSize,
                @JsonProperty("strides") List<Integer> strides,
                @JsonProperty("padding") String padding,
                @JsonProperty("data_format") String dataFormat,
                @JsonProperty("dilation_rate") List<Integer> dilationRate,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("recurrent_activation") Activation recurrentActivation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("recurrent_initializer") Initializer recurrentInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("unit_forget_bias") boolean unitForgetBias,
                @JsonProperty("kernel_regularizer") Regularizer kernelRegularizer,
                @JsonProperty("recurrent_regularizer") Regularizer recurrentRegularizer,
                @JsonProperty("bias_regularizer") Regularizer biasRegularizer,
                @JsonProperty("dropout") double dropout,
                @JsonProperty("recurrent_dropout") double recurrentDropout,
                @JsonProperty("return_sequences") boolean returnSequences,
                @JsonProperty("return_state") boolean returnState,
                @JsonProperty("go_backwards") boolean goBackwards,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("recurrent_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint recurrentConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }
}
