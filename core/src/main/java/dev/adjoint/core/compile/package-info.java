/**
 * The graph compiler behind {@link dev.adjoint.core.eval.Function}: passes that turn the graph of a
 * function's outputs into an equivalent graph that is cheaper to evaluate.
 *
 * <p>Every pass is a pure function from output nodes to output nodes ({@link Pass}); graphs are never changed
 * in place, and nodes the rewrite does not touch are shared with the original graph. Passes walk the graph in
 * topological order with explicit work lists (never recursion), so they handle 100,000-node chains.
 * {@link Compiler} runs them in order and records in a {@link Report} which rewrites fired, which
 * {@code Function.explain()} prints. Each pass is property-tested for equivalence (values and gradients) on
 * random graphs.
 */
package dev.adjoint.core.compile;
