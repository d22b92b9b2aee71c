package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerContext;

/**
 * What the spatial dropout layers ({@link SpatialDropout1D}, {@link SpatialDropout2D}, {@link SpatialDropout3D})
 * compute while training: {@code y = x · m / (1 - rate)} with {@code m ~ Bernoulli(1 - rate)} of shape
 * {@code [N, 1..., C]} (the channel axis where the data format puts it, size 1 on every spatial axis), so each
 * channel of each example is kept or dropped whole; example n's row drawn from the step's key, the layer's salt
 * and the example's index in the training data (see {@link LayerContext#rows()}), so an example's mask does not
 * depend on which examples share its batch or shard.
 */
final class ChannelDropout {

    private ChannelDropout() {
    }

    /** {@code x · m / (1 - rate)} while training with a rate above 0, else {@code x}. */
    static Node apply(Node x, LayerContext context, double rate, DataFormat format) {
        if (!context.training() || rate == 0) {
            return x;
        }
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x.shape().dim(0);
        int channel = format.channelAxis(x.rank());
        dims[channel] = x.shape().dim(channel);
        Node kept = RandomOp.bernoulliByRow(context.key(), context.rows(), Shape.of(dims), x.dtype(), 1 - rate,
                context.salt());
        return x.mul(kept.cast(x.dtype())).mul(1 / (1 - rate));
    }
}
