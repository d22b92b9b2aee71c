package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.ThreadCost;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile model files with a valid digest, so that every check after the safetensors layer is reached: many
 * layers, deep nesting, huge or negative or fractional numbers, wrong types, unknown type names, long
 * strings, high ranks, and tensors missing, extra or of the wrong shape. {@code load} and {@code loadInto}
 * either succeed or throw a {@link ModelFileException} naming the file, never another exception, within a
 * CPU and an allocation bound linear in the file's size; a rejected {@code loadInto} leaves its model's
 * state as it was. (Damaged bytes are {@link ModelFilesCorruptionTest}'s, with the same bounds.)
 */
class ModelFilesFuzzTest {

    /**
     * Bytes a load may allocate per byte of file and on top: parsing a layer's configuration and checking it
     * against its input allocate a few kilobytes, most of it garbage, for some 75 bytes of JSON.
     */
    static final long BYTES_PER_FILE_BYTE = 100;
    static final long FIXED_BYTES = 16 << 20;
    /** CPU seconds per file and per byte: 20,000 layers (1.5 MB) load in about 0.15 s. */
    static final double FIXED_CPU = 2;
    static final double CPU_PER_FILE_BYTE = 2e-6;

    @TempDir
    static Path dir;

    private static String json;
    private static Map<String, Tensor> tensors;

    @BeforeAll
    static void saveValidModel() throws Exception {
        Path file = dir.resolve("valid.safetensors");
        ModelFiles.save(Models.classifier(2), file);
        NamedTensors valid = SafeTensors.read(file);
        json = valid.metadata().get(ModelFiles.METADATA_KEY);
        tensors = valid.tensors();
        within(file, Files.size(file), "warm-up"); // class loading and JIT are not a file's cost
    }

    /**
     * Loads {@code file} with {@code load} and with {@code loadInto}, asserting the clean outcome and the
     * bounds; {@code size} is the file's size.
     */
    static void within(Path file, long size, String what) throws Exception {
        Sequential target = Models.classifier(1);
        ModelState before = target.state();
        ThreadCost.Cost cost = ThreadCost.of(() -> {
            clean(what, () -> ModelFiles.load(file), file);
            if (!clean(what, () -> ModelFiles.loadInto(file, target), file)) {
                assertSame(before, target.state(), what + ": a rejected loadInto changed the model");
            }
        });
        assertWithinBounds(cost, 2, size, what);
    }

    /** Asserts that {@code loads} loads of a file of {@code size} bytes cost no more than the bounds. */
    static void assertWithinBounds(ThreadCost.Cost cost, int loads, long size, String what) {
        long bytes = loads * (BYTES_PER_FILE_BYTE * size + FIXED_BYTES);
        double cpu = loads * (FIXED_CPU + CPU_PER_FILE_BYTE * size);
        assertTrue(cost.allocatedBytes() <= bytes, what + ": loading " + size + " bytes " + loads + " times"
                + " allocated " + cost.allocatedBytes() + " bytes, more than " + bytes);
        assertTrue(cost.cpuSeconds() <= cpu, what + ": loading " + size + " bytes " + loads + " times took "
                + cost.cpuSeconds() + " s of CPU, more than " + cpu);
    }

    /** True when the call succeeded; fails unless it did or threw a ModelFileException naming the file. */
    private static boolean clean(String what, ThreadCost.Work call, Path file) {
        try {
            call.run();
            return true;
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            return false;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            fail(what + " threw " + e + " instead of a ModelFileException", e);
            return false;
        }
    }

    /** A configuration and tensors, described for the report. */
    record Hostile(String config, Map<String, Tensor> tensors, List<String> edits) {
        @Override
        public String toString() {
            return edits + " on " + (config.length() > 400 ? config.substring(0, 400) + "..." : config);
        }
    }

    @Test
    void hostileModelFilesGiveTheCleanExceptionWithinCpuAndMemoryBounds() {
        Path file = dir.resolve("hostile.safetensors");
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> Property.forAll(hostile())
                .named("hostile model file").tries(150).check(h -> {
                    try {
                        SafeTensors.write(file, h.tensors(), Map.of(ModelFiles.METADATA_KEY, h.config()));
                        within(file, Files.size(file), h.toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    // ------------------------------------------------------------------ the generator

    private static final String[] NUMBERS = {"0", "-0", "-1", "1", "3", "2147483647", "2147483648", "-2147483648",
        "9223372036854775807", "99999999999999999999", "1.5", "1e308", "-1e308", "4.9e-324", "\"3\"", "null", "true",
        "[]", "{}"};
    private static final String[] TYPES = {"dense", "dropout", "flatten", "activation", "batch_normalization",
        "p_re_lu", "relu", "adam", "warmup", "constant", "java.lang.Runtime", "", "DENSE", "dense "};
    private static final Pattern NUMBER = Pattern.compile("(?<=[:\\[,])-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"[a-z_]+\"");

    static Gen<Hostile> hostile() {
        return choices -> {
            String config = json;
            Map<String, Tensor> t = new LinkedHashMap<>(tensors);
            List<String> edits = new ArrayList<>();
            int n = 1 + choices.drawInt(3);
            for (int i = 0; i < n; i++) {
                int kind = choices.drawInt(9);
                edits.add("edit " + kind);
                config = switch (kind) {
                    case 0 -> manyLayers(choices, config);
                    case 1 -> replaceNth(choices, config, NUMBER, pick(choices, NUMBERS));
                    case 2 -> replaceNth(choices, config, NUMBER, nested(choices));
                    case 3 -> replaceNth(choices, config, TYPE, "\"type\":\"" + pick(choices, TYPES) + "\"");
                    case 4 -> config.replace("\"input_features\":[2]", "\"input_features\":" + features(choices));
                    case 5 -> config.replaceFirst("\"name\":null", "\"name\":\"" + "n".repeat(
                            choices.drawInt(2) == 0 ? 70_000 : 1 + choices.drawInt(10)) + "\"");
                    case 6 -> config.replace("\"dtype\":\"FLOAT32\"", "\"dtype\":" + pick(choices,
                            new String[] {"\"FLOAT64\"", "\"FLOAT16\"", "null", "3", "\"\""}));
                    default -> {
                        editTensors(choices, t);
                        yield config;
                    }
                };
            }
            return new Hostile(config, t, edits);
        };
    }

    private static String manyLayers(Choices c, String config) {
        int layers = 1 + c.drawInt(3_000);
        String layer = "{\"type\":\"activation\",\"activation\":{\"type\":\"relu\"},\"name\":null}";
        return config.replaceFirst("\"layers\":\\[", Matcher.quoteReplacement("\"layers\":["
                + (layer + ",").repeat(layers)));
    }

    private static String replaceNth(Choices c, String config, Pattern pattern, String replacement) {
        Matcher m = pattern.matcher(config);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return config;
        }
        int[] span = spans.get(c.drawInt(spans.size()));
        return config.substring(0, span[0]) + replacement + config.substring(span[1]);
    }

    private static String nested(Choices c) {
        int depth = 1 + c.drawInt(c.drawInt(2) == 0 ? 10 : 5_000);
        return c.drawInt(2) == 0 ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"type\":\"warmup\",\"after\":".repeat(depth) + "{\"type\":\"constant\",\"learning_rate\":0.1}"
                        + ",\"warmup_steps\":1}".repeat(depth);
    }

    private static String features(Choices c) {
        return switch (c.drawInt(5)) {
            case 0 -> "[" + "1,".repeat(64 + c.drawInt(10)) + "2]";
            case 1 -> "[2147483647,2147483647]";
            case 2 -> "[-1]";
            case 3 -> "[]";
            default -> "[" + (1 + c.drawInt(5)) + "]";
        };
    }

    private static void editTensors(Choices c, Map<String, Tensor> t) {
        List<String> names = new ArrayList<>(t.keySet());
        String name = names.get(c.drawInt(names.size()));
        switch (c.drawInt(3)) {
            case 0 -> t.remove(name);
            case 1 -> t.put(name, Tensor.zeros(t.get(name).dtype(), Shape.of(1 + c.drawInt(9))));
            default -> t.put("params/extra/" + c.drawInt(3), Tensor.vector(1));
        }
    }

    private static String pick(Choices c, String[] values) {
        return values[c.drawInt(values.length)];
    }
}
