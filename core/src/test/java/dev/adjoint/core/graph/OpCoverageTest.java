package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Property;
import dev.adjoint.core.compile.FusedElementwise;
import dev.adjoint.core.compile.MatMulTransposed;
import dev.adjoint.core.tensor.DType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No op without its property tests: every op record of {@code core} (every leaf of the sealed {@link Op}
 * hierarchy, and the library's own {@link CustomOp}s: the fused and compiled ops) is the subject of a row of
 * the op table that {@link OpPropertiesTest} checks (its gradient, shape rule, and whatever else it claims).
 */
class OpCoverageTest {

    @Test
    void everyOpRecordHasARowInTheOpTable() throws Exception {
        Set<Class<?>> subjects = new java.util.HashSet<>(subjects().keySet());
        if (subjects.contains(MultiOutputOp.Pack.class)) {
            subjects.add(MultiOutputOp.Part.class); // every row of an op with several outputs reads parts
        }
        List<String> missing = opRecords().stream().filter(op -> !subjects.contains(op)).map(OpCoverageTest::name)
                .sorted().toList();
        assertTrue(missing.isEmpty(), "no row in the op table (ElementwiseSpecs, TensorOpSpecs, InternalOpSpecs,"
                + " FunctionSpecs) for " + missing + "; add one that builds the op and states what it claims"
                + " (ZERO_GRADIENT or SHAPE_ONLY for an op without a gradient)");
    }

    /** The walk finds the records: the coverage test cannot pass by finding none. */
    @Test
    void theWalkFindsEveryFamilyAndTheInternalOps() throws Exception {
        Set<Class<?>> records = opRecords();
        for (Class<?> known : List.of(SourceOp.Input.class, UnaryOp.Exp.class, BinaryOp.Compare.class,
                WhereOp.Where.class, ReduceOp.Count.class, MovementOp.Pad.class, LinalgOp.MatMul.class,
                IndexOp.OneHot.class, RandomOp.Uniform.class, SoftmaxCrossEntropy.class, FusedElementwise.class,
                MatMulTransposed.class, Scan.class, MultiOutputOp.Part.class)) {
            assertTrue(records.contains(known), name(known) + " not found among " + records.size() + " records");
        }
    }

    /** A row that is not marked a composition tests one op: every case builds a node of the same record. */
    @Test
    void eachPrimitiveRowTestsOneOp() {
        for (OpSpec spec : OpPropertiesTest.table()) {
            if (!spec.composition()) {
                assertEquals(1, subjectsOf(spec).size(), spec.name() + " builds " + subjectsOf(spec));
            }
        }
    }

    /** For each record class a primitive row's cases put at the root of the node they build, those rows. */
    private static Map<Class<?>, Set<String>> subjects() {
        Map<Class<?>, Set<String>> subjects = new LinkedHashMap<>();
        for (OpSpec spec : OpPropertiesTest.table()) {
            if (!spec.composition()) {
                for (Class<?> op : subjectsOf(spec)) {
                    subjects.computeIfAbsent(op, k -> new TreeSet<>()).add(spec.name());
                }
            }
        }
        return subjects;
    }

    /**
     * The record classes at the root of the nodes a row's cases build. A case whose factory returned its
     * argument unchanged (a reshape to the same shape) builds nothing and tells nothing, unless every case
     * does: then the row tests the input op itself.
     */
    private static Set<Class<?>> subjectsOf(OpSpec spec) {
        Set<Class<?>> ops = new LinkedHashSet<>();
        Property.forAll(spec.cases().apply(DType.FLOAT64)).named(spec.name() + ": its subject").tries(10)
                .check(c -> {
                    List<Node> in = c.inputs();
                    Node out = c.output(in);
                    if (!in.contains(out)) {
                        // an op with several outputs is read through a part: the op is the subject
                        ops.add(out.op() instanceof MultiOutputOp.Part ? out.inputs().get(0).op().getClass()
                                : out.op().getClass());
                    }
                });
        return ops.isEmpty() ? Set.of(SourceOp.Input.class) : ops;
    }

    /**
     * The op records of core: the record leaves of the sealed hierarchy under {@link Op}, walked through
     * {@link Class#getPermittedSubclasses}, and the records implementing the non-sealed {@link CustomOp}
     * among core's classes (the library's fused and compiled ops).
     */
    static Set<Class<?>> opRecords() throws IOException, URISyntaxException {
        Set<Class<?>> records = new LinkedHashSet<>();
        Deque<Class<?>> work = new ArrayDeque<>(List.of(Op.class));
        while (!work.isEmpty()) {
            Class<?> c = work.pop();
            if (c.isRecord()) {
                records.add(c);
            }
            if (c.isSealed()) {
                work.addAll(List.of(c.getPermittedSubclasses()));
            }
        }
        Path classes = Path.of(Op.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                Class<?> c = load(name.substring(0, name.length() - ".class".length()));
                if (c != null && c.isRecord() && CustomOp.class.isAssignableFrom(c)) {
                    records.add(c);
                }
            }
        }
        return records;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, OpCoverageTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // a class that cannot load here (e.g. one needing an absent module) is not an op record
        }
    }

    /** {@code UnaryOp.Exp}. */
    private static String name(Class<?> c) {
        return c.getName().substring(c.getPackageName().length() + 1).replace('$', '.');
    }
}
