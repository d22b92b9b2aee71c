package dev.adjoint.nn.callback;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checkpoint file name with Keras's placeholders: {@code {epoch}} (1-based, the number of completed
 * epochs) and any reported figure ({@code {val_loss}}), each optionally with a format spec as in Python,
 * {@code {epoch:02d}}, {@code {val_loss:.4f}} (digits, {@code d}, {@code f}, {@code e} or {@code g}).
 * {@code "ckpt-{epoch:02d}-{val_loss:.2f}.safetensors"} becomes {@code ckpt-03-0.41.safetensors}.
 */
final class CheckpointPath {

    private static final Pattern SPEC = Pattern.compile("0?[0-9]*(\\.[0-9]+)?[dfeg]");

    /** A literal piece ({@code name == null}) or a placeholder. */
    private record Part(String text, String name, String spec) {
    }

    private final String template;
    private final List<Part> parts;

    private CheckpointPath(String template, List<Part> parts) {
        this.template = template;
        this.parts = parts;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template when a brace is unmatched or a spec is unknown
     */
    static CheckpointPath of(String template) {
        Objects.requireNonNull(template, "ModelCheckpoint: filepath is null");
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = template.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                throw bad(template, "'}' without '{' at index " + close);
            }
            if (open < 0) {
                parts.add(new Part(template.substring(i), null, null));
                break;
            }
            parts.add(new Part(template.substring(i, open), null, null));
            close = template.indexOf('}', open);
            if (close < 0) {
                throw bad(template, "'{' without '}' at index " + open);
            }
            String inside = template.substring(open + 1, close);
            int colon = inside.indexOf(':');
            String name = colon < 0 ? inside : inside.substring(0, colon);
            String spec = colon < 0 ? null : inside.substring(colon + 1);
            if (name.isEmpty() || name.contains("{")) {
                throw bad(template, "a placeholder must name a figure, got '{" + inside + "}'");
            }
            if (spec != null && !SPEC.matcher(spec).matches()) {
                throw bad(template, "a format spec must be like 02d, .4f, .2e or g, got '" + spec + "'");
            }
            parts.add(new Part(null, name, spec));
            i = close + 1;
        }
        return new CheckpointPath(template, List.copyOf(parts));
    }

    private static IllegalArgumentException bad(String template, String detail) {
        return new IllegalArgumentException("ModelCheckpoint: filepath placeholders must be {name} or {name:spec},"
                + " got " + detail + " in '" + template + "'");
    }

    /**
     * Checks that every placeholder is {@code epoch} or one of {@code available}.
     *
     * @throws IllegalArgumentException naming the placeholder and the available names
     */
    void check(Set<String> available) {
        for (Part p : parts) {
            if (p.name() != null && !p.name().equals("epoch") && !available.contains(p.name())) {
                throw new IllegalArgumentException("ModelCheckpoint: filepath placeholders must be epoch or one of "
                        + available + ", got '{" + p.name() + "}' in '" + template + "'");
            }
        }
    }

    /**
     * The directory every file goes into whatever the figures, the template's literal text before its first
     * placeholder up to the last name separator ({@code runs/a/} of {@code runs/a/ckpt-{epoch}.st} and of
     * {@code runs/a/{epoch}/m.st}); null when that text names no directory (the working directory).
     */
    Path fixedDirectory() {
        StringBuilder literal = new StringBuilder();
        for (Part p : parts) {
            if (p.name() != null) {
                break;
            }
            literal.append(p.text());
        }
        if (literal.length() == template.length()) {
            return Path.of(template).getParent();
        }
        int slash = Math.max(literal.lastIndexOf("/"), literal.lastIndexOf(java.io.File.separator));
        return slash < 0 ? null : Path.of(literal.substring(0, slash + 1));
    }

    /** The file name after {@code epoch} completed epochs with these figures. */
    Path format(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p.name() == null) {
                sb.append(p.text());
                continue;
            }
            Object value = p.name().equals("epoch") ? (Object) epoch : logs.get(p.name());
            sb.append(render(p, value));
        }
        return Path.of(sb.toString());
    }

    private String render(Part p, Object value) {
        if (p.spec() == null) {
            return String.valueOf(value);
        }
        boolean integral = p.spec().endsWith("d");
        Object arg = value instanceof Number n ? (integral ? (Object) n.longValue() : (Object) n.doubleValue()) : value;
        if (integral && value instanceof Double d && d != Math.rint(d)) {
            throw new IllegalArgumentException("ModelCheckpoint: {" + p.name() + ":" + p.spec() + "} needs an integer,"
                    + " got " + d + " in '" + template + "'");
        }
        try {
            return String.format(Locale.ROOT, "%" + p.spec(), arg);
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException("ModelCheckpoint: cannot format {" + p.name() + ":" + p.spec()
                    + "} with " + value + " in '" + template + "'", e);
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
