package dev.adjoint.nn.layer;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The withers of the layers' records (the convolution and recurrent layers; a user's own layer may use it too): for
 * a record {@code r = R(c_1, ..., c_n)}, {@code with(r, "c_i", v)} is {@code new R(c_1, ..., v, ..., c_n)}, built by
 * R's canonical constructor, so that the copy is checked as a record built directly is, and its errors are the
 * constructor's own. Java 17 has no derived record creation
 * ({@code r with { c_i = v; }}); without it each wither of an n-component record writes the n components out again.
 */
public final class Records {

    private Records() {
    }

    /**
     * {@code record} with its component {@code component} replaced by {@code value}.
     *
     * @throws IllegalArgumentException what the canonical constructor throws for the new value
     * @throws IllegalStateException when {@code component} is not a component of {@code record}'s type, or
     *         {@code value} not of its type (a mistake of the wither, not of its caller)
     */
    @SuppressWarnings("unchecked") // the canonical constructor of record's class builds an instance of that class
    public static <R extends Record> R with(R record, String component, Object value) {
        Class<?> type = record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                names.add(components[i].getName());
                values[i] = components[i].getName().equals(component) ? value
                        : components[i].getAccessor().invoke(record);
            }
            if (!names.contains(component)) {
                throw new IllegalStateException(type.getSimpleName() + ": with: no component named " + component
                        + ", expected one of " + names);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            if (e.getCause() instanceof Error thrown) {
                throw thrown;
            }
            throw new IllegalStateException(type.getSimpleName() + ": with " + component, e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException(type.getSimpleName() + ": with: component " + component
                    + " cannot take " + value + " (" + e + ")", e);
        }
    }
}
