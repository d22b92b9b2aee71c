package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Zeros;
import java.util.List;

/**
 * Batch normalization (Ioffe and Szegedy 2015) over the last axis, the remedy the notes give for internal
 * covariate shift.
 *
 * <p>Training: with {@code mu} and {@code sigma²} the mean and (biased) variance of each feature over the
 * batch, {@code y = gamma * (x - mu) / sqrt(sigma² + epsilon) + beta}; gradients flow through {@code mu} and
 * {@code sigma²}. The step also outputs new moving averages {@code m' = momentum * m + (1 - momentum) * mu}
 * and {@code v' = momentum * v + (1 - momentum) * sigma²} (as state, not differentiated). Inference: the
 * moving averages replace the batch statistics, so a prediction does not depend on the rest of its batch.
 * Keras defaults: momentum 0.99, epsilon 1e-3, gamma = 1, beta = 0.
 *
 * @param momentum the moving-average factor, in [0, 1)
 * @param epsilon added to the variance, > 0
 * @param name the layer's name, or null
 */
public record BatchNormalization(double momentum, double epsilon, String name) implements Layer {

    /** Validates the configuration. */
    public BatchNormalization {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1), got " + momentum);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be finite and > 0, got " + epsilon);
        }
    }

    /** Keras's defaults. */
    public static BatchNormalization of() {
        return new BatchNormalization(0.99, 1e-3, null);
    }

    @Override
    public String kind() {
        return "batch_normalization";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2 || input.dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException("BatchNormalization: input must be [N, ..., features], got " + input);
        }
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        Shape features = Shape.of(outputShape(input).dim(-1));
        return List.of(ParamSpec.trainable("gamma", features, new Ones()),
                ParamSpec.trainable("beta", features, new Zeros()),
                ParamSpec.state("moving_mean", features, new Zeros()),
                ParamSpec.state("moving_variance", features, new Ones()));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        int[] batchAxes = new int[x.rank() - 1];
        for (int a = 0; a < batchAxes.length; a++) {
            batchAxes[a] = a;
        }
        Node mean;
        Node variance;
        if (context.training()) {
            mean = ReduceOp.mean(x, false, batchAxes);
            variance = ReduceOp.mean(x.sub(mean).square(), false, batchAxes);
            Node keep = mean.stopGradient();
            Node keepVar = variance.stopGradient();
            context.updateState("moving_mean",
                    context.param("moving_mean").mul(momentum).add(keep.mul(1 - momentum)));
            context.updateState("moving_variance",
                    context.param("moving_variance").mul(momentum).add(keepVar.mul(1 - momentum)));
        } else {
            mean = context.param("moving_mean");
            variance = context.param("moving_variance");
        }
        Node normalized = x.sub(mean).div(variance.add(epsilon).sqrt());
        return normalized.mul(context.param("gamma")).add(context.param("beta"));
    }
}
