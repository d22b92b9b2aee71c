package dev.adjoint.core.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Notation;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.print.TextParser.Tree;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The printer's parentheses are exactly those precedence requires: on random expression trees of the textbook
 * ops, the printed text parses back ({@link TextParser}, a parser written from the precedence rules alone) to
 * the tree that was printed, so none is missing; and removing any one pair of grouping parentheses makes the
 * text fail to parse or parse to another tree, so none is redundant.
 */
class ParenthesesPropertyTest {

    private static final Shape SQUARE = Shape.of(2, 2);

    /** A random tree of 2 x 2 terms over the inputs a, b, c, s (a scalar) and numbers, {@code depth} levels at most. */
    static Gen<Node> trees(int depth) {
        return choices -> {
            int op = depth == 0 ? 0 : choices.drawInt(20);
            if (op < 2) {
                int leaf = choices.drawInt(6);
                return switch (leaf) {
                    case 0 -> SourceOp.input("a", SQUARE);
                    case 1 -> SourceOp.input("b", SQUARE);
                    case 2 -> SourceOp.input("c", SQUARE);
                    case 3 -> MovementOp.broadcastTo(SourceOp.scalar(2), SQUARE);
                    case 4 -> MovementOp.broadcastTo(SourceOp.scalar(0.5), SQUARE);
                    default -> MovementOp.broadcastTo(SourceOp.scalar(-3), SQUARE);
                };
            }
            Gen<Node> sub = trees(depth - 1);
            Node x = sub.next(choices);
            Node s = SourceOp.input("s", Shape.scalar());
            return switch (op) {
                case 2 -> x.add(sub.next(choices));
                case 3 -> x.sub(sub.next(choices));
                case 4 -> x.mul(sub.next(choices));
                case 5 -> choices.drawInt(2) == 0 ? x.mul(s) : s.mul(x);
                case 6 -> x.div(sub.next(choices));
                case 7 -> x.matmul(sub.next(choices));
                case 8 -> x.neg();
                case 9 -> x.exp();
                case 10 -> x.tanh();
                case 11 -> x.sqrt();
                case 12 -> x.abs();
                case 13 -> x.transpose();
                case 14 -> x.pow(new double[] {2, 3, -1, 0.5}[choices.drawInt(4)]);
                case 15 -> x.pow(sub.next(choices));
                case 16 -> MovementOp.broadcastTo(ReduceOp.sum(x, true, choices.drawInt(2)), SQUARE);
                case 17 -> x.maximum(sub.next(choices));
                case 18 -> x.greater(sub.next(choices)).cast(x.dtype());
                default -> (choices.drawInt(2) == 0 ? x.greater(sub.next(choices))
                        : SourceOp.input("b", SQUARE, DType.BOOL)).where(sub.next(choices), sub.next(choices));
            };
        };
    }

    /** The tree a node stands for, labelled as {@link TextParser} labels its parses. */
    static Tree expected(Node node) {
        Notation notation = node.op().notation(node.inputs());
        if (notation instanceof Notation.Hidden) {
            return expected(node.inputs().get(0));
        }
        List<Tree> operands = new ArrayList<>();
        for (int k : Term.shown(notation, node.inputs().size())) {
            operands.add(expected(node.inputs().get(k)));
        }
        Tree[] o = operands.toArray(Tree[]::new);
        if (notation instanceof Notation.Name n) {
            return Tree.leaf("name:" + n.symbol().text());
        } else if (notation instanceof Notation.Number n) {
            return Tree.leaf("num:" + n.value());
        } else if (notation instanceof Notation.Call c) {
            return Tree.of("call:" + c.function().text() + c.subscript(), o);
        } else if (notation instanceof Notation.Infix i) {
            return Tree.of("infix:" + i.operator().text().trim(), o);
        } else if (notation instanceof Notation.Fraction) {
            return Tree.of("infix:/", o);
        } else if (notation instanceof Notation.Prefix) {
            return TextParser.negate(o[0]);
        } else if (notation instanceof Notation.Postfix p) {
            return Tree.of("post:" + p.operator().text(), o);
        } else if (notation instanceof Notation.Power p) {
            if (p.exponent() != null && !p.exponent().text().matches("−?[0-9]+")) {
                // a constant exponent without superscript digits reads as the number it is: a^0.5
                return Tree.of("pow", o[0], Tree.leaf("num:" + Double.parseDouble(p.exponent().text())));
            }
            return p.base() != null ? Tree.of("exp", o) : p.exponent() != null
                    ? Tree.of("pow:" + p.exponent().text(), o) : Tree.of("pow", o);
        } else if (notation instanceof Notation.Root) {
            return Tree.of("sqrt", o);
        } else if (notation instanceof Notation.Enclosed) {
            return Tree.of("abs", o);
        } else if (notation instanceof Notation.Relation r) {
            return Tree.of("rel:" + r.relation().text().trim(), o);
        } else if (notation instanceof Notation.Reduction r) {
            String sub = r.subscript().isEmpty() ? "" : r.subscript().length() == 1 ? "_" + r.subscript()
                    : "_{" + r.subscript() + "}";
            return Tree.of("red:" + r.operator().text() + sub, o);
        } else if (notation instanceof Notation.Cases) {
            Tree condition = o[0].label().startsWith("rel:") ? o[0] : Tree.of("nonzero", o[0]);
            return Tree.of("cases", condition, o[1], o[2]);
        }
        throw new AssertionError("no expected tree for " + notation);
    }

    @Test
    void printedTextParsesBackToThePrintedTree() {
        int checked = Property.forAll(trees(5)).named("text parses back to its tree").tries(400).check(node -> {
            String text = MathPrinter.text().print(node);
            assertEquals(expected(node), TextParser.parse(text), text);
        });
        assertEquals(400, checked);
    }

    @Test
    void noPairOfParenthesesIsRedundant() {
        int[] pairs = new int[1];
        Property.forAll(trees(5)).named("every grouping pair is needed").tries(400).check(node -> {
            String text = MathPrinter.text().print(node);
            Tree tree = TextParser.parse(text);
            for (int[] pair : groupingPairs(text)) {
                pairs[0]++;
                String without = text.substring(0, pair[0]) + text.substring(pair[0] + 1, pair[1])
                        + text.substring(pair[1] + 1);
                Tree other;
                try {
                    other = TextParser.parse(without);
                } catch (TextParser.SyntaxError needed) {
                    continue;
                }
                assertTrue(!other.equals(tree), "the parentheses at " + pair[0] + " of '" + text
                        + "' are redundant: without them it reads the same");
            }
        });
        assertTrue(pairs[0] > 400, "checked only " + pairs[0] + " pairs of parentheses");
    }

    /** The pairs of parentheses that group (not those of a call, which follow a function's name). */
    static List<int[]> groupingPairs(String text) {
        List<int[]> pairs = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        List<Boolean> grouping = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '(') {
                open.add(i);
                grouping.add(i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)));
            } else if (ch == ')') {
                int start = open.remove(open.size() - 1);
                if (grouping.remove(grouping.size() - 1)) {
                    pairs.add(new int[] {start, i});
                }
            }
        }
        return pairs;
    }

    @Test
    void latexBracesAndDelimitersBalance() {
        Property.forAll(trees(5)).named("LaTeX is balanced").tries(200).check(node -> {
            String latex = MathPrinter.latex().print(node);
            int depth = 0;
            for (char ch : latex.replace("\\{", "").replace("\\}", "").toCharArray()) {
                depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
                assertTrue(depth >= 0, latex);
            }
            assertEquals(0, depth, latex);
            assertEquals(count(latex, "\\left"), count(latex, "\\right"), latex);
            assertEquals(count(latex, "\\begin{"), count(latex, "\\end{"), latex);
        });
    }

    private static int count(String text, String token) {
        return text.split(java.util.regex.Pattern.quote(token), -1).length - 1;
    }
}
