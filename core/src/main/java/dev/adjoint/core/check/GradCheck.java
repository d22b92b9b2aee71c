package dev.adjoint.core.check;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Checks symbolic derivatives against central differences: the public tool the library tests itself with.
 *
 * <p>A node {@code f} of any shape is reduced to the scalar {@code L = sum(f * yBar)} with a random
 * cotangent {@code yBar} (fixed by a key), so that one check covers the whole vector-Jacobian product
 * {@code J^T yBar}; a function with several outputs {@code f_k} (the overloads taking a list) to
 * {@code L = sum_k sum(f_k * yBar_k)}, one cotangent per output. The sums are taken in float64. Then, at the
 * point given by the bindings:
 * <ul>
 *   <li>{@link #check} (per element): for every element {@code x_j} of every input in {@code wrt},
 *       {@code dL/dx_j} from {@link Autodiff#grad} against {@code (L(x + eps e_j) - L(x - eps e_j)) / 2 eps};
 *       two evaluations of L per element, so for large inputs prefer {@link #checkDirection};</li>
 *   <li>{@link #checkDirection} (random direction): {@code <grad L, t>} against
 *       {@code (L(x + eps t) - L(x - eps t)) / 2 eps} for a random {@code t} over all inputs at once, which is
 *       the adjoint identity {@code <yBar, J t> = <J^T yBar, t>} with {@code J t} measured numerically; one
 *       comparison, two evaluations of L, for any size;</li>
 *   <li>{@link #checkSecondOrder}: the Hessian-vector product {@code H v} (the gradient of the gradient)
 *       against {@code (grad L(x + eps v) - grad L(x - eps v)) / 2 eps} element by element.</li>
 * </ul>
 * The step is taken in the inputs' dtype and the denominator is the step actually taken, so float32 graphs
 * can be checked too, with {@link Tolerance#FLOAT32}; a step that rounds to nothing (eps below the spacing of
 * the dtype's numbers at an element) is an error naming the element, not a comparison. Defaults:
 * {@link Tolerance#of} the least precise floating-point dtype computed between {@code wrt} and the outputs
 * (float32 anywhere on the way is float32 noise in the differences). Only floating-point inputs are
 * differentiable: integer and bool inputs (indices, labels, masks) are bound in {@code at} and left out of
 * {@code wrt}, and a {@code wrt} naming one is an error, as is an integer or bool output, an empty
 * {@code wrt} (nothing would be compared) or a node with several outputs (check its parts). An input of size
 * 0 is compared nowhere: the report says 0 comparisons.
 */
public final class GradCheck {

    private GradCheck() {
    }

    /** Per-element check with the default tolerance (see the class documentation). */
    public static GradCheckReport check(Node f, List<Node> wrt, Bindings at) {
        return check(single(f), wrt, at);
    }

    /** Per-element check: every element of every input in {@code wrt}. */
    public static GradCheckReport check(Node f, List<Node> wrt, Bindings at, Tolerance tolerance) {
        return check(single(f), wrt, at, tolerance);
    }

    /** Per-element check of a function with several outputs, with the default tolerance. */
    public static GradCheckReport check(List<Node> outputs, List<Node> wrt, Bindings at) {
        return check(outputs, wrt, at, defaultTolerance(outputs, wrt, at));
    }

    /**
     * Per-element check of a function with several outputs {@code f_k}: every element of every input in
     * {@code wrt}, for {@code L = sum_k sum(f_k * yBar_k)}.
     */
    public static GradCheckReport check(List<Node> outputs, List<Node> wrt, Bindings at, Tolerance tolerance) {
        LinearizedLoss s = setUp(outputs, wrt, at, tolerance, List.of());
        WorstComparison worst = new WorstComparison("per-element", tolerance);
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
                if (step == 0) {
                    throw stepTooSmall(wrt.get(w), x, j, tolerance);
                }
                double numeric = (s.loss(s.with(w, xPlus)) - s.loss(s.with(w, xMinus))) / step;
                worst.compare(SourceOp.inputName(wrt.get(w)), x, j, analytic.get(w).flat(j), numeric);
            }
        }
        return worst.report();
    }

    /** Random-direction check with the default tolerance (see the class documentation). */
    public static GradCheckReport checkDirection(Node f, List<Node> wrt, Bindings at, Key key) {
        return checkDirection(single(f), wrt, at, key);
    }

    /** Random-direction check: one directional derivative along a random direction {@code t} from {@code key}. */
    public static GradCheckReport checkDirection(Node f, List<Node> wrt, Bindings at, Key key, Tolerance tolerance) {
        return checkDirection(single(f), wrt, at, key, tolerance);
    }

    /** Random-direction check of a function with several outputs, with the default tolerance. */
    public static GradCheckReport checkDirection(List<Node> outputs, List<Node> wrt, Bindings at, Key key) {
        return checkDirection(outputs, wrt, at, key, defaultTolerance(outputs, wrt, at));
    }

    /**
     * Random-direction check of a function with several outputs {@code f_k}: one directional derivative of
     * {@code L = sum_k sum(f_k * yBar_k)} along a random direction {@code t} from {@code key}.
     */
    public static GradCheckReport checkDirection(List<Node> outputs, List<Node> wrt, Bindings at, Key key,
            Tolerance tolerance) {
        Objects.requireNonNull(key, "checkDirection: key is null");
        LinearizedLoss s = setUp(outputs, wrt, at, tolerance, List.of());
        List<Tensor> analytic = s.gradients(s.base);
        List<Tensor> plus = new ArrayList<>(s.base);
        List<Tensor> minus = new ArrayList<>(s.base);
        double directional = 0;
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = s.base.get(s.position(w));
            Tensor t = Tensor.uniform(key.fold(w), x.dtype(), x.shape(), -1, 1);
            Tensor[] stepped = step(x, t, tolerance.eps());
            requireSomeStep(wrt.get(w), x, stepped, tolerance);
            plus.set(s.position(w), stepped[0]);
            minus.set(s.position(w), stepped[1]);
            for (int j = 0; j < x.size(); j++) {
                double actual = (stepped[0].flat(j) - stepped[1].flat(j)) / 2;
                directional += analytic.get(w).flat(j) * actual;
            }
        }
        double numeric = (s.loss(plus) - s.loss(minus)) / 2;
        WorstComparison worst = new WorstComparison("random-direction", tolerance);
        worst.compare(String.join(",", s.names()), null, -1, directional / tolerance.eps(), numeric / tolerance.eps());
        return worst.report();
    }

    /** Second-order check with the default tolerance (see the class documentation). */
    public static GradCheckReport checkSecondOrder(Node f, List<Node> wrt, Bindings at, Key key) {
        return checkSecondOrder(single(f), wrt, at, key);
    }

    /**
     * Second-order check: {@code H v} from differentiating the gradient graph against central differences
     * of the gradient, for a random direction {@code v} from {@code key}.
     */
    public static GradCheckReport checkSecondOrder(Node f, List<Node> wrt, Bindings at, Key key,
            Tolerance tolerance) {
        return checkSecondOrder(single(f), wrt, at, key, tolerance);
    }

    /** Second-order check of a function with several outputs, with the default tolerance. */
    public static GradCheckReport checkSecondOrder(List<Node> outputs, List<Node> wrt, Bindings at, Key key) {
        return checkSecondOrder(outputs, wrt, at, key, defaultTolerance(outputs, wrt, at));
    }

    /**
     * Second-order check of a function with several outputs {@code f_k}: {@code H v} of
     * {@code L = sum_k sum(f_k * yBar_k)} against central differences of its gradient.
     */
    public static GradCheckReport checkSecondOrder(List<Node> outputs, List<Node> wrt, Bindings at, Key key,
            Tolerance tolerance) {
        Objects.requireNonNull(key, "checkSecondOrder: key is null");
        LinearizedLoss.validate(outputs, wrt, at);
        List<Node> directions = new ArrayList<>();
        for (int w = 0; w < wrt.size(); w++) {
            Node x = wrt.get(w);
            directions.add(SourceOp.input("gradcheck.v" + w, x.shape(), x.dtype()));
        }
        LinearizedLoss s = setUp(outputs, wrt, at, tolerance, directions);
        List<Tensor> args = new ArrayList<>(s.base);
        List<Tensor> plus = new ArrayList<>(s.base);
        List<Tensor> minus = new ArrayList<>(s.base);
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = s.base.get(s.position(w));
            Tensor v = Tensor.uniform(key.fold(w), x.dtype(), x.shape(), -1, 1);
            Tensor[] stepped = step(x, v, tolerance.eps());
            requireSomeStep(wrt.get(w), x, stepped, tolerance);
            // The direction actually stepped along, after rounding x +- eps v to the dtype: H is applied to
            // it, so that float32 rounding of the step does not count as an error of the Hessian.
            double[] taken = new double[x.size()];
            for (int j = 0; j < taken.length; j++) {
                taken[j] = (stepped[0].flat(j) - stepped[1].flat(j)) / (2 * tolerance.eps());
            }
            Tensor vTaken = Tensor.of(x.dtype(), x.shape(), taken);
            args.set(s.directionPosition(w), vTaken);
            plus.set(s.directionPosition(w), vTaken);
            minus.set(s.directionPosition(w), vTaken);
            plus.set(s.position(w), stepped[0]);
            minus.set(s.position(w), stepped[1]);
        }
        List<Tensor> hv = s.hessianVectorProducts(args);
        List<Tensor> gPlus = s.gradients(plus);
        List<Tensor> gMinus = s.gradients(minus);
        WorstComparison worst = new WorstComparison("second-order", tolerance);
        for (int w = 0; w < wrt.size(); w++) {
            Tensor x = s.base.get(s.position(w));
            for (int j = 0; j < hv.get(w).size(); j++) {
                double numeric = (gPlus.get(w).flat(j) - gMinus.get(w).flat(j)) / (2 * tolerance.eps());
                worst.compare(SourceOp.inputName(wrt.get(w)), x, j, hv.get(w).flat(j), numeric);
            }
        }
        return worst.report();
    }

    private static List<Node> single(Node f) {
        return Collections.singletonList(Objects.requireNonNull(f, "gradcheck: f is null"));
    }

    private static Tolerance defaultTolerance(List<Node> outputs, List<Node> wrt, Bindings at) {
        LinearizedLoss.validate(outputs, wrt, at);
        return Tolerance.of(LinearizedLoss.leastPrecise(outputs, wrt));
    }

    private static LinearizedLoss setUp(List<Node> outputs, List<Node> wrt, Bindings at, Tolerance tolerance,
            List<Node> directions) {
        LinearizedLoss.validate(outputs, wrt, at);
        Objects.requireNonNull(tolerance, "gradcheck: tolerance is null");
        return new LinearizedLoss(outputs, wrt, at, directions);
    }

    /** {@code x + eps t} and {@code x - eps t}, rounded to x's dtype. */
    private static Tensor[] step(Tensor x, Tensor t, double eps) {
        double[] p = x.toDoubleArray();
        double[] m = x.toDoubleArray();
        for (int j = 0; j < p.length; j++) {
            p[j] += eps * t.flat(j);
            m[j] -= eps * t.flat(j);
        }
        return new Tensor[] {Tensor.of(x.dtype(), x.shape(), p), Tensor.of(x.dtype(), x.shape(), m)};
    }

    /** Rejects a direction that, after rounding, does not move a non-empty input at all. */
    private static void requireSomeStep(Node input, Tensor x, Tensor[] stepped, Tolerance tolerance) {
        for (int j = 0; j < x.size(); j++) {
            if (stepped[0].flat(j) != stepped[1].flat(j)) {
                return;
            }
        }
        if (x.size() > 0) {
            throw stepTooSmall(input, x, 0, tolerance);
        }
    }

    private static IllegalArgumentException stepTooSmall(Node input, Tensor x, int j, Tolerance tolerance) {
        return new IllegalArgumentException("gradcheck: the step must move every input, got x +- eps equal to x"
                + " after rounding to " + x.dtype().shortName() + " at input '" + SourceOp.inputName(input)
                + "' element " + j + " (x = " + x.flat(j) + ", eps " + tolerance.eps() + ", spacing of "
                + x.dtype().shortName() + " numbers there " + spacing(x.dtype(), x.flat(j)) + "); use a larger eps"
                + " (new Tolerance(eps, atol, rtol)) or check in float64");
    }

    private static double spacing(DType dtype, double x) {
        return dtype == DType.FLOAT32 ? Math.ulp((float) x) : Math.ulp(x);
    }
}
