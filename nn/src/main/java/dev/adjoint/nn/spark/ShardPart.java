package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ShardGradient;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shard's {@link ShardGradient.Part} on its way from an executor to the driver: the shard's index, the
 * gradients and new state values packed in the shard function's name order, the weighted loss and metrics,
 * and the nanoseconds the executor spent computing it.
 */
record ShardPart(int shard, PackedTensors tensors, double loss, double[] metrics, long computeNanos)
        implements Serializable {

    static ShardPart of(int shard, ShardGradient.Part part, DType dtype, long computeNanos) {
        List<Tensor> tensors = new ArrayList<>(part.gradients().values());
        tensors.addAll(part.state().values());
        double[] metrics = part.metrics().values().stream().mapToDouble(Double::doubleValue).toArray();
        return new ShardPart(shard, PackedTensors.pack(tensors, dtype), part.loss(), metrics, computeNanos);
    }

    /** The part again, named as {@code gradient} names its results. */
    ShardGradient.Part part(ShardGradient gradient) {
        List<Tensor> values = tensors.unpack();
        int expected = gradient.trainable().size() + gradient.updatedState().size();
        if (values.size() != expected || metrics.length != gradient.metrics().size()) {
            throw new IllegalStateException("spark: shard " + shard + " sent " + values.size() + " tensors and "
                    + metrics.length + " metrics, expected " + expected + " and " + gradient.metrics().size()
                    + "; the model factory must build the same model every time");
        }
        Map<String, Tensor> g = new LinkedHashMap<>();
        int i = 0;
        for (String name : gradient.trainable()) {
            g.put(name, values.get(i++));
        }
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (String name : gradient.updatedState()) {
            s.put(name, values.get(i++));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < metrics.length; k++) {
            m.put(gradient.metrics().get(k), metrics[k]);
        }
        return new ShardGradient.Part(g, s, loss, m);
    }
}
