package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Sgd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @TempDir
    Path dir;

    private final Tensor[] data = Blobs.of(60, 11);

    @Test
    void aSavedSequentialModelLoadsWithEverythingAndTrainsOnIdentically() throws IOException {
        Sequential model = Models.classifier(5);
        model.fit(data[0], data[1], Models.QUIET.epochs(2).batchSize(8).seed(3));
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file);

        Model loaded = ModelFiles.load(file);
        Models.assertSameModel(model, loaded);
        assertTrue(model.predict(data[0]).sameValues(loaded.predict(data[0])));
        assertEquals(Optional.empty(), ModelFiles.progress(file));

        model.fit(data[0], data[1], Models.QUIET.epochs(4).initialEpoch(2).batchSize(8).seed(3));
        loaded.fit(data[0], data[1], Models.QUIET.epochs(4).initialEpoch(2).batchSize(8).seed(3));
        Models.assertSameState(model.state(), loaded.state());
    }

    /** Activations named by their Keras names, aliases included, are saved under their own names and load back. */
    @Test
    void modelsWithTheRecentActivationsSaveAndLoad() throws IOException {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 4);
        for (String name : List.of("gelu", "swish", "selu", "mish", "hard_sigmoid", "hard_silu", "softsign", "relu6",
                "log_softmax", "exponential")) {
            model.add(Dense.of(3, dev.adjoint.nn.activation.Activations.byName(name)));
        }
        model.add(Dense.of(2, new dev.adjoint.nn.activation.Gelu(true)));
        model.compile(Sgd.defaults(), new MeanSquaredError());
        Path file = dir.resolve("activations.safetensors");
        ModelFiles.save(model, file);
        String json = SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        for (String saved : List.of("{\"type\":\"gelu\",\"approximate\":false}", "{\"type\":\"silu\"}",
                "{\"type\":\"hard_swish\"}", "{\"type\":\"gelu\",\"approximate\":true}", "{\"type\":\"relu6\"}",
                "{\"type\":\"log_softmax\",\"axis\":-1}", "{\"type\":\"exponential\"}")) {
            assertTrue(json.contains(saved), saved + " in " + json);
        }
        Model loaded = ModelFiles.load(file);
        Models.assertSameModel(model, loaded);
        assertTrue(model.predict(data[0]).sameValues(loaded.predict(data[0])));
    }

    /** Models compiled with each of Keras's later losses, or a smoothed cross-entropy, save and load with it. */
    @Test
    void modelsCompiledWithTheKerasLossesSaveAndLoad() throws IOException {
        for (dev.adjoint.nn.loss.Loss loss : List.of(new dev.adjoint.nn.loss.KLDivergence(),
                new dev.adjoint.nn.loss.Poisson(), new dev.adjoint.nn.loss.LogCosh(),
                new dev.adjoint.nn.loss.CosineSimilarity(), new dev.adjoint.nn.loss.CategoricalHinge(),
                new dev.adjoint.nn.loss.CategoricalCrossEntropy(true, 0.1),
                new dev.adjoint.nn.loss.BinaryCrossEntropy(false, 0.2))) {
            Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 4);
            model.add(Dense.of(3));
            model.compile(Sgd.defaults(), loss);
            Path file = dir.resolve(loss.name() + ".safetensors");
            ModelFiles.save(model, file);
            String json = SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
            assertTrue(json.contains("\"loss\":{\"type\":\"" + loss.name() + "\""), loss + " in " + json);
            Model loaded = ModelFiles.load(file);
            Models.assertSameModel(model, loaded);
            assertEquals(loss, loaded.compilation().loss());
        }
    }

    @Test
    void theFileIsPlainSafetensorsWithNamedParamsSlotsAndAJsonDocument() throws IOException {
        Sequential model = Models.classifier(1);
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file, new FitProgress(3, 42));
        NamedTensors raw = SafeTensors.read(file);
        assertEquals(List.of("params/dense/kernel", "params/dense/bias", "params/batch_normalization/gamma",
                "params/batch_normalization/beta", "params/batch_normalization/moving_mean",
                "params/batch_normalization/moving_variance", "params/dense_1/kernel", "params/dense_1/bias",
                "optimizer/dense/kernel/m", "optimizer/dense/kernel/v", "optimizer/dense/bias/m",
                "optimizer/dense/bias/v", "optimizer/batch_normalization/gamma/m",
                "optimizer/batch_normalization/gamma/v", "optimizer/batch_normalization/beta/m",
                "optimizer/batch_normalization/beta/v", "optimizer/dense_1/kernel/m", "optimizer/dense_1/kernel/v",
                "optimizer/dense_1/bias/m", "optimizer/dense_1/bias/v"), List.copyOf(raw.tensors().keySet()));
        String json = raw.metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.startsWith("{\"format\":\"adjoint.model\",\"format_version\":10,\"model\":{\"type\":"
                + "\"sequential\",\"input_features\":[2],\"dtype\":\"FLOAT32\",\"seed\":1,\"layers\":[{\"type\":"
                + "\"dense\",\"units\":8,\"activation\":{\"type\":\"tanh\"},\"use_bias\":true,"), json);
        assertTrue(json.contains("\"kernel_regularizer\":{\"type\":\"l2\",\"l2\":0.001}"), json);
        assertTrue(json.contains("\"optimizer\":{\"type\":\"adam\",\"learning_rate\":{\"type\":\"warmup\",\"after\":"
                + "{\"type\":\"exponential_decay\",\"initial\":0.02,\"decay_steps\":10,\"decay_rate\":0.9,"
                + "\"staircase\":false},\"warmup_steps\":3},"), json);
        assertTrue(json.endsWith("\"step\":0,\"fit\":{\"epoch\":3,\"seed\":42,\"learning_rate_factor\":1.0,"
                + "\"callbacks\":{}}}"), json);
        assertEquals(Optional.of(new FitProgress(3, 42)), ModelFiles.progress(file));
    }

    /** A functional model's file lists no layers (its architecture is code): a list there is refused, not ignored. */
    @Test
    void layersInAFunctionalModelsFileAreRefused() throws IOException {
        Path file = dir.resolve("functional-layers.safetensors");
        ModelFiles.save(Models.residual(2), file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("\"layers\":null"), json);
        SafeTensors.write(file, saved.tensors(), java.util.Map.of(ModelFiles.METADATA_KEY,
                json.replace("\"layers\":null", "\"layers\":[]")));
        Functional target = Models.residual(3);
        ModelState before = target.state();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(file, target));
        assertEquals(file + ": model.layers: a functional model's architecture is code, expected null, got a list of"
                + " 0 layers", e.getMessage());
        assertSame(before, target.state());
    }

    @Test
    void aFunctionalModelIsRestoredIntoTheModelItsCodeBuilds() throws IOException {
        Functional model = Models.residual(2);
        model.compile(Sgd.defaults().withLearningRate(0.05), new MeanSquaredError());
        Tensor y = Tensor.zeros(Shape.of(60, 3)).cast(DType.FLOAT64);
        model.fit(data[0], y, Models.QUIET.epochs(2).batchSize(10));
        Path file = dir.resolve("functional.safetensors");
        ModelFiles.save(model, file);

        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().contains("model.type: load rebuilds sequential models only, got a functional"
                + " model, whose architecture is code; build it and call loadInto(file, model)"), e.getMessage());

        Functional fresh = Models.residual(99);
        assertFalse(fresh.isCompiled());
        ModelFiles.loadInto(file, fresh);
        assertEquals(model.compilation(), fresh.compilation());
        Models.assertSameState(model.state(), fresh.state());
        assertTrue(model.predict(data[0]).sameValues(fresh.predict(data[0])));
    }

    @Test
    void loadIntoAModelOfAnotherShapeChangesNothing() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(Models.classifier(1), file);
        Sequential other = new Sequential(Shape.of(2), DType.FLOAT32, 4);
        other.add(Dense.of(5));
        other.compile(Sgd.defaults(), new MeanSquaredError());
        ModelState before = other.state();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(file, other));
        assertTrue(e.getMessage().contains("model.layers[0].units: the target model must have the file's layers,"
                + " expected layer 0 (dense) with units 8 as in the file, got 5"), e.getMessage());
        assertTrue(before == other.state(), "the state is the same value");
        assertEquals(new Sgd(dev.adjoint.optim.Schedule.constant(0.01)), other.compilation().optimizer());

        Sequential wider = new Sequential(Shape.of(3), DType.FLOAT32, 4);
        e = assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(file, wider));
        assertTrue(e.getMessage().contains("expected input [2] in FLOAT32, got input [3] in FLOAT32"), e.getMessage());
    }

    @Test
    void anUncompiledModelRoundTripsWithoutOptimizerState() throws IOException {
        Sequential model = new Sequential(Shape.of(4), DType.FLOAT64, 8);
        model.add(Dense.of(3));
        Path file = dir.resolve("plain.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertFalse(loaded.isCompiled());
        Models.assertSameModel(model, loaded);
        assertEquals(2, SafeTensors.read(file).tensors().size());
    }

    @Test
    void componentsOutsideTheRegistryAreRefusedBeforeAnyFileIsWritten() {
        Sequential custom = new Sequential(Shape.of(2), DType.FLOAT32, 0);
        custom.add(new Scale("scale"));
        Path file = dir.resolve("custom.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(custom, file));
        assertTrue(e.getMessage().contains("every layer must be one of the registered types"), e.getMessage());
        assertTrue(e.getMessage().contains(Scale.class.getName()), e.getMessage());

        Sequential lambda = new Sequential(Shape.of(2), DType.FLOAT32, 0);
        lambda.add(Dense.of(1));
        lambda.compile(new Sgd(step -> step.mul(0.0).add(0.1)), new MeanSquaredError());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(lambda, file));
        assertTrue(e.getMessage().contains("every schedule must be one of the registered types"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void aSaveThatFailsMidWriteKeepsThePreviousFile() throws IOException {
        Sequential model = Models.classifier(3);
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(model, file);
        byte[] before = Files.readAllBytes(file);
        model.fit(data[0], data[1], Models.QUIET.epochs(1).batchSize(8));
        for (long capacity : new long[] {0, 7, 100, before.length / 2, before.length - 1}) {
            IOException e = assertThrows(IOException.class, () -> ModelFiles.save(model, file, null,
                    out -> new FullDisk(out, capacity)));
            assertEquals("No space left on device", e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of(file), Files.list(dir).toList());
        }
        assertEquals(0, ModelFiles.load(file).state().step(), "still the version saved before training");
    }

    @Test
    void aDirectoryOrAMissingFileIsReportedWithItsPath() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.safetensors"));
        Model target = Models.classifier(1);
        ModelState before = target.state();
        List<org.junit.jupiter.api.function.Executable> loads = List.of(() -> ModelFiles.load(folder),
                () -> ModelFiles.loadInto(folder, target), () -> ModelFiles.progress(folder));
        for (var load : loads) {
            FileSystemException e = assertThrows(FileSystemException.class, load);
            assertEquals(folder.toString(), e.getFile());
            assertEquals(folder + ": expected a model file, got a directory", e.getMessage());
        }
        assertSame(before, target.state(), "loadInto left the model unchanged");
        // the directory case now reads like the JDK's own for a path that is not there
        Path missing = dir.resolve("missing.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFiles.load(missing));
        assertEquals(missing.toString(), e.getFile());
    }

    /** A disk with room for {@code capacity} bytes. */
    private static final class FullDisk implements WritableByteChannel {
        private final WritableByteChannel out;
        private long room;

        FullDisk(WritableByteChannel out, long capacity) {
            this.out = out;
            this.room = capacity;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (room < src.remaining()) {
                throw new IOException("No space left on device");
            }
            room -= src.remaining();
            return out.write(src);
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The architecture of the tester's file: Dense(16, relu), Dropout(0.2), Dense(3); Adam; sparse CE. */
    private static Sequential reluDropout(long seed, dev.adjoint.nn.layer.Layer... more) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, seed);
        model.add(Dense.of(16, new dev.adjoint.nn.activation.Relu()));
        model.add(dev.adjoint.nn.layer.Dropout.of(0.2));
        model.add(Dense.of(3));
        for (dev.adjoint.nn.layer.Layer layer : more) {
            model.add(layer);
        }
        return model;
    }

    private static Sequential stack(dev.adjoint.nn.layer.Layer... layers) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 9);
        for (dev.adjoint.nn.layer.Layer layer : layers) {
            model.add(layer);
        }
        return model;
    }

    /** loadInto refuses {@code target}, changing nothing, with this message after the file's path. */
    private static void refused(Path file, Sequential target, String message) {
        ModelState before = target.state();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(file, target));
        assertEquals(file + ": " + message, e.getMessage());
        assertSame(before, target.state(), "the model is unchanged");
        assertFalse(target.isCompiled(), "the file's compilation was not imposed");
    }

    @Test
    void loadIntoASequentialModelOfOtherLayersIsRefusedNamingTheFirstDifference() throws IOException {
        // Before: only names and shapes were checked, so these loaded silently (the first one computing sigmoids
        // where the file's model computes relus, with its loss imposed) and predicted something else.
        Sequential saved = reluDropout(1);
        saved.compile(dev.adjoint.optim.Adam.defaults(),
                new dev.adjoint.nn.loss.SparseCategoricalCrossEntropy(true));
        saved.fit(data[0], data[1], Models.QUIET.epochs(1).batchSize(20));
        Path file = dir.resolve("relu.safetensors");
        ModelFiles.save(saved, file);
        String rule = "the target model must have the file's layers, expected ";

        refused(file, stack(Dense.of(16, new dev.adjoint.nn.activation.Sigmoid()),
                Dense.of(3, new dev.adjoint.nn.activation.Softmax())), "model.layers[0].activation: " + rule
                + "layer 0 (dense) with activation {\"type\":\"relu\"} as in the file, got {\"type\":\"sigmoid\"}");
        refused(file, stack(Dense.of(16, new dev.adjoint.nn.activation.Relu()), Dense.of(3)),
                "model.layers[1]: " + rule + "layer 1 to be dropout as in the file, got dense");
        refused(file, stack(Dense.of(16, new dev.adjoint.nn.activation.Relu()), dev.adjoint.nn.layer.Dropout.of(0.2)),
                "model.layers[2]: " + rule + "3 layers as in the file, got 2: layer 2 (dense) is missing");
        refused(file, reluDropout(1, new dev.adjoint.nn.layer.Dropout(0.1, "late")),
                "model.layers[3]: " + rule + "3 layers as in the file, got 4: layer 3 'late' (dropout) is extra");
        refused(file, stack(new Scale("scale")), "model.layers[0]: " + rule + "layer 0 to be dense as in the file,"
                + " got the unregistered layer " + Scale.class.getName() + " (scale)");

        // a nested difference is named by its path
        Sequential leaky = stack(Dense.of(4, new dev.adjoint.nn.activation.LeakyRelu(0.1)));
        Path leakyFile = dir.resolve("leaky.safetensors");
        ModelFiles.save(leaky, leakyFile);
        refused(leakyFile, stack(Dense.of(4, new dev.adjoint.nn.activation.LeakyRelu(0.2))),
                "model.layers[0].activation.alpha: " + rule + "layer 0 (dense) with alpha 0.1 as in the file, got 0.2");

        // the same architecture built again, its layers' names aside, takes everything
        Sequential same = reluDropout(7);
        ModelFiles.loadInto(file, same);
        assertEquals(saved.compilation(), same.compilation());
        Models.assertSameState(saved.state(), same.state());
        assertTrue(saved.predict(data[0]).sameValues(same.predict(data[0])));
        Sequential renamed = stack(Dense.of(16, new dev.adjoint.nn.activation.Relu()),
                new dev.adjoint.nn.layer.Dropout(0.2, "drop"), Dense.of(3));
        ModelFiles.loadInto(file, renamed);
        assertTrue(saved.predict(data[0]).sameValues(renamed.predict(data[0])));
        // and so does one whose initializers differ: they drew weights the file replaces
        Sequential initialized = stack(Dense.of(16, new dev.adjoint.nn.activation.Relu()).kernelInitializer(
                new dev.adjoint.nn.init.Zeros()), dev.adjoint.nn.layer.Dropout.of(0.2), Dense.of(3));
        ModelFiles.loadInto(file, initialized);
        assertTrue(saved.predict(data[0]).sameValues(initialized.predict(data[0])));
        // and one fine-tuned with another dropout rate and a penalty: they act in training only
        Sequential tuned = stack(Dense.of(16, new dev.adjoint.nn.activation.Relu()).kernelRegularizer(
                new dev.adjoint.nn.regularizer.L2(1e-3)), dev.adjoint.nn.layer.Dropout.of(0.5), Dense.of(3));
        ModelFiles.loadInto(file, tuned);
        assertTrue(saved.predict(data[0]).sameValues(tuned.predict(data[0])));
    }

    @Test
    void loadIntoFromACallbackOfTheRunningFitIsRefusedAsTheStateErrorItIs() throws IOException {
        // Before: compile's refusal surfaced as a ModelFileException, "the tensors do not fit the architecture".
        Path withCompilation = dir.resolve("compiled.safetensors");
        ModelFiles.save(Models.classifier(2), withCompilation);
        Sequential uncompiled = Models.classifier(2);
        Sequential plain = new Sequential(Shape.of(2), DType.FLOAT32, 2);
        uncompiled.stack().forEach(plain::add);
        Path withoutCompilation = dir.resolve("plain.safetensors");
        ModelFiles.save(plain, withoutCompilation);
        for (Path file : List.of(withCompilation, withoutCompilation)) {
            Sequential model = Models.classifier(3);
            List<Throwable> thrown = new java.util.ArrayList<>();
            List<ModelState> states = new java.util.ArrayList<>();
            dev.adjoint.nn.model.Callback loader = new dev.adjoint.nn.model.Callback() {
                @Override
                public void onEpochEnd(int epoch, java.util.Map<String, Double> logs,
                        dev.adjoint.nn.model.TrainingContext context) {
                    states.add(context.model().state());
                    try {
                        ModelFiles.loadInto(file, context.model());
                    } catch (Throwable e) {
                        thrown.add(e);
                    }
                    states.add(context.model().state());
                }
            };
            model.fit(data[0], data[1], Models.QUIET.epochs(1).batchSize(20).callbacks(loader));
            assertEquals(1, thrown.size());
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown.get(0));
            assertEquals("loadInto " + file + ": compile: refused while this thread's fit is running (called from a"
                    + " callback?); it would replace the loss and optimizer the running fit compiled its step with"
                    + (file == withCompilation ? "" : " and reset the optimizer's state and step count under it")
                    + "; call it after fit returns", e.getMessage());
            assertSame(states.get(0), states.get(1), "the model is unchanged");
            assertEquals(3, model.state().step(), "fit went on");
            ModelFiles.loadInto(file, model); // and after fit returns, it loads
            assertEquals(0, model.state().step());
        }
    }

    /** A user-defined layer, which the registry cannot know. */
    private record Scale(String name) implements Layer {
        @Override
        public String kind() {
            return "scale";
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
            return x.mul(2.0);
        }
    }
}
