package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every {@code <pre>{@code ...}</pre>} example in the Javadoc of {@code dev.adjoint.nn.model} against
 * the current classes: an example a user copies must compile. Each example becomes the body of its own method,
 * with the tensors the examples assume ({@code images}, {@code meta}, {@code labels}, {@code scores}) as fields.
 */
class JavadocExamplesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "adjoint", "nn", "model");
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code\\R(.*?)\\R\\s*\\*\\s*\\}</pre>",
            Pattern.DOTALL);

    @Test
    void everyExampleInTheModelPackageCompiles(@TempDir Path dir) throws IOException {
        StringBuilder methods = new StringBuilder();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = EXAMPLE.matcher(source);
                while (m.find()) {
                    String line = file.getFileName() + ":" + (source.substring(0, m.start()).lines().count() + 1);
                    names.add(line);
                    methods.append("    // ").append(line).append('\n')
                            .append("    void example").append(names.size()).append("() throws Exception {\n")
                            .append(body(m.group(1))).append("\n    }\n");
                }
            }
        }
        assertTrue(names.size() >= 6, "expected the package's examples, found " + names);
        String code = """
                import dev.adjoint.core.autodiff.*;
                import dev.adjoint.core.graph.*;
                import dev.adjoint.core.tensor.*;
                import dev.adjoint.nn.activation.*;
                import dev.adjoint.nn.layer.*;
                import dev.adjoint.nn.loss.*;
                import dev.adjoint.nn.metric.*;
                import dev.adjoint.nn.model.*;
                import dev.adjoint.optim.*;
                import java.util.*;

                class Examples {
                    Tensor images, meta, labels, scores;
                """ + methods + "}\n";
        Path source = dir.resolve("Examples.java");
        Files.writeString(source, code, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", dir.toString(), "-proc:none", "-cp",
                System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
        assertTrue(compiled, "the Javadoc examples " + names + " must compile, got:\n" + errors + "\nin:\n" + code);
    }

    /** The example's code: the Javadoc's leading {@code *} removed and its HTML escapes undone. */
    private static String body(String javadoc) {
        StringBuilder out = new StringBuilder();
        for (String line : javadoc.split("\\R")) {
            out.append("        ").append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
        }
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&#64;", "@").replace("&amp;", "&");
    }
}
