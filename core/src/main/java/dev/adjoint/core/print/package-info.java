/**
 * Graphs printed as mathematics: {@link dev.adjoint.core.print.MathPrinter} writes a graph, in particular a
 * gradient after the compiler's simplifications, as plain text (Unicode) or LaTeX, each op in the notation its
 * record declares ({@link dev.adjoint.core.graph.Notation}), with the parentheses its precedences require and
 * every shared subterm named once:
 *
 * <pre>
 * a1 = σ(x·W1 + b1)
 * dW2 = a1ᵀ·dz2
 * db2 = Σ_N dz2
 * </pre>
 *
 * It depends on {@code graph} and on {@code compile} (for {@code Compiler.simplify}); the numbered-lines printer
 * and the DOT export, which show a graph as it is built, stay in {@code graph}.
 */
package dev.adjoint.core.print;
