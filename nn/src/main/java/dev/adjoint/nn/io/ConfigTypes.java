package dev.adjoint.nn.io;

import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Elu;
import dev.adjoint.nn.activation.Exponential;
import dev.adjoint.nn.activation.Gelu;
import dev.adjoint.nn.activation.HardSigmoid;
import dev.adjoint.nn.activation.HardSwish;
import dev.adjoint.nn.activation.LeakyRelu;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.activation.LogSoftmax;
import dev.adjoint.nn.activation.Mish;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Relu6;
import dev.adjoint.nn.activation.Selu;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Silu;
import dev.adjoint.nn.activation.Softmax;
import dev.adjoint.nn.activation.Softplus;
import dev.adjoint.nn.activation.Softsign;
import dev.adjoint.nn.activation.Step;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.init.GlorotNormal;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.HeNormal;
import dev.adjoint.nn.init.HeUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.LecunNormal;
import dev.adjoint.nn.init.LecunUniform;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.RandomNormal;
import dev.adjoint.nn.init.RandomUniform;
import dev.adjoint.nn.init.TruncatedNormal;
import dev.adjoint.nn.init.VarianceScaling;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.AdditiveAttention;
import dev.adjoint.nn.layer.Attention;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.CategoryEncoding;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.GaussianDropout;
import dev.adjoint.nn.layer.GaussianNoise;
import dev.adjoint.nn.layer.GroupNormalization;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerNormalization;
import dev.adjoint.nn.layer.Masking;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.PositionEmbedding;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.layer.UnitNormalization;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.Permute;
import dev.adjoint.nn.layer.RepeatVector;
import dev.adjoint.nn.layer.Reshape;
import dev.adjoint.nn.layer.augment.RandomFlip;
import dev.adjoint.nn.layer.augment.RandomTranslation;
import dev.adjoint.nn.layer.augment.RandomZoom;
import dev.adjoint.nn.layer.conv.AveragePooling1D;
import dev.adjoint.nn.layer.conv.Cropping1D;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling3D;
import dev.adjoint.nn.layer.conv.GlobalMaxPooling3D;
import dev.adjoint.nn.layer.conv.SpatialDropout1D;
import dev.adjoint.nn.layer.conv.UpSampling1D;
import dev.adjoint.nn.layer.conv.ZeroPadding1D;
import dev.adjoint.nn.layer.conv.AveragePooling2D;
import dev.adjoint.nn.layer.conv.Conv1D;
import dev.adjoint.nn.layer.conv.Conv2D;
import dev.adjoint.nn.layer.conv.Conv2DTranspose;
import dev.adjoint.nn.layer.conv.Conv1DTranspose;
import dev.adjoint.nn.layer.conv.Conv3DTranspose;
import dev.adjoint.nn.layer.conv.MaxPooling3D;
import dev.adjoint.nn.layer.conv.AveragePooling3D;
import dev.adjoint.nn.layer.conv.UpSampling3D;
import dev.adjoint.nn.layer.conv.ZeroPadding3D;
import dev.adjoint.nn.layer.conv.Cropping3D;
import dev.adjoint.nn.layer.conv.SpatialDropout3D;
import dev.adjoint.nn.layer.conv.Conv3D;
import dev.adjoint.nn.layer.conv.Cropping2D;
import dev.adjoint.nn.layer.conv.ConvLSTM1D;
import dev.adjoint.nn.layer.conv.ConvLSTM2D;
import dev.adjoint.nn.layer.conv.DepthwiseConv1D;
import dev.adjoint.nn.layer.conv.DepthwiseConv2D;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling1D;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling2D;
import dev.adjoint.nn.layer.conv.GlobalMaxPooling1D;
import dev.adjoint.nn.layer.conv.GlobalMaxPooling2D;
import dev.adjoint.nn.layer.conv.MaxPooling1D;
import dev.adjoint.nn.layer.conv.MaxPooling2D;
import dev.adjoint.nn.layer.conv.SeparableConv1D;
import dev.adjoint.nn.layer.conv.SeparableConv2D;
import dev.adjoint.nn.layer.conv.SpatialDropout2D;
import dev.adjoint.nn.layer.conv.UpSampling2D;
import dev.adjoint.nn.layer.conv.ZeroPadding2D;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Hinge;
import dev.adjoint.nn.loss.Huber;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.loss.SquaredHinge;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.metric.Auc;
import dev.adjoint.nn.metric.BinaryAccuracy;
import dev.adjoint.nn.metric.CategoricalAccuracy;
import dev.adjoint.nn.metric.F1Score;
import dev.adjoint.nn.metric.IoU;
import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.metric.MeanIoU;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.NamedMetric;
import dev.adjoint.nn.model.MultiOutputLoss;
import dev.adjoint.nn.model.OutputMetric;
import dev.adjoint.nn.metric.Precision;
import dev.adjoint.nn.metric.R2Score;
import dev.adjoint.nn.metric.Recall;
import dev.adjoint.nn.metric.RootMeanSquaredError;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.metric.SparseTopKCategoricalAccuracy;
import dev.adjoint.nn.metric.TopKCategoricalAccuracy;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.constraint.MinMaxNorm;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.constraint.UnitNorm;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.nn.regularizer.L1L2;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.nn.regularizer.Regularizer;
import dev.adjoint.optim.Adadelta;
import dev.adjoint.optim.Adagrad;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.AdamW;
import dev.adjoint.optim.GradientAccumulation;
import dev.adjoint.optim.GradientClipping;
import dev.adjoint.optim.Momentum;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.RMSprop;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The closed list of configuration records a model file may name, per kind: the {@code "type"} of every
 * object in the JSON configuration is looked up here, and only here. A file can never make the loader
 * instantiate a class that is not listed (no class names are read from files), and a model holding a
 * component that is not listed (an unregistered custom layer, a lambda schedule) is refused when saved,
 * before any file is touched. The list holds the library's types and the records users registered by name
 * with {@link CustomTypes}.
 *
 * <p>The names are the on-disk format: they equal the components' own {@code name()} or {@code kind()}
 * today, but are spelled out here so that renaming a Java class or its display name never breaks old files.
 */
final class ConfigTypes {

    private static final Map<Class<?>, Map<String, Class<?>>> BY_KIND = new LinkedHashMap<>();
    /** The users' registrations ({@link CustomTypes}), per kind. */
    private static final Map<Class<?>, Map<String, Class<?>>> CUSTOM = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        kind(Layer.class, Map.ofEntries(Map.entry("dense", Dense.class), Map.entry("dropout", Dropout.class),
                Map.entry("gaussian_noise", GaussianNoise.class), Map.entry("gaussian_dropout", GaussianDropout.class),
                Map.entry("flatten", Flatten.class), Map.entry("activation", ActivationLayer.class),
                Map.entry("batch_normalization", BatchNormalization.class), Map.entry("p_re_lu", PReLU.class),
                Map.entry("normalization", Normalization.class),
                Map.entry("category_encoding", CategoryEncoding.class),
                Map.entry("simple_rnn", SimpleRNN.class), Map.entry("lstm", LSTM.class), Map.entry("gru", GRU.class),
                Map.entry("bidirectional", Bidirectional.class), Map.entry("time_distributed", TimeDistributed.class),
                Map.entry("frozen", Frozen.class),
                Map.entry("masking", Masking.class), Map.entry("embedding", Embedding.class),
                Map.entry("layer_normalization", LayerNormalization.class),
                Map.entry("multi_head_attention", MultiHeadAttention.class),
                Map.entry("group_normalization", GroupNormalization.class),
                Map.entry("unit_normalization", UnitNormalization.class), Map.entry("attention", Attention.class),
                Map.entry("additive_attention", AdditiveAttention.class),
                Map.entry("position_embedding", PositionEmbedding.class),
                Map.entry("reshape", Reshape.class), Map.entry("permute", Permute.class),
                Map.entry("repeat_vector", RepeatVector.class), Map.entry("conv1d", Conv1D.class),
                Map.entry("conv2d", Conv2D.class), Map.entry("conv3d", Conv3D.class),
                Map.entry("conv2d_transpose", Conv2DTranspose.class),
                Map.entry("depthwise_conv2d", DepthwiseConv2D.class),
                Map.entry("separable_conv2d", SeparableConv2D.class), Map.entry("up_sampling2d", UpSampling2D.class),
                Map.entry("zero_padding2d", ZeroPadding2D.class), Map.entry("cropping2d", Cropping2D.class),
                Map.entry("max_pooling1d", MaxPooling1D.class), Map.entry("max_pooling2d", MaxPooling2D.class),
                Map.entry("average_pooling1d", AveragePooling1D.class),
                Map.entry("average_pooling2d", AveragePooling2D.class),
                Map.entry("global_average_pooling1d", GlobalAveragePooling1D.class),
                Map.entry("global_average_pooling2d", GlobalAveragePooling2D.class),
                Map.entry("global_max_pooling1d", GlobalMaxPooling1D.class),
                Map.entry("global_max_pooling2d", GlobalMaxPooling2D.class),
                Map.entry("up_sampling1d", UpSampling1D.class), Map.entry("zero_padding1d", ZeroPadding1D.class),
                Map.entry("cropping1d", Cropping1D.class), Map.entry("spatial_dropout1d", SpatialDropout1D.class),
                Map.entry("global_average_pooling3d", GlobalAveragePooling3D.class),
                Map.entry("global_max_pooling3d", GlobalMaxPooling3D.class),
                Map.entry("conv1d_transpose", Conv1DTranspose.class),
                Map.entry("conv3d_transpose", Conv3DTranspose.class),
                Map.entry("max_pooling3d", MaxPooling3D.class), Map.entry("average_pooling3d", AveragePooling3D.class),
                Map.entry("up_sampling3d", UpSampling3D.class), Map.entry("zero_padding3d", ZeroPadding3D.class),
                Map.entry("cropping3d", Cropping3D.class), Map.entry("spatial_dropout3d", SpatialDropout3D.class),
                Map.entry("spatial_dropout2d", SpatialDropout2D.class), Map.entry("random_flip", RandomFlip.class),
                Map.entry("random_translation", RandomTranslation.class), Map.entry("random_zoom", RandomZoom.class),
                Map.entry("depthwise_conv1d", DepthwiseConv1D.class),
                Map.entry("separable_conv1d", SeparableConv1D.class), Map.entry("conv_lstm1d", ConvLSTM1D.class),
                Map.entry("conv_lstm2d", ConvLSTM2D.class)));
        kind(Activation.class, Map.ofEntries(Map.entry("linear", Linear.class), Map.entry("sigmoid", Sigmoid.class),
                Map.entry("tanh", Tanh.class), Map.entry("relu", Relu.class), Map.entry("leaky_relu", LeakyRelu.class),
                Map.entry("elu", Elu.class), Map.entry("softplus", Softplus.class), Map.entry("softmax", Softmax.class),
                Map.entry("step", Step.class), Map.entry("gelu", Gelu.class), Map.entry("silu", Silu.class),
                Map.entry("selu", Selu.class), Map.entry("mish", Mish.class),
                Map.entry("hard_sigmoid", HardSigmoid.class), Map.entry("hard_swish", HardSwish.class),
                Map.entry("softsign", Softsign.class), Map.entry("relu6", Relu6.class),
                Map.entry("log_softmax", LogSoftmax.class), Map.entry("exponential", Exponential.class)));
        kind(Initializer.class, Map.ofEntries(Map.entry("zeros", Zeros.class), Map.entry("ones", Ones.class),
                Map.entry("constant", Constant.class), Map.entry("random_normal", RandomNormal.class),
                Map.entry("random_uniform", RandomUniform.class), Map.entry("truncated_normal", TruncatedNormal.class),
                Map.entry("variance_scaling", VarianceScaling.class), Map.entry("glorot_normal", GlorotNormal.class),
                Map.entry("glorot_uniform", GlorotUniform.class), Map.entry("he_normal", HeNormal.class),
                Map.entry("he_uniform", HeUniform.class), Map.entry("lecun_normal", LecunNormal.class),
                Map.entry("lecun_uniform", LecunUniform.class), Map.entry("orthogonal", Orthogonal.class)));
        kind(Regularizer.class, Map.of("l1", L1.class, "l2", L2.class, "l1_l2", L1L2.class));
        kind(Constraint.class, Map.of("max_norm", MaxNorm.class, "min_max_norm", MinMaxNorm.class,
                "non_neg", NonNeg.class, "unit_norm", UnitNorm.class));
        kind(Loss.class, Map.ofEntries(Map.entry("mean_squared_error", dev.adjoint.nn.loss.MeanSquaredError.class),
                Map.entry("mean_absolute_error", dev.adjoint.nn.loss.MeanAbsoluteError.class),
                Map.entry("huber", Huber.class), Map.entry("binary_crossentropy", BinaryCrossEntropy.class),
                Map.entry("categorical_crossentropy", CategoricalCrossEntropy.class),
                Map.entry("sparse_categorical_crossentropy", SparseCategoricalCrossEntropy.class),
                Map.entry("hinge", Hinge.class), Map.entry("squared_hinge", SquaredHinge.class),
                Map.entry("multi_output_loss", MultiOutputLoss.class),
                Map.entry("mean_absolute_percentage_error", dev.adjoint.nn.loss.MeanAbsolutePercentageError.class),
                Map.entry("mean_squared_logarithmic_error", dev.adjoint.nn.loss.MeanSquaredLogarithmicError.class),
                Map.entry("kl_divergence", dev.adjoint.nn.loss.KLDivergence.class),
                Map.entry("poisson", dev.adjoint.nn.loss.Poisson.class),
                Map.entry("log_cosh", dev.adjoint.nn.loss.LogCosh.class),
                Map.entry("cosine_similarity", dev.adjoint.nn.loss.CosineSimilarity.class),
                Map.entry("categorical_hinge", dev.adjoint.nn.loss.CategoricalHinge.class)));
        kind(Metric.class, Map.ofEntries(Map.entry("accuracy", Accuracy.class),
                Map.entry("categorical_accuracy", CategoricalAccuracy.class),
                Map.entry("binary_accuracy", BinaryAccuracy.class),
                Map.entry("exact_match_accuracy", dev.adjoint.nn.metric.ExactMatchAccuracy.class),
                Map.entry("sparse_categorical_accuracy", SparseCategoricalAccuracy.class),
                Map.entry("top_k_categorical_accuracy", TopKCategoricalAccuracy.class),
                Map.entry("sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy.class),
                Map.entry("loss_metric", LossMetric.class), Map.entry("named_metric", NamedMetric.class),
                Map.entry("named_counting_metric", dev.adjoint.nn.metric.NamedCountingMetric.class),
                Map.entry("precision", Precision.class),
                Map.entry("recall", Recall.class), Map.entry("f1_score", F1Score.class), Map.entry("auc", Auc.class),
                Map.entry("output_metric", OutputMetric.class),
                Map.entry("output_counting_metric", dev.adjoint.nn.model.OutputCountingMetric.class),
                Map.entry("root_mean_squared_error", RootMeanSquaredError.class),
                Map.entry("r2_score", R2Score.class), Map.entry("io_u", IoU.class),
                Map.entry("mean_io_u", MeanIoU.class)));
        kind(Optimizer.class, Map.of("sgd", Sgd.class, "momentum", Momentum.class,
                "adagrad", Adagrad.class, "adadelta", Adadelta.class, "rmsprop", RMSprop.class, "adam", Adam.class,
                "adamw", AdamW.class, "gradient_clipping", GradientClipping.class,
                "gradient_accumulation", GradientAccumulation.class));
        kind(Schedule.class, Map.of("constant", Schedule.Constant.class,
                "exponential_decay", Schedule.ExponentialDecay.class, "step_decay", Schedule.StepDecay.class,
                "cosine_decay", Schedule.CosineDecay.class, "warmup", Schedule.Warmup.class,
                "piecewise_constant_decay", Schedule.PiecewiseConstantDecay.class,
                "polynomial_decay", Schedule.PolynomialDecay.class,
                "inverse_time_decay", Schedule.InverseTimeDecay.class,
                "cosine_decay_restarts", Schedule.CosineDecayRestarts.class));
    }

    private ConfigTypes() {
    }

    private static void kind(Class<?> base, Map<String, Class<?>> types) {
        Map<String, Class<?>> sorted = new LinkedHashMap<>();
        types.keySet().stream().sorted().forEach(name -> sorted.put(name, types.get(name)));
        BY_KIND.put(base, sorted);
    }

    /** The kinds with a registry: the interfaces whose values are written as {@code {"type": ..., ...}}. */
    static List<Class<?>> kinds() {
        return List.copyOf(BY_KIND.keySet());
    }

    /** The kind {@code type} belongs to (the registered interface it implements), if any. */
    static Optional<Class<?>> kindOf(Class<?> type) {
        return BY_KIND.keySet().stream().filter(k -> k.isAssignableFrom(type)).findFirst();
    }

    /**
     * The registered class of a type name, if the kind has it (the library's or a user's); none for a null name
     * (an object whose {@code "type"} is absent or null), which its reader reports as an unknown type where it is.
     */
    static Optional<Class<?>> classOf(Class<?> kind, String name) {
        if (name == null) {
            return Optional.empty(); // the registries' maps refuse a null key with a NullPointerException
        }
        Class<?> type = BY_KIND.getOrDefault(kind, Map.of()).get(name);
        return Optional.ofNullable(type != null ? type : CUSTOM.getOrDefault(kind, Map.of()).get(name));
    }

    /** The type name of a registered class, if it is registered under the kind. */
    static Optional<String> nameOf(Class<?> kind, Class<?> type) {
        return java.util.stream.Stream.of(BY_KIND.getOrDefault(kind, Map.of()), CUSTOM.getOrDefault(kind, Map.of()))
                .flatMap(m -> m.entrySet().stream()).filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The type names of a kind, the library's and the user's, sorted. */
    static List<String> names(Class<?> kind) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(BY_KIND.getOrDefault(kind, Map.of()).keySet());
        all.addAll(CUSTOM.getOrDefault(kind, Map.of()).keySet());
        return List.copyOf(all);
    }

    /** The library's own type names of a kind, sorted. */
    static List<String> builtIn(Class<?> kind) {
        return List.copyOf(BY_KIND.getOrDefault(kind, Map.of()).keySet());
    }

    /**
     * Adds a user's record under {@code name}; see {@link CustomTypes#register}. Registering the same class
     * under the same name again does nothing.
     *
     * @throws IllegalArgumentException when the kind has no registry, the type is not a record, the name is
     *     not snake_case or is taken by another class, or the class is registered under another name
     */
    static synchronized void register(Class<?> kind, String name, Class<?> type) {
        if (!BY_KIND.containsKey(kind)) {
            throw new IllegalArgumentException("register: kind must be one of " + kinds().stream()
                    .map(Class::getSimpleName).toList() + ", got " + kind.getName());
        }
        if (!kind.isAssignableFrom(type) || !type.isRecord()) {
            throw new IllegalArgumentException("register: a " + describe(kind) + " type must be a record implementing "
                    + kind.getSimpleName() + " (the file stores its components, and its canonical constructor checks"
                    + " them when loading), got " + type.getName());
        }
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("register: name must be snake_case ([a-z][a-z0-9_]*), got '" + name
                    + "'");
        }
        Optional<Class<?>> taken = classOf(kind, name);
        if (taken.isPresent() && !taken.get().equals(type)) {
            throw new IllegalArgumentException("register: the " + describe(kind) + " name '" + name + "' is taken by "
                    + taken.get().getName() + ", got " + type.getName() + "; choose another name");
        }
        Optional<String> registered = nameOf(kind, type);
        if (registered.isPresent() && !registered.get().equals(name)) {
            throw new IllegalArgumentException("register: " + type.getName() + " is already registered as '"
                    + registered.get() + "', got '" + name + "'");
        }
        CUSTOM.computeIfAbsent(kind, k -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(name, type);
    }

    /** How a kind is called in messages: {@code layer}, {@code activation}, ... */
    static String describe(Class<?> kind) {
        return kind.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
