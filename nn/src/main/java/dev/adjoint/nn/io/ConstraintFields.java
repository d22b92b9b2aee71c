package dev.adjoint.nn.io;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.GroupNormalization;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.LayerNormalization;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * The layers' constraints (Keras's {@code kernel_constraint}, ...) in model files. They came in version 10 without a
 * new version, as the cross-entropies' {@code "label_smoothing"} did: a constraint is written only when set (a
 * config override of the mapper), and read as null (none) when absent (the creators below inject null), in a file
 * of any version. So every file without constraints is the file it was before and older readers still read it, while
 * they refuse a file with a constraint as having an unknown field rather than load it without (a model trained
 * under a constraint would go on training without it). {@link ConfigJson}'s mix-in of Dense does the same.
 *
 * <p>Each mix-in repeats its layer's canonical constructor, as Jackson matches a mix-in's creator to the constructor
 * of the same parameter types; a record whose components change must change here too (the round-trip tests of every
 * registered layer fail otherwise). The convolutional layers' mix-ins are in {@link ConvConstraintFields}.
 */
final class ConstraintFields {

    /** The id of the value injected for an absent constraint, null. */
    static final String NO_CONSTRAINT = "adjoint.no_constraint";

    private ConstraintFields() {
    }

    /** Adds the mix-ins to a mapper being built (its injectable values must map {@link #NO_CONSTRAINT} to null). */
    static void addTo(JsonMapper.Builder b) {
        b.addMixIn(Embedding.class, EmbeddingConstraints.class);
        b.addMixIn(SimpleRNN.class, SimpleRNNConstraints.class);
        b.addMixIn(LSTM.class, LSTMConstraints.class);
        b.addMixIn(GRU.class, GRUConstraints.class);
        b.addMixIn(BatchNormalization.class, BatchNormalizationConstraints.class);
        b.addMixIn(LayerNormalization.class, LayerNormalizationConstraints.class);
        b.addMixIn(GroupNormalization.class, GroupNormalizationConstraints.class);
        b.addMixIn(PReLU.class, PReLUConstraints.class);
        b.addMixIn(MultiHeadAttention.class, MultiHeadAttentionConstraints.class);
        ConvConstraintFields.addTo(b);
    }

    /** {@link Embedding}'s creator, its constraints optional. */
    private abstract static class EmbeddingConstraints {
        @JsonCreator
        EmbeddingConstraints(@JsonProperty("input_dim") int inputDim,
                @JsonProperty("output_dim") int outputDim,
                @JsonProperty("embeddings_initializer") Initializer embeddingsInitializer,
                @JsonProperty("embeddings_regularizer") Regularizer embeddingsRegularizer,
                @JsonProperty("mask_zero") boolean maskZero,
                @JsonProperty("embeddings_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint embeddingsConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link SimpleRNN}'s creator, its constraints optional. */
    private abstract static class SimpleRNNConstraints {
        @JsonCreator
        SimpleRNNConstraints(@JsonProperty("units") int units,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("recurrent_initializer") Initializer recurrentInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
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

    /** {@link LSTM}'s creator, its constraints optional. */
    private abstract static class LSTMConstraints {
        @JsonCreator
        LSTMConstraints(@JsonProperty("units") int units,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("recurrent_activation") Activation recurrentActivation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("unit_forget_bias") boolean unitForgetBias,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("recurrent_initializer") Initializer recurrentInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
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

    /** {@link GRU}'s creator, its constraints optional. */
    private abstract static class GRUConstraints {
        @JsonCreator
        GRUConstraints(@JsonProperty("units") int units,
                @JsonProperty("activation") Activation activation,
                @JsonProperty("recurrent_activation") Activation recurrentActivation,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("reset_after") boolean resetAfter,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("recurrent_initializer") Initializer recurrentInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
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

    /** {@link BatchNormalization}'s creator, its constraints optional. */
    private abstract static class BatchNormalizationConstraints {
        @JsonCreator
        BatchNormalizationConstraints(@JsonProperty("axis") int axis,
                @JsonProperty("momentum") double momentum,
                @JsonProperty("epsilon") double epsilon,
                @JsonProperty("center") boolean center,
                @JsonProperty("scale") boolean scale,
                @JsonProperty("beta_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint betaConstraint,
                @JsonProperty("gamma_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint gammaConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link LayerNormalization}'s creator, its constraints optional. */
    private abstract static class LayerNormalizationConstraints {
        @JsonCreator
        LayerNormalizationConstraints(@JsonProperty("axis") List<Integer> axis,
                @JsonProperty("epsilon") double epsilon,
                @JsonProperty("center") boolean center,
                @JsonProperty("scale") boolean scale,
                @JsonProperty("beta_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint betaConstraint,
                @JsonProperty("gamma_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint gammaConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link GroupNormalization}'s creator, its constraints optional. */
    private abstract static class GroupNormalizationConstraints {
        @JsonCreator
        GroupNormalizationConstraints(@JsonProperty("groups") int groups,
                @JsonProperty("axis") int axis,
                @JsonProperty("epsilon") double epsilon,
                @JsonProperty("center") boolean center,
                @JsonProperty("scale") boolean scale,
                @JsonProperty("beta_initializer") Initializer betaInitializer,
                @JsonProperty("gamma_initializer") Initializer gammaInitializer,
                @JsonProperty("beta_regularizer") Regularizer betaRegularizer,
                @JsonProperty("gamma_regularizer") Regularizer gammaRegularizer,
                @JsonProperty("beta_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint betaConstraint,
                @JsonProperty("gamma_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint gammaConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link PReLU}'s creator, its constraint optional. */
    private abstract static class PReLUConstraints {
        @JsonCreator
        PReLUConstraints(@JsonProperty("alpha_initializer") Initializer alphaInitializer,
                @JsonProperty("shared_axes") List<Integer> sharedAxes,
                @JsonProperty("alpha_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint alphaConstraint,
                @JsonProperty("name") String name) {
        }
    }

    /** {@link MultiHeadAttention}'s creator, its constraints optional. */
    private abstract static class MultiHeadAttentionConstraints {
        @JsonCreator
        MultiHeadAttentionConstraints(@JsonProperty("num_heads") int numHeads,
                @JsonProperty("key_dim") int keyDim,
                @JsonProperty("value_dim") int valueDim,
                @JsonProperty("dropout") double dropout,
                @JsonProperty("use_bias") boolean useBias,
                @JsonProperty("use_causal_mask") boolean useCausalMask,
                @JsonProperty("return_attention_scores") boolean returnAttentionScores,
                @JsonProperty("kernel_initializer") Initializer kernelInitializer,
                @JsonProperty("bias_initializer") Initializer biasInitializer,
                @JsonProperty("kernel_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint kernelConstraint,
                @JsonProperty("bias_constraint") @JacksonInject(value = NO_CONSTRAINT,
                        useInput = OptBoolean.TRUE) Constraint biasConstraint,
                @JsonProperty("name") String name) {
        }
    }
}
