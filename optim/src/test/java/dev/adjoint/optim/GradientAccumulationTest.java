package dev.adjoint.optim;

import dev.adjoint.core.graph.SourceOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.eval.NamedFunction;
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

    /**
     * The single-parameter update checks its arguments before it names the parameter for the collection
     * update: a null state was a NullPointerException with no message, and an integer parameter failed in the
     * tensor library.
     */
    @Test
    void theSingleParameterUpdateNamesWhatIsWrong() {
        GradientAccumulation accumulating = GradientAccumulation.of(Sgd.defaults(), 2);
        Node w = SourceOp.input("w", SHAPE);
        Node g = SourceOp.input("g", SHAPE);
        Node t = SourceOp.input("t", Shape.scalar());
        Map<String, Node> state = Map.of(GradientAccumulation.ACCUMULATOR, SourceOp.input("a", SHAPE));
        assertEquals("GradientAccumulation: state is null",
                assertThrows(NullPointerException.class, () -> accumulating.update(w, g, null, t)).getMessage());
        assertEquals("GradientAccumulation: param is null",
                assertThrows(NullPointerException.class, () -> accumulating.update(null, g, state, t)).getMessage());
        assertEquals("GradientAccumulation: grad is null",
                assertThrows(NullPointerException.class, () -> accumulating.update(w, null, state, t)).getMessage());
        assertEquals("GradientAccumulation: step is null",
                assertThrows(NullPointerException.class, () -> accumulating.update(w, g, state, null)).getMessage());
        Expect.rejects("GradientAccumulation: state must hold exactly the slots [accumulated_grad], got [m]",
                () -> accumulating.update(w, g, Map.of("m", w), t));
        Node integer = SourceOp.input("w", SHAPE, DType.INT64);
        Node integerSlot = SourceOp.input("a", SHAPE, DType.INT64);
        String notFloat = "param must be floating-point (f32 or f64), got i64[3]";
        Expect.rejects("GradientAccumulation: " + notFloat,
                () -> accumulating.update(integer, g, Map.of(GradientAccumulation.ACCUMULATOR, integerSlot), t));
        Map<String, Node> named = Map.of("b/accumulated_grad", integerSlot);
        Expect.rejects("GradientAccumulation: " + notFloat + " (parameter 'b')",
                () -> accumulating.update(Map.of("b", g), named, Map.of("b", integer), t));
        Expect.rejects("GradientClipping: " + notFloat + " (parameter 'b')",
                () -> GradientClipping.byValue(accumulating, 1).update(Map.of("b", g), named, Map.of("b", integer), t));
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

    /**
     * The values of {@code w} (shape [2], starting at 0) after steps 1..{@code steps} of {@code optimizer}
     * with the gradients {@code g_t = (t, 0.5 - t % 4)}, compiled once as a training loop does.
     */
    private static List<Tensor> trainedOnSteps(Optimizer optimizer, int steps) {
        Map<String, Tensor> params = Map.of("w", Tensor.vector(0, 0));
        Map<String, Tensor> state = optimizer.init(params);
        Map<String, Node> s = new LinkedHashMap<>();
        state.forEach((key, value) -> s.put(key, SourceOp.input(key, value.shape())));
        Node w = SourceOp.input("w", Shape.of(2));
        Node g = SourceOp.input("g", Shape.of(2));
        Node t = SourceOp.input("t", Shape.scalar());
        Update u = optimizer.update(Map.of("w", g), s, Map.of("w", w), t);
        Map<String, Node> in = new LinkedHashMap<>(s);
        in.put("w", w);
        in.put("g", g);
        in.put("t", t);
        Map<String, Node> out = new LinkedHashMap<>(u.state());
        out.putAll(u.params());
        NamedFunction f = NamedFunction.of(in, out);
        Map<String, Tensor> values = new LinkedHashMap<>(state);
        values.putAll(params);
        List<Tensor> trace = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            values.put("g", Tensor.vector(step, 0.5 - step % 4));
            values.put("t", Tensor.scalar(step));
            Map<String, Tensor> r = f.call(values);
            values.putAll(r);
            trace.add(r.get("w"));
        }
        return trace;
    }

    /**
     * Each level of nested accumulations has its own accumulator (both were {@code accumulated_grad}, and so
     * one sum shared by the two levels): accumulating 3 means of 2 gradients updates as accumulating 6 does.
     */
    @Test
    void nestedAccumulationsKeepOneAccumulatorPerLevelAndMultiply() {
        Sgd sgd = Sgd.defaults().withLearningRate(1.0);
        GradientAccumulation nested = GradientAccumulation.of(GradientAccumulation.of(sgd, 2), 3);
        assertEquals(List.of(GradientAccumulation.ACCUMULATOR, GradientAccumulation.ACCUMULATOR + "_2"),
                nested.slots());
        assertEquals(List.of("w/accumulated_grad", "w/accumulated_grad_2"),
                List.copyOf(nested.init(Map.of("w", Tensor.vector(0, 0))).keySet()));
        assertEquals(GradientAccumulation.ACCUMULATOR, GradientAccumulation.of(sgd, 6).accumulator(),
                "an accumulation that wraps none keeps the name saved states use");
        assertEquals(List.of("accumulated_grad", "accumulated_grad_2", "accumulated_grad_3"),
                GradientAccumulation.of(GradientClipping.byNorm(nested, 1), 2).slots(), "through a clipping");

        List<Tensor> nestedTrace = trainedOnSteps(nested, 12);
        List<Tensor> flatTrace = trainedOnSteps(GradientAccumulation.of(sgd, 6), 12);
        Expect.same(-3.5, nestedTrace.get(5).flat(0), "w after step 6: -(1 + ... + 6) / 6");
        Expect.same(-13.0, nestedTrace.get(11).flat(0), "w after step 12: -3.5 - (7 + ... + 12) / 6");
        for (int t = 1; t <= 12; t++) {
            assertEqualBits(flatTrace.get(t - 1), nestedTrace.get(t - 1), "nested and flat after step " + t);
        }

        Adam adam = Adam.defaults().withLearningRate(0.1);
        List<Tensor> deep = trainedOnSteps(GradientAccumulation.of(GradientAccumulation.of(
                GradientAccumulation.of(adam, 2), 2), 3), 24);
        List<Tensor> flat = trainedOnSteps(GradientAccumulation.of(adam, 12), 24);
        for (int t = 1; t <= 24; t++) {
            for (int i = 0; i < 2; i++) {
                Expect.near(flat.get(t - 1).flat(i), deep.get(t - 1).flat(i), 1e-12,
                        "Adam, three levels against one, w[" + i + "] after step " + t);
            }
        }
        assertEquals(true, flat.get(11).flat(0) != 0 && flat.get(23).flat(0) != flat.get(11).flat(0),
                "the updates at steps 12 and 24 moved w");
    }

    private static void assertEqualBits(Tensor expected, Tensor actual, String what) {
        assertEquals(true, expected.sameValues(actual), what + ": expected " + expected + ", got " + actual);
    }
}
