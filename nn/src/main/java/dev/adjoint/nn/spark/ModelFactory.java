package dev.adjoint.nn.spark;

import dev.adjoint.nn.model.Model;
import java.io.Serializable;

/**
 * Builds the model to train, compiled: {@code () -> new Sequential(...).add(...).compile(...)}. Spark ships
 * the factory (not the model) to each executor, which builds its own copy once and receives every step's
 * parameters from the driver; so a model travels as the code that builds it, and no model file, JSON or
 * Jackson is needed on an executor. The factory must build the same architecture, loss and metrics on every
 * call (the weights it initializes are replaced by the driver's).
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {

    /** A new, compiled model. */
    Model create();
}
