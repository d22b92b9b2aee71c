package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.ShardGradient;
import dev.adjoint.nn.model.ShardedStep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an executor needs to compute its shard of a step, broadcast once per fit: the model factory and the
 * target shape. Each executor JVM builds the model and compiles its {@link ShardedStep} once, on first use
 * (Spark keeps one deserialized copy of a broadcast value per executor, shared by its tasks; a compiled
 * function may be called from several threads). Evaluation and prediction use one model per task thread.
 */
final class ShardProgram implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelFactory factory;
    private final int[] inputFeatures;
    private final int[] targetFeatures;
    private final DType dtype;
    private transient volatile ShardedStep step;
    private transient volatile List<String> paramNames;
    private transient volatile List<String> slotNames;
    private transient volatile ThreadLocal<Model> models;

    /**
     * @param model the driver's model, built by {@code factory}
     * @param targetFeatures the target shape of one example
     */
    ShardProgram(ModelFactory factory, Model model, Shape targetFeatures) {
        this.factory = factory;
        Shape input = model.inputShape();
        this.inputFeatures = java.util.Arrays.copyOfRange(input.dims(), 1, input.rank());
        this.targetFeatures = targetFeatures.dims();
        this.dtype = model.dtype();
    }

    /** The input shape of one example, e.g. {@code [64]}. */
    Shape inputFeatures() {
        return Shape.of(inputFeatures);
    }

    /** The target shape of one example, e.g. {@code []} for class labels. */
    Shape targetFeatures() {
        return Shape.of(targetFeatures);
    }

    /** The sharded step (its shard gradient and its update), compiled once per JVM. */
    ShardedStep step() {
        ShardedStep s = step;
        if (s == null) {
            synchronized (this) {
                s = step;
                if (s == null) {
                    Model model = factory.create();
                    s = step(model);
                    paramNames = List.copyOf(model.weights().keySet());
                    slotNames = List.copyOf(model.state().optimizer().keySet().toJavaList());
                    step = s;
                }
            }
        }
        return s;
    }

    /** The sharded step of {@code model} for this program's targets. */
    ShardedStep step(Model model) {
        return model.shardedStep(ShardData.withRows(Shape.BATCH, targetFeatures()));
    }

    /** The parameters by name, from their packed values in the model's order. */
    Map<String, Tensor> params(PackedTensors values) {
        step();
        return named(paramNames, values.unpack());
    }

    /**
     * A model state from its parameters and optimizer state packed in the model's orders (params first).
     *
     * @throws IllegalStateException if the numbers of tensors do not match this JVM's model
     */
    ModelState state(PackedTensors values, long steps) {
        step();
        List<Tensor> all = values.unpack();
        if (all.size() != paramNames.size() + slotNames.size()) {
            throw new IllegalStateException("spark: the executor's model has " + paramNames.size() + " parameters"
                    + " and " + slotNames.size() + " optimizer tensors, got " + all.size() + " tensors; the model"
                    + " factory must build the same model every time");
        }
        return new ModelState(io.vavr.collection.LinkedHashMap.ofAll(named(paramNames,
                all.subList(0, paramNames.size()))), io.vavr.collection.LinkedHashMap.ofAll(named(slotNames,
                all.subList(paramNames.size(), all.size()))), steps);
    }

    /** This task thread's model, with the weights the factory gave it (to check examples). */
    Model checker() {
        return local().get();
    }

    /** This task thread's model (for evaluation and prediction), with the weights {@code params}. */
    Model model(PackedTensors params) {
        Model model = local().get();
        model.setState(new ModelState(io.vavr.collection.LinkedHashMap.ofAll(
                named(List.copyOf(model.weights().keySet()), params.unpack())), model.state().optimizer(), 0));
        return model;
    }

    private ThreadLocal<Model> local() {
        ThreadLocal<Model> local = models;
        if (local == null) {
            synchronized (this) {
                if (models == null) {
                    models = ThreadLocal.withInitial(factory::create);
                }
                local = models;
            }
        }
        return local;
    }

    /** Shard {@code data.shard()}'s part of batch {@code batch}, or null when the shard is empty there. */
    ShardPart part(ShardData data, int batch, Map<String, Tensor> params, long key, int batchSize) {
        if (data.rows(batch) == 0) {
            return null;
        }
        long start = System.nanoTime();
        ShardGradient g = step().gradient();
        ShardGradient.Part part = g.apply(params, data.x(batch, inputFeatures(), dtype),
                data.y(batch, targetFeatures(), dtype), data.indices(batch), Key.of(key), batchSize);
        return ShardPart.of(data.shard(), part, dtype, System.nanoTime() - start);
    }

    private static Map<String, Tensor> named(List<String> names, List<Tensor> values) {
        if (values.size() != names.size()) {
            throw new IllegalStateException("spark: the executor's model has the parameters " + names + ", got "
                    + values.size() + " values; the model factory must build the same model every time");
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), values.get(i));
        }
        return named;
    }
}
