package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recurrent layers' outputs, final states and gradients (in the input, the weights and the biases) through
 * the compiler, whose bias folding and contraction merging rewrite the input projection and the weight
 * gradients: the compiled function gives the bits of the graph as written, for {@link SimpleRNN}, {@link LSTM}
 * and {@link GRU}, with and without returnSequences, goBackwards and a mask, in float32 and float64, on the
 * symbolic batch axis, and for one LSTM large enough for the GEMM's row blocks; and the gradients of masked,
 * backwards layers agree with central differences.
 */
class RecurrentCompiledGradientsTest {


    @Test
    void compiledOutputsAndGradientsAreTheBitsAsWritten() {
        for (Case c : Case.all()) {
            List<Node> inputs = c.inputs();
            List<Node> outputs = c.outputsAndGradients();
            List<Tensor> args = c.args();
            Function compiled = Function.of(inputs, outputs);
            List<Tensor> expected = Function.unoptimized(inputs, outputs).call(args);
            List<Tensor> actual = compiled.call(args);
            assertEquals(expected.size(), actual.size(), c.toString());
            for (int o = 0; o < expected.size(); o++) {
                assertEquals(expected.get(o).shape(), actual.get(o).shape(), c + " output " + o);
                for (int i = 0; i < expected.get(o).size(); i++) {
                    if (Double.doubleToLongBits(expected.get(o).flat(i))
                            != Double.doubleToLongBits(actual.get(o).flat(i))) {
                        throw new AssertionError(c + ": output " + o + " element " + i + " compiled "
                                + actual.get(o).flat(i) + ", as written " + expected.get(o).flat(i));
                    }
                }
            }
        }
    }

    /** The folding and merging do fire on a layer's training graph (else the test above checks less). */
    @Test
    void anLstmsTrainingGraphFoldsItsBiasAndMergesItsWeightGradients() {
        Case c = new Case("lstm", DType.FLOAT64, true, false, false);
        String explain = Function.of(c.inputs(), c.outputsAndGradients()).explain();
        assertTrue(explain.contains("matmul + bias -> GEMM with bias"), explain);
        assertTrue(explain.contains("contractions sharing an operand -> one contraction"), explain);
    }

    /** Masked, backwards LSTM and GRU: the compiled gradients against central differences. */
    @Test
    void maskedBackwardsGradientsAgreeWithCentralDifferences() {
        for (String kind : new String[] {"lstm", "gru", "rnn"}) {
            Case c = new Case(kind, DType.FLOAT64, true, true, true);
            Node loss = c.loss();
            List<Node> wrt = new ArrayList<>(c.inputs());
            wrt.remove(c.mask);
            List<Tensor> args = c.args();
            Bindings at = Bindings.empty();
            for (int i = 0; i < args.size(); i++) {
                at = at.and(c.inputs().get(i), args.get(i));
            }
            GradCheck.check(loss, wrt, at).assertPassed();
        }
    }

    /** One configuration of a layer and its arguments. */
    static final class Case {
        final String kind;
        final DType dtype;
        final boolean sequences;
        final boolean backwards;
        final Node mask;
        final ForwardGraph graph;
        final int steps;
        final int batch;

        Case(String kind, DType dtype, boolean sequences, boolean backwards, boolean masked) {
            this(kind, dtype, sequences, backwards, masked, 5, 3, 4, 3);
        }

        Case(String kind, DType dtype, boolean sequences, boolean backwards, boolean masked, int steps, int features,
                int units, int batch) {
            this.steps = steps;
            this.batch = batch;
            this.kind = kind;
            this.dtype = dtype;
            this.sequences = sequences;
            this.backwards = backwards;
            this.mask = masked ? SourceOp.input("mask", Shape.of(Shape.BATCH, steps), dtype) : null;
            Layer layer = switch (kind) {
                case "rnn" -> SimpleRNN.of(units).returnSequences(sequences).returnState(true).goBackwards(backwards);
                case "lstm" -> LSTM.of(units).returnSequences(sequences).returnState(true).goBackwards(backwards);
                default -> GRU.of(units).returnSequences(sequences).returnState(true).goBackwards(backwards);
            };
            this.graph = ForwardGraph.build((x, layers) -> {
                List<Node> out = layers.applyAll(layer, List.of(mask == null ? x : layers.mask(x, mask)));
                Node sum = null;
                for (int i = 0; i < out.size(); i++) {
                    Node part = out.get(i).sin().mul(1.0 + i).sum();
                    sum = sum == null ? part : sum.add(part);
                }
                return sum;
            }, Shape.of(Shape.BATCH, steps, features), dtype, false, null);
        }

        static List<Case> all() {
            List<Case> all = new ArrayList<>();
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
                for (String kind : new String[] {"rnn", "lstm", "gru"}) {
                    for (int flags = 0; flags < 8; flags++) {
                        all.add(new Case(kind, dtype, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
                    }
                }
            }
            // an input projection of 40·64 rows × 512 (10 MB): the folded bias's row blocks
            all.add(new Case("lstm", DType.FLOAT64, true, true, true, 40, 32, 128, 64));
            return all;
        }

        Node loss() {
            return graph.output();
        }

        List<Node> inputs() {
            List<Node> inputs = new ArrayList<>(List.of(graph.input()));
            for (Map.Entry<String, Node> p : new java.util.TreeMap<>(graph.params()).entrySet()) {
                inputs.add(p.getValue());
            }
            if (mask != null) {
                inputs.add(mask);
            }
            return inputs;
        }

        List<Node> outputsAndGradients() {
            List<Node> wrt = new ArrayList<>(inputs());
            wrt.remove(mask);
            List<Node> all = new ArrayList<>(List.of(loss()));
            all.addAll(Autodiff.grad(loss(), wrt.toArray(new Node[0])));
            return all;
        }

        List<Tensor> args() {
            List<Tensor> args = new ArrayList<>();
            int seed = 7;
            for (Node in : inputs()) {
                if (in == mask) {
                    double[] m = new double[batch * steps];
                    for (int row = 0; row < batch; row++) {
                        for (int t = 0; t < steps - row % steps; t++) { // lengths T, T - 1, ...
                            m[row * steps + t] = 1;
                        }
                    }
                    args.add(Tensor.of(dtype, Shape.of(batch, steps), m));
                } else {
                    int[] dims = new int[in.rank()];
                    for (int a = 0; a < dims.length; a++) {
                        dims[a] = in.shape().dim(a) == Shape.BATCH ? batch : in.shape().dim(a);
                    }
                    args.add(Tensor.uniform(Key.of(++seed), dtype, Shape.of(dims), -0.8, 0.8));
                }
            }
            return args;
        }

        @Override
        public String toString() {
            return kind + " " + dtype.shortName() + (sequences ? " returnSequences" : "")
                    + (backwards ? " goBackwards" : "") + (mask != null ? " masked" : "");
        }
    }
}
