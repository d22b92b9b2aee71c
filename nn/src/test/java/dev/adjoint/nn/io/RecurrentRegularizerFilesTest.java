package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.HardSigmoid;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.layer.conv.ConvLSTM1D;
import dev.adjoint.nn.layer.conv.ConvLSTM2D;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Compilation;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.nn.regularizer.L1L2;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recurrent layers' regularizers in model files (format 10, no new version): a file holds
 * {@code kernel_regularizer}, {@code recurrent_regularizer}, {@code bias_regularizer} and
 * {@code activity_regularizer} only when set, so a layer without them is written as before and a file written
 * before them reads back with none; with them, a saved model loads with the same layers, weights and predictions.
 * ConvLSTM1D and ConvLSTM2D hold {@code activity_regularizer} the same way.
 */
class RecurrentRegularizerFilesTest {

    private static final Path MEMORY = Path.of("memory");

    /** The three layers as version 10 wrote them before the regularizers (the text of commit d6d7896f's writer). */
    private static final String BEFORE = "[{\"type\":\"lstm\",\"units\":3,\"activation\":{\"type\":\"tanh\"},"
            + "\"recurrent_activation\":{\"type\":\"sigmoid\"},\"use_bias\":true,\"unit_forget_bias\":true,"
            + "\"kernel_initializer\":{\"type\":\"glorot_uniform\"},\"recurrent_initializer\":{\"type\":\"orthogonal\","
            + "\"gain\":1.0},\"bias_initializer\":{\"type\":\"zeros\"},\"dropout\":0.0,\"recurrent_dropout\":0.0,"
            + "\"return_sequences\":false,\"return_state\":false,\"go_backwards\":false,\"name\":\"l\"},"
            + "{\"type\":\"gru\",\"units\":2,\"activation\":{\"type\":\"tanh\"},\"recurrent_activation\":"
            + "{\"type\":\"sigmoid\"},\"use_bias\":true,\"reset_after\":true,\"kernel_initializer\":"
            + "{\"type\":\"glorot_uniform\"},\"recurrent_initializer\":{\"type\":\"orthogonal\",\"gain\":1.0},"
            + "\"bias_initializer\":{\"type\":\"zeros\"},\"dropout\":0.0,\"recurrent_dropout\":0.0,"
            + "\"return_sequences\":false,\"return_state\":false,\"go_backwards\":false,\"name\":\"g\"},"
            + "{\"type\":\"simple_rnn\",\"units\":2,\"activation\":{\"type\":\"tanh\"},\"use_bias\":true,"
            + "\"kernel_initializer\":{\"type\":\"glorot_uniform\"},\"recurrent_initializer\":{\"type\":\"orthogonal\","
            + "\"gain\":1.0},\"bias_initializer\":{\"type\":\"zeros\"},\"dropout\":0.0,\"recurrent_dropout\":0.0,"
            + "\"return_sequences\":false,\"return_state\":false,\"go_backwards\":false,\"name\":\"s\"}]";

    /** ConvLSTM1D and ConvLSTM2D as version 10 wrote them before their activity regularizer (commit 6b2a1c81). */
    private static final String CONV_BEFORE = "[{\"type\":\"conv_lstm1d\",\"filters\":2,"
            + "\"kernel_size\":[3],\"strides\":[1],\"padding\":\"valid\",\"data_format\":\"channels_last\","
            + "\"dilation_rate\":[1],\"activation\":{\"type\":\"tanh\"},"
            + "\"recurrent_activation\":{\"type\":\"sigmoid\"},\"use_bias\":true,"
            + "\"kernel_initializer\":{\"type\":\"glorot_uniform\"},"
            + "\"recurrent_initializer\":{\"type\":\"orthogonal\",\"gain\":1.0},"
            + "\"bias_initializer\":{\"type\":\"zeros\"},\"unit_forget_bias\":true,\"kernel_regularizer\":null,"
            + "\"recurrent_regularizer\":null,\"bias_regularizer\":null,\"dropout\":0.0,\"recurrent_dropout\":0.0,"
            + "\"return_sequences\":false,\"return_state\":false,\"go_backwards\":false,\"name\":\"c\"},"
            + "{\"type\":\"conv_lstm2d\",\"filters\":2,\"kernel_size\":[3,3],\"strides\":[1,1],"
            + "\"padding\":\"valid\",\"data_format\":\"channels_last\",\"dilation_rate\":[1,1],"
            + "\"activation\":{\"type\":\"tanh\"},\"recurrent_activation\":{\"type\":\"sigmoid\"},"
            + "\"use_bias\":true,\"kernel_initializer\":{\"type\":\"glorot_uniform\"},"
            + "\"recurrent_initializer\":{\"type\":\"orthogonal\",\"gain\":1.0},"
            + "\"bias_initializer\":{\"type\":\"zeros\"},\"unit_forget_bias\":true,\"kernel_regularizer\":null,"
            + "\"recurrent_regularizer\":null,\"bias_regularizer\":null,\"dropout\":0.0,\"recurrent_dropout\":0.0,"
            + "\"return_sequences\":false,\"return_state\":false,\"go_backwards\":false,\"name\":\"d\"}]";

    @TempDir
    Path dir;

    private static ModelDocument holding(Layer... layers) {
        return new ModelDocument(ModelFiles.FORMAT, ModelFiles.FORMAT_VERSION, new ModelDocument.ModelConfig(
                ModelDocument.SEQUENTIAL, new int[] {5, 4}, DType.FLOAT64, 5, List.of(layers), null, null),
                new Compilation(Adam.defaults(), new MeanSquaredError(), List.of()), 9, new FitProgress(2, 3));
    }

    @Test
    void layersWithoutRegularizersAreWrittenAndReadAsBefore() throws Exception {
        List<Layer> plain = List.of(LSTM.of(3).named("l"), GRU.of(2).named("g"), SimpleRNN.of(2).named("s"));
        String json = ConfigJson.write(holding(plain.toArray(Layer[]::new)));
        assertTrue(json.contains("\"layers\":" + BEFORE + ","), json);
        ModelDocument read = ConfigJson.read(MEMORY, json);
        assertEquals(plain, read.model().layers());
        assertEquals(json, ConfigJson.write(read));
    }

    @Test
    void regularizersAreWrittenWhereSetAndReadBack() throws Exception {
        LSTM lstm = LSTM.of(3).kernelRegularizer(new L1(0.5)).activityRegularizer(L2.keras(0.25)).named("l");
        GRU gru = GRU.of(2).recurrentRegularizer(new L1L2(0.1, 0.2)).biasRegularizer(new L2(0.3)).named("g");
        SimpleRNN rnn = SimpleRNN.of(2).biasRegularizer(new L1(0.125)).named("s");
        Bidirectional bi = Bidirectional.of(LSTM.of(1).recurrentRegularizer(new L1(0.75))).named("b");
        String json = ConfigJson.write(holding(lstm, gru, rnn, bi));
        assertTrue(json.contains("\"bias_initializer\":{\"type\":\"zeros\"},\"kernel_regularizer\":{\"type\":\"l1\","
                + "\"l1\":0.5},\"activity_regularizer\":{\"type\":\"l2\",\"l2\":0.5},\"dropout\":0.0"), json);
        assertTrue(json.contains("\"recurrent_regularizer\":{\"type\":\"l1_l2\",\"l1\":0.1,\"l2\":0.2},"
                + "\"bias_regularizer\":{\"type\":\"l2\",\"l2\":0.3},\"dropout\""), json);
        assertTrue(json.contains("\"bias_regularizer\":{\"type\":\"l1\",\"l1\":0.125},\"dropout\""), json);
        assertTrue(json.contains("\"recurrent_regularizer\":{\"type\":\"l1\",\"l1\":0.75},\"dropout\""), json);
        ModelDocument read = ConfigJson.read(MEMORY, json);
        assertEquals(List.of(lstm, gru, rnn, bi), read.model().layers());
        assertEquals(json, ConfigJson.write(read));
    }

    @Test
    void convLstmLayersWithoutAnActivityRegularizerAreWrittenAndReadAsBefore() throws Exception {
        List<Layer> plain = List.of(ConvLSTM1D.of(2, 3).named("c"), ConvLSTM2D.of(2, 3).named("d"));
        String json = ConfigJson.write(holding(plain.toArray(Layer[]::new)));
        assertTrue(json.contains("\"layers\":" + CONV_BEFORE + ","), json);
        ModelDocument read = ConfigJson.read(MEMORY, json);
        assertEquals(plain, read.model().layers());
        assertEquals(json, ConfigJson.write(read));
    }

    @Test
    void convLstmActivityRegularizersAreWrittenWhereSetAndReadBack() throws Exception {
        ConvLSTM1D c = ConvLSTM1D.of(2, 3).activityRegularizer(new L1(0.5)).named("c");
        ConvLSTM2D d = ConvLSTM2D.of(2, 3).activityRegularizer(L2.keras(0.25)).named("d");
        String json = ConfigJson.write(holding(c, d));
        assertTrue(json.contains("\"bias_regularizer\":null,\"activity_regularizer\":{\"type\":\"l1\",\"l1\":0.5},"
                + "\"dropout\":0.0"), json);
        assertTrue(json.contains("\"bias_regularizer\":null,\"activity_regularizer\":{\"type\":\"l2\",\"l2\":0.5},"
                + "\"dropout\":0.0"), json);
        ModelDocument read = ConfigJson.read(MEMORY, json);
        assertEquals(List.of(c, d), read.model().layers());
        assertEquals(json, ConfigJson.write(read));
    }

    /**
     * {@code golden/rnn-v10.safetensors}, written by commit d6d7896f (format 10 before the regularizers) from
     * {@code Sequential(Shape.of(5, 4), FLOAT32, 17)} with {@code LSTM.of(3).returnSequences(true).named("l")},
     * {@code Bidirectional.of(GRU.of(2).returnSequences(true)).named("g")}, {@code SimpleRNN.of(2).named("s")} and
     * {@code Dense.of(1).named("d")}, loads as those layers, without regularizers, and predicts the float bits that
     * commit's model predicted for x = {@code ((37 k + 1) mod 19 - 9) / 10} of shape [3, 5, 4].
     */
    @Test
    void aVersionTenFileOfRecurrentLayersLoadsAsItWasWritten() throws Exception {
        Model loaded = ModelFiles.load(GoldenFiles.resource("rnn-v10.safetensors"));
        assertEquals(List.of(LSTM.of(3).returnSequences(true).named("l"), Bidirectional.of(GRU.of(2)
                .returnSequences(true)).named("g"), SimpleRNN.of(2).named("s"), Dense.of(1).named("d")),
                ((Sequential) loaded).stack());
        double[] x = new double[3 * 5 * 4];
        for (int k = 0; k < x.length; k++) {
            x[k] = ((k * 37 + 1) % 19 - 9) / 10.0;
        }
        Tensor y = loaded.predict(Tensor.of(DType.FLOAT32, Shape.of(3, 5, 4), x));
        assertArrayEquals(new int[] {1054836351, 1023503066, -1115234972}, GoldenFiles.bits(y, 3));
    }

    /** A model of every recurrent layer with every new argument set saves and loads with its predictions. */
    @Test
    void aModelWithRecurrentRegularizersRoundTrips() throws Exception {
        Sequential model = new Sequential(Shape.of(5, 3), DType.FLOAT64, 4);
        model.add(Bidirectional.of(LSTM.of(3).activation(new Relu()).recurrentActivation(new HardSigmoid())
                .unitForgetBias(false).kernelRegularizer(L2.keras(0.01)).recurrentRegularizer(new L1(0.02))
                .biasRegularizer(new L1L2(0.01, 0.03)).activityRegularizer(new L1(0.001)).returnSequences(true)));
        model.add(GRU.of(2).resetAfter(false).useBias(false).kernelRegularizer(new L2(0.05)).returnSequences(true)
                .activityRegularizer(new L2(0.002)));
        model.add(SimpleRNN.of(2).recurrentRegularizer(new L2(0.1)).biasRegularizer(new L1(0.2)));
        model.add(Dense.of(1));
        model.compile(Adam.defaults(), new MeanSquaredError());
        Path file = dir.resolve("rnn.safetensors");
        ModelFiles.save(model, file);
        String config = SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(config.contains("\"format_version\":10,"), config);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        assertEquals(model.weights().keySet(), loaded.weights().keySet());
        Tensor x = Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(4, 5, 3), 0, 1);
        Tensor y = Tensor.normal(Key.of(5), DType.FLOAT64, Shape.of(4, 1), 0, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
        double loss = loaded.evaluate(x, y).get("loss");
        assertEquals(model.evaluate(x, y).get("loss"), loss);
        Tensor prediction = loaded.predict(x);
        double mse = 0;
        for (int i = 0; i < 4; i++) {
            mse += Math.pow(prediction.flat(i) - y.flat(i), 2) / 4;
        }
        assertTrue(loss > mse + 0.01, loss + " holds the loaded layers' penalties beyond the mse " + mse);
    }
}
