package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.OpSpec.Claim;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The property-test backbone: every op of the table ({@link ElementwiseSpecs}, {@link TensorOpSpecs},
 * {@link InternalOpSpecs}, {@link FunctionSpecs}, {@link LinalgSpecs}, {@link ControlFlowSpecs},
 * {@link SpatialOpSpecs}, {@link AnalysisOpSpecs}) against every property it claims; {@link OpCoverageTest}
 * checks that every op record has a row. Each {@code @TestFactory} is one property; it yields one test per op,
 * named after the op, running a seeded, shrinking {@link Property} over random shapes and values from the op's
 * domain.
 */
class OpPropertiesTest {

    /** Tries of the central-difference properties (the expensive ones: two evaluations per element). */
    static final int GRADIENT_TRIES = 40;
    /** Tries of the cheaper properties. */
    static final int TRIES = 30;
    /** Batch sizes bound, one after another, to one compiled function. */
    static final int[] BATCH_SIZES = {1, 2, 5};

    static List<OpSpec> table() {
        List<OpSpec> all = new ArrayList<>(ElementwiseSpecs.all());
        all.addAll(TensorOpSpecs.all());
        all.addAll(InternalOpSpecs.all());
        all.addAll(FunctionSpecs.all());
        all.addAll(LinalgSpecs.all());
        all.addAll(LinalgFunctionSpecs.all());
        all.addAll(DiscreteSpecs.all());
        all.addAll(LibraryOpSpecs.all());
        all.addAll(AssemblySpecs.all());
        all.addAll(ControlFlowSpecs.all());
        all.addAll(SpatialOpSpecs.all());
        all.addAll(AnalysisOpSpecs.all());
        return all;
    }

    private static Stream<DynamicTest> forEach(Claim claim, DType dtype, String property, int tries,
            java.util.function.BiFunction<OpSpec, DType, Consumer<OpCase>> body) {
        return table().stream().filter(spec -> claim == null || spec.claims(claim))
                .map(spec -> DynamicTest.dynamicTest(spec.name(), () -> Property.forAll(spec.cases().apply(dtype))
                        .named(spec.name() + ": " + property + " (" + dtype.shortName() + ")").tries(tries)
                        .check(body.apply(spec, dtype))));
    }

    // ---------------------------------------------------------------- first order

    @TestFactory
    Stream<DynamicTest> vjpMatchesCentralDifferenceInFloat64() {
        return forEach(Claim.DIFFERENTIABLE, DType.FLOAT64, "vjp matches central differences", GRADIENT_TRIES,
                (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    GradCheck.check(c.output(in), c.wrt(in), c.bindings(in), spec.float64()).assertPassed();
                });
    }

    /** The same in float32, with the documented looser {@code Tolerance.FLOAT32}. */
    @TestFactory
    Stream<DynamicTest> vjpMatchesCentralDifferenceInFloat32() {
        return forEach(Claim.DIFFERENTIABLE, DType.FLOAT32, "vjp matches central differences", GRADIENT_TRIES,
                (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    GradCheck.check(c.output(in), c.wrt(in), c.bindings(in), spec.float32()).assertPassed();
                });
    }

    /** {@code <J^T yBar, t>} against the difference quotient along one random direction t. */
    @TestFactory
    Stream<DynamicTest> directionalDerivativeMatchesCentralDifference() {
        return forEach(Claim.DIFFERENTIABLE, DType.FLOAT64, "directional derivative matches central differences",
                TRIES, (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    GradCheck.checkDirection(c.output(in), c.wrt(in), c.bindings(in), Key.of(c.label().hashCode()),
                            spec.float64()).assertPassed();
                });
    }

    /** {@code vjp(a yBar1 + b yBar2) = a vjp(yBar1) + b vjp(yBar2)}: the pullback is linear in the seed. */
    @TestFactory
    Stream<DynamicTest> vjpIsLinearInCotangent() {
        return forEach(Claim.DIFFERENTIABLE, DType.FLOAT64, "vjp is linear in the cotangent", TRIES,
                (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    Node f = c.output(in);
                    List<Node> wrt = c.wrt(in);
                    double a = 0.75;
                    double b = -1.25;
                    Node y1 = SourceOp.input("yBar1", f.shape(), f.dtype());
                    Node y2 = SourceOp.input("yBar2", f.shape(), f.dtype());
                    Node mixed = y1.mul(a).add(y2.mul(b));
                    List<Node> outputs = new ArrayList<>(vjp(f, y1, wrt));
                    outputs.addAll(vjp(f, y2, wrt));
                    outputs.addAll(vjp(f, mixed, wrt));
                    List<Node> all = new ArrayList<>(in);
                    all.add(y1);
                    all.add(y2);
                    List<Tensor> values = new ArrayList<>(c.values());
                    Tensor fValue = Function.of(in, List.of(f)).call(c.values()).get(0);
                    values.add(Tensor.uniform(Key.of(1), dtype, fValue.shape(), -1, 1));
                    values.add(Tensor.uniform(Key.of(2), dtype, fValue.shape(), -1, 1));
                    List<Tensor> g = Function.of(all, outputs).call(values);
                    // Rounding only: a few operations of relative error 1e-16 on values up to `scale`. A
                    // cotangent that passes through float32 (the cast round trip) is rounded there, to 6e-8.
                    boolean narrowed = Graphs.topologicalOrder(outputs).stream()
                            .anyMatch(node -> node.dtype() == DType.FLOAT32);
                    double rtol = narrowed ? 1e-6 : 1e-12;
                    int n = wrt.size();
                    for (int w = 0; w < n; w++) {
                        double[] g1 = g.get(w).toDoubleArray();
                        double[] g2 = g.get(n + w).toDoubleArray();
                        double[] g12 = g.get(2 * n + w).toDoubleArray();
                        double scale = 0;
                        for (int j = 0; j < g1.length; j++) {
                            scale = Math.max(scale, Math.abs(a * g1[j]) + Math.abs(b * g2[j]));
                        }
                        for (int j = 0; j < g1.length; j++) {
                            double expected = a * g1[j] + b * g2[j];
                            assertTrue(Math.abs(g12[j] - expected) <= rtol * scale,
                                    "input " + w + " element " + j + ": vjp(a y1 + b y2) = " + g12[j]
                                            + " but a vjp(y1) + b vjp(y2) = " + expected);
                        }
                    }
                });
    }

    /**
     * Forward mode: {@code jvp(f, [x_1, x_2, ...], [t_1, t_2, ...]) = sum_i J_i t_i} (the transposed VJP, every
     * differentiable argument moved at once) against {@code (f(x + eps t) - f(x - eps t)) / 2 eps}, element by
     * element.
     */
    @TestFactory
    Stream<DynamicTest> jvpMatchesCentralDifference() {
        return forEach(Claim.DIFFERENTIABLE, DType.FLOAT64, "jvp matches central differences", TRIES,
                (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    Node f = c.output(in);
                    double eps = spec.float64().eps();
                    List<Node> all = new ArrayList<>(in);
                    List<Tensor> values = new ArrayList<>(c.values());
                    List<Node> xs = new ArrayList<>();
                    List<Node> tangents = new ArrayList<>();
                    List<Tensor> plus = new ArrayList<>(c.values());
                    List<Tensor> minus = new ArrayList<>(c.values());
                    for (int i = 0; i < in.size(); i++) {
                        if (!c.args().get(i).differentiable()) {
                            continue;
                        }
                        Tensor x = c.values().get(i);
                        Tensor t = Tensor.uniform(Key.of(c.label().hashCode()).fold(i), dtype, x.shape(), -1, 1);
                        Node tangent = SourceOp.input("t" + i, x.shape(), dtype);
                        xs.add(in.get(i));
                        tangents.add(tangent);
                        all.add(tangent);
                        values.add(t);
                        double[] up = x.toDoubleArray();
                        double[] down = x.toDoubleArray();
                        for (int j = 0; j < up.length; j++) {
                            up[j] += eps * t.flat(j);
                            down[j] -= eps * t.flat(j);
                        }
                        plus.set(i, Tensor.of(dtype, x.shape(), up));
                        minus.set(i, Tensor.of(dtype, x.shape(), down));
                    }
                    Tensor jvp = Function.of(all, List.of(Autodiff.jvp(f, xs, tangents))).call(values).get(0);
                    Function forward = Function.of(in, List.of(f));
                    Tensor fPlus = forward.call(plus).get(0);
                    Tensor fMinus = forward.call(minus).get(0);
                    assertEquals(fPlus.shape(), jvp.shape());
                    for (int j = 0; j < jvp.size(); j++) {
                        double numeric = (fPlus.flat(j) - fMinus.flat(j)) / (2 * eps);
                        assertTrue(spec.float64().agree(jvp.flat(j), numeric), "element " + j + ": jvp "
                                + jvp.flat(j) + ", central difference " + numeric);
                    }
                });
    }

    /** stopGradient, sign and the comparisons: the gradient is exactly zero. */
    @TestFactory
    Stream<DynamicTest> zeroGradientOpsHaveZeroVjp() {
        return forEach(Claim.ZERO_GRADIENT, DType.FLOAT64, "vjp is zero", TRIES, (spec, dtype) -> c -> {
            List<Node> in = c.inputs();
            Node f = c.output(in);
            Node yBar = SourceOp.input("yBar", f.shape(), f.dtype());
            List<Node> grads = vjp(f, yBar, c.wrt(in));
            List<Node> all = new ArrayList<>(in);
            all.add(yBar);
            List<Tensor> values = new ArrayList<>(c.values());
            values.add(Tensor.ones(f.dtype(), f.shape()));
            List<Tensor> g = Function.of(all, grads).call(values);
            for (Tensor t : g) {
                for (double v : t.toDoubleArray()) {
                    assertEquals(0.0, v, "gradient of " + c.label());
                }
            }
        });
    }

    // ---------------------------------------------------------------- shape rules

    @TestFactory
    Stream<DynamicTest> shapeRuleMatchesForwardInFloat64() {
        return forEach(null, DType.FLOAT64, "shape rule matches forward", TRIES,
                (spec, dtype) -> c -> shapeRule(spec, c));
    }

    @TestFactory
    Stream<DynamicTest> shapeRuleMatchesForwardInFloat32() {
        return forEach(null, DType.FLOAT32, "shape rule matches forward", TRIES,
                (spec, dtype) -> c -> shapeRule(spec, c));
    }

    /** The output's and every cotangent's declared type equal the evaluated tensors' types. */
    private static void shapeRule(OpSpec spec, OpCase c) {
        List<Node> in = c.inputs();
        Node f = c.output(in);
        Node yBar = SourceOp.input("yBar", f.shape(), f.dtype());
        List<Node> wrt = spec.differentiated() ? c.wrt(in) : List.of();
        List<Node> outputs = new ArrayList<>(List.of(f));
        outputs.addAll(vjp(f, yBar, wrt));
        List<Node> all = new ArrayList<>(in);
        all.add(yBar);
        List<Tensor> values = new ArrayList<>(c.values());
        values.add(Tensor.ones(f.dtype(), f.shape()));
        List<Tensor> results = Function.of(all, outputs).call(values);
        for (int i = 0; i < outputs.size(); i++) {
            assertEquals(outputs.get(i).shape(), results.get(i).shape(), "shape of " + outputs.get(i));
            assertEquals(outputs.get(i).dtype(), results.get(i).dtype(), "dtype of " + outputs.get(i));
        }
        for (int w = 0; w < wrt.size(); w++) {
            assertEquals(wrt.get(w).shape(), results.get(w + 1).shape(), "shape of the cotangent of " + wrt.get(w));
        }
    }

    /**
     * With inputs declared {@code [N, ...]}: one function, compiled once, called with several batch sizes;
     * the output's and every cotangent's shape, bound to the batch size, equal the evaluated shapes.
     */
    @TestFactory
    Stream<DynamicTest> shapeRuleMatchesForwardWithSymbolicBatch() {
        return table().stream().filter(OpSpec::batched).map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(spec.cases().apply(DType.FLOAT64))
                        .named(spec.name() + ": shape rule matches forward with a symbolic batch").tries(TRIES)
                        .check(c -> {
                            Property.assume(c.hasBatch());
                            batchShapeRule(spec, c);
                        })));
    }

    private static void batchShapeRule(OpSpec spec, OpCase c) {
        List<Node> in = c.batchInputs();
        Node f = c.output(in);
        Node yBar = SourceOp.input("yBar", f.shape(), f.dtype());
        List<Node> wrt = spec.differentiated() ? c.wrt(in) : List.of();
        List<Node> outputs = new ArrayList<>(List.of(f));
        outputs.addAll(vjp(f, yBar, wrt));
        List<Node> all = new ArrayList<>(in);
        all.add(yBar);
        Function fn = Function.of(all, outputs);
        for (int batch : BATCH_SIZES) {
            List<Tensor> values = new ArrayList<>(c.batchValues(batch, Key.of(batch)));
            values.add(Tensor.ones(f.dtype(), f.shape().bind(batch)));
            List<Tensor> results = fn.call(values);
            for (int i = 0; i < outputs.size(); i++) {
                assertEquals(outputs.get(i).shape().bind(batch), results.get(i).shape(),
                        "shape of " + outputs.get(i) + " with N = " + batch);
            }
            for (int w = 0; w < wrt.size(); w++) {
                assertEquals(wrt.get(w).shape().bind(batch), results.get(w + 1).shape(),
                        "shape of the cotangent of " + wrt.get(w) + " with N = " + batch);
            }
        }
    }

    // ---------------------------------------------------------------- ops standing for other graphs

    /** A fused or compiled op computes exactly what the graph it replaces computes, unoptimized. */
    @TestFactory
    Stream<DynamicTest> valuesEqualTheReferenceGraphInFloat64() {
        return forEach(Claim.EQUALS_REFERENCE, DType.FLOAT64, "values equal the reference graph's", TRIES,
                (spec, dtype) -> c -> equalsReference(c));
    }

    @TestFactory
    Stream<DynamicTest> valuesEqualTheReferenceGraphInFloat32() {
        return forEach(Claim.EQUALS_REFERENCE, DType.FLOAT32, "values equal the reference graph's", TRIES,
                (spec, dtype) -> c -> equalsReference(c));
    }

    private static void equalsReference(OpCase c) {
        List<Node> in = c.inputs();
        Tensor actual = Function.unoptimized(in, List.of(c.output(in))).call(c.values()).get(0);
        Tensor expected = Function.unoptimized(in, List.of(c.reference().apply(in))).call(c.values()).get(0);
        assertEquals(expected.dtype(), actual.dtype());
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.flat(i)), Double.doubleToLongBits(actual.flat(i)),
                    "element " + i + " differs: expected " + expected + ", got " + actual);
        }
    }

    // ---------------------------------------------------------------- linear ops

    /**
     * {@code <yBar, J t> = <J^T yBar, t>} to 1e-12 relative in float64. For a linear op {@code J t = f(t)};
     * a multilinear op is linear in each argument with the others fixed, so the identity is checked for each.
     */
    @TestFactory
    Stream<DynamicTest> adjointIdentityHolds() {
        return table().stream().filter(s -> s.claims(Claim.LINEAR) || s.claims(Claim.MULTILINEAR))
                .map(spec -> DynamicTest.dynamicTest(spec.name(), () -> Property.forAll(
                        spec.cases().apply(DType.FLOAT64)).named(spec.name() + ": adjoint identity").tries(TRIES)
                        .check(c -> {
                            List<Integer> differentiable = new ArrayList<>();
                            for (int i = 0; i < c.args().size(); i++) {
                                if (c.args().get(i).differentiable()) {
                                    differentiable.add(i);
                                }
                            }
                            if (spec.claims(Claim.LINEAR)) {
                                adjointIdentity(c, differentiable);
                            } else {
                                for (int i : differentiable) {
                                    adjointIdentity(c, List.of(i));
                                }
                            }
                        })));
    }

    private static void adjointIdentity(OpCase c, List<Integer> varied) {
        List<Node> in = c.inputs();
        Node f = c.output(in);
        List<Tensor> values = new ArrayList<>(c.values());
        List<Node> wrt = new ArrayList<>();
        Key key = Key.of(c.label().hashCode());
        for (int i : varied) {
            Tensor x = values.get(i);
            values.set(i, Tensor.uniform(key.fold(i), x.dtype(), x.shape(), -1, 1));
            wrt.add(in.get(i));
        }
        Tensor ft = Function.of(in, List.of(f)).call(values).get(0);
        Tensor yBarValue = Tensor.uniform(key.fold(-1), ft.dtype(), ft.shape(), -1, 1);
        Node yBar = SourceOp.input("yBar", f.shape(), f.dtype());
        List<Node> all = new ArrayList<>(in);
        all.add(yBar);
        List<Tensor> allValues = new ArrayList<>(values);
        allValues.add(yBarValue);
        List<Tensor> grads = Function.of(all, vjp(f, yBar, wrt)).call(allValues);
        double lhs = 0;
        double scale = 0;
        for (int j = 0; j < ft.size(); j++) {
            lhs += yBarValue.flat(j) * ft.flat(j);
            scale += Math.abs(yBarValue.flat(j) * ft.flat(j));
        }
        double rhs = 0;
        for (int w = 0; w < varied.size(); w++) {
            Tensor t = values.get(varied.get(w));
            for (int j = 0; j < t.size(); j++) {
                rhs += grads.get(w).flat(j) * t.flat(j);
                scale += Math.abs(grads.get(w).flat(j) * t.flat(j));
            }
        }
        assertTrue(Math.abs(lhs - rhs) <= 1e-12 * scale,
                "<yBar, f(t)> = " + lhs + " but <vjp(yBar), t> = " + rhs + " for arguments " + varied);
    }

    // ---------------------------------------------------------------- second order

    /** {@code H v} from differentiating the gradient graph against central differences of the gradient. */
    @TestFactory
    Stream<DynamicTest> secondOrderMatchesCentralDifference() {
        return forEach(Claim.SECOND_ORDER, DType.FLOAT64, "second order matches central differences", TRIES,
                (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    GradCheck.checkSecondOrder(c.output(in), c.wrt(in), c.bindings(in),
                            Key.of(c.label().hashCode()), spec.float64()).assertPassed();
                });
    }

    /** The same in float32, with {@code Tolerance.FLOAT32}. */
    @TestFactory
    Stream<DynamicTest> secondOrderMatchesCentralDifferenceInFloat32() {
        return forEach(Claim.SECOND_ORDER, DType.FLOAT32, "second order matches central differences", TRIES,
                (spec, dtype) -> c -> {
                    List<Node> in = c.inputs();
                    GradCheck.checkSecondOrder(c.output(in), c.wrt(in), c.bindings(in),
                            Key.of(c.label().hashCode()), spec.float32()).assertPassed();
                });
    }

    private static List<Node> vjp(Node f, Node yBar, List<Node> wrt) {
        return Autodiff.vjp(List.of(f), List.of(yBar), wrt, Autodiff.Strictness.ZEROS_FOR_UNUSED);
    }
}
