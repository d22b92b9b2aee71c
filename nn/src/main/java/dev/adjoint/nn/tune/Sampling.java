package dev.adjoint.nn.tune;

/** How a numeric hyperparameter's range is sampled and encoded for the Gaussian process. */
public enum Sampling {
    /** Uniform in the value: {@code u = (v - min) / (max - min)}. */
    LINEAR,
    /** Uniform in the logarithm, for scales such as learning rates: {@code u = ln(v / min) / ln(max / min)}. */
    LOG
}
