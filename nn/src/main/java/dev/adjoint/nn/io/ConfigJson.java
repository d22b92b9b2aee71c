package dev.adjoint.nn.io;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.nn.layer.Layer;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads and writes the {@link ModelDocument} with Jackson: records through their canonical constructors (so
 * every record's own validation runs), interface-typed values as {@code {"type": <registered name>, ...}}
 * through {@link ConfigTypes}, and nothing lenient: duplicate keys, unknown or missing fields, trailing
 * content, strings for numbers and fractions for integers are all errors. The fields a file holds only when set
 * (a layer's constraints, the regularizers layers gained later: {@link UnsetFields}) are written only when not null,
 * and read as null when absent.
 */
final class ConfigJson {

    /** Puts a {@code "type"} property, resolved by the registry, on every registered kind. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonTypeIdResolver(RegistryTypeIdResolver.class)
    private interface Typed {
    }

    /**
     * The cross-entropies' {@code "label_smoothing"}, which they gained in version 9 without a new version: written
     * only when not 0, and read as 0 when absent (the one such field whose absence is not null; the others are
     * {@link UnsetFields}). So every file without smoothing is the file it was before and older readers still read
     * it, while they refuse a file with smoothing as having an unknown field rather than load it without.
     */
    private abstract static class LabelSmoothingOptional {
        @JsonCreator
        LabelSmoothingOptional(@JsonProperty("from_logits") boolean fromLogits, @JsonProperty("label_smoothing")
                @JacksonInject(value = NO_LABEL_SMOOTHING, useInput = OptBoolean.TRUE) double labelSmoothing) {
        }

        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract double labelSmoothing();
    }

    /** The id of the value injected for an absent {@code "label_smoothing"}, 0. */
    private static final String NO_LABEL_SMOOTHING = "adjoint.no_label_smoothing";

    /**
     * Real configurations nest less than ten deep (document, compilation, optimizer, schedule, warm-up's
     * schedule, ...); the bound keeps a hostile file from exhausting the stack of Jackson's recursive binding.
     */
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = mapper();

    private ConfigJson() {
    }

    private static ObjectMapper mapper() {
        JsonMapper.Builder b = JsonMapper.builder(JsonFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                                .maxStringLength((int) SafeTensors.MAX_HEADER_BYTES).build())
                        .build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // a name, a type or an output must be a JSON string: 1 or true is not silently read as "1", "true"
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer,
                        CoercionAction.Fail).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        for (Class<?> kind : ConfigTypes.kinds()) {
            b.addMixIn(kind, Typed.class);
        }
        b.addMixIn(dev.adjoint.nn.loss.BinaryCrossEntropy.class, LabelSmoothingOptional.class);
        b.addMixIn(dev.adjoint.nn.loss.CategoricalCrossEntropy.class, LabelSmoothingOptional.class);
        b.annotationIntrospector(new UnsetFields.Introspector()); // constraints and the like: written when set
        b.injectableValues(new InjectableValues.Std().addValue(NO_LABEL_SMOOTHING, 0.0));
        return b.build();
    }

    /**
     * The JSON of a document.
     *
     * @throws IllegalArgumentException naming the component when one is not registered (a custom layer, a
     *     lambda schedule)
     */
    static String write(ModelDocument document) {
        String json;
        try {
            json = MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String detail = String.valueOf(cause.getMessage());
            detail = detail.startsWith("save: ") ? detail.substring("save: ".length()) : detail; // said once
            throw new IllegalArgumentException("save: the model cannot be described in JSON at "
                    + path(e instanceof JsonMappingException m ? m : null) + ": " + detail, e);
        }
        // The reader's limits, checked on what was written: a file that could not be read is not written.
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            while (p.nextToken() != null) {
                // every token passes the parser's constraints (nesting depth, lengths)
            }
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("save: the model configuration exceeds a limit of the reader, got: "
                    + e.getOriginalMessage() + "; such a file could not be loaded", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("save: the configuration written does not parse: " + e.getMessage(), e);
        }
        return json;
    }

    /**
     * A layer's configuration as a file holds it ({@code {"type": "dense", "units": 8, ...}}), or null when its
     * class is not registered (a custom layer never given to {@link CustomTypes}), which no file can hold.
     */
    static JsonNode layerTree(Layer layer) {
        if (ConfigTypes.nameOf(Layer.class, layer.getClass()).isEmpty()) {
            return null;
        }
        try {
            return MAPPER.readTree(MAPPER.writerFor(Layer.class).writeValueAsString(layer));
        } catch (JsonProcessingException e) {
            return null; // a component inside it (an activation, an initializer) is not registered
        }
    }

    /**
     * The message for a {@code "type"} of kind {@code kind} (layer, loss, regularizer, ...) that names no known
     * type, or for a missing one ({@code typeId} null): the known names, and, for a name, that a custom type is
     * registered before loading, as Keras's {@code register_keras_serializable}.
     */
    static String unknownType(Class<?> kind, String typeId) {
        String known = "unknown " + ConfigTypes.describe(kind) + " type, expected one of " + ConfigTypes.names(kind);
        if (typeId == null) {
            return known + ", got no \"type\"";
        }
        // only a name CustomTypes.register accepts (snake_case) gets the hint: a hostile id must not be suggested
        String hint = kind == Object.class || !typeId.matches("[a-z][a-z0-9_]*") ? ""
                : "; a custom " + ConfigTypes.describe(kind) + " must be registered"
                + " before the file is loaded: CustomTypes.register(" + kind.getSimpleName() + ".class, \"" + typeId
                + "\", TheRecord.class)";
        return known + ", got '" + typeId + "'" + hint;
    }

    /**
     * The document in {@code json}, after checking its format and version. Both passes read the JSON as a
     * stream, through a reader (no tree of the whole document, no copy of its text): a hostile configuration
     * costs memory in proportion to what it binds to, never a tree of everything first.
     *
     * @throws ModelFileException naming the file, the JSON path and what was wrong
     */
    static ModelDocument read(Path file, String json) throws ModelFileException {
        int version = checkFormat(file, json);
        ModelDocument document;
        try {
            String current = version == 1 ? upgradeFromVersion1(json) : json;
            current = version <= 2 ? upgradeFromVersion2(current) : current;
            current = version <= 3 ? upgradeFromVersion3(current) : current;
            current = version <= 4 ? upgradeFromVersion4(current) : current;
            current = version <= 5 ? addLayerFields(current, ADDED_IN_VERSION_6) : current;
            current = version <= 6 ? addLayerFields(current, ADDED_IN_VERSION_7) : current;
            current = version <= 7 ? addLayerFields(current, ADDED_IN_VERSION_8) : current;
            current = version <= 8 ? addLayerFields(current, ADDED_IN_VERSION_9) : current;
            current = version <= 9 ? addLayerFields(current, ADDED_IN_VERSION_10) : current;
            current = UnsetFields.fill(current, MAPPER.getFactory());
            document = MAPPER.readValue(new StringReader(current), ModelDocument.class);
        } catch (InvalidTypeIdException e) {
            Class<?> kind = e.getBaseType() == null ? Object.class : ConfigTypes.kindOf(e.getBaseType()
                    .getRawClass()).orElse(Object.class);
            throw new ModelFileException(file, path(e), unknownType(kind, e.getTypeId()), e);
        } catch (InvalidFormatException e) {
            if (e.getTargetType() != String.class) {
                throw mappingError(file, e);
            }
            Object value = e.getValue();
            throw new ModelFileException(file, path(e), "expected a JSON string, got the JSON "
                    + (value instanceof Boolean ? "boolean " : "number ") + value, e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ModelFileException(file, path(e), "invalid value: " + cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            throw new ModelFileException(file, path(e), "unknown field, expected one of "
                    + e.getKnownPropertyIds() + ", got '" + e.getPropertyName() + "'", e);
        } catch (JsonProcessingException e) {
            throw mappingError(file, e);
        } catch (java.io.IOException e) {
            throw new ModelFileException(file, null, "the configuration must be readable, got: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, null, "invalid configuration: " + e.getMessage(), e);
        }
        checkKind(file, document.model());
        return document;
    }

    /** Jackson's message for {@code e}, at its JSON path, without its hint about enabling coercion. */
    private static ModelFileException mappingError(Path file, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Missing creator property")) {
            message = "missing field, expected it to be present, got nothing";
        }
        int hint = message.indexOf(" (but ");
        return new ModelFileException(file, path(e instanceof JsonMappingException m ? m : null),
                hint > 0 ? message.substring(0, hint) : message, e);
    }

    /**
     * Refuses the fields of a model that its kind does not have, which would otherwise be read and ignored: a
     * sequential model lists its layers and has no named inputs or outputs; a functional model lists no layers.
     * (A file of an unknown kind is refused where it is loaded, naming what is expected.)
     */
    private static void checkKind(Path file, ModelDocument.ModelConfig model) throws ModelFileException {
        if (model == null) {
            return; // refused by ModelFiles, naming the missing part
        }
        if (ModelDocument.SEQUENTIAL.equals(model.type())) {
            if (model.inputs() != null) {
                throw new ModelFileException(file, "model.inputs", "a sequential model has one unnamed input,"
                        + " expected null, got " + model.inputs().size() + " named inputs", null);
            }
            if (model.outputs() != null) {
                throw new ModelFileException(file, "model.outputs", "a sequential model has one unnamed output,"
                        + " expected null, got " + model.outputs(), null);
            }
        } else if (ModelDocument.FUNCTIONAL.equals(model.type()) && model.layers() != null) {
            throw new ModelFileException(file, "model.layers", "a functional model's architecture is code, expected"
                    + " null, got a list of " + model.layers().size() + " layers", null);
        }
    }

    /**
     * Checks the top-level {@code format} and {@code format_version}, skipping every other value unread.
     *
     * @return the version, in {@code [1, FORMAT_VERSION]}
     */
    private static int checkFormat(Path file, String json) throws ModelFileException {
        String where = "metadata '" + ModelFiles.METADATA_KEY + "'";
        String format = "null";
        String version = "null";
        boolean versionIsInt = false;
        try (JsonParser p = MAPPER.getFactory().createParser(new StringReader(json))) {
            JsonToken root = p.nextToken();
            if (root != JsonToken.START_OBJECT) {
                throw new ModelFileException(file, where, "the model configuration must be a JSON object, got "
                        + (root == null ? "nothing" : describe(root)), null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("format")) {
                    format = value == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : describe(value);
                } else if (field.equals("format_version")) {
                    versionIsInt = value == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() == JsonParser.NumberType.INT;
                    version = value == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\""
                            : value.isScalarValue() ? p.getText() : describe(value);
                }
                p.skipChildren();
            }
            while (p.nextToken() != null) {
                // trailing content: the parser reports it
            }
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, where, "the model configuration must be valid JSON without duplicate"
                    + " keys, got: " + e.getOriginalMessage(), e);
        } catch (ModelFileException e) {
            throw e; // already names the file and the entry: an IOException too, but not one of reading
        } catch (java.io.IOException e) {
            throw new ModelFileException(file, where, "the model configuration must be readable, got: "
                    + e.getMessage(), e);
        }
        if (!format.equals("\"" + ModelFiles.FORMAT + "\"")) {
            throw new ModelFileException(file, "format", "not an Adjoint model configuration, expected \""
                    + ModelFiles.FORMAT + "\", got " + format, null);
        }
        int number = versionIsInt ? Integer.parseInt(version) : -1;
        if (number < 1 || number > ModelFiles.FORMAT_VERSION) {
            throw new ModelFileException(file, "format_version", "unsupported format version, expected 1 to "
                    + ModelFiles.FORMAT_VERSION + ", got " + version + (number > ModelFiles.FORMAT_VERSION
                    ? " (written by a newer release)" : ""), null);
        }
        return number;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "OBJECT";
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }

    /**
     * Rewrites a version-1 document as version 2 says it, copying it token by token (no tree of it is built):
     * the optimizers {@code "momentum"} and {@code "nesterov"} became one {@code "momentum"} with a
     * {@code "nesterov"} flag, and a checkpoint's {@code "fit"} gained the learning-rate factor (1 before) and
     * the callbacks' states (none before). Anything else is left for the strict binding to judge.
     */
    private static String upgradeFromVersion1(String json) throws IOException {
        StringWriter out = new StringWriter(json.length() + 64);
        Deque<String> path = new ArrayDeque<>(); // the field names of the open containers, outermost last
        try (JsonParser p = MAPPER.getFactory().createParser(new StringReader(json));
                JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                String field = p.currentName();
                if (t == JsonToken.FIELD_NAME && path.size() == 1 && field.equals("format_version")) {
                    p.nextToken();
                    g.writeNumberField(field, 2);
                    continue;
                }
                if (t == JsonToken.FIELD_NAME && field.equals("type") && path.size() == 3
                        && "optimizer".equals(path.peekFirst()) && "compilation".equals(secondOf(path))) {
                    String type = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : "";
                    if (type.equals("momentum") || type.equals("nesterov")) {
                        g.writeStringField("type", "momentum");
                        g.writeBooleanField("nesterov", type.equals("nesterov"));
                    } else {
                        g.writeFieldName(field);
                        g.copyCurrentStructure(p);
                    }
                    continue;
                }
                if (t == JsonToken.END_OBJECT && path.size() == 2 && "fit".equals(path.peekFirst())) {
                    g.writeNumberField("learning_rate_factor", 1.0);
                    g.writeObjectFieldStart("callbacks");
                    g.writeEndObject();
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    path.push(String.valueOf(field));
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    path.pop();
                }
                g.copyCurrentEvent(p);
            }
        }
        return out.toString();
    }

    /**
     * Rewrites a version-2 document as version 3 says it, token by token: the metric {@code "accuracy"} of
     * version 2 was always the categorical (argmax) accuracy, and is now Keras's accuracy resolved from the loss,
     * so it becomes {@code {"type": "accuracy", "kind": "CATEGORICAL"}} (same name, same meaning); the metrics
     * {@code "mean_squared_error"} and {@code "mean_absolute_error"} became the loss reported as a metric,
     * {@code {"type": "loss_metric", "loss": {"type": ...}}}.
     */
    private static String upgradeFromVersion2(String json) throws IOException {
        StringWriter out = new StringWriter(json.length() + 64);
        Deque<String> path = new ArrayDeque<>(); // the field names of the open containers, outermost last
        try (JsonParser p = MAPPER.getFactory().createParser(new StringReader(json));
                JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                String field = p.currentName();
                if (t == JsonToken.FIELD_NAME && path.size() == 1 && field.equals("format_version")) {
                    p.nextToken();
                    g.writeNumberField(field, 3);
                    continue;
                }
                if (t == JsonToken.FIELD_NAME && field.equals("type") && path.size() == 4
                        && "metrics".equals(secondOf(path)) && "compilation".equals(thirdOf(path))) {
                    String type = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : "";
                    if (type.equals("accuracy")) {
                        g.writeStringField("type", "accuracy");
                        g.writeStringField("kind", "CATEGORICAL");
                        g.writeNumberField("threshold", 0.5);
                    } else if (type.equals("mean_squared_error") || type.equals("mean_absolute_error")) {
                        g.writeStringField("type", "loss_metric");
                        g.writeObjectFieldStart("loss");
                        g.writeStringField("type", type);
                        g.writeEndObject();
                    } else {
                        g.writeFieldName(field);
                        g.copyCurrentStructure(p);
                    }
                    continue;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    path.push(String.valueOf(field));
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    path.pop();
                }
                g.copyCurrentEvent(p);
            }
        }
        return out.toString();
    }

    private static String thirdOf(Deque<String> path) {
        java.util.Iterator<String> names = path.iterator();
        names.next();
        names.next();
        return names.next();
    }

    /**
     * Fields layers gained in version 4, with the value that gives a version-3 layer its old behaviour: per layer
     * type, field name and JSON value.
     */
    private static final java.util.Map<String, java.util.Map<String, JsonNode>> ADDED_IN_VERSION_4 = java.util.Map.of(
            "batch_normalization", java.util.Map.of("axis", IntNode.valueOf(-1)));

    /**
     * Fields layers gained in version 6, with the value that gives a version-5 layer its old behaviour: attention's
     * {@code "dropout": 0}, none, the only behaviour it had.
     */
    private static final java.util.Map<String, java.util.Map<String, JsonNode>> ADDED_IN_VERSION_6 = java.util.Map.of(
            "multi_head_attention", java.util.Map.of("dropout", IntNode.valueOf(0)));

    /**
     * Fields layers gained in version 7, with the value that gives a version-6 layer its old behaviour: the
     * transposed convolution's {@code "output_padding": null}, none, Keras's default and the only one it had.
     */
    private static final java.util.Map<String, java.util.Map<String, JsonNode>> ADDED_IN_VERSION_7 = java.util.Map.of(
            "conv2d_transpose", java.util.Map.of("output_padding", NullNode.getInstance()));

    /**
     * Fields layers gained in version 8, with the value that gives a version-7 layer its old behaviour: the
     * parametric ReLU's {@code "shared_axes": null}, one slope per feature of the last axis, the only one it had.
     */
    private static final java.util.Map<String, java.util.Map<String, JsonNode>> ADDED_IN_VERSION_8 = java.util.Map.of(
            "p_re_lu", java.util.Map.of("shared_axes", NullNode.getInstance()));

    /**
     * Fields layers gained in version 9, with the value that gives a version-8 layer its old behaviour: the
     * recurrent layers' {@code "dropout": 0} and {@code "recurrent_dropout": 0}, none, the only behaviour they had.
     */
    private static final java.util.Map<String, java.util.Map<String, JsonNode>> ADDED_IN_VERSION_9 = java.util.Map.of(
            "simple_rnn", java.util.Map.of("dropout", IntNode.valueOf(0), "recurrent_dropout", IntNode.valueOf(0)),
            "lstm", java.util.Map.of("dropout", IntNode.valueOf(0), "recurrent_dropout", IntNode.valueOf(0)),
            "gru", java.util.Map.of("dropout", IntNode.valueOf(0), "recurrent_dropout", IntNode.valueOf(0)));

    /**
     * Fields layers gained in version 10, with the value that gives a version-9 layer its old behaviour:
     * attention's {@code "return_attention_scores": false}, one output, the only one it gave; layer
     * normalization's {@code "axis": [-1]}, the last axis it always normalized; batch normalization's
     * {@code "center": true} and {@code "scale": true}, the beta and gamma it always had.
     */
    private static final java.util.Map<String, java.util.Map<String, JsonNode>> ADDED_IN_VERSION_10 =
            java.util.Map.of("multi_head_attention", java.util.Map.of("return_attention_scores", BooleanNode.FALSE),
                    "layer_normalization", java.util.Map.of("axis", JsonNodeFactory.instance.arrayNode().add(-1)),
                    "batch_normalization", java.util.Map.of("center", BooleanNode.TRUE, "scale", BooleanNode.TRUE));

    /**
     * Rewrites a version-3 document as version 4 says it, token by token: every layer of {@code model.layers}
     * lacking a field it gained in version 4 gets the value that keeps its old behaviour (batch normalization's
     * {@code "axis": -1}, the last axis it always normalized).
     */
    private static String upgradeFromVersion3(String json) throws IOException {
        return addLayerFields(json, ADDED_IN_VERSION_4);
    }

    /**
     * Rewrites a document token by token: every layer of {@code model.layers} lacking a field of {@code added}
     * (per layer type, field name and JSON value) gets that field, and the document the current version.
     */
    private static String addLayerFields(String json, java.util.Map<String, java.util.Map<String, JsonNode>> added)
            throws IOException {
        StringWriter out = new StringWriter(json.length() + 64);
        // per open container: its field name ("" in arrays and at the root), and for a layer object its type and
        // the fields seen so far
        Deque<String> names = new ArrayDeque<>();
        Deque<java.util.Set<String>> seen = new ArrayDeque<>();
        Deque<String[]> types = new ArrayDeque<>();
        try (JsonParser p = MAPPER.getFactory().createParser(new StringReader(json));
                JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && names.size() == 1 && p.currentName().equals("format_version")) {
                    p.nextToken();
                    g.writeNumberField("format_version", ModelFiles.FORMAT_VERSION);
                    continue;
                }
                boolean layer = isLayer(names);
                if (t == JsonToken.FIELD_NAME && layer) {
                    String field = p.currentName();
                    seen.peekFirst().add(field);
                    if (field.equals("type")) {
                        g.copyCurrentEvent(p);
                        if (p.nextToken() == JsonToken.VALUE_STRING) {
                            types.peekFirst()[0] = p.getText();
                        }
                        g.copyCurrentStructure(p);
                        continue;
                    }
                }
                if (t == JsonToken.END_OBJECT && layer) {
                    // no string "type" (the binding names the missing or mistyped field): no field to add, and no
                    // lookup of a null key, which Map.of's maps refuse with a NullPointerException
                    String type = types.peekFirst()[0];
                    java.util.Map<String, JsonNode> fields = type == null ? java.util.Map.of()
                            : added.getOrDefault(type, java.util.Map.of());
                    for (java.util.Map.Entry<String, JsonNode> e : new java.util.TreeMap<>(fields).entrySet()) {
                        if (!seen.peekFirst().contains(e.getKey())) {
                            g.writeFieldName(e.getKey());
                            writeDefault(g, e.getValue());
                        }
                    }
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    String field = p.getParsingContext().getParent() != null
                            && p.getParsingContext().getParent().inObject() ? p.currentName() : "";
                    names.push(field == null ? "" : field);
                    seen.push(new java.util.HashSet<>());
                    types.push(new String[1]);
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    names.pop();
                    seen.pop();
                    types.pop();
                }
                g.copyCurrentEvent(p);
            }
        }
        return out.toString();
    }

    /**
     * Rewrites a version-4 document as version 5 says it, token by token: the model gained the names of a
     * functional model's several inputs and outputs, {@code null} for a model of one input and one output, which
     * every older file holds.
     */
    private static String upgradeFromVersion4(String json) throws IOException {
        StringWriter out = new StringWriter(json.length() + 32);
        try (JsonParser p = MAPPER.getFactory().createParser(new StringReader(json));
                JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            int depth = 0;
            boolean inModel = false;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && depth == 1 && p.currentName().equals("format_version")) {
                    p.nextToken();
                    g.writeNumberField("format_version", ModelFiles.FORMAT_VERSION);
                    continue;
                }
                if (t == JsonToken.FIELD_NAME && depth == 2 && inModel) {
                    seen.add(p.currentName());
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                    inModel = inModel || depth == 2
                            && "model".equals(p.getParsingContext().getParent().getCurrentName());
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (depth == 2 && inModel) {
                        for (String added : ADDED_IN_VERSION_5) {
                            if (!seen.contains(added)) {
                                g.writeNullField(added);
                            }
                        }
                        inModel = false;
                    }
                    depth--;
                }
                g.copyCurrentEvent(p);
            }
        }
        return out.toString();
    }

    /** Writes an added field's default: null, a boolean, an integer or an array of integers. */
    private static void writeDefault(JsonGenerator g, JsonNode value) throws IOException {
        if (value.isNull()) {
            g.writeNull();
        } else if (value.isBoolean()) {
            g.writeBoolean(value.booleanValue());
        } else if (value.isArray()) {
            g.writeStartArray();
            for (JsonNode element : value) {
                g.writeNumber(element.intValue());
            }
            g.writeEndArray();
        } else {
            g.writeNumber(value.intValue());
        }
    }

    /** The fields of {@code model} added in version 5. */
    private static final java.util.List<String> ADDED_IN_VERSION_5 = java.util.List.of("inputs", "outputs");

    /**
     * True directly inside a layer: an element of {@code model.layers}, or the {@code "layer"} a wrapper
     * (time-distributed, bidirectional) holds, at any depth. The open containers from the root are "", "model",
     * "layers", "" (the element), then one "layer" per wrapper.
     */
    private static boolean isLayer(Deque<String> names) {
        if (names.size() < 4) {
            return false;
        }
        java.util.Iterator<String> fromRoot = names.descendingIterator();
        if (!fromRoot.next().isEmpty() || !fromRoot.next().equals("model") || !fromRoot.next().equals("layers")
                || !fromRoot.next().isEmpty()) {
            return false;
        }
        while (fromRoot.hasNext()) {
            if (!fromRoot.next().equals("layer")) {
                return false;
            }
        }
        return true;
    }

    private static String secondOf(Deque<String> path) {
        java.util.Iterator<String> names = path.iterator();
        names.next();
        return names.next();
    }

    /** {@code model.layers[1].activation}, from Jackson's reference chain, snake_case as in the file. */
    private static String path(JsonMappingException e) {
        if (e == null || e.getPath().isEmpty()) {
            return "the configuration";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "the configuration" : sb.toString();
    }
}
