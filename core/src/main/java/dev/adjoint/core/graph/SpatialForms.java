package dev.adjoint.core.graph;

/**
 * The fluent forms of the convolution ({@link ConvOp}) and pooling ({@link PoolOp}) factories on {@link Node}:
 * {@code x.conv(w, spec)} is {@code ConvOp.conv(x, w, spec)}. Sugar only: each form calls its factory, which
 * holds the rules.
 */
public sealed interface SpatialForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }


    /** {@link ConvOp#conv(Node, Node)}: the convolution by kernel {@code w}, Keras's defaults. */
    default Node conv(Node w) { return ConvOp.conv(self(), w); }

    /** {@link ConvOp#conv(Node, Node, ConvSpec)}: the convolution by kernel {@code w}. */
    default Node conv(Node w, ConvSpec spec) { return ConvOp.conv(self(), w, spec); }

    /** {@link ConvOp#convTranspose(Node, Node, ConvSpec)}: the transposed convolution, Keras's output size. */
    default Node convTranspose(Node w, ConvSpec spec) { return ConvOp.convTranspose(self(), w, spec); }

    /** {@link ConvOp#convTranspose(Node, Node, ConvSpec, int[])}: the transposed convolution to a given size. */
    default Node convTranspose(Node w, ConvSpec spec, int[] outputSize) {
        return ConvOp.convTranspose(self(), w, spec, outputSize);
    }

    /** {@link PoolOp#maxPool}: the maximum of each window. */
    default Node maxPool(PoolSpec spec) { return PoolOp.maxPool(self(), spec); }

    /** {@link PoolOp#avgPool}: the average of each window, padded cells excluded. */
    default Node avgPool(PoolSpec spec) { return PoolOp.avgPool(self(), spec); }

    /** {@link PoolOp#globalAvgPool}: the mean over the spatial axes. */
    default Node globalAvgPool(DataFormat format) { return PoolOp.globalAvgPool(self(), format); }

    /** {@link PoolOp#globalMaxPool}: the maximum over the spatial axes. */
    default Node globalMaxPool(DataFormat format) { return PoolOp.globalMaxPool(self(), format); }

    /** {@link PoolOp#upsampleNearest}: every cell repeated by the factors. */
    default Node upsampleNearest(int[] size, DataFormat format) { return PoolOp.upsampleNearest(self(), size, format); }

    /** {@link PoolOp#upsampleBilinear}: bilinear upsampling with half-pixel centres. */
    default Node upsampleBilinear(int[] size, DataFormat format) {
        return PoolOp.upsampleBilinear(self(), size, format);
    }
}
