package dev.adjoint.examples.bench;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Scan;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the memory policies cost and save, each variant of one computation side by side in one JVM: the peak
 * tensor memory of a gradient call ({@link PlanMemory}) and its time (the median of alternating rounds, CPU time
 * of the calling thread; run with {@code -Dadjoint.threads=1} so that the kernels run on it).
 * <ul>
 *   <li>A scan of an LSTM cell (T = 100 steps, batch 64, 128 units, float32; the input projection given),
 *       differentiated with respect to its inputs and recurrent weights: the default policy (keep the carries,
 *       recompute the step), {@code STORE} (keep every value the backward pass reads), and the same loop
 *       unrolled into a graph of 100 cells.</li>
 *   <li>A deep MLP (32 tanh layers of 256 units, batch 512, float32), its loss differentiated with respect to
 *       every weight: as written, with a checkpoint around each block of 4 layers, and around every layer.</li>
 * </ul>
 * Prints {@code RESULT memory <variant> peak_mb=... ms=...}. Run with
 * {@code mvn -q -pl examples -am compile exec:exec@bench -Dbench.args=memory}.
 */
public final class MemoryPolicies {

    private static final int T = 100;
    private static final int BATCH = 64;
    private static final int UNITS = 128;
    private static final int LAYERS = 32;
    private static final int WIDTH = 256;
    private static final int MLP_BATCH = 512;
    private static final int ROUNDS = 7;

    private MemoryPolicies() {
    }

    /** Runs both comparisons. */
    public static void main(String[] args) {
        Map<String, Function> scans = new LinkedHashMap<>();
        scans.put("scan_recompute", lstm(Scan.Residuals.RECOMPUTE));
        scans.put("scan_store", lstm(Scan.Residuals.STORE));
        scans.put("scan_unrolled", lstm(null));
        Key key = Key.of(1);
        List<Tensor> lstmArgs = List.of(
                Tensor.uniform(key.fold(0), DType.FLOAT32, Shape.of(T, BATCH, 4 * UNITS), -1, 1),
                Tensor.uniform(key.fold(1), DType.FLOAT32, Shape.of(UNITS, 4 * UNITS), -0.1, 0.1));
        measure(scans, lstmArgs, BATCH);

        Map<String, Function> mlps = new LinkedHashMap<>();
        mlps.put("mlp_plain", mlp(0));
        mlps.put("mlp_checkpoint_every_4_layers", mlp(4));
        mlps.put("mlp_checkpoint_every_layer", mlp(1));
        List<Tensor> mlpArgs = new ArrayList<>();
        mlpArgs.add(Tensor.uniform(key.fold(2), DType.FLOAT32, Shape.of(MLP_BATCH, WIDTH), -1, 1));
        for (int i = 0; i < LAYERS; i++) {
            double scale = Math.sqrt(1.0 / WIDTH);
            mlpArgs.add(Tensor.uniform(key.fold(3 + i), DType.FLOAT32, Shape.of(WIDTH, WIDTH), -scale, scale));
        }
        measure(mlps, mlpArgs, MLP_BATCH);
    }

    private static void measure(Map<String, Function> variants, List<Tensor> args, int batch) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, double[]> times = new LinkedHashMap<>();
        variants.keySet().forEach(name -> times.put(name, new double[ROUNDS]));
        List<Tensor> first = null;
        for (int round = -2; round < ROUNDS; round++) {
            for (Map.Entry<String, Function> v : variants.entrySet()) {
                long start = threads.getCurrentThreadCpuTime();
                List<Tensor> out = v.getValue().call(args);
                long end = threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    times.get(v.getKey())[round] = (end - start) / 1e6;
                }
                if (first == null) {
                    first = out;
                } else if (!first.get(0).allClose(out.get(0), 1e-3, 1e-3)) {
                    throw new AssertionError(v.getKey() + " computes another loss: " + out.get(0) + " vs "
                            + first.get(0));
                }
            }
        }
        for (Map.Entry<String, Function> v : variants.entrySet()) {
            double[] t = times.get(v.getKey());
            Arrays.sort(t);
            System.out.println(String.format(Locale.ROOT, "RESULT memory %s peak_mb=%.1f ms=%.1f", v.getKey(),
                    PlanMemory.peakBytes(v.getValue(), batch) / 1048576.0, t[t.length / 2]));
        }
    }

    /** An LSTM over given input projections {@code z : [T, N, 4H]}: the loss and its gradient in z and U. */
    static Function lstm(Scan.Residuals policy) {
        Node z = SourceOp.input("z", Shape.of(T, Shape.BATCH, 4 * UNITS), DType.FLOAT32);
        Node u = SourceOp.input("u", Shape.of(UNITS, 4 * UNITS), DType.FLOAT32);
        Node zero = SourceOp.fill(Shape.of(Shape.BATCH, UNITS), DType.FLOAT32, 0);
        Node ys;
        if (policy == null) {
            Node h = zero;
            Node c = zero;
            Node[] steps = new Node[T];
            for (int t = 0; t < T; t++) {
                Node[] hc = cell(z.slice(0, t, t + 1).squeeze(0), h, c, u);
                h = hc[0];
                c = hc[1];
                steps[t] = h.unsqueeze(0);
            }
            ys = MovementOp.concat(0, steps);
        } else {
            ys = ControlFlowOp.scan(List.of(zero, zero), List.of(z), (hc, x) -> {
                Node[] next = cell(x.get(0), hc.get(0), hc.get(1), u);
                return new Scan.Step(List.of(next[0], next[1]), List.of(next[0]));
            }, Scan.Options.defaults().with(policy)).ys().get(0);
        }
        Node loss = ys.square().mean();
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autodiff.grad(loss, z, u));
        return Function.of(List.of(z, u), outputs);
    }

    /** One LSTM step: gates i, f, g, o from {@code x + h U}; {@code c' = f c + i g}, {@code h' = o tanh(c')}. */
    static Node[] cell(Node x, Node h, Node c, Node u) {
        Node gates = x.add(h.matmul(u));
        Node i = gates.slice(-1, 0, UNITS).sigmoid();
        Node f = gates.slice(-1, UNITS, 2 * UNITS).sigmoid();
        Node g = gates.slice(-1, 2 * UNITS, 3 * UNITS).tanh();
        Node o = gates.slice(-1, 3 * UNITS, 4 * UNITS).sigmoid();
        Node next = f.mul(c).add(i.mul(g));
        return new Node[] {o.mul(next.tanh()), next};
    }

    /**
     * A deep tanh MLP's loss and its gradient in every weight, with a checkpoint every {@code every} layers (0: none).
     */
    static Function mlp(int every) {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, WIDTH), DType.FLOAT32);
        List<Node> ws = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            ws.add(SourceOp.input("w" + i, Shape.of(WIDTH, WIDTH), DType.FLOAT32));
        }
        Node h = x;
        for (int from = 0; from < LAYERS; from += every == 0 ? LAYERS : every) {
            int to = every == 0 ? LAYERS : from + every;
            int start = from;
            if (every == 0) {
                for (int i = from; i < to; i++) {
                    h = h.matmul(ws.get(i)).tanh();
                }
            } else {
                h = ControlFlowOp.checkpoint(List.of(h), a -> {
                    Node y = a.get(0);
                    for (int i = start; i < to; i++) {
                        y = y.matmul(ws.get(i)).tanh();
                    }
                    return List.of(y);
                }).get(0);
            }
        }
        Node loss = h.square().mean();
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autodiff.grad(loss, ws.toArray(new Node[0])));
        List<Node> inputs = new ArrayList<>(List.of(x));
        inputs.addAll(ws);
        return Function.of(inputs, outputs);
    }
}
