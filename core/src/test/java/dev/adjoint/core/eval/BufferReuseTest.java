package dev.adjoint.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffer reuse changes no value: random graphs over tensors large enough to be pooled (with views that share
 * arrays, zero-filled pads and scatters, transposes, products, and their gradients) give, call after call,
 * the same bits as the same function allocating every array fresh; tensors returned by one call stay unchanged
 * by the next; and reuse really happens.
 */
class BufferReuseTest {

    private static final int ROWS = 32;
    private static final int COLS = 64;
    private static final int OPS = 14;

    /** A random program: for each step an op code and two operand positions among the earlier values. */
    private static final Gen<int[]> PROGRAMS = choices -> {
        int length = 1 + choices.drawInt(14);
        int[] program = new int[3 * length];
        for (int i = 0; i < length; i++) {
            program[3 * i] = choices.drawInt(OPS);
            program[3 * i + 1] = choices.drawInt(i + 2);
            program[3 * i + 2] = choices.drawInt(i + 2);
        }
        return program;
    };

    /** Every value is {@code [ROWS, COLS]}: ROWS·COLS = 2,048 elements, above {@link BufferPool#MIN_ELEMENTS}. */
    private static Node build(int[] program, Node x, Node w) {
        DType t = x.dtype();
        int[] rows = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = (i * 7 + 3) % ROWS;
        }
        Node permutation = SourceOp.constant(Tensor.of(t, Shape.of(ROWS), java.util.Arrays.stream(rows)
                .asDoubleStream().toArray()));
        List<Node> values = new ArrayList<>(List.of(x, UnaryOp.tanh(x)));
        for (int i = 0; i < program.length / 3; i++) {
            Node a = values.get(program[3 * i + 1]);
            Node b = values.get(program[3 * i + 2]);
            Node r = switch (program[3 * i]) {
                case 0 -> BinaryOp.add(a, b);
                case 1 -> BinaryOp.mul(a, b);
                case 2 -> BinaryOp.sub(a, UnaryOp.relu(b));
                case 3 -> LinalgOp.matmul(a, w).mul(SourceOp.scalar(0.125, t));
                case 4 -> MovementOp.reshape(MovementOp.reshape(a, Shape.of(ROWS * 2, COLS / 2)), Shape.of(ROWS, COLS));
                case 5 -> UnaryOp.stopGradient(a).mul(b);
                case 6 -> MovementOp.transpose(MovementOp.transpose(a).add(MovementOp.transpose(b)));
                case 7 -> MovementOp.pad(MovementOp.slice(a, 0, 0, ROWS / 2), new int[] {0, 0},
                        new int[] {ROWS / 2, 0});
                case 8 -> MovementOp.concat(1, MovementOp.slice(a, 1, 0, COLS / 2),
                        MovementOp.slice(b, 1, COLS / 2, COLS));
                case 9 -> BinaryOp.add(a, MovementOp.broadcastTo(ReduceOp.sum(b, true, 0), Shape.of(ROWS, COLS))
                        .mul(SourceOp.scalar(0.01, t)));
                case 10 -> IndexOp.gather(a, permutation, 0);
                case 11 -> UnaryOp.exp(UnaryOp.tanh(a));
                case 12 -> BinaryOp.maximum(a, b).sub(BinaryOp.minimum(a, b));
                default -> UnaryOp.sigmoid(a).mul(UnaryOp.softplus(b));
            };
            values.add(r);
        }
        return values.get(values.size() - 1);
    }

    private static void checkSameBits(int[] program, DType dtype, boolean optimize) {
        Node x = SourceOp.input("x", Shape.of(ROWS, COLS), dtype);
        Node w = SourceOp.input("w", Shape.of(COLS, COLS), dtype);
        Node out = build(program, x, w);
        Node loss = ReduceOp.sum(BinaryOp.mul(out, out));
        List<Node> grads = Autodiff.grad(loss, List.of(x, w), Autodiff.Strictness.ZEROS_FOR_UNUSED);
        List<Node> outputs = List.of(out, loss, grads.get(0), grads.get(1),
                MovementOp.reshape(out, Shape.of(ROWS * COLS)));
        Function reusing = optimize ? Function.of(List.of(x, w), outputs)
                : Function.unoptimized(List.of(x, w), outputs);
        Function fresh = reusing.withoutBufferReuse();
        List<List<Tensor>> firsts = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            Tensor xv = Tensor.uniform(Key.of(program.length + 10L * call), dtype, Shape.of(ROWS, COLS), -1, 1);
            Tensor wv = Tensor.uniform(Key.of(program.length + 10L * call + 1), dtype, Shape.of(COLS, COLS), -1, 1);
            List<Tensor> expected = fresh.call(xv, wv);
            List<Tensor> actual = reusing.call(xv, wv);
            for (int i = 0; i < outputs.size(); i++) {
                int at = i;
                assertTrue(actual.get(i).sameValues(expected.get(i)), () -> "call " + "output " + at
                        + " differs with buffer reuse\n" + reusing.explain());
            }
            firsts.add(actual);
            firsts.add(expected);
        }
        for (int c = 0; c < firsts.size(); c += 2) {
            for (int i = 0; i < outputs.size(); i++) {
                assertTrue(firsts.get(c).get(i).sameValues(firsts.get(c + 1).get(i)),
                        "a tensor returned by call " + c / 2 + " changed during a later call");
            }
        }
    }

    @Test
    void reuseGivesTheSameBitsAsFreshArraysFloat32() {
        Property.forAll(PROGRAMS).named("reuse == fresh, f32, compiled").tries(60)
                .check(p -> checkSameBits(p, DType.FLOAT32, true));
        Property.forAll(PROGRAMS).named("reuse == fresh, f32, as written").tries(40)
                .check(p -> checkSameBits(p, DType.FLOAT32, false));
    }

    @Test
    void reuseGivesTheSameBitsAsFreshArraysFloat64() {
        Property.forAll(PROGRAMS).named("reuse == fresh, f64, compiled").tries(60)
                .check(p -> checkSameBits(p, DType.FLOAT64, true));
        Property.forAll(PROGRAMS).named("reuse == fresh, f64, as written").tries(40)
                .check(p -> checkSameBits(p, DType.FLOAT64, false));
    }

    /**
     * A two-layer network's training step: once a batch size has been seen, only the outputs are fresh
     * arrays, and the results are those of fresh arrays bit for bit.
     */
    @Test
    void aRepeatedTrainingStepRecyclesMostOfItsArrays() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 64), DType.FLOAT32);
        Node w1 = SourceOp.input("w1", Shape.of(64, 128), DType.FLOAT32);
        Node w2 = SourceOp.input("w2", Shape.of(128, 16), DType.FLOAT32);
        Node h = UnaryOp.relu(LinalgOp.matmul(x, w1));
        Node loss = ReduceOp.mean(UnaryOp.square(LinalgOp.matmul(h, w2)));
        List<Node> grads = Autodiff.grad(loss, List.of(w1, w2), Autodiff.Strictness.ZEROS_FOR_UNUSED);
        Node lr = SourceOp.scalar(0.01, DType.FLOAT32);
        Function step = Function.of(List.of(x, w1, w2), List.of(loss, w1.sub(grads.get(0).mul(lr)),
                w2.sub(grads.get(1).mul(lr))));
        Function reference = step.withoutBufferReuse();
        Tensor v1 = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(64, 128), -0.1, 0.1);
        Tensor v2 = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(128, 16), -0.1, 0.1);
        Tensor r1 = v1;
        Tensor r2 = v2;
        for (int i = 0; i < 6; i++) {
            // the batch size changes between calls (96, 96, 48, 96, 96, 48)
            int n = i % 3 == 2 ? 48 : 96;
            Tensor xv = Tensor.uniform(Key.of(10 + i), DType.FLOAT32, Shape.of(n, 64), -1, 1);
            BufferReuse before = step.bufferReuse();
            List<Tensor> got = step.call(xv, v1, v2);
            BufferReuse after = step.bufferReuse();
            long fresh = after.freshArrays() - before.freshArrays();
            if (i == 1 || i == 3 || i == 4) {
                // a batch size asked for in one of the last two calls: every intermediate comes from the pool;
                // only the two new weight arrays, which leave the call as outputs, are fresh
                assertEquals(2, fresh, "fresh arrays in call " + i + ": " + after);
                assertTrue(after.recycledArrays() - before.recycledArrays() >= 6,
                        "recycled in call " + i + ": " + after);
            } else if (i == 5) {
                // batch 48 was last asked for three calls ago: its arrays were dropped, the pool stays bounded
                assertTrue(fresh > 2, "call 5 should allocate its batch-sized arrays again: " + after);
            }
            List<Tensor> want = reference.call(xv, r1, r2);
            for (int k = 0; k < 3; k++) {
                assertTrue(got.get(k).sameValues(want.get(k)), "step " + i + ", output " + k);
            }
            v1 = got.get(1);
            v2 = got.get(2);
            r1 = want.get(1);
            r2 = want.get(2);
        }
        BufferReuse reuse = step.bufferReuse();
        assertTrue(reuse.recycledArrays() > 0, reuse::toString);
        assertTrue(reuse.recycledFraction() > 0.5, () -> "expected most bytes recycled, got " + reuse);
        BufferReuse none = reference.bufferReuse();
        assertEquals(0, none.recycledArrays() + none.freshArrays(), "the reference must not use a pool: " + none);
    }

    /** Within one call: a chain of large elementwise ops, as written, recycles each dead link for the next. */
    @Test
    void aSingleCallRecyclesDeadIntermediates() {
        Node x = SourceOp.input("x", Shape.of(64, 64));
        Node v = x;
        for (int i = 0; i < 10; i++) {
            v = UnaryOp.tanh(v).add(x);
        }
        Function f = Function.unoptimized(List.of(x), List.of(v));
        f.call(Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(64, 64), -1, 1));
        BufferReuse reuse = f.bufferReuse();
        // 20 steps each allocate one array; only two or three are live at once
        assertTrue(reuse.freshArrays() <= 4, reuse::toString);
        assertTrue(reuse.recycledArrays() >= 16, reuse::toString);
    }

    /** A user-defined op that keeps its input and output (a cache): neither may be recycled under it. */
    record Remembering(List<Tensor> kept) implements CustomOp {
        @Override public String name() {
            return "remembering";
        }

        @Override public Shape shape(List<Node> inputs) {
            return inputs.get(0).shape();
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor y = ElementwiseKernels.map(inputs.get(0), v -> 2 * v);
            kept.add(inputs.get(0));
            kept.add(y);
            return y;
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar.mul(2.0));
        }
    }

    @Test
    void arraysAUserOpMayKeepAreNeverRecycled() {
        List<Tensor> kept = new ArrayList<>();
        Node x = SourceOp.input("x", Shape.of(64, 64));
        Node y = Node.apply(new Remembering(kept), UnaryOp.exp(x));
        Node z = UnaryOp.tanh(UnaryOp.sin(y).add(y)).mul(3.0);
        Function f = Function.unoptimized(List.of(x), List.of(z));
        Tensor xv = Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(64, 64), -1, 1);
        f.call(xv);
        Tensor input = kept.get(0);
        Tensor output = kept.get(1);
        Tensor inputCopy = Tensor.of(input.shape(), input.toDoubleArray());
        Tensor outputCopy = Tensor.of(output.shape(), output.toDoubleArray());
        for (int i = 0; i < 3; i++) {
            f.call(Tensor.uniform(Key.of(5 + i), DType.FLOAT64, Shape.of(64, 64), -1, 1));
        }
        assertTrue(input.sameValues(inputCopy), "the op's kept input was overwritten by a later computation");
        assertTrue(output.sameValues(outputCopy), "the op's kept output was overwritten by a later computation");
    }

    @Test
    void aFailedCallLeavesThePoolUsable() {
        Node x = SourceOp.input("x", Shape.of(64, 64));
        Node idx = SourceOp.input("idx", Shape.of(64));
        Node y = IndexOp.gather(UnaryOp.exp(x).add(x), idx, 0).mul(2.0);
        Function f = Function.of(List.of(x, idx), List.of(y));
        Tensor xv = Tensor.uniform(Key.of(6), DType.FLOAT64, Shape.of(64, 64), -1, 1);
        double[] bad = new double[64];
        bad[7] = 64;
        assertThrows(RuntimeException.class, () -> f.call(xv, Tensor.of(Shape.of(64), bad)));
        double[] good = new double[64];
        for (int i = 0; i < 64; i++) {
            good[i] = 63 - i;
        }
        Tensor goodIdx = Tensor.of(Shape.of(64), good);
        assertTrue(f.call(xv, goodIdx).get(0).sameValues(f.withoutBufferReuse().call(xv, goodIdx).get(0)));
    }
}
