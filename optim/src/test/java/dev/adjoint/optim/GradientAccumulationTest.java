package dev.adjoint.optim;

import dev.adjoint.core.graph.SourceOp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accumulating k gradients and updating with their mean every k-th step is the wrapped optimizer applied to
 * the means, with update numbers 1, 2, ...; in between the parameters and the wrapped state do not move.
 */
class GradientAccumulationTest {

    private static final Shape SHAPE = Shape.of(3);

    /** One update of {@code optimizer}: {@code (w, slots..., g, t) -> (w', slots'...)}, compiled. */
    private static Function stepOf(Optimizer optimizer) {
        Node w = SourceOp.input("w", SHAPE);
        Node g = SourceOp.input("g", SHAPE);
        Node t = SourceOp.input("t", Shape.scalar());
        Map<String, Node> slots = new LinkedHashMap<>();
        for (String name : optimizer.slots()) {
            slots.put(name, SourceOp.input(name, SHAPE));
        }
        ParamUpdate u = optimizer.update(w, g, slots, t);
        List<Node> inputs = new ArrayList<>(List.of(w, g, t));
        inputs.addAll(slots.values());
        List<Node> outputs = new ArrayList<>(List.of(u.param()));
        for (String name : optimizer.slots()) {
            outputs.add(u.state().get(name));
        }
        return Function.of(inputs, outputs);
    }

    private static List<Tensor> call(Function f, Tensor w, Tensor g, double t, List<Tensor> slots) {
        List<Tensor> args = new ArrayList<>(List.of(w, g, Tensor.scalar(t)));
        args.addAll(slots);
        return f.call(args);
    }

    @Test
    void everyKthStepAppliesTheInnerOptimizerToTheMeanGradient() {
        int k = 3;
        Optimizer inner = new Adam(Schedule.stepDecay(0.1, 1, 0.5), 0.9, 0.999, 1e-7, false);
        Function accumulating = stepOf(GradientAccumulation.of(inner, k));
        Function reference = stepOf(inner);
        Tensor w = Tensor.vector(0.5, -1, 2);
        List<Tensor> state = List.copyOf(GradientAccumulation.of(inner, k).init(w).values());
        Tensor wRef = w;
        List<Tensor> stateRef = List.copyOf(inner.init(w).values());
        double[] sum = new double[3];
        Key.Stream gradients = Key.of(3).stream();
        for (int t = 1; t <= 3 * k; t++) {
            double[] g = {gradients.nextGaussian(), gradients.nextGaussian(), gradients.nextGaussian()};
            for (int i = 0; i < 3; i++) {
                sum[i] = sum[i] + g[i];
            }
            List<Tensor> out = call(accumulating, w, Tensor.vector(g), t, state);
            if (t % k == 0) {
                double[] mean = new double[3];
                for (int i = 0; i < 3; i++) {
                    mean[i] = sum[i] / k;
                }
                List<Tensor> ref = call(reference, wRef, Tensor.vector(mean), t / k, stateRef);
                wRef = ref.get(0);
                stateRef = ref.subList(1, ref.size());
                sum = new double[3];
                assertEquals(0.0, out.get(out.size() - 1).flat(0), "the accumulator is reset");
            } else {
                assertEquals(sum[1], out.get(out.size() - 1).flat(1), 0.0, "the accumulator holds the sum");
            }
            assertEqualBits(wRef, out.get(0), "w after step " + t);
            for (int s = 0; s < stateRef.size(); s++) {
                assertEqualBits(stateRef.get(s), out.get(1 + s), "slot " + s + " after step " + t);
            }
            w = out.get(0);
            state = out.subList(1, out.size());
        }
    }

    @Test
    void oneStepIsTheInnerOptimizerAndTheStateGainsTheAccumulator() {
        Function once = stepOf(GradientAccumulation.of(Sgd.defaults(), 1));
        Function plain = stepOf(Sgd.defaults());
        Tensor w = Tensor.vector(1, 2, 3);
        Tensor g = Tensor.vector(0.3, -0.2, 0.1);
        assertEqualBits(call(plain, w, g, 1, List.of()).get(0),
                call(once, w, g, 1, List.of(Tensor.zeros(DType.FLOAT64, SHAPE))).get(0), "k = 1");
        assertEquals(List.of("m", "v", GradientAccumulation.ACCUMULATOR),
                GradientAccumulation.of(Adam.defaults(), 2).slots());
        Expect.rejects("GradientAccumulation: steps must be at least 1, got 0",
                () -> GradientAccumulation.of(Sgd.defaults(), 0));
    }

    /** The state keys are checked as the other optimizers check them: an extra key was silently ignored. */
    @Test
    void aMisnamedOrExtraStateKeyIsRejected() {
        Optimizer accumulating = GradientAccumulation.of(Adam.defaults(), 2);
        Node w = SourceOp.input("w", SHAPE);
        Node t = SourceOp.input("t", Shape.scalar());
        Map<String, Node> state = new LinkedHashMap<>();
        for (String slot : accumulating.slots()) {
            state.put(Optimizer.stateName("w", slot), SourceOp.input(slot, SHAPE));
        }
        state.put("w/extra", SourceOp.input("extra", SHAPE));
        Expect.rejects("GradientAccumulation: state must hold exactly the slots [m, v, accumulated_grad] of each"
                + " parameter, unexpected [w/extra] (parameter 'w')",
                () -> accumulating.update(Map.of("w", w), state, Map.of("w", w), t));
        state.remove("w/extra");
        state.put("w/V", state.remove("w/v"));
        Expect.rejects("GradientAccumulation: state must hold exactly the slots [m, v, accumulated_grad] of each"
                + " parameter, missing [w/v] (parameter 'w'), unexpected [w/V] (parameter 'w')",
                () -> accumulating.update(Map.of("w", w), state, Map.of("w", w), t));
    }

    private static void assertEqualBits(Tensor expected, Tensor actual, String what) {
        assertEquals(true, expected.sameValues(actual), what + ": expected " + expected + ", got " + actual);
    }
}
