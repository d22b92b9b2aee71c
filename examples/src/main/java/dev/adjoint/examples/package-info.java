/**
 * Runnable examples, each ending with a line {@code RESULT <example> <metric>=<value>}:
 * {@link dev.adjoint.examples.Tutorial}, {@link dev.adjoint.examples.Perceptron},
 * {@link dev.adjoint.examples.Diabetes}, {@link dev.adjoint.examples.Digits} (the main example),
 * {@link dev.adjoint.examples.FashionMnist}, {@link dev.adjoint.examples.Fitting},
 * {@link dev.adjoint.examples.OptimizerComparison}.
 */
package dev.adjoint.examples;
