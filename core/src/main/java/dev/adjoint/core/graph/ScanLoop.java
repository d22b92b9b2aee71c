package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.kernel.HeldOperands;
import dev.adjoint.core.kernel.Parallel;
import dev.adjoint.core.kernel.Stacking;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link Scan} runs: its body called once per step on the carry and the step's slices, the outputs
 * stacked, with the values read at every step held ({@link HeldOperands}) for the whole loop; a body that
 * computes row by row ({@link RowwiseBody}) runs as independent loops over blocks of rows, one per kernel
 * thread, every row getting the bits the whole loop gives it.
 */
final class ScanLoop {

    private final Subgraph body;
    private final int carries;
    private final int sequences;
    private final int length;
    private final boolean reverse;

    ScanLoop(Scan scan) {
        this.body = scan.body();
        this.carries = scan.carries();
        this.sequences = scan.sequences();
        this.length = scan.length();
        this.reverse = scan.reverse();
    }

    /** The final carry and the stacked outputs for the scan's inputs {@code (init, x, k)}, N bound to {@code batch}. */
    List<Tensor> run(List<Tensor> inputs, int batch) {
        List<Node> results = body.results();
        Stacking.Stack[] ys = new Stacking.Stack[results.size() - carries];
        for (int p = 0; p < ys.length; p++) {
            Node y = results.get(carries + p);
            ys[p] = new Stacking.Stack(y.dtype(), y.shape().isConcrete() ? y.shape() : y.shape().bind(batch), length);
        }
        BufferPool pool = BufferPool.current();
        List<Tensor> carry;
        // the values read at every step do not change during the loop: products keep their packed copies
        try (HeldOperands.Hold held = HeldOperands.hold(inputs.subList(carries + sequences, inputs.size()))) {
            RowwiseBody.Layout layout = blocks(batch) > 1 && body.sameOnOtherThreads() ? RowwiseBody.of(body) : null;
            carry = layout == null ? loop(inputs, pool, ys, null) : loopByRows(inputs, ys, layout, batch);
        }
        List<Tensor> outputs = new ArrayList<>(carry);
        for (Stacking.Stack y : ys) {
            outputs.add(y.result());
        }
        return outputs;
    }

    /** The fewest rows a block of a loop run by rows gets. */
    private static final int MIN_ROWS = 8;

    /** The number of blocks of rows to run a loop of {@code batch} rows in: one per thread, each of MIN_ROWS. */
    private static int blocks(int batch) {
        return Math.min(Parallel.threads(), batch / MIN_ROWS);
    }

    /**
     * Block {@code index} of a loop run by rows: rows {@code [r0, r1)} of the values the layout splits.
     *
     * @param layout which parameters and results have rows
     * @param index the block's position
     * @param r0 its first row
     * @param r1 the end of its rows
     */
    private record Block(RowwiseBody.Layout layout, int index, int r0, int r1) {
    }

    /**
     * Runs a body that computes row by row ({@link RowwiseBody}) as independent loops over blocks of rows, one
     * task each, writing their rows of the stacked outputs; the final carry joins the blocks' rows. Every row
     * gets the bits the whole loop gives it, so the result does not depend on the number of blocks.
     */
    private List<Tensor> loopByRows(List<Tensor> inputs, Stacking.Stack[] ys, RowwiseBody.Layout layout, int batch) {
        int n = blocks(batch);
        List<List<Tensor>> finals = new ArrayList<>(java.util.Collections.nCopies(n, null));
        Parallel.forEach(n, b -> {
            Block block = new Block(layout, b, (int) ((long) batch * b / n), (int) ((long) batch * (b + 1) / n));
            List<Tensor> own = new ArrayList<>(inputs);
            for (int i = 0; i < own.size(); i++) {
                boolean sequence = i >= carries && i < carries + sequences;
                if (layout.parameters()[i] && !sequence) {
                    own.set(i, Stacking.rows(inputs.get(i), block.r0(), block.r1()));
                }
            }
            finals.set(b, loop(own, BufferPool.current(), ys, block));
        });
        List<Tensor> carry = new ArrayList<>(carries);
        for (int i = 0; i < carries; i++) {
            List<Tensor> parts = new ArrayList<>(n);
            for (List<Tensor> f : finals) {
                parts.add(f.get(i));
            }
            carry.add(layout.results()[i] ? Stacking.joinRows(parts) : parts.get(0));
        }
        return carry;
    }

    /**
     * Runs the steps, stacking the outputs into {@code ys}; returns the final carry. With a block, runs that
     * block's rows: the inputs' values with rows are the block's already, the sequences are sliced here.
     */
    private List<Tensor> loop(List<Tensor> inputs, BufferPool pool, Stacking.Stack[] ys, Block block) {
        List<Tensor> args = new ArrayList<>(inputs);
        List<Tensor> carry = inputs.subList(0, carries);
        Tensor[] slices = new Tensor[sequences];
        for (int s = 0; s < length; s++) {
            int t = reverse ? length - 1 - s : s;
            for (int i = 0; i < carries; i++) {
                args.set(i, carry.get(i));
            }
            for (int j = 0; j < sequences; j++) {
                slices[j] = block != null && block.layout().parameters()[carries + j]
                        ? Stacking.slice(inputs.get(carries + j), t, block.r0(), block.r1())
                        : Stacking.slice(inputs.get(carries + j), t);
                if (pool != null) {
                    pool.hold(slices[j]);
                }
                args.set(carries + j, slices[j]);
            }
            List<Tensor> out = body.call(args);
            List<Tensor> next = out.subList(0, carries);
            for (int p = 0; p < ys.length; p++) {
                if (block == null) {
                    ys[p].set(t, out.get(carries + p));
                } else if (block.layout().results()[carries + p]) {
                    ys[p].setRows(t, block.r0(), out.get(carries + p));
                } else if (block.index() == 0) {
                    ys[p].set(t, out.get(carries + p)); // the same in every block
                }
            }
            // the step's outputs are copied into the stacks and the previous carry is read no more: the body
            // may recycle their arrays (those it made), except the new carry's and any array the loop does not
            // own: an output may be an argument itself (y_t = carry, the initial carry being the caller's, maybe
            // a result of this body's previous call, which the body would take for its own), or a view of one
            List<Tensor> done = new ArrayList<>(out.subList(carries, out.size()));
            if (s > 0) {
                done.addAll(carry);
            }
            List<Tensor> step = List.of(slices);
            done.removeIf(value -> BufferPool.sharesArray(value, next) || BufferPool.sharesArray(value, inputs)
                    || BufferPool.sharesArray(value, step));
            body.reclaim(done);
            carry = next;
            for (Tensor slice : slices) {
                // a slice the body returned as a carried value, or a view of it, lives on: never recycled
                if (pool != null && BufferPool.sharesArray(slice, carry)) {
                    pool.pin(slice);
                } else if (pool != null) {
                    pool.release(slice);
                }
            }
        }
        return carry;
    }
}
