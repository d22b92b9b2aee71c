package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A tree of elementwise operations run in one pass: the kernel behind elementwise fusion.
 *
 * <p>A program reads {@code arity} tensors, all of one float dtype, or BOOL: full tensors of the output's shape,
 * one-element tensors used as scalars (a broadcast constant, a learning rate), and periodic float inputs: a
 * tensor of the output's trailing dims (a per-channel vector broadcast over the leading axes), read as the
 * output-sized sequence {@code v[e mod v.size]}, one block-sized copy per block, never materialized. A BOOL value, read
 * or computed (a comparison, a logical operation), is held as 1 or 0 in the program's float type, as
 * {@link Pointwise} says; its result is in the float type. Its instructions, each a
 * {@link Pointwise} function of earlier registers and inputs, compute registers in order; the last is the
 * result. It runs over the elements in blocks of {@value #BLOCK}: for each block, every instruction is one
 * loop over the block, reading inputs in place and writing a block-sized register that stays in the L1
 * cache. So {@code k} fused operations cost one pass over memory instead of {@code k}, and no intermediate
 * tensor is allocated. Each instruction computes exactly what {@link Pointwise#apply} computes for the
 * unfused op, element by element, so results are bit-identical to running the operations one by one.
 */
public final class ElementwiseProgram {

    static final int BLOCK = 2048;

    /** How an instruction runs. */
    private static final int EXACT_UNARY = 0;
    private static final int EXACT_BINARY = 1;
    private static final int IDENTITY = 2;
    private static final int SELECT = 3;
    private static final int FUNCTION_UNARY = 4;
    private static final int FUNCTION_BINARY = 5;

    private final Pointwise[] functions;
    /** Operands per instruction: input {@code i} is {@code -1 - i}; register {@code r} is {@code r}. */
    private final int[][] operands;
    private final int[] kind;
    private final int[] code;
    private final DoubleUnaryOperator[] unary;
    private final DoubleBinaryOperator[] binary;
    private final boolean[] scalarInput;
    /** Periodic inputs: element e of the operand is {@code v[e mod v.length]}. */
    private final boolean[] periodicInput;
    /** Inputs of dtype BOOL, read as 1 or 0. */
    private final boolean[] boolInput;
    /** Scalar inputs read by an instruction without a scalar loop: expanded to a block once per run. */
    private final boolean[] expand;
    /** The block-sized array each instruction but the last writes its register to; freed after its last use. */
    private final int[] slot;
    private final int slots;
    private final String text;

    private ElementwiseProgram(Builder b) {
        int n = b.functions.size();
        functions = b.functions.toArray(new Pointwise[0]);
        operands = b.operands.toArray(new int[0][]);
        kind = new int[n];
        code = new int[n];
        unary = new DoubleUnaryOperator[n];
        binary = new DoubleBinaryOperator[n];
        for (int k = 0; k < n; k++) {
            Pointwise f = functions[k];
            if (f == Pointwise.Exact.IDENTITY) {
                kind[k] = IDENTITY;
            } else if (f == Pointwise.Exact.SELECT) {
                kind[k] = SELECT;
            } else if (f instanceof Pointwise.Exact exact) {
                kind[k] = exact.arity() == 1 ? EXACT_UNARY : EXACT_BINARY;
                code[k] = exact.code;
            } else if (f instanceof Pointwise.Unary u) {
                kind[k] = FUNCTION_UNARY;
                unary[k] = u.f();
            } else {
                kind[k] = FUNCTION_BINARY;
                binary[k] = ((Pointwise.Binary) f).f();
            }
        }
        scalarInput = new boolean[b.scalar.size()];
        boolInput = new boolean[scalarInput.length];
        periodicInput = new boolean[scalarInput.length];
        for (int i = 0; i < scalarInput.length; i++) {
            scalarInput[i] = b.scalar.get(i);
            boolInput[i] = b.bool.get(i);
            periodicInput[i] = b.periodic.get(i);
        }
        slot = new int[n];
        slots = allocateSlots(operands, slot);
        expand = new boolean[scalarInput.length];
        for (int k = 0; k < n; k++) {
            for (int r : operands[k]) {
                if (r < 0 && scalarInput[-1 - r] && kind[k] != EXACT_BINARY) {
                    expand[-1 - r] = true;
                }
            }
        }
        text = String.join("; ", b.text);
    }

    /**
     * Gives each register but the last (which is the output) one of as few block-sized arrays as the program
     * needs: a register's array is free again after the instruction that reads it last, which may write its own
     * result there (every loop reads element i before writing element i). A chain needs one array.
     */
    private static int allocateSlots(int[][] operands, int[] slot) {
        int n = operands.length;
        int[] lastUse = new int[n];
        for (int k = 0; k < n; k++) {
            for (int r : operands[k]) {
                if (r >= 0) {
                    lastUse[r] = k;
                }
            }
        }
        // a stack of free slots, with a flag per slot so that a register read twice is freed once (no search of
        // the stack: a program of a long chain stays linear in its length)
        int[] free = new int[n];
        boolean[] isFree = new boolean[n];
        int top = 0;
        int slots = 0;
        for (int k = 0; k < n; k++) {
            for (int r : operands[k]) {
                if (r >= 0 && lastUse[r] == k && !isFree[slot[r]]) {
                    isFree[slot[r]] = true;
                    free[top++] = slot[r];
                }
            }
            if (k == n - 1) {
                slot[k] = -1;
            } else if (top == 0) {
                slot[k] = slots++;
            } else {
                slot[k] = free[--top];
                isFree[slot[k]] = false;
            }
        }
        return slots;
    }

    /** Builds a program: declare inputs, then add instructions; each returns its operand reference. */
    public static final class Builder {
        private final List<Pointwise> functions = new ArrayList<>();
        private final List<int[]> operands = new ArrayList<>();
        private final List<Boolean> scalar = new ArrayList<>();
        private final List<Boolean> bool = new ArrayList<>();
        private final List<Boolean> periodic = new ArrayList<>();
        private final List<String> text = new ArrayList<>();

        /** A new input, full-size ({@code scalar = false}) or a one-element scalar; returns its reference. */
        public int input(boolean isScalar) {
            return input(isScalar, false);
        }

        /** A new input as {@link #input(boolean)}, of dtype BOOL when {@code isBool}. */
        public int input(boolean isScalar, boolean isBool) {
            scalar.add(isScalar);
            bool.add(isBool);
            periodic.add(false);
            return -scalar.size();
        }

        /**
         * A new periodic float input: a tensor whose size divides the output's, read as
         * {@code v[e mod v.size]} at element e (a vector of the output's trailing dims, broadcast).
         */
        public int periodicInput() {
            scalar.add(false);
            bool.add(false);
            periodic.add(true);
            return -scalar.size();
        }

        /**
         * An instruction applying {@code f} to earlier references (inputs or registers), at least one of them
         * full-size; returns its register.
         */
        public int instruction(Pointwise f, int... refs) {
            Objects.requireNonNull(f, "fusion: function is null");
            if (f instanceof Pointwise.Binary b && b.f() == null) {
                throw new IllegalArgumentException("fusion: " + f + " is defined on integers only, got it in a"
                        + " float program");
            }
            if (refs.length != f.arity()) {
                throw new IllegalArgumentException("fusion: " + f + " takes " + f.arity() + " operands, got "
                        + refs.length);
            }
            boolean full = false;
            for (int r : refs) {
                if (r >= functions.size() || r < -scalar.size()) {
                    throw new IllegalArgumentException("fusion: operands must be declared inputs or earlier"
                            + " registers, got " + ref(r));
                }
                full |= !isScalarOperand(r);
            }
            if (!full) {
                throw new IllegalArgumentException("fusion: an instruction needs a full-size operand");
            }
            functions.add(f);
            operands.add(refs.clone());
            StringBuilder line = new StringBuilder("r").append(functions.size() - 1).append(" = ").append(f)
                    .append('(');
            for (int i = 0; i < refs.length; i++) {
                line.append(i == 0 ? "" : ", ").append(ref(refs[i]));
            }
            text.add(line.append(')').toString());
            return functions.size() - 1;
        }

        private boolean isScalarOperand(int ref) {
            return ref < 0 && scalar.get(-1 - ref);
        }

        private static String ref(int r) {
            return r < 0 ? "x" + (-1 - r) : "r" + r;
        }

        /** The program; its result is the last instruction. */
        public ElementwiseProgram build() {
            if (functions.isEmpty()) {
                throw new IllegalStateException("fusion: a program needs at least one instruction");
            }
            return new ElementwiseProgram(this);
        }
    }

    /** Number of inputs. */
    public int arity() {
        return scalarInput.length;
    }

    /** Number of instructions. */
    public int length() {
        return functions.length;
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Runs the program on {@code inputs} (full tensors of shape {@code out}, one-element scalars, or periodic
     * inputs whose size divides out's), in the float {@code dtype}.
     */
    public Tensor run(List<Tensor> inputs, DType dtype, Shape out) {
        int n = out.size();
        boolean[][] bools = operands(inputs, n);
        if (dtype == DType.FLOAT32) {
            float[][] in = floatOperands(inputs);
            float[] y = BufferPool.floatsForOverwrite(n);
            ElementwiseKernels.blocks(n, (from, len) -> new FloatRun(in, bools, y, Math.min(BLOCK, len), null)
                    .blocks(from, len));
            return TensorInternals.adopt(out, y);
        }
        double[][] in = doubleOperands(inputs);
        double[] y = BufferPool.doublesForOverwrite(n);
        ElementwiseKernels.blocks(n, (from, len) -> new DoubleRun(in, bools, y, Math.min(BLOCK, len), null)
                .blocks(from, len));
        return TensorInternals.adopt(DType.FLOAT64, out, y);
    }

    /**
     * The program's values summed over a run of leading axes, without storing them: read as
     * {@code [outer, r, inner]} ({@code n = outer·r·inner} elements), {@code y[o, j] = sum over t of
     * v[o, t, j]}, each column's values added one after another in ascending t from +0 in the program's dtype,
     * as {@link ReduceKernels#sum} adds the rows of a stored tensor ({@code inner > 1}): the same bits. One
     * thread, in blocks of {@value #BLOCK} values. With no values (an empty run, or an empty output) the sums are
     * zeros, as the stored sum's.
     */
    public Tensor sumColumns(List<Tensor> inputs, DType dtype, int n, int r, int inner, Shape out) {
        if (n == 0 && r >= 0 && inner >= 0 && (r == 0 || inner == 0 || out.size() == 0)) {
            return dtype == DType.FLOAT32 ? TensorInternals.adopt(out, new float[out.size()])
                    : TensorInternals.adopt(DType.FLOAT64, out, new double[out.size()]);
        }
        if (inner < 1 || r < 1 || n % (r * inner) != 0 || out.size() != n / r) {
            throw new IllegalArgumentException("fused sum: " + n + " values do not reduce over runs of " + r
                    + " rows of " + inner + " to " + out);
        }
        boolean[][] bools = operands(inputs, n);
        ArrayOps ops = Kernels.OPS;
        int span = r * inner;
        if (dtype == DType.FLOAT32) {
            float[] y = new float[out.size()];
            new FloatRun(floatOperands(inputs), bools, null, Math.min(BLOCK, n),
                    (b, v, m) -> addBlock(ops, v, b, m, span, inner, y)).blocks(0, n);
            return TensorInternals.adopt(out, y);
        }
        double[] y = new double[out.size()];
        new DoubleRun(doubleOperands(inputs), bools, null, Math.min(BLOCK, n),
                (b, v, m) -> addBlock(ops, v, b, m, span, inner, y)).blocks(0, n);
        return TensorInternals.adopt(DType.FLOAT64, out, y);
    }

    /**
     * Adds the block {@code v[0, m)}, values {@code [b, b + m)} of {@code [outer, r, inner]}, to the column sums
     * {@code y[outer, inner]}: whole rows of one {@code o} with {@link ArrayOps#addRows}, a row cut by the block's
     * ends in its pieces, every element of y one addition per row, in row order.
     */
    private static void addBlock(ArrayOps ops, float[] v, int b, int m, int span, int inner, float[] y) {
        for (int i = 0; i < m; ) {
            int e = b + i;
            int j = e % inner;
            int at = e / span * inner;
            if (j != 0 || m - i < inner) {
                int len = Math.min(inner - j, m - i);
                ops.binary(ArrayOps.ADD, y, at + j, v, i, y, at + j, len);
                i += len;
            } else {
                int rows = Math.min((m - i) / inner, (span - e % span) / inner);
                ops.addRows(v, i, rows, y, at, inner);
                i += rows * inner;
            }
        }
    }

    /** {@link #addBlock(ArrayOps, float[], int, int, int, int, float[])} in float64. */
    private static void addBlock(ArrayOps ops, double[] v, int b, int m, int span, int inner, double[] y) {
        for (int i = 0; i < m; ) {
            int e = b + i;
            int j = e % inner;
            int at = e / span * inner;
            if (j != 0 || m - i < inner) {
                int len = Math.min(inner - j, m - i);
                ops.binary(ArrayOps.ADD, y, at + j, v, i, y, at + j, len);
                i += len;
            } else {
                int rows = Math.min((m - i) / inner, (span - e % span) / inner);
                ops.addRows(v, i, rows, y, at, inner);
                i += rows * inner;
            }
        }
    }

    /** Checks the periodic inputs against {@code n} values; the BOOL inputs' arrays (null for the others). */
    private boolean[][] operands(List<Tensor> inputs, int n) {
        for (int i = 0; i < inputs.size(); i++) {
            int p = inputs.get(i).size();
            if (periodicInput[i] && (p == 0 || n % p != 0)) {
                throw new IllegalArgumentException("fused: a periodic input's size must divide the output's "
                        + n + ", got " + inputs.get(i).shape() + " for input " + i);
            }
        }
        boolean[][] bools = new boolean[inputs.size()][];
        for (int i = 0; i < bools.length; i++) {
            bools[i] = boolInput[i] && !scalarInput[i] ? TensorInternals.booleans(inputs.get(i)) : null;
        }
        return bools;
    }

    private float[][] floatOperands(List<Tensor> inputs) {
        float[][] in = new float[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            Tensor t = inputs.get(i);
            in[i] = !boolInput[i] ? TensorInternals.floats(t) : scalarInput[i] ? t.toFloatArray() : null;
            in[i] = periodicInput[i] && in[i].length != t.size() ? Arrays.copyOf(in[i], t.size()) : in[i];
        }
        return in;
    }

    private double[][] doubleOperands(List<Tensor> inputs) {
        double[][] in = new double[inputs.size()][];
        for (int i = 0; i < in.length; i++) {
            Tensor t = inputs.get(i);
            in[i] = !boolInput[i] || scalarInput[i] ? TensorInternals.doubles(t) : null;
            in[i] = periodicInput[i] && in[i].length != t.size() ? Arrays.copyOf(in[i], t.size()) : in[i];
        }
        return in;
    }

    /**
     * Receives each block of a run's values when they are not stored: {@code v[0, m)} are values {@code [b, b + m)}.
     */
    private interface FloatSink {
        void accept(int b, float[] v, int m);
    }

    /** {@link FloatSink} in float64. */
    private interface DoubleSink {
        void accept(int b, double[] v, int m);
    }

    /**
     * Per thread, the register arrays of the last run ({@link #BLOCK} elements each), reused by the next: a run
     * writes a register before it reads it, and runs do not nest.
     */
    private static final ThreadLocal<float[][]> FLOAT_REGISTERS = new ThreadLocal<>();
    private static final ThreadLocal<double[][]> DOUBLE_REGISTERS = new ThreadLocal<>();

    /**
     * Registers a thread keeps between runs: enough for the programs of a training step. A program needing more
     * (a long chain fused with its gradient keeps every forward value live for the backward: one register per link)
     * gets registers of its block's length for one run only, so tiny tensors do not hold BLOCK elements each, and
     * nothing large outlives the run.
     */
    private static final int KEPT_REGISTERS = 64;

    private static float[][] floatRegisters(int count, int block) {
        if (count > KEPT_REGISTERS) {
            return new float[count][block];
        }
        float[][] reg = FLOAT_REGISTERS.get();
        if (reg == null || reg.length < count) {
            reg = new float[count][BLOCK];
            FLOAT_REGISTERS.set(reg);
        }
        return reg;
    }

    private static double[][] doubleRegisters(int count, int block) {
        if (count > KEPT_REGISTERS) {
            return new double[count][block];
        }
        double[][] reg = DOUBLE_REGISTERS.get();
        if (reg == null || reg.length < count) {
            reg = new double[count][BLOCK];
            DOUBLE_REGISTERS.set(reg);
        }
        return reg;
    }

    /** One thread's run over a range in float32: its registers, and scalar inputs expanded where needed. */
    private final class FloatRun {
        private final float[][] in;
        private final boolean[][] bools;
        private final float[] y;
        /** Where the last instruction writes when a sink takes the blocks, else null. */
        private final float[] out;
        private final FloatSink sink;
        private final float[][] reg;
        private final float[][] expanded;
        /** Per periodic input: the index in v of its expanded block's first element, or -1. */
        private final int[] phase;
        private float[] src;
        private int off;
        /** The length of the current block. */
        private int m;

        FloatRun(float[][] in, boolean[][] bools, float[] y, int block, FloatSink sink) {
            this.in = in;
            this.bools = bools;
            this.y = y;
            this.sink = sink;
            this.out = sink == null ? null : new float[block];
            reg = floatRegisters(slots, block);
            expanded = new float[in.length][];
            phase = new int[in.length];
            Arrays.fill(phase, -1);
            for (int i = 0; i < in.length; i++) {
                if (expand[i] || bools[i] != null || periodicInput[i]) {
                    expanded[i] = new float[block];
                }
                if (expand[i]) {
                    Arrays.fill(expanded[i], in[i][0]);
                }
            }
        }

        /**
         * Points {@code src, off} at operand {@code r} for the block at {@code b}, a scalar expanded, a BOOL input
         * read as 1 or 0.
         */
        private void operand(int r, int b) {
            if (r >= 0) {
                src = reg[slot[r]];
                off = 0;
            } else if (scalarInput[-1 - r]) {
                src = expanded[-1 - r];
                off = 0;
            } else if (bools[-1 - r] != null) {
                boolean[] c = bools[-1 - r];
                src = expanded[-1 - r];
                off = 0;
                for (int i = 0; i < m; i++) {
                    src[i] = c[b + i] ? 1f : 0f;
                }
            } else if (periodicInput[-1 - r]) {
                float[] v = in[-1 - r];
                src = expanded[-1 - r];
                off = 0;
                if (phase[-1 - r] != b % v.length) { // else it holds this block's values already
                    phase[-1 - r] = b % v.length;
                    for (int i = 0, e = phase[-1 - r]; i < src.length; e = 0) { // v from e, then whole periods
                        int len = Math.min(v.length - e, src.length - i);
                        System.arraycopy(v, e, src, i, len);
                        i += len;
                    }
                }
            } else {
                src = in[-1 - r];
                off = b;
            }
        }

        void blocks(int from, int len) {
            ArrayOps ops = Kernels.OPS;
            int last = functions.length - 1;
            for (int b = from; b < from + len; b += BLOCK) {
                m = Math.min(BLOCK, from + len - b);
                for (int k = 0; k <= last; k++) {
                    float[] dst = k < last ? reg[slot[k]] : sink == null ? y : out;
                    int d = k == last && sink == null ? b : 0;
                    int[] o = operands[k];
                    operand(o[0], b);
                    float[] a = src;
                    int ao = off;
                    switch (kind[k]) {
                        case EXACT_UNARY -> ops.unary(code[k], a, ao, dst, d, m);
                        case IDENTITY -> System.arraycopy(a, ao, dst, d, m);
                        case FUNCTION_UNARY -> Transcendentals.apply(unary[k], a, ao, dst, d, m);
                        case EXACT_BINARY -> {
                            int l = o[0];
                            int r = o[1];
                            if (l < 0 && scalarInput[-1 - l]) {
                                operand(r, b);
                                ops.scalarBinary(code[k], in[-1 - l][0], src, off, dst, d, m);
                            } else if (r < 0 && scalarInput[-1 - r]) {
                                ops.binaryScalar(code[k], a, ao, in[-1 - r][0], dst, d, m);
                            } else {
                                operand(r, b);
                                ops.binary(code[k], a, ao, src, off, dst, d, m);
                            }
                        }
                        case FUNCTION_BINARY -> {
                            operand(o[1], b);
                            DoubleBinaryOperator f = binary[k];
                            for (int i = 0; i < m; i++) {
                                dst[d + i] = (float) f.applyAsDouble(a[ao + i], src[off + i]);
                            }
                        }
                        default -> {
                            operand(o[1], b);
                            float[] t = src;
                            int to = off;
                            operand(o[2], b);
                            for (int i = 0; i < m; i++) {
                                dst[d + i] = a[ao + i] != 0f ? t[to + i] : src[off + i];
                            }
                        }
                    }
                }
                if (sink != null) {
                    sink.accept(b, out, m);
                }
            }
        }
    }

    /** {@link FloatRun} in float64. */
    private final class DoubleRun {
        private final double[][] in;
        private final boolean[][] bools;
        private final double[] y;
        /** Where the last instruction writes when a sink takes the blocks, else null. */
        private final double[] out;
        private final DoubleSink sink;
        private final double[][] reg;
        private final double[][] expanded;
        /** Per periodic input: the index in v of its expanded block's first element, or -1. */
        private final int[] phase;
        private double[] src;
        private int off;
        private int m;

        DoubleRun(double[][] in, boolean[][] bools, double[] y, int block, DoubleSink sink) {
            this.in = in;
            this.bools = bools;
            this.y = y;
            this.sink = sink;
            this.out = sink == null ? null : new double[block];
            reg = doubleRegisters(slots, block);
            expanded = new double[in.length][];
            phase = new int[in.length];
            Arrays.fill(phase, -1);
            for (int i = 0; i < in.length; i++) {
                if (expand[i] || bools[i] != null || periodicInput[i]) {
                    expanded[i] = new double[block];
                }
                if (expand[i]) {
                    Arrays.fill(expanded[i], in[i][0]);
                }
            }
        }

        private void operand(int r, int b) {
            if (r >= 0) {
                src = reg[slot[r]];
                off = 0;
            } else if (scalarInput[-1 - r]) {
                src = expanded[-1 - r];
                off = 0;
            } else if (bools[-1 - r] != null) {
                boolean[] c = bools[-1 - r];
                src = expanded[-1 - r];
                off = 0;
                for (int i = 0; i < m; i++) {
                    src[i] = c[b + i] ? 1.0 : 0.0;
                }
            } else if (periodicInput[-1 - r]) {
                double[] v = in[-1 - r];
                src = expanded[-1 - r];
                off = 0;
                if (phase[-1 - r] != b % v.length) { // else it holds this block's values already
                    phase[-1 - r] = b % v.length;
                    for (int i = 0, e = phase[-1 - r]; i < src.length; e = 0) { // v from e, then whole periods
                        int len = Math.min(v.length - e, src.length - i);
                        System.arraycopy(v, e, src, i, len);
                        i += len;
                    }
                }
            } else {
                src = in[-1 - r];
                off = b;
            }
        }

        void blocks(int from, int len) {
            ArrayOps ops = Kernels.OPS;
            int last = functions.length - 1;
            for (int b = from; b < from + len; b += BLOCK) {
                m = Math.min(BLOCK, from + len - b);
                for (int k = 0; k <= last; k++) {
                    double[] dst = k < last ? reg[slot[k]] : sink == null ? y : out;
                    int d = k == last && sink == null ? b : 0;
                    int[] o = operands[k];
                    operand(o[0], b);
                    double[] a = src;
                    int ao = off;
                    switch (kind[k]) {
                        case EXACT_UNARY -> ops.unary(code[k], a, ao, dst, d, m);
                        case IDENTITY -> System.arraycopy(a, ao, dst, d, m);
                        case FUNCTION_UNARY -> Transcendentals.apply(unary[k], a, ao, dst, d, m);
                        case EXACT_BINARY -> {
                            int l = o[0];
                            int r = o[1];
                            if (l < 0 && scalarInput[-1 - l]) {
                                operand(r, b);
                                ops.scalarBinary(code[k], in[-1 - l][0], src, off, dst, d, m);
                            } else if (r < 0 && scalarInput[-1 - r]) {
                                ops.binaryScalar(code[k], a, ao, in[-1 - r][0], dst, d, m);
                            } else {
                                operand(r, b);
                                ops.binary(code[k], a, ao, src, off, dst, d, m);
                            }
                        }
                        case FUNCTION_BINARY -> {
                            operand(o[1], b);
                            DoubleBinaryOperator f = binary[k];
                            for (int i = 0; i < m; i++) {
                                dst[d + i] = f.applyAsDouble(a[ao + i], src[off + i]);
                            }
                        }
                        default -> {
                            operand(o[1], b);
                            double[] t = src;
                            int to = off;
                            operand(o[2], b);
                            for (int i = 0; i < m; i++) {
                                dst[d + i] = a[ao + i] != 0.0 ? t[to + i] : src[off + i];
                            }
                        }
                    }
                }
                if (sink != null) {
                    sink.accept(b, out, m);
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElementwiseProgram p && Arrays.equals(functions, p.functions)
                && Arrays.deepEquals(operands, p.operands) && Arrays.equals(scalarInput, p.scalarInput)
                && Arrays.equals(boolInput, p.boolInput) && Arrays.equals(periodicInput, p.periodicInput);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(functions) * 31 + Arrays.deepHashCode(operands);
    }
}
