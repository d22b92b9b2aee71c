package dev.adjoint.core.eval;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.Contract;
import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import java.util.Arrays;
import java.util.List;

/**
 * The bad-input contract at evaluation: missing, extra, wrongly shaped, wrongly typed and null bindings are
 * rejected naming the input, what it expects and what it got; a caller's array cannot change a bound tensor;
 * empty and rank-0 tensors behave as documented in {@link ReduceOp}; out-of-range labels and indices name
 * their position and value. After each case the witness graph evaluates bit-identically.
 */
class EvaluationContractTest {

    private final Contract.Witness witness = new Contract.Witness();
    private final Node x = witness.x();
    private final Node w = witness.w();
    private final Node y = x.matmul(w).tanh();
    private final Tensor xValue = Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
    private final Tensor wValue = Tensor.of(Shape.of(3, 2), 1, 0, 0, 1, 1, 1);

    @AfterEach
    void nothingValidChanged() {
        witness.unchanged();
    }

    @Test
    void aMissingBindingIsNamedWithItsType() {
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(y, Bindings.of(x, xValue)),
                "call: input 'w' : f64[3, 2] is not bound");
        rejects(IllegalArgumentException.class, () -> witness.function().call(Bindings.of(w, wValue)),
                "call: input 'x' : f64[N, 3] is not bound");
    }

    @Test
    void anExtraBindingIsNamed() {
        Node unused = SourceOp.input("unused", Shape.of(1));
        Bindings extra = Bindings.of(x, xValue).and(w, wValue).and(unused, Tensor.vector(1));
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(y, extra),
                "evaluate: input 'unused' : f64[1] is bound but the outputs do not use it");
        rejects(IllegalArgumentException.class, () -> witness.function().call(extra),
                "call: input 'unused' : f64[1] is bound but is not an input of this function [x : f64[N, 3],"
                        + " w : f64[3, 2]]");
    }

    @Test
    void bindingsPrintTheirInputNamesAndValueTypes() {
        assertEquals("Bindings{\"x\": f64[2, 3], \"w\": f32[3, 2]}",
                Bindings.of(x, xValue).and(w, wValue.cast(DType.FLOAT32)).toString());
        assertEquals("Bindings{}", Bindings.empty().toString());
    }

    @Test
    void theLenientModeIgnoresExtraBindingsSoOneBindingsServesSeveralOutputs() {
        Node unused = SourceOp.input("unused", Shape.of(1));
        Bindings extra = Bindings.of(x, xValue).and(w, wValue).and(unused, Tensor.vector(1));
        Tensor strict = Evaluator.evaluate(y, Bindings.of(x, xValue).and(w, wValue));
        assertTrue(Evaluator.evaluateIgnoringUnused(y, extra).sameValues(strict));
        assertEquals(2.0, Evaluator.evaluateIgnoringUnused(unused.mul(2.0).sum(), extra).item());
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluateIgnoringUnused(y, Bindings.of(x, xValue)),
                "call: input 'w' : f64[3, 2] is not bound");
    }

    @Test
    void wronglyShapedOrTypedBindingsNameExpectedAndGot() {
        Function f = witness.function();
        rejects(IllegalArgumentException.class, () -> f.call(Tensor.zeros(Shape.of(2, 4)), wValue),
                "call: input 'x' expects f64[N, 3], got f64[2, 4]");
        rejects(IllegalArgumentException.class, () -> f.call(xValue, Tensor.zeros(Shape.of(2, 3))),
                "call: input 'w' expects f64[3, 2], got f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> f.call(xValue.cast(DType.FLOAT32), wValue),
                "call: input 'x' expects f64[N, 3], got f32[2, 3]");
        rejects(IllegalArgumentException.class, () -> f.call(Tensor.zeros(Shape.of(3)), wValue),
                "call: input 'x' expects f64[N, 3], got f64[3]");
        rejects(IllegalArgumentException.class, () -> f.call(xValue),
                "call: expects 2 arguments [x : f64[N, 3], w : f64[3, 2]], got 1");
        rejects(NullPointerException.class, () -> f.call(xValue, null), "call: argument for input 'w' is null");
        rejects(NullPointerException.class, () -> f.call((List<Tensor>) null), "call: args is null");
        Node z = SourceOp.input("z", Shape.of(Shape.BATCH, 1));
        Function two = Function.of(List.of(x, z), List.of(x.add(z)));
        rejects(IllegalArgumentException.class, () -> two.call(xValue, Tensor.zeros(Shape.of(3, 1))),
                "call: input 'z' expects f64[N, 1] with N = 2 (from input 'x'), got f64[3, 1]");
    }

    @Test
    void bindingsRejectNonInputsAndDoubleBinding() {
        rejects(IllegalArgumentException.class, () -> Bindings.of(y, xValue),
                "bindings: only input nodes can be bound, got tanh(matmul) : f64[N, 2]");
        rejects(IllegalArgumentException.class, () -> Bindings.of(x, xValue).and(x, xValue),
                "bindings: input 'x' is bound twice");
        rejects(NullPointerException.class, () -> Bindings.of(x, null), "bindings: value is null");
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(x), List.of(y)),
                "function: the outputs need input 'w' : f64[3, 2], which is not among the declared inputs");
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(x, x, w), List.of(y)),
                "function: input 'x' is declared twice");
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(y), List.of(y)),
                "function: declared inputs must be input nodes, got tanh(matmul) : f64[N, 2] at position 0");
    }

    @Test
    void mutatingTheCallersArrayAfterBindingChangesNothing() {
        double[] data = {1, 2, 3, 4, 5, 6};
        float[] floats = {1, 2, 3, 4, 5, 6};
        double[][] matrix = {{1, 0}, {0, 1}, {1, 1}};
        Tensor xs = Tensor.of(Shape.of(2, 3), data);
        Tensor xf = Tensor.of(Shape.of(2, 3), floats);
        Tensor ws = Tensor.matrix(matrix);
        Bindings bound = Bindings.of(x, xs).and(w, ws);
        Tensor before = Evaluator.evaluate(y, bound);
        Arrays.fill(data, 100);
        Arrays.fill(floats, 100);
        matrix[0][0] = 100;
        xs.toDoubleArray()[0] = 100;
        assertTrue(before.sameValues(Evaluator.evaluate(y, bound)));
        assertEquals(1.0f, xf.toFloatArray()[0]);
        assertEquals(1.0, ws.get(0, 0));
    }

    /**
     * Empty tensors, as documented in {@link ReduceOp}: zero rows flow through a model; the sum over an
     * empty axis is 0, the mean 0 / 0 = NaN, max -Infinity, min +Infinity, logSumExp -Infinity; gradients of
     * an empty batch are zeros of their shapes.
     */
    @Test
    void emptyTensorsBehaveAsDocumented() {
        Tensor none = Tensor.zeros(Shape.of(0, 3));
        Bindings empty = Bindings.of(x, none).and(w, wValue);
        assertEquals(Shape.of(0, 2), Evaluator.evaluate(y, empty).shape(), "zero rows through a layer");
        assertEquals(Shape.of(0, 3), Evaluator.evaluate(x.softmax(1), Bindings.of(x, none)).shape());
        Tensor sum = Evaluator.evaluate(x.sum(0), Bindings.of(x, none));
        assertTrue(sum.sameValues(Tensor.zeros(Shape.of(3))), "sum over an empty axis is 0");
        assertEquals(0.0, Evaluator.evaluate(x.sum(), Bindings.of(x, none)).item());
        assertTrue(Double.isNaN(Evaluator.evaluate(x.mean(), Bindings.of(x, none)).item()), "mean of empty is NaN");
        assertTrue(Double.isNaN(Evaluator.evaluate(x.mean(0), Bindings.of(x, none)).flat(0)));
        assertEquals(Double.NEGATIVE_INFINITY, Evaluator.evaluate(x.max(), Bindings.of(x, none)).item());
        assertEquals(Double.POSITIVE_INFINITY, Evaluator.evaluate(ReduceOp.min(x, false), Bindings.of(x, none))
                .item());
        assertEquals(Double.NEGATIVE_INFINITY, Evaluator.evaluate(ReduceOp.logSumExp(x, false, 0),
                Bindings.of(x, none)).flat(0));
        Node loss = y.square().sum();
        List<Tensor> grads = Evaluator.evaluate(Autodiff.grad(loss, x, w), empty);
        assertTrue(grads.get(0).sameValues(none), "dLoss/dx of no rows");
        assertTrue(grads.get(1).sameValues(Tensor.zeros(Shape.of(3, 2))), "no rows contribute to dLoss/dw");
    }

    /** Rank-0 tensors are ordinary values: scalars in, scalars out, reductions over no axes are the value. */
    @Test
    void rankZeroTensorsBehaveAsDocumented() {
        Node s = SourceOp.input("s", Shape.scalar());
        Bindings at = Bindings.of(s, Tensor.scalar(3));
        assertEquals(3.0, Evaluator.evaluate(s.sum(), at).item());
        assertEquals(3.0, Evaluator.evaluate(s.mean(), at).item());
        assertEquals(3.0, Evaluator.evaluate(s.max(), at).item());
        assertEquals(Math.exp(3), Evaluator.evaluate(s.exp(), at).item());
        assertEquals(Shape.of(1, 1), Evaluator.evaluate(s.reshape(1, 1), at).shape());
        assertEquals(6.0, Evaluator.evaluate(Autodiff.grad(s.square(), s), at).item(), "d(s^2)/ds at 3");
        assertEquals(Shape.scalar(), Tensor.scalar(3).shape());
        assertEquals(3.0, Tensor.scalar(3).get());
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(s, Bindings.of(s, Tensor.vector(3))),
                "call: input 's' expects f64[], got f64[1]");
        rejects(IllegalArgumentException.class, () -> Tensor.scalar(3).takeRows(0),
                "takeRows: tensor must have rank >= 1, got shape []");
    }

    @Test
    void outOfRangeLabelsAndIndicesNameTheirRowAndValue() {
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH));
        Node scores = SourceOp.input("scores", Shape.of(Shape.BATCH, 3));
        Tensor scoreValues = Tensor.zeros(Shape.of(4, 3));
        Node picked = IndexOp.pickPerRow(scores, labels);
        rejects(IndexOutOfBoundsException.class, () -> Evaluator.evaluate(picked, Bindings.of(scores, scoreValues)
                .and(labels, Tensor.vector(0, 1, 3, 2))), "takeAlongAxis: indices must be integers in [0, 3),"
                + " got 3.0 at position [2, 0] of indices [4, 1]");
        Node oneHot = IndexOp.oneHot(labels, 3);
        rejects(IndexOutOfBoundsException.class, () -> Evaluator.evaluate(oneHot,
                Bindings.of(labels, Tensor.vector(0, -1))), "oneHot: indices must be integers in [0, 3), got -1.0 at"
                + " position [1] of indices [2]");
        rejects(IndexOutOfBoundsException.class, () -> Evaluator.evaluate(oneHot,
                Bindings.of(labels, Tensor.vector(1.5))), "got 1.5 at position [0]");
        Node table = SourceOp.input("table", Shape.of(5, 2));
        Node index = SourceOp.input("index", Shape.of(2));
        rejects(IndexOutOfBoundsException.class, () -> Evaluator.evaluate(IndexOp.gather(table, index, 0),
                Bindings.of(table, Tensor.zeros(Shape.of(5, 2))).and(index, Tensor.vector(4, 5))),
                "gather: indices must be integers in [-5, 5) (a negative one counts from the end), got 5.0 at"
                + " position [1] of indices [2]");
        Node g = Autodiff.grad(IndexOp.gather(table, index, 0).sum(), table);
        rejects(IndexOutOfBoundsException.class, () -> Evaluator.evaluate(g, Bindings.of(index,
                Tensor.vector(-6, 1))), "gradient of gather: indices must be integers in [-5, 5) (a negative one counts"
                + " from the end), got -6.0 at position [0] of indices [2]");
    }

    /**
     * The gradient of a function linear in a batched x no longer reads x but has x's N: binding x gives N, in
     * the strict and the lenient evaluation, and x does not count as an unused binding.
     */
    @Test
    void aGradientThatDoesNotReadTheBatchedInputTakesNFromItsBinding() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node w = SourceOp.input("w", Shape.of(3));
        Node loss = x.mul(w).sum();
        Bindings at = Bindings.of(x, Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}})).and(w,
                Tensor.vector(1, 2, 3));
        assertEquals("f64[2, 3] [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]",
                Evaluator.evaluateIgnoringUnused(Autodiff.grad(loss, x), at).toString());
        List<Tensor> both = Evaluator.evaluate(List.of(Autodiff.grad(loss, x), Autodiff.grad(loss, w)), at);
        assertEquals("f64[3] [5.0, 7.0, 9.0]", both.get(1).toString());
        assertEquals("f64[1, 3] [[1.0, 1.0, 1.0]]", Evaluator.evaluate(Autodiff.grad(x.sum(), x),
                Bindings.of(x, Tensor.matrix(new double[][] {{1, 2, 3}}))).toString());
        Node unbatched = SourceOp.input("u", Shape.of(3));
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(unbatched.sum(), at.and(unbatched,
                Tensor.vector(1, 1, 1))), "evaluate: input 'x'", "is bound but the outputs do not use it");
        Node square = SourceOp.input("m", Shape.of(Shape.BATCH, Shape.BATCH));
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(square), List.of(square.sum())).call(
                Tensor.zeros(Shape.of(2, 3))), "call: input 'm': every N of [N, N] must have one size, got [2, 3]");
    }
}
