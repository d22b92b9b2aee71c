package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Zeros;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016), as Keras's {@code LayerNormalization} over the last axis: for
 * each position, with {@code mu} and {@code sigma²} the mean and (biased) variance of its F features,
 *
 * <pre>
 * y = (x - mu) / sqrt(sigma² + epsilon) * gamma + beta          gamma, beta : [F]
 * </pre>
 *
 * The same in training and inference (no moving statistics), and per position, so a sequence's masked steps do
 * not touch the others. Defaults as in Keras: epsilon 1e-3, gamma ones, beta zeros.
 *
 * @param epsilon added to the variance, > 0
 * @param center whether to add beta
 * @param scale whether to multiply by gamma
 * @param name the layer's name, or null
 */
public record LayerNormalization(double epsilon, boolean center, boolean scale, String name) implements Layer {

    /** Validates epsilon. */
    public LayerNormalization {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("LayerNormalization: epsilon must be finite and > 0, got " + epsilon);
        }
    }

    /** Keras's defaults. */
    public static LayerNormalization of() {
        return new LayerNormalization(1e-3, true, true, null);
    }

    /** With a name. */
    public LayerNormalization named(String newName) {
        return new LayerNormalization(epsilon, center, scale, newName);
    }

    @Override
    public String kind() {
        return "layer_normalization";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2 || input.dim(input.rank() - 1) == Shape.BATCH) {
            throw new IllegalArgumentException("LayerNormalization: input must be [N, ..., features], got " + input);
        }
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        Shape features = Shape.of(outputShape(input).dim(input.rank() - 1));
        List<ParamSpec> specs = new ArrayList<>();
        if (scale) {
            specs.add(ParamSpec.trainable("gamma", features, new Ones()));
        }
        if (center) {
            specs.add(ParamSpec.trainable("beta", features, new Zeros()));
        }
        return specs;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Node centered = x.sub(x.mean(true, -1));
        Node y = centered.div(centered.square().mean(true, -1).add(epsilon).sqrt());
        if (scale) {
            y = y.mul(context.param("gamma"));
        }
        return center ? y.add(context.param("beta")) : y;
    }
}
