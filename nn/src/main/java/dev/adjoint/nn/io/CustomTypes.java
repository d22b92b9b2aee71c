package dev.adjoint.nn.io;

import java.util.List;
import java.util.Objects;

/**
 * Registers your own layers, activations, initializers, regularizers, losses, metrics, optimizers and
 * learning-rate schedules by name, so that models holding them are saved and loaded whole by
 * {@link ModelFiles} and {@code ModelCheckpoint} (Keras's {@code register_keras_serializable}).
 *
 * <p>A registered type must be a record: the file stores its components under their names in snake_case,
 * and loading calls its canonical constructor, so its validation runs on what a file holds. The file names
 * the type by the registered name, never by a Java class name, so a file can only instantiate types that the
 * program registered. Register once, before saving or loading (e.g. in a static initializer of the class
 * that builds the model); registering the same record under the same name again does nothing.
 *
 * <pre>{@code
 * public record Scale(double factor, String name) implements Layer { ... }
 *
 * CustomTypes.register(Layer.class, "scale", Scale.class);
 * ModelFiles.save(model, file);                          // a Sequential holding a Scale
 * Model again = ModelFiles.load(file);
 * }</pre>
 */
public final class CustomTypes {

    private CustomTypes() {
    }

    /**
     * Registers {@code type} as the {@code kind} called {@code name}.
     *
     * @param kind one of {@link #kinds()} ({@code Layer.class}, {@code Schedule.class}, ...)
     * @param name the name in files, snake_case ({@code [a-z][a-z0-9_]*}), not taken by another type
     * @param type a record implementing {@code kind}
     * @throws IllegalArgumentException naming the rule broken: an unknown kind, a type that is not a record,
     *     a name taken by another type (built-in or registered), a type already registered under another name
     */
    public static <T> void register(Class<T> kind, String name, Class<? extends T> type) {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        ConfigTypes.register(kind, name, type);
    }

    /** The kinds that can be registered: the interfaces whose values a model file describes. */
    public static List<Class<?>> kinds() {
        return ConfigTypes.kinds();
    }

    /** The names known for a kind, the library's and the registered ones, sorted. */
    public static List<String> names(Class<?> kind) {
        Objects.requireNonNull(kind, "kind is null");
        return ConfigTypes.names(kind);
    }
}
