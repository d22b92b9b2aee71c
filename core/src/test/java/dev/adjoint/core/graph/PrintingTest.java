package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printed form of a graph and its DOT export, exactly as documented. */
class PrintingTest {

    private final Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
    private final Node w = SourceOp.input("w", Shape.of(3, 2));

    @Test
    void printsNumberedLinesInTopologicalOrderAsDocumented() {
        Node f = x.matmul(w).tanh();
        assertEquals("""
                %0 = input "x" : f64[N, 3]
                %1 = input "w" : f64[3, 2]
                %2 = matmul(%0, %1) : f64[N, 2]
                %3 = tanh(%2) : f64[N, 2]
                return %3
                """, GraphPrinter.print(f));
    }

    @Test
    void printsConstantsFillsSharedNodesAndSeveralOutputs() {
        Node c = SourceOp.constant(Tensor.arange(DType.FLOAT64, 0, 8, 1));
        Node y = c.add(c).mul(SourceOp.fill(Shape.of(8), c.dtype(), 0.5));
        assertEquals("""
                %0 = constant [0.0, 1.0, 2.0, ..., 5.0, 6.0, 7.0] : f64[8]
                %1 = add(%0, %0) : f64[8]
                %2 = fill 0.5 : f64[8]
                %3 = mul(%1, %2) : f64[8]
                return %3, %1
                """, GraphPrinter.print(List.of(y, y.inputs().get(0))));
    }

    @Test
    void matrixConstantsPrintTheirWholeValue() {
        Node c = SourceOp.constant(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
        assertEquals("%0 = constant [[1.0, 2.0], [3.0, 4.0]] : f64[2, 2]\nreturn %0\n", GraphPrinter.print(c));
    }

    @Test
    void longGraphsKeepTheirFirstAndLastLines() {
        Node y = x;
        for (int i = 0; i < 10; i++) {
            y = y.tanh();
        }
        String printed = GraphPrinter.print(List.of(y), 4);
        assertEquals("""
                %0 = input "x" : f64[N, 3]
                %1 = tanh(%0) : f64[N, 3]
                ... 7 lines left out ...
                %9 = tanh(%8) : f64[N, 3]
                %10 = tanh(%9) : f64[N, 3]
                return %10
                """, printed);
        Node last = y;
        assertThrows(IllegalArgumentException.class, () -> GraphPrinter.print(List.of(last), 1));
    }

    @Test
    void dotExportDrawsEveryNodeAndEdge() {
        Node f = x.matmul(w).tanh();
        String dot = Dot.export(f);
        assertTrue(dot.startsWith("digraph adjoint {\n"), dot);
        assertTrue(dot.endsWith("}\n"), dot);
        assertTrue(dot.contains("n0 [label=\"x\\nf64[N, 3]\", style=rounded];"), dot);
        assertTrue(dot.contains("n2 [label=\"matmul\\nf64[N, 2]\"];"), dot);
        assertTrue(dot.contains("n0 -> n2 [label=\"0\"];") && dot.contains("n1 -> n2 [label=\"1\"];"), dot);
        assertTrue(dot.contains("n3 [label=\"tanh\\nf64[N, 2]\", peripheries=2];"), dot);
        assertTrue(dot.contains("n2 -> n3;"), dot);
    }

    @Test
    void dotEscapesQuotesInNames() {
        Node odd = SourceOp.input("say \"hi\"", Shape.of(1));
        String dot = Dot.export(odd.exp());
        assertTrue(dot.contains("label=\"say \\\"hi\\\"\\nf64[1]\""), dot);
    }

    @Test
    void labelsPrintAsJavaStringLiteralsOneNodeALine() {
        Node quoted = SourceOp.input("a\"b\\c", Shape.of(2));
        assertEquals("""
                %0 = input "a\\"b\\\\c" : f64[2]
                %1 = exp(%0) : f64[2]
                return %1
                """, GraphPrinter.print(quoted.exp()));
        Node paragraph = SourceOp.input("par\n\nagraph\r\t\u0000\u2028", Shape.of(2));
        String escaped = "\"par\\n\\nagraph\\r\\t\\u0000\\u2028\"";
        assertEquals("%0 = input " + escaped + " : f64[2]\n%1 = exp(%0) : f64[2]\nreturn %1\n",
                GraphPrinter.print(paragraph.exp()));
        assertEquals("%0 = input " + escaped + " : f64[2]",
                GraphPrinter.line(paragraph, java.util.Map.of(paragraph, 0)));
        assertEquals("input " + escaped + " : f64[2]", paragraph.toString());
        assertEquals("exp(" + escaped + ") : f64[2]", paragraph.exp().toString());
        assertEquals("\"\"", Notation.quote(""));
        assertEquals("\"\ud83d\ude00 \\ud800\"", Notation.quote("\ud83d\ude00 \ud800"), "a lone surrogate");
    }

    @Test
    void planListingsQuoteLabelsToo() {
        Node p = SourceOp.input("say \"hi\"\nthere", Shape.of(2));
        String plan = dev.adjoint.core.eval.Plan.of(List.of(p), List.of(p.exp())).toString();
        assertEquals("""
                %0 = input "say \\"hi\\"\\nthere" : f64[2]
                %1 = exp(%0) : f64[2]; releases %0
                """, plan);
    }

    @Test
    void nodeToStringShowsOpInputNamesAndType() {
        assertEquals("matmul(\"x\", \"w\") : f64[N, 2]", x.matmul(w).toString());
        assertEquals("input \"x\" : f64[N, 3]", x.toString());
        assertEquals("tanh(matmul) : f64[N, 2]", x.matmul(w).tanh().toString());
        assertEquals("mul(\"w\", broadcastTo) : f64[3, 2]", w.mul(2.0).toString());
        assertEquals("f64[3, 2]", w.type());
    }
}
