package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving reads one immutable ModelState, so it can run while other threads predict and while the model
 * trains: predictions are never disturbed, and every saved file is exactly one state the model passed
 * through.
 */
class ConcurrentSaveTest {

    @TempDir
    Path dir;

    private final Tensor[] data = Blobs.of(64, 9);

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(pool.submit(t)));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS)); // rethrows any failure of a task
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void predictFromSeveralThreadsWhileAnotherThreadSaves() throws Exception {
        Sequential model = Models.classifier(7);
        model.fit(data[0], data[1], Models.QUIET.epochs(1).batchSize(8));
        Tensor expected = model.predict(data[0]);
        Path file = dir.resolve("model.safetensors");
        AtomicBoolean saving = new AtomicBoolean(true);
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> {
            for (int i = 0; i < 6; i++) {
                ModelFiles.save(model, file);
            }
            saving.set(false);
            return 6;
        });
        for (int t = 0; t < 3; t++) {
            tasks.add(() -> {
                int n = 0;
                do {
                    assertTrue(model.predict(data[0], 16).sameValues(expected), "prediction during save");
                    n++;
                } while (saving.get() || n < 3);
                return n;
            });
        }
        List<Integer> counts = runAll(tasks);
        assertTrue(counts.stream().skip(1).allMatch(n -> n >= 3), counts.toString());
        Models.assertSameModel(model, ModelFiles.load(file));
    }

    @Test
    void everyFileSavedDuringTrainingIsOneConsistentState() throws Exception {
        Sequential model = Models.classifier(8);
        Map<Long, ModelState> seen = new ConcurrentHashMap<>();
        seen.put(0L, model.state());
        Semaphore saved = new Semaphore(0);
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
                ModelState s = context.state();
                seen.put(s.step(), s);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                try { // let the saver finish one more save per epoch, so that saving overlaps training however fast
                    saved.tryAcquire(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicBoolean training = new AtomicBoolean(true);
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> {
            try {
                model.fit(data[0], data[1], Models.QUIET.epochs(6).batchSize(4).seed(3).callbacks(recorder));
            } finally {
                training.set(false);
            }
            return 0;
        });
        tasks.add(() -> {
            int n = 0;
            while (training.get() || n == 0) {
                ModelFiles.save(model, dir.resolve("snapshot-" + n++ + ".safetensors"));
                saved.release();
            }
            return n;
        });
        tasks.add(() -> {
            int n = 0;
            while (training.get() || n == 0) {
                Tensor p = model.predict(data[0]);
                assertEquals(Shape.of(64, 3), p.shape());
                for (int i = 0; i < p.size(); i++) {
                    assertTrue(Double.isFinite(p.flat(i)));
                }
                n++;
            }
            return n;
        });
        int saves = runAll(tasks).get(1);
        assertTrue(saves >= 6, "saved " + saves + " times while training");
        for (int i = 0; i < saves; i++) {
            Model loaded = ModelFiles.load(dir.resolve("snapshot-" + i + ".safetensors"));
            ModelState state = seen.get(loaded.state().step());
            assertNotNull(state, "snapshot " + i + " is at a step the model passed through");
            Models.assertSameState(state, loaded.state());
        }
    }
}
