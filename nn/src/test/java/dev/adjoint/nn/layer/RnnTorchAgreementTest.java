package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.io.Integrity;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ForwardGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Given the same weights, {@link SimpleRNN}, {@link LSTM} and {@link GRU} (alone, in {@link Bidirectional}, and
 * on padded sequences through masks) compute PyTorch's outputs, final states and gradients: the fixtures were
 * written once by {@code nn/src/test/python/torch_rnn_fixtures.py} with {@code torch.nn.RNN/LSTM/GRU} (in float64
 * and float32), and PyTorch's weights enter through the documented layout changes: {@code kernel = W_ihᵀ},
 * {@code recurrent_kernel = W_hhᵀ}; one bias {@code b_ih + b_hh} for the RNN and the LSTM (whose gate order i, f,
 * g, o is Keras's i, f, c, o); for the GRU the gate blocks (r, z, n) reordered to Keras's (z, r, h) and the two
 * biases as the rows of {@code bias : [2, 3H]}. PyTorch's padded sequences ({@code pack_padded_sequence}) are the
 * masked ones here: the same final states, the same outputs at the present steps.
 */
class RnnTorchAgreementTest {

    private static final int H = 6;

    private static final String[] CASES = {"rnn", "lstm", "gru", "lstm_bidirectional", "gru_bidirectional",
        "lstm_packed", "gru_packed"};

    @TestFactory
    Stream<DynamicTest> outputsStatesAndGradientsMatchPyTorch() throws Exception {
        Path file = Path.of(RnnTorchAgreementTest.class.getResource("/fixtures/torch_rnn.safetensors").toURI());
        NamedTensors fixtures = SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT);
        List<DynamicTest> tests = new ArrayList<>();
        for (String dtype : new String[] {"f64", "f32"}) {
            for (String name : CASES) {
                tests.add(DynamicTest.dynamicTest(name + " " + dtype, () -> check(new Fixture(fixtures, dtype + "/"
                        + name + "/"), name, dtype.equals("f64") ? DType.FLOAT64 : DType.FLOAT32)));
            }
        }
        return tests.stream();
    }

    /** One case's tensors. */
    private record Fixture(NamedTensors all, String prefix) {
        Tensor get(String name) {
            return all.tensor(prefix + name);
        }

        boolean has(String name) {
            return all.tensors().containsKey(prefix + name);
        }
    }

    private static void check(Fixture f, String name, DType dtype) {
        String kind = name.substring(0, name.indexOf('_') < 0 ? name.length() : name.indexOf('_'));
        boolean bidirectional = name.endsWith("bidirectional");
        Tensor xValue = f.get("x");
        Shape xShape = xValue.shape();
        int n = xShape.dim(0);
        int t = xShape.dim(1);
        int states = kind.equals("lstm") ? 2 : 1;
        Recurrent cell = switch (kind) {
            case "rnn" -> SimpleRNN.of(H);
            case "lstm" -> LSTM.of(H);
            default -> GRU.of(H);
        };
        cell = (Recurrent) (cell instanceof SimpleRNN s ? s.returnSequences(true).returnState(true)
                : cell instanceof LSTM l ? l.returnSequences(true).returnState(true)
                : ((GRU) cell).returnSequences(true).returnState(true));
        Layer layer = bidirectional ? Bidirectional.of(cell) : cell;

        Map<Node, Tensor> values = new LinkedHashMap<>();
        Node h0 = f.has("h0") ? SourceOp.input("h0", Shape.of(n, H), dtype) : null;
        Node c0 = f.has("c0") ? SourceOp.input("c0", Shape.of(n, H), dtype) : null;
        Node mask = f.has("lengths") ? SourceOp.input("mask", Shape.of(n, t), dtype) : null;
        ForwardGraph g = ForwardGraph.build((x, layers) -> {
            List<Node> in = new ArrayList<>(List.of(mask == null ? x : layers.mask(x, mask)));
            if (h0 != null) {
                in.add(h0);
            }
            if (c0 != null) {
                in.add(c0);
            }
            List<Node> out = layers.applyAll(layer, in);
            // the output sequence, then each state as PyTorch stacks them: [directions, N, H]
            List<Node> parts = new ArrayList<>(List.of(out.get(0).reshape(1, n * t * out.get(0).shape().dim(2))));
            for (int s = 0; s < states; s++) {
                List<Node> directions = new ArrayList<>();
                for (int d = 0; d < (bidirectional ? 2 : 1); d++) {
                    directions.add(out.get(1 + d * states + s).reshape(1, n * H));
                }
                parts.add(MovementOp.concat(1, directions));
            }
            return MovementOp.concat(1, parts);
        }, xShape, dtype, false, null);
        values.put(g.input(), xValue);
        if (h0 != null) {
            values.put(h0, f.get("h0").reshape(Shape.of(n, H)));
        }
        if (c0 != null) {
            values.put(c0, f.get("c0").reshape(Shape.of(n, H)));
        }
        if (mask != null) {
            double[] m = new double[n * t];
            for (int row = 0; row < n; row++) {
                for (int step = 0; step < (int) f.get("lengths").flat(row); step++) {
                    m[row * t + step] = 1;
                }
            }
            values.put(mask, Tensor.of(dtype, Shape.of(n, t), m));
        }
        Map<String, Tensor> weights = weights(f, kind, bidirectional, dtype);
        weights.forEach((param, value) -> values.put(g.params().get(param), value));

        // PyTorch's outputs at absent steps are zeros, ours repeat the last output: compare the present ones
        Tensor present = mask == null ? null : values.get(mask);
        int width = g.output().shape().dim(1);
        int outputs = n * t * (bidirectional ? 2 : 1) * H;
        double[] seed = new double[width];
        double[] r = f.get("r").toDoubleArray();
        for (int i = 0; i < outputs; i++) {
            seed[i] = present == null || present.flat(i / ((bidirectional ? 2 : 1) * H)) != 0 ? r[i] : 0;
        }
        System.arraycopy(f.get("s").toDoubleArray(), 0, seed, outputs, f.get("s").size());
        if (states == 2) {
            System.arraycopy(f.get("q").toDoubleArray(), 0, seed, outputs + f.get("s").size(), f.get("q").size());
        }
        Node loss = g.output().mul(SourceOp.constant(Tensor.of(dtype, Shape.of(1, width), seed))).sum();
        List<Node> wrt = new ArrayList<>(values.keySet());
        wrt.remove(mask);
        List<Node> outputsAndGrads = new ArrayList<>(List.of(g.output()));
        outputsAndGrads.addAll(Autodiff.grad(loss, wrt.toArray(new Node[0])));
        List<Node> inputs = new ArrayList<>(values.keySet());
        List<Tensor> got = Function.of(inputs, outputsAndGrads).call(new ArrayList<>(values.values()));

        double rtol = dtype == DType.FLOAT64 ? 1e-10 : 2e-4;
        double atol = dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
        double[] ours = got.get(0).toDoubleArray();
        double[] out = f.get("out").toDoubleArray();
        for (int i = 0; i < outputs; i++) {
            if (seed[i] != 0 || present == null) {
                assertClose(out[i], ours[i], rtol, atol, "output " + i);
            }
        }
        assertArray(f.get("h_n"), ours, outputs, rtol, atol, "h_n");
        if (states == 2) {
            assertArray(f.get("c_n"), ours, outputs + f.get("h_n").size(), rtol, atol, "c_n");
        }
        Map<Node, Tensor> grads = new LinkedHashMap<>();
        for (int i = 0; i < wrt.size(); i++) {
            grads.put(wrt.get(i), got.get(1 + i));
        }
        assertArray(f.get("grad/x"), grads.get(g.input()).toDoubleArray(), 0, rtol, atol, "grad x");
        if (h0 != null) {
            assertArray(f.get("grad/h0"), grads.get(h0).toDoubleArray(), 0, rtol, atol, "grad h0");
        }
        if (c0 != null) {
            assertArray(f.get("grad/c0"), grads.get(c0).toDoubleArray(), 0, rtol, atol, "grad c0");
        }
        Map<String, Tensor> torchGrads = torchLayout(grads, g, kind, bidirectional);
        for (Map.Entry<String, Tensor> e : torchGrads.entrySet()) {
            assertArray(f.get("grad/" + e.getKey()), e.getValue().toDoubleArray(), 0, rtol, atol, "grad " + e.getKey());
        }
        assertEquals(bidirectional ? 8 : 4, torchGrads.size(), "every PyTorch weight compared");
    }

    /** Our parameters ({@code lstm/kernel}, ...) from PyTorch's ({@code weight_ih_l0}, ...). */
    private static Map<String, Tensor> weights(Fixture f, String kind, boolean bidirectional, DType dtype) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (int d = 0; d < (bidirectional ? 2 : 1); d++) {
            String suffix = d == 0 ? "_l0" : "_l0_reverse";
            String prefix = bidirectional ? "bidirectional/" + (d == 0 ? "forward/" : "backward/")
                    : (kind.equals("rnn") ? "simple_rnn" : kind) + "/";
            double[][] ih = rows(f.get("param/weight_ih" + suffix));
            double[][] hh = rows(f.get("param/weight_hh" + suffix));
            double[] bih = f.get("param/bias_ih" + suffix).toDoubleArray();
            double[] bhh = f.get("param/bias_hh" + suffix).toDoubleArray();
            if (kind.equals("gru")) {
                ih = gruOrder(ih);
                hh = gruOrder(hh);
                bih = gruOrder(bih);
                bhh = gruOrder(bhh);
                double[] both = new double[2 * bih.length];
                System.arraycopy(bih, 0, both, 0, bih.length);
                System.arraycopy(bhh, 0, both, bih.length, bhh.length);
                w.put(prefix + "bias", Tensor.of(dtype, Shape.of(2, bih.length), both));
            } else {
                double[] b = new double[bih.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = bih[i] + bhh[i];
                }
                w.put(prefix + "bias", Tensor.of(dtype, Shape.of(b.length), b));
            }
            w.put(prefix + "kernel", transposed(ih, dtype));
            w.put(prefix + "recurrent_kernel", transposed(hh, dtype));
        }
        return w;
    }

    /** Our parameters' gradients in PyTorch's layout, by PyTorch's names. */
    private static Map<String, Tensor> torchLayout(Map<Node, Tensor> grads, ForwardGraph g, String kind,
            boolean bidirectional) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int d = 0; d < (bidirectional ? 2 : 1); d++) {
            String suffix = d == 0 ? "_l0" : "_l0_reverse";
            String prefix = bidirectional ? "bidirectional/" + (d == 0 ? "forward/" : "backward/")
                    : (kind.equals("rnn") ? "simple_rnn" : kind) + "/";
            Tensor kernel = grads.get(g.params().get(prefix + "kernel"));
            Tensor recurrent = grads.get(g.params().get(prefix + "recurrent_kernel"));
            Tensor bias = grads.get(g.params().get(prefix + "bias"));
            double[][] ih = rows(transposed(rows(kernel), kernel.dtype()));
            double[][] hh = rows(transposed(rows(recurrent), recurrent.dtype()));
            double[] bih;
            double[] bhh;
            if (kind.equals("gru")) {
                ih = gruOrder(ih);
                hh = gruOrder(hh);
                double[][] b = rows(bias);
                bih = gruOrder(b[0]);
                bhh = gruOrder(b[1]);
            } else {
                bih = bias.toDoubleArray();
                bhh = bih; // b = b_ih + b_hh: both get b's gradient
            }
            out.put("weight_ih" + suffix, Tensor.matrix(ih));
            out.put("weight_hh" + suffix, Tensor.matrix(hh));
            out.put("bias_ih" + suffix, Tensor.vector(bih));
            out.put("bias_hh" + suffix, Tensor.vector(bhh));
        }
        return out;
    }

    /** PyTorch's GRU gate blocks (r, z, n) as Keras's (z, r, h); the same permutation is its own inverse. */
    private static double[][] gruOrder(double[][] rows) {
        int h = rows.length / 3;
        double[][] out = new double[rows.length][];
        for (int i = 0; i < h; i++) {
            out[i] = rows[h + i];
            out[h + i] = rows[i];
            out[2 * h + i] = rows[2 * h + i];
        }
        return out;
    }

    private static double[] gruOrder(double[] v) {
        double[][] rows = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            rows[i] = new double[] {v[i]};
        }
        double[][] swapped = gruOrder(rows);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = swapped[i][0];
        }
        return out;
    }

    private static double[][] rows(Tensor m) {
        int r = m.shape().dim(0);
        int c = m.shape().dim(1);
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }

    private static Tensor transposed(double[][] m, DType dtype) {
        double[] out = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                out[j * m.length + i] = m[i][j];
            }
        }
        return Tensor.of(dtype, Shape.of(m[0].length, m.length), out);
    }

    private static void assertArray(Tensor expected, double[] actual, int offset, double rtol, double atol,
            String what) {
        double[] e = expected.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertClose(e[i], actual[offset + i], rtol, atol, what + " element " + i);
        }
    }

    private static void assertClose(double expected, double actual, double rtol, double atol, String what) {
        assertTrue(Math.abs(expected - actual) <= atol + rtol * Math.abs(expected), what + ": PyTorch " + expected
                + ", Adjoint " + actual);
    }
}
