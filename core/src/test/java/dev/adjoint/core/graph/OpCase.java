package dev.adjoint.core.graph;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One generated case of an op under test: the arguments (each bound to an input node) and how to build the
 * op's output node from those input nodes.
 *
 * <p>Each argument carries an optional <em>batch shape</em>: its shape with axis 0 replaced by the symbolic
 * {@link Shape#BATCH}, for the cases where the op accepts {@code N} there. The builder must then work both
 * for the concrete input nodes and for the batched ones (it reads shapes from the nodes it is given, never
 * from the generated tensors).
 *
 * @param label the op and its parameters, e.g. {@code sum axes [0, 2] keepDims}
 * @param args the arguments, in the builder's order
 * @param build the output node from one input node per argument
 * @param reference for an op that stands for another graph (a fused form), that graph from the same input
 *     nodes; else null
 */
record OpCase(String label, List<Arg> args, Function<List<Node>, Node> build, Function<List<Node>, Node> reference) {

    /**
     * One argument.
     *
     * @param name the input's name
     * @param value the generated value
     * @param differentiable false for indices and conditions: not in {@code wrt}, not perturbed
     * @param batchShape the declared shape with {@code N} on axis 0, or null when this argument keeps its
     *     concrete shape in the symbolic-batch property
     */
    record Arg(String name, Tensor value, boolean differentiable, Shape batchShape) {
        static Arg of(String name, Tensor value) {
            return new Arg(name, value, true, null);
        }

        static Arg index(String name, Tensor value) {
            return new Arg(name, value, false, null);
        }

        /** This argument, declared with {@code N} on axis 0 in the symbolic-batch property. */
        Arg batched() {
            if (value.rank() == 0) {
                throw new IllegalStateException("test bug: a scalar argument cannot be batched");
            }
            return new Arg(name, value, differentiable, value.shape().with(0, Shape.BATCH));
        }

        /** {@link #batched()} when {@code condition} holds. */
        Arg batchedIf(boolean condition) {
            return condition ? batched() : this;
        }
    }

    OpCase {
        Objects.requireNonNull(label, "label is null");
        args = List.copyOf(args);
        Objects.requireNonNull(build, "build is null");
    }

    /** A case without a reference graph. */
    OpCase(String label, List<Arg> args, Function<List<Node>, Node> build) {
        this(label, args, build, null);
    }

    /** One input node per argument, with the argument's concrete shape and dtype. */
    List<Node> inputs() {
        List<Node> inputs = new ArrayList<>();
        for (Arg arg : args) {
            inputs.add(SourceOp.input(arg.name(), arg.value().shape(), arg.value().dtype()));
        }
        return inputs;
    }

    /** One input node per argument, declared with the batch shape where the argument has one. */
    List<Node> batchInputs() {
        List<Node> inputs = new ArrayList<>();
        for (Arg arg : args) {
            Shape shape = arg.batchShape() != null ? arg.batchShape() : arg.value().shape();
            inputs.add(SourceOp.input(arg.name(), shape, arg.value().dtype()));
        }
        return inputs;
    }

    /** True when some argument is declared with {@code N} in the symbolic-batch property. */
    boolean hasBatch() {
        return args.stream().anyMatch(a -> a.batchShape() != null);
    }

    /**
     * Arguments for batch size {@code batch}: batched data arguments uniform in [0.5, 1.5] (inside every
     * op's domain), batched index arguments zero (a valid index on every axis), the others as generated.
     */
    List<Tensor> batchValues(int batch, Key key) {
        List<Tensor> values = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            if (arg.batchShape() == null) {
                values.add(arg.value());
            } else if (arg.differentiable()) {
                values.add(Tensor.uniform(key.fold(i), arg.value().dtype(), arg.batchShape().bind(batch), 0.5, 1.5));
            } else {
                values.add(Tensor.zeros(arg.value().dtype(), arg.batchShape().bind(batch)));
            }
        }
        return values;
    }

    /** The output node built from {@code inputs}. */
    Node output(List<Node> inputs) {
        return build.apply(inputs);
    }

    /** The generated values bound to {@code inputs}. */
    Bindings bindings(List<Node> inputs) {
        Bindings b = Bindings.empty();
        for (int i = 0; i < args.size(); i++) {
            b = b.and(inputs.get(i), args.get(i).value());
        }
        return b;
    }

    /** The input nodes of the differentiable arguments. */
    List<Node> wrt(List<Node> inputs) {
        List<Node> wrt = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).differentiable()) {
                wrt.add(inputs.get(i));
            }
        }
        return wrt;
    }

    /** The generated values, in argument order. */
    List<Tensor> values() {
        return args.stream().map(Arg::value).toList();
    }

    /** Printed in property failures: the label and every argument with its value. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(label);
        for (Arg arg : args) {
            sb.append("\n    ").append(arg.name()).append(arg.differentiable() ? "" : " (index)").append(" = ")
                    .append(arg.value());
            if (arg.batchShape() != null) {
                sb.append(" (batched as ").append(arg.batchShape()).append(')');
            }
        }
        return sb.toString();
    }
}
