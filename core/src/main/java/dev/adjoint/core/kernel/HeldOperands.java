package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tensors that stay the same over a stretch of computation, such as the weights a loop reads at every step:
 * while they are held ({@link #hold}), the GEMM keeps its packed copies of them (the panels it would otherwise
 * pack again at every product) and reuses them; releasing the last hold drops the copies. The packed copy is
 * the same data in the same order, so the results are the same bits.
 *
 * <p>Sound because tensors are immutable and a held tensor's storage is not recycled while it is held (the
 * holder keeps it alive, e.g. a loop's inputs for the duration of the loop).
 */
public final class HeldOperands {

    /** Storage arrays held, by identity, with the number of holds. */
    private static final Map<Ref, Integer> HELD = new ConcurrentHashMap<>();
    /** Packed copies by what they were packed from. */
    private static final Map<Key, Object> PACKED = new ConcurrentHashMap<>();
    /** The number of holds in force: nothing to look up while it is 0. */
    private static volatile int holds;

    private HeldOperands() {
    }

    /** A storage array, compared by identity. */
    private record Ref(Object array) {
    }

    /**
     * What a packed copy was packed from: the array (by identity; arrays do not override equals) and the
     * packing's parameters, including the layout's panel width.
     */
    record Key(Object array, int offset, boolean transposed, int k, int n, int pc, int kcs, int jc, int nc,
            int panel) {
    }

    /** A hold on some tensors; closing it releases them. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** Holds the storage of {@code tensors} until the returned hold is closed. */
    public static Hold hold(List<Tensor> tensors) {
        List<Ref> refs = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            Ref ref = new Ref(TensorInternals.storage(t));
            refs.add(ref);
            synchronized (HeldOperands.class) {
                HELD.merge(ref, 1, Integer::sum);
                holds++;
            }
        }
        return () -> {
            for (Ref ref : refs) {
                synchronized (HeldOperands.class) {
                    if (HELD.merge(ref, -1, (a, b) -> a + b == 0 ? null : a + b) == null) {
                        PACKED.keySet().removeIf(key -> key.array() == ref.array());
                    }
                    holds--;
                }
            }
        };
    }

    /** Whether {@code array} is the storage of a held tensor. */
    static boolean held(Object array) {
        return holds > 0 && HELD.containsKey(new Ref(array));
    }

    /** The packed copy for {@code key}, packed by {@code pack} the first time. */
    static Object packed(Key key, Supplier<Object> pack) {
        return PACKED.computeIfAbsent(key, k -> pack.get());
    }

    /** The number of packed copies kept. */
    static int copies() {
        return PACKED.size();
    }
}
