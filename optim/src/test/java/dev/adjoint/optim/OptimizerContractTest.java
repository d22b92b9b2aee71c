package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Laws every optimizer obeys, checked on each of {@link AllOptimizers#all()}. */
class OptimizerContractTest {

    static java.util.stream.Stream<Optimizer> optimizers() {
        return AllOptimizers.all();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void initHoldsTheSlotsShapedLikeTheParameter(Optimizer optimizer) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor param = Tensor.zeros(dtype, Shape.of(2, 3));
            Map<String, Tensor> state = optimizer.init(param);
            assertEquals(optimizer.slots(), List.copyOf(state.keySet()));
            for (Tensor slot : state.values()) {
                assertEquals(dtype, slot.dtype());
                assertEquals(param.shape(), slot.shape());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void initOfNamedParametersNamesEverySlotByItsPath(Optimizer optimizer) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("dense/kernel", Tensor.zeros(DType.FLOAT32, Shape.of(2, 3)));
        params.put("dense/bias", Tensor.zeros(DType.FLOAT32, Shape.of(3)));
        Map<String, Tensor> state = optimizer.init(params);
        List<String> expected = new ArrayList<>();
        params.forEach((p, value) -> optimizer.slots().forEach(slot -> expected.add(p + "/" + slot)));
        assertEquals(expected, List.copyOf(state.keySet()));
        params.forEach((p, value) -> optimizer.slots().forEach(slot -> assertTrue(
                state.get(Optimizer.stateName(p, slot)).sameValues(optimizer.init(value).get(slot)), slot)));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void resumingFromSavedStateIsBitIdentical(Optimizer optimizer) {
        StepLoop.Loss loss = p -> Problems.leastSquares(p.get(0));
        Tensor start = Tensor.vector(0, 0);
        StepLoop straight = StepLoop.compile(optimizer, loss, start);
        StepLoop.State five = straight.run(straight.start(start), 5);

        StepLoop.State three = straight.run(straight.start(start), 3);
        Map<String, Tensor> slots = new LinkedHashMap<>();
        three.slots().forEach((k, v) -> slots.put(k, saveAndLoad(v)));
        StepLoop.State restored = new StepLoop.State(Map.of("w0", saveAndLoad(three.params().get("w0"))), slots);
        StepLoop resumed = StepLoop.compile(optimizer, loss, start);      // a fresh graph, as after a restart
        List<StepLoop.State> after = resumed.trace(restored, 4, 2);

        StepLoop.State end = after.get(1);
        assertTrue(end.params().get("w0").sameValues(five.params().get("w0")), "parameters");
        for (String slot : optimizer.slots()) {
            assertTrue(end.slot(0, slot).sameValues(five.slot(0, slot)), slot);
        }
    }

    /** A tensor written out as plain numbers and read back. */
    private static Tensor saveAndLoad(Tensor t) {
        return Tensor.of(t.dtype(), t.shape(), t.toDoubleArray());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void parametersAreUpdatedIndependently(Optimizer optimizer) {
        Tensor w0 = Tensor.vector(Problems.W0);
        Tensor w1 = Tensor.vector(0, 0);
        StepLoop loop = StepLoop.compile(optimizer,
                p -> Problems.quadratic(p.get(0)).add(Problems.leastSquares(p.get(1))), List.of(w0, w1));
        StepLoop.State both = loop.run(loop.start(w0, w1), 3);
        StepLoop.State first = Problems.quadraticTrace(optimizer, 3).get(2);
        StepLoop.State second = Problems.leastSquaresRun(optimizer, 3);
        assertTrue(both.params().get("w0").sameValues(first.params().get("w0")), "the first parameter");
        assertTrue(both.params().get("w1").sameValues(second.params().get("w0")), "the second parameter");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void withLearningRateKeepsTheOtherHyperparameters(Optimizer optimizer) {
        Schedule schedule = Schedule.cosineDecay(0.02, 100, 0.0);
        Optimizer changed = optimizer.withLearningRate(schedule);
        assertSame(schedule, changed.learningRate());
        assertEquals(optimizer, changed.withLearningRate(optimizer.learningRate()));
        assertEquals(optimizer.slots(), changed.slots());
        assertEquals(optimizer.name(), changed.name());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void rejectsArgumentsThatDoNotFit(Optimizer optimizer) {
        String name = optimizer.name();
        Node w = SourceOp.input("w", Shape.of(2));
        Node t = SourceOp.input("t", Shape.scalar());
        Map<String, Node> state = new LinkedHashMap<>();
        for (String slot : optimizer.slots()) {
            state.put(slot, SourceOp.input(slot, Shape.of(2)));
        }
        Expect.rejects(name + ": grad must have the parameter's shape [2], got f64[3]",
                () -> optimizer.update(w, SourceOp.input("g", Shape.of(3)), state, t));
        Map<String, Node> tooMany = new LinkedHashMap<>(state);
        tooMany.put("extra", SourceOp.input("extra", Shape.of(2)));
        Expect.rejects(name + ": state must hold exactly the slots " + optimizer.slots() + ", got "
                + tooMany.keySet(), () -> optimizer.update(w, w, tooMany, t));
        if (!state.isEmpty()) {
            Map<String, Node> wrongType = new LinkedHashMap<>(state);
            String first = optimizer.slots().get(0);
            wrongType.put(first, SourceOp.input("s", Shape.of(2), DType.FLOAT32));
            Expect.rejects(name + ": state slot '" + first + "' must have the parameter's"
                    + " type f64[2], got f32[2]", () -> optimizer.update(w, w, wrongType, t));
        }
        Expect.rejects(name + ": step must be a rank-0 node, got f64[1]",
                () -> optimizer.update(w, w, state, SourceOp.input("t1", Shape.of(1))));
        Map<String, Node> named = new LinkedHashMap<>();
        state.forEach((slot, node) -> named.put(Optimizer.stateName("w", slot), node));
        Expect.rejects(name + ": grads must name exactly the parameters [w], got [v]",
                () -> optimizer.update(Map.of("v", w), named, Map.of("w", w), t));
        Expect.rejects(name + ": grad must have the parameter's shape [2], got f64[3] (parameter 'w')",
                () -> optimizer.update(Map.of("w", SourceOp.input("g", Shape.of(3))), named, Map.of("w", w), t));
        Expect.rejects(name + ": learningRate must be non-negative and finite, got -1.0",
                () -> optimizer.withLearningRate(-1.0));
    }

    /**
     * The state of named parameters must hold exactly their {@code p/s} keys: a misnamed, missing or extra key is
     * an IllegalArgumentException listing the missing and the unexpected keys with their parameters (a key of
     * the right count but the wrong name was a NullPointerException about a null slot).
     */
    @ParameterizedTest
    @MethodSource("optimizers")
    void aMisnamedMissingOrExtraStateKeyIsReportedWithItsParameter(Optimizer optimizer) {
        String name = optimizer.name();
        List<String> slots = optimizer.slots();
        Node t = SourceOp.input("t", Shape.scalar());
        Map<String, Node> params = new LinkedHashMap<>();
        Map<String, Node> grads = new LinkedHashMap<>();
        Map<String, Node> state = new LinkedHashMap<>();
        for (String p : List.of("dense/kernel", "dense/bias")) {
            params.put(p, SourceOp.input(p, Shape.of(2)));
            grads.put(p, SourceOp.input(p + "/grad", Shape.of(2)));
            slots.forEach(slot -> state.put(Optimizer.stateName(p, slot), SourceOp.input(p + "/" + slot, Shape.of(2))));
        }
        assertEquals(params.keySet(), optimizer.update(grads, state, params, t).params().keySet(), "the valid state");
        String prefix = name + ": state must hold exactly the slots " + slots + " of each parameter, ";

        if (!slots.isEmpty()) {
            String lastSlot = slots.get(slots.size() - 1);
            String last = "dense/kernel/" + lastSlot;
            String wrong = "dense/kernel/" + lastSlot.toUpperCase(java.util.Locale.ROOT);
            Map<String, Node> misnamed = new LinkedHashMap<>(state);
            misnamed.put(wrong, misnamed.remove(last));
            Expect.rejects(prefix + "missing [" + last + "] (parameter 'dense/kernel'), unexpected [" + wrong
                    + "] (parameter 'dense/kernel')", () -> optimizer.update(grads, misnamed, params, t));
            Map<String, Node> missing = new LinkedHashMap<>(state);
            slots.forEach(slot -> missing.remove("dense/bias/" + slot));
            List<String> keys = new ArrayList<>();
            slots.forEach(slot -> keys.add("dense/bias/" + slot));
            Expect.rejects(prefix + "missing " + keys + " (parameter 'dense/bias')",
                    () -> optimizer.update(grads, missing, params, t));
        }
        Map<String, Node> extra = new LinkedHashMap<>(state);
        extra.put("dense/bias/extra", SourceOp.input("e", Shape.of(2)));
        extra.put("other/m", SourceOp.input("o", Shape.of(2)));
        Expect.rejects(prefix + "unexpected [dense/bias/extra] (parameter 'dense/bias'), [other/m] (no such parameter)",
                () -> optimizer.update(grads, extra, params, t));
    }

    /**
     * An integer parameter is rejected with the optimizer's name and the float dtypes it expects (the message
     * was the tensor library's, about the learning rate 0.05 not being an integer).
     */
    @ParameterizedTest
    @MethodSource("optimizers")
    void anIntegerParameterIsRejectedByName(Optimizer optimizer) {
        Node t = SourceOp.input("t", Shape.scalar());
        for (DType dtype : new DType[] {DType.INT64, DType.INT32}) {
            Node w = SourceOp.input("w", Shape.of(2), dtype);
            Map<String, Node> state = new LinkedHashMap<>();
            Map<String, Node> named = new LinkedHashMap<>();
            for (String slot : optimizer.slots()) {
                state.put(slot, SourceOp.input(slot, Shape.of(2), dtype));
                named.put(Optimizer.stateName("w", slot), state.get(slot));
            }
            String message = optimizer.name() + ": param must be floating-point (f32 or f64), got " + w.type();
            Expect.rejects(message, () -> optimizer.update(w, SourceOp.input("g", Shape.of(2)), state, t));
            Expect.rejects(message, () -> optimizer.update(w, w, state, t));
            Expect.rejects(message + " (parameter 'w')",
                    () -> optimizer.update(Map.of("w", SourceOp.input("g", Shape.of(2))), named, Map.of("w", w), t));
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aGradientOfAnotherDtypeIsCastToTheParameters(Optimizer optimizer) {
        Node w = SourceOp.input("w", Shape.of(2), DType.FLOAT32);
        Map<String, Node> state = new LinkedHashMap<>();
        for (String slot : optimizer.slots()) {
            state.put(slot, SourceOp.input(slot, Shape.of(2), DType.FLOAT32));
        }
        ParamUpdate u = optimizer.update(w, SourceOp.input("g", Shape.of(2)), state,
                SourceOp.input("t", Shape.scalar()));
        assertEquals(DType.FLOAT32, u.param().dtype());
        assertEquals(optimizer.slots(), List.copyOf(u.state().keySet()));
        for (Node s : u.state().values()) {
            assertEquals(DType.FLOAT32, s.dtype());
        }
    }
}
