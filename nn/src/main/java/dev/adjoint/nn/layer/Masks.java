package dev.adjoint.nn.layer;

/**
 * Keras 3's rule for a layer whose {@code supports_masking} is False: the output carries no mask, whatever the input
 * carried and whatever the output's shape, so the layers after it do not see one. Keras's {@code Layer.__call__}
 * does not raise there: it drops the mask and warns that the layer "does not support masking and will therefore
 * destroy the mask information"; so does {@link #drop}, logging the warning on the {@link System.Logger}
 * {@code dev.adjoint.nn.layer} at level {@code WARNING} when the input has a mask. Without it, a layer whose output
 * keeps the time axis ({@code Reshape} of the feature axes, an image augmentation, a convolution with
 * {@code "same"} padding) would pass the mask on by the default rule of {@link LayerContext#mask()}, where Keras
 * does not.
 *
 * <p>Keras 3's layers that do support masking pass the mask on unchanged, which is the default rule: {@code Dense},
 * {@code Dropout}, {@code Activation}, {@code BatchNormalization}, {@code LayerNormalization}, {@code Normalization},
 * {@code GaussianNoise}, {@code GaussianDropout}, {@code PReLU}, {@code SpatialDropout}; {@code MultiHeadAttention}
 * gives its output the query's mask. Those that do not call {@link #drop}: {@code Reshape}, {@code Flatten},
 * {@code CategoryEncoding}, the image augmentations, and the convolution, pooling, padding, cropping and upsampling
 * layers. (A layer that returns its input node itself, as an augmentation does at inference, leaves that node's
 * mask in place: the mask belongs to the node.)
 */
public final class Masks {

    private static final System.Logger LOG = System.getLogger("dev.adjoint.nn.layer");

    private Masks() {
    }

    /**
     * Gives the layer's output no mask, warning as Keras does when its input had one.
     *
     * @param layer the layer's class name, as the warning names it
     * @param name the layer's name, or null
     * @param context the context of the layer's application
     */
    public static void drop(String layer, String name, LayerContext context) {
        if (context.mask() != null) {
            LOG.log(System.Logger.Level.WARNING, layer + (name == null ? "" : " '" + name + "'") + ": was passed an"
                    + " input with a mask, but does not support masking (as in Keras); its output carries no mask,"
                    + " so the layers after it will not see it");
        }
        context.maskOutput(null);
    }
}
