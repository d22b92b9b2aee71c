package dev.adjoint.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.core.io.AtomicFiles;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.io.SafeTensorsException;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.Compilation;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Saves and loads whole models: architecture, weights, optimizer state, step count and seeds, in one
 * {@code .safetensors} file that Python's {@code safetensors} can also open.
 *
 * <h2>The file</h2>
 * A safetensors file ({@link SafeTensors}) holding
 * <ul>
 *   <li>{@code params/<layer>/<param>}: every parameter, trainable or not ({@code params/dense/kernel});</li>
 *   <li>{@code optimizer/<layer>/<param>/<slot>}: the optimizer state of every trainable parameter
 *       ({@code optimizer/dense/kernel/m});</li>
 *   <li>metadata {@code "adjoint.model"}: a JSON document ({@link #FORMAT}, version {@link #FORMAT_VERSION})
 *       with the architecture (input shape, dtype, weight seed, and for a {@link Sequential} its layers),
 *       the compilation (optimizer with its schedule, loss, metrics), the step count and, for checkpoints,
 *       the {@link FitProgress} (completed epochs and the fit seed);</li>
 *   <li>metadata {@code "adjoint.sha256"}: the digest of all of the above.</li>
 * </ul>
 * Every configuration object is {@code {"type": <name>, <record components in snake_case>...}}, where the
 * name comes from a closed registry of the library's layers, activations, initializers, regularizers, losses,
 * metrics, optimizers and schedules, and of the records users registered with {@link CustomTypes}: a file
 * never names a Java class, and a model holding a component outside the registry (an unregistered custom
 * layer, a lambda schedule) cannot be saved whole (register it, or save its weights with {@link SafeTensors}).
 * A {@code Functional} model's architecture is Java code: its file holds everything but the layers, and is restored
 * into a model built by the same code with {@link #loadInto}.
 *
 * <h2>Guarantees</h2>
 * Saving is atomic (the previous file survives a failed save byte for byte) and takes one consistent
 * snapshot of the model, so it may run while other threads predict or train. Loading validates everything
 * (file structure, digest, format version, every configuration entry, every tensor's name, dtype and shape
 * against the rebuilt architecture) before it returns or changes a model; any problem is a
 * {@link ModelFileException} naming the file, the entry and what was expected. A loaded model continues
 * training bit for bit as the saved one would have: see {@code ModelCheckpoint} and {@link FitProgress}.
 *
 * <pre>{@code
 * ModelFiles.save(model, Path.of("model.safetensors"));
 * Model again = ModelFiles.load(Path.of("model.safetensors"));     // again.predict(x) equals model.predict(x)
 * }</pre>
 */
public final class ModelFiles {

    /** The metadata key of the JSON document. */
    public static final String METADATA_KEY = "adjoint.model";
    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "adjoint.model";
    /**
     * The version of the document written by this release; it reads every version from 1 on (version 2 made
     * Nesterov a flag of momentum and added the learning-rate factor and callback states to checkpoints; version
     * 3 made the metric "accuracy" Keras's accuracy resolved from the loss, and reports losses as metrics through
     * {@code loss_metric}; version 4 gave batch normalization its feature axis; version 5 names the inputs and
     * outputs of a functional model of several, whose losses and metrics are {@code multi_output_loss} and
     * {@code output_metric}; version 6 gave attention its dropout rate; version 7 gave the transposed
     * convolution Keras's {@code output_padding}; version 8 gave the parametric ReLU Keras's
     * {@code shared_axes}; version 9 gave the recurrent layers Keras's {@code dropout} and
     * {@code recurrent_dropout}; version 10 gave attention Keras's {@code return_attention_scores}, layer
     * normalization Keras's {@code axis}, and batch normalization Keras's {@code center} and {@code scale}).
     */
    public static final int FORMAT_VERSION = 10;

    private ModelFiles() {
    }

    // ---------------------------------------------------------------- saving

    /**
     * Saves the model whole, atomically.
     *
     * @throws IllegalArgumentException when a component of the model is not in the registry; nothing is
     *     written then
     * @throws IOException when writing fails; the previous file is then unchanged
     */
    public static void save(Model model, Path file) throws IOException {
        save(model, file, null, UnaryOperator.identity());
    }

    /** Saves the model with where its {@code fit} run stands, as a checkpoint to resume from. */
    public static void save(Model model, Path file, FitProgress progress) throws IOException {
        Objects.requireNonNull(progress, "progress is null");
        save(model, file, progress, UnaryOperator.identity());
    }

    /** Saves through a channel decorator (tests simulate a full disk with it). */
    static void save(Model model, Path file, FitProgress progress, UnaryOperator<WritableByteChannel> decorator)
            throws IOException {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(file, "file is null");
        Compilation compilation;
        ModelState state;
        List<Layer> layers;
        synchronized (model) { // one snapshot: compile and setState hold the same lock
            compilation = model.isCompiled() ? model.compilation() : null;
            state = model.state();
            layers = model instanceof Sequential s ? s.stack() : null;
        }
        String json = describe(model, compilation, state, layers, progress);
        Map<String, Tensor> tensors = StateTensors.of(state);
        AtomicFiles.write(file, out -> SafeTensors.writeTo(out, tensors, Map.of(METADATA_KEY, json)), decorator);
    }

    /**
     * Checks that {@code model} can be saved: every component of its architecture and compilation (a custom
     * layer, loss, metric, a lambda schedule) has a registered name, so that {@link #save} will not fail for that
     * reason. A checkpointing callback calls it when training begins, so that an unsaveable model fails before
     * its first epoch rather than after it. Nothing is written.
     *
     * @throws IllegalArgumentException as {@link #save} would: {@code save: the model cannot be described in JSON
     *     at <path>: ...}, naming the component
     */
    public static void requireSaveable(Model model) {
        Objects.requireNonNull(model, "model is null");
        synchronized (model) {
            describe(model, model.isCompiled() ? model.compilation() : null, model.state(),
                    model instanceof Sequential s ? s.stack() : null, null);
        }
    }

    /** The JSON of the model's file: its configuration, compilation, step and progress. */
    private static String describe(Model model, Compilation compilation, ModelState state, List<Layer> layers,
            FitProgress progress) {
        int[] features = Arrays.copyOfRange(model.inputShape().dims(), 1, model.inputShape().rank());
        ModelDocument.ModelConfig config = new ModelDocument.ModelConfig(layers == null ? ModelDocument.FUNCTIONAL
                : ModelDocument.SEQUENTIAL, features, model.dtype(), model.seed(), layers, inputs(model),
                model instanceof Functional f && f.inputs().isPresent() ? f.outputNames() : null);
        return ConfigJson.write(new ModelDocument(FORMAT, FORMAT_VERSION, config, compilation, state.step(),
                progress));
    }

    // ---------------------------------------------------------------- loading

    /**
     * Loads a saved {@link Sequential} model: rebuilt from its configuration, compiled as it was, with its
     * weights, optimizer state and step count.
     *
     * @throws ModelFileException when the file is damaged, not a model file, of another format version,
     *     holds a functional model (use {@link #loadInto}), or its tensors do not fit its architecture
     * @throws IOException when the file cannot be read: a {@link java.nio.file.FileSystemException} naming the
     *     path when it is missing ({@code NoSuchFileException}), not readable ({@code AccessDeniedException})
     *     or a directory
     */
    public static Model load(Path file) throws IOException {
        Contents c = read(file);
        ModelDocument.ModelConfig config = c.document().model();
        if (ModelDocument.FUNCTIONAL.equals(config.type())) {
            throw new ModelFileException(file, "model.type", "load rebuilds sequential models only, got a"
                    + " functional model, whose architecture is code; build it and call loadInto(file, model)", null);
        }
        if (!ModelDocument.SEQUENTIAL.equals(config.type()) || config.layers() == null) {
            throw new ModelFileException(file, "model", "expected type \"" + ModelDocument.SEQUENTIAL
                    + "\" with a list of layers, got type " + config.type() + " with layers " + config.layers(), null);
        }
        Sequential model;
        try {
            model = new Sequential(features(file, config), config.dtype(), config.seed());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "model", "invalid architecture: " + e.getMessage(), e);
        }
        for (int i = 0; i < config.layers().size(); i++) {
            Layer layer = config.layers().get(i);
            if (layer == null) {
                throw new ModelFileException(file, "model.layers[" + i + "]", "expected a layer, got null", null);
            }
            try {
                model.add(layer);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ModelFileException(file, "model.layers[" + i + "]", "the layer does not fit: "
                        + e.getMessage(), e);
            }
        }
        restore(file, c, model);
        return model;
    }

    /**
     * Restores weights, optimizer state and step count (and the compilation, when the file has one) into a
     * model built by code, e.g. a {@code Functional}. Everything is checked first (input shape, dtype, the named
     * inputs and outputs, every parameter's name and shape, and, for a {@link Sequential} model and a file saved
     * from one, the architecture: the same layers in the same order, each of the same kind and configuration as
     * the file lists it, except what does not change what its weights compute: names (at every level; the
     * weights' names are checked through the parameters'), initializers (they drew the weights the file
     * replaces), regularizers, constraints and dropout rates (they act in training only: fine-tuning may change
     * them)); on any mismatch the model is left unchanged. A {@code Functional} model's architecture is code that
     * no file holds: only its names and shapes are checked. When the file has no compilation and the model is
     * compiled, the model keeps its compilation with a fresh optimizer state.
     *
     * @return {@code model}
     * @throws ModelFileException naming the first mismatch: for layers, the JSON path of the first difference
     *     ({@code model.layers[1].activation}), the layer's index and kind, and the file's and the model's value
     * @throws IllegalStateException while a {@code fit} of the model is running (called from one of its
     *     callbacks, or on another thread): the model's compilation and state are its; nothing is changed
     * @throws IOException when the file cannot be read, as for {@link #load}
     */
    public static Model loadInto(Path file, Model model) throws IOException {
        Objects.requireNonNull(model, "model is null");
        Contents c = read(file);
        ModelDocument.ModelConfig config = c.document().model();
        // The named inputs first: a model of several inputs carries them as one packed row, whose width alone
        // ([6] against [7]) would not say which input differs.
        String fileIo = describe(config.inputs(), config.outputs());
        String modelIo = describe(inputs(model), model instanceof Functional f && f.inputs().isPresent()
                ? f.outputNames() : null);
        if (!fileIo.equals(modelIo)) {
            throw new ModelFileException(file, "model.inputs", "the target model must match the file, expected "
                    + fileIo + ", got " + modelIo, null);
        }
        Shape fileInput = features(file, config);
        Shape modelInput = Shape.of(Arrays.copyOfRange(model.inputShape().dims(), 1, model.inputShape().rank()));
        if (!fileInput.equals(modelInput) || config.dtype() != model.dtype()) {
            throw new ModelFileException(file, "model", "the target model must match the file, expected input "
                    + fileInput + " in " + config.dtype() + ", got input " + modelInput + " in " + model.dtype(), null);
        }
        if (model instanceof Sequential sequential && ModelDocument.SEQUENTIAL.equals(config.type())
                && config.layers() != null) {
            checkLayers(file, config.layers(), sequential.stack());
        }
        try {
            restore(file, c, model);
        } catch (IllegalStateException e) { // refused while the model's fit runs: not a property of the file
            throw new IllegalStateException("loadInto " + file + ": " + e.getMessage(), e);
        }
        return model;
    }

    /**
     * Checks that a sequential model has the layers a file lists: as many, each of the same kind and with the
     * same configuration but its name (layers differing only in activation, say, have parameters of the same
     * names and shapes, and would take the weights silently to compute something else).
     *
     * @throws ModelFileException naming the first difference: where, the layer, the file's and the model's value
     */
    private static void checkLayers(Path file, List<Layer> saved, List<Layer> target) throws ModelFileException {
        String rule = "the target model must have the file's layers";
        for (int i = 0; i < Math.max(saved.size(), target.size()); i++) {
            String where = "model.layers[" + i + "]";
            if (i < saved.size() && saved.get(i) == null) {
                throw new ModelFileException(file, where, "expected a layer, got null", null);
            }
            JsonNode expected = i < saved.size() ? ConfigJson.layerTree(saved.get(i)) : null;
            if (i >= target.size()) {
                throw new ModelFileException(file, where, rule + ", expected " + saved.size() + " layers as in the"
                        + " file, got " + target.size() + ": layer " + i + " " + describe(saved.get(i))
                        + " is missing", null);
            }
            Layer layer = target.get(i);
            JsonNode actual = ConfigJson.layerTree(layer);
            if (i >= saved.size()) {
                throw new ModelFileException(file, where, rule + ", expected " + saved.size() + " layers as in the"
                        + " file, got " + target.size() + ": layer " + i + " " + describe(layer) + " is extra", null);
            }
            if (expected == null) {
                continue; // read from the file, so registered: cannot happen
            }
            String expectedKind = expected.path("type").asText();
            if (actual == null || !expectedKind.equals(actual.path("type").asText())) {
                throw new ModelFileException(file, where, rule + ", expected layer " + i + " to be " + expectedKind
                        + " as in the file, got " + (actual == null ? "the unregistered layer "
                        + layer.getClass().getName() + " (" + layer.kind() + ")" : actual.path("type").asText()),
                        null);
            }
            Difference difference = firstDifference(expected, actual, where);
            if (difference != null) {
                throw new ModelFileException(file, difference.path(), rule + ", expected layer " + i + " "
                        + describe(saved.get(i)) + " with " + difference.detail(), null);
            }
        }
    }

    /** {@code (dense)} or {@code 'head' (dense)}: a layer in messages, by its user-given name and kind. */
    private static String describe(Layer layer) {
        return (layer.name() == null ? "" : "'" + layer.name() + "' ") + "(" + layer.kind() + ")";
    }

    /**
     * Where two configurations differ.
     *
     * @param path the JSON path of the field ({@code model.layers[0].activation})
     * @param detail {@code <field> <file's value> as in the file, got <model's value>}
     */
    private record Difference(String path, String detail) {
    }

    /** Configuration fields that act in training only (dropout rates and their seeds), not on what weights compute. */
    private static final Set<String> TRAINING_ONLY = Set.of("rate", "seed", "dropout", "recurrent_dropout");

    /**
     * Where two configurations first differ, or null when they are equal, ignoring what does not change what the
     * weights compute (names, initializers, regularizers, constraints, {@link #TRAINING_ONLY} fields). Objects of
     * the same type are compared field by field in the file's order; anything else (another type, an array, a
     * number) is reported whole.
     */
    private static Difference firstDifference(JsonNode expected, JsonNode actual, String path) {
        var names = new LinkedHashSet<String>();
        expected.fieldNames().forEachRemaining(names::add);
        actual.fieldNames().forEachRemaining(names::add);
        for (String field : names) {
            if (field.equals("name") || field.endsWith("_initializer") || field.endsWith("_regularizer")
                    || field.endsWith("_constraint")
                    || TRAINING_ONLY.contains(field)) {
                continue; // none of these changes what the weights compute (see checkLayers)
            }
            var e = expected.path(field);
            var a = actual.path(field);
            if (e.equals(a)) {
                continue;
            }
            if (e.isObject() && a.isObject() && e.path("type").equals(a.path("type"))) {
                Difference inner = firstDifference(e, a, path + "." + field);
                if (inner != null) {
                    return inner;
                }
                continue;
            }
            return new Difference(path + "." + field, field + " " + (e.isMissingNode() ? "absent" : e.toString())
                    + " as in the file, got " + (a.isMissingNode() ? "absent" : a.toString()));
        }
        return null;
    }

    /**
     * The {@link FitProgress} of a checkpoint, empty for a file saved without one. Reads and verifies the
     * whole file.
     *
     * @throws ModelFileException when the file is damaged or not a model file
     * @throws IOException when the file cannot be read, as for {@link #load}
     */
    public static Optional<FitProgress> progress(Path file) throws IOException {
        return Optional.ofNullable(read(file).document().fit());
    }

    /** The named inputs of a functional model of several inputs and outputs, else null. */
    private static List<ModelDocument.InputConfig> inputs(Model model) {
        if (!(model instanceof Functional f) || f.inputs().isEmpty()) {
            return null;
        }
        return f.inputs().get().stream().map(in -> new ModelDocument.InputConfig(in.name(), in.features().dims(),
                in.dtype())).toList();
    }

    /** {@code inputs a f32[4], b [2, 3]; outputs p, q}, or {@code one input and one output}. */
    private static String describe(List<ModelDocument.InputConfig> inputs, List<String> outputs) {
        if (inputs == null || outputs == null) {
            return inputs == null && outputs == null ? "one input and one output"
                    : "inputs " + inputs + " with outputs " + outputs;
        }
        return "inputs " + inputs.stream()
                .map(in -> in.name() + " " + (in.dtype() == null ? "" : in.dtype().shortName())
                + Arrays.toString(in.features())).toList() + ", outputs " + outputs;
    }

    /** A verified file: its tensors and its document. */
    private record Contents(NamedTensors tensors, ModelDocument document) {
    }

    private static Contents read(Path file) throws IOException {
        Objects.requireNonNull(file, "file is null");
        if (Files.isDirectory(file)) { // else the read fails with a bare "Is a directory" that names no path
            throw new FileSystemException(file.toString(), null, "expected a model file, got a directory");
        }
        NamedTensors tensors;
        try {
            tensors = SafeTensors.read(file);
        } catch (SafeTensorsException e) {
            throw ModelFileException.of(e);
        }
        String json = tensors.metadata().get(METADATA_KEY);
        if (json == null) {
            throw new ModelFileException(file, "metadata", "not an Adjoint model file, expected metadata key '"
                    + METADATA_KEY + "', got keys " + tensors.metadata().keySet()
                    + "; read bare tensors with SafeTensors.read", null);
        }
        ModelDocument document = ConfigJson.read(file, json);
        ModelDocument.ModelConfig model = document.model();
        String missing = model == null ? "model" : model.type() == null ? "model.type"
                : model.inputFeatures() == null ? "model.input_features" : model.dtype() == null ? "model.dtype" : null;
        if (missing != null) {
            throw new ModelFileException(file, missing, "expected a value (a model has type, input_features, dtype"
                    + " and seed), got null", null);
        }
        return new Contents(tensors, document);
    }

    private static Shape features(Path file, ModelDocument.ModelConfig config) throws ModelFileException {
        try {
            return Shape.of(config.inputFeatures());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "model.input_features", e.getMessage(), e);
        }
    }

    /**
     * Validates the tensors against the model, then compiles and swaps in the state under the model's lock.
     *
     * @throws IllegalStateException unchanged, when the model refuses to be compiled while its {@code fit} runs
     */
    private static void restore(Path file, Contents c, Model model) throws ModelFileException {
        Compilation compilation = c.document().compilation();
        synchronized (model) {
            ModelState state;
            try {
                state = StateTensors.restore(file, c.tensors().tensors(), model,
                        compilation == null ? null : compilation.optimizer(), c.document().step());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ModelFileException(file, "model", "the tensors do not fit the architecture: "
                        + e.getMessage(), e);
            }
            try {
                if (compilation != null) {
                    model.compile(compilation, state); // nothing initialized only to be replaced
                } else if (model.isCompiled()) {
                    model.compile(model.compilation());
                    model.setState(new ModelState(state.params(), model.state().optimizer(), state.step()));
                } else {
                    model.setState(state);
                }
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(file, "model", "the tensors do not fit the architecture: "
                        + e.getMessage(), e);
            }
        }
    }
}
