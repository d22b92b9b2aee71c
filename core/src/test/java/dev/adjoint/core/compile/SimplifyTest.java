package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Compiler#simplify}, the graph the math printer shows: the same values as the graph as written, built
 * from the ops it was written with (no fused or transposed-GEMM ops), each written node mapped to the node
 * standing for it, and no larger than what was written.
 */
class SimplifyTest {

    @Test
    void simplifiedGraphsComputeTheWrittenValuesWithTheWrittenOps() {
        Property.forAll(RandomPrograms.PROGRAMS).named("simplify keeps values and ops").tries(150).check(program -> {
            Node x = SourceOp.input("x", Shape.of(3, 4));
            Node y = SourceOp.input("y", Shape.of(3, 4));
            Node out = RandomPrograms.build(program, x, y);
            Node loss = ReduceOp.sum(BinaryOp.mul(out, out));
            List<Node> written = List.of(out, Autodiff.grad(loss, x), Autodiff.grad(loss, y));
            Compiler.Result simplified = Compiler.simplify(written);

            for (Node node : simplified.plan().order()) {
                assertFalse(node.op() instanceof FusedElementwise || node.op() instanceof MatMulTransposed,
                        "simplify left the op " + node.op().name());
            }
            assertTrue(simplified.plan().size() <= Topology.of(written).size());
            for (int o = 0; o < written.size(); o++) {
                int position = simplified.rewrites().written().indexOf(written.get(o));
                assertEquals(simplified.outputs().get(o), simplified.rewrites().compiledForm(position));
            }
            Tensor xv = Tensor.uniform(Key.of(program.length), DType.FLOAT64, Shape.of(3, 4), -2, 2);
            Tensor yv = Tensor.uniform(Key.of(program.length + 1), DType.FLOAT64, Shape.of(3, 4), -2, 2);
            List<Tensor> expected = Function.unoptimized(List.of(x, y), written).call(xv, yv);
            List<Tensor> actual = Function.unoptimized(List.of(x, y), simplified.outputs()).call(xv, yv);
            for (int o = 0; o < written.size(); o++) {
                boolean finite = true;
                for (int i = 0; i < expected.get(o).size(); i++) {
                    finite &= Double.isFinite(expected.get(o).flat(i));
                }
                Property.assume(finite); // log(exp x) -> x is exact where the written graph overflows
                assertTrue(actual.get(o).allClose(expected.get(o), 1e-12, 1e-12), "output " + o + " differs");
            }
        });
    }

    /**
     * Folding turns each broadcast count a mean divides by into a constant of its own; equal uniform constants
     * merge, so two means of one tensor (a batch normalization's moving mean and its gradient's) are one node.
     */
    @Test
    void equalUniformConstantsMergeSoTwoMeansOfOneTensorAreComputedOnce() {
        Node x = SourceOp.input("x", Shape.of(5, 3));
        Node first = ReduceOp.mean(x, false, 0);
        Node second = ReduceOp.mean(x, false, 0);
        Function f = Function.of(List.of(x), List.of(first.mul(2.0), second.mul(3.0)));
        int divisions = 0;
        for (int i = 0; i < f.plan().size(); i++) {
            divisions += f.plan().step(i).op().name().equals("div") ? 1 : 0;
        }
        assertEquals(1, divisions, f.explain());
        Tensor value = Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(5, 3), -2, 2);
        List<Tensor> got = f.call(value);
        double[] twice = got.get(0).toDoubleArray();
        double[] thrice = got.get(1).toDoubleArray();
        for (int j = 0; j < 3; j++) {
            assertEquals(thrice[j], twice[j] * 1.5, "column " + j); // 2m exact, so 1.5 (2m) rounds as 3m does
        }
    }
}
