package dev.adjoint.nn.layer;

import static dev.adjoint.nn.layer.conv.LayerGraphs.graph;
import static dev.adjoint.nn.layer.conv.LayerGraphs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.model.Architecture;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The recurrent layers' {@code dropout} and {@code recurrentDropout}, Keras 3's semantics: the layers against
 * Keras's cell formulas written out here with the masks the step's key documents (one input mask shared by the
 * gates without recurrent dropout, one input and one state mask per gate with it), masks that are the same at
 * every step with the expected rate and scale, the layer without dropout at inference and at rates 0, gradients
 * against central differences, masks of their own for Bidirectional's two directions, masking.
 */
class RecurrentDropoutTest {

    private static final int N = 3;
    private static final int T = 4;
    private static final int F = 5;
    private static final int H = 3;
    private static final Shape INPUT = Shape.of(Shape.BATCH, T, F);
    private static final double[] ROWS = {4, 0, 17};

    /**
     * The masks a model's first layer (salt 0) draws from stream {@code stream} (0 for the input, 1 for the
     * state), {@code [count][N][width]}: row r's uniform draw is {@code Tensor.uniform} of the key folded with the
     * stream's salt and the example's index, element {@code (g, k)} at {@code g * width + k}; kept below
     * {@code 1 - rate}, and then {@code 1 / (1 - rate)}.
     */
    private static double[][][] masks(long key, int stream, int count, int width, double rate) {
        long salt = Key.of(0).fold(stream).seed();
        double[][][] m = new double[count][ROWS.length][width];
        for (int r = 0; r < ROWS.length; r++) {
            Tensor u = Tensor.uniform(Key.of(key).fold(salt).fold((long) ROWS[r]), DType.FLOAT64,
                    Shape.of(count * width), 0, 1);
            for (int g = 0; g < count; g++) {
                for (int k = 0; k < width; k++) {
                    m[g][r][k] = u.flat(g * width + k) < 1 - rate ? 1 / (1 - rate) : 0;
                }
            }
        }
        return m;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Mask {@code g} (or the shared one) of row n at k; 1 without masks. */
    private static double mask(double[][][] m, int g, int n, int k) {
        return m.length == 0 ? 1 : m[Math.min(g, m.length - 1)][n][k];
    }

    /**
     * Gate block g's pre-activation {@code (x_t ∘ m_g) W_g + (h ∘ r_g) U_g} (U's block when {@code u} is given),
     * Keras's {@code implementation = 1} cell.
     */
    private static double[] block(Tensor x, int n, int t, Tensor w, double[] h, Tensor u, int g, double[][][] m,
            double[][][] r) {
        int gates = w.shape().dim(1) / H;
        double[] z = new double[H];
        for (int j = 0; j < H; j++) {
            double s = 0;
            for (int f = 0; f < F; f++) {
                s += x.flat((n * T + t) * F + f) * mask(m, g, n, f) * w.flat(f * gates * H + g * H + j);
            }
            for (int k = 0; u != null && k < H; k++) {
                s += h[k] * mask(r, g, n, k) * u.flat(k * gates * H + g * H + j);
            }
            z[j] = s;
        }
        return z;
    }

    /** Keras's LSTM cell with masks, every output {@code [N, T, H]}. */
    private static double[] lstm(Tensor x, Map<String, Tensor> p, double[][][] m, double[][][] r, boolean back) {
        double[] out = new double[N * T * H];
        for (int n = 0; n < N; n++) {
            double[] h = new double[H];
            double[] c = new double[H];
            for (int s = 0; s < T; s++) {
                int t = back ? T - 1 - s : s;
                double[][] z = new double[4][];
                for (int g = 0; g < 4; g++) {
                    z[g] = block(x, n, t, p.get("kernel"), h, p.get("recurrent_kernel"), g, m, r);
                }
                double[] next = new double[H];
                for (int j = 0; j < H; j++) {
                    double b = p.get("bias").flat(j);
                    double i = sigmoid(z[0][j] + b);
                    double f = sigmoid(z[1][j] + p.get("bias").flat(H + j));
                    double candidate = Math.tanh(z[2][j] + p.get("bias").flat(2 * H + j));
                    double o = sigmoid(z[3][j] + p.get("bias").flat(3 * H + j));
                    c[j] = f * c[j] + i * candidate;
                    next[j] = o * Math.tanh(c[j]);
                }
                h = next;
                System.arraycopy(h, 0, out, (n * T + s) * H, H);
            }
        }
        return out;
    }

    /** Keras's GRU cell with masks, every output {@code [N, T, H]}. */
    private static double[] gru(Tensor x, Map<String, Tensor> p, double[][][] m, double[][][] r, boolean resetAfter) {
        double[] out = new double[N * T * H];
        Tensor b = p.get("bias");
        Tensor u = p.get("recurrent_kernel");
        for (int n = 0; n < N; n++) {
            double[] h = new double[H];
            for (int t = 0; t < T; t++) {
                double[] xz = block(x, n, t, p.get("kernel"), h, null, 0, m, r);
                double[] xr = block(x, n, t, p.get("kernel"), h, null, 1, m, r);
                double[] xh = block(x, n, t, p.get("kernel"), h, null, 2, m, r);
                double[] next = new double[H];
                double[] reset = new double[H];
                double[] update = new double[H];
                for (int j = 0; j < H; j++) {
                    double rz = 0;
                    double rr = 0;
                    for (int k = 0; k < H; k++) {
                        rz += h[k] * mask(r, 0, n, k) * u.flat(k * 3 * H + j);
                        rr += h[k] * mask(r, 1, n, k) * u.flat(k * 3 * H + H + j);
                    }
                    double bz = resetAfter ? b.flat(j) + b.flat(3 * H + j) : b.flat(j);
                    double br = resetAfter ? b.flat(H + j) + b.flat(4 * H + j) : b.flat(H + j);
                    update[j] = sigmoid(xz[j] + rz + bz);
                    reset[j] = sigmoid(xr[j] + rr + br);
                }
                for (int j = 0; j < H; j++) {
                    double rh = 0;
                    for (int k = 0; k < H; k++) {
                        double state = h[k] * mask(r, 2, n, k);
                        rh += (resetAfter ? state : reset[k] * state) * u.flat(k * 3 * H + 2 * H + j);
                    }
                    double candidate = resetAfter
                            ? Math.tanh(xh[j] + b.flat(2 * H + j) + reset[j] * (rh + b.flat(5 * H + j)))
                            : Math.tanh(xh[j] + b.flat(2 * H + j) + rh);
                    next[j] = update[j] * h[j] + (1 - update[j]) * candidate;
                }
                h = next;
                System.arraycopy(h, 0, out, (n * T + t) * H, H);
            }
        }
        return out;
    }

    /** Keras's SimpleRNN cell with masks, every output {@code [N, T, H]}. */
    private static double[] simple(Tensor x, Map<String, Tensor> p, double[][][] m, double[][][] r) {
        double[] out = new double[N * T * H];
        for (int n = 0; n < N; n++) {
            double[] h = new double[H];
            for (int t = 0; t < T; t++) {
                double[] z = block(x, n, t, p.get("kernel"), h, p.get("recurrent_kernel"), 0, m, r);
                for (int j = 0; j < H; j++) {
                    h[j] = Math.tanh(z[j] + p.get("bias").flat(j));
                }
                System.arraycopy(h, 0, out, (n * T + t) * H, H);
            }
        }
        return out;
    }

    /** Random weights for every parameter of {@code layer}. */
    private static Map<String, Tensor> weights(Layer layer, long seed) {
        return weights(layer, INPUT, seed);
    }

    /** Random weights for every parameter of {@code layer} over inputs of {@code input}. */
    private static Map<String, Tensor> weights(Layer layer, Shape input, long seed) {
        Map<String, Tensor> p = new HashMap<>();
        long k = seed;
        for (ParamSpec s : layer.params(input)) {
            p.put(s.name(), Tensor.uniform(Key.of(++k), DType.FLOAT64, s.shape(), -0.7, 0.7));
        }
        return p;
    }

    private static Tensor sequence(long seed) {
        return Tensor.uniform(Key.of(seed), DType.FLOAT64, Shape.of(N, T, F), -1, 1);
    }

    private static void assertClose(double[] expected, Tensor actual, String what) {
        assertEquals(expected.length, actual.size(), what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.flat(i), 1e-12, what + " element " + i);
        }
    }

    /** A reference cell given the input and recurrent masks. */
    private interface Reference {
        double[] outputs(Tensor x, Map<String, Tensor> p, double[][][] m, double[][][] r);
    }

    /**
     * While training, each layer computes Keras's cell with the masks of the step's key: without recurrent dropout
     * one input mask shared by the gates (Keras's default {@code implementation = 2}); with it, one input mask and
     * one state mask per gate ({@code implementation = 1}); and a rate of 0 draws no mask of its kind.
     */
    @Test
    void trainingOutputsAreKerassCellWithTheMasksOfTheStepsKey() {
        record Kind(String name, Function<double[], Recurrent> layer, int gates, Reference reference) {
        }
        List<Kind> kinds = List.of(
                new Kind("SimpleRNN", d -> SimpleRNN.of(H).dropout(d[0]).recurrentDropout(d[1]), 1, (x, p, m, r) ->
                        simple(x, p, m, r)),
                new Kind("LSTM", d -> LSTM.of(H).dropout(d[0]).recurrentDropout(d[1]), 4, (x, p, m, r) ->
                        lstm(x, p, m, r, false)),
                new Kind("LSTM goBackwards", d -> LSTM.of(H).dropout(d[0]).recurrentDropout(d[1]).goBackwards(true), 4,
                        (x, p, m, r) -> lstm(x, p, m, r, true)),
                new Kind("GRU", d -> GRU.of(H).dropout(d[0]).recurrentDropout(d[1]), 3, (x, p, m, r) ->
                        gru(x, p, m, r, true)),
                new Kind("GRU resetAfter false", d -> GRU.of(H).resetAfter(false).dropout(d[0])
                        .recurrentDropout(d[1]), 3, (x, p, m, r) -> gru(x, p, m, r, false)));
        double[][] rates = {{0.4, 0}, {0, 0.3}, {0.25, 0.5}};
        long key = 31;
        for (Kind kind : kinds) {
            for (double[] rate : rates) {
                Recurrent layer = kind.layer().apply(rate);
                layer = layer instanceof LSTM l ? l.returnSequences(true) : layer instanceof GRU g
                        ? g.returnSequences(true) : ((SimpleRNN) layer).returnSequences(true);
                String what = kind.name() + " dropout " + rate[0] + " recurrentDropout " + rate[1];
                int count = rate[1] > 0 ? kind.gates() : 1;
                double[][][] m = rate[0] > 0 ? masks(key, 0, count, F, rate[0]) : new double[0][][];
                double[][][] r = rate[1] > 0 ? masks(key, 1, count, H, rate[1]) : new double[0][][];
                Map<String, Tensor> p = weights(layer, 3);
                Tensor x = sequence(5);
                Tensor y = run(graph(layer, INPUT, true), x, p, key, ROWS);
                assertClose(kind.reference().outputs(x, p, m, r), y, what);
                assertFalse(y.sameValues(run(graph(layer, INPUT, false), x, p, key, ROWS)), what
                        + ": training differs from inference");
            }
        }
    }

    /**
     * The same masks at every step, 0 or {@code 1 / (1 - rate)}, dropped in the fraction {@code rate}: a linear
     * SimpleRNN with {@code W = I} and {@code U = 0} over a sequence of ones outputs its input mask at every step,
     * and with {@code W = I}, {@code U = I} over a one then zeros outputs {@code r^t} at step t (so a unit the
     * state mask drops at step 1 stays dropped). The fraction dropped lies within 5 standard errors of the rate.
     */
    @Test
    void theMasksAreTheSameAtEveryStepAndDropTheRateScaledByItsComplement() {
        int n = 400;
        int f = 25;
        int t = 3;
        Shape input = Shape.of(Shape.BATCH, t, f);
        double rate = 0.3;
        double scale = 1 / (1 - rate);
        Tensor identity = eye(f);
        Map<String, Tensor> inputOnly = Map.of("kernel", identity, "recurrent_kernel", Tensor.zeros(Shape.of(f, f)));
        SimpleRNN linear = new SimpleRNN(f, new Linear(), false, new Zeros(), new Zeros(), new Zeros(), rate, 0, true,
                false, false, null);
        Tensor y = run(graph(linear, input, true), Tensor.ones(Shape.of(n, t, f)), inputOnly, 9);
        checkMasks(y, n, t, f, rate, scale, false);
        double[] pulse = new double[n * t * f];
        for (int row = 0; row < n; row++) {
            java.util.Arrays.fill(pulse, row * t * f, row * t * f + f, 1);
        }
        SimpleRNN recurrent = linear.dropout(0).recurrentDropout(rate);
        Tensor z = run(graph(recurrent, input, true), Tensor.of(DType.FLOAT64, Shape.of(n, t, f), pulse),
                Map.of("kernel", identity, "recurrent_kernel", identity), 9);
        checkMasks(z, n, t, f, rate, scale, true);
    }

    /**
     * Unit k of row n of {@code y : [n, t, f]} at step s is m, its value at step 1, at every step (the input mask),
     * or, for the state mask, {@code m^s}; m is 0 or {@code scale}, and the fraction of zeros lies within 5
     * standard errors of the rate.
     */
    private static void checkMasks(Tensor y, int n, int t, int f, double rate, double scale, boolean recurrent) {
        int dropped = 0;
        for (int row = 0; row < n; row++) {
            for (int k = 0; k < f; k++) {
                double m = y.flat((row * t + 1) * f + k);
                assertTrue(m == 0 || m == scale, "a mask value is 0 or 1 / (1 - rate), got " + m);
                dropped += m == 0 ? 1 : 0;
                double expected = 1;
                for (int s = 0; s < t; s++) {
                    expected = !recurrent ? m : s == 0 ? 1 : expected * m;
                    assertEquals(expected, y.flat((row * t + s) * f + k), 1e-12, "row " + row + " unit " + k
                            + " step " + s + ": the same mask at every step");
                }
            }
        }
        double p = (double) dropped / (n * f);
        assertEquals(rate, p, 5 * Math.sqrt(rate * (1 - rate) / (n * f)), "the fraction dropped");
    }

    private static Tensor eye(int n) {
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        return Tensor.of(DType.FLOAT64, Shape.of(n, n), v);
    }

    /** At inference, and at rates 0 while training, a layer is the layer without dropout, bit for bit. */
    @Test
    void inferenceAndZeroRatesGiveTheLayerWithoutDropoutBitForBit() {
        List<Recurrent> plain = List.of(SimpleRNN.of(H).returnSequences(true), LSTM.of(H).goBackwards(true),
                GRU.of(H).returnSequences(true), GRU.of(H).resetAfter(false));
        for (Recurrent layer : plain) {
            Recurrent dropped = layer instanceof LSTM l ? l.dropout(0.5).recurrentDropout(0.5) : layer instanceof GRU g
                    ? g.dropout(0.5).recurrentDropout(0.5) : ((SimpleRNN) layer).dropout(0.5).recurrentDropout(0.5);
            Map<String, Tensor> p = weights(layer, 11);
            Tensor x = sequence(12);
            Tensor expected = run(graph(layer, INPUT, false), x, p, 1, ROWS);
            assertTrue(expected.sameValues(run(graph(dropped, INPUT, false), x, p, 1, ROWS)), dropped.toString());
            ForwardGraph training = graph(layer, INPUT, true);
            assertTrue(expected.sameValues(run(training, x, p, 1, ROWS)), layer + " while training");
            assertTrue(Graphs.inputs(List.of(training.output())).stream()
                    .noneMatch(n -> SourceOp.inputName(n).equals("key")), "rates 0 draw nothing");
        }
    }

    /**
     * With the key fixed the masks are constants of the step: the gradients in the input and the weights agree with
     * central differences (3 examples of 3 steps of 2 features, 2 units: a rate of 0.5 drops some of each kind).
     */
    @Test
    void gradientsThroughDropoutLayersMatchCentralDifferences() {
        Shape input = Shape.of(Shape.BATCH, 3, 2);
        List<Recurrent> layers = List.of(LSTM.of(2).dropout(0.5).recurrentDropout(0.5).returnSequences(true),
                LSTM.of(2).dropout(0.5), GRU.of(2).resetAfter(false).dropout(0.5).recurrentDropout(0.5));
        for (Recurrent layer : layers) {
            ForwardGraph g = graph(layer, input, true);
            Map<String, Tensor> p = weights(layer, input, 21);
            Bindings at = Bindings.of(g.input(), Tensor.uniform(Key.of(22), DType.FLOAT64, Shape.of(N, 3, 2), -1, 1));
            List<Node> wrt = new ArrayList<>(List.of(g.input()));
            for (Node in : Graphs.inputs(List.of(g.output()))) {
                String name = SourceOp.inputName(in);
                if (name.equals("key")) {
                    at = at.and(in, Tensor.scalar(8));
                } else if (name.equals("rows")) {
                    at = at.and(in, Tensor.of(DType.FLOAT64, Shape.of(N), ROWS));
                } else if (in != g.input()) {
                    at = at.and(in, p.get(name.substring(name.indexOf('/') + 1)));
                    wrt.add(in);
                }
            }
            GradCheck.check(g.output().mul(g.output()).sum(), wrt, at).assertPassed();
        }
    }

    /**
     * Bidirectional's two directions draw masks of their own, as Keras's two layers do: a linear SimpleRNN with
     * {@code W = I}, {@code U = 0} over ones outputs its input mask, which differs between the two halves.
     */
    @Test
    void bidirectionalDirectionsDrawMasksOfTheirOwn() {
        SimpleRNN linear = new SimpleRNN(F, new Linear(), false, new Zeros(), new Zeros(), new Zeros(), 0.5, 0, true,
                false, false, null);
        Map<String, Tensor> p = Map.of("forward/kernel", eye(F), "forward/recurrent_kernel",
                Tensor.zeros(Shape.of(F, F)), "backward/kernel", eye(F), "backward/recurrent_kernel",
                Tensor.zeros(Shape.of(F, F)));
        Tensor y = run(graph(Bidirectional.of(linear), INPUT, true), Tensor.ones(Shape.of(N, T, F)), p, 3, ROWS);
        int differ = 0;
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < F; k++) {
                for (int t = 1; t < T; t++) {
                    assertEquals(y.flat((n * T) * 2 * F + k), y.flat((n * T + t) * 2 * F + k), 0, "forward");
                    assertEquals(y.flat((n * T) * 2 * F + F + k), y.flat((n * T + t) * 2 * F + F + k), 0, "backward");
                }
                differ += y.flat(n * T * 2 * F + k) != y.flat(n * T * 2 * F + F + k) ? 1 : 0;
            }
        }
        assertTrue(differ > 0, "the directions' masks differ: " + y);
    }

    /**
     * The masks are drawn per example, not per step: while training, a masked LSTM with dropout gives a padded
     * sequence's last output what the unpadded sequence gives.
     */
    @Test
    void aPaddedSequenceGivesWhatTheUnpaddedOneGivesWhileTraining() {
        Layer lstm = LSTM.of(H).dropout(0.4).recurrentDropout(0.4);
        Architecture arch = (x, layers) -> layers.apply(lstm, layers.apply(Masking.of(), x));
        Map<String, Tensor> p = weights(lstm, 41);
        Tensor x = sequence(42);
        double[] padded = new double[N * (T + 2) * F];
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < T; t++) {
                for (int f = 0; f < F; f++) {
                    padded[(n * (T + 2) + t) * F + f] = x.flat((n * T + t) * F + f);
                }
            }
        }
        Tensor a = run(build(arch, INPUT), x, p, 6, ROWS);
        Tensor b = run(build(arch, Shape.of(Shape.BATCH, T + 2, F)), Tensor.of(DType.FLOAT64,
                Shape.of(N, T + 2, F), padded), p, 6, ROWS);
        assertTrue(a.sameValues(b), a + " vs " + b);
        assertFalse(a.sameValues(run(build((y, layers) -> layers.apply(LSTM.of(H), y), INPUT), x, p, 6, ROWS)),
                "the dropout is on");
    }

    private static ForwardGraph build(Architecture arch, Shape input) {
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = SourceOp.input("rows", Shape.of(input.dim(0)), DType.FLOAT64);
        return ForwardGraph.build(arch, input, DType.FLOAT64, true, key, rows);
    }

    /**
     * A model of stacked, bidirectional, backwards recurrent layers with dropout trains with {@code fit} (a
     * sequence's label is the sign of its sum), and its summary is that of the same model without dropout.
     */
    @Test
    void aModelWithRecurrentDropoutTrainsAndItsSummaryIsUnchanged() {
        Tensor x = Tensor.uniform(Key.of(51), DType.FLOAT32, Shape.of(64, T, 2), -1, 1);
        double[] labels = new double[64];
        for (int n = 0; n < labels.length; n++) {
            double sum = 0;
            for (int i = 0; i < T * 2; i++) {
                sum += x.flat(n * T * 2 + i);
            }
            labels[n] = sum > 0 ? 1 : 0;
        }
        Tensor y = Tensor.of(DType.FLOAT32, Shape.of(64), labels);
        Sequential model = model(0.2, 0.2);
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.02)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        History history = model.fit(x, y, FitOptions.defaults().epochs(10).batchSize(16)
                .verbosity(Verbosity.SILENT));
        List<Double> loss = history.metric("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.6 * loss.get(0), "the loss falls: " + loss);
        assertEquals(model(0, 0).summary(), model.summary());
    }

    private static Sequential model(double dropout, double recurrentDropout) {
        Sequential model = new Sequential(Shape.of(T, 2), DType.FLOAT32, 7);
        model.add(Bidirectional.of(GRU.of(4).dropout(dropout).recurrentDropout(recurrentDropout)
                .returnSequences(true)));
        model.add(LSTM.of(4).dropout(dropout).recurrentDropout(recurrentDropout).goBackwards(true));
        model.add(Dense.of(2));
        return model;
    }

    @Test
    void ratesOutsideZeroToOneAreRejectedNamingTheLayerAndTheArgument() {
        for (double bad : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            assertEquals("LSTM: dropout must be in [0, 1), got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> LSTM.of(2).dropout(bad)).getMessage());
            assertEquals("LSTM: recurrentDropout must be in [0, 1), got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> LSTM.of(2).recurrentDropout(bad)).getMessage());
            assertEquals("GRU: dropout must be in [0, 1), got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> GRU.of(2).dropout(bad)).getMessage());
            assertEquals("GRU: recurrentDropout must be in [0, 1), got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> GRU.of(2).recurrentDropout(bad)).getMessage());
            assertEquals("SimpleRNN: dropout must be in [0, 1), got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> SimpleRNN.of(2).dropout(bad)).getMessage());
            assertEquals("SimpleRNN: recurrentDropout must be in [0, 1), got " + bad, assertThrows(
                    IllegalArgumentException.class, () -> SimpleRNN.of(2).recurrentDropout(bad)).getMessage());
        }
        LSTM lstm = LSTM.of(2).dropout(0.2).recurrentDropout(0.3).goBackwards(true);
        assertEquals(0.2, lstm.dropout(), 0);
        assertEquals(0.3, lstm.recurrentDropout(), 0);
        assertEquals(0.2, lstm.reversed().dropout(), 0);
        assertEquals(0.0, LSTM.of(2).dropout(), 0);
        assertEquals(new GRU(2, GRU.of(2).activation(), GRU.of(2).recurrentActivation(), true, true,
                GRU.of(2).kernelInitializer(), GRU.of(2).recurrentInitializer(), GRU.of(2).biasInitializer(), false,
                false, false, null), GRU.of(2), "the constructor without rates has rates 0");
    }
}
