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

    private static int count(String text, char ch) {
        return (int) text.chars().filter(c -> c == ch).count();
    }

    private static int count(String text, String token) {
        return text.split(java.util.regex.Pattern.quote(token), -1).length - 1;
    }
}
