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
import dev.adjoint.optim.Adam;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code fit} refuses: a second call on a model that is already training (the two would replace the same
 * weights step by step and lose each other's updates), and a step whose update made the optimizer's state
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
        Callback hold = new Callback() {
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
}
