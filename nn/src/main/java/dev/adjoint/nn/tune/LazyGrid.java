package dev.adjoint.nn.tune;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A range's grid as a read-only list computed on demand: value {@code k} is {@code valueAt(k)}, so a grid of a
 * billion steps costs nothing until it is read (the size is checked against the grid limit before).
 */
final class LazyGrid {

    private LazyGrid() {
    }

    /** The {@code size} values {@code valueAt(0), ..., valueAt(size - 1)}. */
    static List<Object> of(int size, IntFunction<Object> valueAt) {
        return new AbstractList<>() {
            @Override
            public Object get(int k) {
                Objects.checkIndex(k, size);
                return valueAt.apply(k);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
