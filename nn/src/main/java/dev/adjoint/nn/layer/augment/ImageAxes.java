package dev.adjoint.nn.layer.augment;

import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * The height and width axes of a batch of images, {@code [N, H, W, C]} ({@code "channels_last"}, Keras's default)
 * or {@code [N, C, H, W]} ({@code "channels_first"}).
 *
 * @param height the height axis
 * @param width the width axis
 */
record ImageAxes(int height, int width) {

    static ImageAxes of(String layer, String dataFormat) {
        Objects.requireNonNull(dataFormat, layer + ": dataFormat is null");
        return switch (dataFormat) {
            case "channels_last" -> new ImageAxes(1, 2);
            case "channels_first" -> new ImageAxes(2, 3);
            default -> throw new IllegalArgumentException(layer + ": dataFormat must be \"channels_last\" or"
                    + " \"channels_first\", got \"" + dataFormat + "\"");
        };
    }

    /** Checks that {@code input} is a batch of images with concrete sizes. */
    Shape check(String layer, Shape input) {
        boolean valid = input.rank() == 4;
        for (int a = 1; valid && a < 4; a++) {
            valid = input.dim(a) != Shape.BATCH;
        }
        if (!valid) {
            throw new IllegalArgumentException(layer + ": input must be a batch of images " + (height == 1
                    ? "[N, H, W, C]" : "[N, C, H, W]") + " with concrete sizes, got " + input);
        }
        return input;
    }

    /**
     * A salt for the {@code stream}-th random draw of a layer: the layer's salt hashed with the stream number, so
     * that no two draws of a model share a stream (salts {@code 2s} and {@code 2s + 1} would meet another layer's).
     */
    static long salt(long layerSalt, int stream) {
        return dev.adjoint.core.tensor.Key.of(layerSalt).fold(stream).seed();
    }

    /** The lower and upper bounds of a Keras factor: {@code [f]} means {@code [-f, f]}. */
    static double[] bounds(String layer, String what, java.util.List<Double> factor) {
        Objects.requireNonNull(factor, layer + ": " + what + " is null");
        boolean finite = factor.size() == 1 || factor.size() == 2;
        for (Double v : factor) {
            finite &= v != null && Double.isFinite(v);
        }
        if (!finite) {
            throw new IllegalArgumentException(layer + ": " + what + " must be one finite value f (for [-f, f]) or a"
                    + " pair [lower, upper], got " + factor);
        }
        return factor.size() == 1 ? new double[] {-Math.abs(factor.get(0)), Math.abs(factor.get(0))}
                : new double[] {factor.get(0), factor.get(1)};
    }
}
