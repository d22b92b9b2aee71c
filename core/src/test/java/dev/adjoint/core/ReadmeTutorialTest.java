package dev.adjoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracts the tutorial from README.md, compiles it against the core classes and runs it. */
class ReadmeTutorialTest {

    @Test
    void readmeTutorialCompilesRunsAndPrintsWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf("<!-- tutorial:begin -->");
        int end = readme.indexOf("<!-- tutorial:end -->");
        assertTrue(begin >= 0 && end > begin, "README.md must hold the tutorial between its markers");
        String block = readme.substring(begin, end);
        String code = block.substring(block.indexOf("```java") + "```java".length(), block.lastIndexOf("```"));
        Path source = dir.resolve("Tutorial.java");
        Files.writeString(source, code, StandardCharsets.UTF_8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", dir.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        assertEquals(0, status, "the README tutorial must compile");

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeTutorialTest.class.getClassLoader())) {
            Method main = loader.loadClass("Tutorial").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        List<String> shown = List.of("%0 = input \"x\" : f64[N, 3]", "%2 = matmul(%0, %1) : f64[N, 2]",
                "%4 = broadcastTo(%3) : f64[N, 2]", "%6 = tanh(%5) : f64[N, 2]",
                "let f = tanh(x·W + b)\nin xᵀ·((f + f) ⊙ (1 − f²))\n",
                "\\begin{aligned}\n&\\text{let } f = \\tanh\\left(x \\cdot W + b\\right) \\\\\n"
                + "&\\text{in } x^{\\top} \\cdot \\left(\\left(f + f\\right) \\odot \\left(1 - f^{2}\\right)"
                + "\\right)\n\\end{aligned}\n");
        for (String line : shown) {
            assertTrue(out.contains(line), "output must contain '" + line + "' as the README says, got:\n" + out);
            assertTrue(readme.contains(line.indent(4)), "README must show the printed text '" + line + "'");
        }
        for (String line : List.of("f = f64[2, 2]", "dloss/dW = f64[3, 2]", "d2loss/db2 = f64[2, 2]")) {
            assertTrue(out.contains(line), "output must contain '" + line + "' as the README says, got:\n" + out);
        }
    }
}
