package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Type errors name their operands ({@link Node#describe}): an input by its name and type, any other node by its
 * type, each followed by where it was built when creation sites are being recorded ({@link Provenance}). One
 * helper writes them for every op family, so each family is checked here once.
 */
class OperandNamesTest {

    private static String message(Executable build) {
        return assertThrows(IllegalArgumentException.class, build).getMessage();
    }

    @Test
    void inputsAreNamedByTheirNameAndType() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node w = SourceOp.input("W", Shape.of(4, 2));
        assertEquals("matmul: inner dimensions must match, got x : f64[N, 3] and W : f64[4, 2]",
                message(() -> x.matmul(w)));
    }

    @Test
    void otherNodesAreNamedByTheirType() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node w = SourceOp.input("W", Shape.of(4, 2));
        assertEquals("matmul: inner dimensions must match, got f64[N, 3] and W : f64[4, 2]",
                message(() -> x.tanh().matmul(w)));
    }

    @Test
    void recordedSitesAndLabelsAreCited() {
        Node x;
        Node w;
        try (Provenance.Scope sites = Provenance.recordSites();
                Provenance.Scope layer = Provenance.label("layer 'd'")) {
            x = SourceOp.input("x", Shape.of(2, 3));
            w = SourceOp.input("W", Shape.of(4, 2)).tanh();
        }
        String m = message(() -> x.matmul(w));
        // the site is the first frame outside Adjoint's packages (this test is inside them: JUnit's frame)
        assertEquals("matmul: inner dimensions must match, got x : f64[2, 3] (built at "
                + Provenance.siteOf(x).orElseThrow() + " in layer 'd') and f64[4, 2] (built at "
                + Provenance.siteOf(w).orElseThrow() + " in layer 'd')", m);
    }

    @Test
    void everyFamilyNamesItsOperands() {
        Node a = SourceOp.input("a", Shape.of(2, 3));
        Node b = SourceOp.input("b", Shape.of(3, 2));
        Node f = SourceOp.input("f", Shape.of(2, 3), DType.FLOAT32);
        assertEquals("add: shapes must broadcast (equal dimensions or 1, aligned on the right), got a : f64[2, 3]"
                + " and b : f64[3, 2]", message(() -> a.add(b)));
        assertEquals("logaddexp: shapes must broadcast (equal dimensions or 1, aligned on the right), got"
                + " a : f64[2, 3] and b : f64[3, 2]", message(() -> a.logaddexp(b)));
        assertEquals("add: operands must have the same dtype, got a : f64[2, 3] and f : f32[2, 3]; insert a cast",
                message(() -> a.add(f)));
        assertEquals("where: shapes must broadcast (equal dimensions or 1, aligned on the right), got"
                + " b : f64[3, 2], a : f64[2, 3] and a : f64[2, 3]", message(() -> b.where(a, a)));
        assertEquals("clamp: shapes must broadcast (equal dimensions or 1, aligned on the right), got"
                + " a : f64[2, 3], b : f64[3, 2] and a : f64[2, 3]", message(() -> a.clamp(b, a)));
        assertEquals("sum: axis must be in [-2, 2), got axis 2 for a : f64[2, 3]", message(() -> a.sum(2)));
        assertEquals("reshape: element count must be preserved, got a : f64[2, 3] and [5]",
                message(() -> a.reshape(5)));
        assertEquals("concat: shapes must agree except along axis 0 (which cannot be N), got a : f64[2, 3] and"
                + " b : f64[3, 2]", message(() -> MovementOp.concat(0, a, b)));
        assertEquals("gather: axis must be in [-2, 2), got axis 3 for a : f64[2, 3]",
                message(() -> a.gather(b, 3)));
        assertEquals("dot: operands must have equal shapes, got a : f64[2, 3] and b : f64[3, 2]",
                message(() -> LinalgOp.dot(a, b)));
    }
}
