package dev.adjoint.core.eval;

/**
 * What a compiled function's buffer reuse did over its calls so far (see {@link Function#bufferReuse()}):
 * arrays handed to kernels from dead intermediates of the same call or of an earlier one, and arrays
 * allocated fresh, with their sizes in bytes. Only arrays of at least
 * {@link dev.adjoint.core.kernel.BufferPool#MIN_ELEMENTS} elements count; smaller ones are always fresh.
 *
 * @param recycledArrays arrays reused
 * @param freshArrays arrays allocated
 * @param recycledBytes bytes of the arrays reused
 * @param freshBytes bytes of the arrays allocated
 */
public record BufferReuse(long recycledArrays, long freshArrays, long recycledBytes, long freshBytes) {

    /** The fraction of requested bytes served by recycled arrays, 0 when nothing was requested. */
    public double recycledFraction() {
        long total = recycledBytes + freshBytes;
        return total == 0 ? 0 : (double) recycledBytes / total;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d arrays recycled (%.1f MB), %d fresh (%.1f MB)", recycledArrays,
                recycledBytes / 1e6, freshArrays, freshBytes / 1e6);
    }
}
