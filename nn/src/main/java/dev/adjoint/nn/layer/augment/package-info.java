/**
 * Keras's image augmentation layers ({@link dev.adjoint.nn.layer.augment.RandomFlip},
 * {@link dev.adjoint.nn.layer.augment.RandomTranslation}, {@link dev.adjoint.nn.layer.augment.RandomZoom}):
 * random per-image transforms drawn from the training step's key, so a run is reproducible; the identity at
 * inference.
 */
package dev.adjoint.nn.layer.augment;
