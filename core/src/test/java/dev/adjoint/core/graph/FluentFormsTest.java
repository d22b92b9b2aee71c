package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link Node}'s fluent forms, as its Javadoc states it: every factory of the elementwise,
 * reduction, movement, linear-algebra and indexing families whose first argument is a node has a fluent form
 * with the other arguments, and Node has no fluent method beyond those and the two documented conveniences.
 */
class FluentFormsTest {

    private static final List<Class<?>> FAMILIES = List.of(UnaryOp.class, BinaryOp.class, WhereOp.class,
            ReduceOp.class, MovementOp.class, LinalgOp.class, IndexOp.class, ScatterOp.class, SpecialFunctionOp.class,
            ActivationOp.class, TrigonometricOp.class, HyperbolicOp.class, RoundingOp.class, PowerOp.class,
            QuotientOp.class, LogarithmicOp.class, UnaryLogarithmOp.class, ContractionOp.class, SolveOp.class,
            DecompositionOp.class, MatrixFunctionOp.class, LuOp.class, LogicalOp.class, IntegerOp.class,
            DiscreteReduceOp.class, ConvOp.class, PoolOp.class, ArrangeOp.class, CumulativeOp.class, StatisticOp.class,
            SortOp.class, Assembly.class, NanFunctions.class, LinalgFunctions.class,
            BinarySpecialFunctionOp.class, Differences.class, Interpolation.class, Covariance.class, Distances.class,
            OrderStatistics.class, LogDeterminant.class, PixelShuffle.class, Bucketing.class,
            Patches.class);

    /** A constant operand as a double. */
    private static final Set<String> CONVENIENCES = Set.of("add(double)", "sub(double)", "mul(double)",
            "div(double)", "maximum(double)", "minimum(double)", "greater(double)", "greaterEqual(double)",
            "less(double)", "lessEqual(double)", "equal(double)", "notEqual(double)");

    @Test
    void everyFactoryTakingANodeFirstHasAFluentForm() {
        List<String> missing = new ArrayList<>();
        for (String form : factoryForms()) {
            if (!fluentForms().contains(form)) {
                missing.add(form);
            }
        }
        assertTrue(missing.isEmpty(), "Node lacks the fluent forms " + missing);
    }

    @Test
    void everyFluentMethodMirrorsAFactoryOrIsADocumentedConvenience() {
        Set<String> extra = new TreeSet<>(fluentForms());
        extra.removeAll(factoryForms());
        assertEquals(new TreeSet<>(CONVENIENCES), extra);
    }

    @Test
    void aDoubleOperandIsTheConstantOfTheNodesDtype() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32, DType.INT64)) {
            Node x = SourceOp.input("x", Shape.of(5), dtype);
            Tensor value = Tensor.of(dtype, Shape.of(5), -2, -1, 0, 1, 2);
            Node c = SourceOp.scalar(1.0, dtype);
            List<Node> byDouble = List.of(x.maximum(1.0), x.minimum(1.0), x.greater(1.0), x.greaterEqual(1.0),
                    x.less(1.0), x.lessEqual(1.0), x.equal(1.0), x.notEqual(1.0));
            List<Node> byNode = List.of(x.maximum(c), x.minimum(c), x.greater(c), x.greaterEqual(c), x.less(c),
                    x.lessEqual(c), x.equal(c), x.notEqual(c));
            List<Tensor> got = Function.of(List.of(x), byDouble).call(value);
            List<Tensor> expected = Function.of(List.of(x), byNode).call(value);
            for (int i = 0; i < got.size(); i++) {
                assertTrue(got.get(i).sameValues(expected.get(i)), dtype + " " + byDouble.get(i));
            }
        }
        // in float32 the constant is rounded to float32, as a number in a float32 expression is
        Node x = SourceOp.input("x", Shape.of(1), DType.FLOAT32);
        Tensor tenth = Tensor.of(DType.FLOAT32, Shape.of(1), 0.1);
        assertEquals(1.0, Function.of(List.of(x), List.of(x.equal(0.1))).call(tenth).get(0).toDoubleArray()[0]);
    }

    /** {@code name(ParamType, ...)} of each factory, without its first (node) parameter. */
    private static Set<String> factoryForms() {
        Set<String> forms = new TreeSet<>();
        for (Class<?> family : FAMILIES) {
            for (Method m : family.getDeclaredMethods()) {
                Class<?>[] p = m.getParameterTypes();
                if (Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers())
                        && m.getReturnType() == Node.class && p.length > 0 && p[0] == Node.class) {
                    forms.add(form(m.getName(), Arrays.copyOfRange(p, 1, p.length)));
                }
            }
        }
        assertTrue(forms.size() > 50, "the families' factories were not found: " + forms);
        return forms;
    }

    /**
     * {@code name(ParamType, ...)} of each public instance method of a node (its own or its forms') that returns a
     * node.
     */
    private static Set<String> fluentForms() {
        Set<String> forms = new TreeSet<>();
        for (Method m : Node.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers())
                    && m.getReturnType() == Node.class
                    && m.getDeclaringClass().getPackage() == Node.class.getPackage()) {
                forms.add(form(m.getName(), m.getParameterTypes()));
            }
        }
        return forms;
    }

    private static String form(String name, Class<?>[] parameters) {
        return name + "(" + String.join(", ", Arrays.stream(parameters).map(Class::getSimpleName).toList()) + ")";
    }
}
