package dev.adjoint.optim;

import dev.adjoint.core.graph.SourceOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clipping by value, by norm and by global norm, against the formulas; within the threshold, no change. */
class GradientClippingTest {

    private static final double[] W1 = {1.0, -2.0};
    private static final double[] W2 = {0.5, 0.25, -1.0};

    /** The new parameters after one SGD step with learning rate 1 through {@code optimizer}. */
    private static List<double[]> step(Optimizer optimizer, double[] g1, double[] g2) {
        Node w1 = SourceOp.input("w1", Shape.of(2));
        Node w2 = SourceOp.input("w2", Shape.of(3));
        Node d1 = SourceOp.input("g1", Shape.of(2));
        Node d2 = SourceOp.input("g2", Shape.of(3));
        Node t = SourceOp.input("t", Shape.scalar());
        Map<String, Node> params = new LinkedHashMap<>();
        params.put("w1", w1);
        params.put("w2", w2);
        Update u = optimizer.update(Map.of("w1", d1, "w2", d2), Map.of(), params, t);
        List<Tensor> out = Function.of(List.of(w1, w2, d1, d2, t), List.of(u.params().get("w1"), u.params().get("w2")))
                .call(Tensor.vector(W1), Tensor.vector(W2), Tensor.vector(g1), Tensor.vector(g2), Tensor.scalar(1));
        List<double[]> result = new ArrayList<>();
        out.forEach(o -> result.add(o.toDoubleArray()));
        return result;
    }

    private static double norm(double[]... parts) {
        double s = 0;
        for (double[] p : parts) {
            for (double v : p) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static final Sgd SGD = Sgd.defaults().withLearningRate(1.0);

    @Test
    void byValueClipsEachElement() {
        List<double[]> w = step(GradientClipping.byValue(SGD, 0.5), new double[] {2, -0.1}, new double[] {-3, 0.5, 0});
        Expect.same(1.0 - 0.5, w.get(0)[0], "clipped");
        Expect.same(-2.0 + 0.1, w.get(0)[1], "inside");
        Expect.same(0.5 + 0.5, w.get(1)[0], "clipped from below");
        Expect.same(0.25 - 0.5, w.get(1)[1], "at the bound");
    }

    @Test
    void byNormScalesEachGradientOnItsOwn() {
        double[] g1 = {3, 4};                       // norm 5 > 2: scaled by 2/5
        double[] g2 = {0.1, 0.2, 0.2};              // norm 0.3 < 2: unchanged
        List<double[]> w = step(GradientClipping.byNorm(SGD, 2), g1, g2);
        double f = 2 / norm(g1);
        Expect.near(W1[0] - 3 * f, w.get(0)[0], 1e-15, "w1[0]");
        Expect.near(W1[1] - 4 * f, w.get(0)[1], 1e-15, "w1[1]");
        List<double[]> plain = step(SGD, g1, g2);
        for (int i = 0; i < 3; i++) {
            Expect.same(plain.get(1)[i], w.get(1)[i], "within the threshold the update is the unclipped one");
        }
    }

    /**
     * A parameter with no entries adds nothing to the norms, as in {@code torch.nn.utils.clip_grad_norm_} (the norm
     * of an empty tensor is 0): the other gradient is clipped as on its own. Regression: the scale's maximum over
     * the empty gradient was refused as a maximum over nothing.
     */
    @Test
    void anEmptyParameterAddsNothingToTheNorms() {
        Node empty = SourceOp.input("e", Shape.of(0));
        Node emptyGrad = SourceOp.input("de", Shape.of(0));
        Node w1 = SourceOp.input("w1", Shape.of(2));
        Node d1 = SourceOp.input("g1", Shape.of(2));
        Node t = SourceOp.input("t", Shape.scalar());
        for (Optimizer clipped : List.of(GradientClipping.byGlobalNorm(SGD, 2.5), GradientClipping.byNorm(SGD, 2.5))) {
            Map<String, Node> params = new LinkedHashMap<>();
            params.put("e", empty);
            params.put("w1", w1);
            Update u = clipped.update(Map.of("e", emptyGrad, "w1", d1), Map.of(), params, t);
            List<Tensor> out = Function.of(List.of(empty, emptyGrad, w1, d1, t), List.of(u.params().get("e"),
                    u.params().get("w1"))).call(Tensor.of(Shape.of(0)), Tensor.of(Shape.of(0)), Tensor.vector(W1),
                    Tensor.vector(3, 4), Tensor.scalar(1));
            assertEquals(Shape.of(0), out.get(0).shape());
            Expect.near(W1[0] - 3 * 0.5, out.get(1).toDoubleArray()[0], 1e-15, "w1[0], its gradient of norm 5 halved");
            Expect.near(W1[1] - 4 * 0.5, out.get(1).toDoubleArray()[1], 1e-15, "w1[1]");
        }
    }

    @Test
    void byGlobalNormScalesAllGradientsTogetherKeepingTheirDirection() {
        double[] g1 = {3, 4};
        double[] g2 = {0, 12, 0};                   // global norm 13
        List<double[]> w = step(GradientClipping.byGlobalNorm(SGD, 6.5), g1, g2);
        double f = 6.5 / 13;
        for (int i = 0; i < 2; i++) {
            Expect.near(W1[i] - g1[i] * f, w.get(0)[i], 1e-15, "w1[" + i + "]");
        }
        for (int i = 0; i < 3; i++) {
            Expect.near(W2[i] - g2[i] * f, w.get(1)[i], 1e-15, "w2[" + i + "]");
        }
        double[] applied1 = {W1[0] - w.get(0)[0], W1[1] - w.get(0)[1]};
        double[] applied2 = {W2[0] - w.get(1)[0], W2[1] - w.get(1)[1], W2[2] - w.get(1)[2]};
        assertEquals(6.5, norm(applied1, applied2), 1e-12, "the applied step has the threshold's norm");
        List<double[]> loose = step(GradientClipping.byGlobalNorm(SGD, 13.5), g1, g2);
        List<double[]> plain = step(SGD, g1, g2);
        for (int i = 0; i < 3; i++) {
            Expect.same(plain.get(1)[i], loose.get(1)[i], "within the threshold nothing changes");
        }
    }

    /**
     * Clipping around {@link GradientAccumulation}, through the single-parameter update (it threw
     * UnsupportedOperationException, as the wrapper called the accumulation's rule): each small batch's
     * gradient is clipped, then accumulated, and the mean applied every second step, as the named update does.
     */
    @Test
    void theSingleParameterUpdateClipsAndDelegatesToTheWrappedUpdate() {
        Optimizer clipped = GradientClipping.byValue(GradientAccumulation.of(SGD, 2), 1.0);
        Node w = SourceOp.input("w", Shape.of(3));
        Node g = SourceOp.input("g", Shape.of(3));
        Node t = SourceOp.input("t", Shape.scalar());
        Node a = SourceOp.input("a", Shape.of(3));
        ParamUpdate single = clipped.update(w, g, Map.of(GradientAccumulation.ACCUMULATOR, a), t);
        assertEquals(List.of(GradientAccumulation.ACCUMULATOR), List.copyOf(single.state().keySet()));
        Update named = clipped.update(Map.of("w", g), Map.of("w/" + GradientAccumulation.ACCUMULATOR, a),
                Map.of("w", w), t);
        Function f = Function.of(List.of(w, g, t, a), List.of(single.param(),
                single.state().get(GradientAccumulation.ACCUMULATOR), named.params().get("w"),
                named.state().get("w/" + GradientAccumulation.ACCUMULATOR)));

        Tensor w0 = Tensor.vector(1, 2, 3);
        List<Tensor> first = f.call(w0, Tensor.vector(3, -0.5, 0.2), Tensor.scalar(1), Tensor.vector(0, 0, 0));
        assertEquals(List.of(1.0, 2.0, 3.0), List.of(boxed(first.get(0))), "no update at step 1");
        assertEquals(List.of(1.0, -0.5, 0.2), List.of(boxed(first.get(1))), "the clipped gradient is accumulated");
        List<Tensor> second = f.call(first.get(0), Tensor.vector(0.4, -5, 1), Tensor.scalar(2), first.get(1));
        double[] mean = {(1.0 + 0.4) / 2, (-0.5 - 1.0) / 2, (0.2 + 1.0) / 2};
        for (int i = 0; i < 3; i++) {
            Expect.same(w0.flat(i) - mean[i], second.get(0).flat(i), "w[" + i + "] after step 2");
        }
        assertEquals(List.of(0.0, 0.0, 0.0), List.of(boxed(second.get(1))), "the accumulator is reset");
        for (List<Tensor> out : List.of(first, second)) {
            assertTrue(out.get(0).sameValues(out.get(2)), "the single and the named update agree on w");
            assertTrue(out.get(1).sameValues(out.get(3)), "the single and the named update agree on the state");
        }
    }

    private static Double[] boxed(Tensor t) {
        double[] values = t.toDoubleArray();
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Test
    void theWrapperKeepsTheInnerOptimizersStateScheduleAndName() {
        GradientClipping clipped = GradientClipping.byNorm(Adam.defaults(), 1);
        assertEquals(Adam.defaults().slots(), clipped.slots());
        assertEquals("Adam", clipped.name());
        assertEquals(Schedule.constant(0.5), clipped.withLearningRate(0.5).learningRate());
        assertEquals(GradientClipping.Rule.NORM, clipped.withLearningRate(0.5).rule());
        Expect.rejects("GradientClipping: threshold must be positive and finite, got 0.0",
                () -> GradientClipping.byValue(SGD, 0));
        Expect.rejects("GradientClipping: threshold must be positive and finite, got NaN",
                () -> GradientClipping.byGlobalNorm(SGD, Double.NaN));
    }
}
