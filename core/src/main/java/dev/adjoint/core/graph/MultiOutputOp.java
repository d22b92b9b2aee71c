package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An op with several outputs, e.g. a loop's final carries and stacked outputs ({@link ControlFlowOp}).
 *
 * <p>The node applying it stands for the tuple of its outputs: it has no value of its own (its declared type is
 * a placeholder, rank 0 in the first output's dtype), and the only op that may read it is {@link Part},
 * {@code y_k = part_k(tuple)}. The cotangent of a tuple node is a tuple too: a {@link Pack} of one cotangent per
 * output, typed zeros where an output has none. {@link #vjp} receives that pack and reads the outputs'
 * cotangents as its inputs, so autodiff treats a tuple node like any other: the VJP of {@code part_k} is the
 * pack {@code (0, ..., yBar, ..., 0)}, and two packs add output by output.
 */
public sealed interface MultiOutputOp extends Op permits ControlFlowOp, MultiOutputOp.Pack {

    /**
     * The outputs' shapes for these inputs, validating them.
     *
     * @throws IllegalArgumentException with the template {@code "<op>: <rule>, got <actual>[; <hint>]"}
     */
    List<Shape> shapes(List<Node> inputs);

    /** The outputs' dtypes for these inputs (their shapes are valid). */
    List<DType> dtypes(List<Node> inputs);

    /**
     * Computes every output from concrete input tensors.
     *
     * @param batch the size bound to the symbolic dimension N in this call, or -1
     */
    List<Tensor> forwardAll(List<Tensor> inputs, int batch);

    /** The placeholder type of a tuple node: rank 0; the outputs' shapes are validated. */
    @Override
    default Shape shape(List<Node> inputs) {
        if (shapes(inputs).isEmpty()) {
            throw new IllegalArgumentException(name() + ": needs at least one output, got none");
        }
        return Shape.scalar();
    }

    @Override
    default DType dtype(List<Node> inputs) {
        return dtypes(inputs).get(0);
    }

    /** A tuple node has no value of its own: its outputs are computed by {@link #forwardAll}. */
    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        throw new IllegalStateException(name() + ": has several outputs; compute them with forwardAll");
    }

    /** The output nodes of a tuple node, {@code part_0 .. part_{k-1}}. */
    static List<Node> parts(Node tuple) {
        if (!(tuple.op() instanceof MultiOutputOp m)) {
            throw new IllegalArgumentException("parts: operand must be a node with several outputs, got " + tuple);
        }
        return IntStream.range(0, m.shapes(tuple.inputs()).size()).mapToObj(k -> Node.apply(new Part(k), tuple))
                .toList();
    }

    /** {@code (f64[N, 4], f64[3])}: the outputs' types of a tuple node. */
    static String typeOf(Node tuple) {
        MultiOutputOp op = (MultiOutputOp) tuple.op();
        List<Shape> shapes = op.shapes(tuple.inputs());
        List<DType> dtypes = op.dtypes(tuple.inputs());
        return IntStream.range(0, shapes.size()).mapToObj(k -> dtypes.get(k).shortName() + shapes.get(k))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Output {@code k} of a tuple node: the node the rest of a graph reads. Its VJP is the pack of its cotangent
     * at position k and typed zeros elsewhere.
     *
     * @param index which output
     */
    record Part(int index) implements Op {
        @Override
        public String name() {
            return "part" + index;
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return tuple(inputs).shapes(inputs.get(0).inputs()).get(index);
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return tuple(inputs).dtypes(inputs.get(0).inputs()).get(index);
        }

        private MultiOutputOp tuple(List<Node> inputs) {
            int count = inputs.size() == 1 && inputs.get(0).op() instanceof MultiOutputOp m
                    ? m.shapes(inputs.get(0).inputs()).size() : -1;
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException(name() + ": takes one node with more than " + index + " outputs,"
                        + " got " + inputs.size() + " inputs" + (inputs.size() == 1 ? ", " + inputs.get(0) : ""));
            }
            return (MultiOutputOp) inputs.get(0).op();
        }

        /** The output itself: the runner passes output {@code index} of the tuple as the argument. */
        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return inputs.get(0);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node tuple = y.inputs().get(0);
            List<Shape> shapes = ((MultiOutputOp) tuple.op()).shapes(tuple.inputs());
            List<DType> dtypes = ((MultiOutputOp) tuple.op()).dtypes(tuple.inputs());
            return List.of(Node.apply(new Pack(), IntStream.range(0, shapes.size()).mapToObj(k -> k == index ? yBar
                    : SourceOp.fill(shapes.get(k), dtypes.get(k), 0.0)).toList()));
        }
    }

    /**
     * The tuple of its inputs, {@code (x_0, ..., x_{k-1})}: how the cotangent of a tuple node is written. Linear;
     * its VJP passes each output's cotangent to its input.
     */
    record Pack() implements MultiOutputOp {
        /** The sum of two packs of equal types, output by output; typed zeros are skipped. */
        public static Node add(Node a, Node b) {
            List<Node> sums = new ArrayList<>(a.inputs().size());
            for (int k = 0; k < a.inputs().size(); k++) {
                Node x = a.inputs().get(k);
                Node y = b.inputs().get(k);
                sums.add(SourceOp.isZero(x) ? y : SourceOp.isZero(y) ? x : BinaryOp.add(x, y));
            }
            return Node.apply(new Pack(), sums);
        }

        @Override
        public String name() {
            return "pack";
        }

        @Override
        public List<Shape> shapes(List<Node> inputs) {
            return inputs.stream().map(Node::shape).toList();
        }

        @Override
        public List<DType> dtypes(List<Node> inputs) {
            return inputs.stream().map(Node::dtype).toList();
        }

        @Override
        public List<Tensor> forwardAll(List<Tensor> inputs, int batch) {
            return inputs;
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return yBar.inputs();
        }
    }
}
