package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.constraint.UnitNorm;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.layer.conv.Conv1D;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Compilation;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fields written only when set (constraints, some regularizers) are read as null when absent
 * wherever a layer is held, nested ones included, and everything else of the file reaches the binding unchanged.
 */
class UnsetFieldsTest {

    private static final Path MEMORY = Path.of("memory");

    @TempDir
    Path dir;

    /** A user's wrapper holding layers in a list, with a constraint of its own; registered below. */
    public record Chain(List<Layer> layers, Constraint constraint, String name) implements Layer {
        @Override
        public String kind() {
            return "chain";
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public List<ParamSpec> params(Shape input) {
            return List.of();
        }

        @Override
        public Node apply(Node x, LayerContext context) {
            return x;
        }
    }

    /** A document holding {@code layers} and nothing else of note. */
    private static ModelDocument holding(Layer... layers) {
        return new ModelDocument(ModelFiles.FORMAT, ModelFiles.FORMAT_VERSION, new ModelDocument.ModelConfig(
                ModelDocument.SEQUENTIAL, new int[] {5, 4}, DType.FLOAT64, 5, List.of(layers), null, null),
                new Compilation(Adam.defaults(), new MeanSquaredError(), List.of()), 9, new FitProgress(2, 3));
    }

    /** The configuration JSON a model file holds. */
    private static String config(Path file) throws Exception {
        return SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
    }

    /**
     * A constraint on a layer inside a wrapper (Keras's {@code Bidirectional(LSTM(kernel_constraint=MaxNorm))})
     * is saved inside the wrapper's {@code "layer"} and loaded back, weights and all; the constraints left unset
     * beside it are not written and load as null.
     */
    @Test
    void aConstraintOnANestedLayerRoundTrips() throws Exception {
        Sequential model = new Sequential(Shape.of(5, 4), DType.FLOAT64, 7);
        model.add(TimeDistributed.of(Dense.of(3).biasConstraint(new NonNeg())));
        model.add(Frozen.of(Conv1D.of(2, 2).kernelConstraint(new MaxNorm(2, List.of(0, 1))).named("conv")));
        model.add(Bidirectional.of(LSTM.of(3).kernelConstraint(new MaxNorm(2, 0))));
        model.compile(Adam.defaults(), new MeanSquaredError());
        Path file = dir.resolve("nested.safetensors");
        ModelFiles.save(model, file);
        String json = config(file);
        assertTrue(json.contains("\"type\":\"bidirectional\",\"layer\":{\"type\":\"lstm\""), json);
        assertTrue(json.contains("\"kernel_constraint\":{\"type\":\"max_norm\",\"max_value\":2.0,\"axis\":[0]}"),
                json);
        assertTrue(json.contains("\"bias_constraint\":{\"type\":\"non_neg\"}"), json);
        assertEquals(3, json.split("_constraint\"", -1).length - 1, "only the three set are written: " + json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Models.assertSameModel(model, loaded);
        assertEquals(json, ConfigJson.write(ConfigJson.read(MEMORY, json)), "read and written again unchanged");
    }

    /** Nested layers without constraints read them as null, whatever the order of the objects' fields. */
    @Test
    void aNestedLayerReadsItsAbsentConstraintsAsNullWhereverItsTypeIs() throws Exception {
        ModelDocument document = holding(Bidirectional.of(GRU.of(2).returnSequences(true)),
                TimeDistributed.of(Frozen.of(Dense.of(2).kernelRegularizer(new L2(0.5)))));
        String json = ConfigJson.write(document);
        assertTrue(!json.contains("_constraint") && !json.contains("activity_regularizer"), json);
        assertEquals(document.model().layers(), ConfigJson.read(MEMORY, json).model().layers());
        // every layer object's "type" moved last: the pass reads it ahead, as the binding does
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tree = (ObjectNode) mapper.readTree(json);
        List<ObjectNode> layers = new java.util.ArrayList<>();
        tree.get("model").get("layers").forEach(l -> layers.add((ObjectNode) l));
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).get("layer") instanceof ObjectNode inner) {
                layers.add(inner);
            }
        }
        assertEquals(5, layers.size()); // bidirectional, gru, time_distributed, frozen, dense
        for (ObjectNode layer : layers) {
            layer.set("type", layer.remove("type"));
        }
        String reordered = mapper.writeValueAsString(tree);
        assertTrue(reordered.contains("{\"layer\":{\"units\":2,"), reordered);
        assertEquals(document.model().layers(), ConfigJson.read(MEMORY, reordered).model().layers());
    }

    /**
     * The pass adds {@code "field":null} before the closing brace of each layer lacking one, in the order of the
     * record's components, and copies every other character of the file as it is (numbers spelled as the file spells
     * them, spaces kept); a document lacking none is returned as it is.
     */
    @Test
    void theInsertionsAreTheOnlyChange() throws Exception {
        String written = ConfigJson.write(holding(Dense.of(2).named("d"), Bidirectional.of(LSTM.of(1))));
        String json = written.replace("\"seed\":5", "\"seed\" :  5").replace("\"step\":9", "\"step\":9 ")
                .replace("\"learning_rate\":0.001", "\"learning_rate\":1.000000000000000000001E-3");
        assertTrue(!json.equals(written), "the edits apply");
        String filled = UnsetFields.fill(json, new com.fasterxml.jackson.core.JsonFactory());
        String dense = ",\"activity_regularizer\":null,\"kernel_constraint\":null,\"bias_constraint\":null";
        String lstm = ",\"kernel_regularizer\":null,\"recurrent_regularizer\":null,\"bias_regularizer\":null,"
                + "\"activity_regularizer\":null,\"kernel_constraint\":null,\"recurrent_constraint\":null,"
                + "\"bias_constraint\":null";
        assertTrue(filled.contains("\"name\":\"d\"" + dense + "}"), filled);
        assertTrue(filled.contains("\"go_backwards\":false,\"name\":null" + lstm + "}"), filled);
        assertEquals(json, filled.replace(dense, "").replace(lstm, ""));
        assertEquals(holding(Dense.of(2).named("d"), Bidirectional.of(LSTM.of(1))).model().layers(),
                ConfigJson.read(MEMORY, json).model().layers());
        String none = ConfigJson.write(holding(Dense.of(2).kernelConstraint(new NonNeg()).biasConstraint(new NonNeg())
                .activityRegularizer(new L2(0.1))));
        assertSame(none, UnsetFields.fill(none, new com.fasterxml.jackson.core.JsonFactory()));
    }

    /**
     * PReLU's {@code alpha_regularizer} and MultiHeadAttention's {@code kernel_regularizer} and
     * {@code bias_regularizer} are written only when set, as Dense's {@code activity_regularizer}: the layers' JSON
     * without them is what it was before they existed, and they read back as null when absent.
     */
    @Test
    void theLaterRegularizersAreWrittenOnlyWhenSet() throws Exception {
        PReLU prelu = PReLU.of().sharedAxes(1).named("p");
        MultiHeadAttention mha = MultiHeadAttention.of(2, 3).named("mha");
        String plain = ConfigJson.write(holding(prelu, mha));
        assertTrue(plain.contains("{\"type\":\"p_re_lu\",\"alpha_initializer\":{\"type\":\"zeros\"},"
                + "\"shared_axes\":[1],\"name\":\"p\"}"), plain);
        assertTrue(plain.contains("\"kernel_initializer\":{\"type\":\"glorot_uniform\"},\"bias_initializer\":"
                + "{\"type\":\"zeros\"},\"name\":\"mha\"}"), plain);
        assertEquals(List.of(prelu, mha), ConfigJson.read(MEMORY, plain).model().layers());
        PReLU penalized = prelu.alphaRegularizer(new L2(0.5));
        MultiHeadAttention both = mha.kernelRegularizer(new L2(0.25)).biasRegularizer(new L1(0.125));
        String set = ConfigJson.write(holding(penalized, both, mha.biasRegularizer(new L1(0.5))));
        assertTrue(set.contains("\"shared_axes\":[1],\"alpha_regularizer\":{\"type\":\"l2\",\"l2\":0.5},"), set);
        assertTrue(set.contains("\"kernel_regularizer\":{\"type\":\"l2\",\"l2\":0.25},\"bias_regularizer\":"
                + "{\"type\":\"l1\",\"l1\":0.125},\"name\":\"mha\"}"), set);
        assertTrue(set.contains("{\"type\":\"zeros\"},\"bias_regularizer\":{\"type\":\"l1\",\"l1\":0.5},"
                + "\"name\":\"mha\"}"), set);
        assertEquals(List.of(penalized, both, mha.biasRegularizer(new L1(0.5))),
                ConfigJson.read(MEMORY, set).model().layers());
        assertEquals(set, ConfigJson.write(ConfigJson.read(MEMORY, set)));
    }

    /** A malformed nested layer is still reported by the binding, naming its place in the file. */
    @Test
    void errorsInANestedLayerNameItsPlace() throws Exception {
        String json = ConfigJson.write(holding(Bidirectional.of(LSTM.of(3))));
        ModelFileException missing = assertThrows(ModelFileException.class,
                () -> ConfigJson.read(MEMORY, json.replace("\"units\":3,", "")));
        assertEquals("memory: model.layers[0].layer.units: missing field, expected it to be present, got nothing",
                missing.getMessage());
        ModelFileException bad = assertThrows(ModelFileException.class, () -> ConfigJson.read(MEMORY,
                json.replace("\"go_backwards\":false", "\"go_backwards\":false,\"kernel_constraint\":"
                        + "{\"type\":\"max_norm\",\"max_value\":-1.0,\"axis\":[0]}")));
        assertTrue(bad.getMessage().startsWith("memory: model.layers[0].layer.kernel_constraint: invalid value:"
                + " MaxNorm: maxValue must be finite and >= 0, got -1.0"), bad.getMessage());
    }

    /**
     * A registered record of the user's is walked by its own components: its constraint and those of the layers in
     * its list are written only when set and read as null when absent.
     */
    @Test
    void aUsersRecordIsWalkedByItsComponents() throws Exception {
        CustomTypes.register(Layer.class, "test_chain", Chain.class);
        Chain plain = new Chain(List.of(Dense.of(2), Bidirectional.of(LSTM.of(1))), null, "plain");
        Chain set = new Chain(List.of(Dense.of(2).kernelConstraint(new UnitNorm(0))), new NonNeg(), "set");
        String json = ConfigJson.write(holding(plain, set));
        assertEquals(2, json.split("_constraint\"|\"constraint\"", -1).length - 1, json);
        assertEquals(List.of(plain, set), ConfigJson.read(MEMORY, json).model().layers());
        assertEquals(json, ConfigJson.write(ConfigJson.read(MEMORY, json)));
    }

    /**
     * A hostile file nests 30 layers, each with its {@code "type"} last, around a 2 MB value: the binding buffered
     * every level's tokens until it met the type (a reviewer's 20 MB file at depth 40 ran out of a 2 GB heap after
     * 50 s), so the pass writes each moved {@code "type"} first. The file is refused as it was (a missing field,
     * named at its depth), allocating a small multiple of its size: 11 MB for this 2 MB file, where
     * {@code 7d611c55} allocated 224 MB (the 20 MB file is now a ModelFileException in 8 s).
     */
    @Test
    void aDeepFileWithEachTypeLastIsReadWithoutBufferingEveryLevel() throws Exception {
        String json = ConfigJson.write(holding(TimeDistributed.of(Dense.of(3))));
        int at = json.indexOf("{\"type\":\"time_distributed\"");
        int end = json.indexOf("]", at);
        StringBuilder payload = new StringBuilder("[");
        while (payload.length() < 2_000_000) {
            payload.append("1,");
        }
        payload.append("1]");
        StringBuilder nested = new StringBuilder(json.substring(0, at));
        int depth = 30;
        nested.append("{\"layer\":".repeat(depth)).append("{\"units\":3,\"zzz\":").append(payload)
                .append(",\"type\":\"dense\"}").append(",\"type\":\"time_distributed\"}".repeat(depth))
                .append(json.substring(end));
        String hostile = nested.toString();
        String filled = UnsetFields.fill(hostile, new com.fasterxml.jackson.core.JsonFactory());
        assertTrue(filled.contains("{\"type\":\"time_distributed\",\"layer\":".repeat(depth)
                + "{\"type\":\"dense\",\"units\":3,"), filled.substring(0, 400));
        long bytes = dev.adjoint.nn.ThreadCost.allocatedBytes(() -> {
            ModelFileException e = assertThrows(ModelFileException.class, () -> ConfigJson.read(MEMORY, hostile));
            assertTrue(e.getMessage().contains("model.layers[0].layer.layer.layer"), e.getMessage());
        });
        assertTrue(bytes < 40L * hostile.length(), bytes + " bytes allocated reading a file of " + hostile.length()
                + " characters");
    }
}
