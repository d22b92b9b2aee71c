package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Subgraph;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Reverse-mode automatic differentiation as a pure function from graphs to graphs.
 *
 * <p>{@link #vjp} walks the nodes between the outputs and the wanted inputs once, in reverse topological
 * order, with an explicit work list and a local table of accumulated cotangents (an array indexed by
 * the nodes' positions in a {@link Topology}): a node used twice receives the sum of its users' cotangents
 * (fan-out sums). Each op contributes its own VJP, written in graph operations, so the result is an
 * ordinary graph: evaluate it, print it, or differentiate it again (Hessians, Hessian-vector products).
 * Nothing is mutated; there is no tape and no {@code .grad} field.
 *
 * <p>Zeros are typed: a node the output does not depend on gets {@code zerosLike(node)} (a {@code fill}
 * node), never {@code null}; with {@link Strictness#STRICT} it is an error instead. Cotangents known to be
 * zero are not propagated.
 *
 * <p>Only floating-point values are differentiated. Integer and bool nodes (indices, labels, comparisons,
 * masks, casts to integers) carry no cotangent: nothing flows through them, an op's integer inputs receive
 * typed zeros of their own dtype, and asking for a derivative with respect to an integer or bool node is an
 * error naming it.
 */
public final class Autodiff {

    /** What {@code grad} does for a node the output does not depend on. */
    public enum Strictness {
        /** The gradient is zeros of the node's shape. */
        ZEROS_FOR_UNUSED,
        /** An {@link IllegalArgumentException} naming the node. */
        STRICT
    }

    /** How each node is asked for its pullback: the ops' VJPs, or what a layer outside the core installed. */
    private static final Pullbacks PULLBACKS = ServiceLoader.load(Pullbacks.class, Autodiff.class.getClassLoader())
            .findFirst().orElse((node, yBar) -> node.op().vjp(node, yBar));

    private Autodiff() {
    }

    /**
     * The gradients {@code dLoss/dw} for each {@code w} in {@code wrt}, as graphs; zeros for nodes the
     * loss does not depend on.
     *
     * @throws IllegalArgumentException if the loss is not a scalar (rank 0)
     */
    public static List<Node> grad(Node loss, Node... wrt) {
        Objects.requireNonNull(wrt, "grad: wrt is null");
        return grad(loss, Arrays.asList(wrt), Strictness.ZEROS_FOR_UNUSED);
    }

    /** The gradient of a scalar loss with respect to one node. */
    public static Node grad(Node loss, Node wrt) {
        return grad(loss, Arrays.asList(wrt), Strictness.ZEROS_FOR_UNUSED).get(0);
    }

    /**
     * The gradients {@code dLoss/dw} for each {@code w} in {@code wrt}.
     *
     * @throws IllegalArgumentException if the loss is not a scalar, or, when strict, if it does not depend
     *     on some {@code w}
     */
    public static List<Node> grad(Node loss, List<Node> wrt, Strictness strictness) {
        Objects.requireNonNull(loss, "grad: loss is null");
        Objects.requireNonNull(wrt, "grad: wrt is null");
        for (int i = 0; i < wrt.size(); i++) {
            requireFloating("grad", Objects.requireNonNull(wrt.get(i), "grad: wrt " + i + " is null"));
        }
        if (loss.rank() != 0) {
            throw new IllegalArgumentException("grad: loss must be a scalar (rank 0), got shape " + loss.shape()
                    + "; reduce it with sum() or mean(), or use vjp with a cotangent");
        }
        if (!loss.dtype().isFloating()) {
            throw new IllegalArgumentException("grad: loss must be floating-point (f32 or f64), got " + loss.type());
        }
        // dLoss/dLoss = 1, and a pullback that multiplies that 1 in gets the other factor itself: the gradient of
        // sin x is the node cos x, not 1 * cos x
        Node one = SourceOp.onesLike(loss);
        return reverse("grad", List.of(loss), List.of(one), wrt, strictness, true,
                pass -> (node, yBar) -> yBar == one ? withoutFactor(pass.of(node, yBar), one) : pass.of(node, yBar));
    }

    /** {@code bars} with each {@code one * z} or {@code z * one} of z's own type replaced by z (exact). */
    private static List<Node> withoutFactor(List<Node> bars, Node one) {
        List<Node> result = new ArrayList<>(bars);
        for (int j = 0; j < result.size(); j++) {
            Node bar = result.get(j);
            if (bar.op() instanceof BinaryOp.Mul) {
                Node a = bar.inputs().get(0);
                Node b = bar.inputs().get(1);
                Node other = a == one ? b : b == one ? a : null;
                if (other != null && other.shape().equals(bar.shape()) && other.dtype() == bar.dtype()) {
                    result.set(j, other);
                }
            }
        }
        return result;
    }

    /**
     * The vector-Jacobian product: for outputs {@code y_k} with cotangents {@code yBar_k}, the nodes
     * {@code sum_k (dy_k/dw)^T yBar_k} for each {@code w} in {@code wrt}.
     *
     * @throws IllegalArgumentException if a cotangent's shape or dtype differs from its output's
     */
    public static List<Node> vjp(List<Node> outputs, List<Node> cotangents, List<Node> wrt, Strictness strictness) {
        return reverse("vjp", outputs, cotangents, wrt, strictness, true, pass -> pass);
    }

    /**
     * {@link #vjp}, asking each node for its pullback through {@code pullbacks} applied to the pass's own and, if
     * {@code askDerivatives}, each op a cotangent reaches (not a known zero: none past a stopGradient) for its
     * derivative in the inputs that need one ({@code Op.requireDerivative}).
     * The VJP of a loop or branch body does not ask ({@link SubgraphVjp}): it is taken in every body parameter, and
     * the op running the body asked for the parameters whose outer inputs need a derivative.
     */
    static List<Node> reverse(String op, List<Node> outputs, List<Node> cotangents, List<Node> wrt,
            Strictness strictness, boolean askDerivatives, UnaryOperator<Pullbacks> pullbacks) {
        Objects.requireNonNull(outputs, "vjp: outputs is null");
        Objects.requireNonNull(cotangents, "vjp: cotangents is null");
        Objects.requireNonNull(wrt, "vjp: wrt is null");
        Objects.requireNonNull(strictness, "vjp: strictness is null");
        if (outputs.size() != cotangents.size()) {
            throw new IllegalArgumentException("vjp: needs one cotangent per output, got " + outputs.size()
                    + " outputs and " + cotangents.size() + " cotangents");
        }
        for (int i = 0; i < wrt.size(); i++) {
            requireFloating("vjp", Objects.requireNonNull(wrt.get(i), "vjp: wrt " + i + " is null"));
        }
        // the graph numbered in topological order: cotangents and marks live in arrays indexed by position
        Topology graph = Topology.of(outputs);
        boolean[] unstopped = new boolean[graph.size()]; // where an op is asked for its input's derivative
        SubgraphVjp.Reach reach = askDerivatives ? SubgraphVjp.asking(graph, outputs, cotangents, unstopped) : null;
        boolean[] relevant = dependingOn(graph, wrt, unstopped, reach == null ? null : reach.answers());
        Node[] cotangent = new Node[graph.size()];
        for (int k = 0; k < outputs.size(); k++) {
            Node y = outputs.get(k);
            Node yBar = Objects.requireNonNull(cotangents.get(k), "vjp: cotangent " + k + " is null");
            if (!yBar.shape().equals(y.shape()) || yBar.dtype() != y.dtype()) {
                throw new IllegalArgumentException("vjp: cotangent " + k + " must have its output's type "
                        + y.type() + ", got " + yBar.type());
            }
            accumulate(cotangent, graph.indexOf(y), yBar);
        }
        try (Pullbacks opened = PULLBACKS.open()) {
            Pullbacks pass = pullbacks.apply(opened);
            for (int i = graph.size() - 1; i >= 0; i--) {
                Node node = graph.node(i);
                Node yBar = cotangent[i];
                if (yBar == null || node.inputs().isEmpty() || !relevant[i]) {
                    continue;
                }
                // A known-zero cotangent is not pulled back: its pullback would compute zeros (0 / x, 0 * exp x),
                // wasted work and NaN where the blocked path is not finite (stopGradient(log x) at x = 0). The
                // inputs receive typed zeros, so a node reached only through zero paths is connected, gradient 0.
                List<Node> inputBars = SourceOp.isZero(yBar) ? zerosOfInputs(node) : pass.of(node, yBar);
                checkPullback(node, inputBars);
                if (reach != null) { // asks the node if a cotangent reaches it (none does past a stopGradient)
                    reach.pass(i, inputBars);
                }
                for (int j = 0; j < inputBars.size(); j++) {
                    int input = graph.input(i, j);
                    if (relevant[input]) {
                        accumulate(cotangent, input, inputBars.get(j));
                    }
                }
            }
        }
        List<Node> result = new ArrayList<>(wrt.size());
        for (Node w : wrt) {
            int position = graph.indexOf(w);
            Node g = position < 0 ? null : cotangent[position];
            if (g == null) {
                if (strictness == Strictness.STRICT) {
                    String role = ControlFlowOp.bodyParameter(w).map(r -> ", which is " + r + " (a node built"
                            + " inside a loop or branch body that escaped it is not an input outside it)").orElse("");
                    throw new IllegalArgumentException(op + ": the "
                            + (outputs.size() == 1 ? "output does" : "outputs do") + " not depend on " + describe(w)
                            + role + "; remove it from wrt or use ZEROS_FOR_UNUSED");
                }
                g = SourceOp.zerosLike(w);
            }
            result.add(g);
        }
        return result;
    }

    /**
     * The Jacobian-vector product {@code (dy/dx) · xDot}, a node of y's shape. Computed by transposing the
     * VJP: {@code u -> (dy/dx)^T u} is linear in u, and its own VJP with cotangent {@code xDot} is
     * {@code (dy/dx) xDot}.
     *
     * @throws IllegalArgumentException if a custom op on the way has a VJP not linear in its cotangent (then the
     *     transposed VJP has no single value), naming it
     */
    public static Node jvp(Node y, Node x, Node xDot) {
        return jvp(y, Arrays.asList(x), Arrays.asList(xDot));
    }

    /**
     * The Jacobian-vector product for several inputs moved at once, {@code sum_i (dy/dx_i) · xDot_i}, a node of
     * y's shape: one tangent per input, as {@link #vjp} takes one cotangent per output. Computed, like
     * {@link #jvp(Node, Node, Node)}, by transposing the VJP.
     *
     * @throws IllegalArgumentException if the lists differ in length or a tangent's type differs from its input's
     */
    public static Node jvp(Node y, List<Node> xs, List<Node> xDots) {
        Objects.requireNonNull(y, "jvp: y is null");
        Objects.requireNonNull(xs, "jvp: xs is null");
        Objects.requireNonNull(xDots, "jvp: xDots is null");
        if (xs.size() != xDots.size()) {
            throw new IllegalArgumentException("jvp: needs one tangent per input, got " + xs.size() + " inputs and "
                    + xDots.size() + " tangents");
        }
        for (int i = 0; i < xs.size(); i++) {
            Node x = Objects.requireNonNull(xs.get(i), "jvp: input " + i + " is null");
            Node xDot = Objects.requireNonNull(xDots.get(i), "jvp: tangent " + i + " is null");
            requireFloating("jvp", x);
            if (!xDot.shape().equals(x.shape()) || xDot.dtype() != x.dtype()) {
                throw new IllegalArgumentException("jvp: tangent " + i + " must have its input's type " + x.type()
                        + ", got " + xDot.type());
            }
        }
        if (!y.dtype().isFloating()) {
            return SourceOp.zerosLike(y);
        }
        Node u = SourceOp.fill(y.shape(), y.dtype(), 1.0);
        List<Node> xBars = vjp(List.of(y), List.of(u), xs, Strictness.ZEROS_FOR_UNUSED);
        Node yDot = vjp(xBars, xDots, List.of(u), Strictness.ZEROS_FOR_UNUSED).get(0);
        requireLinearCustomVjps(y, u, yDot);
        return yDot;
    }

    /**
     * Refuses a JVP through a custom op whose VJP is not linear in its cotangent. Transposing the VJP is exact only
     * for VJPs linear in the cotangent (every built-in op's, and every true VJP); one that is not (a gradient
     * clipped in the cotangent, {@code yBar.clip(-c, c)}) makes the transposed result depend on the seed it was
     * transposed at, so it would be silently wrong (and different under {@code y.mul(3)} and {@code y.mul(0.1)}).
     * Only when the JVP still reaches the seed {@code u} (a loop or branch may pass it along without depending on
     * it) is each custom op between the inputs and y tested alone: its VJP at a fresh cotangent c, transposed, must
     * not reach c.
     *
     * @throws IllegalArgumentException naming the custom ops whose VJP is not linear
     */
    private static void requireLinearCustomVjps(Node y, Node u, Node yDot) {
        if (Topology.of(yDot).indexOf(u) < 0) {
            return;
        }
        Set<String> nonlinear = new TreeSet<>();
        ArrayDeque<List<Node>> graphs = new ArrayDeque<>();
        Set<Subgraph> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        graphs.push(List.of(y));
        while (!graphs.isEmpty()) {
            for (Node n : Topology.of(graphs.pop()).order()) {
                if (n.op() instanceof CustomOp custom && n.dtype().isFloating() && !linearVjp(n, custom)) {
                    nonlinear.add("'" + custom.name() + "'");
                }
                if (n.op() instanceof ControlFlowOp flow) {
                    for (Subgraph body : flow.bodies()) {
                        if (seen.add(body)) {
                            graphs.push(body.results());
                        }
                    }
                }
            }
        }
        if (!nonlinear.isEmpty()) {
            throw new IllegalArgumentException("jvp: the VJP of custom op " + String.join(", ", nonlinear) + " is not"
                    + " linear in its cotangent yBar (the forward derivative, computed by transposing the VJP, would"
                    + " depend on the cotangent it was transposed at, so it is not defined); a VJP must be linear in"
                    + " yBar, as (dy/dx)^T yBar is: transform gradients (clipping, straight-through tricks) outside"
                    + " autodiff, or use grad/vjp, which do not transpose");
        }
    }

    /** Whether the VJP of custom op node {@code n}, at a fresh cotangent c and transposed, is free of c. */
    private static boolean linearVjp(Node n, CustomOp custom) {
        Node c = SourceOp.input("yBar", n.shape(), n.dtype());
        List<Node> bars = new ArrayList<>();
        List<Node> tangents = new ArrayList<>();
        for (Node bar : custom.vjp(n, c)) {
            if (bar != null && bar.dtype().isFloating()) {
                bars.add(bar);
                tangents.add(SourceOp.input("t" + tangents.size(), bar.shape(), bar.dtype()));
            }
        }
        if (bars.isEmpty()) {
            return true;
        }
        Node back = vjp(bars, tangents, List.of(c), Strictness.ZEROS_FOR_UNUSED).get(0);
        return Topology.of(back).indexOf(c) < 0;
    }

    /**
     * The Jacobian {@code J[i..., j...] = dy[i...]/dx[j...]}, of shape {@code y.shape + x.shape}; built from
     * one VJP per element of y, seeded with the one-hot vector of that element, so y must have a concrete shape.
     * An empty y gives an empty Jacobian.
     *
     * @throws IllegalArgumentException if y's shape is not concrete, or the Jacobian would have more elements
     *     than a tensor can hold
     */
    public static Node jacobian(Node y, Node x) {
        Objects.requireNonNull(y, "jacobian: y is null");
        Objects.requireNonNull(x, "jacobian: x is null");
        requireFloating("jacobian", x);
        if (!y.shape().isConcrete()) {
            throw new IllegalArgumentException("jacobian: y must have a concrete shape, got " + y.shape());
        }
        int m = y.shape().size();
        if (x.shape().isConcrete() && (long) m * x.shape().size() > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("jacobian: the Jacobian must have at most " + Shape.MAX_SIZE
                    + " elements, got " + (long) m * x.shape().size() + " for y : " + y.type() + " and x : "
                    + x.type() + "; use vjp or jvp for products with the Jacobian instead");
        }
        int[] yd = y.shape().dims();
        int[] xd = x.shape().dims();
        int[] dims = new int[yd.length + xd.length];
        System.arraycopy(yd, 0, dims, 0, yd.length);
        System.arraycopy(xd, 0, dims, yd.length, xd.length);
        Shape shape = Shape.of(dims);
        if (m == 0 || !y.dtype().isFloating()) {
            return SourceOp.fill(shape, x.dtype(), 0.0);
        }
        List<Node> rows = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            // e_i, the i-th one-hot vector in y's shape, as a graph: no dense m x m seed is ever held
            Node e = IndexOp.oneHot(SourceOp.constant(Tensor.ofInts(Shape.scalar(), i)), m, y.dtype());
            Node seed = y.rank() == 1 ? e : MovementOp.reshape(e, y.shape());
            Node row = vjp(List.of(y), List.of(seed), List.of(x), Strictness.ZEROS_FOR_UNUSED).get(0);
            rows.add(MovementOp.unsqueeze(row, 0));
        }
        Node stacked = m == 1 ? rows.get(0) : MovementOp.concat(0, rows);
        return MovementOp.reshape(stacked, shape);
    }

    /**
     * The Hessian {@code d^2 f / dx^2} of a scalar f, of shape {@code x.shape + x.shape}.
     *
     * @throws IllegalArgumentException if f is not a scalar, or x's shape holds the batch axis N
     */
    public static Node hessian(Node f, Node x) {
        Objects.requireNonNull(x, "hessian: x is null");
        if (Objects.requireNonNull(f, "hessian: f is null").rank() != 0 || !x.shape().isConcrete()) {
            throw new IllegalArgumentException(f.rank() != 0 ? "hessian: f must be a scalar (rank 0), got " + f.type()
                    : "hessian: x must have a concrete shape, got " + x.type() + "; bind N first, or use hvp");
        }
        return jacobian(grad(f, x), x);
    }

    /**
     * The Hessian-vector product {@code (d^2 f / dx^2) v} of a scalar f, as
     * {@code grad(<grad(f, x), v>, x)}: one extra reverse pass, never the full Hessian.
     */
    public static Node hvp(Node f, Node x, Node v) {
        Objects.requireNonNull(v, "hvp: v is null");
        Node g = grad(f, x);
        if (!v.shape().equals(g.shape()) || v.dtype() != g.dtype()) {
            throw new IllegalArgumentException("hvp: v must have x's type " + x.type() + ", got " + v.type());
        }
        return grad(BinaryOp.mul(g, v).sum(), x);
    }

    /**
     * The Hessian-vector product over several variables at once: with {@code g_i = grad(f, x_i)}, the list of
     * {@code grad(sum_i <g_i, v_i>, x_j)}, that is {@code sum_i (d^2 f / dx_j dx_i) v_i} for each j (the blocks of
     * the full Hessian times the stacked {@code v}), in one extra reverse pass: the tuple form of
     * {@code torch.autograd.functional.hvp} for a model's several parameters.
     *
     * @throws IllegalArgumentException if the lists differ in length or a {@code v_i} does not have its
     *     {@code x_i}'s type
     */
    public static List<Node> hvp(Node f, List<Node> xs, List<Node> vs) {
        Objects.requireNonNull(xs, "hvp: xs is null");
        Objects.requireNonNull(vs, "hvp: vs is null");
        if (xs.size() != vs.size()) {
            throw new IllegalArgumentException("hvp: needs one v per x, got " + xs.size() + " xs and " + vs.size()
                    + " vs");
        }
        List<Node> g = grad(f, xs, Strictness.ZEROS_FOR_UNUSED);
        Node inner = null;
        for (int i = 0; i < xs.size(); i++) {
            Node v = Objects.requireNonNull(vs.get(i), "hvp: v " + i + " is null");
            if (!v.shape().equals(g.get(i).shape()) || v.dtype() != g.get(i).dtype()) {
                throw new IllegalArgumentException("hvp: v " + i + " must have its x's type " + xs.get(i).type()
                        + ", got " + v.type());
            }
            Node term = BinaryOp.mul(g.get(i), v).sum();
            inner = inner == null ? term : BinaryOp.add(inner, term);
        }
        if (inner == null) {
            return List.of();
        }
        return grad(inner, xs, Strictness.ZEROS_FOR_UNUSED);
    }

    private static void accumulate(Node[] cotangent, int position, Node bar) {
        Node existing = cotangent[position];
        if (SourceOp.isZero(bar)) {
            if (existing == null) {
                cotangent[position] = bar;
            }
            return;
        }
        // the cotangent of a node with several outputs is a pack of theirs, summed output by output
        cotangent[position] = existing == null || SourceOp.isZero(existing) ? bar
                : existing.op() instanceof MultiOutputOp.Pack ? MultiOutputOp.Pack.add(existing, bar)
                : BinaryOp.add(existing, bar);
    }

    private static List<Node> zerosOfInputs(Node node) {
        List<Node> zeros = new ArrayList<>(node.inputs().size());
        for (Node input : node.inputs()) {
            zeros.add(SourceOp.zerosLike(input));
        }
        return zeros;
    }

    /**
     * Rejects an integer or bool node as a variable of differentiation, naming it.
     *
     * @throws IllegalArgumentException {@code "grad: cannot differentiate with respect to input 'labels' of type
     *     i64[N]: integer and bool values are not differentiable; ..."}
     */
    private static void requireFloating(String op, Node w) {
        if (!w.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": cannot differentiate with respect to " + describe(w)
                    + " of type " + w.type() + ": integer and bool values are not differentiable; differentiate"
                    + " with respect to a floating-point node (cast to f32 or f64 first what is meant to vary"
                    + " continuously)");
        }
    }

    /**
     * Marks, by position, the floating-point nodes of {@code graph} that are in {@code wrt} or have an input that
     * is: integer and bool nodes carry no cotangent, so no derivative flows through them. In the same walk, marks in
     * {@code unstopped} those that depend on {@code wrt} other than through a {@code stopGradient} (whose derivative
     * is 0 by the user's choice); given {@code answers}, an output of a loop or branch only if its body computes it
     * from the inputs so marked ({@link SubgraphVjp#outputDepends}), without (null), as soon as one of them is.
     */
    static boolean[] dependingOn(Topology graph, List<Node> wrt, boolean[] unstopped, Subgraph.Answers answers) {
        boolean[] relevant = new boolean[graph.size()];
        for (Node w : wrt) {
            int position = graph.indexOf(w);
            if (position >= 0) {
                relevant[position] = true;
                unstopped[position] = true;
            }
        }
        for (int i = 0; i < relevant.length; i++) {
            boolean floating = carriesCotangent(graph.node(i));
            boolean stop = graph.node(i).op() instanceof UnaryOp.StopGradient;
            for (int j = 0; j < graph.inputCount(i) && !unstopped[i] && floating; j++) {
                relevant[i] |= relevant[graph.input(i, j)];
                unstopped[i] = !stop && unstopped[graph.input(i, j)]
                        && (answers == null || SubgraphVjp.outputDepends(graph, i, unstopped, answers));
            }
        }
        return relevant;
    }

    /** Whether a cotangent can reach this node: a floating value, or a tuple with a floating output. */
    private static boolean carriesCotangent(Node node) {
        if (node.op() instanceof MultiOutputOp tuple) {
            return tuple.dtypes(node.inputs()).stream().anyMatch(DType::isFloating);
        }
        return node.dtype().isFloating();
    }

    private static void checkPullback(Node node, List<Node> inputBars) {
        if (inputBars == null || inputBars.size() != node.inputs().size()) {
            throw new IllegalStateException(node.op().name() + ": vjp must return one cotangent per input, got "
                    + (inputBars == null ? "null" : inputBars.size()) + " for " + node.inputs().size() + " inputs");
        }
        for (int j = 0; j < inputBars.size(); j++) {
            Node bar = inputBars.get(j);
            Node input = node.inputs().get(j);
            if (bar == null || !bar.shape().equals(input.shape()) || bar.dtype() != input.dtype()) {
                throw new IllegalStateException(node.op().name() + ": vjp must return cotangents of the inputs'"
                        + " types, got " + (bar == null ? "null" : bar.type()) + " for input " + j + " of type "
                        + input.type());
            }
        }
    }

    private static String describe(Node node) {
        return SourceOp.isInput(node) ? "input '" + SourceOp.inputName(node) + "'" : "node " + node;
    }
}
