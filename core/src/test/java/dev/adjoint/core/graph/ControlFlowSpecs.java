package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.SHAPE_ONLY;

import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the op table for the ops with several outputs: the control flow of {@link ControlFlowOp}, whose
 * bodies are drawn at random (a few steps of tanh, sin, sigmoid, products with a vector and with a matrix, all
 * read from the graph around the body), and {@link MultiOutputOp.Pack}. The steps keep values bounded
 * ({@code v * tanh(w)}, {@code tanh(v . m)}): a product of unbounded factors over several steps is a polynomial of
 * high degree, whose third derivative makes float32's central differences (eps 0.01) miss by more than their
 * tolerance, a property of the check, not of the VJP (float64 passes either way). Each case reads one output, drawn
 * among the op's outputs, through its {@link MultiOutputOp.Part}.
 */
final class ControlFlowSpecs {

    private ControlFlowSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(scan(Scan.Residuals.RECOMPUTE), scan(Scan.Residuals.STORE), cond(), checkpoint(), whileLoop(),
                pack());
    }

    /** One step of a random body, {@code v -> op(v, x, w, m)}, keeping v's shape {@code [..., F]}. */
    private record Step(String name, int kind) {
        Node apply(Node v, Node x, Node w, Node m) {
            return switch (kind) {
                case 0 -> v.add(x).tanh();
                case 1 -> v.mul(w.tanh());
                case 2 -> v.sin().mul(x);
                case 3 -> v.sigmoid().add(w);
                default -> v.matmul(m).tanh();
            };
        }
    }

    private static final List<Step> STEPS = List.of(new Step("tanh(v + x)", 0), new Step("v * tanh(w)", 1),
            new Step("sin(v) * x", 2), new Step("sigmoid(v) + w", 3), new Step("tanh(v . m)", 4));

    /** A random body of one to three steps. */
    private static List<Step> program(Draw d) {
        List<Step> steps = new ArrayList<>();
        int n = d.integer(1, 3);
        for (int i = 0; i < n; i++) {
            steps.add(STEPS.get(d.choices.drawInt(STEPS.size())));
        }
        return steps;
    }

    private static Node run(List<Step> program, Node v, Node x, Node w, Node m) {
        Node h = v;
        for (Step s : program) {
            h = s.apply(h, x, w, m);
        }
        return h;
    }

    /**
     * {@code (c, x_t) -> (c', y_t)} with a random body reading a vector w and a matrix m from outside, over T in
     * [0, 4] steps (forward or reverse), one or two carried values; the case reads one output: a final carry or
     * the stacked outputs. The carry is batched ({@code [N, F]}); the sequence is {@code [T, F]}.
     */
    static OpSpec scan(Scan.Residuals residuals) {
        return OpSpec.of(residuals == Scan.Residuals.RECOMPUTE ? "scan" : "scan residuals stored", Draw.cases(d -> {
            int rows = d.integer(1, 3);
            int f = d.integer(1, 3);
            int steps = d.integer(0, 4);
            boolean reverse = d.bool();
            boolean two = d.bool();
            List<Step> body = program(d);
            List<Step> second = program(d);
            int output = d.choices.drawInt(two ? 3 : 2);
            List<Arg> args = List.of(Arg.of("c0", d.tensor(Shape.of(rows, f), Domain.REAL)).batched(),
                    Arg.of("xs", d.tensor(Shape.of(steps, f), Domain.REAL)),
                    Arg.of("w", d.tensor(Shape.of(f), Domain.REAL)),
                    Arg.of("m", d.tensor(Shape.of(f, f), Domain.REAL)));
            Scan.Options options = Scan.Options.defaults().with(residuals);
            return new OpCase("scan " + steps + " steps" + (reverse ? " reversed" : "") + ", body " + body
                    + (two ? ", second carry " + second : "") + ", output " + output, args, in -> {
                        Node w = in.get(2);
                        Node m = in.get(3);
                        List<Node> init = two ? List.of(in.get(0), in.get(0).mul(0.5)) : List.of(in.get(0));
                        Scan.Result r = ControlFlowOp.scan(init, List.of(in.get(1)), (c, x) -> {
                            Node h = run(body, c.get(0), x.get(0), w, m);
                            List<Node> carry = two ? List.of(h, run(second, c.get(1), x.get(0), w, m).mul(h))
                                    : List.of(h);
                            return new Scan.Step(carry, List.of(h.mul(c.get(0))));
                        }, reverse ? options.reversed() : options);
                        List<Node> outputs = new ArrayList<>(r.carry());
                        outputs.addAll(r.ys());
                        return outputs.get(output);
                    });
        }), SECOND_ORDER);
    }

    /** {@code p != 0 ? f(a) : g(a)} with random branches reading w and m from outside; p is a 0/1 index. */
    static OpSpec cond() {
        return OpSpec.of("cond", Draw.cases(d -> {
            int rows = d.integer(1, 3);
            int f = d.integer(1, 3);
            List<Step> yes = program(d);
            List<Step> no = program(d);
            int output = d.choices.drawInt(2);
            List<Arg> args = List.of(Arg.index("p", d.mask(Shape.scalar())),
                    Arg.of("a", d.tensor(Shape.of(rows, f), Domain.REAL)).batched(),
                    Arg.of("x", d.tensor(Shape.of(f), Domain.REAL)),
                    Arg.of("w", d.tensor(Shape.of(f), Domain.REAL)),
                    Arg.of("m", d.tensor(Shape.of(f, f), Domain.REAL)));
            return new OpCase("cond " + yes + " else " + no + ", output " + output, args, in -> {
                Node x = in.get(2);
                Node w = in.get(3);
                Node m = in.get(4);
                List<Node> out = ControlFlowOp.cond(in.get(0), List.of(in.get(1)),
                        a -> List.of(run(yes, a.get(0), x, w, m), a.get(0).mul(x)),
                        a -> List.of(run(no, a.get(0), w, x, m), a.get(0).square()));
                return out.get(output);
            });
        }), SECOND_ORDER);
    }

    /** {@code f(a, b)} with a random f reading m from outside, its inside recomputed in the backward pass. */
    static OpSpec checkpoint() {
        return OpSpec.of("checkpoint", Draw.cases(d -> {
            int rows = d.integer(1, 3);
            int f = d.integer(1, 3);
            List<Step> body = program(d);
            int output = d.choices.drawInt(2);
            List<Arg> args = List.of(Arg.of("a", d.tensor(Shape.of(rows, f), Domain.REAL)).batched(),
                    Arg.of("b", d.tensor(Shape.of(f), Domain.REAL)),
                    Arg.of("m", d.tensor(Shape.of(f, f), Domain.REAL)));
            return new OpCase("checkpoint " + body + ", output " + output, args, in -> {
                Node m = in.get(2);
                List<Node> out = ControlFlowOp.checkpoint(List.of(in.get(0), in.get(1)), a -> {
                    Node h = run(body, a.get(0), a.get(1), a.get(1), m);
                    return List.of(h, h.mul(a.get(1)).sum());
                });
                return out.get(output);
            });
        }), SECOND_ORDER);
    }

    /**
     * {@code c = tanh(c + x)} while a counter is below a bound drawn in [0, 3]; forward only, so only its shape
     * rule is a property (the error a gradient gives is tested apart).
     */
    static OpSpec whileLoop() {
        return OpSpec.of("whileLoop", Draw.cases(d -> {
            int rows = d.integer(1, 3);
            int f = d.integer(1, 3);
            int bound = d.integer(0, 3);
            int output = d.choices.drawInt(2);
            List<Arg> args = List.of(Arg.of("c0", d.tensor(Shape.of(rows, f), Domain.REAL)).batched(),
                    Arg.of("x", d.tensor(Shape.of(f), Domain.REAL)));
            return new OpCase("whileLoop " + bound + " steps, output " + output, args, in -> {
                Node counter = SourceOp.scalar(0, in.get(0).dtype());
                List<Node> out = ControlFlowOp.whileLoop(List.of(in.get(0), counter),
                        c -> BinaryOp.less(c.get(1), SourceOp.scalar(bound, c.get(1).dtype())),
                        c -> List.of(c.get(0).add(in.get(1)).tanh(), c.get(1).add(1.0)));
                return out.get(output);
            });
        }), SHAPE_ONLY);
    }

    /** A tuple of its arguments, read back one output at a time: linear. */
    static OpSpec pack() {
        return OpSpec.of("pack", Draw.cases(d -> {
            Shape a = d.shape(1, Draw.MAX_RANK);
            Shape b = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.tensor(a, Domain.REAL);
            Tensor y = d.tensor(b, Domain.REAL);
            int output = d.choices.drawInt(2);
            return new OpCase("pack " + a + " " + b + ", output " + output,
                    List.of(Arg.of("a", x).batched(), Arg.of("b", y)),
                    in -> MultiOutputOp.parts(Node.apply(new MultiOutputOp.Pack(), in)).get(output));
        }), LINEAR, SECOND_ORDER);
    }
}
