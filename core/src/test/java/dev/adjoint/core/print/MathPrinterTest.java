package dev.adjoint.core.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each op's notation, the naming of shared terms and the layouts, in plain text and LaTeX, exactly. */
class MathPrinterTest {

    private final Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
    private final Node w = SourceOp.input("W", Shape.of(3, 2));
    private final Node b = SourceOp.input("b", Shape.of(2));
    private final Node a = SourceOp.input("a", Shape.of(2, 2));
    private final Node c = SourceOp.input("c", Shape.of(2, 2));

    private static String text(Node node) {
        return MathPrinter.text().print(node);
    }

    private static String latex(Node node) {
        return MathPrinter.latex().print(node);
    }

    @Test
    void theDenseLayerReadsAsInTheTextbook() {
        Node f = x.matmul(w).add(b).tanh();
        assertEquals("tanh(x·W + b)", text(f));
        assertEquals("\\tanh\\left(x \\cdot W + b\\right)", latex(f));
        assertEquals("σ(x·W + b)", text(x.matmul(w).add(b).sigmoid()));
        assertEquals("\\sigma\\left(x \\cdot W + b\\right)", latex(x.matmul(w).add(b).sigmoid()));
    }

    @Test
    void elementwiseProductsScalarProductsAndSquaresAreTold() {
        assertEquals("a ⊙ c", text(a.mul(c)));
        assertEquals("a \\odot c", latex(a.mul(c)));
        assertEquals("a·2", text(a.mul(2.0)), "a scalar factor, broadcast, is a scalar product");
        assertEquals("a·b", text(a.mul(SourceOp.input("b", Shape.of(1, 1)))), "a [1, 1] factor is a scalar too");
        assertEquals("a ⊙ b", text(a.mul(b)), "a row broadcast is not");
        assertEquals("a²", text(a.mul(a)));
        assertEquals("a^{2}", latex(a.mul(a)));
        assertEquals("a³", text(a.pow(3)));
        assertEquals("a⁻¹", text(a.pow(-1)));
        assertEquals("a^0.5", text(a.pow(0.5)));
        assertEquals("a^{-1}", latex(a.pow(-1)));
        assertEquals("a^c", text(a.pow(c)));
        assertEquals("a^(c + 1)", text(a.pow(c.add(1.0))));
        assertEquals("a^{c + 1}", latex(a.pow(c.add(1.0))));
    }

    @Test
    void quotientsAreFractionsInLatex() {
        assertEquals("(a − c) / 4", text(a.sub(c).div(SourceOp.scalar(4))));
        assertEquals("\\frac{a - c}{4}", latex(a.sub(c).div(SourceOp.scalar(4))));
        assertEquals("a / c / 2", text(a.div(c).div(2.0)));
        assertEquals("a / (c / 2)", text(a.div(c.div(2.0))));
        assertEquals("(a ⊙ c) / 2", text(a.mul(c).div(2.0)), "two operators of one precedence do not mix");
        assertEquals("\\frac{a \\odot c}{2}", latex(a.mul(c).div(2.0)));
    }

    @Test
    void matrixProductsTransposesAndPermutations() {
        assertEquals("aᵀ·c", text(a.transpose().matmul(c)));
        assertEquals("a^{\\top} \\cdot c", latex(a.transpose().matmul(c)));
        assertEquals("(a·c)ᵀ", text(a.matmul(c).transpose()));
        assertEquals("(a·c) ⊙ a", text(a.matmul(c).mul(a)));
        assertEquals("a·(c·a)", text(a.matmul(c.matmul(a))));
        Node t = SourceOp.input("t", Shape.of(2, 3, 4));
        assertEquals("permute_{[2, 0, 1]}(t)", text(t.permute(2, 0, 1)));
        assertEquals("tᵀ", text(t.permute(0, 2, 1)), "a batch of transposes");
    }

    @Test
    void unaryFunctions() {
        assertEquals("−a", text(a.neg()));
        assertEquals("−(a + c)", text(a.add(c).neg()));
        assertEquals("−a ⊙ c", text(a.mul(c).neg()), "the prefix minus binds as a sum");
        assertEquals("(−a) ⊙ c", text(a.neg().mul(c)));
        assertEquals("c + (−a)", text(c.add(a.neg())));
        assertEquals("−a + c", text(a.neg().add(c)));
        assertEquals("e^a", text(a.exp()));
        assertEquals("e^(a + c)", text(a.add(c).exp()));
        assertEquals("e^{a + c}", latex(a.add(c).exp()));
        assertEquals("log(a)", text(a.log()));
        assertEquals("\\log\\left(a\\right)", latex(a.log()));
        assertEquals("√a", text(a.sqrt()));
        assertEquals("√(a + 1)", text(a.add(1.0).sqrt()));
        assertEquals("\\sqrt{a + 1}", latex(a.add(1.0).sqrt()));
        assertEquals("|a − c|", text(a.sub(c).abs()));
        assertEquals("\\left\\lvert a - c \\right\\rvert", latex(a.sub(c).abs()));
        assertEquals("relu(a)", text(a.relu()));
        assertEquals("\\operatorname{relu}\\left(a\\right)", latex(a.relu()));
        assertEquals("leakyRelu_{0.01}(a)", text(a.leakyRelu(0.01)), "a parameter in the name is a subscript");
        assertEquals("\\operatorname{leakyRelu}_{0.01}\\left(a\\right)", latex(a.leakyRelu(0.01)));
        assertEquals("cast_{f32}(a)", text(a.cast(DType.FLOAT32)));
        assertEquals("max(a, c)", text(a.maximum(c)));
        assertEquals("\\max\\left(a, c\\right)", latex(a.maximum(c)));
    }

    @Test
    void comparisonsAreIversonBracketsAndWhereIsCases() {
        assertEquals("[a > c]", text(a.greater(c)));
        assertEquals("a ⊙ [a ≥ 0]", text(a.mul(a.greaterEqual(SourceOp.scalar(0)).cast(a.dtype()))),
                "a bool cast to a number is the bracket itself");
        assertEquals("\\left[a \\leq c\\right]", latex(a.lessEqual(c)));
        assertEquals("{a if a > 0; a·0.1 otherwise}", text(a.greater(SourceOp.scalar(0)).where(a, a.mul(0.1))));
        assertEquals("\\begin{cases} a & \\text{if } a > 0 \\\\ a \\cdot 0.1 & \\text{otherwise} \\end{cases}",
                latex(a.greater(SourceOp.scalar(0)).where(a, a.mul(0.1))));
        assertEquals("{a if c ≠ 0; 0 otherwise}", text(c.notEqual(SourceOp.scalar(0)).where(a, SourceOp.scalar(0))));
        Node p = SourceOp.input("p", Shape.scalar(), DType.BOOL);
        assertEquals("{a if p ≠ 0; 0 otherwise}", text(p.where(a, SourceOp.scalar(0))), "a bool that is no comparison");
    }

    @Test
    void reductionsNameTheirAxesAndTheBatchAxisIsN() {
        Node z = x.matmul(w);
        assertEquals("Σ_N (x·W)", text(ReduceOp.sum(z, 0)));
        assertEquals("\\sum_{N} \\left(x \\cdot W\\right)", latex(ReduceOp.sum(z, 0)));
        assertEquals("Σ_1 x", text(ReduceOp.sum(x, 1)));
        assertEquals("Σ x²", text(x.square().sum()), "over all axes, no subscript");
        assertEquals("(Σ x) / 3N", text(x.mean()));
        assertEquals("\\frac{\\sum x}{3N}", latex(x.mean()));
        assertEquals("(Σ_N x) / N", text(ReduceOp.mean(x, 0)));
        assertEquals("max_1 x", text(x.max(1)));
        assertEquals("b + Σ_N (x·W)", text(b.add(ReduceOp.sum(z, 0))));
        assertEquals("c·(Σ_{0,1} a)", text(SourceOp.input("c", Shape.scalar()).mul(ReduceOp.sum(
                SourceOp.input("a", Shape.of(2, 2, 2)), 0, 1))));
    }

    @Test
    void broadcastsAndReshapesOfSizeOneAreInvisibleOthersAreNot() {
        assertEquals("a + s", text(a.add(SourceOp.input("s", Shape.scalar()))));
        assertEquals("b", text(b.reshape(1, 2)));
        assertEquals("reshape_{[4]}(a)", text(a.reshape(4)));
        assertEquals("a[0:1, :]", text(MovementOp.slice(a, 0, 0, 1)));
        Node i = SourceOp.input("i", Shape.of(3));
        assertEquals("a[i]", text(IndexOp.gather(a, i, 0)));
        assertEquals("a[:, i]", text(IndexOp.gather(a, i, 1)));
    }

    @Test
    void constantsAndFillsAreNumbers() {
        assertEquals("1 − a", text(SourceOp.scalar(1).sub(a)));
        Node a32 = SourceOp.input("a", Shape.of(2, 2), DType.FLOAT32);
        assertEquals("a·0.1", text(a32.mul(SourceOp.scalar(0.1, DType.FLOAT32))), "a float in its shortest digits");
        assertEquals("a + 1e−12", text(a.add(1e-12)));
        assertEquals("a + 10^{-12}", latex(a.add(1e-12)));
        assertEquals("a + 2.5e−12", text(a.add(2.5e-12)));
        assertEquals("a + 2.5 \\cdot 10^{-12}", latex(a.add(2.5e-12)));
        assertEquals("a − (−3)", text(a.sub(SourceOp.scalar(-3))));
        assertEquals("a + ∞", text(a.add(Double.POSITIVE_INFINITY)));
        assertEquals("a ⊙ 0", text(a.mul(SourceOp.zerosLike(a))));
        assertEquals("a + [0.5, −1]", text(a.add(SourceOp.constant(Tensor.vector(0.5, -1)))));
        assertEquals("a + \\begin{bmatrix}0.5 & -1\\end{bmatrix}", latex(a.add(SourceOp.constant(
                Tensor.vector(0.5, -1)))));
        assertEquals("a + [[1, 2], [3, 4]]", text(a.add(SourceOp.constant(Tensor.matrix(
                new double[][] {{1, 2}, {3, 4}})))));
        assertEquals("a·⟨f64[4, 4]⟩", text(SourceOp.input("a", Shape.of(3, 4)).matmul(SourceOp.constant(
                Tensor.zeros(Shape.of(4, 4))))));
    }

    @Test
    void namesBecomeSubscriptsInLatex() {
        Node w1 = SourceOp.input("W1", Shape.of(2, 2));
        Node lambda = SourceOp.input("lambda", Shape.scalar());
        Node loss = SourceOp.input("loss", Shape.scalar());
        Node odd = SourceOp.input("x_hat$", Shape.scalar());
        assertEquals("\\lambda \\cdot W_{1}", latex(lambda.mul(w1)));
        assertEquals("\\mathrm{loss} + \\text{x\\_hat\\$}", latex(loss.add(odd)));
        assertEquals("W_{1} \\cdot W_{1}", latex(w1.matmul(w1)));
    }

    @Test
    void sharedTermsAreNamedOnceInALet() {
        Node y = x.matmul(w).add(b).tanh();
        assertEquals("let t1 = tanh(x·W + b)\nin t1 ⊙ (1 − t1)", text(y.mul(SourceOp.scalar(1).sub(y))));
        assertEquals("let y = tanh(x·W + b)\nin y ⊙ (1 − y)",
                MathPrinter.text().named("y", y).print(y.mul(SourceOp.scalar(1).sub(y))));
        assertEquals("tanh(x·W + b)²", text(y.square()), "a square uses its base once");
        Node twice = y.add(y);
        assertEquals("""
                \\begin{aligned}
                &\\text{let } t_{1} = \\tanh\\left(x \\cdot W + b\\right) \\\\
                &\\phantom{\\text{let }} t_{2} = t_{1} + t_{1} \\\\
                &\\text{in } t_{2} \\odot e^{t_{2}}
                \\end{aligned}""", latex(twice.mul(twice.exp())));
    }

    @Test
    void userNamesAreBoundEvenWhenUsedOnceAndAutomaticNamesAvoidThem() {
        Node z = x.matmul(w).add(b);
        Node t1 = SourceOp.input("t1", Shape.of(2));
        Node y = z.tanh().add(t1);
        assertEquals("let z = x·W + b\nin tanh(z) + t1", MathPrinter.text().named("z", z).print(y));
        Node shared = z.tanh();
        assertEquals("let t2 = tanh(x·W + b)\nin t2 + t2 + t1", text(shared.add(shared).add(t1)));
        assertEquals("x·W + b", MathPrinter.text().named("z", z).print(z), "the printed term itself is not bound");
    }

    @Test
    void namedResultsPrintAsADerivation() {
        Node z = x.matmul(w).add(b);
        Node a1 = z.sigmoid();
        Node da = a1.mul(SourceOp.scalar(1).sub(a1));
        Map<String, Node> results = new LinkedHashMap<>();
        results.put("da", da);
        results.put("db", ReduceOp.sum(da, 0));
        results.put("again", da);
        results.put("input", x);
        assertEquals("""
                a1 = σ(x·W + b)
                da = a1 ⊙ (1 − a1)
                db = Σ_N da
                again = da
                input = x""", MathPrinter.text().named("a1", a1).print(results));
        assertEquals("""
                \\begin{aligned}
                a_{1} &= \\sigma\\left(x \\cdot W + b\\right) \\\\
                da &= a_{1} \\odot \\left(1 - a_{1}\\right) \\\\
                db &= \\sum_{N} da \\\\
                \\mathrm{again} &= da \\\\
                \\mathrm{input} &= x
                \\end{aligned}""", MathPrinter.latex().named("a1", a1).print(results));
    }

    @Test
    void simplifiedGraphsKeepTheUsersNames() {
        Node z = x.matmul(w).add(b);
        Node y = z.mul(1.0).sub(0.0).tanh(); // x - 0 is x exactly (x + 0 is not: -0 + 0 = +0)
        assertEquals("tanh(x·W + b)", MathPrinter.text().simplified().print(y));
        assertEquals("tanh((x·W + b)·1 − 0)", text(y));
        Node h = z.tanh();
        Node twice = h.add(x.matmul(w).add(b).tanh());
        assertEquals("tanh(x·W + b) + tanh(x·W + b)", text(twice), "built twice");
        assertEquals("let h = tanh(x·W + b)\nin h + h",
                MathPrinter.text().simplified().named("h", h).print(twice), "merged by CSE, still h");
    }

    /** Nothing is recursive: a 100,000-deep term prints. */
    @Test
    void aHundredThousandNodeChainPrints() {
        int depth = 100_000;
        Node s = SourceOp.input("s", Shape.scalar());
        Node y = s;
        for (int i = 0; i < depth; i++) {
            y = y.tanh();
        }
        assertEquals("tanh(".repeat(depth) + "s" + ")".repeat(depth), text(y));
        assertEquals("\\tanh\\left(".repeat(depth) + "s" + "\\right)".repeat(depth), latex(y));
        Node sum = s;
        for (int i = 0; i < depth; i++) {
            sum = sum.add(1.0);
        }
        assertEquals("s" + " + 1".repeat(depth), text(sum), "a left-nested sum needs no parentheses");
    }

    @Test
    void theGradientOfAChainNamesEachSharedActivationOnce() {
        Node s = SourceOp.input("s", Shape.scalar());
        Node y = s;
        for (int i = 0; i < 1000; i++) {
            y = y.tanh();
        }
        String[] lines = MathPrinter.text().simplified().print(Autodiff.grad(y, s)).split("\n");
        assertEquals(1000, lines.length, "each tanh but the last is used twice (by the next tanh and by its own"
                + " derivative): 999 bindings, and the product");
        assertEquals("let t1 = tanh(s)", lines[0]);
        assertEquals("    t999 = tanh(t998)", lines[998]);
        assertTrue(lines[999].startsWith("in (1 − tanh(t999)²)·(1 − t999²)·(1 − t998²)·"), "scalars: products ·");
        assertTrue(lines[999].endsWith("·(1 − t2²)·(1 − t1²)"), lines[999].substring(lines[999].length() - 40));
    }

    /** {@code y = y ⊙ y} a hundred times: 2^100 paths, printed as a hundred bindings, each term once. */
    @Test
    void sharedTermsPrintOnceSoADagPrintsInLinearSize() {
        Node y = a;
        for (int i = 0; i < 100; i++) {
            y = y.add(y);
        }
        String printed = text(y);
        assertEquals(100, printed.split("\n").length);
        assertTrue(printed.startsWith("let t1 = a + a\n    t2 = t1 + t1\n"), printed);
        assertTrue(printed.endsWith("    t99 = t98 + t98\nin t99 + t99"), printed);
    }

    @Test
    void badNamesAreRejectedNamingTheName() {
        MathPrinter p = MathPrinter.text().named("h", x);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> p.named("h", w));
        assertTrue(twice.getMessage().startsWith("named: each name must name one node, got 'h'"),
                twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.named(" ", w));
        assertThrows(IllegalArgumentException.class, () -> p.named("a\nb", w));
        assertThrows(NullPointerException.class, () -> p.named("g", null));
        Node xw = x.matmul(w);
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> MathPrinter.text().named("x", xw).print(xw.tanh()));
        assertEquals("print: each name must stand for one term, got 'x' for input and matmul", clash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MathPrinter.text().print(Map.of()));
        assertEquals("x·W", MathPrinter.text().named("h", x).print(x.matmul(w)), "a name for an input is unused");
    }
}
