package dev.adjoint.nn.io;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * Reads and writes the {@link ModelDocument} with Jackson: records through their canonical constructors (so
 * every record's own validation runs), interface-typed values as {@code {"type": <registered name>, ...}}
 * through {@link ConfigTypes}, and nothing lenient: duplicate keys, unknown or missing fields, trailing
 * content, strings for numbers and fractions for integers are all errors.
 */
final class ConfigJson {

    /** Puts a {@code "type"} property, resolved by the registry, on every registered kind. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonTypeIdResolver(RegistryTypeIdResolver.class)
    private interface Typed {
    }

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
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                        .build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        for (Class<?> kind : ConfigTypes.kinds()) {
            b.addMixIn(kind, Typed.class);
        }
        return b.build();
    }

    /**
     * The JSON of a document.
     *
     * @throws IllegalArgumentException naming the component when one is not registered (a custom layer, a
     *     lambda schedule)
     */
    static String write(ModelDocument document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("save: the model cannot be described in JSON at "
                    + path(e instanceof JsonMappingException m ? m : null) + ": " + cause.getMessage(), e);
        }
    }

    /**
     * The document in {@code json}, after checking its format and version.
     *
     * @throws ModelFileException naming the file, the JSON path and what was wrong
     */
    static ModelDocument read(Path file, String json) throws ModelFileException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "metadata '" + ModelFiles.METADATA_KEY + "'",
                    "the model configuration must be valid JSON without duplicate keys, got: "
                    + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ModelFileException(file, "metadata '" + ModelFiles.METADATA_KEY + "'",
                    "the model configuration must be a JSON object, got " + (tree == null ? "nothing"
                    : tree.getNodeType()), null);
        }
        JsonNode format = tree.get("format");
        if (format == null || !ModelFiles.FORMAT.equals(format.textValue())) {
            throw new ModelFileException(file, "format", "not an Adjoint model configuration, expected \""
                    + ModelFiles.FORMAT + "\", got " + format, null);
        }
        JsonNode version = tree.get("format_version");
        if (version == null || !version.isInt() || version.intValue() < 1
                || version.intValue() > ModelFiles.FORMAT_VERSION) {
            throw new ModelFileException(file, "format_version", "unsupported format version, expected 1 to "
                    + ModelFiles.FORMAT_VERSION + ", got " + version
                    + (version != null && version.isInt() && version.intValue() > ModelFiles.FORMAT_VERSION
                    ? " (written by a newer release)" : ""), null);
        }
        if (version.intValue() == 1) {
            upgradeFromVersion1((ObjectNode) tree);
        }
        try {
            return MAPPER.treeToValue(tree, ModelDocument.class);
        } catch (InvalidTypeIdException e) {
            Class<?> kind = e.getBaseType() == null ? Object.class : ConfigTypes.kindOf(e.getBaseType()
                    .getRawClass()).orElse(Object.class);
            throw new ModelFileException(file, path(e), "unknown " + ConfigTypes.describe(kind) + " type, expected"
                    + " one of " + ConfigTypes.names(kind) + ", got " + (e.getTypeId() == null ? "no \"type\""
                    : "'" + e.getTypeId() + "'"), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ModelFileException(file, path(e), "invalid value: " + cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            throw new ModelFileException(file, path(e), "unknown field, expected one of "
                    + e.getKnownPropertyIds() + ", got '" + e.getPropertyName() + "'", e);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message.startsWith("Missing creator property")) {
                message = "missing field, expected it to be present, got nothing";
            }
            int hint = message.indexOf(" (but ");
            throw new ModelFileException(file, path(e instanceof JsonMappingException m ? m : null),
                    hint > 0 ? message.substring(0, hint) : message, e);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, null, "invalid configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites a version-1 document as version 2 said it: the optimizers {@code "momentum"} and
     * {@code "nesterov"} became one {@code "momentum"} with a {@code "nesterov"} flag, and a checkpoint's
     * {@code "fit"} gained the learning-rate factor (1 before) and the callbacks' states (none before).
     * Anything else is left for the strict binding to judge.
     */
    private static void upgradeFromVersion1(ObjectNode tree) {
        tree.put("format_version", ModelFiles.FORMAT_VERSION);
        if (tree.get("compilation") instanceof ObjectNode compilation
                && compilation.get("optimizer") instanceof ObjectNode optimizer && optimizer.get("type") != null) {
            String type = optimizer.get("type").asText();
            if (type.equals("momentum") || type.equals("nesterov")) {
                optimizer.put("type", "momentum");
                optimizer.put("nesterov", type.equals("nesterov"));
            }
        }
        if (tree.get("fit") instanceof ObjectNode fit) {
            fit.put("learning_rate_factor", 1.0);
            fit.putObject("callbacks");
        }
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
