package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extracts the README's nn snippets, compiles them against the project and runs them, so they cannot rot. The
 * directories a snippet creates with {@code Files.createTempDirectory(prefix)} are made inside the test's own
 * temporary directory (the source is changed before it is compiled, not the README), which JUnit deletes.
 */
class ReadmeSnippetsTest {

    @ParameterizedTest
    @CsvSource({"Training, test {loss=, ''", "Checkpoints, resumed at epoch 4, ''", "Workflow, is it an 8? {loss=, ''",
        "Dtypes, 'i64[3] [1, 0, 0]\nbool[3] [true, false, false]\nf32[] 0.33333334\ni64[] 1\ni64[3] [0, 1, -2]', ''",
        "PhysicsInformed, RESULT pinn max_abs_error=, 50", "LinearAlgebra, log p = -, ''",
        "MultiOutput, 'digit_sparse_categorical_accuracy=', ''", "Cnn, 'Total params: 6,154', ''",
        "Recurrent, 'Total params: 20,234', ''"})
    void readmeSnippetCompilesAndRuns(String name, String expected, String args, @TempDir Path dir)
            throws Exception {
        String code = insideOf(dir, snippet(name));
        Path source = dir.resolve(name + ".java");
        Files.writeString(source, code, StandardCharsets.UTF_8);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        assertEquals(0, status, "the README snippet " + name + " must compile");

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeSnippetsTest.class.getClassLoader())) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) (args.isEmpty() ? new String[0] : args.split(" ")));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(expected), "output must contain '" + expected + "', got:\n" + out);
    }

    @Test
    void thePhysicsInformedSnippetIsTheExampleItself() throws Exception {
        String example = Files.readString(Path.of("src", "main", "java", "dev", "adjoint", "examples",
                "PhysicsInformed.java"), StandardCharsets.UTF_8);
        String withoutPackage = example.substring(example.indexOf("\n\n") + 2);
        assertEquals(withoutPackage, snippet("PhysicsInformed").substring(1));
    }

    /**
     * {@code code} with each {@code Files.createTempDirectory("prefix")} creating its directory inside {@code dir}
     * instead of the system's temporary directory, which nothing would clean.
     */
    private static String insideOf(Path dir, String code) {
        String inside = "java.nio.file.Path.of(\"" + dir.toString().replace("\\", "\\\\") + "\"), ";
        String redirected = code.replace("Files.createTempDirectory(\"", "Files.createTempDirectory(" + inside + "\"");
        assertFalse(redirected.contains("createTempFile("), "a snippet's temporary file would be left behind");
        return redirected;
    }

    /** The code between the README's markers for {@code name}. */
    private static String snippet(String name) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf("<!-- snippet:" + name + ":begin -->");
        int end = readme.indexOf("<!-- snippet:" + name + ":end -->");
        assertTrue(begin >= 0 && end > begin, "README.md must hold the snippet " + name + " between its markers");
        String block = readme.substring(begin, end);
        return block.substring(block.indexOf("```java") + "```java".length(), block.lastIndexOf("```"));
    }
}
