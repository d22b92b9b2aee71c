package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.ThreadCost;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.conv.UpSampling2D;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values in every field of every registered configuration type, under a valid digest, so that the
 * configuration reaches the layers' own shape rules and the compilation: one saved model per sample of
 * {@link ConfigTypesTest#samples()} (a model holding that layer, or compiled with that loss, metric, optimizer
 * or schedule), then one field at a time replaced by a hostile value (zero, negative, huge, fractional, NaN,
 * null, the wrong JSON type, a huge list), removed, or an array element duplicated. Every {@code load} and
 * {@code loadInto} either gives a {@link ModelFileException} naming the file or a model that predicts a batch
 * of one in its output shape, within {@link ModelFilesFuzzTest}'s CPU and allocation bounds; a rejected
 * {@code loadInto} leaves its model as it was. ({@link ModelFilesFuzzTest} varies the structure of one model;
 * this varies the values of every type's fields.)
 */
class ModelFilesEveryTypeFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Input shapes tried in turn until one takes the sample (dense, sequences, images, volumes). */
    private static final Shape[] INPUTS = {Shape.of(4), Shape.of(2), Shape.of(14), Shape.of(3, 4),
        Shape.of(6, 6, 2), Shape.of(3, 12, 12), Shape.of(4, 4, 4, 2), Shape.of(2, 6, 6, 6)};

    /** Values put in place of a field's: numbers at and past every limit, other JSON types, huge lists. */
    private static final String[] HOSTILE = {"0", "-1", "-2147483648", "2147483647", "2147483648",
        "9223372036854775807", "99999999999999999999", "1e308", "-1e308", "4.9e-324", "1.5", "-0.5", "\"NaN\"",
        "\"Infinity\"", "null", "true", "\"\"", "\"x\"", "[]", "[-1]", "[0,0]", "[2147483647,2147483647]",
        "[100000000,1]", "[1,1,1,1,1,1,1,1]", "{}", "{\"type\":\"dense\"}", "[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]"};

    /** Per-example output elements up to which a loaded model is run. */
    private static final long PREDICTED_ELEMENTS = 1 << 16;

    @TempDir
    static Path dir;

    /**
     * A saved model to mutate.
     *
     * @param sample the configuration record the model holds
     * @param build builds the same model again (the target of {@code loadInto})
     * @param document the file's JSON document as a tree
     * @param tensors the file's tensors
     * @param fields JSON pointers of the fields that describe the sample (its layer or its compilation)
     */
    record Base(Object sample, Supplier<Sequential> build, JsonNode document, Map<String, Tensor> tensors,
            List<String> fields) {
    }

    private static final List<Base> BASES = new ArrayList<>();
    private static int samples;

    @BeforeAll
    static void saveOneModelPerType() throws Exception {
        List<Object> all = ConfigTypesTest.samples();
        samples = all.size();
        for (Object sample : all) {
            Supplier<Sequential> build = builder(sample);
            if (build == null) {
                continue;
            }
            Path file = dir.resolve("base.safetensors");
            ModelFiles.save(build.get(), file);
            NamedTensors saved = SafeTensors.read(file);
            JsonNode document = JSON.readTree(saved.metadata().get(ModelFiles.METADATA_KEY));
            List<String> fields = new ArrayList<>();
            collect(document.at("/model/layers/0"), "/model/layers/0", fields);
            collect(document.at("/compilation"), "/compilation", fields);
            fields.addAll(List.of("/model/input_features", "/model/dtype", "/model/seed", "/step"));
            BASES.add(new Base(sample, build, document, saved.tensors(), fields));
        }
        ModelFilesFuzzTest.within(dir.resolve("base.safetensors"), Files.size(dir.resolve("base.safetensors")),
                "warm-up"); // class loading and JIT are not a file's cost
    }

    /** Builds a model holding {@code sample}, on the first input shape that takes it, or null when none does. */
    private static Supplier<Sequential> builder(Object sample) {
        for (Shape input : INPUTS) {
            Supplier<Sequential> build = () -> {
                Sequential model = new Sequential(input, DType.FLOAT32, 1);
                model.add(sample instanceof Layer layer ? layer : Dense.of(3));
                if (sample instanceof Loss loss) {
                    model.compile(Adam.defaults(), loss);
                } else if (sample instanceof Metric metric) {
                    model.compile(Adam.defaults(), new MeanSquaredError(), metric);
                } else if (sample instanceof Optimizer optimizer) {
                    model.compile(optimizer, new MeanSquaredError());
                } else if (sample instanceof Schedule schedule) {
                    model.compile(new Sgd(schedule), new MeanSquaredError());
                } else {
                    model.compile(Adam.defaults(), new MeanSquaredError());
                }
                return model;
            };
            try {
                ModelFiles.save(build.get(), dir.resolve("probe.safetensors"));
                return build;
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                // not on this input shape (or not in a sequential model at all: a layer of several outputs)
            }
        }
        return null;
    }

    /** The JSON pointers of {@code node} and of everything inside it. */
    private static void collect(JsonNode node, String pointer, List<String> out) {
        if (node.isMissingNode() || node.isNull() && pointer.equals("/compilation")) {
            return;
        }
        out.add(pointer);
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> collect(node.get(name), pointer + "/" + name, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    @Test
    void nearlyEveryTypeIsCovered() {
        assertTrue(BASES.size() >= samples - 8, "only " + BASES.size() + " of " + samples + " samples fit a"
                + " sequential model on the input shapes tried");
    }

    /**
     * An UpSampling2D whose file declares a size past the element limit made the bilinear op allocate its per-cell
     * weights for the product of size and factor before any shape rule ran (an OutOfMemoryError here, a
     * NegativeArraySizeException where the product wrapped): refused naming the layer, the op and the shape.
     */
    @Test
    void anUpsamplingPastTheElementLimitIsRefusedNamingTheLayer() throws Exception {
        Path file = upsampling("[2147483647,2147483647]");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().startsWith(file + ": model.layers[0]: the layer does not fit: UpSampling2D:"
                + " upsampleBilinear: the upsampled shape must be valid, got input [N, 1, 1, 1] and size [2147483647,"
                + " 2147483647]"), e.getMessage());
    }

    /** A file of a bilinear UpSampling2D of input [1, 1, 1] whose size reads {@code size} (a JSON array). */
    private static Path upsampling(String size) throws IOException {
        Sequential model = new Sequential(Shape.of(1, 1, 1), DType.FLOAT32, 1);
        model.add(UpSampling2D.of(2).interpolation("bilinear"));
        Path file = dir.resolve("upsampling.safetensors");
        ModelFiles.save(model, file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("\"size\":[2,2]"), json);
        SafeTensors.write(file, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, json.replace("\"size\":[2,2]",
                "\"size\":" + size)));
        return file;
    }

    /** One mutation of one base, described for the report. */
    record Hostile(Base base, String document, String edit) {
        @Override
        public String toString() {
            return edit + " in the file of " + base.sample();
        }
    }

    @Test
    void hostileValuesInEveryTypesFieldsGiveTheCleanExceptionOrAWorkingModel() {
        Path file = dir.resolve("hostile.safetensors");
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> Property.forAll(hostile())
                .named("hostile value in a model file").tries(150).check(h -> {
                    try {
                        SafeTensors.write(file, h.base().tensors(), Map.of(ModelFiles.METADATA_KEY, h.document()));
                        loadsCleanly(file, h);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    /** Loads with {@code load} and {@code loadInto}, asserting the clean outcome and the bounds. */
    private static void loadsCleanly(Path file, Hostile h) throws Exception {
        Sequential target = h.base().build().get();
        ModelState before = target.state();
        Model[] loaded = new Model[1];
        ThreadCost.Cost cost = ThreadCost.of(() -> {
            loaded[0] = clean(h, () -> ModelFiles.load(file), file);
            if (clean(h, () -> ModelFiles.loadInto(file, target), file) == null) {
                assertSame(before, target.state(), h + ": a rejected loadInto changed the model");
            }
        });
        ModelFilesFuzzTest.assertWithinBounds(cost, 2, Files.size(file), h.toString());
        if (loaded[0] != null) {
            predictsInItsOutputShape(loaded[0], h);
        }
    }

    /** What {@code load} returned, or null when it threw a ModelFileException naming the file. */
    private static Model clean(Hostile h, Load load, Path file) {
        try {
            return load.run();
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            return null;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            fail(h + " threw " + e + " instead of a ModelFileException", e);
            return null;
        }
    }

    /** A load that returns its model. */
    @FunctionalInterface
    private interface Load {
        Model run() throws Exception;
    }

    /** A loaded model is a working model: it predicts a batch of one in its output shape (when that is small). */
    private static void predictsInItsOutputShape(Model model, Hostile h) {
        Shape out = model.outputShape();
        long elements = 1;
        for (int a = 1; a < out.rank(); a++) {
            elements *= out.dim(a);
        }
        if (elements > PREDICTED_ELEMENTS) {
            return; // as the file describes it, but too large to run here
        }
        int[] dims = model.inputShape().dims();
        dims[0] = 1;
        Tensor y = model.predict(Tensor.zeros(model.dtype(), Shape.of(dims)));
        int[] expected = out.dims();
        expected[0] = 1;
        assertEquals(Shape.of(expected), y.shape(), h + ": the prediction's shape");
    }

    static Gen<Hostile> hostile() {
        return choices -> {
            Base base = BASES.get(choices.drawInt(BASES.size()));
            String pointer = base.fields().get(choices.drawInt(base.fields().size()));
            JsonNode document = base.document().deepCopy();
            String edit = edit(choices, document, pointer);
            try {
                return new Hostile(base, JSON.writeValueAsString(document), edit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Replaces, removes or duplicates the value at {@code pointer}; returns what it did. */
    private static String edit(Choices choices, JsonNode document, String pointer) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = document.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        int kind = choices.drawInt(10);
        try {
            if (kind == 0 && parent instanceof ObjectNode object) {
                object.remove(last);
                return "removed " + pointer;
            }
            if (kind == 1 && parent instanceof ArrayNode array) {
                array.insert(Integer.parseInt(last), array.get(Integer.parseInt(last)).deepCopy());
                return "duplicated " + pointer;
            }
            String value = HOSTILE[choices.drawInt(HOSTILE.length)];
            JsonNode node = JSON.readTree(value);
            if (parent instanceof ObjectNode object) {
                object.set(last, node);
            } else {
                ((ArrayNode) parent).set(Integer.parseInt(last), node);
            }
            return pointer + " = " + value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
