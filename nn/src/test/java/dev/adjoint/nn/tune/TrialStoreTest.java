package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final SearchSpace space = TunerTest.space();

    private Trial completed(int id) {
        return new Trial(id, space.values(Map.of("units", 8, "learning_rate", 0.01, "activation", "relu")),
                Trial.Status.COMPLETED, 0, 3, -1, Double.NaN, 2, Map.of("loss", Double.POSITIVE_INFINITY), null);
    }

    /** Saves trial 7, edits its file with {@code edit}, and returns the message of reading it back. */
    private String messageAfter(Consumer<ObjectNode> edit) throws IOException {
        TrialStore store = new TrialStore(dir);
        store.save(completed(7));
        Path file = store.trialDirectory(7).resolve("trial.json");
        ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(node);
        Files.writeString(file, JSON.writeValueAsString(node));
        String message = assertThrows(IllegalArgumentException.class, () -> store.trials(space)).getMessage();
        String prefix = "tuner: " + file + " is not a trial of this search: ";
        assertEquals(prefix, message.substring(0, Math.min(prefix.length(), message.length())), message);
        return message.substring(prefix.length());
    }

    @Test
    void aSavedTrialReadsBackEqualIncludingNonFiniteNumbers() {
        TrialStore store = new TrialStore(dir);
        store.save(completed(7));
        Trial back = store.trials(space).get(7);
        assertEquals(completed(7).toString(), back.toString());
    }

    @Test
    void missingOrMistypedFieldsAreErrorsNamingTheField() throws IOException {
        assertEquals("field \"epochs\" is missing", messageAfter(n -> n.remove("epochs")));
        assertEquals("field \"epochs\" must be an integer >= 0, got \"3\"", messageAfter(n -> n.put("epochs", "3")));
        assertEquals("field \"initial_epoch\" must be an integer >= 0, got -1",
                messageAfter(n -> n.put("initial_epoch", -1)));
        assertEquals("field \"epochs\" must be an integer >= 2, got 1",
                messageAfter(n -> n.put("initial_epoch", 2).put("epochs", 1)));
        assertEquals("field \"score\" must be a number (or \"NaN\", \"Infinity\", \"-Infinity\"), got \"high\"",
                messageAfter(n -> n.put("score", "high")));
        assertEquals("field \"best_epoch\" must be below \"epochs\" (3), got 3",
                messageAfter(n -> n.put("best_epoch", 3)));
        assertEquals("field \"status\" must be one of [RUNNING, COMPLETED, FAILED], got \"DONE\"",
                messageAfter(n -> n.put("status", "DONE")));
        assertEquals("field \"hyperparameters.units\" must be a boolean, number or string, got [8]",
                messageAfter(n -> ((ObjectNode) n.get("hyperparameters")).putArray("units").add(8)));
        assertEquals("field \"parent\" must be an integer >= -1, got 1.5", messageAfter(n -> n.put("parent", 1.5)));
        assertEquals("field \"score\" belongs to completed trials only, got it in a FAILED trial",
                messageAfter(n -> n.put("status", "FAILED")));
    }

    @Test
    void theIdMustMatchTheDirectoryName() throws IOException {
        assertEquals("field \"id\" must match the directory's name, got id 3 (directory trial_0003) in directory"
                + " trial_0007", messageAfter(n -> n.put("id", 3)));
    }

    @Test
    void invalidUtf8IsReportedNamingTheFileAndTheOffset() throws IOException {
        TrialStore store = new TrialStore(dir);
        store.save(completed(7));
        Path file = store.trialDirectory(7).resolve("trial.json");
        byte[] bytes = "{\"format\": \"adjoint\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes[19] = (byte) 0xff;
        Files.write(file, bytes);
        assertEquals("tuner: " + file + " is not valid UTF-8: expected UTF-8 text, got a malformed byte 0xff at byte"
                + " offset 19", assertThrows(IllegalArgumentException.class, () -> store.trials(space)).getMessage());
    }
}
