/**
 * The graph compiler behind {@link dev.adjoint.core.eval.Function}: passes that turn the graph of a
 * function's outputs into an equivalent graph that is cheaper to evaluate.
 *
 * <p>Most passes are local rules (a node, whose inputs are already rewritten, to its replacement) that
 * {@link Compiler} applies together in one walk; bias folding, contraction merging (which need each node's
 * readers) and elementwise fusion are passes over the whole graph. Graphs are
 * never changed in place, and nodes a rewrite does not touch are shared with the original graph. Walks are in
 * topological order with explicit work lists (never recursion), so they handle 100,000-node chains.
 * {@link Compiler} runs the passes in order and records in a {@link Report} which rewrites fired, which
 * {@code Function.explain()} prints. Each pass is property-tested for equivalence (values and gradients) on
 * random graphs.
 */
package dev.adjoint.core.compile;
