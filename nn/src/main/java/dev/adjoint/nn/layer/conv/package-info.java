/**
 * Keras's spatial layers on the core's convolution and pooling ops, with Keras's argument names, defaults and
 * weight layouts: convolutions over 1, 2 and 3 spatial axes ({@link dev.adjoint.nn.layer.conv.Conv1D},
 * {@link dev.adjoint.nn.layer.conv.Conv2D}, {@link dev.adjoint.nn.layer.conv.Conv3D}), the transposed
 * convolutions over as many ({@link dev.adjoint.nn.layer.conv.Conv1DTranspose},
 * {@link dev.adjoint.nn.layer.conv.Conv2DTranspose}, {@link dev.adjoint.nn.layer.conv.Conv3DTranspose}), depthwise
 * and separable convolutions, max, average and global pooling, upsampling, zero padding, cropping and spatial
 * dropout. Images are {@code [N, H, W, C]} (channels last, the default) or {@code [N, C, H, W]}
 * ({@code "channels_first"}); volumes {@code [N, D, H, W, C]} or {@code [N, C, D, H, W]}.
 *
 * <p>Masks follow Keras's {@code supports_masking}: {@code GlobalAveragePooling1D} averages the present steps
 * and gives no mask; {@code SpatialDropout1D}, {@code SpatialDropout2D} and {@code SpatialDropout3D} (Keras
 * {@code Dropout}s) pass their input's mask on; every other layer here (Keras's {@code supports_masking} is False
 * for them) gives its output no mask and, when its input carries one, logs a warning, as Keras drops the mask and
 * warns rather than raising.
 */
package dev.adjoint.nn.layer.conv;
