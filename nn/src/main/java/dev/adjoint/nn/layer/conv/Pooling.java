package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.PoolOp;
import dev.adjoint.core.graph.PoolSpec;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * What the pooling layers share: Keras's arguments checked ({@code strides} null means the pool size), and
 * the pooling op applied.
 *
 * @param layer the layer's class name, for messages
 * @param rank the number of spatial axes
 * @param max max pooling, else average pooling
 * @param spec the windows
 */
record Pooling(String layer, int rank, boolean max, PoolSpec spec) {

    static Pooling of(String layer, int rank, boolean max, List<Integer> poolSize, List<Integer> strides,
            String padding, String dataFormat) {
        List<Integer> size = Spatial.sizes(layer, "poolSize", poolSize, rank, 1);
        List<Integer> step = strides == null ? size : Spatial.sizes(layer, "strides", strides, rank, 1);
        return new Pooling(layer, rank, max, new PoolSpec(size, step, Spatial.padding(layer, padding),
                Spatial.format(layer, dataFormat)));
    }

    Shape outputShape(Shape input) {
        Spatial.channels(layer, input, rank, spec.dataFormat());
        return Spatial.probe(layer, input, spec.dataFormat(), this::apply);
    }

    Node apply(Node x) {
        return max ? PoolOp.maxPool(x, spec) : PoolOp.avgPool(x, spec);
    }

    /** The output of global pooling, {@code [N, C]}, or with {@code keepdims} size-1 spatial axes. */
    static Node global(Node x, boolean max, DataFormat format, boolean keepdims) {
        Node y = max ? PoolOp.globalMaxPool(x, format) : PoolOp.globalAvgPool(x, format);
        if (!keepdims) {
            return y;
        }
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x.shape().dim(0);
        dims[format.channelAxis(x.rank())] = y.shape().dim(1);
        return y.reshape(Shape.of(dims));
    }
}
