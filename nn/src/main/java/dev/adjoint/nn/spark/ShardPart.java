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
 * the counting metrics' counts, and the nanoseconds the executor spent computing it.
 */
record ShardPart(int shard, PackedTensors tensors, double loss, double[] metrics, PackedTensors counts,
        long computeNanos) implements Serializable {

    static ShardPart of(int shard, ShardGradient.Part part, DType dtype, long computeNanos) {
        List<Tensor> tensors = new ArrayList<>(part.gradients().values());
        tensors.addAll(part.state().values());
        double[] metrics = part.metrics().values().stream().mapToDouble(Double::doubleValue).toArray();
        List<Tensor> counts = new ArrayList<>(part.counts().values());
        return new ShardPart(shard, PackedTensors.pack(tensors, dtype), part.loss(), metrics,
                PackedTensors.pack(counts, counts.isEmpty() ? dtype : counts.get(0).dtype()), computeNanos);
    }

    /**
     * The parts of batch {@code batch}'s non-empty shards, placed by their shard index (never by arrival), as
     * {@code gradient} names them.
     *
     * @throws IllegalStateException if a non-empty shard sent no part, or an empty one sent one
     */
    static List<ShardGradient.Part> inShardOrder(List<ShardPart> received, EpochLayout layout, int batch,
            ShardGradient gradient) {
        ShardPart[] byShard = new ShardPart[layout.shards()];
        for (ShardPart part : received) {
            byShard[part.shard()] = part;
        }
        List<ShardGradient.Part> parts = new ArrayList<>();
        for (int k = 0; k < byShard.length; k++) {
            boolean expected = layout.shardRows(batch, k) > 0;
            if (expected != (byShard[k] != null)) {
                throw new IllegalStateException("spark fit: batch " + batch + " expected " + (expected ? "a" : "no")
                        + " part from shard " + k + ", got " + received.size() + " parts");
            }
            if (expected) {
                parts.add(byShard[k].part(gradient));
            }
        }
        return parts;
    }

    /** The part as a text message (Base64 of a plain binary form), for {@code BarrierTaskContext.allGather}. */
    String toMessage() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(shard);
            out.writeDouble(loss);
            out.writeInt(metrics.length);
            for (double m : metrics) {
                out.writeDouble(m);
            }
            out.writeLong(computeNanos);
            tensors.write(out);
            counts.write(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The part a {@link #toMessage} message holds. */
    static ShardPart fromMessage(String message) {
        byte[] bytes = java.util.Base64.getDecoder().decode(message);
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int shard = in.readInt();
            double loss = in.readDouble();
            double[] metrics = new double[in.readInt()];
            for (int k = 0; k < metrics.length; k++) {
                metrics[k] = in.readDouble();
            }
            long nanos = in.readLong();
            PackedTensors tensors = PackedTensors.read(in);
            return new ShardPart(shard, tensors, loss, metrics, PackedTensors.read(in), nanos);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The part again, named as {@code gradient} names its results. */
    ShardGradient.Part part(ShardGradient gradient) {
        List<Tensor> values = tensors.unpack();
        int expected = gradient.trainable().size() + gradient.updatedState().size();
        if (values.size() != expected || metrics.length != gradient.metrics().size()
                || counts.unpack().size() != gradient.countingMetrics().size()) {
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
        List<Tensor> countValues = counts.unpack();
        Map<String, Tensor> c = new LinkedHashMap<>();
        for (int k = 0; k < countValues.size(); k++) {
            c.put(gradient.countingMetrics().get(k), countValues.get(k));
        }
        return new ShardGradient.Part(g, s, loss, m, c);
    }
}
