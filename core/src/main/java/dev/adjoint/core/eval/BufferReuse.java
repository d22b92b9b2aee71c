package dev.adjoint.core.eval;

/**
 * What a compiled function's buffer reuse did over its calls so far (see {@link Function#bufferReuse()}):
 * arrays handed to kernels from dead intermediates of the same call or of an earlier one, and arrays
 * allocated fresh, with their sizes in bytes. Only arrays of at least
 * {@link dev.adjoint.core.kernel.BufferPool#MIN_ELEMENTS} elements count; smaller ones are always fresh.
 * Between calls the function keeps the dead arrays of its last call, of the lengths that call or the one
 * before used, for the next ({@code retainedBytes}, as of the end of the last call; the collector may drop them
 * under memory pressure).
 *
 * @param recycledArrays arrays reused
 * @param freshArrays arrays allocated
 * @param recycledBytes bytes of the arrays reused
 * @param freshBytes bytes of the arrays allocated
 * @param retainedBytes bytes of dead arrays kept now for the next call
 */
public record BufferReuse(long recycledArrays, long freshArrays, long recycledBytes, long freshBytes,
        long retainedBytes) {

    /** The fraction of requested bytes served by recycled arrays, 0 when nothing was requested. */
    public double recycledFraction() {
        long total = recycledBytes + freshBytes;
        return total == 0 ? 0 : (double) recycledBytes / total;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d arrays recycled (%.1f MB), %d fresh (%.1f MB), %.1f MB kept",
                recycledArrays, recycledBytes / 1e6, freshArrays, freshBytes / 1e6, retainedBytes / 1e6);
    }
}
