package dev.adjoint.core.print;

import java.util.ArrayList;
import java.util.List;

/**
 * A reference parser of the printer's plain text, written from the precedence rules alone (loosest first):
 * <pre>
 * expr  := first ((" + " | " − ") red)*
 * first := "−" red | red
 * red   := "Σ" subscript? " " pow | prod
 * prod  := pow (op pow)*            one operator op of " ⊙ ", "·", " / " per chain
 * pow   := "√" atom | atom ["ᵀ" | superscript digits | "^" atom]
 * atom  := name "(" expr (", " expr)* ")" | name | number | "(" expr ")" | "|" expr "|"
 *        | "[" expr relation expr "]" | "{" expr " if " condition "; " expr " otherwise}"
 * </pre>
 * It accepts nothing ambiguous: mixing two product operators without parentheses, or a second postfix, is a
 * syntax error. A parse gives a {@link Tree} labelled as {@link ParenthesesPropertyTest#expected} labels
 * graphs, with a minus before a number read as a negative number.
 */
final class TextParser {

    /** A parsed or expected term: its label and operands. */
    record Tree(String label, List<Tree> children) {
        static Tree leaf(String label) {
            return new Tree(label, List.of());
        }

        static Tree of(String label, Tree... children) {
            return new Tree(label, List.of(children));
        }
    }

    /** The text could not be parsed. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻";
    private static final List<String> RELATIONS = List.of(" > ", " ≥ ", " < ", " ≤ ", " = ", " ≠ ");

    private final String s;
    private int at;

    private TextParser(String s) {
        this.s = s;
    }

    /** The tree of {@code text}, which must be one whole expression. */
    static Tree parse(String text) {
        TextParser p = new TextParser(text);
        Tree t = p.expr();
        if (p.at != text.length()) {
            throw new SyntaxError("unexpected '" + text.substring(p.at) + "' at " + p.at + " in " + text);
        }
        return t;
    }

    /** A number is its own negative's operand: {@code −(3)} reads as {@code −3}. */
    static Tree negate(Tree operand) {
        if (operand.label().startsWith("num:")) {
            return Tree.leaf("num:" + (-Double.parseDouble(operand.label().substring(4))));
        }
        return Tree.of("neg", operand);
    }

    private boolean eat(String token) {
        if (s.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!eat(token)) {
            throw new SyntaxError("expected '" + token + "' at " + at + " in " + s);
        }
    }

    private Tree expr() {
        Tree left = eat("−") ? negate(red()) : red();
        while (true) {
            if (eat(" + ")) {
                left = Tree.of("infix:+", left, red());
            } else if (eat(" − ")) {
                left = Tree.of("infix:−", left, red());
            } else {
                return left;
            }
        }
    }

    private Tree red() {
        if (!eat("Σ")) {
            return prod();
        }
        String sub = "";
        if (eat("_{")) {
            int end = s.indexOf('}', at);
            sub = "_{" + s.substring(at, end) + "}";
            at = end + 1;
        } else if (eat("_")) {
            sub = "_" + s.charAt(at++);
        }
        expect(" ");
        return Tree.of("red:Σ" + sub, pow());
    }

    private Tree prod() {
        Tree left = pow();
        String chain = null;
        while (true) {
            String op = s.startsWith(" ⊙ ", at) ? " ⊙ " : s.startsWith("·", at) ? "·" : s.startsWith(" / ", at)
                    ? " / " : null;
            if (op == null) {
                return left;
            }
            if (chain != null && !chain.equals(op)) {
                throw new SyntaxError("'" + chain.trim() + "' and '" + op.trim() + "' mix without parentheses at "
                        + at + " in " + s);
            }
            chain = op;
            at += op.length();
            left = Tree.of("infix:" + op.trim(), left, pow());
        }
    }

    private Tree pow() {
        if (eat("√")) {
            return Tree.of("sqrt", atom());
        }
        Tree base = atom();
        Tree result = base;
        if (eat("ᵀ")) {
            result = Tree.of("post:ᵀ", base);
        } else if (at < s.length() && SUPERSCRIPTS.indexOf(s.charAt(at)) >= 0) {
            StringBuilder exponent = new StringBuilder();
            while (at < s.length() && SUPERSCRIPTS.indexOf(s.charAt(at)) >= 0) {
                int k = SUPERSCRIPTS.indexOf(s.charAt(at++));
                exponent.append(k == 10 ? '−' : (char) ('0' + k));
            }
            result = Tree.of("pow:" + exponent, base);
        } else if (eat("^")) {
            Tree exponent = atom();
            result = base.label().equals("name:e") ? Tree.of("exp", exponent) : Tree.of("pow", base, exponent);
        }
        if (at < s.length() && (s.startsWith("ᵀ", at) || s.startsWith("^", at)
                || SUPERSCRIPTS.indexOf(s.charAt(at)) >= 0)) {
            throw new SyntaxError("a second postfix or power needs parentheses at " + at + " in " + s);
        }
        return result;
    }

    private Tree atom() {
        if (eat("(")) {
            Tree inner = expr();
            expect(")");
            return inner;
        }
        if (eat("|")) {
            Tree inner = expr();
            expect("|");
            return Tree.of("abs", inner);
        }
        if (eat("[")) {
            Tree left = expr();
            String relation = relation();
            Tree right = expr();
            expect("]");
            return Tree.of("rel:" + relation, left, right);
        }
        if (eat("{")) {
            Tree yes = expr();
            expect(" if ");
            Tree condition = expr();
            if (eat(" ≠ 0")) {
                condition = Tree.of("nonzero", condition);
            } else {
                String relation = relation();
                condition = Tree.of("rel:" + relation, condition, expr());
            }
            expect("; ");
            Tree no = expr();
            expect(" otherwise}");
            return Tree.of("cases", condition, yes, no);
        }
        int start = at;
        while (at < s.length() && (isAsciiLetterOrDigit(s.charAt(at)) || s.charAt(at) == '.')) {
            at++;
        }
        if (start == at) {
            throw new SyntaxError("expected a term at " + at + " in " + s);
        }
        String word = s.substring(start, at);
        if (Character.isDigit(word.charAt(0))) {
            return Tree.leaf("num:" + Double.parseDouble(word));
        }
        if (!eat("(")) {
            return Tree.leaf("name:" + word);
        }
        List<Tree> args = new ArrayList<>(List.of(expr()));
        while (eat(", ")) {
            args.add(expr());
        }
        expect(")");
        return new Tree("call:" + word, args);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private String relation() {
        for (String relation : RELATIONS) {
            if (eat(relation)) {
                return relation.trim();
            }
        }
        throw new SyntaxError("expected a comparison at " + at + " in " + s);
    }
}
