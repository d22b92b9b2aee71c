/**
 * Model files: {@link dev.adjoint.nn.io.ModelFiles} saves a model whole (architecture and compilation as
 * versioned JSON, weights and optimizer state as tensors) in one safetensors file, and loads it back with
 * every entry validated; {@link dev.adjoint.nn.model.FitProgress} records where a {@code fit} run stood, so
 * that {@code ModelCheckpoint} files resume training exactly.
 */
package dev.adjoint.nn.io;
