package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Stack, unbind, chunk, diagonal, diagEmbed, diag, meshgrid and squeeze give PyTorch's results. The expected values
 * and shapes were printed by PyTorch 1.13 ({@code torch.stack}, {@code torch.chunk}, {@code torch.diagonal},
 * {@code torch.diag_embed}, {@code torch.diag}, {@code torch.meshgrid}, and {@code torch.autograd.grad} with
 * {@code create_graph=True} for the second derivative).
 */
class AssemblySemanticsTest {

    private static Tensor eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0);
    }

    private static Tensor range(int... dims) {
        double[] data = new double[Shape.of(dims).size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        return Tensor.of(Shape.of(dims), data);
    }

    private static void assertTensor(Shape shape, double[] values, Tensor got) {
        assertEquals(shape, got.shape());
        assertArrayEquals(values, got.toDoubleArray(), 0);
    }

    @Test
    void stackJoinsAlongANewAxisCountedFromTheEndOfTheResult() {
        Node a = SourceOp.input("a", Shape.of(2));
        Node b = SourceOp.input("b", Shape.of(2));
        Node s = Assembly.stack(-1, a, b);
        assertEquals(Shape.of(2, 2), s.shape());
        Tensor got = Function.of(List.of(a, b), List.of(s)).call(Tensor.vector(1, 2), Tensor.vector(3, 4)).get(0);
        assertArrayEquals(new double[] {1, 3, 2, 4}, got.toDoubleArray(), 0, "torch.stack([a, b], -1)");
        Node scalar = SourceOp.input("c", Shape.scalar());
        assertEquals(Shape.of(3), Assembly.stack(-1, scalar, scalar, scalar).shape());
        rejects(IllegalArgumentException.class, () -> Assembly.stack(3, a, b), "stack: axis must be in [-2, 1]",
                "got axis 3");
        rejects(IllegalArgumentException.class, () -> Assembly.stack(0, a, SourceOp.input("d", Shape.of(3))),
                "stack: parts must share one shape and dtype", "f64[2]", "f64[3]");
        rejects(IllegalArgumentException.class, () -> Assembly.stack(0, List.of()), "stack: needs at least one part");
    }

    @Test
    void unbindAndChunkCutAsPyTorchDoes() {
        List<Node> rows = Assembly.unbind(SourceOp.input("x", Shape.of(2, 3, 4)), -2);
        assertEquals(3, rows.size());
        assertEquals(Shape.of(2, 4), rows.get(0).shape());
        assertTensor(Shape.of(2, 4), new double[] {4, 5, 6, 7, 16, 17, 18, 19},
                eval(range(2, 3, 4), x -> x.unbind(1).get(1)));
        assertEquals(0, SourceOp.input("e", Shape.of(0, 3)).unbind(0).size());
        // torch.chunk(torch.arange(6.), 4): parts of ceil(6 / 4) = 2, so three parts, not four
        List<Node> parts = SourceOp.input("v", Shape.of(6)).chunk(4, 0);
        assertEquals(3, parts.size());
        assertTensor(Shape.of(2), new double[] {4, 5}, eval(range(6), x -> x.chunk(4, 0).get(2)));
        assertEquals(List.of(Shape.of(2), Shape.of(2), Shape.of(1)),
                SourceOp.input("w", Shape.of(5)).chunk(3, -1).stream().map(Node::shape).toList());
        assertEquals(List.of(Shape.of(0), Shape.of(0), Shape.of(0)),
                SourceOp.input("z", Shape.of(0)).chunk(3, 0).stream().map(Node::shape).toList(),
                "an empty axis gives chunks empty parts, as torch.chunk does");
        Node batch = SourceOp.input("rows", Shape.of(Shape.BATCH, 3));
        rejects(IllegalArgumentException.class, () -> batch.unbind(0), "unbind: needs a concrete size on axis 0");
        rejects(IllegalArgumentException.class, () -> batch.chunk(0, 1), "chunk: chunks must be > 0, got 0");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("s", Shape.scalar()).unbind(0),
                "unbind: a scalar has no axes");
        assertEquals(List.of(Shape.of(Shape.BATCH), Shape.of(Shape.BATCH), Shape.of(Shape.BATCH)),
                batch.unbind(1).stream().map(Node::shape).toList(), "N may stand beside the cut axis");
    }

    @Test
    void diagonalMovesTheDiagonalToTheLastAxis() {
        // torch.diagonal(torch.arange(24.).reshape(2, 3, 4), 1, -1, 0): shape [3, 1], the axes given in any order
        assertTensor(Shape.of(3, 1), new double[] {12, 16, 20}, eval(range(2, 3, 4), x -> x.diagonal(1, -1, 0)));
        assertTensor(Shape.of(3, 1), new double[] {12, 16, 20}, eval(range(2, 3, 4), x -> x.diagonal(-1, 0, 2)));
        assertEquals(Shape.of(3, 0), SourceOp.input("x", Shape.of(2, 3, 4)).diagonal(5, 0, 2).shape());
        assertEquals(Shape.of(Shape.BATCH, 3), SourceOp.input("b", Shape.of(Shape.BATCH, 3, 4)).diagonal(0, 1, 2)
                .shape());
        Node v = SourceOp.input("v", Shape.of(4));
        rejects(IllegalArgumentException.class, () -> v.diagonal(0, 0, 1), "diagonal: operand must have rank >= 2",
                "f64[4]");
        rejects(IllegalArgumentException.class, () -> v.reshape(2, 2).diagonal(0, 1, -1),
                "diagonal: axis1 and axis2 must differ, got 1 and -1");
    }

    @Test
    void diagonalDifferentiatesTwiceAsTorchAutogradDoes() {
        // y = sum(diagonal(x, 1)^3) for x = [[1, 2, 3], [4, 5, 6]]: dy/dx = 3 d^2 on the diagonal {2, 6}
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node d = x.diagonal(1, 0, 1);
        Node g = Autodiff.grad(d.mul(d).mul(d).sum(), x);
        Node h = Autodiff.grad(g.sum(), x);
        List<Tensor> got = Function.of(List.of(x), List.of(g, h)).call(Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new double[] {0, 12, 0, 0, 0, 108}, got.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, 12, 0, 0, 0, 36}, got.get(1).toDoubleArray(), 0);
    }

    @Test
    void diagEmbedPutsTheLastAxisOnADiagonalOfNewAxes() {
        // torch.diag_embed(torch.tensor([[1., 2.], [3., 4.]]), -1, 0, 2)
        assertTensor(Shape.of(3, 2, 3), new double[] {0, 0, 0, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 2, 0, 0, 4, 0},
                eval(Tensor.of(Shape.of(2, 2), 1, 2, 3, 4), x -> x.diagEmbed(-1, 0, 2)));
        // torch.diag(torch.tensor([1., 2.]), 1)
        assertTensor(Shape.of(3, 3), new double[] {0, 1, 0, 0, 0, 2, 0, 0, 0},
                eval(Tensor.vector(1, 2), x -> x.diag(1)));
        assertTensor(Shape.of(2), new double[] {1, 5}, eval(range(2, 3), x -> x.diag(1)));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0, 0, Double.NaN},
                eval(Tensor.vector(Double.POSITIVE_INFINITY, Double.NaN), x -> x.diag(0)).toDoubleArray(), 0,
                "off the diagonal exact zeros, even beside an infinity or NaN");
        assertEquals(Shape.of(Shape.BATCH, 4, 4), SourceOp.input("b", Shape.of(Shape.BATCH, 3)).diagEmbed(1, -2, -1)
                .shape());
        Node v = SourceOp.input("v", Shape.of(3));
        rejects(IllegalArgumentException.class, () -> v.diagEmbed(0, 0, 2), "diagEmbed: axis1 and axis2 must be"
                + " distinct axes of the rank-2 result, in [-2, 2), got 0 and 2");
        rejects(IllegalArgumentException.class, () -> v.reshape(1, 1, 3).diag(0), "diag: operand must be a vector"
                + " or a matrix", "f64[1, 1, 3]");
    }

    @Test
    void meshgridIndexesAsIjOrXy() {
        Node a = SourceOp.input("a", Shape.of(3));
        Node b = SourceOp.input("b", Shape.of(2));
        Function f = Function.of(List.of(a, b), Assembly.meshgrid(Assembly.Indexing.XY, a, b));
        List<Tensor> xy = f.call(Tensor.vector(1, 2, 3), Tensor.vector(4, 5));
        assertTensor(Shape.of(2, 3), new double[] {1, 2, 3, 1, 2, 3}, xy.get(0));
        assertTensor(Shape.of(2, 3), new double[] {4, 4, 4, 5, 5, 5}, xy.get(1));
        List<Node> ij = Assembly.meshgrid(Assembly.Indexing.IJ, a, SourceOp.input("c", Shape.scalar()), b);
        assertEquals(Shape.of(3, 1, 2), ij.get(1).shape(), "a scalar counts as a vector of one");
        rejects(IllegalArgumentException.class, () -> Assembly.meshgrid(Assembly.Indexing.IJ, a.reshape(3, 1)),
                "meshgrid: operands must have rank 0 or 1, got vector 0");
    }

    @Test
    void squeezeWithoutAnAxisRemovesEverySizeOneAxis() {
        assertEquals(Shape.of(2, 3), SourceOp.input("x", Shape.of(1, 2, 1, 3, 1)).squeeze().shape());
        assertEquals(Shape.scalar(), SourceOp.input("y", Shape.of(1, 1)).squeeze().shape());
        assertEquals(Shape.of(0), SourceOp.input("z", Shape.of(0, 1)).squeeze().shape());
        assertEquals(Shape.of(Shape.BATCH, 3), SourceOp.input("b", Shape.of(Shape.BATCH, 1, 3)).squeeze().shape());
    }
}
