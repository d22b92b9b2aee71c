package dev.adjoint.core.graph;

/**
 * Attaches a note to each node as it is built: the seam through which a layer outside the reference core
 * remembers where nodes came from (Adjoint's {@link Provenance} is the one installed). The core reads a note
 * only to cite it in an error message ({@link #describe}). An annotator is found once, through
 * {@link java.util.ServiceLoader}; without one, nodes carry none.
 */
public interface Annotator {

    /** The note for a node being built now on this thread, or null for none. */
    Object note();

    /**
     * How an error message naming an operand cites its note, e.g. {@code built at Model.build(Model.java:42)},
     * or null for nothing. By default nothing.
     */
    default String describe(Object note) {
        return null;
    }
}
