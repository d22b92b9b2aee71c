package dev.adjoint.core.print;

import static dev.adjoint.core.graph.Notation.ATOM;
import static dev.adjoint.core.graph.Notation.POSTFIX;
import static dev.adjoint.core.graph.Notation.POWER;
import static dev.adjoint.core.graph.Notation.PRODUCT;
import static dev.adjoint.core.graph.Notation.REDUCTION;
import static dev.adjoint.core.graph.Notation.SUM;

import dev.adjoint.core.graph.Notation;
import dev.adjoint.core.graph.Notation.Symbol;
import java.util.ArrayList;
import java.util.List;

/**
 * One node written in one style: a sequence of parts, each a string or a reference to an operand's term, with
 * the precedence the whole binds at. Parentheses follow from precedences alone: an operand is parenthesized
 * exactly when it binds more loosely than its place requires, so none is redundant and none is missing.
 *
 * <p>The places: a left operand of an infix operator binds at least as tightly as the operator (left
 * associativity), where two different operators of one precedence mix only in sums ({@code a − b + c}, but
 * {@code (a·b) ⊙ c}); a right operand binds strictly more tightly ({@code a − (b − c)}); the operand of a prefix
 * minus more tightly than a sum ({@code −a·b}, {@code −(a + b)}); of a reduction, a power or tighter
 * ({@code Σ_N (a ⊙ b)}); a base, the operand of a postfix operator or a text exponent or root, an atom.
 *
 * @param precedence how tightly the term binds ({@link Notation#SUM} ... {@link Notation#ATOM})
 * @param parts strings and {@link Ref}s, in order
 * @param operator the infix operator at the top of the term (for the rule on mixing operators), or null
 * @param bracketed true for an Iverson bracket, whose first and last parts are the brackets
 */
record Term(int precedence, Object[] parts, Symbol operator, boolean bracketed) {

    /** A place for operand {@code node}'s term; {@code bare} drops an Iverson bracket's brackets. */
    record Ref(int node, boolean bare) {
    }

    /**
     * How an operand reads where it is referenced: its node, its precedence ({@link Notation#ATOM} when it is
     * named), the infix operator at its top and whether it is an Iverson bracket, when it is written out.
     */
    record Operand(int node, int precedence, Symbol operator, boolean bracketed) {
    }

    /** The operands {@code notation} shows, as indices into an op's {@code arity} inputs. */
    static int[] shown(Notation notation, int arity) {
        if (notation instanceof Notation.Name || notation instanceof Notation.Number) {
            return new int[0];
        }
        if (notation instanceof Notation.Call) {
            return java.util.stream.IntStream.range(0, arity).toArray();
        }
        if (notation instanceof Notation.Cases) {
            return new int[] {0, 1, 2};
        }
        boolean binary = notation instanceof Notation.Infix || notation instanceof Notation.Fraction
                || notation instanceof Notation.Relation || notation instanceof Notation.Index
                || notation instanceof Notation.Power x && x.base() == null && x.exponent() == null;
        return binary ? new int[] {0, 1} : new int[] {0};
    }

    /** The term of a node whose notation is {@code notation}, with {@code operands} (those {@link #shown}). */
    static Term of(Notation notation, Style style, Operand[] operands) {
        Parts p = new Parts(style, operands);
        boolean text = style == Style.TEXT;
        if (notation instanceof Notation.Name n) {
            return p.add(style.of(n.symbol())).term(ATOM);
        } else if (notation instanceof Notation.Number n) {
            return p.add(style.number(n.value())).term(n.value() < 0 ? SUM : ATOM);
        } else if (notation instanceof Notation.Call c) {
            p.add(style.of(c.function()) + style.subscript(c.subscript()) + style.open());
            for (int k = 0; k < operands.length; k++) {
                p.add(k == 0 ? "" : ", ").operand(k, false);
            }
            return p.add(style.close()).term(ATOM);
        } else if (notation instanceof Notation.Infix i) {
            return p.infix(i.operator(), i.precedence());
        } else if (notation instanceof Notation.Fraction) {
            return text ? p.infix(new Symbol(" / ", "/"), PRODUCT)
                    : p.add("\\frac{").operand(0, false).add("}{").operand(1, false).add("}").term(ATOM);
        } else if (notation instanceof Notation.Prefix x) {
            return p.add(style.of(x.operator())).operand(0, operands[0].precedence() <= SUM).term(SUM);
        } else if (notation instanceof Notation.Postfix x) {
            return p.atom(0).add(style.of(x.operator())).term(POSTFIX);
        } else if (notation instanceof Notation.Power x) {
            if (x.base() == null) {
                p.atom(0);
            } else {
                p.add(style.of(x.base()));
            }
            if (x.exponent() != null) {
                return p.add(style.exponent(x.exponent())).term(POWER);
            }
            int e = x.base() == null ? 1 : 0;
            return text ? p.add("^").atom(e).term(POWER) : p.add("^{").operand(e, false).add("}").term(POWER);
        } else if (notation instanceof Notation.Root) {
            return text ? p.add("√").atom(0).term(POWER) : p.add("\\sqrt{").operand(0, false).add("}").term(ATOM);
        } else if (notation instanceof Notation.Enclosed x) {
            return p.add(style.of(x.open())).operand(0, false).add(style.of(x.close())).term(ATOM);
        } else if (notation instanceof Notation.Relation r) {
            p.add(text ? "[" : "\\left[").operand(0, false).add(text ? r.relation().text()
                    : " " + r.relation().latex() + " ").operand(1, false).add(text ? "]" : "\\right]");
            return new Term(ATOM, p.parts(), null, true);
        } else if (notation instanceof Notation.Reduction x) {
            return p.add(style.of(x.operator()) + style.subscript(x.subscript()) + " ")
                    .operand(0, operands[0].precedence() < POWER).term(REDUCTION);
        } else if (notation instanceof Notation.Cases) {
            return text ? p.add("{").operand(1, false).add(" if ").condition(0).add("; ").operand(2, false)
                    .add(" otherwise}").term(ATOM)
                    : p.add("\\begin{cases} ").operand(1, false).add(" & \\text{if } ").condition(0)
                    .add(" \\\\ ").operand(2, false).add(" & \\text{otherwise} \\end{cases}").term(ATOM);
        } else if (notation instanceof Notation.Index x) {
            return p.operand(0, operands[0].precedence() < POSTFIX).add("[" + ":, ".repeat(x.axis()))
                    .operand(1, false).add("]").term(POSTFIX);
        }
        throw new IllegalStateException("print: a hidden node has no term of its own");
    }

    /** The parts of a term as they are added. */
    private static final class Parts {
        private final Style style;
        private final Operand[] operands;
        private final List<Object> parts = new ArrayList<>();

        Parts(Style style, Operand[] operands) {
            this.style = style;
            this.operands = operands;
        }

        Parts add(String text) {
            if (!text.isEmpty()) {
                parts.add(text);
            }
            return this;
        }

        /** Operand {@code k}, in parentheses when {@code parenthesize}. */
        Parts operand(int k, boolean parenthesize) {
            if (parenthesize) {
                parts.add(style.open());
            }
            parts.add(new Ref(operands[k].node(), false));
            if (parenthesize) {
                parts.add(style.close());
            }
            return this;
        }

        /** Operand {@code k} as an atom. */
        Parts atom(int k) {
            return operand(k, operands[k].precedence() < ATOM);
        }

        /** Operand {@code k} as a condition: a comparison bare ({@code x > 0}), anything else {@code c ≠ 0}. */
        Parts condition(int k) {
            if (operands[k].bracketed()) {
                parts.add(new Ref(operands[k].node(), true));
                return this;
            }
            return operand(k, false).add(style == Style.TEXT ? " ≠ 0" : " \\neq 0");
        }

        Term infix(Symbol operator, int precedence) {
            Operand left = operands[0];
            boolean mixed = left.precedence() == precedence && precedence != SUM && !operator.equals(left.operator());
            operand(0, left.precedence() < precedence || mixed);
            add(style == Style.TEXT ? operator.text() : " " + operator.latex() + " ");
            operand(1, operands[1].precedence() <= precedence);
            return new Term(precedence, parts(), operator, false);
        }

        Object[] parts() {
            return parts.toArray();
        }

        Term term(int precedence) {
            return new Term(precedence, parts(), null, false);
        }
    }
}
