package dev.adjoint.core.check;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks symbolic derivatives against central differences: the public tool the library tests itself with.
 *
 * <p>A node {@code f} of any shape is reduced to the scalar {@code L = sum(f * yBar)} with a random
 * cotangent {@code yBar} (fixed by a key), so that one check covers the whole vector-Jacobian product
 * {@code J^T yBar}. Then, at the point given by the bindings:
 * <ul>
 *   <li>{@link #check} (per element): for every element {@code x_j} of every input in {@code wrt},
 *       {@code dL/dx_j} from {@link Autodiff#grad} against {@code (L(x + eps e_j) - L(x - eps e_j)) / 2 eps};</li>
 *   <li>{@link #checkDirection} (random direction): {@code <grad L, t>} against
 *       {@code (L(x + eps t) - L(x - eps t)) / 2 eps} for a random {@code t} over all inputs at once, which is
 *       the adjoint identity {@code <yBar, J t> = <J^T yBar, t>} with {@code J t} measured numerically; one
 *       comparison, two evaluations, for any size;</li>
 *   <li>{@link #checkSecondOrder}: the Hessian-vector product {@code H v} (the gradient of the gradient)
 *       against {@code (grad L(x + eps v) - grad L(x - eps v)) / 2 eps} element by element.</li>
 * </ul>
 * The step is taken in the inputs' dtype and the denominator is the step actually taken, so float32 graphs
 * can be checked too, with {@link Tolerance#FLOAT32}. Defaults: {@link Tolerance#of} the output's dtype. Only
 * floating-point inputs are differentiable: integer and bool inputs (indices, labels, masks) are bound in
 * {@code at} and left out of {@code wrt}, and a {@code wrt} naming one is an error, as is an integer or bool
 * {@code f}.
 */
public final class GradCheck {

    private static final Key COTANGENT_KEY = Key.of(0xC07A);

    private GradCheck() {
    }

    /** Per-element check with the tolerance of {@code f}'s dtype. */
    public static GradCheckReport check(Node f, List<Node> wrt, Bindings at) {
        return check(f, wrt, at, Tolerance.of(f.dtype()));
    }

    /** Per-element check: every element of every input in {@code wrt}. */
    public static GradCheckReport check(Node f, List<Node> wrt, Bindings at, Tolerance tolerance) {
        Setup s = new Setup(f, wrt, at, tolerance, List.of());
        Worst worst = new Worst("per-element", tolerance);
        List<Tensor> analytic = s.gradients(s.base);
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = s.base.get(s.position(w));
            for (int j = 0; j < x.size(); j++) {
                double[] plus = x.toDoubleArray();
                double[] minus = x.toDoubleArray();
                plus[j] += tolerance.eps();
                minus[j] -= tolerance.eps();
                Tensor xPlus = Tensor.of(x.dtype(), x.shape(), plus);
                Tensor xMinus = Tensor.of(x.dtype(), x.shape(), minus);
                double step = xPlus.flat(j) - xMinus.flat(j);
                double numeric = (s.loss(s.with(w, xPlus)) - s.loss(s.with(w, xMinus))) / step;
                worst.compare(SourceOp.inputName(wrt.get(w)), j, analytic.get(w).flat(j), numeric);
            }
        }
        return worst.report();
    }

    /** Random-direction check with the tolerance of {@code f}'s dtype. */
    public static GradCheckReport checkDirection(Node f, List<Node> wrt, Bindings at, Key key) {
        return checkDirection(f, wrt, at, key, Tolerance.of(f.dtype()));
    }

    /** Random-direction check: one directional derivative along a random direction {@code t} from {@code key}. */
    public static GradCheckReport checkDirection(Node f, List<Node> wrt, Bindings at, Key key, Tolerance tolerance) {
        Objects.requireNonNull(key, "checkDirection: key is null");
        Setup s = new Setup(f, wrt, at, tolerance, List.of());
        List<Tensor> analytic = s.gradients(s.base);
        List<Tensor> plus = new ArrayList<>(s.base);
        List<Tensor> minus = new ArrayList<>(s.base);
        double directional = 0;
        double stepNorm = 0;
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = s.base.get(s.position(w));
            Tensor t = Tensor.uniform(key.fold(w), x.dtype(), x.shape(), -1, 1);
            double[] p = x.toDoubleArray();
            double[] m = x.toDoubleArray();
            for (int j = 0; j < p.length; j++) {
                p[j] += tolerance.eps() * t.flat(j);
                m[j] -= tolerance.eps() * t.flat(j);
            }
            Tensor xPlus = Tensor.of(x.dtype(), x.shape(), p);
            Tensor xMinus = Tensor.of(x.dtype(), x.shape(), m);
            plus.set(s.position(w), xPlus);
            minus.set(s.position(w), xMinus);
            for (int j = 0; j < p.length; j++) {
                double actual = (xPlus.flat(j) - xMinus.flat(j)) / 2;
                directional += analytic.get(w).flat(j) * actual;
                stepNorm += t.flat(j) * t.flat(j);
            }
        }
        double numeric = (s.loss(plus) - s.loss(minus)) / 2;
        Worst worst = new Worst("random-direction", tolerance);
        worst.compare(String.join(",", s.names()), -1, directional / tolerance.eps(), numeric / tolerance.eps());
        return worst.report();
    }

    /** Second-order check with the tolerance of {@code f}'s dtype. */
    public static GradCheckReport checkSecondOrder(Node f, List<Node> wrt, Bindings at, Key key) {
        return checkSecondOrder(f, wrt, at, key, Tolerance.of(f.dtype()));
    }

    /**
     * Second-order check: {@code H v} from differentiating the gradient graph against central differences
     * of the gradient, for a random direction {@code v} from {@code key}.
     */
    public static GradCheckReport checkSecondOrder(Node f, List<Node> wrt, Bindings at, Key key,
            Tolerance tolerance) {
        Objects.requireNonNull(key, "checkSecondOrder: key is null");
        List<Node> directions = new ArrayList<>();
        for (int w = 0; w < wrt.size(); w++) {
            Node x = wrt.get(w);
            directions.add(SourceOp.input("gradcheck.v" + w, x.shape(), x.dtype()));
        }
        Setup s = new Setup(f, wrt, at, tolerance, directions);
        List<Tensor> args = new ArrayList<>(s.base);
        List<Tensor> plus = new ArrayList<>(s.base);
        List<Tensor> minus = new ArrayList<>(s.base);
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = s.base.get(s.position(w));
            Tensor v = Tensor.uniform(key.fold(w), x.dtype(), x.shape(), -1, 1);
            double[] p = x.toDoubleArray();
            double[] m = x.toDoubleArray();
            for (int j = 0; j < p.length; j++) {
                p[j] += tolerance.eps() * v.flat(j);
                m[j] -= tolerance.eps() * v.flat(j);
            }
            Tensor xPlus = Tensor.of(x.dtype(), x.shape(), p);
            Tensor xMinus = Tensor.of(x.dtype(), x.shape(), m);
            // The direction actually stepped along, after rounding x +- eps v to the dtype: H is applied to
            // it, so that float32 rounding of the step does not count as an error of the Hessian.
            double[] taken = new double[p.length];
            for (int j = 0; j < p.length; j++) {
                taken[j] = (xPlus.flat(j) - xMinus.flat(j)) / (2 * tolerance.eps());
            }
            Tensor vTaken = Tensor.of(x.dtype(), x.shape(), taken);
            args.set(s.directionPosition(w), vTaken);
            plus.set(s.directionPosition(w), vTaken);
            minus.set(s.directionPosition(w), vTaken);
            plus.set(s.position(w), xPlus);
            minus.set(s.position(w), xMinus);
        }
        List<Tensor> hv = s.hessianVectorProducts(args);
        List<Tensor> gPlus = s.gradients(plus);
        List<Tensor> gMinus = s.gradients(minus);
        Worst worst = new Worst("second-order", tolerance);
        for (int w = 0; w < wrt.size(); w++) {
            for (int j = 0; j < hv.get(w).size(); j++) {
                double numeric = (gPlus.get(w).flat(j) - gMinus.get(w).flat(j)) / (2 * tolerance.eps());
                worst.compare(SourceOp.inputName(wrt.get(w)), j, hv.get(w).flat(j), numeric);
            }
        }
        return worst.report();
    }

    /** The compiled loss, gradients and (optionally) Hessian-vector products, and the base point. */
    private static final class Setup {
        final List<Node> wrt;
        final List<Node> inputs = new ArrayList<>();
        final List<Tensor> base = new ArrayList<>();
        final Function lossFn;
        final Function gradFn;
        final Function hvpFn;
        final int directionsFrom;

        Setup(Node f, List<Node> wrt, Bindings at, Tolerance tolerance, List<Node> directions) {
            Objects.requireNonNull(f, "gradcheck: f is null");
            Objects.requireNonNull(wrt, "gradcheck: wrt is null");
            Objects.requireNonNull(at, "gradcheck: bindings is null");
            Objects.requireNonNull(tolerance, "gradcheck: tolerance is null");
            this.wrt = wrt;
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
            if (!f.dtype().isFloating()) {
                throw new IllegalArgumentException("gradcheck: f must be floating-point, got " + f.type()
                        + "; an integer or bool result is piecewise constant and has no derivative to check");
            }
            Tensor fValue = Function.of(at.inputs(), List.of(f)).call(at).get(0);
            Node yBar = SourceOp.input("gradcheck.yBar", f.shape(), f.dtype());
            Node loss = BinaryOp.mul(f, yBar).sum();
            inputs.addAll(at.inputs());
            for (Node input : inputs) {
                base.add(at.get(input));
            }
            inputs.add(yBar);
            base.add(Tensor.uniform(COTANGENT_KEY, f.dtype(), fValue.shape(), -1, 1));
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
                    inner = inner == null ? term : BinaryOp.add(inner, term);
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

    /** Keeps the comparison furthest past its tolerance. */
    private static final class Worst {
        final String mode;
        final Tolerance tolerance;
        int comparisons;
        boolean passed = true;
        double worstExcess = Double.NEGATIVE_INFINITY;
        String input = "";
        int index = -1;
        double analytic = Double.NaN;
        double numeric = Double.NaN;

        Worst(String mode, Tolerance tolerance) {
            this.mode = mode;
            this.tolerance = tolerance;
        }

        void compare(String name, int j, double a, double n) {
            comparisons++;
            boolean agree = tolerance.agree(a, n);
            double excess = Double.isNaN(a) || Double.isNaN(n) ? Double.POSITIVE_INFINITY
                    : Math.abs(a - n) - tolerance.atol() - tolerance.rtol() * Math.max(Math.abs(a), Math.abs(n));
            passed &= agree;
            if (excess > worstExcess || comparisons == 1) {
                worstExcess = excess;
                input = name;
                index = j;
                analytic = a;
                numeric = n;
            }
        }

        GradCheckReport report() {
            return new GradCheckReport(mode, comparisons, passed, input, index, analytic, numeric, tolerance);
        }
    }
}
