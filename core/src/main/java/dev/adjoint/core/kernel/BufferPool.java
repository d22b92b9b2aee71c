package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Not API: the recycling of large tensor arrays by a compiled function, within a call and from one call to
 * the next.
 *
 * <p><b>Liveness.</b> A compiled plan knows, for every value, the step that reads it last; after that step
 * the value is dead. Values can share one array (a reshape shares its input's storage, {@code stopGradient}
 * returns its input), so what dies is an <em>array</em>, and it dies when the last live value holding it is
 * dropped. The pool therefore counts holders per array: {@link #hold} when a step's result enters its slot,
 * {@link #release} when the slot is cleared after its last reader. An array whose count falls to zero goes to
 * a free list of its length, and the next kernel that asks for that length gets it back instead of a fresh one.
 * Since the layers of a network repeat shapes and a training step repeats itself, most arrays of a call are
 * recycled: the forward activations of one step become the gradients of the next.
 *
 * <p><b>Which arrays.</b> Only arrays this pool handed out during the current call are ever recycled. Inputs
 * passed by the caller, constants held by the graph and results of earlier calls are never in the pool, and
 * the arrays of a call's outputs stay held at its end and are forgotten by {@link #close}, so a tensor that
 * escapes a call can never change. Arrays below {@link #MIN_ELEMENTS} elements are left to the JVM's
 * allocator, which is cheaper for them than a lookup here.
 *
 * <p><b>Kernels.</b> A kernel asks with {@link #floats(int)} / {@link #doubles(int)} / {@link #zeroed} (zeroed,
 * like {@code new}) or with {@link #floatsForOverwrite(int)} / {@link #doublesForOverwrite(int)} /
 * {@link #forOverwrite} (any dtype's storage) when it writes every
 * element itself. Outside an open pool (a kernel called directly, or on a helper thread of {@link Parallel})
 * these are plain allocations.
 *
 * <p>A pool belongs to one call on one thread at a time; a function keeps one idle pool for its next call.
 */
public final class BufferPool {

    /** Arrays shorter than this are plain allocations and never recycled. */
    public static final int MIN_ELEMENTS = 1024;

    /**
     * False when the system property {@code adjoint.reuse} is {@code false}: every kernel then allocates fresh
     * arrays, as before buffer reuse existed. Volatile so that the benchmark can alternate the two in one JVM.
     */
    static volatile boolean enabled = !"false".equals(System.getProperty("adjoint.reuse", "true").trim());

    private static final ThreadLocal<BufferPool> CURRENT = new ThreadLocal<>();

    /** Dead arrays by length, and the call that last asked for that length. */
    private static final class FreeList {
        final ArrayDeque<Object> arrays = new ArrayDeque<>();
        long lastCall;
    }

    /** Free lists per storage type (indexed by {@link DType#ordinal}) and length. */
    private final List<Map<Integer, FreeList>> free = new ArrayList<>();

    {
        for (int k = 0; k < DType.values().length; k++) {
            free.add(new HashMap<>());
        }
    }
    /**
     * Calls served so far. A free list asked for in neither the current call nor the one before is dropped
     * when the current call ends: a training loop's last, shorter batch then does not cost the next epoch's
     * first full batch its arrays, and what the pool keeps stays bounded by two calls' dead arrays.
     */
    private long call;
    /**
     * The arrays the tables below are first sized for (they grow as needed): every compiled body of a loop or a
     * branch keeps a pool, most of them for a few small values, and an identity table's default size of 32
     * took 270 bytes each.
     */
    private static final int SMALL = 4;
    /** Up to this many large results, {@link #pinShared} compares them pairwise; beyond, through a map. */
    private static final int PAIRWISE = 64;
    /** Arrays handed out in the current call and not yet dead, with their number of holding slots. */
    private final IdentityHashMap<Object, int[]> holders = new IdentityHashMap<>(SMALL);
    /** The arrays of the last call's and the one before's results, which {@link #reclaim} may take back. */
    private Set<Object> escaped = Collections.newSetFromMap(new IdentityHashMap<>(SMALL));
    private Set<Object> escapedBefore = Collections.newSetFromMap(new IdentityHashMap<>(SMALL));
    private BufferPool outer;
    private boolean suspended;
    private long recycledArrays;
    private long freshArrays;
    private long recycledBytes;
    private long freshBytes;

    /** Makes this pool serve the kernels called on this thread until {@link #close}. */
    public void open() {
        call++;
        outer = CURRENT.get();
        CURRENT.set(this);
    }

    /**
     * Ends the call: arrays still held (the outputs, values of a call that failed) are forgotten, never
     * recycled; the free lists of the lengths this call or the one before asked for are kept for the next
     * call, the others dropped, so what the pool keeps is bounded by two calls' dead arrays (a function called
     * with ever new batch sizes does not accumulate the arrays of every size it has seen). Restores the pool
     * of an enclosing call, if any.
     */
    public void close() {
        Set<Object> older = escapedBefore;
        escapedBefore = escaped;
        older.clear();
        older.addAll(holders.keySet());
        escaped = older;
        holders.clear();
        for (Map<Integer, FreeList> lists : free) {
            lists.values().removeIf(list -> list.lastCall < call - 1);
        }
        suspended = false;
        // set, not removed when there is no outer pool: a helper thread opens and closes a pool per call, and a
        // removed entry makes every lookup in between a miss of the thread's map
        CURRENT.set(outer);
        outer = null;
    }

    /**
     * Runs {@code work} with no pool open on this thread (kernels get plain arrays), then restores the pool that
     * was open: for values that outlive the call in progress, such as the constants a compiler folds into a
     * graph it compiles during the call.
     */
    public static <T> T unpooled(Supplier<T> work) {
        BufferPool pool = CURRENT.get();
        if (pool == null) {
            return work.get();
        }
        CURRENT.set(null);
        try {
            return work.get();
        } finally {
            CURRENT.set(pool);
        }
    }

    /** The pool open on this thread (the innermost, when calls nest), or null. */
    public static BufferPool current() {
        return CURRENT.get();
    }

    /**
     * While suspended, kernels get plain allocations: around code the pool must not hand arrays to, such as
     * a user-defined op that might keep the arrays it computes.
     */
    public void suspend(boolean suspend) {
        suspended = suspend;
    }

    /** A slot now holds {@code value}: its array, if the pool handed it out, gains a holder. */
    public void hold(Tensor value) {
        if (TensorInternals.length(value) >= MIN_ELEMENTS) {
            int[] count = holders.get(TensorInternals.storage(value));
            if (count != null) {
                count[0]++;
            }
        }
    }

    /** A slot dropped {@code value}: its array loses a holder and is free once it has none. */
    public void release(Tensor value) {
        if (TensorInternals.length(value) < MIN_ELEMENTS) {
            return;
        }
        Object array = TensorInternals.storage(value);
        int[] count = holders.get(array);
        if (count == null || --count[0] > 0) {
            return;
        }
        holders.remove(array);
        // the array was handed out in this call, so its length's free list exists and is current
        free.get(value.dtype().ordinal()).get(TensorInternals.length(value)).arrays.push(array);
    }

    /**
     * {@code value}'s array is never recycled in this call: for the inputs of code that may keep references
     * to them.
     */
    public void pin(Tensor value) {
        if (TensorInternals.length(value) >= MIN_ELEMENTS) {
            holders.remove(TensorInternals.storage(value));
        }
    }

    /**
     * The caller of the last two calls is done with {@code value}, one of their results, and holds no other
     * value sharing its array: the array is recycled by the next call. Anything else is left alone (an array
     * this pool did not hand out as a result, or one given back already).
     */
    public void reclaim(Tensor value) {
        if (TensorInternals.length(value) < MIN_ELEMENTS || !enabled) {
            return;
        }
        Object array = TensorInternals.storage(value);
        if (escaped.remove(array) || escapedBefore.remove(array)) {
            FreeList list = free.get(value.dtype().ordinal()).computeIfAbsent(TensorInternals.length(value),
                    length -> new FreeList());
            list.lastCall = Math.max(list.lastCall, call);
            list.arrays.push(array);
        }
    }

    /**
     * Pins every one of a call's {@code results} that shares its array with another (a node returned twice, a
     * result and its reshape): a caller giving one of them back ({@link #reclaim}) may still hold the other, and
     * cannot tell from the tensors that they share, so such arrays are never taken back.
     */
    public void pinShared(List<Tensor> results) {
        int large = 0; // only arrays of MIN_ELEMENTS or more are ever taken back, so only they need pinning
        for (Tensor result : results) {
            large += TensorInternals.length(result) >= MIN_ELEMENTS ? 1 : 0;
        }
        if (large < 2) {
            return;
        }
        if (large <= PAIRWISE) { // a training step's few dozen weights and slots: compared in place, no allocation
            for (int i = 0; i < results.size(); i++) {
                Tensor a = results.get(i);
                for (int j = i + 1; j < results.size() && TensorInternals.length(a) >= MIN_ELEMENTS; j++) {
                    if (TensorInternals.storage(results.get(j)) == TensorInternals.storage(a)) {
                        pin(a);
                        pin(results.get(j));
                    }
                }
            }
            return;
        }
        Map<Object, Tensor> first = new IdentityHashMap<>(2 * large);
        for (Tensor result : results) {
            if (TensorInternals.length(result) >= MIN_ELEMENTS) {
                Tensor earlier = first.putIfAbsent(TensorInternals.storage(result), result);
                if (earlier != null) {
                    pin(earlier);
                    pin(result);
                }
            }
        }
    }

    /** Whether {@code value} shares its storage array with one of {@code values}. */
    public static boolean sharesArray(Tensor value, List<Tensor> values) {
        Object array = TensorInternals.storage(value);
        for (Tensor v : values) {
            if (TensorInternals.storage(v) == array) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the dead arrays this pool keeps for the next call. */
    public long retainedBytes() {
        long bytes = 0;
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (Map.Entry<Integer, FreeList> e : free.get(dtype.ordinal()).entrySet()) {
                bytes += (long) dtype.byteSize() * e.getKey() * e.getValue().arrays.size();
            }
        }
        return bytes;
    }

    /** Arrays recycled and arrays freshly allocated by this pool since it was made, and their bytes. */
    public long[] counts() {
        return new long[] {recycledArrays, freshArrays, recycledBytes, freshBytes};
    }

    // ------------------------------------------------------------------------------------------- kernels

    /** A zeroed float array of length {@code n}. */
    public static float[] floats(int n) {
        return (float[]) zeroed(DType.FLOAT32, n);
    }

    /** A float array of length {@code n} with undefined contents: the caller writes every element. */
    public static float[] floatsForOverwrite(int n) {
        return (float[]) forOverwrite(DType.FLOAT32, n);
    }

    /** A zeroed double array of length {@code n}. */
    public static double[] doubles(int n) {
        return (double[]) zeroed(DType.FLOAT64, n);
    }

    /** A double array of length {@code n} with undefined contents: the caller writes every element. */
    public static double[] doublesForOverwrite(int n) {
        return (double[]) forOverwrite(DType.FLOAT64, n);
    }

    /**
     * A storage array of {@code n} elements of {@code dtype} ({@code double[]}, {@code float[]},
     * {@code long[]}, {@code int[]} or {@code boolean[]}) with undefined contents: the caller writes every
     * element.
     */
    public static Object forOverwrite(DType dtype, int n) {
        BufferPool pool = active(n);
        return pool == null ? TensorInternals.allocate(dtype, n) : pool.take(dtype, n);
    }

    /** A zeroed storage array of {@code n} elements of {@code dtype} (false for BOOL). */
    public static Object zeroed(DType dtype, int n) {
        BufferPool pool = active(n);
        if (pool == null) {
            return TensorInternals.allocate(dtype, n);
        }
        Object a = pool.take(dtype, n);
        switch (dtype) {
            case FLOAT64 -> Arrays.fill((double[]) a, 0.0);
            case FLOAT32 -> Arrays.fill((float[]) a, 0f);
            case INT64 -> Arrays.fill((long[]) a, 0L);
            case INT32 -> Arrays.fill((int[]) a, 0);
            case BOOL -> Arrays.fill((boolean[]) a, false);
        }
        return a;
    }

    /**
     * A zeroed double array for a result of dtype {@code result}: from the pool when the result is float64
     * (the array becomes the tensor's storage), else a plain temporary that a float32 result is rounded from
     * (a pooled array would be handed out and never come back).
     */
    public static double[] doublesFor(DType result, int n) {
        return result == DType.FLOAT64 ? doubles(n) : new double[n];
    }

    /** Like {@link #doublesFor}, with undefined contents: the caller writes every element. */
    public static double[] doublesForOverwriteFor(DType result, int n) {
        return result == DType.FLOAT64 ? doublesForOverwrite(n) : new double[n];
    }

    /**
     * Gives back an array that a kernel took from this thread's open pool ({@link #floatsForOverwrite} and the like)
     * for its own use while it ran, and no longer reads: the next request of its length, in this call or the next,
     * gets it. Only an array that the caller alone references may be given back (never a kernel's result, which no
     * value holds yet either); an array from no pool, or one that a value holds, is left alone.
     */
    public static void giveBack(Object array) {
        int n = array instanceof float[] f ? f.length : array instanceof double[] d ? d.length : 0;
        BufferPool pool = active(n);
        if (pool == null) {
            return;
        }
        int[] count = pool.holders.get(array);
        if (count == null || count[0] != 0) {
            return;
        }
        pool.holders.remove(array);
        DType dtype = array instanceof float[] ? DType.FLOAT32 : DType.FLOAT64;
        pool.free.get(dtype.ordinal()).get(n).arrays.push(array);
    }

    private static BufferPool active(int n) {
        if (n < MIN_ELEMENTS || !enabled) {
            return null;
        }
        BufferPool pool = CURRENT.get();
        return pool == null || pool.suspended ? null : pool;
    }

    private Object take(DType dtype, int n) {
        FreeList list = free.get(dtype.ordinal()).computeIfAbsent(n, length -> new FreeList());
        list.lastCall = call;
        Object a = list.arrays.poll();
        if (a == null) {
            a = TensorInternals.allocate(dtype, n);
            freshArrays++;
            freshBytes += (long) dtype.byteSize() * n;
        } else {
            recycledArrays++;
            recycledBytes += (long) dtype.byteSize() * n;
        }
        holders.put(a, new int[1]);
        return a;
    }
}
