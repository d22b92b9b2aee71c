package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Sgd;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code fit} refuses: a second call on a model that is already training (the two would replace the same
 * weights step by step and lose each other's updates), a {@code compile} or {@code add} while it trains (the
 * loop would go on with the step it compiled), and a step whose update made the optimizer's state
 * non-finite (an infinite second moment leaves the weights finite and poisons every later step).
 */
class FitGuardsTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    @Test
    void aSecondFitWhileTheFirstRunsIsRefusedAndTheFirstLosesNoStep() throws Exception {
        Tensor[] data = Blobs.of(60, 1);
        Sequential model = Blobs.classifier(1);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Callback hold = holdAtSecondEpoch(inside, release);
        CompletableFuture<History> first = CompletableFuture.supplyAsync(() -> model.fit(data[0], data[1],
                QUIET.epochs(3).batchSize(10).callbacks(hold)));
        assertTrue(inside.await(30, TimeUnit.SECONDS), "the first fit reached its second epoch");
        ModelState during = model.state();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.fit(data[0], data[1], QUIET.epochs(1).batchSize(10)));
        assertTrue(e.getMessage().startsWith("fit: one model trains in one fit call at a time, got a second call"
                + " while thread '"), e.getMessage());
        assertSame(during, model.state(), "the refused call changed nothing");
        release.countDown();
        assertEquals(3, first.get(60, TimeUnit.SECONDS).size());
        assertEquals(18, model.state().step(), "3 epochs of 6 batches, none lost");
        model.fit(data[0], data[1], QUIET.epochs(1).batchSize(10));   // released: the model trains again
        assertEquals(24, model.state().step());
    }

    @Test
    void fitCalledFromItsOwnCallbackIsRefused() {
        Tensor[] data = Blobs.of(30, 1);
        Sequential model = Blobs.classifier(1);
        Callback reenter = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                context.model().fit(data[0], data[1], QUIET.batchSize(10));
            }
        };
        CallbackException e = assertThrows(CallbackException.class,
                () -> model.fit(data[0], data[1], QUIET.batchSize(10).callbacks(reenter)));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(cause.getMessage().contains("this thread's fit is running (called from a callback?)"),
                cause.getMessage());
    }

    /** A callback that runs {@code change} on the model after the first step of the first epoch. */
    private static Callback afterFirstStep(java.util.function.Consumer<Model> change) {
        return new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                if (context.state().step() == 1) {
                    change.accept(context.model());
                }
            }
        };
    }

    @Test
    void compileOrAddFromACallbackIsRefusedAndTheModelKeepsItsCompilationLayersAndSteps() {
        Tensor[] data = Blobs.of(30, 1);
        // Before: a compile in a callback reset the step count while the loop kept stepping with the loss it had
        // compiled (or failed in its next step on optimizer slots of another optimizer); an add made the next
        // step fail on a state of other parameters.
        for (Map.Entry<String, java.util.function.Consumer<Model>> change : java.util.List.of(
                Map.entry("compile", (java.util.function.Consumer<Model>) m -> m.compile(Sgd.defaults(),
                        new SparseCategoricalCrossEntropy(true))),
                Map.entry("compile", (java.util.function.Consumer<Model>) m -> m.compile(Adam.defaults(),
                        new MeanSquaredError())),
                Map.entry("add", (java.util.function.Consumer<Model>) m -> ((Sequential) m).add(Dense.of(2))))) {
            Sequential model = Blobs.classifier(1);
            Compilation compiled = model.compilation();
            java.util.List<dev.adjoint.nn.layer.Layer> layers = model.stack();
            CallbackException e = assertThrows(CallbackException.class, () -> model.fit(data[0], data[1],
                    QUIET.epochs(2).batchSize(10).callbacks(afterFirstStep(change.getValue()))));
            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(cause.getMessage().startsWith(change.getKey() + ": refused while this thread's fit is running"
                    + " (called from a callback?); "), cause.getMessage());
            assertTrue(cause.getMessage().endsWith("; call it after fit returns"), cause.getMessage());
            assertSame(compiled, model.compilation(), change.getKey() + " left the compilation");
            assertEquals(layers, model.stack(), change.getKey() + " left the layers");
            assertEquals(1, model.state().step(), "the completed step is kept, the count not reset");
            model.fit(data[0], data[1], QUIET.batchSize(10));   // released: trains on
            assertEquals(4, model.state().step());
            model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(true));   // and compiles after fit
            assertEquals(0, model.state().step());
        }
    }

    @Test
    void compileFromAnotherThreadWhileFitRunsIsRefusedAndTheFitLosesNoStep() throws Exception {
        Tensor[] data = Blobs.of(60, 1);
        Sequential model = Blobs.classifier(1);
        Compilation compiled = model.compilation();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Callback hold = holdAtSecondEpoch(inside, release);
        CompletableFuture<History> first = CompletableFuture.supplyAsync(() -> model.fit(data[0], data[1],
                QUIET.epochs(2).batchSize(10).callbacks(hold)));
        assertTrue(inside.await(30, TimeUnit.SECONDS), "the fit reached its second epoch");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(true)));
        assertTrue(e.getMessage().startsWith("compile: refused while thread '"), e.getMessage());
        IllegalStateException add = assertThrows(IllegalStateException.class, () -> model.add(Dense.of(2)));
        assertTrue(add.getMessage().startsWith("add: refused while thread '"), add.getMessage());
        release.countDown();
        assertEquals(2, first.get(60, TimeUnit.SECONDS).size());
        assertSame(compiled, model.compilation());
        assertEquals(12, model.state().step(), "2 epochs of 6 batches, none lost");
    }

    /** A float32 linear model trained on MAE, whose kernel gradient is {@code x} (one row, |error| / 1). */
    private static Sequential linear() {
        Sequential model = new Sequential(Shape.of(1), DType.FLOAT32, 5);
        model.add(Dense.of(1));
        model.compile(Adam.defaults(), new MeanAbsoluteError());
        return model;
    }

    private static Tensor column(float value) {
        return Tensor.of(Shape.of(1, 1), new float[] {value});
    }

    @Test
    void anAdamStepWhoseSquaredGradientOverflowsFloat32IsAcceptedWithAFiniteMoment() {
        // g = 3e20: g² = 9e40 overflows float32, v' = (1 − β₂) g² = 9e37 does not
        Sequential model = linear();
        model.fit(column(3e20f), column(0), QUIET.batchSize(1));
        assertEquals(1, model.state().step());
        Tensor v = model.state().slot("dense/kernel", "v");
        assertTrue(Float.isFinite((float) v.flat(0)) && v.flat(0) > 1e37, "v = " + v.flat(0));
    }

    @Test
    void aStepThatMakesTheOptimizerStateInfiniteIsRejectedAndTheModelKeepsItsLastFiniteState() {
        // g = 3e21: the true v' = 9e39 exceeds float32, so v' = inf while the loss and the weights stay finite
        Sequential model = linear();
        ModelState before = model.state();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> model.fit(column(3e21f), column(0), QUIET.batchSize(1)));
        assertTrue(Double.isFinite(e.loss()), "the loss was finite: " + e.loss());
        assertTrue(e.getMessage().contains("the update made optimizer state 'dense/kernel/v' Infinity"),
                e.getMessage());
        assertSame(before, model.state(), "weights, optimizer state and step of the last finite step");

        Tensor[] ordinary = {Tensor.of(Shape.of(4, 1), new float[] {1, 2, 3, 4}),
            Tensor.of(Shape.of(4, 1), new float[] {2, 4, 6, 8})};
        model.fit(ordinary[0], ordinary[1], QUIET.epochs(3).batchSize(2));    // no poisoned state to inherit
        assertEquals(6, model.state().step());
        model.state().optimizer().forEach(s -> assertTrue(Double.isFinite(s._2.flat(0)), s._1));
    }

    /** A callback that, at the second epoch's start, counts {@code inside} down and waits for {@code release}. */
    private static Callback holdAtSecondEpoch(CountDownLatch inside, CountDownLatch release) {
        return new Callback() {
            @Override
            public void onEpochBegin(int epoch, TrainingContext context) {
                if (epoch == 1) {
                    inside.countDown();
                    try {
                        assertTrue(release.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
