package dev.adjoint.nn.tune;

import dev.adjoint.nn.model.Model;

/**
 * Builds and compiles a model from one trial's hyperparameters (Keras Tuner's hypermodel {@code build(hp)}).
 * It is called once per trial, possibly from several threads at once, so it must build new objects each
 * time (layers, optimizer) rather than share mutable ones.
 */
@FunctionalInterface
public interface ModelBuilder {

    /** A new, compiled model for {@code hp}. */
    Model build(HyperParameters hp);
}
