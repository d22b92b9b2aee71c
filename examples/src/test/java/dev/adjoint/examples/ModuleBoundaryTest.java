package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.Model;
import dev.adjoint.optim.Optimizer;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module boundary of {@code dev.adjoint.core}, {@code dev.adjoint.optim} and {@code dev.adjoint.nn}: a user's
 * named module cannot reach a tensor's storage (the {@code tensor.internal} and {@code kernel} packages) at
 * compile time, at link time, or by reflection, while the API works on the module path (training, saving and
 * loading a model, the service-loaded provenance hooks, the Vector API kernels); on the class path the same code
 * compiles and writes a tensor, which is why the README tells users that only the module path encapsulates.
 */
class ModuleBoundaryTest {

    /** The packages each Adjoint module keeps to Adjoint; every other package it holds is exported to all. */
    private static final Map<String, Set<String>> INTERNAL = Map.of(
            "dev.adjoint.core", Set.of("dev.adjoint.core.kernel", "dev.adjoint.core.tensor.internal"),
            "dev.adjoint.optim", Set.of(),
            "dev.adjoint.nn", Set.of());

    private static final Set<String> JSON = Set.of("com.fasterxml.jackson.databind");

    /** A user's module: it writes a weight through the internal door (direct call, reflection, deep reflection). */
    private static final String USER_MAIN = """
            package user.app;

            import dev.adjoint.core.eval.Bindings;
            import dev.adjoint.core.eval.Evaluator;
            import dev.adjoint.core.graph.Annotator;
            import dev.adjoint.core.graph.Node;
            import dev.adjoint.core.graph.SourceOp;
            import dev.adjoint.core.tensor.Shape;
            import dev.adjoint.core.tensor.Tensor;
            import dev.adjoint.core.tensor.internal.TensorInternals;
            import dev.adjoint.nn.io.ModelFiles;
            import dev.adjoint.nn.layer.Dense;
            import dev.adjoint.nn.loss.MeanSquaredError;
            import dev.adjoint.nn.model.FitOptions;
            import dev.adjoint.nn.model.Model;
            import dev.adjoint.nn.model.Sequential;
            import dev.adjoint.optim.Adam;
            import java.lang.reflect.Field;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.ServiceLoader;

            public class Main {
                interface Attempt {
                    void run() throws Throwable;
                }

                static void attempt(String what, Attempt attempt) {
                    try {
                        attempt.run();
                        System.out.println("> " + what + ": allowed");
                    } catch (Throwable e) {
                        System.out.println("> " + what + ": " + e.getClass().getSimpleName());
                    }
                }

                public static void main(String[] args) throws Exception {
                    Tensor w = Tensor.of(Shape.of(2), 1, 2);
                    attempt("direct", () -> TensorInternals.doubles(w)[0] = 42);
                    attempt("reflection", () -> ((double[]) Class.forName(
                            "dev.adjoint.core.tensor.internal.TensorInternals").getMethod("doubles", Tensor.class)
                            .invoke(null, w))[0] = 42);
                    attempt("deep reflection", () -> {
                        Field data = Tensor.class.getDeclaredField("data");
                        data.setAccessible(true);
                        ((double[]) data.get(w))[0] = 42;
                    });
                    System.out.println("> tensor " + w.flat(0));
                    Node m = SourceOp.constant(Tensor.of(Shape.of(2, 2), 1, 2, 3, 4));
                    System.out.println("> product " + Evaluator.evaluate(m.matmul(m), Bindings.empty()).flat(3));
                    System.out.println("> annotator " + ServiceLoader.load(Annotator.class).findFirst()
                            .map(a -> a.getClass().getName()).orElse("none"));
                    if (args.length > 0) {
                        Sequential model = new Sequential(Shape.of(2));
                        model.add(Dense.of(1));
                        model.compile(Adam.defaults(), new MeanSquaredError());
                        Tensor x = Tensor.of(Shape.of(4, 2), 0, 1, 1, 0, 1, 1, 2, 1);
                        Tensor y = Tensor.of(Shape.of(4, 1), 1, 1, 2, 3);
                        model.fit(x, y, FitOptions.defaults().epochs(2).batchSize(2).seed(1));
                        Path file = Files.createDirectories(Path.of(args[0])).resolve("model.safetensors");
                        ModelFiles.save(model, file);
                        Model loaded = ModelFiles.load(file);
                        boolean same = loaded.predict(x).sameValues(model.predict(x));
                        System.out.println("> loaded predicts the same " + same);
                    }
                }
            }
            """;

    private static final String USER_MODULE = """
            module user.app {
                requires dev.adjoint.nn;
                uses dev.adjoint.core.graph.Annotator;
            }
            """;

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    /** Where each Adjoint module and each library it needs at run time lives, by module name. */
    private static Map<String, Path> modules;

    @BeforeAll
    static void findModules() throws IOException, URISyntaxException {
        Map<String, Path> candidates = new LinkedHashMap<>();
        for (Class<?> c : List.of(Tensor.class, Optimizer.class, Model.class)) {
            Path path = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.put(ModuleFinder.of(path).findAll().iterator().next().descriptor().name(), path);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && declaresModuleName(path)) {
                for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
                    candidates.putIfAbsent(ref.descriptor().name(), path);
                }
            }
        }
        // the modules dev.adjoint.nn needs, found by following `requires` from it (as the JVM's resolver does)
        modules = new LinkedHashMap<>();
        Deque<String> work = new ArrayDeque<>(List.of("dev.adjoint.nn"));
        while (!work.isEmpty()) {
            String name = work.pop();
            Path path = candidates.get(name);
            if (path == null || modules.containsKey(name)) {
                continue;
            }
            modules.put(name, path);
            ModuleDescriptor d = ModuleFinder.of(path).find(name).orElseThrow().descriptor();
            for (ModuleDescriptor.Requires r : d.requires()) {
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                    work.push(r.name());
                }
            }
        }
        assertTrue(modules.keySet().containsAll(INTERNAL.keySet()), "Adjoint's modules found: " + modules.keySet());
    }

    @Test
    void everyPackageIsExportedToAllOrListedAsInternalAndInternalOnesReachOnlyAdjoint() {
        for (Map.Entry<String, Set<String>> module : INTERNAL.entrySet()) {
            ModuleDescriptor d = ModuleFinder.of(modules.get(module.getKey())).find(module.getKey()).orElseThrow()
                    .descriptor();
            Set<String> toAll = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> notToAll = new TreeSet<>(d.packages());
            notToAll.removeAll(toAll);
            // a new package must be exported or added to INTERNAL here, so that none is hidden by omission
            assertEquals(new TreeSet<>(module.getValue()), notToAll,
                    module.getKey() + ": packages not exported to all");
            for (ModuleDescriptor.Exports e : d.exports()) {
                assertTrue(e.targets().stream().allMatch(t -> t.startsWith("dev.adjoint.")),
                        module.getKey() + " exports " + e.source() + " beyond Adjoint: " + e.targets());
            }
            // deep reflection only for Jackson, which binds the model files' configuration records
            assertTrue(!d.isOpen() && d.opens().stream().allMatch(o -> o.targets().equals(JSON)),
                    module.getKey() + " opens packages beyond Jackson: " + d.opens());
        }
    }

    @Test
    void everyServiceFileIsAlsoProvidedAndUsedByTheModule() throws IOException {
        for (String name : INTERNAL.keySet()) {
            ModuleReference ref = ModuleFinder.of(modules.get(name)).find(name).orElseThrow();
            Set<String> files;
            try (ModuleReader reader = ref.open(); Stream<String> list = reader.list()) {
                files = list.filter(r -> r.startsWith("META-INF/services/") && !r.endsWith("/"))
                        .map(r -> r.substring("META-INF/services/".length()))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            ModuleDescriptor d = ref.descriptor();
            // a seam loaded through ServiceLoader fails on the module path without `uses` and `provides`
            assertEquals(files, d.provides().stream().map(ModuleDescriptor.Provides::service)
                    .collect(Collectors.toCollection(TreeSet::new)), name + ": provides against META-INF/services");
            assertTrue(d.uses().containsAll(files), name + ": uses " + d.uses() + ", services " + files);
        }
    }

    @Test
    void aUserModuleCannotCompileAgainstTheInternalPackage(@TempDir Path dir) throws IOException {
        Path src = write(dir.resolve("src"), USER_MAIN, USER_MODULE);
        StringWriter out = new StringWriter();
        boolean ok = JAVAC.getTask(out, null, null, List.of("-d", dir.resolve("out").toString(), "--module-path",
                modulePath(), "-proc:none"), null, JAVAC.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                .getJavaFileObjects(src.resolve("module-info.java"), src.resolve("user/app/Main.java"))).call();
        assertTrue(!ok && out.toString().contains("package dev.adjoint.core.tensor.internal is not visible"),
                "javac must refuse the internal package:\n" + out);
    }

    @Test
    void onTheModulePathTheInternalsAreUnreachableAndTheApiWorks(@TempDir Path dir) throws Exception {
        // compiled on the class path (where javac allows it), then run as a module: the JVM refuses the link
        Path src = write(dir.resolve("src"), USER_MAIN, USER_MODULE);
        Path classes = dir.resolve("out");
        compile(src.resolve("user/app/Main.java"), "-cp", String.join(File.pathSeparator,
                modules.values().stream().map(Path::toString).toList()), "-d", classes.toString());
        compile(src.resolve("module-info.java"), "--module-path", modulePath(), "-d", classes.toString());
        Run modular = run("--module-path", classes + File.pathSeparator + modulePath(), "--add-modules",
                "jdk.incubator.vector", "-m", "user.app/user.app.Main", dir.resolve("saved").toString());
        Run plain = run("-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
                "--add-modules", "jdk.incubator.vector", "user.app.Main");

        assertEquals(List.of("direct: IllegalAccessError", "reflection: IllegalAccessException",
                "deep reflection: InaccessibleObjectException", "tensor 1.0", "product 22.0",
                "annotator dev.adjoint.core.graph.Provenance$Notes", "loaded predicts the same true"),
                modular.lines(), modular.toString());
        // the class path has no modules: the same code writes the "immutable" tensor
        assertEquals(List.of("direct: allowed", "reflection: allowed", "deep reflection: allowed", "tensor 42.0",
                "product 22.0", "annotator dev.adjoint.core.graph.Provenance$Notes"), plain.lines(), plain.toString());
        // the module reads the optional Vector API module when it is added: the same kernels as on the class path
        assertEquals(plain.kernels(), modular.kernels(), modular + "\n" + plain);
    }

    /** What a child JVM printed. */
    private record Run(List<String> lines, String log) {
        String kernels() {
            return log.lines().filter(l -> l.contains("adjoint: kernels: ")).findFirst()
                    .map(l -> l.substring(l.indexOf("adjoint: kernels: "))).orElse("no kernel line");
        }

        @Override
        public String toString() {
            return "stdout " + lines + "\nstderr:\n" + log;
        }
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).start();
        byte[] err = child.getErrorStream().readAllBytes();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String log = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), "child JVM failed: " + out + "\n" + log);
        return new Run(out.lines().filter(l -> l.startsWith("> ")).map(l -> l.substring(2)).toList(), out + log);
    }

    private static void compile(Path source, String... options) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of(options));
        all.add("-proc:none");
        boolean ok = JAVAC.getTask(out, null, null, all, null, JAVAC.getStandardFileManager(null, null,
                StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
        assertTrue(ok, "javac " + source + ":\n" + out);
    }

    private static Path write(Path src, String main, String module) throws IOException {
        Files.createDirectories(src.resolve("user/app"));
        Files.writeString(src.resolve("user/app/Main.java"), main);
        Files.writeString(src.resolve("module-info.java"), module);
        return src;
    }

    private static String modulePath() {
        return modules.values().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** A jar with a module descriptor or a declared automatic-module name (others cannot be required by name). */
    private static boolean declaresModuleName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false, JarFile.OPEN_READ, JarFile.runtimeVersion())) {
            return file.getJarEntry("module-info.class") != null || (file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Automatic-Module-Name") != null);
        }
    }
}
