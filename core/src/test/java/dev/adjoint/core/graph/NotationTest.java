package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Property;
import dev.adjoint.core.print.MathPrinter;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every op prints as math: for each row of the op table (so every op record, including those added later,
 * which get the call notation by default), the node its cases build prints in plain text and LaTeX, with
 * balanced delimiters and the names of its inputs (unless it reads as a name or number, as a count does).
 */
class NotationTest {

    @Test
    void everyOpOfTheOpTablePrintsInBothStyles() {
        for (OpSpec spec : OpPropertiesTest.table()) {
            Property.forAll(spec.cases().apply(DType.FLOAT64)).named(spec.name() + " prints").tries(5).check(c -> {
                List<Node> in = c.inputs();
                Node out = c.output(in);
                String text = MathPrinter.text().print(out);
                String latex = MathPrinter.latex().print(out);
                assertTrue(!text.isBlank() && !latex.isBlank(), spec.name());
                assertEquals(count(text, '('), count(text, ')'), text);
                assertEquals(count(latex, '{') - count(latex, "\\{"), count(latex, '}') - count(latex, "\\}"), latex);
                Notation notation = out.op().notation(out.inputs());
                boolean showsInputs = !(notation instanceof Notation.Name || notation instanceof Notation.Number);
                for (Node input : out.inputs()) {
                    if (showsInputs && SourceOp.isInput(input)) {
                        assertTrue(text.contains(SourceOp.inputName(input)), input + " missing in " + text);
                    }
                }
            });
        }
    }

    @Test
    void theDefaultIsACallWithTheParametersAsSubscript() {
        assertEquals(new Notation.Call(Notation.Symbol.function("cube"), ""), Notation.call("cube"));
        assertEquals(new Notation.Call(Notation.Symbol.function("gather"), "1"), Notation.call("gather(1)"));
        assertEquals(new Notation.Call(Notation.Symbol.function("pad"), "[0, 1][2, 0]"),
                Notation.call("pad[0, 1][2, 0]"));
        assertEquals(new Notation.Call(Notation.Symbol.function("f(a)(b)"), ""), Notation.call("f(a)(b)"));
        assertEquals(new Notation.Call(Notation.Symbol.function("fused{r0 = add(x0, x1)}"), ""),
                Notation.call("fused{r0 = add(x0, x1)}"));
        assertEquals("\\operatorname{fused\\{r0 = add(x0, x1)\\}}",
                Notation.Symbol.function("fused{r0 = add(x0, x1)}").latex());
        assertEquals("\\tanh", Notation.Symbol.function("tanh").latex());
    }

    /** An op outside the library: with no declared notation (null) it reads as a call, as every op does. */
    record Cube(Notation declared) implements CustomOp {
        public String name() {
            return "cube";
        }

        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        public Tensor forward(List<Tensor> in, Shape out) {
            throw new UnsupportedOperationException("not evaluated here");
        }

        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar.mul(y.inputs().get(0).square().mul(3.0)));
        }

        public Notation notation(List<Node> inputs) {
            return declared == null ? CustomOp.super.notation(inputs) : declared;
        }
    }

    @Test
    void aCustomOpPrintsAsACall() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node cube = Node.apply(new Cube(null), x.add(1.0));
        assertEquals("cube(x + 1)", MathPrinter.text().print(cube));
        assertEquals("\\operatorname{cube}\\left(x + 1\\right)", MathPrinter.latex().print(cube));
    }

    /** A custom op whose notation shows more operands than it has is a clear error, not an index exception. */
    @Test
    void aNotationShowingMissingOperandsIsNamed() {
        Node x = SourceOp.input("x", Shape.of(3));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> MathPrinter.text().print(Node.apply(new Cube(Notation.PLUS), x)));
        assertTrue(e.getMessage().startsWith("print: cube declares the notation Infix"), e.getMessage());
        assertTrue(e.getMessage().endsWith("which shows 2 operands, got 1"), e.getMessage());
    }

    @Test
    void labelsWithLineBreaksPrintOnOneLineInBothStyles() {
        Node p = SourceOp.input("par\n\nagraph", Shape.of(2));
        assertEquals("e^par\\n\\nagraph + par\\n\\nagraph", MathPrinter.text().print(p.exp().add(p)));
        assertEquals("e^{\\text{par\\textbackslash{}n\\textbackslash{}nagraph}} + \\text{par\\textbackslash{}n"
                + "\\textbackslash{}nagraph}", MathPrinter.latex().print(p.exp().add(p)));
        Notation.Symbol odd = Notation.Symbol.name("a\r\tb\u0007\u2029{}");
        assertEquals("a\\r\\tb\\u0007\\u2029{}", odd.text());
        assertEquals("\\text{a\\textbackslash{}r\\textbackslash{}tb\\textbackslash{}u0007"
                + "\\textbackslash{}u2029\\{\\}}", odd.latex());
        for (String printed : List.of(odd.text(), odd.latex(), MathPrinter.text().print(p.exp().add(p)))) {
            assertTrue(printed.chars().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029),
                    printed);
        }
        assertEquals("x1", Notation.Symbol.name("x1").text(), "an ordinary label is as given");
    }

    @Test
    void emptyConstantsPrintAsTheirTypeWithBalancedBrackets() {
        Node x = SourceOp.input("x", Shape.of(0));
        assertEquals("x + ⟨f64[0]⟩", MathPrinter.text().print(x.add(SourceOp.constant(Tensor.vector()))));
        Node y = SourceOp.input("y", Shape.of(0, 3));
        assertEquals("y + ⟨f64[0, 3]⟩",
                MathPrinter.text().print(y.add(SourceOp.constant(Tensor.zeros(Shape.of(0, 3))))));
        Node z = SourceOp.input("z", Shape.of(3, 0));
        assertEquals("z + \\langle\\text{f64[3, 0]}\\rangle",
                MathPrinter.latex().print(z.add(SourceOp.constant(Tensor.zeros(Shape.of(3, 0))))));
    }

    @Test
    void vectorConstantElementsPrintAsScalarsDo() {
        double[] values = {1e-300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -2.5e-12, 4};
        Node v = SourceOp.input("v", Shape.of(6));
        Node sum = v.add(SourceOp.constant(Tensor.vector(values)));
        assertEquals("v + [1e−300, NaN, ∞, −∞, −2.5e−12, 4]", MathPrinter.text().print(sum));
        assertEquals("v + \\begin{bmatrix}10^{-300} & \\mathrm{NaN} & \\infty & -\\infty & -2.5 \\cdot 10^{-12} & 4"
                + "\\end{bmatrix}", MathPrinter.latex().print(sum));
        for (double value : values) {
            assertEquals(MathPrinter.latex().print(SourceOp.scalar(value)),
                    MathPrinter.latex().print(SourceOp.constant(Tensor.vector(value, value))).replaceAll(
                            "^\\\\begin\\{bmatrix\\}(.*) & \\1\\\\end\\{bmatrix\\}$", "$1"), "latex " + value);
            assertEquals(MathPrinter.text().print(SourceOp.scalar(value)),
                    MathPrinter.text().print(SourceOp.constant(Tensor.vector(value, value))).replaceAll(
                            "^\\[(.*), \\1\\]$", "$1"), "text " + value);
        }
        Node m = SourceOp.input("m", Shape.of(2, 2));
        assertEquals("m + [[1e−300, ∞], [NaN, 0.5]]", MathPrinter.text().print(m.add(SourceOp.constant(
                Tensor.matrix(new double[][] {{1e-300, Double.POSITIVE_INFINITY}, {Double.NaN, 0.5}})))));
    }

    private static int count(String text, char ch) {
        return (int) text.chars().filter(c -> c == ch).count();
    }

    private static int count(String text, String token) {
        return text.split(java.util.regex.Pattern.quote(token), -1).length - 1;
    }
}
