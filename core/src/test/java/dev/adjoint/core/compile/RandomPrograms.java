package dev.adjoint.core.compile;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * Random graphs for the compiler's tests: a program of random ops over two inputs of shape {@code [3, 4]}, with
 * constants 0, 1 and 2, shared subexpressions, transposed products and the patterns the rewrites look for
 * ({@code log(exp x)}, {@code log(sigmoid x)}, {@code x * 1 + 0}, double negation, stopped gradients).
 */
public final class RandomPrograms {

    private static final int OPS = 14;

    /** A random program: for each step an op code and two operand positions among the earlier values. */
    public static final Gen<int[]> PROGRAMS = choices -> {
        int length = 1 + choices.drawInt(12);
        int[] program = new int[3 * length];
        for (int i = 0; i < length; i++) {
            program[3 * i] = choices.drawInt(OPS);
            program[3 * i + 1] = choices.drawInt(i + 5);
            program[3 * i + 2] = choices.drawInt(i + 5);
        }
        return program;
    };

    public static Node build(int[] program, Node x, Node y) {
        DType t = x.dtype();
        List<Node> values = new ArrayList<>(List.of(x, y, SourceOp.scalar(1, t), SourceOp.scalar(0, t),
                SourceOp.scalar(2, t)));
        for (int i = 0; i < program.length / 3; i++) {
            Node a = values.get(program[3 * i + 1]);
            Node b = values.get(program[3 * i + 2]);
            Node full = a.rank() > 0 ? a : x;
            Node r = switch (program[3 * i]) {
                case 0 -> BinaryOp.add(a, b);
                case 1 -> BinaryOp.sub(a, b);
                case 2 -> BinaryOp.mul(a, b);
                case 3 -> BinaryOp.div(a, BinaryOp.add(UnaryOp.abs(b), SourceOp.scalar(1, t)));
                case 4 -> UnaryOp.neg(UnaryOp.neg(full));
                case 5 -> UnaryOp.relu(full);
                case 6 -> UnaryOp.log(UnaryOp.exp(full));
                case 7 -> UnaryOp.log(UnaryOp.sigmoid(full));
                case 8 -> BinaryOp.maximum(a, b);
                case 9 -> UnaryOp.sqrt(UnaryOp.abs(full));
                case 10 -> LinalgOp.matmul(LinalgOp.matmul(full, MovementOp.transpose(b.rank() > 0 ? b : y)), full);
                case 11 -> LinalgOp.matmul(MovementOp.transpose(MovementOp.transpose(full)), MovementOp.transpose(
                        LinalgOp.matmul(MovementOp.transpose(full), b.rank() > 0 ? b : y)));
                case 12 -> UnaryOp.tanh(full).mul(SourceOp.scalar(1, t)).add(SourceOp.scalar(0, t));
                default -> UnaryOp.stopGradient(full).mul(full);
            };
            if (r.rank() == 2 && r.shape().dim(0) == 4) {
                r = MovementOp.transpose(r);
            }
            values.add(r);
        }
        Node last = values.get(values.size() - 1);
        return last.rank() > 0 ? last : BinaryOp.add(x, last);
    }

    private RandomPrograms() {
    }
}
