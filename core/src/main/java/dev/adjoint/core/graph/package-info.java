/**
 * The immutable expression graph: {@link dev.adjoint.core.graph.Node}s applying
 * {@link dev.adjoint.core.graph.Op}s, traversal, printing and DOT export. Each op family (a sealed interface,
 * one file) holds its records and the factories that build their nodes: {@code SourceOp.input},
 * {@code UnaryOp.exp}, {@code BinaryOp.add}, {@code ReduceOp.sum}, {@code MovementOp.reshape}, ... Every
 * factory of the elementwise, reduction, movement, linear-algebra and indexing families whose first argument
 * is a node also reads fluently: {@code x.exp()}, {@code x.sum(true, 1)}, {@code c.where(a, b)}.
 *
 * <h2>One op, one place</h2>
 * An op record is the only home of what is known about its op: its shape and dtype rules, its forward (a
 * kernel call; for an elementwise op the {@link dev.adjoint.core.kernel.Pointwise} function it declares once,
 * which the unfused kernel and the compiler's fused programs both run), its VJP in graph ops, its input
 * {@link dev.adjoint.core.graph.Op#domain domain}, and the causes of NaN and infinity it knows
 * ({@link dev.adjoint.core.graph.Op#diagnose diagnose}, {@link dev.adjoint.core.graph.Op#diagnosePullback
 * diagnosePullback}). The compiler and the anomaly detector ask the op; nothing finds an op by its name.
 *
 * <p><b>How to add an op.</b> (1) Add a record to its family's file, e.g. {@code UnaryOp}: its parameters
 * only, its name, and its rules where the family's defaults do not fit: its forward (an elementwise op
 * returns its function from {@code pointwise()}, e.g. {@code Pointwise.unary(name(), Math::cbrt)}, or an exact
 * {@code Pointwise.Exact} operation; other ops call a kernel), its VJP written with graph ops, its
 * {@code domain} when it is not all reals, {@code diagnose} / {@code diagnosePullback} for the NaNs and
 * infinities it can produce, and its {@code notation} when a textbook notation reads better than the call
 * {@code name(a, b)} (see {@link dev.adjoint.core.graph.Notation}). Its Javadoc gives the formula, the VJP and
 * the domain. (2) In the same file, add its factory; (3) in the family group's forms interface beside
 * {@link dev.adjoint.core.graph.Node}, its fluent form ({@code FluentFormsTest} requires one for each factory
 * taking a node first). A type error names the operands with
 * {@link dev.adjoint.core.graph.Node#describe(java.util.List)}:
 * {@code matmul: inner dimensions must match, got x : f64[N, 3] and W : f64[4, 2]}. (4) Add its row to the op table in
 * core's tests ({@code ElementwiseSpecs}, {@code TensorOpSpecs} or {@code InternalOpSpecs}), stating what it claims:
 * differentiable (the default), linear, second order, or {@code ZERO_GRADIENT} / {@code SHAPE_ONLY} when it
 * has no gradient. {@code OpCoverageTest} fails until the row exists; {@code OpPropertiesTest} then checks the
 * op's gradient against central differences, its shape rule (with a symbolic batch too) and each claim, in
 * float64 and float32, drawing values from the domain the op declares. Nothing else changes: the compiler
 * fuses a new elementwise op, anomaly detection names its singularities, and the math printer writes it. A new family
 * also adds itself to the {@code permits} clause of {@link dev.adjoint.core.graph.Op}.
 *
 * <h2>Primitives and compositions</h2>
 * Primitives (an op record with its own kernel and VJP): inputs, constants, fills; {@code neg, exp, log,
 * log1p, expm1, sqrt, abs, sign, sin, cos, tanh, sigmoid, relu, leakyRelu, elu, softplus,
 * pow} by a constant, {@code cast, stopGradient}; {@code add, sub, mul, div, pow, maximum, minimum, fmax, fmin,
 * copysign} and the comparisons;
 * {@code where}; and the op library beside them, one family per theme, sharing the glue of the functions of
 * one tensor ({@link dev.adjoint.core.graph.UnaryElementwise}) or of two
 * ({@link dev.adjoint.core.graph.BinaryElementwise}): {@code log2, log10, logit} ({@code UnaryLogarithmOp});
 * {@code erf, erfc, erfinv, lgamma, digamma, polygamma}
 * ({@code SpecialFunctionOp});
 * {@code gelu, silu, selu, mish, hardSigmoid, hardSwish, softsign} ({@code ActivationOp}); {@code tan, sinc, atan,
 * asin, acos} ({@code TrigonometricOp}); {@code sinh, cosh, asinh, acosh, atanh} ({@code HyperbolicOp});
 * {@code floor, ceil, round, trunc} ({@code RoundingOp}); {@code reciprocal, rsqrt} ({@code PowerOp});
 * {@code atan2, hypot, remainder, fmod, floorDivide} ({@code QuotientOp}); {@code logaddexp, xlogy, xlog1py}
 * ({@code LogarithmicOp}); {@code sum, max, min, logSumExp, count}; {@code reshape, permute, broadcastTo, slice, pad,
 * concat}; {@code matmul}; {@code gather, scatterAdd, takeAlongAxis, putAlongAxis, oneHot}; the random
 * {@code uniform}; in the op library, {@code flip} ({@link dev.adjoint.core.graph.ArrangeOp}), {@code cumsum,
 * cumprod, logcumsumexp} and the indices of {@code cummax, cummin} ({@link dev.adjoint.core.graph.CumulativeOp}),
 * {@code prod}
 * ({@link dev.adjoint.core.graph.StatisticOp}), {@code argsort} and the parts of {@code unique}
 * ({@link dev.adjoint.core.graph.SortOp}), {@code bincount} ({@link dev.adjoint.core.graph.DiscreteReduceOp}) and
 * PyTorch's {@code scatter_add, scatter} as {@code scatterAddAlongAxis, scatterAlongAxis} with the mask of the
 * surviving writes {@code lastWrites} ({@link dev.adjoint.core.graph.ScatterOp}).
 * Compositions (built by the factories from primitives, so they need no rule of their own):
 * {@code square = x * x}, {@code clamp(x, lo, hi)} with tensor bounds (comparisons and selections; {@code clip}
 * is a clamp by constants), {@code swish = silu}, {@code mean = sum / count},
 * {@code softmax = exp(logSoftmax)}, {@code logSoftmax = x - logSumExp}, {@code transpose} (a permute),
 * {@code squeeze, unsqueeze, flatten} (reshapes), {@code pickPerRow}, {@code dot}, {@code bernoulli}; in the
 * op library, strided slices, {@code roll, tile, repeat, split}, the pad modes, {@code scatter} and NumPy's
 * {@code putAlongAxis}, PyTorch's {@code gather} as {@code gatherAlongAxis}, {@code var, std}, the norms,
 * {@code sort, topk, quantile, median}, the values of
 * {@code cummax, cummin}, {@code softplus} with {@code beta} and {@code threshold}, the matrix norms. The README's
 * "Ops" table lists every record, generated from the code ({@code OpsReferenceTableTest}).
 * Each primitive's Javadoc says why it is one: numerical stability ({@code sigmoid, softplus, log1p, expm1,
 * logSumExp, div}), speed ({@code sub, relu, leakyRelu, elu}), or because nothing simpler expresses it.
 * Two fused ops are built on the {@link dev.adjoint.core.graph.CustomOp} extension point, for speed: the
 * sparse cross-entropy from logits {@code softmaxCrossEntropy} ({@code -pickPerRow(logSoftmax z, y)} in one
 * pass per row) and its gradient {@code softmaxCrossEntropyGrad} ({@code (softmax z - onehot y) b}), whose
 * own VJP is written in graph ops, so the loss stays twice differentiable.
 */
package dev.adjoint.core.graph;
