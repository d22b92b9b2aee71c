package dev.adjoint.core.check;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link GradCheck} differentiates: the scalar {@code L(x) = sum_k <f_k(x), yBar_k>} of the outputs
 * {@code f_k} against fixed random cotangents {@code yBar_k}, whose gradient is the vector-Jacobian product
 * {@code sum_k J_k^T yBar_k}; compiled once as the value of L, its gradient with respect to {@code wrt} and,
 * when directions {@code v} are given, the Hessian-vector products {@code grad <grad L, v>}.
 *
 * <p>The inner products are accumulated in float64 whatever the outputs' dtype: a float32 sum of many terms
 * would add its own rounding, which central differences divide by the step, to every numeric derivative.
 */
final class LinearizedLoss {

    /** The key of the first output's cotangent; output k's is this key folded with k. */
    private static final Key COTANGENT_KEY = Key.of(0xC07A);

    final List<Node> wrt;
    /** The graph's inputs: the bound inputs, then one cotangent per output. */
    private final List<Node> inputs = new ArrayList<>();
    /** The values of {@link #inputs} at the checked point, then zeros for the directions. */
    final List<Tensor> base = new ArrayList<>();
    private final Function lossFn;
    private final Function gradFn;
    private final Function hvpFn;
    private final int directionsFrom;

    LinearizedLoss(List<Node> outputs, List<Node> wrt, Bindings at, List<Node> directions) {
        this.wrt = wrt;
        List<Node> cotangents = new ArrayList<>();
        List<Tensor> outputValues = Function.of(at.inputs(), outputs).call(at);
        Node loss = null;
        for (int k = 0; k < outputs.size(); k++) {
            Node f = outputs.get(k);
            Node yBar = SourceOp.input(k == 0 ? "gradcheck.yBar" : "gradcheck.yBar" + k, f.shape(), f.dtype());
            cotangents.add(yBar);
            Node term = BinaryOp.mul(UnaryOp.cast(f, DType.FLOAT64), UnaryOp.cast(yBar, DType.FLOAT64)).sum();
            loss = loss == null ? term : BinaryOp.add(loss, term);
        }
        inputs.addAll(at.inputs());
        for (Node input : inputs) {
            base.add(at.get(input));
        }
        for (int k = 0; k < outputs.size(); k++) {
            Key key = k == 0 ? COTANGENT_KEY : COTANGENT_KEY.fold(k);
            base.add(Tensor.uniform(key, outputs.get(k).dtype(), outputValues.get(k).shape(), -1, 1));
        }
        inputs.addAll(cotangents);
        List<Node> grads = Autodiff.grad(loss, wrt, Autodiff.Strictness.ZEROS_FOR_UNUSED);
        lossFn = Function.of(inputs, List.of(loss));
        gradFn = Function.of(inputs, grads);
        directionsFrom = inputs.size();
        if (directions.isEmpty()) {
            hvpFn = null;
        } else {
            Node inner = null;
            for (int w = 0; w < wrt.size(); w++) {
                Node term = BinaryOp.mul(grads.get(w), directions.get(w)).sum();
                inner = inner == null ? term : BinaryOp.add(UnaryOp.cast(inner, DType.FLOAT64),
                        UnaryOp.cast(term, DType.FLOAT64));
            }
            List<Node> hv = Autodiff.grad(inner, wrt, Autodiff.Strictness.ZEROS_FOR_UNUSED);
            List<Node> all = new ArrayList<>(inputs);
            all.addAll(directions);
            for (Node w : wrt) {
                base.add(Tensor.zeros(w.dtype(), at.get(w).shape()));
            }
            hvpFn = Function.of(all, hv);
        }
    }

    /**
     * Validates the arguments of a check: at least one output, each floating-point and single; at least one
     * input in {@code wrt}, each a bound floating-point input; every input the outputs read bound in {@code at}.
     */
    static void validate(List<Node> outputs, List<Node> wrt, Bindings at) {
        Objects.requireNonNull(outputs, "gradcheck: outputs is null");
        Objects.requireNonNull(wrt, "gradcheck: wrt is null");
        Objects.requireNonNull(at, "gradcheck: bindings is null");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: needs at least one output, got none");
        }
        if (wrt.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: needs at least one input in wrt, got none; a check of"
                    + " nothing would pass without comparing anything");
        }
        for (int k = 0; k < outputs.size(); k++) {
            Node f = Objects.requireNonNull(outputs.get(k), "gradcheck: output " + k + " is null");
            if (f.op() instanceof MultiOutputOp) {
                throw new IllegalArgumentException("gradcheck: output " + k + " must be a single value, got a node"
                        + " with several outputs " + MultiOutputOp.typeOf(f) + "; check its parts instead"
                        + " (MultiOutputOp.parts)");
            }
            if (!f.dtype().isFloating()) {
                throw new IllegalArgumentException("gradcheck: " + (outputs.size() == 1 ? "f" : "output " + k)
                        + " must be floating-point, got " + f.type() + "; an integer or bool result is piecewise"
                        + " constant and has no derivative to check");
            }
        }
        for (Node w : wrt) {
            if (w == null || !SourceOp.isInput(w) || at.get(w) == null) {
                throw new IllegalArgumentException("gradcheck: every node in wrt must be a bound input, got " + w);
            }
            if (!w.dtype().isFloating()) {
                throw new IllegalArgumentException("gradcheck: every node in wrt must be floating-point, got input '"
                        + SourceOp.inputName(w) + "' of type " + w.type() + "; integer and bool inputs (indices,"
                        + " labels, masks) are not differentiable: bind them, but leave them out of wrt");
            }
        }
        Topology graph = Topology.of(outputs);
        for (int i = 0; i < graph.size(); i++) {
            Node input = graph.node(i);
            if (SourceOp.isInput(input) && at.get(input) == null
                    && dev.adjoint.core.graph.ControlFlowOp.bodyParameter(input).isEmpty()) {
                throw new IllegalArgumentException("gradcheck: the point must bind every input the outputs read, got"
                        + " no value for input '" + SourceOp.inputName(input) + "' : " + input.type() + "; bind it in"
                        + " the Bindings beside the inputs in wrt (an input held fixed is bound but left out of wrt)");
            }
        }
    }

    /**
     * The least precise floating-point dtype computed between {@code wrt} and the outputs: float32 rounding of
     * any value that moves with the inputs is noise in every central difference. (Values that do not move,
     * such as a float32 constant, round the same way on both sides of a difference.)
     */
    static DType leastPrecise(List<Node> outputs, List<Node> wrt) {
        Topology graph = Topology.of(outputs);
        boolean[] moves = new boolean[graph.size()];
        for (int i = 0; i < graph.size(); i++) {
            moves[i] = wrt.contains(graph.node(i));
            for (int j = 0; j < graph.inputCount(i) && !moves[i]; j++) {
                moves[i] = moves[graph.input(i, j)];
            }
            if (moves[i] && graph.node(i).dtype() == DType.FLOAT32) {
                return DType.FLOAT32;
            }
        }
        return DType.FLOAT64;
    }

    int position(int w) {
        return inputs.indexOf(wrt.get(w));
    }

    int directionPosition(int w) {
        return directionsFrom + w;
    }

    List<String> names() {
        return wrt.stream().map(SourceOp::inputName).toList();
    }

    List<Tensor> with(int w, Tensor value) {
        List<Tensor> args = new ArrayList<>(base);
        args.set(position(w), value);
        return args;
    }

    double loss(List<Tensor> args) {
        return lossFn.call(args.subList(0, directionsFrom)).get(0).item();
    }

    List<Tensor> gradients(List<Tensor> args) {
        return gradFn.call(args.subList(0, directionsFrom));
    }

    List<Tensor> hessianVectorProducts(List<Tensor> args) {
        return hvpFn.call(args);
    }
}
