package dev.adjoint.core.compile;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.graph.Elementwise;
import dev.adjoint.core.graph.Linalg;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Nodes;
import dev.adjoint.core.graph.Shapes;
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
        List<Node> values = new ArrayList<>(List.of(x, y, Nodes.scalar(1, t), Nodes.scalar(0, t),
                Nodes.scalar(2, t)));
        for (int i = 0; i < program.length / 3; i++) {
            Node a = values.get(program[3 * i + 1]);
            Node b = values.get(program[3 * i + 2]);
            Node full = a.rank() > 0 ? a : x;
            Node r = switch (program[3 * i]) {
                case 0 -> Elementwise.add(a, b);
                case 1 -> Elementwise.sub(a, b);
                case 2 -> Elementwise.mul(a, b);
                case 3 -> Elementwise.div(a, Elementwise.add(Elementwise.abs(b), Nodes.scalar(1, t)));
                case 4 -> Elementwise.neg(Elementwise.neg(full));
                case 5 -> Elementwise.relu(full);
                case 6 -> Elementwise.log(Elementwise.exp(full));
                case 7 -> Elementwise.log(Elementwise.sigmoid(full));
                case 8 -> Elementwise.maximum(a, b);
                case 9 -> Elementwise.sqrt(Elementwise.abs(full));
                case 10 -> Linalg.matmul(Linalg.matmul(full, Shapes.transpose(b.rank() > 0 ? b : y)), full);
                case 11 -> Linalg.matmul(Shapes.transpose(Shapes.transpose(full)), Shapes.transpose(
                        Linalg.matmul(Shapes.transpose(full), b.rank() > 0 ? b : y)));
                case 12 -> Elementwise.tanh(full).mul(Nodes.scalar(1, t)).add(Nodes.scalar(0, t));
                default -> Elementwise.stopGradient(full).mul(full);
            };
            if (r.rank() == 2 && r.shape().dim(0) == 4) {
                r = Shapes.transpose(r);
            }
            values.add(r);
        }
        Node last = values.get(values.size() - 1);
        return last.rank() > 0 ? last : Elementwise.add(x, last);
    }

    private RandomPrograms() {
    }
}
