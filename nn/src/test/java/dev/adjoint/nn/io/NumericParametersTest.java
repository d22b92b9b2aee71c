package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No configuration silently accepts a number that means nothing: every floating-point component of every
 * registered component (layers, activations, initializers, regularizers, losses, metrics, optimizers,
 * schedules) rejects NaN and both infinities in its canonical constructor, the one files are read through,
 * with an IllegalArgumentException that shows the value.
 */
class NumericParametersTest {

    private static final double[] NON_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @Test
    void everyFloatingPointParameterOfARegisteredComponentRejectsNaNAndInfinities() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Object sample : ConfigTypesTest.samples()) {
            Class<?> type = sample.getClass();
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                continue;
            }
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getAccessor().invoke(sample);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            for (int i = 0; i < components.length; i++) {
                if (types[i] != double.class) {
                    continue;
                }
                String what = type.getSimpleName() + "." + components[i].getName();
                for (double bad : NON_FINITE) {
                    Object[] args = values.clone();
                    args[i] = bad;
                    try {
                        canonical.newInstance(args);
                        fail(what + " = " + bad + " was accepted");
                    } catch (InvocationTargetException e) {
                        assertEquals(IllegalArgumentException.class, e.getCause().getClass(), what + " = " + bad);
                        assertTrue(e.getCause().getMessage().contains(Double.toString(bad)), what + " = " + bad
                                + " is named in <" + e.getCause().getMessage() + ">");
                    }
                }
                checked.add(what);
            }
        }
        assertTrue(checked.size() >= 30, "floating-point parameters checked: " + checked);
    }
}
