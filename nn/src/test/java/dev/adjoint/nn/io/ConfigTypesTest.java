package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Activations;
import dev.adjoint.nn.activation.Elu;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.activation.Gelu;
import dev.adjoint.nn.activation.LeakyRelu;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.init.HeNormal;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Initializers;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.RandomNormal;
import dev.adjoint.nn.init.RandomUniform;
import dev.adjoint.nn.init.TruncatedNormal;
import dev.adjoint.nn.init.VarianceScaling;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.GaussianDropout;
import dev.adjoint.nn.layer.GaussianNoise;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.LayerNormalization;
import dev.adjoint.nn.layer.Masking;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PositionEmbedding;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.CategoryEncoding;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.Permute;
import dev.adjoint.nn.layer.AdditiveAttention;
import dev.adjoint.nn.layer.Attention;
import dev.adjoint.nn.layer.GroupNormalization;
import dev.adjoint.nn.layer.UnitNormalization;
import dev.adjoint.nn.layer.RepeatVector;
import dev.adjoint.nn.layer.Reshape;
import dev.adjoint.nn.layer.conv.Cropping1D;
import dev.adjoint.nn.layer.conv.Conv1DTranspose;
import dev.adjoint.nn.layer.conv.Conv3DTranspose;
import dev.adjoint.nn.layer.conv.MaxPooling3D;
import dev.adjoint.nn.layer.conv.AveragePooling3D;
import dev.adjoint.nn.layer.conv.UpSampling3D;
import dev.adjoint.nn.layer.conv.ZeroPadding3D;
import dev.adjoint.nn.layer.conv.Cropping3D;
import dev.adjoint.nn.layer.conv.SpatialDropout3D;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling3D;
import dev.adjoint.nn.layer.conv.GlobalMaxPooling3D;
import dev.adjoint.nn.layer.conv.SpatialDropout1D;
import dev.adjoint.nn.layer.conv.UpSampling1D;
import dev.adjoint.nn.layer.conv.ZeroPadding1D;
import dev.adjoint.nn.layer.augment.RandomFlip;
import dev.adjoint.nn.layer.augment.RandomTranslation;
import dev.adjoint.nn.layer.augment.RandomZoom;
import dev.adjoint.nn.layer.conv.AveragePooling1D;
import dev.adjoint.nn.layer.conv.AveragePooling2D;
import dev.adjoint.nn.layer.conv.Conv1D;
import dev.adjoint.nn.layer.conv.Conv2D;
import dev.adjoint.nn.layer.conv.Conv2DTranspose;
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
import dev.adjoint.nn.loss.CosineSimilarity;
import dev.adjoint.nn.loss.Huber;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.Losses;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.metric.Auc;
import dev.adjoint.nn.metric.BinaryAccuracy;
import dev.adjoint.nn.metric.F1Score;
import dev.adjoint.nn.metric.IoU;
import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.metric.MeanIoU;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.metric.NamedMetric;
import dev.adjoint.nn.metric.Precision;
import dev.adjoint.nn.metric.R2Score;
import dev.adjoint.nn.metric.Recall;
import dev.adjoint.nn.metric.SparseTopKCategoricalAccuracy;
import dev.adjoint.nn.metric.TopKCategoricalAccuracy;
import dev.adjoint.nn.model.Compilation;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.MultiOutputLoss;
import dev.adjoint.nn.model.OutputMetric;
import dev.adjoint.nn.model.PackedColumns;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.constraint.Constraints;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The registry covers the library's components, and every registered record survives JSON unchanged. */
class ConfigTypesTest {

    private static final Schedule LR = Schedule.stepDecay(0.05, 7, 0.5);

    /** One instance of every registered class, with non-default values where the record has any. */
    static List<Object> samples() throws ReflectiveOperationException {
        List<Object> out = new ArrayList<>(List.of(
                new Dense(5, new LeakyRelu(0.3), false, new VarianceScaling(2, VarianceScaling.Mode.FAN_OUT,
                        VarianceScaling.Distribution.UNIFORM), new Constant(0.5), new L1L2(0.1, 0.2), new L1(0.3),
                        "d1"),
                new Dropout(0.25, "drop"), new GaussianNoise(0.35, "noise"), GaussianDropout.of(0.3).named("gd"),
                new Flatten("f"), new ActivationLayer(new Elu(0.7), null),
                new BatchNormalization(1, 0.9, 1e-4, false, true, "bn"),
                new PReLU(new RandomNormal(0.1, 0.2), java.util.List.of(2, 1), "p"),
                new SimpleRNN(4, new Elu(0.5), false, new Constant(0.1), new RandomNormal(0, 0.2), new Constant(0.2),
                        true, true, true, "rnn"),
                LSTM.of(3).returnSequences(true).named("lstm"), GRU.of(2).goBackwards(true).resetAfter(false),
                LSTM.of(2).activation(new Elu(0.5)).unitForgetBias(false).kernelRegularizer(new L2(0.1))
                        .recurrentRegularizer(new L1(0.2)).biasRegularizer(new L1L2(0.1, 0.2))
                        .activityRegularizer(new L1(0.3)).named("rlstm"),
                GRU.of(2).recurrentActivation(new Tanh()).useBias(false).recurrentRegularizer(new L2(0.4))
                        .named("rgru"),
                SimpleRNN.of(2).kernelRegularizer(new L1(0.1)).activityRegularizer(new L2(0.2)).named("rrnn"),
                Bidirectional.of(GRU.of(1).biasRegularizer(new L1(0.5))).named("rbi"),
                new Bidirectional(LSTM.of(3).returnState(true), Bidirectional.MergeMode.AVE, "bi"),
                new TimeDistributed(Dense.of(2).named("inner"), "td"), new Masking(-1.5, "m"),
                Frozen.of(new BatchNormalization(1, 0.9, 1e-4, true, false, "frozen_bn")),
                new Embedding(7, 3, new RandomNormal(0, 1), new L2(0.1), true, "emb"),
                new LayerNormalization(java.util.List.of(1, -1), 1e-5, false, true, "ln"),
                new MultiHeadAttention(2, 3, 4, 0.25, false, true, true, new Constant(0.1), new Constant(0.2), "mha"),
                MultiHeadAttention.of(1, 2).kernelRegularizer(new L1(0.1)).biasRegularizer(new L2(0.2)).named("rmha"),
                PReLU.of().alphaRegularizer(new L1L2(0.1, 0.2)).named("rp"),
                new PositionEmbedding(9, new Constant(0.3), "pos"), new Orthogonal(1.5),
                Reshape.of(7, -1).named("r"), Permute.of(3, 1, 2).named("perm"), RepeatVector.of(4).named("rep"),
                new GroupNormalization(4, 1, 1e-5, false, true, new Constant(0.2), new Constant(1.5), new L1(0.1),
                        new L2(0.2), "gn"), GroupNormalization.of(-1).named("instance"),
                UnitNormalization.of().axis(1, -1).named("unit"),
                Attention.of().useScale(true).scoreMode("concat").dropout(0.2).causal(true).returnAttentionScores(true)
                        .named("att"),
                AdditiveAttention.of().useScale(false).dropout(0.3).causal(true).returnAttentionScores(true),
                Conv2D.of(6, List.of(3, 5)).strides(2, 1).padding("same").dataFormat("channels_first").dilationRate(1)
                        .groups(2).activation(new Elu(0.3)).useBias(false).kernelInitializer(new HeNormal())
                        .biasInitializer(new Constant(0.1)).kernelRegularizer(new L2(0.01))
                        .biasRegularizer(new L1(0.02)).named("c"),
                Conv1D.of(4, 5).strides(2).padding("same").named("c1"),
                Conv3D.of(2, List.of(1, 2, 3)).dilationRate(1, 2, 1).dataFormat("channels_first"),
                Conv2DTranspose.of(3, 2).strides(2).padding("same").activation(new Elu(0.2)).useBias(false),
                DepthwiseConv2D.of(3).depthMultiplier(2).padding("same").strides(1, 2).named("dw"),
                new SeparableConv2D(5, List.of(3, 1), List.of(1), "valid", "channels_first", List.of(2, 1), 3,
                        new Elu(0.1), false, new HeNormal(), new Constant(0.2), new Constant(0.3), new L2(0.1),
                        new L1(0.2), null, "sep"),
                DepthwiseConv1D.of(3, 2).depthMultiplier(3).padding("same").dataFormat("channels_first")
                        .activation(new Elu(0.2)).useBias(false).depthwiseInitializer(new HeNormal())
                        .biasInitializer(new Constant(0.1)).depthwiseRegularizer(new L2(0.1))
                        .biasRegularizer(new L1(0.3)).named("dw1"),
                SeparableConv1D.of(4, 2).dilationRate(2).depthMultiplier(2).padding("same").useBias(false)
                        .pointwiseInitializer(new Constant(0.4)).pointwiseRegularizer(new L2(0.2)).named("sep1"),
                ConvLSTM1D.of(3, 2, 2).padding("same").dataFormat("channels_first").returnSequences(true)
                        .returnState(true).goBackwards(true).dropout(0.25).recurrentDropout(0.125)
                        .activation(new Elu(0.5)).recurrentActivation(new Tanh()).unitForgetBias(false)
                        .kernelInitializer(new HeNormal()).recurrentInitializer(new Constant(0.1))
                        .biasInitializer(new Constant(0.2)).kernelRegularizer(new L2(0.1))
                        .recurrentRegularizer(new L1(0.2)).biasRegularizer(new L2(0.3)).named("clstm1"),
                ConvLSTM2D.of(2, List.of(3, 1)).dilationRate(2, 1).useBias(false).named("clstm2"),
                UpSampling2D.of(2, 3).interpolation("bilinear").dataFormat("channels_first").named("up"),
                ZeroPadding2D.of(1, 2).named("zp"), new ZeroPadding2D(List.of(List.of(0, 1), List.of(2, 3)),
                        "channels_first", null),
                Cropping2D.of(1, 2, 3, 4).dataFormat("channels_first").named("crop"),
                MaxPooling2D.of(List.of(3, 2)).strides(1, 2).padding("same").dataFormat("channels_first").named("mp"),
                AveragePooling2D.of(2).strides(1).padding("same").named("ap"),
                MaxPooling1D.of(3).strides(2).named("mp1"), AveragePooling1D.of(4).dataFormat("channels_first"),
                GlobalAveragePooling2D.of().keepdims(true).named("gap"),
                GlobalMaxPooling2D.of().dataFormat("channels_first"), GlobalAveragePooling1D.of().keepdims(true),
                GlobalMaxPooling1D.of().named("gmp1"), SpatialDropout2D.of(0.3).dataFormat("channels_first"),
                UpSampling1D.of(3).named("up1"), ZeroPadding1D.of(2, 0).named("zp1"), Cropping1D.of(0, 3),
                SpatialDropout1D.of(0.2).named("sd1"), GlobalAveragePooling3D.of().keepdims(true).named("gap3"),
                GlobalMaxPooling3D.of().dataFormat("channels_first"),
                Conv1DTranspose.of(3, 4, 3).padding("same").outputPadding(2)
                        .dataFormat("channels_first").activation(new Elu(0.4)).kernelInitializer(new HeNormal())
                        .biasInitializer(new Constant(0.2)).kernelRegularizer(new L2(0.03))
                        .biasRegularizer(new L1(0.04)).named("ct1"),
                Conv3DTranspose.of(2, List.of(1, 2, 3)).strides(2, 1, 3).outputPadding(1, 0, 2).useBias(false),
                Conv3DTranspose.of(4, 3).dilationRate(1, 2, 1).named("ct3"),
                MaxPooling3D.of(List.of(3, 2, 1)).strides(1, 2, 1).padding("same")
                        .dataFormat("channels_first").named("mp3"),
                AveragePooling3D.of(2).strides(1).padding("same"),
                UpSampling3D.of(1, 2, 3).dataFormat("channels_first").named("up3"),
                new ZeroPadding3D(List.of(List.of(0, 1), List.of(2, 3), List.of(4, 0)), "channels_first", "zp3"),
                new Cropping3D(List.of(List.of(1, 0), List.of(0, 2), List.of(1, 1)), "channels_last", null),
                SpatialDropout3D.of(0.4).dataFormat("channels_first").named("sd3"),
                RandomFlip.of().mode("horizontal").named("flip"),
                new RandomTranslation(List.of(-0.1, 0.2), List.of(0.3), "constant", "nearest", 0.5, "channels_first",
                        "t"),
                RandomZoom.of(0.2).widthFactor(List.of(-0.1, 0.3)).fill("nearest", 0).interpolation("nearest"),
                new Normalization(new double[] {0.5, -1e-3}, new double[] {2, 1e9}, "norm"),
                new CategoryEncoding(7, "multi_hot", "bands"),
                new Elu(0.5), new LeakyRelu(0.1), new Gelu(true), new dev.adjoint.nn.activation.LogSoftmax(-2),
                new Constant(1.5), new RandomNormal(0.1, 0.3), new RandomUniform(-1, 2), new TruncatedNormal(0.2, 0.4),
                new VarianceScaling(3, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNTRUNCATED_NORMAL),
                new L1(0.1), new L2(0.2), new L1L2(0.3, 0.4),
                new BinaryCrossEntropy(true), new CategoricalCrossEntropy(true),
                new SparseCategoricalCrossEntropy(true),
                new Huber(2.5), new CosineSimilarity(2), new CategoricalCrossEntropy(false, 0.25),
                new BinaryCrossEntropy(true, 0.5), new LossMetric(new BinaryCrossEntropy(false, 0.1)),
                new LossMetric(new CategoricalCrossEntropy()), SMOOTHED_MULTI_LOSS, MULTI_LOSS,
                new OutputMetric("b_accuracy", MULTI_LOSS.predictions(),
                        MULTI_LOSS.targets(), 1, new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL, 0.5)),
                new dev.adjoint.nn.model.OutputCountingMetric("b_precision", MULTI_LOSS.predictions(),
                        MULTI_LOSS.targets(), 1, new Precision(0.3)),
                new BinaryAccuracy(0.3), new TopKCategoricalAccuracy(3), new SparseTopKCategoricalAccuracy(2),
                new Accuracy(Accuracy.Kind.BINARY, 0.25), new LossMetric(new Huber(0.5)), new Precision(0.3),
                new NamedMetric("acc", new Accuracy(Accuracy.Kind.BINARY, 0.5)),
                new Recall(0.7), new F1Score(0.1), new Auc(Auc.Curve.PR, 50, true),
                new R2Score(R2Score.ClassAggregation.VARIANCE_WEIGHTED_AVERAGE, 3),
                new IoU(5, List.of(3, 0, 3), 255, false, true), new IoU(2, List.of(1)),
                new dev.adjoint.nn.metric.NamedCountingMetric("miou", new IoU(2, List.of(1))),
                new MeanIoU(4, null, true, false), new MeanIoU(3, -1, false, false),
                new Sgd(LR), new Momentum(LR, 0.8, false), new Momentum(LR, 0.7, true), new Adagrad(LR, 0.2, 1e-6),
                new Adadelta(LR, 0.9, 1e-5), new RMSprop(LR, 0.8, 0.1, 1e-6, true), new Adam(LR, 0.8, 0.99, 1e-6, true),
                new AdamW(LR, 0.01, 0.8, 0.99, 1e-6, true),
                GradientClipping.byGlobalNorm(new Momentum(LR, 0.8, false), 2.5),
                GradientAccumulation.of(GradientClipping.byValue(new Sgd(LR), 0.1), 4),
                Schedule.constant(0.3), Schedule.exponentialDecay(0.1, 10, 0.5, true), Schedule.stepDecay(0.2, 3, 0.1),
                Schedule.cosineDecay(0.1, 100, 0.05), Schedule.cosineDecay(0.1, 50, 0).withWarmup(5),
                Schedule.piecewiseConstantDecay(List.of(10, 20.5), List.of(0.1, 0.05, 0.01)),
                Schedule.polynomialDecay(0.1, 100, 0.002, 2.0, true), Schedule.inverseTimeDecay(0.1, 10, 0.5, true),
                Schedule.cosineDecayRestarts(0.1, 20, 1.5, 0.8, 0.05),
                Schedule.cosineDecayRestarts(0.1, 20).withWarmup(3),
                new MaxNorm(3, List.of(0, 1)), new MinMaxNorm(0.5, 2, 0.25, -1), new UnitNorm(1)));
        out.addAll(constrainedLayers());
        Set<Class<?>> covered = new HashSet<>();
        out.forEach(o -> covered.add(o.getClass()));
        for (Class<?> kind : ConfigTypes.kinds()) {
            for (String name : ConfigTypes.builtIn(kind)) {
                Class<?> type = ConfigTypes.classOf(kind, name).orElseThrow();
                if (!covered.contains(type)) {
                    out.add(type.getDeclaredConstructor().newInstance()); // records without parameters
                    covered.add(type);
                }
            }
        }
        return out;
    }

    /** Every layer that takes constraints, with a constraint on each of its weights. */
    static List<Layer> constrainedLayers() {
        MaxNorm max = new MaxNorm(3, 0);
        NonNeg nonNeg = new NonNeg();
        UnitNorm unit = new UnitNorm(-1);
        return List.of(Dense.of(3).kernelConstraint(max).biasConstraint(nonNeg).named("cd"),
                new Embedding(7, 3, new RandomNormal(0, 1), null, false, "ce").embeddingsConstraint(unit),
                SimpleRNN.of(2).kernelConstraint(max).recurrentConstraint(unit).biasConstraint(nonNeg),
                LSTM.of(2).kernelConstraint(max).recurrentConstraint(unit).biasConstraint(nonNeg),
                GRU.of(2).kernelConstraint(max).recurrentConstraint(unit).biasConstraint(nonNeg),
                BatchNormalization.of().betaConstraint(nonNeg).gammaConstraint(max),
                LayerNormalization.of().betaConstraint(nonNeg).gammaConstraint(max),
                GroupNormalization.of(1).betaConstraint(nonNeg).gammaConstraint(max),
                Conv1D.of(2, 3).kernelConstraint(new MaxNorm(2, List.of(0, 1))).biasConstraint(nonNeg),
                Conv2D.of(2, 3).kernelConstraint(new MaxNorm(2, List.of(0, 1, 2))).biasConstraint(nonNeg),
                Conv3D.of(2, 3).kernelConstraint(max).biasConstraint(nonNeg),
                Conv1DTranspose.of(2, 3).kernelConstraint(max).biasConstraint(nonNeg),
                Conv2DTranspose.of(2, 3).kernelConstraint(max).biasConstraint(nonNeg),
                Conv3DTranspose.of(2, 3).kernelConstraint(max).biasConstraint(nonNeg),
                DepthwiseConv2D.of(3).depthwiseConstraint(max).biasConstraint(nonNeg),
                SeparableConv2D.of(2, 3).depthwiseConstraint(max).pointwiseConstraint(unit).biasConstraint(nonNeg),
                DepthwiseConv1D.of(3).depthwiseConstraint(new MaxNorm(2, List.of(0, 1))).biasConstraint(nonNeg),
                SeparableConv1D.of(2, 3).depthwiseConstraint(max).pointwiseConstraint(unit).biasConstraint(nonNeg),
                ConvLSTM1D.of(2, 3).kernelConstraint(max).recurrentConstraint(unit).biasConstraint(nonNeg),
                ConvLSTM2D.of(2, 3).kernelConstraint(new MaxNorm(2, List.of(0, 1, 2))).recurrentConstraint(unit)
                        .biasConstraint(nonNeg),
                PReLU.of().alphaConstraint(nonNeg), PReLU.of().sharedAxes(1).alphaConstraint(max),
                MultiHeadAttention.of(2, 3).kernelConstraint(new MaxNorm(2, List.of(0, 1))).biasConstraint(nonNeg));
    }

    /**
     * A layer's constraints are written only when set: a file without them is the file written before they existed
     * (which older readers still read, so the format version stays 10), and absent ones read back as null.
     */
    @Test
    void constraintsAreWrittenOnlyWhenSetAndReadAsNullWhenAbsent() throws Exception {
        String plain = ConfigJson.write(holding(Dense.of(2)));
        assertTrue(!plain.contains("constraint"), plain);
        String constrained = ConfigJson.write(holding(Dense.of(2).kernelConstraint(new MaxNorm(3, 0))));
        assertTrue(constrained.contains("\"kernel_constraint\":{\"type\":\"max_norm\",\"max_value\":3.0,"
                + "\"axis\":[0]}"), constrained);
        assertTrue(!constrained.contains("bias_constraint"), constrained);
        for (Layer layer : constrainedLayers()) {
            ModelDocument unconstrained = holding(withoutConstraints(layer));
            String json = ConfigJson.write(unconstrained);
            assertTrue(!json.contains("_constraint"), json);
            assertEquals(unconstrained.model().layers(), ConfigJson.read(java.nio.file.Path.of("memory"), json)
                    .model().layers());
        }
        String bad = constrained.replace("\"max_value\":3.0", "\"max_value\":-3.0");
        ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> ConfigJson.read(java.nio.file.Path.of("memory"), bad));
        assertTrue(e.getMessage().contains("MaxNorm: maxValue must be finite and >= 0, got -3.0"), e.getMessage());
    }

    /** The layer with every constraint removed, through its own withers. */
    private static Layer withoutConstraints(Layer layer) throws ReflectiveOperationException {
        Layer out = layer;
        for (String field : List.of("kernelConstraint", "biasConstraint", "recurrentConstraint", "betaConstraint",
                "gammaConstraint", "embeddingsConstraint", "depthwiseConstraint", "pointwiseConstraint",
                "alphaConstraint")) {
            try {
                out = (Layer) out.getClass().getMethod(field, Constraint.class).invoke(out, (Object) null);
            } catch (NoSuchMethodException absent) {
                // this layer has no such weight
            }
        }
        return out;
    }

    /** The loss of a model with outputs a: [2] and b: [3] (sparse labels). */
    private static final MultiOutputLoss MULTI_LOSS = new MultiOutputLoss(
            new PackedColumns(List.of("a", "b"), List.of(List.of(2), List.of(3))),
            new PackedColumns(List.of("a", "b"), List.of(List.of(2), List.of())),
            List.of(new MeanSquaredError(), new SparseCategoricalCrossEntropy(true)), List.of(0.5, 2.0));

    /** A loss of outputs a: [2] and b: [3] (one-hot labels), whose cross-entropies smooth their labels or not. */
    private static final MultiOutputLoss SMOOTHED_MULTI_LOSS = new MultiOutputLoss(
            new PackedColumns(List.of("a", "b"), List.of(List.of(2), List.of(3))),
            new PackedColumns(List.of("a", "b"), List.of(List.of(2), List.of(3))),
            List.of(new BinaryCrossEntropy(true), new CategoricalCrossEntropy(false, 0.2)), List.of(0.5, 2.0));

    /**
     * The cross-entropies' label smoothing is written only when set: a file without it is the file written before
     * the option existed (which older readers still read), and it is read back as 0 wherever a loss is held.
     */
    @Test
    void labelSmoothingIsWrittenOnlyWhenSetAndReadAsZeroWhenAbsent() throws Exception {
        String plain = ConfigJson.write(holding(new CategoricalCrossEntropy(true)));
        assertTrue(plain.contains("\"loss\":{\"type\":\"categorical_crossentropy\",\"from_logits\":true}"), plain);
        String metric = ConfigJson.write(holding(new LossMetric(new BinaryCrossEntropy(false))));
        assertTrue(metric.contains("{\"type\":\"loss_metric\",\"loss\":{\"type\":\"binary_crossentropy\","
                + "\"from_logits\":false}}"), metric);
        String multi = ConfigJson.write(holding(SMOOTHED_MULTI_LOSS));
        assertTrue(multi.contains("{\"type\":\"binary_crossentropy\",\"from_logits\":true},{\"type\":"
                + "\"categorical_crossentropy\",\"from_logits\":false,\"label_smoothing\":0.2}"), multi);
        String smoothed = ConfigJson.write(holding(new BinaryCrossEntropy(true, 0.3)));
        assertTrue(smoothed.contains("{\"type\":\"binary_crossentropy\",\"from_logits\":true,"
                + "\"label_smoothing\":0.3}"), smoothed);
        for (String json : List.of(plain, metric, multi, smoothed)) {
            assertEquals(json, ConfigJson.write(ConfigJson.read(java.nio.file.Path.of("memory"), json)));
        }
        assertEquals(new BinaryCrossEntropy(true, 0.3), ConfigJson.read(java.nio.file.Path.of("memory"), smoothed)
                .compilation().loss());
        // an explicit 0 reads as the default too; a value out of range is the constructor's error
        String zero = plain.replace("\"from_logits\":true}", "\"from_logits\":true,\"label_smoothing\":0}");
        assertEquals(new CategoricalCrossEntropy(true), ConfigJson.read(java.nio.file.Path.of("memory"), zero)
                .compilation().loss());
        String bad = plain.replace("\"from_logits\":true}", "\"from_logits\":true,\"label_smoothing\":2}");
        ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                () -> ConfigJson.read(java.nio.file.Path.of("memory"), bad));
        assertTrue(e.getMessage().contains("CategoricalCrossEntropy: labelSmoothing must be in [0, 1], got 2.0"),
                e.getMessage());
    }

    /** A document holding {@code value} where its kind goes. */
    private static ModelDocument holding(Object value) {
        Layer layer = Dense.of(2);
        Compilation compilation = new Compilation(Adam.defaults(), new MeanSquaredError(), List.of());
        if (value instanceof Layer l) {
            layer = l;
        } else if (value instanceof Activation a) {
            layer = ActivationLayer.of(a);
        } else if (value instanceof Initializer i) {
            layer = Dense.of(2).biasInitializer(i);
        } else if (value instanceof Regularizer r) {
            layer = Dense.of(2).biasRegularizer(r);
        } else if (value instanceof Constraint c) {
            layer = Dense.of(2).kernelConstraint(c);
        } else if (value instanceof Loss loss) {
            compilation = new Compilation(Adam.defaults(), loss, List.of());
        } else if (value instanceof Metric m) {
            compilation = new Compilation(Adam.defaults(), new MeanSquaredError(), List.of(m));
        } else if (value instanceof Optimizer o) {
            compilation = new Compilation(o, new MeanSquaredError(), List.of());
        } else if (value instanceof Schedule s) {
            compilation = new Compilation(new Sgd(s), new MeanSquaredError(), List.of());
        }
        return new ModelDocument(ModelFiles.FORMAT, ModelFiles.FORMAT_VERSION, new ModelDocument.ModelConfig(
                ModelDocument.SEQUENTIAL, new int[] {3}, DType.FLOAT64, 5, List.of(layer), null, null), compilation, 9,
                new FitProgress(2, 3));
    }

    @Test
    void everyRegisteredRecordSurvivesJsonUnchanged() throws Exception {
        List<Object> samples = samples();
        assertTrue(samples.size() >= 50, "samples: " + samples.size());
        for (Object value : samples) {
            ModelDocument written = holding(value);
            String json = ConfigJson.write(written);
            ModelDocument read = ConfigJson.read(java.nio.file.Path.of("memory"), json);
            assertEquals(written.model().layers(), read.model().layers(), json);
            assertEquals(written.compilation(), read.compilation(), json);
            assertEquals(written.fit(), read.fit());
            assertEquals(written.step(), read.step());
            assertEquals(json, ConfigJson.write(read), "writing is deterministic");
        }
    }

    /**
     * A null type name (a {@code "type": null} or none in a file) names no class, for every kind, with or without
     * the user's registrations, rather than failing in the registries' maps with a NullPointerException; the
     * readers report it as an unknown type at its place (ModelFilesBadFileTest).
     */
    @Test
    void aNullTypeNameNamesNoClass() {
        CustomTypes.register(Layer.class, "scale", CustomTypesTest.Scale.class); // a kind with a user's registry
        for (Class<?> kind : ConfigTypes.kinds()) {
            assertEquals(java.util.Optional.empty(), ConfigTypes.classOf(kind, null), kind.getName());
        }
        assertEquals(java.util.Optional.of(CustomTypesTest.Scale.class), ConfigTypes.classOf(Layer.class, "scale"));
        assertEquals(java.util.Optional.of(Dense.class), ConfigTypes.classOf(Layer.class, "dense"));
    }

    @Test
    void registeredNamesAreTheComponentsOwnNames() throws Exception {
        for (Object value : samples()) {
            Class<?> kind = ConfigTypes.kindOf(value.getClass()).orElseThrow();
            String registered = ConfigTypes.nameOf(kind, value.getClass()).orElseThrow();
            String own = value instanceof Frozen ? "frozen" // its kind is the layer's it freezes (names kept)
                    : value instanceof Layer l ? l.kind()
                    : value instanceof Activation a ? a.name()
                    : value instanceof Initializer i ? i.name()
                    : value instanceof Regularizer r ? r.name()
                    : value instanceof Constraint c ? c.name()
                    : value instanceof Loss loss ? loss.name()
                    : value instanceof LossMetric ? "loss_metric" // named after the loss it reports
                    : value instanceof Auc ? "auc" // one type, named after its curve
                    : value instanceof OutputMetric ? "output_metric" // named after its output and metric
                    : value instanceof dev.adjoint.nn.model.OutputCountingMetric ? "output_counting_metric"
                    : value instanceof NamedMetric ? "named_metric" // named by the user
                    : value instanceof dev.adjoint.nn.metric.NamedCountingMetric ? "named_counting_metric"
                    : value instanceof GradientClipping ? "gradient_clipping" // named after the optimizer it wraps
                    : value instanceof GradientAccumulation ? "gradient_accumulation"
                    : value instanceof Metric m ? m.name()
                    : value instanceof Optimizer o ? o.name().toLowerCase(Locale.ROOT)
                    : registered; // schedules have no name of their own
            assertEquals(own, registered, value.toString());
        }
    }

    /** The schedules Keras has are written with Keras's argument names, snake_case, and read back equal. */
    @Test
    void kerasSchedulesAreWrittenWithKerasArgumentNames() throws Exception {
        List<Schedule> schedules = List.of(Schedule.piecewiseConstantDecay(List.of(10, 20), List.of(0.1, 0.05, 0.01)),
                Schedule.polynomialDecay(0.1, 100, 0.002, 2.0, true), Schedule.inverseTimeDecay(0.1, 10, 0.5, true),
                Schedule.cosineDecayRestarts(0.1, 20, 1.5, 0.8, 0.05));
        List<String> written = List.of(
                "{\"type\":\"piecewise_constant_decay\",\"boundaries\":[10.0,20.0],\"values\":[0.1,0.05,0.01]}",
                "{\"type\":\"polynomial_decay\",\"initial\":0.1,\"decay_steps\":100,\"end_learning_rate\":0.002,"
                        + "\"power\":2.0,\"cycle\":true}",
                "{\"type\":\"inverse_time_decay\",\"initial\":0.1,\"decay_steps\":10,\"decay_rate\":0.5,"
                        + "\"staircase\":true}",
                "{\"type\":\"cosine_decay_restarts\",\"initial\":0.1,\"first_decay_steps\":20,\"t_mul\":1.5,"
                        + "\"m_mul\":0.8,\"alpha\":0.05}");
        for (int i = 0; i < schedules.size(); i++) {
            String json = ConfigJson.write(holding(schedules.get(i)));
            assertTrue(json.contains(written.get(i)), written.get(i) + " in " + json);
            ModelDocument read = ConfigJson.read(java.nio.file.Path.of("memory"), json);
            assertEquals(new Sgd(schedules.get(i)), read.compilation().optimizer());
        }
    }

    @Test
    void everyComponentTheLibraryNamesIsRegistered() {
        check(Activation.class, Activations.names(), n -> Activations.byName(n).getClass());
        check(Initializer.class, Initializers.names(), n -> Initializers.byName(n).getClass());
        check(Loss.class, Losses.names(), n -> Losses.byName(n).getClass());
        check(Metric.class, Metrics.names(), n -> Metrics.byName(n).getClass());
        check(Constraint.class, Constraints.names(), n -> Constraints.byName(n).getClass());
        assertEquals(List.of(Layer.class, Activation.class, Initializer.class, Regularizer.class, Constraint.class,
                Loss.class, Metric.class, Optimizer.class, Schedule.class), ConfigTypes.kinds());
    }

    private static void check(Class<?> kind, List<String> names, Function<String, Class<?>> byName) {
        for (String name : names) {
            Class<?> type = byName.apply(name);
            assertTrue(ConfigTypes.nameOf(kind, type).isPresent(), name + " (" + type.getName() + ") is registered");
        }
    }
}
