package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop's body recycles the arrays of its outputs between steps and calls; it must never take back an array it
 * does not own. Each case gave wrong numbers before (found by an adversarial tester): the values are checked
 * against the same function without array reuse, and the tensors a caller holds must not change. Arrays of
 * 2,048 elements, above the pool's minimum.
 */
class LoopBufferOwnershipTest {

    private static final int T = 4;

    /** xs with slice t filled with t + 1 (or {@code base + t}). */
    private static Tensor steps(double base, int... sliceDims) {
        int[] dims = new int[sliceDims.length + 1];
        dims[0] = T;
        System.arraycopy(sliceDims, 0, dims, 1, sliceDims.length);
        Shape shape = Shape.of(dims);
        double[] data = new double[shape.size()];
        int per = shape.size() / T;
        for (int i = 0; i < data.length; i++) {
            data[i] = base + i / per;
        }
        return Tensor.of(shape, data);
    }

    /**
     * y_t = carry: the first step's output is the initial carry, the caller's tensor, here a result of the same
     * function's previous call, which the body had made and would have taken back; with a gradient, the forward
     * loop returns its carry argument as a saved value in the same way.
     */
    @Test
    void aResultPassedBackAsTheInitialCarryIsNotRecycledByTheBody() {
        Node init = SourceOp.input("c0", Shape.of(2, 1024));
        Node xs = SourceOp.input("xs", Shape.of(T, 2, 1024));
        Node w = SourceOp.input("w", Shape.of(1024));
        Scan.Result r = ControlFlowOp.scan(List.of(init), List.of(xs),
                (carry, x) -> new Scan.Step(List.of(x.get(0).mul(w)), List.of(carry.get(0))));
        Scan.Result rnn = ControlFlowOp.scan(List.of(init), List.of(xs),
                (carry, x) -> new Scan.Step(List.of(x.get(0).mul(w).add(carry.get(0)).tanh()), List.of()));
        check(init, xs, w, List.of(r.ys().get(0), r.carry().get(0)));
        Node loss = rnn.carry().get(0).square().sum();
        check(init, xs, w, List.of(rnn.carry().get(0), Autodiff.grad(loss, w), rnn.carry().get(0).sub(init)));
    }

    /**
     * Calls 0-3 feed each call's final carry (output 0 or 1, whichever is the carry) to the next, each call's
     * outputs copied when it returns: afterwards no output has changed (the carry passed to the next call is
     * one), and the copies equal those of the same calls without array reuse.
     */
    private static void check(Node init, Node xs, Node w, List<Node> outputs) {
        int carryAt = outputs.get(0).shape().rank() == 2 ? 0 : 1;
        Tensor weights = Tensor.full(DType.FLOAT64, Shape.of(1024), 0.5);
        List<double[]> got = run(Function.of(List.of(init, xs, w), outputs), weights, carryAt);
        List<double[]> expected = run(Function.of(List.of(init, xs, w), outputs).withoutBufferReuse(), weights,
                carryAt);
        for (int k = 0; k < got.size(); k++) {
            assertArrayEquals(expected.get(k), got.get(k), "call " + k / outputs.size() + ", output "
                    + k % outputs.size());
        }
    }

    /** The outputs' values as each call returned them, after checking that none has changed since. */
    private static List<double[]> run(Function f, Tensor weights, int carryAt) {
        List<Tensor> outputs = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        Tensor carry = Tensor.zeros(Shape.of(2, 1024));
        for (int call = 0; call < 4; call++) {
            List<Tensor> out = f.call(carry, steps(10.0 * call + 1, 2, 1024), weights);
            for (Tensor t : out) {
                outputs.add(t);
                values.add(t.toDoubleArray());
            }
            carry = out.get(carryAt);
        }
        for (int k = 0; k < outputs.size(); k++) {
            assertArrayEquals(values.get(k), outputs.get(k).toDoubleArray(), "output " + k + " changed after later"
                    + " calls");
        }
        return values;
    }

    /** carry' = a reshape of x_t: the slice's array lives on as the carry, viewed through another tensor. */
    @Test
    void aCarryThatIsAViewOfTheStepsSliceKeepsItsArray() {
        Node init = SourceOp.input("c0", Shape.of(2, 1024));
        Node xs = SourceOp.input("xs", Shape.of(T, 2, 32, 32));
        Scan.Result r = ControlFlowOp.scan(List.of(init), List.of(xs),
                (carry, x) -> new Scan.Step(List.of(x.get(0).reshape(2, 1024)), List.of(carry.get(0).mul(1.0))));
        Tensor ys = Function.of(List.of(init, xs), List.of(r.ys().get(0))).call(Tensor.zeros(Shape.of(2, 1024)),
                steps(1, 2, 32, 32)).get(0);
        for (int t = 0; t < T; t++) {
            assertEquals(t, ys.flat(t * 2048), "y_t is the carry before step t: slice t - 1, filled with t");
        }
    }

    /**
     * A branch or a body that folds to a constant when compiled, which happens inside the first call: the
     * folded constant is part of the compiled body and must not come from (and go back to) the call's pool.
     */
    @Test
    void constantsFoldedWhileABodyCompilesInsideACallStayConstant() {
        Node p = SourceOp.input("p", Shape.scalar());
        Node x = SourceOp.input("x", Shape.of(32, 64));
        Node prior = SourceOp.constant(Tensor.full(DType.FLOAT64, Shape.of(32, 64), 0.25));
        Node out = ControlFlowOp.cond(p, List.of(x), ops -> List.of(ops.get(0).tanh()),
                ops -> List.of(prior.mul(4.0).log1p())).get(0);
        Function branch = Function.of(List.of(p, x), List.of(out.transpose().matmul(out).sum()));
        Tensor half = Tensor.full(DType.FLOAT64, Shape.of(32, 64), 0.5);
        double first = branch.call(Tensor.scalar(0.0), half).get(0).item();
        for (int call = 0; call < 3; call++) {
            branch.call(Tensor.scalar(1.0), half);
            assertEquals(first, branch.call(Tensor.scalar(0.0), half).get(0).item(), "call " + call);
        }
        assertEquals(Math.pow(Math.log1p(1.0), 2) * 32 * 64 * 64, first, 1e-9 * first);

        Node init = SourceOp.input("c0", Shape.of(32, 64));
        Node xs = SourceOp.input("xs", Shape.of(T, 32, 64));
        Node k = SourceOp.constant(Tensor.full(DType.FLOAT64, Shape.of(32, 64), 1.0));
        Scan.Result r = ControlFlowOp.scan(List.of(init), List.of(xs),
                (c, xt) -> new Scan.Step(List.of(k.mul(2.0)), List.of(xt.get(0).add(c.get(0)))));
        Node last = r.carry().get(0);
        Node read = last.flip(1).matmul(SourceOp.constant(Tensor.full(DType.FLOAT64, Shape.of(64, 64), 0.5)));
        Function loop = Function.of(List.of(init, xs), List.of(r.ys().get(0).sum(), last.sum().add(read.sum()
                .mul(0.0))));
        for (int call = 0; call < 4; call++) {
            List<Tensor> o = loop.call(Tensor.zeros(Shape.of(32, 64)), Tensor.zeros(Shape.of(T, 32, 64)));
            assertEquals(2.0 * 2048 * (T - 1), o.get(0).item(), "call " + call);
            assertEquals(2.0 * 2048, o.get(1).item(), "call " + call);
        }
    }
}
