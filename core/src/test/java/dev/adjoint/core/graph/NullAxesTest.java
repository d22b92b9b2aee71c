package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every fluent form on {@link Node} that takes an {@code int[]} (axes, dims, a permutation, ...) refuses a null
 * array with a {@link NullPointerException} whose message names the op and the argument ({@code "nansum: axes is
 * null"}), not a raw one thrown from inside. Found by reflection, so that a form added later is checked too.
 */
class NullAxesTest {

    @Test
    void aNullIntArrayIsNamed() throws IllegalAccessException {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        List<String> raw = new ArrayList<>();
        int checked = 0;
        for (Method m : Node.class.getMethods()) {
            Class<?>[] types = m.getParameterTypes();
            if (Modifier.isStatic(m.getModifiers()) || !List.of(types).contains(int[].class)) {
                continue;
            }
            Object[] args = new Object[types.length];
            boolean supported = true;
            for (int i = 0; i < types.length; i++) {
                Class<?> t = types[i];
                if (t == int[].class) {
                    args[i] = null;
                } else if (t == boolean.class) {
                    args[i] = false;
                } else if (t == int.class) {
                    args[i] = 0;
                } else if (t == double.class) {
                    args[i] = 2.0;
                } else if (t == Node.class) {
                    args[i] = x;
                } else {
                    supported = false;
                }
            }
            if (!supported) {
                continue;
            }
            checked++;
            try {
                m.invoke(x, args);
                raw.add(m + " accepted null");
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                String message = String.valueOf(cause.getMessage());
                if (!(cause instanceof NullPointerException) || !message.matches("\\w+: \\w+ is null")) {
                    raw.add(m.getName() + java.util.Arrays.toString(types) + ": " + cause);
                }
            }
        }
        assertTrue(checked > 20, "found only " + checked + " forms taking int[]");
        assertEquals(List.of(), raw);
    }
}
