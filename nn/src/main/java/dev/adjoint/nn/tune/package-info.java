/**
 * Hyperparameter search in the spirit of Keras Tuner: a {@link dev.adjoint.nn.tune.SearchSpace} of int
 * ranges, float ranges (linear or log) and choices, possibly conditional; a
 * {@link dev.adjoint.nn.tune.ModelBuilder} that builds a compiled model from a trial's
 * {@link dev.adjoint.nn.tune.HyperParameters}; an {@link dev.adjoint.nn.tune.Objective} (a metric and a
 * direction); and the tuners {@link dev.adjoint.nn.tune.RandomSearch}, {@link dev.adjoint.nn.tune.GridSearch},
 * {@link dev.adjoint.nn.tune.BayesianOptimization} (a {@link dev.adjoint.nn.tune.GaussianProcess} with a
 * Matérn 5/2 kernel and expected improvement) and {@link dev.adjoint.nn.tune.Hyperband} (which continues
 * trials from their checkpoints). Trials are persisted so that an interrupted search resumes, run in parallel,
 * and are reproducible from the seed; see {@link dev.adjoint.nn.tune.Tuner}.
 */
package dev.adjoint.nn.tune;
