/**
 * The immutable expression graph: {@link dev.adjoint.core.graph.Node}s applying
 * {@link dev.adjoint.core.graph.Op}s, traversal, printing and DOT export. Each op family (a sealed interface,
 * one file) holds its records and the factories that build their nodes: {@code SourceOp.input},
 * {@code UnaryOp.exp}, {@code BinaryOp.add}, {@code ReduceOp.sum}, {@code MovementOp.reshape}, ...
 *
 * <h2>Primitives and compositions</h2>
 * Primitives (an op record with its own kernel and VJP): inputs, constants, fills; {@code neg, exp, log,
 * log1p, expm1, sqrt, abs, sign, sin, cos, tanh, sigmoid, relu, leakyRelu, elu, softplus, pow} by a constant,
 * {@code cast, stopGradient}; {@code add, sub, mul, div, pow, maximum, minimum} and the comparisons;
 * {@code where}; {@code sum, max, min, logSumExp, count}; {@code reshape, permute, broadcastTo, slice, pad,
 * concat}; {@code matmul}; {@code gather, scatterAdd, takeAlongAxis, putAlongAxis, oneHot}; the random
 * {@code uniform}. Compositions (built by the factories from primitives, so they need no rule of their own):
 * {@code square = x * x}, {@code clip = minimum(maximum(x, lo), hi)}, {@code mean = sum / count},
 * {@code softmax = exp(logSoftmax)}, {@code logSoftmax = x - logSumExp}, {@code transpose} (a permute),
 * {@code squeeze, unsqueeze, flatten} (reshapes), {@code pickPerRow}, {@code dot}, {@code bernoulli}.
 * Each primitive's Javadoc says why it is one: numerical stability ({@code sigmoid, softplus, log1p, expm1,
 * logSumExp, div}), speed ({@code sub, relu, leakyRelu, elu}), or because nothing simpler expresses it.
 * Two fused ops are built on the {@link dev.adjoint.core.graph.CustomOp} extension point, for speed: the
 * sparse cross-entropy from logits {@code softmaxCrossEntropy} ({@code -pickPerRow(logSoftmax z, y)} in one
 * pass per row) and its gradient {@code softmaxCrossEntropyGrad} ({@code (softmax z - onehot y) b}), whose
 * own VJP is written in graph ops, so the loss stays twice differentiable.
 */
package dev.adjoint.core.graph;
