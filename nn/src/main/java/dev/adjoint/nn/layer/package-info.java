/**
 * Layers: configurations that declare parameters and build their part of a model's graph
 * ({@link dev.adjoint.nn.layer.Dense}, {@link dev.adjoint.nn.layer.ActivationLayer},
 * {@link dev.adjoint.nn.layer.Dropout}, {@link dev.adjoint.nn.layer.GaussianNoise},
 * {@link dev.adjoint.nn.layer.GaussianDropout}, {@link dev.adjoint.nn.layer.BatchNormalization},
 * {@link dev.adjoint.nn.layer.Flatten}, {@link dev.adjoint.nn.layer.Reshape}, {@link dev.adjoint.nn.layer.Permute},
 * {@link dev.adjoint.nn.layer.RepeatVector}, {@link dev.adjoint.nn.layer.PReLU});
 * the spatial layers are in {@code conv}, the augmentation layers in {@code augment}.
 */
package dev.adjoint.nn.layer;
