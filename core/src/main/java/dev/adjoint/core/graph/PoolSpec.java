package dev.adjoint.core.graph;

import java.util.List;
import java.util.Objects;

/**
 * The geometry of a pooling window, with Keras's names and defaults: strides equal to the pool size,
 * {@link Padding#VALID}, {@link DataFormat#CHANNELS_LAST}. Each lists holds one entry per spatial axis, or one
 * entry for every axis.
 *
 * @param poolSize the window's size per spatial axis, each >= 1
 * @param strides the step between windows per spatial axis, each >= 1
 * @param padding how the windows meet the edges; padded cells never win a maximum nor count in an average
 * @param dataFormat where the channel axis lies
 */
public record PoolSpec(List<Integer> poolSize, List<Integer> strides, Padding padding, DataFormat dataFormat) {

    /** Validates and copies the fields. */
    public PoolSpec {
        poolSize = ConvSpec.positive("PoolSpec", "poolSize", poolSize);
        strides = ConvSpec.positive("PoolSpec", "strides", strides);
        Objects.requireNonNull(padding, "padding is null");
        Objects.requireNonNull(dataFormat, "dataFormat is null");
    }

    /** Windows of {@code size} (one entry: every spatial axis), strides equal to the size, valid, channels last. */
    public static PoolSpec of(int... size) {
        List<Integer> s = ConvSpec.list(size, "poolSize");
        return new PoolSpec(s, s, Padding.VALID, DataFormat.CHANNELS_LAST);
    }

    /** With these strides (one entry: every spatial axis). */
    public PoolSpec withStrides(int... s) {
        return new PoolSpec(poolSize, ConvSpec.list(s, "strides"), padding, dataFormat);
    }

    /** With this padding. */
    public PoolSpec withPadding(Padding p) {
        return new PoolSpec(poolSize, strides, p, dataFormat);
    }

    /** With this data format. */
    public PoolSpec withDataFormat(DataFormat f) {
        return new PoolSpec(poolSize, strides, padding, f);
    }
}
