package dev.adjoint.core.eval;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.Contract;
import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Scan;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages for the mistakes researchers make when wiring functions by hand name the thing as the caller knows
 * it and the way forward: a {@link NamedFunction} argument by its argument name and position (not its input
 * node's name, which two models may share); a second input node with a declared input's name as such; a body's
 * placeholder read outside its loop or branch as an escaped node; an unused binding with the lenient mode to use;
 * a custom op's failing forward with the op, its node and its arguments' types. After each case the witness
 * graph evaluates bit-identically.
 */
class MisuseMessagesTest {

    private final Contract.Witness witness = new Contract.Witness();

    @AfterEach
    void nothingValidChanged() {
        witness.unchanged();
    }

    @Test
    void aNamedFunctionNamesTheArgumentNotItsInputNode() {
        Node generator = SourceOp.input("dense/kernel", Shape.of(3, 16));
        Node discriminator = SourceOp.input("dense/kernel", Shape.of(2, 16));
        Map<String, Node> arguments = new LinkedHashMap<>();
        arguments.put("G/dense/kernel", generator);
        arguments.put("D/dense/kernel", discriminator);
        NamedFunction f = NamedFunction.of(arguments, Map.of("s", generator.sum().add(discriminator.sum())));
        rejects(IllegalArgumentException.class, () -> f.call(Map.of("G/dense/kernel", Tensor.zeros(Shape.of(3, 16)),
                "D/dense/kernel", Tensor.zeros(Shape.of(3, 16)))),
                "call: argument 'D/dense/kernel' (position 1 of 2; input node 'dense/kernel') expects f64[2, 16],"
                        + " got f64[3, 16]");
        Node x = SourceOp.input("x", Shape.of(2));
        NamedFunction g = NamedFunction.of(Map.of("z", x), Map.of("s", x.sum()));
        rejects(IllegalArgumentException.class, () -> g.call(Map.of("z", Tensor.zeros(DType.FLOAT32, Shape.of(2)))),
                "call: argument 'z' (position 0 of 1; input node 'x') expects f64[2], got f32[2]");
        assertEquals(2.0, g.call(Map.of("z", Tensor.vector(0.5, 1.5))).get("s").item(), "valid calls unchanged");
        Node rows = SourceOp.input("x", Shape.of(Shape.BATCH, 2));
        Node labels = SourceOp.input("y", Shape.of(Shape.BATCH));
        Map<String, Node> batch = new LinkedHashMap<>();
        batch.put("features", rows);
        batch.put("labels", labels);
        NamedFunction h = NamedFunction.of(batch, Map.of("s", rows.sum().add(labels.sum())));
        rejects(IllegalArgumentException.class, () -> h.call(Map.of("features", Tensor.zeros(Shape.of(3, 2)),
                "labels", Tensor.zeros(Shape.of(4)))), "call: argument 'labels' (position 1 of 2; input node 'y')"
                + " expects f64[N] with N = 3 (from argument 'features' (position 0 of 2; input node 'x')),"
                + " got f64[4]");
    }

    @Test
    void aFunctionStillNamesItsInputNodes() {
        rejects(IllegalArgumentException.class, () -> witness.function().call(Tensor.zeros(Shape.of(2, 3)),
                Tensor.zeros(Shape.of(2, 3))), "call: input 'w' expects f64[3, 2], got f64[2, 3]");
    }

    @Test
    void aSecondInputNodeWithADeclaredNameIsToldApart() {
        Node w = SourceOp.input("W", Shape.of(2, 2));
        Node other = SourceOp.input("W", Shape.of(2, 2));
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(w), List.of(other.add(w))),
                "function: the outputs need input 'W' : f64[2, 2]",
                "the declared input 0 'W' : f64[2, 2] is a different input node also named 'W'");
    }

    @Test
    void aNodeThatEscapedAScanBodyIsNamedAsSuch() {
        Node h = SourceOp.input("h", Shape.of(2));
        Node xs = SourceOp.input("xs", Shape.of(4, 2));
        Node[] escaped = new Node[1];
        Scan.Result loop = ControlFlowOp.scan(List.of(h), List.of(xs), (carry, x) -> {
            escaped[0] = carry.get(0).mul(2.0);
            return new Scan.Step(List.of(carry.get(0).add(x.get(0))), List.of());
        });
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(h, xs), List.of(escaped[0])),
                "input 'carry0' : f64[2], which is the carry 0 of a scan body",
                "escaped", "use the loop's or branch's outputs");
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(escaped[0], Bindings.empty()),
                "the carry 0 of a scan body", "escaped");
        // with the loop's own inputs bound, the escape is still the error named (it was "'h' is bound but the
        // outputs do not use it", pointing to the lenient mode, which then named the escape)
        Bindings loopInputs = Bindings.of(h, Tensor.vector(0, 0));
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(escaped[0], loopInputs),
                "the carry 0 of a scan body", "escaped");
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluateIgnoringUnused(escaped[0], loopInputs),
                "the carry 0 of a scan body", "escaped");
        Function valid = Function.of(List.of(h, xs), loop.carry());
        assertEquals(List.of(4.0, 8.0), List.of(valid.call(Tensor.vector(0, 0), Tensor.full(DType.FLOAT64,
                Shape.of(4, 2), 1)).get(0).get(0), valid.call(Tensor.vector(0, 0), Tensor.full(DType.FLOAT64,
                Shape.of(4, 2), 2)).get(0).get(1)));
        assertTrue(ControlFlowOp.bodyParameter(escaped[0].inputs().get(0)).isPresent());
        assertFalse(ControlFlowOp.bodyParameter(h).isPresent(), "a user's input is no body's placeholder");
    }

    @Test
    void aNodeThatEscapedACondBranchIsNamedAsSuch() {
        Node p = SourceOp.input("p", Shape.scalar());
        Node a = SourceOp.input("a", Shape.of(3));
        Node[] escaped = new Node[1];
        ControlFlowOp.cond(p, List.of(a), operands -> {
            escaped[0] = operands.get(0).exp();
            return List.of(escaped[0]);
        }, operands -> List.of(operands.get(0)));
        rejects(IllegalArgumentException.class, () -> Function.of(List.of(p, a), List.of(escaped[0])),
                "input 'operand0' : f64[3], which is the operand 0 of a cond branch (ifTrue)", "escaped");
    }

    @Test
    void anUnusedBindingPointsToTheLenientModeForGradients() {
        Node w = SourceOp.input("w", Shape.of(5));
        Node gradient = Autodiff.grad(w.mul(SourceOp.constant(Tensor.vector(1, 2, 3, 4, 5))).sum(), w);
        Bindings at = Bindings.of(w, Tensor.zeros(Shape.of(5)));
        rejects(IllegalArgumentException.class, () -> Evaluator.evaluate(gradient, at),
                "evaluate: input 'w' : f64[5] is bound but the outputs do not use it",
                "use Evaluator.evaluateIgnoringUnused", "linear");
        assertTrue(Tensor.vector(1, 2, 3, 4, 5).sameValues(Evaluator.evaluateIgnoringUnused(gradient, at)));
    }

    /** A custom op whose forward throws what it is given. */
    private record Failing(RuntimeException failure) implements CustomOp {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public DType dtype(List<Node> in) {
            return in.get(0).dtype();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            throw failure;
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar);
        }
    }

    @Test
    void aCustomOpsFailingForwardIsNamedWithItsArgumentsKeepingTypeAndCause() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node y = SourceOp.input("y", Shape.of(3), DType.FLOAT32);
        Tensor xValue = Tensor.zeros(Shape.of(2, 3));
        Tensor yValue = Tensor.zeros(DType.FLOAT32, Shape.of(3));
        ArithmeticException arithmetic = new ArithmeticException("division by zero");
        Function f = Function.of(List.of(x, y), List.of(Node.apply(new Failing(arithmetic), x, y).exp()));
        ArithmeticException e = rejects(ArithmeticException.class, () -> f.call(xValue, yValue),
                "custom op 'failing'", "(f64[2, 3], f32[3])", "division by zero");
        assertSame(arithmetic, e.getCause());
        IllegalArgumentException illegal = new IllegalArgumentException("bad value");
        Function g = Function.of(List.of(x, y), List.of(Node.apply(new Failing(illegal), x, y)));
        assertSame(illegal, rejects(IllegalArgumentException.class, () -> g.call(xValue, yValue), "custom op 'failing'",
                "bad value").getCause());
        assertSame(illegal, rejects(IllegalArgumentException.class, () -> g.withAnomalyDetection().call(xValue,
                yValue), "custom op 'failing'").getCause());
        UnsupportedOperationException other = new UnsupportedOperationException("not yet");
        Function h = Function.of(List.of(x, y), List.of(Node.apply(new Failing(other), x, y)));
        assertSame(other, rejects(IllegalStateException.class, () -> h.call(xValue, yValue), "custom op 'failing'",
                "UnsupportedOperationException: not yet").getCause());
    }
}
