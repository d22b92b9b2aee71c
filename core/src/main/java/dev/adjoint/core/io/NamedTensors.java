package dev.adjoint.core.io;

import dev.adjoint.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of a safetensors file: named tensors in file order, and the string metadata of the header's
 * {@code __metadata__} object (without the integrity digest, which {@link SafeTensors} adds and checks).
 *
 * @param tensors the tensors by name, ordered by their position in the data region (for files written by
 *     {@link SafeTensors#write}, the order they were given in); unmodifiable
 * @param metadata the {@code __metadata__} entries, ordered as in the header; unmodifiable
 */
public record NamedTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /** Copies both maps, keeping their order; rejects nulls. */
    public NamedTensors {
        Objects.requireNonNull(tensors, "tensors is null");
        Objects.requireNonNull(metadata, "metadata is null");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws IllegalArgumentException naming the known tensors when there is none
     */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("named tensors: no tensor named '" + name + "'; known: "
                    + tensors.keySet());
        }
        return t;
    }

    /**
     * True when both hold the same names in the same order, each tensor with the same dtype, shape and bits
     * ({@link Tensor#sameValues}), and equal metadata.
     */
    public boolean sameValues(NamedTensors other) {
        Objects.requireNonNull(other, "other is null");
        if (!tensors.keySet().stream().toList().equals(other.tensors.keySet().stream().toList())
                || !metadata.equals(other.metadata)) {
            return false;
        }
        return tensors.entrySet().stream().allMatch(e -> e.getValue().sameValues(other.tensors.get(e.getKey())));
    }
}
