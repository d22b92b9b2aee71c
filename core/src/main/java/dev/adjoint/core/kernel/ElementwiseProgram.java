package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chain of elementwise operations run in one pass: the kernel behind elementwise fusion.
 *
 * <p>A program reads {@code arity} tensors: full tensors of the output's shape and one-element tensors used
 * as scalars (a broadcast constant, a learning rate). Its instructions compute registers in order; the last
 * is the result. It runs over the elements in blocks of {@value #BLOCK}: for each block, every instruction
 * is one vector loop over the block, reading inputs in place and writing a block-sized register that stays
 * in the L1 cache. So {@code k} fused operations cost one pass over memory instead of {@code k}, and no
 * intermediate tensor is allocated. Each operation is the same exactly rounded lane operation the unfused
 * kernel uses, so results are bit-identical to running the operations one by one.
 */
public final class ElementwiseProgram {

    static final int BLOCK = 2048;

    /** An operand: input {@code i} is {@code -1 - i}; register {@code r} is {@code r}. */
    private final int[] opcode;
    private final boolean[] isUnary;
    private final int[] left;
    private final int[] right;
    private final boolean[] scalarInput;
    private final String text;

    private ElementwiseProgram(Builder b) {
        opcode = b.opcode.stream().mapToInt(Integer::intValue).toArray();
        isUnary = new boolean[opcode.length];
        for (int i = 0; i < opcode.length; i++) {
            isUnary[i] = b.unary.get(i);
        }
        left = b.left.stream().mapToInt(Integer::intValue).toArray();
        right = b.right.stream().mapToInt(Integer::intValue).toArray();
        scalarInput = new boolean[b.scalar.size()];
        for (int i = 0; i < scalarInput.length; i++) {
            scalarInput[i] = b.scalar.get(i);
        }
        text = String.join("; ", b.text);
    }

    /** Builds a program: declare inputs, then add instructions; each returns its operand reference. */
    public static final class Builder {
        private final List<Integer> opcode = new ArrayList<>();
        private final List<Boolean> unary = new ArrayList<>();
        private final List<Integer> left = new ArrayList<>();
        private final List<Integer> right = new ArrayList<>();
        private final List<Boolean> scalar = new ArrayList<>();
        private final List<String> text = new ArrayList<>();

        /** A new input, full-size ({@code scalar = false}) or a one-element scalar; returns its reference. */
        public int input(boolean isScalar) {
            scalar.add(isScalar);
            return -scalar.size();
        }

        /**
         * A binary instruction by name ({@code add sub mul div maximum minimum greater}); returns its register,
         * or throws when the name has no fused form.
         */
        public int binary(String name, int a, int b) {
            int code = switch (name) {
                case "add" -> ArrayOps.ADD;
                case "sub" -> ArrayOps.SUB;
                case "mul" -> ArrayOps.MUL;
                case "div" -> ArrayOps.DIV;
                case "maximum" -> ArrayOps.MAX;
                case "minimum" -> ArrayOps.MIN;
                case "greater" -> ArrayOps.GT;
                default -> throw new IllegalArgumentException("fusion: no fused form of '" + name + "'");
            };
            if (isScalarOperand(a) && isScalarOperand(b)) {
                throw new IllegalArgumentException("fusion: an instruction needs a full-size operand");
            }
            return add(code, false, a, b, name);
        }

        /** A unary instruction by name ({@code neg relu sqrt abs}). */
        public int unary(String name, int x) {
            int code = switch (name) {
                case "neg" -> ArrayOps.NEG;
                case "relu" -> ArrayOps.RELU;
                case "sqrt" -> ArrayOps.SQRT;
                case "abs" -> ArrayOps.ABS;
                default -> throw new IllegalArgumentException("fusion: no fused form of '" + name + "'");
            };
            if (isScalarOperand(x)) {
                throw new IllegalArgumentException("fusion: an instruction needs a full-size operand");
            }
            return add(code, true, x, 0, name);
        }

        /** True when the names an instruction can take. */
        public static boolean fusable(String name) {
            return switch (name) {
                case "add", "sub", "mul", "div", "maximum", "minimum", "greater", "neg", "relu", "sqrt", "abs" -> true;
                default -> false;
            };
        }

        private boolean isScalarOperand(int ref) {
            return ref < 0 && scalar.get(-1 - ref);
        }

        private int add(int code, boolean isUnary, int a, int b, String name) {
            opcode.add(code);
            unary.add(isUnary);
            left.add(a);
            right.add(b);
            text.add("r" + (opcode.size() - 1) + " = " + name + "(" + ref(a) + (isUnary ? "" : ", " + ref(b)) + ")");
            return opcode.size() - 1;
        }

        private static String ref(int r) {
            return r < 0 ? "x" + (-1 - r) : "r" + r;
        }

        /** The program; its result is the last instruction. */
        public ElementwiseProgram build() {
            if (opcode.isEmpty()) {
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
        return opcode.length;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Runs the program on {@code inputs} (full tensors of shape {@code out}, or one-element scalars). */
    public Tensor run(List<Tensor> inputs, DType dtype, Shape out) {
        int n = out.size();
        ArrayOps ops = Kernels.OPS;
        int regs = opcode.length;
        if (dtype == DType.FLOAT32) {
            float[][] in = new float[inputs.size()][];
            float[] scalars = new float[inputs.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = TensorInternals.floats(inputs.get(i));
                scalars[i] = scalarInput[i] ? in[i][0] : 0f;
            }
            float[] y = BufferPool.floatsForOverwrite(n);
            ElementwiseKernels.blocks(n, (from, len) -> {
                float[][] reg = new float[regs][];
                for (int r = 0; r < regs - 1; r++) {
                    reg[r] = new float[Math.min(BLOCK, len)];
                }
                for (int b = from; b < from + len; b += BLOCK) {
                    int m = Math.min(BLOCK, from + len - b);
                    for (int k = 0; k < regs; k++) {
                        float[] dst = k == regs - 1 ? y : reg[k];
                        int dOff = k == regs - 1 ? b : 0;
                        int l = left[k];
                        float[] la = l < 0 ? in[-1 - l] : reg[l];
                        int lOff = l < 0 ? b : 0;
                        if (isUnary[k]) {
                            ops.unary(opcode[k], la, lOff, dst, dOff, m);
                            continue;
                        }
                        int r = right[k];
                        float[] ra = r < 0 ? in[-1 - r] : reg[r];
                        int rOff = r < 0 ? b : 0;
                        if (l < 0 && scalarInput[-1 - l]) {
                            ops.scalarBinary(opcode[k], scalars[-1 - l], ra, rOff, dst, dOff, m);
                        } else if (r < 0 && scalarInput[-1 - r]) {
                            ops.binaryScalar(opcode[k], la, lOff, scalars[-1 - r], dst, dOff, m);
                        } else {
                            ops.binary(opcode[k], la, lOff, ra, rOff, dst, dOff, m);
                        }
                    }
                }
            });
            return TensorInternals.adopt(out, y);
        }
        double[][] in = new double[inputs.size()][];
        double[] scalars = new double[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = TensorInternals.doubles(inputs.get(i));
            scalars[i] = scalarInput[i] ? in[i][0] : 0.0;
        }
        double[] y = BufferPool.doublesForOverwrite(n);
        ElementwiseKernels.blocks(n, (from, len) -> {
            double[][] reg = new double[regs][];
            for (int r = 0; r < regs - 1; r++) {
                reg[r] = new double[Math.min(BLOCK, len)];
            }
            for (int b = from; b < from + len; b += BLOCK) {
                int m = Math.min(BLOCK, from + len - b);
                for (int k = 0; k < regs; k++) {
                    double[] dst = k == regs - 1 ? y : reg[k];
                    int dOff = k == regs - 1 ? b : 0;
                    int l = left[k];
                    double[] la = l < 0 ? in[-1 - l] : reg[l];
                    int lOff = l < 0 ? b : 0;
                    if (isUnary[k]) {
                        ops.unary(opcode[k], la, lOff, dst, dOff, m);
                        continue;
                    }
                    int r = right[k];
                    double[] ra = r < 0 ? in[-1 - r] : reg[r];
                    int rOff = r < 0 ? b : 0;
                    if (l < 0 && scalarInput[-1 - l]) {
                        ops.scalarBinary(opcode[k], scalars[-1 - l], ra, rOff, dst, dOff, m);
                    } else if (r < 0 && scalarInput[-1 - r]) {
                        ops.binaryScalar(opcode[k], la, lOff, scalars[-1 - r], dst, dOff, m);
                    } else {
                        ops.binary(opcode[k], la, lOff, ra, rOff, dst, dOff, m);
                    }
                }
            }
        });
        return TensorInternals.adopt(DType.FLOAT64, out, y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElementwiseProgram p && Arrays.equals(opcode, p.opcode) && Arrays.equals(isUnary,
                p.isUnary) && Arrays.equals(left, p.left) && Arrays.equals(right, p.right)
                && Arrays.equals(scalarInput, p.scalarInput);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(opcode) * 31 + Arrays.hashCode(left) * 7 + Arrays.hashCode(right);
    }
}
