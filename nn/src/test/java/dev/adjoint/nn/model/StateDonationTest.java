package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.optim.Adam;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fit} donates the state before each step to the next one when no one else can hold it
 * ({@link TrainStep#reclaim}): the steps then write into the old arrays, and a state anyone asked for stays
 * exactly as it was.
 */
class StateDonationTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);
    private static final int FEATURES = 64;

    /** Weights large enough for the buffer pool (64 x 128 and 128 x 32 kernels), with Adam's two moments. */
    private static Sequential model() {
        Sequential model = new Sequential(Shape.of(FEATURES), DType.FLOAT32, 5);
        model.add(Dense.of(128, new Relu()));
        model.add(Dense.of(32, new Relu()));
        model.add(Dense.of(4));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true));
        return model;
    }

    private static Tensor[] data(int rows) {
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(rows, FEATURES), -1, 1);
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 4;
        }
        return new Tensor[] {x, Tensor.of(DType.FLOAT32, Shape.of(rows), labels)};
    }

    private static Map<String, float[]> copy(ModelState state) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        state.params().forEach(p -> values.put(p._1, p._2.toFloatArray()));
        state.optimizer().forEach(s -> values.put(s._1, s._2.toFloatArray()));
        return values;
    }

    private static void assertUnchanged(Map<String, float[]> expected, ModelState state, String when) {
        Map<String, float[]> now = copy(state);
        expected.forEach((name, values) -> assertArrayEquals(values, now.get(name), when + ": " + name));
    }

    @Test
    void aStateACallbackAskedForNeverChangesAsTrainingGoesOn() {
        Tensor[] d = data(256);
        List<ModelState> held = new ArrayList<>();
        List<Map<String, float[]>> copies = new ArrayList<>();
        Callback keeper = new Callback() {
            @Override
            public void onBatchBegin(int batch, TrainingContext context) {
                if (batch == 2) { // the state the coming step starts from
                    held.add(context.model().state());
                    copies.add(copy(held.get(held.size() - 1)));
                }
            }

            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                if (batch == 5) { // the state a step just made
                    held.add(context.model().state());
                    copies.add(copy(held.get(held.size() - 1)));
                }
            }
        };
        model().fit(d[0], d[1], QUIET.epochs(3).batchSize(16).seed(2).callbacks(keeper));
        assertTrue(held.size() == 6, "two states per epoch, got " + held.size());
        for (int i = 0; i < held.size(); i++) {
            assertUnchanged(copies.get(i), held.get(i), "held state " + i);
        }
    }

    @Test
    void donatingChangesNoWeightBitAndNoHistory() {
        Tensor[] d = data(200);
        Sequential donating = model();
        Sequential holding = model();
        Callback asker = new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                context.model().state(); // every state handed out: fit never donates
            }
        };
        History a = donating.fit(d[0], d[1], QUIET.epochs(3).batchSize(16).seed(7));
        History b = holding.fit(d[0], d[1], QUIET.epochs(3).batchSize(16).seed(7).callbacks(asker));
        assertTrue(a.epochs().equals(b.epochs()), a + " vs " + b);
        Map<String, float[]> expected = copy(holding.state());
        assertUnchanged(expected, donating.state(), "donating fit");
    }

    /**
     * Allocation is compared in the steady state: the first few hundred steps run in the interpreter and C1, whose
     * temporaries (megabytes per step) swamp the 147 KB the donation saves. The two chains run in alternating windows,
     * so both are equally warm, and each keeps its smallest window.
     */
    @Test
    void aDonatedStateSavesTheStepItsArrays() {
        Sequential model = model();
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        Tensor[] d = data(32);
        Key key = Key.of(3);
        long weightBytes = 4L * (FEATURES * 128 + 128 * 32) * 3; // two kernels, each with m and v
        ModelState[] kept = {model.state()};
        ModelState[] donated = {model.state()};
        long keptLeast = Long.MAX_VALUE;
        long donatedLeast = Long.MAX_VALUE;
        for (int window = 0; window < 40; window++) {
            keptLeast = Math.min(keptLeast, allocatedPerStep(step, kept, d, key, false));
            donatedLeast = Math.min(donatedLeast, allocatedPerStep(step, donated, d, key, true));
        }
        assertTrue(donatedLeast < keptLeast - weightBytes / 2, "allocated per step: " + donatedLeast
                + " bytes donating, " + keptLeast + " keeping every state (least of 40 windows of 20 steps);"
                + " the large state arrays alone are " + weightBytes + " bytes");
    }

    /**
     * Runs 20 steps from {@code chain[0]}, leaving the last state there; returns the bytes allocated per step by all
     * threads: the kernels' workers run some of a step's tasks and the caller the others, in a split that depends on
     * how busy the machine is, so this thread's count alone moved by more than the donation saves (a CI run on a
     * loaded machine read 1.83 MB donating against 1.73 MB keeping).
     */
    private static long allocatedPerStep(TrainStep step, ModelState[] chain, Tensor[] d, Key key, boolean donate) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        int steps = 20;
        long before = allThreadsAllocated(threads);
        for (int i = 0; i < steps; i++) {
            ModelState next = step.apply(chain[0], d[0], d[1], key, 1.0).state();
            if (donate) {
                step.reclaim(chain[0], next);
            }
            chain[0] = next;
        }
        return (allThreadsAllocated(threads) - before) / steps;
    }

    /** The bytes every live thread has allocated (threads that ended are left out; the kernels' workers persist). */
    private static long allThreadsAllocated(com.sun.management.ThreadMXBean threads) {
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(bytes, 0);
        }
        return total;
    }
}
