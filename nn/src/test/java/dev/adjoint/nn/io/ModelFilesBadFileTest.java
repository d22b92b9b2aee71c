package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.io.SafeTensorsException;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are valid safetensors (digest included) but bad model files: each is rejected with a
 * ModelFileException naming the file, the entry and what was expected, by {@code load} and by
 * {@code loadInto}, and nothing valid changes: the model {@code loadInto} was given keeps its state value,
 * the valid file keeps its bytes, and no temporary file is left.
 */
class ModelFilesBadFileTest {

    @TempDir
    Path dir;

    private NamedTensors valid;
    private String json;
    private byte[] validBytes;
    private final Sequential target = Models.classifier(1);
    private final ModelState targetState = target.state();

    @BeforeEach
    void saveValidModel() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        ModelFiles.save(Models.classifier(1), file);
        valid = SafeTensors.read(file);
        json = valid.metadata().get(ModelFiles.METADATA_KEY);
        validBytes = Files.readAllBytes(file);
    }

    @AfterEach
    void nothingValidChanged() throws IOException {
        assertSame(targetState, target.state(), "the model loadInto was given keeps its state");
        assertArrayEquals(validBytes, Files.readAllBytes(dir.resolve("valid.safetensors")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    /** A file with the valid model's tensors and metadata, edited. */
    private Path edited(UnaryOperator<String> config, Consumer<Map<String, Tensor>> tensors) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>(valid.tensors());
        tensors.accept(t);
        Path file = dir.resolve("edited.safetensors");
        SafeTensors.write(file, t, Map.of(ModelFiles.METADATA_KEY, config.apply(json)));
        return file;
    }

    private Path editedConfig(String from, String to) throws IOException {
        assertTrue(json.contains(from), "the fixture holds " + from + ": " + json);
        return edited(s -> s.replace(from, to), t -> { });
    }

    /** Rejected by {@code load} with the message parts, and by {@code loadInto} the classifier. */
    private ModelFileException rejected(Path file, String... parts) {
        ModelFileException e = loadRejects(file, parts);
        assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(file, target));
        return e;
    }

    private static ModelFileException loadRejects(Path file, String... parts) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), "names the file: " + e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void aDamagedFileIsAModelFileExceptionCausedByTheSafetensorsProblem() throws IOException {
        Path file = Files.write(dir.resolve("damaged.safetensors"), java.util.Arrays.copyOf(validBytes,
                validBytes.length - 3));
        ModelFileException e = rejected(file, "entry 'optimizer/dense_1/bias/v': data_offsets must lie in the data"
                + " region", "(is the file truncated?)");
        assertInstanceOf(SafeTensorsException.class, e.getCause());
    }

    @Test
    void bareTensorsAreNotAModel() throws IOException {
        Path file = dir.resolve("bare.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.vector(1, 2)), Map.of("note", "x"));
        rejected(file, "metadata: not an Adjoint model file, expected metadata key 'adjoint.model', got keys [note]");
    }

    @Test
    void anotherFormatVersionIsRejected() throws IOException {
        rejected(editedConfig("\"format_version\":10", "\"format_version\":11"),
                "format_version: unsupported format version, expected 1 to 10, got 11 (written by a newer release)");
        rejected(editedConfig("\"format_version\":10", "\"format_version\":0"),
                "format_version: unsupported format version, expected 1 to 10, got 0");
        rejected(editedConfig("\"format_version\":10", "\"format_version\":\"10\""),
                "unsupported format version, expected 1 to 10, got \"10\"");
        rejected(editedConfig("\"format\":\"adjoint.model\"", "\"format\":\"keras\""),
                "format: not an Adjoint model configuration, expected \"adjoint.model\", got \"keras\"");
    }

    @Test
    void aConfigurationThatIsNotAJsonObjectIsReportedOnceNotWrappedAsUnreadable() throws IOException {
        for (String config : List.of("[1,2]", "\"model\"", "")) {
            Path file = edited(s -> config, t -> { });
            ModelFileException e = rejected(file);
            String got = config.isEmpty() ? "nothing" : config.startsWith("[") ? "ARRAY" : "STRING";
            assertEquals(file + ": metadata 'adjoint.model': the model configuration must be a JSON object, got "
                    + got, e.getMessage());
            assertEquals("metadata 'adjoint.model'", e.where());
            assertNull(e.getCause(), "the rule is the problem, not a failed read");
        }
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheEntryAndTheKnownTypes() throws IOException {
        rejected(editedConfig("{\"type\":\"dense\"", "{\"type\":\"conv9d\""),
                "model.layers[0]: unknown layer type, expected one of [activation, additive_attention, attention,"
                        + " average_pooling1d,",
                "batch_normalization, bidirectional, category_encoding, conv1d, conv1d_transpose, conv2d,",
                "dense, depthwise_conv1d, depthwise_conv2d,", "got 'conv9d'");
        rejected(editedConfig("{\"type\":\"tanh\"}", "{\"type\":\"swish\"}"),
                "model.layers[0].activation: unknown activation type", "got 'swish'");
        rejected(editedConfig("{\"type\":\"adam\"", "{\"type\":\"java.lang.Runtime\""),
                "compilation.optimizer: unknown optimizer type", "got 'java.lang.Runtime'");
    }

    /**
     * An unknown type of every kind the file describes says how a custom one is registered (the reviewer's
     * finding: "unknown regularizer type ..., got 'kl'" did not say that a custom regularizer needs registering).
     */
    @Test
    void anUnknownTypeSaysHowToRegisterACustomOneOfItsKind() throws IOException {
        Map<String, String[]> edits = new LinkedHashMap<>();
        edits.put("regularizer", new String[] {"{\"type\":\"l2\"", "{\"type\":\"kl\"", "Regularizer", "kl"});
        edits.put("layer", new String[] {"{\"type\":\"dropout\"", "{\"type\":\"drop\"", "Layer", "drop"});
        edits.put("activation", new String[] {"{\"type\":\"tanh\"}", "{\"type\":\"swish\"}", "Activation",
            "swish"});
        edits.put("loss", new String[] {"{\"type\":\"sparse_categorical_crossentropy\"",
            "{\"type\":\"focal\"", "Loss", "focal"});
        edits.put("metric", new String[] {"{\"type\":\"sparse_categorical_accuracy\"", "{\"type\":\"mcc\"",
            "Metric", "mcc"});
        edits.put("optimizer", new String[] {"{\"type\":\"adam\"", "{\"type\":\"lion\"", "Optimizer", "lion"});
        for (Map.Entry<String, String[]> e : edits.entrySet()) {
            String[] edit = e.getValue();
            rejected(editedConfig(edit[0], edit[1]), ": unknown " + e.getKey() + " type, expected one of ",
                    ", got '" + edit[3] + "'; a custom " + e.getKey() + " must be registered before the file is"
                            + " loaded: CustomTypes.register(" + edit[2] + ".class, \"" + edit[3]
                            + "\", TheRecord.class)");
        }
        rejected(editedConfig("{\"type\":\"l2\"", "{\"type\":\"kl\""), "unknown regularizer type, expected one"
                + " of [l1, l1_l2, l2], got 'kl'; a custom regularizer must be registered before the file is loaded:"
                + " CustomTypes.register(Regularizer.class, \"kl\", TheRecord.class)");
    }

    /**
     * A layer without a {@code "type"}, or with one that is not a string, in a file of any version (the older ones
     * are upgraded first, looking up the fields each layer type gained by its type) is named as such, not a
     * NullPointerException of the upgrade.
     */
    @Test
    void aLayerWithoutATypeIsRejectedNamingTheFieldInAFileOfAnyVersion() throws IOException {
        for (int version : List.of(10, 9, 5, 3)) {
            String old = json.replace("\"format_version\":10", "\"format_version\":" + version);
            // the field left out, a number (read as its text, as Jackson reads a type id) and null (read as absent)
            Map<String, String> got = Map.of("", "no \"type\"", "\"type\":7,", "'7'", "\"type\":null,",
                    "no \"type\"");
            for (Map.Entry<String, String> type : got.entrySet()) {
                Path file = edited(s -> old.replace("{\"type\":\"dense\",", "{" + type.getKey()), t -> { });
                ModelFileException e = rejected(file);
                assertEquals(file + ": model.layers[0]: unknown layer type, expected one of "
                        + ConfigTypes.names(dev.adjoint.nn.layer.Layer.class) + ", got " + type.getValue(),
                        e.getMessage(), "version " + version + ", " + type.getKey()); // '7' is no registrable name
            }
        }
    }

    @Test
    void unknownMissingAndMistypedFieldsAreRejected() throws IOException {
        rejected(editedConfig("\"units\":8", "\"units\":8,\"unitz\":8"), "model.layers[0].unitz",
                "unknown field, expected one of [", "got 'unitz'");
        rejected(editedConfig("\"units\":8,", ""), "model.layers[0].units: missing field");
        rejected(editedConfig("\"units\":8", "\"units\":\"8\""), "model.layers[0].units: Cannot coerce String");
        rejected(editedConfig("\"units\":8", "\"units\":8.5"), "model.layers[0].units: Cannot coerce Floating-point");
        rejected(editedConfig("\"units\":8", "\"units\":8,\"units\":9"), "must be valid JSON without duplicate keys",
                "Duplicate field 'units'");
    }

    /** A number or a boolean where the configuration holds a string is refused, not read as its text. */
    @Test
    void aNonStringWhereAStringBelongsIsRefusedNamingTheJsonType() throws IOException {
        Path number = editedConfig("\"rate\":0.1,\"name\":null", "\"rate\":0.1,\"name\":1");
        assertEquals(number + ": model.layers[1].name: expected a JSON string, got the JSON number 1",
                rejected(number).getMessage());
        rejected(editedConfig("\"rate\":0.1,\"name\":null", "\"rate\":0.1,\"name\":-2.5"),
                "model.layers[1].name: expected a JSON string, got the JSON number -2.5");
        rejected(editedConfig("\"rate\":0.1,\"name\":null", "\"rate\":0.1,\"name\":true"),
                "model.layers[1].name: expected a JSON string, got the JSON boolean true");
        rejected(editedConfig("\"outputs\":null", "\"outputs\":[1,-1]"),
                "model.outputs[0]: expected a JSON string, got the JSON number 1");
    }

    /** Named inputs and outputs do not belong to a sequential model: refused, not ignored. */
    @Test
    void fieldsOfAnotherModelKindAreRefused() throws IOException {
        Path outputs = editedConfig("\"outputs\":null", "\"outputs\":[\"a\",\"b\"]");
        assertEquals(outputs + ": model.outputs: a sequential model has one unnamed output, expected null, got [a, b]",
                rejected(outputs).getMessage());
        rejected(editedConfig("\"inputs\":null", "\"inputs\":[{\"name\":\"a\",\"features\":[2],\"dtype\":null}]"),
                "model.inputs: a sequential model has one unnamed input, expected null, got 1 named inputs");
    }

    @Test
    void aNullPartOfTheModelIsNamed() throws IOException {
        rejected(editedConfig("\"dtype\":\"FLOAT32\"", "\"dtype\":null"), "model.dtype: expected a value (a model"
                + " has type, input_features, dtype and seed), got null");
        rejected(editedConfig("\"input_features\":[2]", "\"input_features\":null"), "model.input_features: expected"
                + " a value");
    }

    @Test
    void aDeeplyNestedConfigurationIsRejectedWithoutExhaustingTheStack() throws IOException {
        String schedule = "{\"type\":\"exponential_decay\",\"initial\":0.02,\"decay_steps\":10,\"decay_rate\":0.9,"
                + "\"staircase\":false}";
        String deep = "{\"type\":\"warmup\",\"after\":".repeat(20_000) + schedule
                + ",\"warmup_steps\":1}".repeat(20_000);
        rejected(editedConfig(schedule, deep), "metadata 'adjoint.model'", "nesting depth");
    }

    @Test
    void valuesTheRecordsRejectAreRejectedWithTheirMessage() throws IOException {
        rejected(editedConfig("\"units\":8", "\"units\":-3"), "model.layers[0]",
                "invalid value: Dense: units must be > 0, got -3");
        rejected(editedConfig("\"beta1\":0.9", "\"beta1\":1.5"), "compilation.optimizer",
                "Adam: beta1 must be in [0, 1), got 1.5");
        rejected(editedConfig("\"input_features\":[2]", "\"input_features\":[-4]"), "model.input_features");
    }

    @Test
    void tensorsThatDoNotFitTheArchitectureAreRejected() throws IOException {
        rejected(edited(s -> s, t -> t.remove("params/dense/bias")),
                "tensor 'params/dense/bias': missing, expected f32[8], got no such tensor");
        rejected(edited(s -> s, t -> t.put("params/dense/bias", Tensor.zeros(Shape.of(9)).cast(
                dev.adjoint.core.tensor.DType.FLOAT32))), "tensor 'params/dense/bias': wrong type, expected f32[8],"
                + " got f32[9]");
        rejected(edited(s -> s, t -> t.put("params/dense/bias", Tensor.zeros(Shape.of(8)))),
                "wrong type, expected f32[8], got f64[8]");
        rejected(edited(s -> s, t -> t.remove("optimizer/dense_1/bias/v")),
                "tensor 'optimizer/dense_1/bias/v': missing");
        rejected(edited(s -> s, t -> t.put("params/extra/w", Tensor.vector(1))),
                "tensor 'params/extra/w': unexpected tensor");
        // the tensors fit the classifier loadInto is given, but the file's layers are not the classifier's
        Path wider = editedConfig("\"units\":3", "\"units\":4");
        loadRejects(wider, "tensor 'params/dense_1/kernel': wrong type, expected f32[8, 4], got f32[8, 3]");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(wider, target));
        assertTrue(e.getMessage().endsWith(": model.layers[3].units: the target model must have the file's layers,"
                + " expected layer 3 (dense) with units 4 as in the file, got 3"), e.getMessage());
        rejected(editedConfig("\"step\":0", "\"step\":-1"), "step: the step must be in [0, 2^53], got -1");
    }

    @Test
    void aStepBeyondTheCountersRangeIsRejectedWhenLoadedNotInFit() throws IOException {
        rejected(editedConfig("\"step\":0", "\"step\":" + Long.MAX_VALUE),
                "step: the step must be in [0, 2^53], got 9223372036854775807");
        rejected(editedConfig("\"step\":0", "\"step\":" + (ModelState.MAX_STEP + 1)), "got 9007199254740993");
    }

    @Test
    void optimizerSlotsOfTheWrongShapeAreRejectedWhenLoaded() throws IOException {
        rejected(edited(s -> s, t -> t.put("optimizer/dense/bias/m", Tensor.zeros(Shape.of(3)).cast(
                dev.adjoint.core.tensor.DType.FLOAT32))), "tensor 'optimizer/dense/bias/m': wrong type, expected"
                + " f32[8], got f32[3]");
    }
}
