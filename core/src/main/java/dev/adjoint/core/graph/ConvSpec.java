package dev.adjoint.core.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The geometry of a convolution other than its kernel's size, with Keras's names and defaults: strides 1,
 * {@link Padding#VALID}, dilation 1, one group, {@link DataFormat#CHANNELS_LAST}.
 *
 * <p>With {@code d} spatial axes, input {@code x : [N, s_1..s_d, C_in]} and kernel
 * {@code w : [k_1..k_d, C_in / groups, C_out]}, the convolution (a cross-correlation, as in every deep-learning
 * library) is
 * <pre>
 *   y[n, o, j] = sum_{t, c} x[n, o·stride - before + t·dilation, g·C_in/groups + c] · w[t, c, j]
 * </pre>
 * over the kernel's taps {@code t} and the {@code C_in / groups} channels {@code c} of the group
 * {@code g = j / (C_out / groups)} of output channel {@code j}, reading zeros outside the input. Depthwise is
 * {@code groups = C_in}.
 *
 * @param strides the step between windows per spatial axis (one entry: every axis), each >= 1
 * @param padding how the windows meet the edges
 * @param dilations the step between a window's taps per spatial axis (one entry: every axis), each >= 1
 * @param groups the number of channel groups, >= 1; input and output channels must both be divisible by it
 * @param dataFormat where the channel axis of the input and output lies
 */
public record ConvSpec(List<Integer> strides, Padding padding, List<Integer> dilations, int groups,
        DataFormat dataFormat) {

    /** Validates and copies the fields. */
    public ConvSpec {
        strides = positive("conv", "strides", strides);
        dilations = positive("conv", "dilations", dilations);
        Objects.requireNonNull(padding, "padding is null");
        Objects.requireNonNull(dataFormat, "dataFormat is null");
        if (groups < 1) {
            throw new IllegalArgumentException("conv: groups must be >= 1, got " + groups);
        }
    }

    /** Keras's defaults: strides 1, valid padding, dilation 1, one group, channels last. */
    public static ConvSpec defaults() {
        return new ConvSpec(List.of(1), Padding.VALID, List.of(1), 1, DataFormat.CHANNELS_LAST);
    }

    /** With these strides (one entry: every spatial axis). */
    public ConvSpec withStrides(int... s) {
        return new ConvSpec(list(s, "strides"), padding, dilations, groups, dataFormat);
    }

    /** With this padding. */
    public ConvSpec withPadding(Padding p) {
        return new ConvSpec(strides, p, dilations, groups, dataFormat);
    }

    /** With these dilations (one entry: every spatial axis). */
    public ConvSpec withDilations(int... d) {
        return new ConvSpec(strides, padding, list(d, "dilations"), groups, dataFormat);
    }

    /** With this many channel groups. */
    public ConvSpec withGroups(int g) {
        return new ConvSpec(strides, padding, dilations, g, dataFormat);
    }

    /** With this data format. */
    public ConvSpec withDataFormat(DataFormat f) {
        return new ConvSpec(strides, padding, dilations, groups, f);
    }

    static List<Integer> list(int[] values, String what) {
        Objects.requireNonNull(values, what + " is null");
        return Arrays.stream(values).boxed().toList();
    }

    /**
     * An immutable copy of {@code values}, checked to be one or more values >= 1.
     *
     * @throws IllegalArgumentException {@code "<op>: <what> must be one or more values >= 1, got <values>"}
     */
    static List<Integer> positive(String op, String what, List<Integer> values) {
        Objects.requireNonNull(values, what + " is null");
        List<Integer> copy = List.copyOf(values);
        if (copy.isEmpty() || copy.stream().anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException(op + ": " + what + " must be one or more values >= 1, got " + copy);
        }
        return copy;
    }
}
