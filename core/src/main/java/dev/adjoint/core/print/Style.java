package dev.adjoint.core.print;

import dev.adjoint.core.graph.Notation;
import dev.adjoint.core.graph.Notation.Symbol;

/** The two forms a term is written in: plain text (Unicode) and LaTeX. */
enum Style {
    /** {@code σ(x·W + b)}, {@code a1ᵀ·dz2}, {@code (a2 − y) / 4}. */
    TEXT,
    /** {@code \sigma\left(x \cdot W + b\right)}, {@code \frac{a_{2} - y}{4}}. */
    LATEX;

    /** The symbol's form in this style. */
    String of(Symbol symbol) {
        return this == TEXT ? symbol.text() : symbol.latex();
    }

    String open() {
        return this == TEXT ? "(" : "\\left(";
    }

    String close() {
        return this == TEXT ? ")" : "\\right)";
    }

    /** {@code _N}, {@code _{0,1}} in text; {@code _{N}} in LaTeX; nothing for an empty subscript. */
    String subscript(String sub) {
        if (sub.isEmpty()) {
            return "";
        }
        return this == LATEX ? "_{" + Notation.escape(sub) + "}" : sub.length() == 1 ? "_" + sub : "_{" + sub + "}";
    }

    /** A number: {@code −1}, {@code 0.5}, {@code 1e−12}, {@code ∞} in text; {@code -1}, {@code 10^{-12}} in LaTeX. */
    String number(double value) {
        return this == TEXT ? Notation.numberText(value) : Notation.numberLatex(value);
    }

    /**
     * A fixed exponent: superscript digits in text when it has only digits and a minus ({@code ²}, {@code ⁻¹}),
     * else {@code ^p}; {@code ^{p}} in LaTeX.
     */
    String exponent(Symbol exponent) {
        if (this == LATEX) {
            return "^{" + exponent.latex() + "}";
        }
        StringBuilder sup = new StringBuilder();
        for (char c : exponent.text().toCharArray()) {
            int digit = "0123456789".indexOf(c);
            if (digit >= 0) {
                sup.append("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(digit));
            } else if (c == '−' || c == '-') {
                sup.append('⁻');
            } else {
                return "^" + exponent.text();
            }
        }
        return sup.toString();
    }
}
