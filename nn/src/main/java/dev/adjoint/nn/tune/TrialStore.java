package dev.adjoint.nn.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A search's directory: {@code tuner.json} describes the search (tuner, objective, seed, space, settings),
 * and {@code trial_NNNN/} holds each trial's {@code trial.json} and its models ({@code model.safetensors},
 * the weights of its best epoch; {@code checkpoint.safetensors}, its last epoch with the fit progress, for
 * the trials Hyperband may continue). Every file is written atomically ({@link AtomicFiles}), the models
 * before the {@code trial.json} that says the trial completed, so a crash at any moment leaves every file
 * whole and a completed trial's models present.
 */
final class TrialStore {

    static final String FORMAT = "adjoint.tuner";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path directory;

    TrialStore(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens the directory for a search described by {@code description}: creates it, or deletes its previous
     * search when {@code overwrite}, or checks that it holds this very search.
     *
     * @throws IllegalArgumentException when the directory holds another search and {@code overwrite} is off
     */
    void open(ObjectNode description, boolean overwrite) {
        description.put("format", FORMAT).put("version", VERSION);
        Path file = directory.resolve("tuner.json");
        try {
            if (overwrite && Files.exists(directory)) {
                try (Stream<Path> old = Files.list(directory)) {
                    for (Path p : old.filter(p -> p.getFileName().toString().startsWith("trial_")
                            || p.getFileName().toString().equals("tuner.json")).toList()) {
                        deleteTree(p);
                    }
                }
            }
            Files.createDirectories(directory);
            if (Files.exists(file)) {
                JsonNode existing = read(file);
                JsonNode wanted = JSON.readTree(JSON.writeValueAsString(description)); // as it reads back
                if (!existing.equals(wanted)) {
                    String field = firstDifferentField(existing, wanted);
                    throw new IllegalArgumentException("tuner: " + directory + " holds another search: its '" + field
                            + "' is " + existing.path(field) + " but this search's is " + wanted.path(field)
                            + "; use another directory or overwrite(true)");
                }
            } else {
                write(file, description);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tuner: cannot open " + directory, e);
        }
    }

    /** The first top-level field, in this search's order then the directory's, whose values differ. */
    private static String firstDifferentField(JsonNode existing, JsonNode wanted) {
        var names = new java.util.LinkedHashSet<String>();
        wanted.fieldNames().forEachRemaining(names::add);
        existing.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(n -> !existing.path(n).equals(wanted.path(n))).findFirst().orElseThrow();
    }

    /** The trials on disk by id, read against {@code space}. */
    Map<Integer, Trial> trials(SearchSpace space) {
        Map<Integer, Trial> out = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            for (Path dir : dirs.filter(p -> p.getFileName().toString().startsWith("trial_")).toList()) {
                Path file = dir.resolve("trial.json");
                if (Files.exists(file)) {
                    Trial t;
                    try {
                        t = trial(file, space);
                    } catch (IOException e) {
                        throw new UncheckedIOException("tuner: cannot read " + file, e);
                    }
                    out.put(t.id(), t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tuner: cannot read " + directory, e);
        }
        return out;
    }

    /** The directory of trial {@code id}. */
    Path trialDirectory(int id) {
        return directory.resolve(String.format("trial_%04d", id));
    }

    /** The best-epoch model of trial {@code id}. */
    Path model(int id) {
        return trialDirectory(id).resolve("model.safetensors");
    }

    /** The last-epoch checkpoint of trial {@code id}. */
    Path checkpoint(int id) {
        return trialDirectory(id).resolve("checkpoint.safetensors");
    }

    /** Writes a trial's file, atomically. */
    void save(Trial t) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", "adjoint.trial").put("version", VERSION).put("id", t.id()).put("status", t.status().name())
                .put("initial_epoch", t.initialEpoch()).put("epochs", t.epochs()).put("parent", t.parent());
        ObjectNode values = node.putObject("hyperparameters");
        t.hyperparameters().values().forEach((k, v) -> values.set(k, JSON.valueToTree(v)));
        if (t.completed()) {
            node.put("score", t.score()).put("best_epoch", t.bestEpoch());
            ObjectNode logs = node.putObject("logs");
            t.logs().forEach(logs::put);
        }
        if (t.error() != null) {
            node.put("error", t.error());
        }
        try {
            Files.createDirectories(trialDirectory(t.id()));
            write(trialDirectory(t.id()).resolve("trial.json"), node);
        } catch (IOException e) {
            throw new UncheckedIOException("tuner: cannot write trial " + t.id() + " in " + directory, e);
        }
    }

    /** The fields a trial file may hold; any other is an error. */
    private static final java.util.Set<String> TRIAL_FIELDS = java.util.Set.of("format", "version", "id", "status",
            "initial_epoch", "epochs", "parent", "hyperparameters", "score", "best_epoch", "logs", "error");

    /**
     * The trial in {@code file} (a {@code trial_NNNN/trial.json}), read strictly: every field {@link #save}
     * writes must be present with its type and range (integers as JSON integers, {@code initial_epoch >= 0},
     * {@code epochs >= initial_epoch}, {@code parent >= -1}, for a completed trial {@code 0 <= best_epoch <
     * epochs}), the {@code id} must be the number in the directory's name, the text valid UTF-8, and no other
     * field present.
     *
     * @throws IllegalArgumentException naming the file and the field, with what was expected and got
     */
    private static Trial trial(Path file, SearchSpace space) throws IOException {
        JsonNode n = read(file);
        try {
            if (!n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, got " + n.getNodeType());
            }
            n.fieldNames().forEachRemaining(f -> {
                if (!TRIAL_FIELDS.contains(f)) {
                    throw new IllegalArgumentException("unknown field \"" + f + "\"; expected only " + TRIAL_FIELDS);
                }
            });
            JsonNode format = n.get("format");
            JsonNode version = n.get("version");
            if (format == null || !format.isTextual() || !"adjoint.trial".equals(format.textValue())
                    || version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
                throw new IllegalArgumentException("expected format \"adjoint.trial\" version " + VERSION + ", got "
                        + n.get("format") + " version " + n.get("version"));
            }
            int id = integer(n, "id", 0);
            String directoryName = file.getParent() == null || file.getParent().getFileName() == null ? ""
                    : file.getParent().getFileName().toString();
            String expected = String.format("trial_%04d", id);
            if (!expected.equals(directoryName)) {
                throw new IllegalArgumentException("field \"id\" must match the directory's name, got id " + id
                        + " (directory " + expected + ") in directory " + directoryName);
            }
            JsonNode hyperparameters = field(n, "hyperparameters");
            if (!hyperparameters.isObject()) {
                throw new IllegalArgumentException("field \"hyperparameters\" must be an object, got "
                        + hyperparameters);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            hyperparameters.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getKey(), e.getValue())));
            JsonNode statusNode = field(n, "status");
            Trial.Status status = null;
            for (Trial.Status s : Trial.Status.values()) {
                if (statusNode.isTextual() && s.name().equals(statusNode.textValue())) {
                    status = s;
                }
            }
            if (status == null) {
                throw new IllegalArgumentException("field \"status\" must be one of "
                        + java.util.Arrays.toString(Trial.Status.values()) + ", got " + statusNode);
            }
            int initialEpoch = integer(n, "initial_epoch", 0);
            int epochs = integer(n, "epochs", initialEpoch);
            int parent = integer(n, "parent", -1);
            boolean completed = status == Trial.Status.COMPLETED;
            double score = Double.NaN;
            int bestEpoch = -1;
            Map<String, Double> logs = new LinkedHashMap<>();
            if (completed) {
                score = real(field(n, "score"), "score");
                bestEpoch = integer(n, "best_epoch", 0);
                if (bestEpoch >= epochs) {
                    throw new IllegalArgumentException("field \"best_epoch\" must be below \"epochs\" (" + epochs
                            + "), got " + bestEpoch);
                }
                JsonNode logNode = field(n, "logs");
                if (!logNode.isObject()) {
                    throw new IllegalArgumentException("field \"logs\" must be an object, got " + logNode);
                }
                logNode.fields().forEachRemaining(e -> logs.put(e.getKey(),
                        real(e.getValue(), "logs." + e.getKey())));
            } else {
                for (String f : new String[] {"score", "best_epoch", "logs"}) {
                    if (n.has(f)) {
                        throw new IllegalArgumentException("field \"" + f + "\" belongs to completed trials only,"
                                + " got it in a " + status + " trial");
                    }
                }
            }
            JsonNode error = n.get("error");
            if (error != null && !error.isTextual() && !error.isNull()) {
                throw new IllegalArgumentException("field \"error\" must be a string, got " + error);
            }
            return new Trial(id, space.values(values), status, initialEpoch, epochs, parent, score, bestEpoch, logs,
                    error == null || error.isNull() ? null : error.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tuner: " + file + " is not a trial of this search: " + e.getMessage(),
                    e);
        }
    }

    /** Field {@code name} of {@code n}, which must be present. */
    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field \"" + name + "\" is missing");
        }
        return v;
    }

    /** Field {@code name} of {@code n}: a JSON integer in [{@code min}, {@link Integer#MAX_VALUE}]. */
    private static int integer(JsonNode n, String name, int min) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
            throw new IllegalArgumentException("field \"" + name + "\" must be an integer >= " + min + ", got " + v);
        }
        return v.intValue();
    }

    /** A double as {@link #save} writes it: a JSON number, or "NaN", "Infinity", "-Infinity" (Jackson's form). */
    private static double real(JsonNode v, String name) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException("field \"" + name + "\" must be a number (or \"NaN\", \"Infinity\","
                + " \"-Infinity\"), got " + v);
    }

    /** A hyperparameter's value: a boolean, number or string. */
    private static Object scalar(String name, JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw new IllegalArgumentException("field \"hyperparameters." + name + "\" must be a boolean, number or"
                + " string, got " + v);
    }

    /**
     * The JSON in {@code file}, which must be valid UTF-8 and valid JSON without duplicate fields.
     *
     * @throws IllegalArgumentException naming the file and, for bad UTF-8, the byte offset
     */
    private static JsonNode read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("tuner: " + file + " is not valid UTF-8: expected UTF-8 text, got a"
                    + " malformed byte 0x" + String.format("%02x", bytes[in.position()]) + " at byte offset "
                    + in.position(), e);
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tuner: " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void write(Path file, JsonNode node) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        AtomicFiles.write(file, out -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
