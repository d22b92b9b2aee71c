package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;

/**
 * The fluent forms of the linear-algebra ({@link LinalgOp}) and indexing ({@link IndexOp}, {@link ScatterOp})
 * factories on
 * {@link Node}: {@code x.matmul(w)} is {@code LinalgOp.matmul(x, w)}. Sugar only: each form calls its factory,
 * which holds the rules.
 */
public sealed interface LinalgIndexForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }


    /** {@link LinalgOp#matmul}: the matrix product (2-D or batched over leading dimensions). */
    default Node matmul(Node other) { return LinalgOp.matmul(self(), other); }

    /** {@link LinalgOp#dot}: the inner product with a tensor of equal shape. */
    default Node dot(Node other) { return LinalgOp.dot(self(), other); }

    /** {@link IndexOp#gather}: rows along {@code axis} at {@code indices}. */
    default Node gather(Node indices, int axis) { return IndexOp.gather(self(), indices, axis); }

    /** {@link IndexOp#lookup}: this table's rows at {@code indices} in {@code [0, rows)}. */
    default Node lookup(Node indices) { return IndexOp.lookup(self(), indices); }

    /** {@link IndexOp#takeAlongAxis}: one pick per position along {@code axis}. */
    default Node takeAlongAxis(Node indices, int axis) { return IndexOp.takeAlongAxis(self(), indices, axis); }

    /** {@link IndexOp#scatterAdd}: this with {@code src} added at {@code indices} along {@code axis}. */
    default Node scatterAdd(Node indices, Node src, int axis) { return IndexOp.scatterAdd(self(), indices, src, axis); }

    /** {@link IndexOp#scatter}: this with the slices at {@code indices} along {@code axis} replaced by src's. */
    default Node scatter(Node indices, Node src, int axis) { return IndexOp.scatter(self(), indices, src, axis); }

    /** {@link IndexOp#putAlongAxis}: this with {@code src} written at {@code indices} along {@code axis}. */
    default Node putAlongAxis(Node indices, Node src, int axis) {
        return IndexOp.putAlongAxis(self(), indices, src, axis);
    }

    /** {@link ScatterOp#gatherAlongAxis}: PyTorch's gather, {@code y[i] = this[i with idx[i] along axis]}. */
    default Node gatherAlongAxis(Node indices, int axis) { return ScatterOp.gatherAlongAxis(self(), indices, axis); }

    /** {@link ScatterOp#scatterAddAlongAxis}: PyTorch's scatter_add, this with src[i] added at idx[i] along axis. */
    default Node scatterAddAlongAxis(Node indices, Node src, int axis) {
        return ScatterOp.scatterAddAlongAxis(self(), indices, src, axis);
    }

    /** {@link ScatterOp#scatterAlongAxis}: PyTorch's scatter, this with src[i] written at idx[i] along axis. */
    default Node scatterAlongAxis(Node indices, Node src, int axis) {
        return ScatterOp.scatterAlongAxis(self(), indices, src, axis);
    }

    /** {@link IndexOp#pickPerRow}: each row's score at its label, for scores {@code [N, C]}. */
    default Node pickPerRow(Node labels) { return IndexOp.pickPerRow(self(), labels); }

    /** {@link IndexOp#softmaxCrossEntropy}: the sparse softmax cross-entropy, per row, of these logits. */
    default Node softmaxCrossEntropy(Node labels) { return IndexOp.softmaxCrossEntropy(self(), labels); }

    /** {@link IndexOp#oneHot}: one-hot vectors of these labels, in {@code dtype}. */
    default Node oneHot(int depth, DType dtype) { return IndexOp.oneHot(self(), depth, dtype); }

    /** {@link IndexOp#oneHot}: one-hot vectors of these labels, in their dtype. */
    default Node oneHot(int depth) { return IndexOp.oneHot(self(), depth); }
}
