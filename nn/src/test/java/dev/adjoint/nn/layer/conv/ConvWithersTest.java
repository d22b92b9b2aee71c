package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.layer.Records;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.nn.regularizer.Regularizer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The withers of the convolution layers: each returns the layer with its own component changed, and only that. */
class ConvWithersTest {

    private static final List<Record> LAYERS = List.of(Conv1D.of(4, 3), Conv2D.of(4, 3), Conv3D.of(4, 3),
            Conv1DTranspose.of(4, 3), Conv2DTranspose.of(4, 3), Conv3DTranspose.of(4, 3), DepthwiseConv1D.of(3),
            DepthwiseConv2D.of(3), SeparableConv1D.of(4, 3), SeparableConv2D.of(4, 3), ConvLSTM1D.of(4, 3),
            ConvLSTM2D.of(4, 3));

    @Test
    void everyWitherChangesItsComponentAndKeepsTheOthers() throws ReflectiveOperationException {
        for (Record layer : LAYERS) {
            List<String> checked = new ArrayList<>();
            for (Method wither : layer.getClass().getDeclaredMethods()) {
                if (!isWither(layer, wither)) {
                    continue;
                }
                String component = wither.getName().equals("named") ? "name" : wither.getName();
                Object changed = wither.invoke(layer, value(layer, wither, component));
                assertSame(layer.getClass(), changed.getClass(), wither.toString());
                boolean found = false;
                for (RecordComponent c : layer.getClass().getRecordComponents()) {
                    Object before = c.getAccessor().invoke(layer);
                    Object after = c.getAccessor().invoke(changed);
                    if (c.getName().equals(component)) {
                        found = true;
                        assertNotEquals(before, after, wither + " must change " + component);
                    } else {
                        assertEquals(before, after, wither + " must keep " + c.getName());
                    }
                }
                assertTrue(found, wither + " is named after no component of " + layer.getClass().getSimpleName());
                checked.add(component);
            }
            assertTrue(checked.containsAll(List.of("strides", "padding", "dataFormat", "dilationRate", "activation",
                    "useBias", "biasInitializer", "biasRegularizer", "biasConstraint", "name")),
                    layer.getClass().getSimpleName() + " withers checked: " + checked);
        }
    }

    @Test
    void aWitherRefusesWhatTheConstructorRefusesInItsWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv2D.of(4, 3).groups(3));
        assertEquals("Conv2D: groups must be > 0 and divide filters, got groups 3 and filters 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvLSTM1D.of(4, 3).dropout(1));
        assertTrue(e.getMessage().startsWith("ConvLSTM1D: dropout"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class,
                () -> DepthwiseConv2D.of(3).activation(null));
        assertEquals("DepthwiseConv2D: activation is null; use new Linear() for none", n.getMessage());
        assertFalse(Objects.equals(Conv3DTranspose.of(4, 3), Conv3DTranspose.of(4, 3).outputPadding(0)));
    }

    @Test
    void recordsWithNamesAWrongComponentOrValueAsTheWithersMistake() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Records.with(Conv1D.of(4, 3), "stride", List.of(2)));
        assertTrue(e.getMessage().startsWith("Conv1D: with: no component named stride, expected one of [filters,"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Records.with(Conv1D.of(4, 3), "filters", "four"));
        assertTrue(e.getMessage().startsWith("Conv1D: with: component filters cannot take four"), e.getMessage());
    }

    private static boolean isWither(Record layer, Method m) {
        return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                && m.getParameterCount() == 1 && m.getReturnType() == layer.getClass();
    }

    /** A valid value for {@code component} that differs from the layer's (whose strides and dilations are 1). */
    private static Object value(Record layer, Method wither, String component) throws ReflectiveOperationException {
        Class<?> type = wither.getParameterTypes()[0];
        if (type == int[].class) {
            return new int[] {component.equals("outputPadding") ? 0 : 2};
        } else if (type == int.class) {
            return 2;
        } else if (type == double.class) {
            return 0.25;
        } else if (type == boolean.class) {
            return !(Boolean) layer.getClass().getMethod(component).invoke(layer);
        } else if (type == String.class) {
            return switch (component) {
                case "padding" -> "same";
                case "dataFormat" -> "channels_first";
                default -> "renamed";
            };
        } else if (type == Activation.class) {
            return new Relu();
        } else if (type == Initializer.class) {
            return new Ones();
        } else if (type == Regularizer.class) {
            return new L2(0.5);
        } else if (type == Constraint.class) {
            return new NonNeg();
        }
        throw new AssertionError("no sample value of " + type + " for " + wither);
    }
}
