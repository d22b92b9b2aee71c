/**
 * Layers: configurations that declare parameters and build their part of a model's graph
 * ({@link dev.adjoint.nn.layer.Dense}, {@link dev.adjoint.nn.layer.ActivationLayer},
 * {@link dev.adjoint.nn.layer.Dropout}, {@link dev.adjoint.nn.layer.GaussianNoise},
 * {@link dev.adjoint.nn.layer.GaussianDropout}, {@link dev.adjoint.nn.layer.BatchNormalization},
 * {@link dev.adjoint.nn.layer.Flatten}, {@link dev.adjoint.nn.layer.Reshape}, {@link dev.adjoint.nn.layer.Permute},
 * {@link dev.adjoint.nn.layer.RepeatVector}, {@link dev.adjoint.nn.layer.PReLU}, the per-example normalizations
 * {@link dev.adjoint.nn.layer.LayerNormalization}, {@link dev.adjoint.nn.layer.GroupNormalization} and
 * {@link dev.adjoint.nn.layer.UnitNormalization}, and the attention layers
 * {@link dev.adjoint.nn.layer.MultiHeadAttention}, {@link dev.adjoint.nn.layer.Attention} and
 * {@link dev.adjoint.nn.layer.AdditiveAttention});
 * the spatial layers are in {@code conv}, the augmentation layers in {@code augment}.
 */
package dev.adjoint.nn.layer;
