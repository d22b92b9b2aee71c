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
import java.util.List;

/** Laws every optimizer obeys, checked on each of {@link AllOptimizers#all()}. */
class OptimizerContractTest {

    static java.util.stream.Stream<Optimizer> optimizers() {
        return AllOptimizers.all();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void initialStateIsParallelToStateNamesAndShapedLikeTheParameter(Optimizer optimizer) {
        for (DType dtype : DType.values()) {
            Tensor param = Tensor.zeros(dtype, Shape.of(2, 3));
            List<Tensor> state = optimizer.initialState(param);
            assertEquals(optimizer.stateNames().size(), state.size());
            for (Tensor slot : state) {
                assertEquals(dtype, slot.dtype());
                assertEquals(param.shape(), slot.shape());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void resumingFromSavedStateIsBitIdentical(Optimizer optimizer) {
        StepLoop.Loss loss = p -> Problems.leastSquares(p.get(0));
        Tensor start = Tensor.vector(0, 0);
        StepLoop straight = StepLoop.compile(optimizer, loss, start);
        StepLoop.State five = straight.run(straight.start(start), 5);

        StepLoop.State three = straight.run(straight.start(start), 3);
        StepLoop.State restored = new StepLoop.State(List.of(saveAndLoad(three.params().get(0))),
                List.of(three.slots().get(0).stream().map(OptimizerContractTest::saveAndLoad).toList()));
        StepLoop resumed = StepLoop.compile(optimizer, loss, start);      // a fresh graph, as after a restart
        List<StepLoop.State> after = resumed.trace(restored, 4, 2);

        StepLoop.State end = after.get(1);
        assertTrue(end.params().get(0).sameValues(five.params().get(0)), "parameters");
        for (int i = 0; i < optimizer.stateNames().size(); i++) {
            assertTrue(end.slots().get(0).get(i).sameValues(five.slots().get(0).get(i)),
                    optimizer.stateNames().get(i));
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
        assertTrue(both.params().get(0).sameValues(first.params().get(0)), "the first parameter");
        assertTrue(both.params().get(1).sameValues(second.params().get(0)), "the second parameter");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void withLearningRateKeepsTheOtherHyperparameters(Optimizer optimizer) {
        Schedule schedule = Schedule.cosineDecay(0.02, 100, 0.0);
        Optimizer changed = optimizer.withLearningRate(schedule);
        assertSame(schedule, changed.learningRate());
        assertEquals(optimizer, changed.withLearningRate(optimizer.learningRate()));
        assertEquals(optimizer.stateNames(), changed.stateNames());
        assertEquals(optimizer.name(), changed.name());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void rejectsArgumentsThatDoNotFit(Optimizer optimizer) {
        String name = optimizer.name();
        Node w = SourceOp.input("w", Shape.of(2));
        Node t = SourceOp.input("t", Shape.scalar());
        List<Node> state = new ArrayList<>();
        for (String slot : optimizer.stateNames()) {
            state.add(SourceOp.input(slot, Shape.of(2)));
        }
        Expect.rejects(name + ": grad must have the parameter's shape [2], got f64[3]",
                () -> optimizer.update(w, SourceOp.input("g", Shape.of(3)), state, t));
        List<Node> tooMany = new ArrayList<>(state);
        tooMany.add(SourceOp.input("extra", Shape.of(2)));
        Expect.rejects(name + ": state must have " + state.size() + " slots " + optimizer.stateNames() + ", got "
                + tooMany.size(), () -> optimizer.update(w, w, tooMany, t));
        if (!state.isEmpty()) {
            List<Node> wrongType = new ArrayList<>(state);
            wrongType.set(0, SourceOp.input("s", Shape.of(2), DType.FLOAT32));
            Expect.rejects(name + ": state slot '" + optimizer.stateNames().get(0) + "' must have the parameter's"
                    + " type f64[2], got f32[2]", () -> optimizer.update(w, w, wrongType, t));
        }
        Expect.rejects(name + ": step must be a rank-0 node, got f64[1]",
                () -> optimizer.update(w, w, state, SourceOp.input("t1", Shape.of(1))));
        Expect.rejects(name + ": params, grads and states must have equal lengths, got 1, 2 and 1",
                () -> optimizer.update(List.of(w), List.of(w, w), List.of(state), t));
        Expect.rejects(name + ": learningRate must be positive and finite, got -1.0",
                () -> optimizer.withLearningRate(-1.0));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aGradientOfAnotherDtypeIsCastToTheParameters(Optimizer optimizer) {
        Node w = SourceOp.input("w", Shape.of(2), DType.FLOAT32);
        List<Node> state = new ArrayList<>();
        for (String slot : optimizer.stateNames()) {
            state.add(SourceOp.input(slot, Shape.of(2), DType.FLOAT32));
        }
        ParamUpdate u = optimizer.update(w, SourceOp.input("g", Shape.of(2)), state, SourceOp.input("t", Shape.scalar()));
        assertEquals(DType.FLOAT32, u.param().dtype());
        for (Node s : u.state()) {
            assertEquals(DType.FLOAT32, s.dtype());
        }
    }
}
