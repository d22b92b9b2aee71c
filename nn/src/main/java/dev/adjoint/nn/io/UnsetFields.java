package dev.adjoint.nn.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.layer.conv.ConvLSTM1D;
import dev.adjoint.nn.layer.conv.ConvLSTM2D;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record fields a model file holds only when set, and the reader pass that reads them as null when absent.
 * They are every record component of type {@link Constraint} (Keras's {@code kernel_constraint}, ...), and the
 * components listed in {@link #OPTIONAL}: fields gained in format version 10 or later without a new version, as the
 * cross-entropies' {@code "label_smoothing"}. The mapper writes them only when not null ({@link Introspector}), so
 * a file without them is the file it was before and older readers still read it, while they refuse a file holding
 * one as having an unknown field rather than load it without (a model trained under a constraint would go on
 * training without it).
 *
 * <p>The mapper requires every creator property, so before binding, {@link #fill} writes {@code null} for each of
 * these fields that a record object of the document lacks. The pass knows which objects are records, and of which
 * class, from the document's own types: it starts at {@link ModelDocument}, follows the record components' generic
 * types into lists, arrays and maps, and at an interface-typed value (a layer, a constraint, ...) looks the
 * object's {@code "type"} up in {@link ConfigTypes}. So every layer is reached wherever it is held: an element of
 * {@code model.layers}, the {@code "layer"} of a {@code Bidirectional}, {@code TimeDistributed} or {@code Frozen}
 * wrapper, or any component of a registered record whose type holds layers. Where an object's {@code "type"} is
 * not its first member, the pass writes it first (and removes it where it stood): the binding would otherwise
 * buffer the object's tokens until it met the type, at every level of a nested file (a hostile file of 20 MB, 40
 * layers deep with each type last, ran a 2 GB heap out of memory). Nothing else changes: the text between these
 * edits is the file's own, so the binding sees every other value, and reports every error, as it would without
 * the pass.
 */
final class UnsetFields {

    /** The regularizers the recurrent layers gained in format version 10. */
    private static final Set<String> RECURRENT_REGULARIZERS = Set.of("kernelRegularizer", "recurrentRegularizer",
            "biasRegularizer", "activityRegularizer");

    /**
     * Fields written only when set beyond the constraints, per record class (Java component names): the regularizers
     * layers gained after their first release, so that files without them stay what they were.
     */
    private static final Map<Class<?>, Set<String>> OPTIONAL = Map.of(Dense.class, Set.of("activityRegularizer"),
            PReLU.class, Set.of("alphaRegularizer"),
            MultiHeadAttention.class, Set.of("kernelRegularizer", "biasRegularizer"),
            SimpleRNN.class, RECURRENT_REGULARIZERS, LSTM.class, RECURRENT_REGULARIZERS, GRU.class,
            RECURRENT_REGULARIZERS, ConvLSTM1D.class, Set.of("activityRegularizer"), ConvLSTM2D.class,
            Set.of("activityRegularizer"));

    /** The file's name of each record component, and which of them may be absent; per class, computed once. */
    private static final ClassValue<Components> COMPONENTS = new ClassValue<>() {
        @Override
        protected Components computeValue(Class<?> type) {
            return Components.of(type);
        }
    };

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private UnsetFields() {
    }

    /**
     * True for a component a file holds only when it is not null: a constraint, or one listed in {@link #OPTIONAL}.
     */
    private static boolean omittedWhenNull(Class<?> record, RecordComponent component) {
        return Constraint.class.isAssignableFrom(component.getType())
                || OPTIONAL.getOrDefault(record, Set.of()).contains(component.getName());
    }

    /**
     * Jackson's annotation introspector, which also writes these fields only when they are not null (the
     * writer's half of the rule; {@link #fill} is the reader's).
     */
    static final class Introspector extends JacksonAnnotationIntrospector {

        private static final long serialVersionUID = 1L;

        /** Jackson's introspector, otherwise unchanged. */
        Introspector() {
        }

        @Override
        public JsonInclude.Value findPropertyInclusion(Annotated a) {
            JsonInclude.Value own = super.findPropertyInclusion(a);
            return a instanceof AnnotatedMember m && m.getDeclaringClass().isRecord()
                    && COMPONENTS.get(m.getDeclaringClass()).omittableByJavaName().contains(m.getName())
                    ? own.withValueInclusion(JsonInclude.Include.NON_NULL) : own;
        }
    }

    /**
     * {@code json} with {@code "<field>": null} added to every record object lacking a field that is written only
     * when set; {@code json} itself when none lacks one. It reads the document as a stream (no tree) and copies its
     * text unchanged around the insertions.
     *
     * @param factory makes the parsers, with the reader's limits
     */
    static String fill(String json, JsonFactory factory) throws IOException {
        StringBuilder out = null;
        int copied = 0;
        Deque<Container> open = new ArrayDeque<>();
        try (JsonParser p = factory.createParser(new StringReader(json))) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> {
                        Container in = open.peek();
                        in.seen.add(p.currentName());
                        TypeMember moved = in.movedType;
                        if (moved != null && p.currentTokenLocation().getCharOffset() == moved.nameStart()) {
                            out = out == null ? new StringBuilder(json.length() + 256) : out;
                            out.append(json, copied, moved.commaBefore()); // ", "type": "X"" leaves its place
                            copied = moved.valueEnd();
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        Type type = open.isEmpty() ? ModelDocument.class : open.peek().typeOf(p.currentName());
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        Container container = t == JsonToken.START_OBJECT ? object(type, json, start, factory)
                                : array(type);
                        if (container == null) {
                            p.skipChildren(); // holds no record objects
                        } else {
                            open.push(container);
                            if (container.movedType != null) { // "type" first, where the binding reads it unbuffered
                                out = out == null ? new StringBuilder(json.length() + 256) : out;
                                out.append(json, copied, start + 1).append(json, container.movedType.nameStart(),
                                        container.movedType.valueEnd()).append(',');
                                copied = start + 1;
                            }
                        }
                    }
                    case END_OBJECT -> {
                        Container closed = open.pop();
                        String added = closed.missing();
                        if (!added.isEmpty()) {
                            int end = (int) p.currentTokenLocation().getCharOffset();
                            out = out == null ? new StringBuilder(json.length() + 256) : out;
                            out.append(json, copied, end).append(added);
                            copied = end;
                        }
                    }
                    case END_ARRAY -> open.pop();
                    default -> {
                        // a scalar: nothing to add
                    }
                }
            }
        }
        return out == null ? json : out.append(json, copied, json.length()).toString();
    }

    /**
     * The container of an object of static type {@code type} starting at {@code offset}, or null when it cannot
     * hold a record object (an untyped or scalar value, an unknown {@code "type"}: the binding reports those).
     */
    private static Container object(Type type, String json, long offset, JsonFactory factory) throws IOException {
        Class<?> raw = raw(type);
        if (raw == null) {
            return null;
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new Container(null, typeArgument(type, 1));
        }
        java.util.Optional<Class<?>> kind = ConfigTypes.kindOf(raw);
        TypeMember member = kind.isPresent() ? registered(kind.get(), json, offset, factory) : null;
        Class<?> record = kind.isPresent() ? member == null ? null : member.type() : raw;
        if (record == null || !record.isRecord()) {
            return null;
        }
        Container container = new Container(COMPONENTS.get(record), null);
        container.movedType = member != null && member.commaBefore() >= 0 ? member : null;
        return container;
    }

    /** The container of an array of static type {@code type}, or null when its elements cannot hold records. */
    private static Container array(Type type) {
        Class<?> raw = raw(type);
        if (raw != null && raw.isArray()) {
            Type element = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            return element instanceof Class<?> c && c.isPrimitive() ? null : new Container(null, element);
        }
        return raw != null && Collection.class.isAssignableFrom(raw) ? new Container(null, typeArgument(type, 0))
                : null;
    }

    /**
     * The registered class named by the {@code "type"} of the object at {@code offset}, with where that member
     * stands, read ahead by a parser of its own (the field is usually first, and may come last), or null when it has
     * no known string type.
     */
    private static TypeMember registered(Class<?> kind, String json, long offset, JsonFactory factory)
            throws IOException {
        StringReader from = new StringReader(json);
        from.skip(offset);
        try (JsonParser q = factory.createParser(from)) {
            q.nextToken(); // the object's start
            boolean first = true;
            while (q.nextToken() == JsonToken.FIELD_NAME) {
                boolean isType = q.currentName().equals("type");
                int nameStart = (int) (offset + q.currentTokenLocation().getCharOffset());
                JsonToken value = q.nextToken();
                if (isType) {
                    Class<?> type = value == JsonToken.VALUE_STRING ? ConfigTypes.classOf(kind, q.getText())
                            .orElse(null) : null;
                    int valueEnd = (int) (offset + q.currentLocation().getCharOffset());
                    int comma = nameStart - 1;
                    while (comma > offset && Character.isWhitespace(json.charAt(comma))) {
                        comma--;
                    }
                    boolean movable = !first && json.charAt(comma) == ',';
                    return type == null ? null : new TypeMember(type, nameStart, valueEnd, movable ? comma : -1);
                }
                q.skipChildren();
                first = false;
            }
        }
        return null;
    }

    /**
     * An object's {@code "type"} member: the class it names, where its name starts and its value ends, and the comma
     * before it when it is not the object's first member (-1 when it is).
     */
    private record TypeMember(Class<?> type, int nameStart, int valueEnd, int commaBefore) {
    }

    /** The class of a type (a wildcard's upper bound), or null for a type variable. */
    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        } else if (type instanceof ParameterizedType p) {
            return raw(p.getRawType());
        } else if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        } else if (type instanceof GenericArrayType g) {
            Class<?> component = raw(g.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }

    /** A type argument of a parameterized type ({@code List<Layer>}'s {@code Layer}), or null for a raw one. */
    private static Type typeArgument(Type type, int index) {
        Type t = type instanceof WildcardType w ? w.getUpperBounds()[0] : type;
        return t instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : null;
    }

    /**
     * A record class's components as the file names them (snake_case), with their generic types, and those a file
     * may omit, in declaration order and by their Java names.
     */
    private record Components(Map<String, Type> types, List<String> omittable, Set<String> omittableByJavaName) {

        static Components of(Class<?> type) {
            Map<String, Type> types = new LinkedHashMap<>();
            List<String> omittable = new ArrayList<>();
            Set<String> byJavaName = new HashSet<>();
            for (RecordComponent c : type.isRecord() ? type.getRecordComponents() : new RecordComponent[0]) {
                String name = SNAKE_CASE.translate(c.getName());
                types.put(name, c.getGenericType());
                if (omittedWhenNull(type, c)) {
                    omittable.add(name);
                    byJavaName.add(c.getName());
                }
            }
            return new Components(Map.copyOf(types), List.copyOf(omittable), Set.copyOf(byJavaName));
        }
    }

    /**
     * An open object or array being read: a record object's components and the fields seen, or the type of every
     * element (an array's, a map's values).
     */
    private static final class Container {
        final Components components;
        final Type elements;
        final Set<String> seen = new HashSet<>();
        /** The {@code "type"} member written first in the output, removed where it stood; null when it is first. */
        TypeMember movedType;

        Container(Components components, Type elements) {
            this.components = components;
            this.elements = elements;
        }

        /** The static type of the value of {@code field} (ignored in an array), or null when unknown. */
        Type typeOf(String field) {
            return components == null ? elements : field == null ? null : components.types().get(field);
        }

        /** The JSON to add before the closing brace: {@code ,"kernel_constraint":null,...} for each one absent. */
        String missing() {
            if (components == null) {
                return "";
            }
            StringBuilder added = new StringBuilder();
            for (String name : components.omittable()) {
                if (!seen.contains(name)) {
                    added.append(seen.isEmpty() && added.length() == 0 ? "" : ",").append('"').append(name)
                            .append("\":null");
                }
            }
            return added.toString();
        }
    }
}
