package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.callback.CsvLogger;
import dev.adjoint.nn.callback.EarlyStopping;
import dev.adjoint.nn.callback.ReduceLROnPlateau;
import dev.adjoint.nn.callback.TerminateOnNaN;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitTest {

    static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    @Test
    void fitLearnsSeparableBlobsAndReportsHistory() {
        Tensor[] data = Blobs.of(300, 1);
        Sequential model = Blobs.classifier(0);
        History h = model.fit(data[0], data[1], QUIET.epochs(15).batchSize(16).validationSplit(0.2).seed(4));
        assertEquals(15, h.size());
        assertEquals(java.util.Set.of("loss", "sparse_categorical_accuracy", "val_loss",
                "val_sparse_categorical_accuracy"), h.names());
        assertTrue(h.metric("loss").get(14) < h.metric("loss").get(0), h.toString());
        assertTrue(h.last("val_sparse_categorical_accuracy") > 0.95, h.toString());
        Map<String, Double> eval = model.evaluate(data[0], data[1]);
        assertTrue(eval.get("sparse_categorical_accuracy") > 0.95, eval.toString());
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAndHistory() {
        Tensor[] data = Blobs.of(120, 2);
        Sequential a = Blobs.classifier(3);
        Sequential b = Blobs.classifier(3);
        History ha = a.fit(data[0], data[1], QUIET.epochs(4).batchSize(10).seed(9));
        History hb = b.fit(data[0], data[1], QUIET.epochs(4).batchSize(10).seed(9));
        assertEquals(ha.epochs(), hb.epochs());
        a.weights().forEach((name, w) -> assertTrue(w.sameValues(b.weights().get(name)), name));
        Sequential c = Blobs.classifier(3);
        c.fit(data[0], data[1], QUIET.epochs(4).batchSize(10).seed(10));
        assertTrue(!c.weights().get("dense/kernel").sameValues(a.weights().get("dense/kernel")),
                "another shuffling/dropout seed gives other weights");
    }

    @Test
    void predictWorksForAnyNumberOfRowsWithOneCompiledGraph() {
        Tensor[] data = Blobs.of(40, 3);
        Sequential model = Blobs.classifier(1);
        Tensor all = model.predict(data[0], 16);
        assertEquals(Shape.of(40, 3), all.shape());
        Tensor one = model.predict(data[0].takeRows(17));
        for (int j = 0; j < 3; j++) {
            assertEquals(all.get(17, j), one.get(0, j), 1e-6);
        }
        assertEquals(Shape.of(0, 3), model.predict(data[0].rowRange(0, 0)).shape());
    }

    @Test
    void badDatasetsAreRejectedBeforeTrainingAndLeaveTheModelUnchanged() {
        Tensor[] data = Blobs.of(30, 4);
        Sequential model = Blobs.classifier(2);
        ModelState before = model.state();
        assertMessage(() -> model.fit(data[0].rowRange(0, 0), data[1].rowRange(0, 0), QUIET), "empty");
        assertMessage(() -> model.fit(data[0], data[1].rowRange(0, 29), QUIET), "same number of rows");
        double[] nan = data[0].toDoubleArray();
        nan[7] = Double.NaN;
        assertMessage(() -> model.fit(Tensor.of(data[0].shape(), nan), data[1], QUIET), "row 3, column 1");
        assertMessage(() -> model.fit(data[0], data[1], QUIET.batchSize(1).validationSplit(0.99)),
                "leaves 30 validation and 0 training rows");
        assertMessage(() -> model.fit(Tensor.zeros(Shape.of(30, 3)), data[1], QUIET), "x must have shape [N, 2]");
        assertMessage(() -> model.fit(data[0], data[1],
                QUIET.batchSize(10).callbacks(new EarlyStopping("val_accuracy", 1, 0, false))),
                "monitor must be one of");
        assertTrue(before == model.state(), "nothing was trained");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aFailingCallbackStopsTrainingNamingItAndKeepsTheLastCompletedStep() {
        Tensor[] data = Blobs.of(30, 5);
        Sequential model = Blobs.classifier(2);
        Callback failing = new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                if (batch == 1) {
                    throw new IllegalStateException("boom");
                }
            }
        };
        CallbackException e = assertThrows(CallbackException.class,
                () -> model.fit(data[0], data[1], QUIET.batchSize(10).callbacks(failing)));
        assertTrue(e.getMessage().contains("onBatchEnd") && e.getMessage().contains("boom"), e.getMessage());
        assertEquals(2, model.state().step(), "two steps completed before the failure");
    }

    private static Sequential exploding() {
        // Linear regression with a step size far beyond 2 / (largest curvature): every step multiplies the
        // error by about -lr * |x|^2, so the weights overflow to infinity within a few dozen steps.
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(1e6)), new MeanSquaredError());
        return model;
    }

    @Test
    void divergenceThrowsWithEpochAndBatchAndKeepsFiniteWeights() {
        Tensor[] data = Blobs.of(30, 6);
        Tensor y = data[1].reshape(Shape.of(30, 1));
        Sequential model = exploding();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> model.fit(times100(data[0]), y, QUIET.batchSize(10).epochs(50)));
        assertTrue(!Double.isFinite(e.loss()), "loss " + e.loss());
        assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", batch " + e.batch()), e.getMessage());
        assertEquals(e.epoch(), e.history().size(), "the history holds the completed epochs");
        assertEquals(3 * e.epoch() + e.batch(), model.state().step(), "every step before the diverging one, no more");
        model.weights().values().forEach(w -> {
            for (double v : w.toDoubleArray()) {
                assertTrue(Double.isFinite(v), "weights stay finite");
            }
        });
        History h = exploding().fit(times100(data[0]), y, QUIET.batchSize(10).epochs(50)
                .callbacks(new TerminateOnNaN()));
        assertTrue(h.size() < 50, "TerminateOnNaN stopped training early without an exception");
    }

    /**
     * Keras's {@code TerminateOnNaN} breaks out of the batch loop, and {@code fit} still ends the epoch: the
     * callbacks see its end and the history records it, loss NaN (the diverged batch is in its mean), and its
     * validation figures NaN, as Keras's of its NaN weights. The model keeps its last finite weights.
     */
    @Test
    void terminateOnNaNRecordsTheEpochItStoppedInWithANaNLossAsKeras() {
        Tensor[] data = Blobs.of(30, 6);
        Tensor y = data[1].reshape(Shape.of(30, 1));
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> exploding().fit(times100(data[0]), y, QUIET.batchSize(10).epochs(50)));
        List<Integer> ended = new ArrayList<>();
        Callback endings = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                ended.add(epoch);
            }
        };
        Sequential model = exploding();
        History h = model.fit(times100(data[0]), y, QUIET.batchSize(10).epochs(50)
                .validationData(times100(data[0]), y).callbacks(new TerminateOnNaN(), endings));
        int epochs = diverged.epoch() + 1;
        assertEquals(epochs, h.size(), "the completed epochs and the one it stopped in");
        assertEquals(epochs, ended.size(), "onEpochEnd saw the stopped epoch");
        assertTrue(Double.isNaN(h.last("loss")) || Double.isInfinite(h.last("loss")), h.toString());
        assertTrue(Double.isNaN(h.last("val_loss")), h.toString());
        for (int e = 0; e < diverged.epoch(); e++) {
            assertTrue(Double.isFinite(h.metric("loss").get(e)), h.toString());
        }
        assertEquals(3 * diverged.epoch() + diverged.batch(), model.state().step(), "no step after the diverging one");
    }

    /**
     * A callback that stops training in the middle of an epoch ends it as Keras does: the epoch is recorded with the
     * mean of the batches it ran, validated, and seen by {@code onEpochEnd}.
     */
    @Test
    void anEpochStoppedMidwayIsRecordedWithTheBatchesItRanAsKeras() {
        Tensor[] data = Blobs.of(30, 4);
        List<Double> batchLosses = new ArrayList<>();
        Callback stopper = new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                batchLosses.add(logs.get("loss"));
                if (batchLosses.size() == 5) { // epoch 1, batch 1
                    context.stopTraining();
                }
            }
        };
        Sequential model = Blobs.classifier(3);
        History h = model.fit(data[0], data[1], QUIET.batchSize(10).epochs(4).validationData(data[0], data[1])
                .callbacks(stopper));
        assertEquals(2, h.size(), h.toString());
        assertEquals(5, model.state().step());
        assertEquals(batchLosses.get(4), h.metric("loss").get(1), 0.0, "the running mean of the epoch's two batches");
        assertEquals(model.evaluate(data[0], data[1], 256).get("loss"), h.last("val_loss"), 1e-12);
    }

    @Test
    void anUpdateThatOverflowsTheWeightsIsADivergenceAndIsNotApplied() {
        // One step of size 1e306: the loss before the update is finite, the updated weights are not.
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(1e306)), new MeanSquaredError());
        ModelState before = model.state();
        Tensor x = Tensor.of(Shape.of(4, 2), 100, 100, 100, -100, -100, 100, 50, 50);
        Tensor y = Tensor.of(Shape.of(4, 1), 1, 2, 3, 4);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> model.fit(x, y, QUIET.batchSize(4)));
        assertTrue(Double.isFinite(e.loss()), "the loss was still finite: " + e.loss());
        assertTrue(e.getMessage().startsWith("fit: training diverged at epoch 0, batch 0: loss is " + e.loss()
                + " but the update made parameter 'dense/"), e.getMessage());
        assertEquals(0, e.history().size());
        assertTrue(before == model.state(), "the diverging step was not applied");
    }

    private static Tensor times100(Tensor x) {
        double[] d = x.toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            d[i] *= 100;
        }
        return Tensor.of(x.shape(), d);
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestWeights() {
        Tensor[] data = Blobs.of(60, 7);
        Sequential model = Blobs.classifier(5);
        java.util.List<ModelState> states = new java.util.ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                states.add(context.state());
            }
        };
        // No epoch improves the loss by 10: epoch 0 sets the best, epochs 1 and 2 do not improve, and with
        // patience 2 training stops after epoch 2 (Keras: wait >= patience).
        EarlyStopping stop = new EarlyStopping("loss", 2, 10.0, true);
        History h = model.fit(data[0], data[1], QUIET.epochs(10).batchSize(10).callbacks(recorder, stop));
        assertEquals(3, h.size());
        assertTrue(model.state().params() == states.get(0).params(), "the weights of epoch 0, the best, are restored");
        assertTrue(model.state().optimizer() == states.get(2).optimizer(), "the optimizer's state goes on (Keras)");
        assertEquals(states.get(2).step(), model.state().step(), "and so does the step count");
        assertTrue(states.get(2) != states.get(0));
        Sequential again = Blobs.classifier(5);
        History zero = again.fit(data[0], data[1], QUIET.epochs(10).batchSize(10)
                .callbacks(new EarlyStopping("loss", 0, 10.0, false)));
        assertEquals(2, zero.size(), "patience 0 stops at the first epoch without improvement");
    }

    @Test
    void reduceLrOnPlateauLowersTheLearningRateFactor() {
        Tensor[] data = Blobs.of(60, 8);
        Sequential model = Blobs.classifier(5);
        double[] factors = new double[1];
        Callback probe = new Callback() {
            @Override
            public void onTrainEnd(TrainingContext context) {
                factors[0] = context.learningRateFactor();
            }
        };
        model.fit(data[0], data[1], QUIET.epochs(4).batchSize(10)
                .callbacks(new ReduceLROnPlateau("loss", 0.5, 0, 10.0, 0, 0), probe));
        assertEquals(0.125, factors[0], 1e-12, "halved after epochs 2, 3 and 4");
    }

    @Test
    void csvLoggerWritesOneRowPerEpoch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Tensor[] data = Blobs.of(30, 9);
        java.nio.file.Path file = dir.resolve("log.csv");
        Blobs.classifier(1).fit(data[0], data[1], QUIET.epochs(3).batchSize(10).callbacks(new CsvLogger(file)));
        java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
        assertEquals(4, lines.size(), lines.toString());
        assertEquals("epoch,loss,sparse_categorical_accuracy", lines.get(0));
        assertTrue(lines.get(3).startsWith("2,"));
    }

    @Test
    void historyChartIsWrittenAsPngAndSvg(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Tensor[] data = Blobs.of(30, 9);
        History h = Blobs.classifier(1).fit(data[0], data[1], QUIET.epochs(2).batchSize(10));
        java.nio.file.Path png = dir.resolve("h.png");
        h.writeChart(png, "test");
        byte[] bytes = java.nio.file.Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
        // SVG needs only VectorGraphics2D, not the PDF libraries left off the class path.
        java.nio.file.Path svg = dir.resolve("h.svg");
        h.writeChart(svg, "test");
        String text = java.nio.file.Files.readString(svg);
        assertTrue(text.contains("<svg") && text.trim().endsWith("</svg>"), text.substring(0, 200));
    }

    @Test
    void initialEpochEqualToEpochsTrainsNothingAndCallsOnlyTheTrainHooks() {
        // Keras 3 loops over range(initial_epoch, epochs): empty here, with on_train_begin/end still called.
        Tensor[] data = Blobs.of(30, 11);
        Sequential model = Blobs.classifier(2);
        ModelState before = model.state();
        java.util.List<String> hooks = new java.util.ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onTrainBegin(TrainingContext context) {
                hooks.add("trainBegin");
            }

            @Override
            public void onEpochBegin(int epoch, TrainingContext context) {
                hooks.add("epochBegin " + epoch);
            }

            @Override
            public void onBatchBegin(int batch, TrainingContext context) {
                hooks.add("batchBegin " + batch);
            }

            @Override
            public void onTrainEnd(TrainingContext context) {
                hooks.add("trainEnd");
            }
        };
        History h = model.fit(data[0], data[1], QUIET.epochs(3).initialEpoch(3).batchSize(10).callbacks(probe));
        assertEquals(0, h.size());
        assertEquals(java.util.List.of("trainBegin", "trainEnd"), hooks);
        assertEquals(0, model.state().step());
        before.params().forEach(e -> assertTrue(e._2.sameValues(model.state().param(e._1)), e._1));
        hooks.clear();
        assertEquals(0, model.fit(data[0], data[1], QUIET.epochs(0).batchSize(10).callbacks(probe)).size());
        assertEquals(java.util.List.of("trainBegin", "trainEnd"), hooks, "epochs(0), Keras's fit(epochs=0)");
        assertEquals(0, model.state().step());
        hooks.clear();
        model.fit(data[0], data[1], QUIET.epochs(3).initialEpoch(2).batchSize(10).callbacks(probe));
        assertEquals(java.util.List.of("trainBegin", "epochBegin 2", "batchBegin 0", "batchBegin 1", "batchBegin 2",
                "trainEnd"), hooks, "one epoch more trains the last one only");
    }

    @Test
    void anInterruptStopsAtABatchBoundary() {
        Tensor[] data = Blobs.of(30, 10);
        Model model = Blobs.classifier(1);
        Thread.currentThread().interrupt();
        try {
            assertThrows(TrainingInterruptedException.class, () -> model.fit(data[0], data[1], QUIET.batchSize(10)));
            assertEquals(0, model.state().step());
        } finally {
            Thread.interrupted();
        }
    }
}
