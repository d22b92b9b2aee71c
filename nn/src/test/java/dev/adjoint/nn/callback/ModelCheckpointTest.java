package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.CallbackException;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainingContext;
import dev.adjoint.nn.model.Verbosity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {

    @TempDir
    Path dir;

    private final Tensor[] data = Blobs.of(60, 7);
    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).batchSize(10);

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Records the state at the end of every epoch. */
    private static final class States implements Callback {
        final List<ModelState> byEpoch = new ArrayList<>();

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
            byEpoch.add(context.state());
        }
    }

    @Test
    void everyEpochIsSavedUnderItsFormattedNameWithItsProgress() throws IOException {
        Sequential model = Blobs.classifier(1);
        States states = new States();
        String template = dir.resolve("ckpt-{epoch:02d}-{loss:.3f}.safetensors").toString();
        ModelCheckpoint checkpoint = ModelCheckpoint.everyEpoch(template);
        History h = model.fit(data[0], data[1], QUIET.epochs(3).seed(5).callbacks(checkpoint, states));
        List<String> names = files();
        assertEquals(3, names.size(), names.toString());
        for (int e = 0; e < 3; e++) {
            String expected = String.format(java.util.Locale.ROOT, "ckpt-%02d-%.3f.safetensors", e + 1,
                    h.metric("loss").get(e));
            assertEquals(expected, names.get(e));
            Path file = dir.resolve(expected);
            assertEquals(Optional.of(new FitProgress(e + 1, 5)), ModelFiles.progress(file));   // nothing stateful
            Model loaded = ModelFiles.load(file);
            assertEquals(states.byEpoch.get(e).step(), loaded.state().step());
            states.byEpoch.get(e).params().forEach(p -> assertTrue(p._2.sameValues(loaded.state().param(p._1))));
        }
        assertEquals(Optional.of(dir.resolve(names.get(2))), checkpoint.lastSaved());
    }

    @Test
    void saveBestOnlyKeepsTheEpochWithTheBestMonitoredFigure() throws IOException {
        Sequential model = Blobs.classifier(2);
        States states = new States();
        Path file = dir.resolve("best.safetensors");
        ModelCheckpoint checkpoint = ModelCheckpoint.bestOnly(file.toString(), "val_loss");
        History h = model.fit(data[0], data[1], QUIET.epochs(6).seed(1).validationSplit(0.25)
                .callbacks(checkpoint, states));
        List<Double> valLoss = h.metric("val_loss");
        int best = 0;
        for (int e = 1; e < valLoss.size(); e++) {
            if (valLoss.get(e) < valLoss.get(best)) {
                best = e;
            }
        }
        FitProgress progress = ModelFiles.progress(file).orElseThrow();
        assertEquals(best + 1, progress.epoch());
        assertEquals(1, progress.seed());
        Model loaded = ModelFiles.load(file);
        assertEquals(states.byEpoch.get(best).step(), loaded.state().step());
        assertTrue(states.byEpoch.get(best).param("dense/kernel").sameValues(loaded.state().param("dense/kernel")));
    }

    @Test
    void anAccuracyMonitorKeepsTheHighestValue() throws IOException {
        Sequential model = Blobs.classifier(3);
        Path file = dir.resolve("acc-{epoch}.safetensors");
        ModelCheckpoint checkpoint = ModelCheckpoint.bestOnly(file.toString(), "sparse_categorical_accuracy");
        History h = model.fit(data[0], data[1], QUIET.epochs(4).seed(2).callbacks(checkpoint));
        List<Double> acc = h.metric("sparse_categorical_accuracy");
        List<String> expected = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < acc.size(); e++) {
            if (acc.get(e) > best) {
                best = acc.get(e);
                expected.add("acc-" + (e + 1) + ".safetensors");
            }
        }
        assertEquals(expected.stream().sorted().toList(), files());
    }

    @Test
    void anUnknownMonitorOrPlaceholderIsAnErrorBeforeTraining() throws IOException {
        Sequential model = Blobs.classifier(4);
        ModelState before = model.state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.callbacks(ModelCheckpoint.bestOnly(dir.resolve("m.safetensors").toString(), "val_loss"))));
        assertEquals("ModelCheckpoint: monitor must be one of [loss, sparse_categorical_accuracy], got 'val_loss'",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1], QUIET.callbacks(
                new ModelCheckpoint(dir.resolve("m.safetensors").toString(), "los", false))));
        assertTrue(e.getMessage().contains("got 'los'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.callbacks(ModelCheckpoint.everyEpoch(dir.resolve("m-{val_acc:.2f}").toString()))));
        assertTrue(e.getMessage().contains("placeholders must be epoch or one of [loss, sparse_categorical_accuracy],"
                + " got '{val_acc}'"), e.getMessage());
        assertTrue(before == model.state(), "nothing was trained");
        assertEquals(List.of(), files());
    }

    @Test
    void malformedTemplatesAreRejectedAtConstruction() {
        for (String bad : new String[] {"m-{epoch.safetensors", "m-epoch}.safetensors", "m-{}.st",
            "m-{epoch:x}.st", "m-{epoch:%d}.st"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelCheckpoint.everyEpoch(bad), bad);
            assertTrue(e.getMessage().startsWith("ModelCheckpoint: filepath placeholders must be {name} or"
                    + " {name:spec}"), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("m.st", null, true));
    }

    @Test
    void aFailedSaveStopsTrainingAndKeepsThePreviousCheckpoint() throws IOException {
        Sequential model = Blobs.classifier(5);
        Path file = dir.resolve("ckpt.safetensors");
        model.fit(data[0], data[1], QUIET.epochs(1).callbacks(ModelCheckpoint.everyEpoch(file.toString())));
        byte[] before = Files.readAllBytes(file);
        Path blocked = dir.resolve("blocked");
        Files.createDirectory(blocked);
        Files.write(blocked.resolve("x"), new byte[] {1});
        CallbackException e = assertThrows(CallbackException.class, () -> model.fit(data[0], data[1],
                QUIET.epochs(2).callbacks(ModelCheckpoint.everyEpoch(blocked.toString()))));
        assertInstanceOf(UncheckedIOException.class, e.getCause());
        assertTrue(e.getMessage().contains("ModelCheckpoint: saving epoch 1 to " + blocked + " failed"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(files().stream().anyMatch(n -> n.endsWith(".tmp")), files().toString());
    }

    /**
     * A model that cannot be saved (here its optimizer's schedule is a lambda, which no file can name) fails when
     * training begins, before its first epoch has trained, with the message save would give, and nothing is
     * written; before, the first epoch trained and the save failed after it.
     */
    @Test
    void aModelThatCannotBeSavedIsRefusedBeforeTheFirstEpoch() throws IOException {
        Sequential model = Blobs.classifier(3);
        dev.adjoint.optim.Schedule lambda = step -> dev.adjoint.core.graph.SourceOp.scalar(0.01, step.dtype());
        model.compile(dev.adjoint.optim.Sgd.defaults().withLearningRate(lambda),
                new dev.adjoint.nn.loss.SparseCategoricalCrossEntropy(true));
        ModelState before = model.state();
        ModelCheckpoint checkpoint = ModelCheckpoint.everyEpoch(dir.resolve("c.safetensors").toString());
        Exception e = assertThrows(Exception.class, () -> model.fit(data[0], data[1], QUIET.epochs(2)
                .callbacks(checkpoint)));
        Throwable cause = e;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().startsWith("save: the model cannot be described in JSON"),
                String.valueOf(e));
        assertEquals(before.step(), model.state().step(), "no epoch trained");
        assertEquals(List.of(), files(), "nothing written");
    }

    /**
     * As Keras's {@code makedirs}, missing directories are created: the template's own when training begins, one a
     * placeholder names before each save.
     */
    @Test
    void missingDirectoriesAreCreatedAsKerasMakedirs() throws IOException {
        Sequential model = Blobs.classifier(2);
        Path nested = dir.resolve("runs").resolve("a");
        model.fit(data[0], data[1], QUIET.epochs(2).callbacks(
                ModelCheckpoint.everyEpoch(nested.resolve("ckpt-{epoch}.safetensors").toString()),
                ModelCheckpoint.everyEpoch(dir.resolve("by-epoch").toString() + "/{epoch}/m.safetensors")));
        assertTrue(Files.isRegularFile(nested.resolve("ckpt-1.safetensors")));
        assertTrue(Files.isRegularFile(nested.resolve("ckpt-2.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("by-epoch").resolve("2").resolve("m.safetensors")));
    }

    /** A directory that cannot be created (a file stands in its path) fails when training begins, naming it. */
    @Test
    void aDirectoryThatCannotBeCreatedFailsBeforeTheFirstEpoch() throws IOException {
        Sequential model = Blobs.classifier(2);
        ModelState before = model.state();
        Path file = dir.resolve("plain");
        Files.write(file, new byte[] {1});
        Path target = file.resolve("sub").resolve("ckpt.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.epochs(2).callbacks(ModelCheckpoint.everyEpoch(target.toString()))));
        assertTrue(e.getMessage().startsWith("ModelCheckpoint: cannot create the directory " + target.getParent()
                + " of the filepath '" + target + "' before training: "), e.getMessage());
        assertEquals(before.step(), model.state().step(), "no step trained");
    }
}
