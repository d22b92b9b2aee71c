package dev.adjoint.nn.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
                    throw new IllegalArgumentException("tuner: " + directory + " holds another search, got " + existing
                            + " but this search is " + wanted + "; use another directory or overwrite(true)");
                }
            } else {
                write(file, description);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tuner: cannot open " + directory, e);
        }
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
                    Trial t = trial(file, space);
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

    private static Trial trial(Path file, SearchSpace space) throws IOException {
        JsonNode n = read(file);
        try {
            if (!"adjoint.trial".equals(n.path("format").asText()) || n.path("version").asInt() != VERSION) {
                throw new IllegalArgumentException("expected format adjoint.trial version " + VERSION + ", got "
                        + n.path("format") + " version " + n.path("version"));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            n.path("hyperparameters").fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getValue())));
            Trial.Status status = Trial.Status.valueOf(n.path("status").asText());
            Map<String, Double> logs = new LinkedHashMap<>();
            n.path("logs").fields().forEachRemaining(e -> logs.put(e.getKey(), e.getValue().asDouble()));
            boolean completed = status == Trial.Status.COMPLETED;
            return new Trial(n.path("id").asInt(), space.values(values), status, n.path("initial_epoch").asInt(),
                    n.path("epochs").asInt(), n.path("parent").asInt(-1),
                    completed ? n.path("score").asDouble() : Double.NaN, completed ? n.path("best_epoch").asInt() : -1,
                    logs, n.hasNonNull("error") ? n.get("error").asText() : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tuner: " + file + " is not a trial of this search: " + e.getMessage(), e);
        }
    }

    private static Object scalar(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asText();
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
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
