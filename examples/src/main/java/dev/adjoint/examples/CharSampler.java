package dev.adjoint.examples;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Temperature sampling from a character-level language model whose input is a window of {@code T} character
 * indices and whose output is the next-character logits {@code z : [N, T, V]} at every position. The graph of
 * one draw is compiled once, for windows of length T; each new character costs one call:
 *
 * <pre>
 * c_t = argmax_v ( z[t, v] / tau + g[t, v] ),   g = -ln(-ln u),  u ~ Uniform[0, 1) from the key
 * </pre>
 *
 * which is a draw from {@code softmax(z[t] / tau)} (the Gumbel-max trick), the uniforms coming from the graph's
 * random op and an explicit key per character, so the same key gives the same text. The text so far is fed as
 * the window: while it is shorter than T it fills the window's first positions (the causal model does not look
 * at the padding after them) and the draw at its last position is taken; then the window holds its last T
 * characters.
 */
public final class CharSampler {

    private final Function draw;
    private final List<Tensor> weights = new ArrayList<>();
    private final int window;
    private final DType dtype;

    /**
     * Compiles the draw for {@code model}'s current weights.
     *
     * @param temperature {@code tau > 0}: below 1 sharpens the distribution, above 1 flattens it
     */
    public CharSampler(Model model, double temperature) {
        Objects.requireNonNull(model, "model is null");
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("CharSampler: temperature must be > 0 and finite, got " + temperature);
        }
        ForwardGraph graph = model.inference();
        Node logits = graph.output();
        if (logits.rank() != 3 || graph.input().rank() != 2) {
            throw new IllegalArgumentException("CharSampler: the model must map [N, T] indices to logits [N, T, V],"
                    + " got " + graph.input().shape() + " to " + logits.shape());
        }
        this.window = graph.input().shape().dim(1);
        this.dtype = model.dtype();
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node u = RandomOp.uniform(key, logits.shape(), DType.FLOAT64, 0);
        Node gumbel = u.log().neg().log().neg();
        Node choice = logits.cast(DType.FLOAT64).div(temperature).add(gumbel).argmax(-1);
        List<Node> inputs = new ArrayList<>(List.of(graph.input(), key));
        Map<String, Tensor> values = model.weights();
        graph.params().forEach((name, node) -> {
            inputs.add(node);
            weights.add(values.get(name));
        });
        this.draw = Function.of(inputs, List.of(choice));
    }

    /** The window length T the draw was compiled for. */
    public int window() {
        return window;
    }

    /**
     * {@code count} characters following {@code prompt} (indices), the i-th drawn with {@code key.fold(i)}.
     */
    public int[] sample(int[] prompt, int count, Key key) {
        Objects.requireNonNull(prompt, "prompt is null");
        if (prompt.length == 0) {
            throw new IllegalArgumentException("CharSampler: the prompt must hold at least one character, got none");
        }
        int[] text = new int[prompt.length + count];
        System.arraycopy(prompt, 0, text, 0, prompt.length);
        double[] slots = new double[window];
        for (int i = 0; i < count; i++) {
            int length = prompt.length + i;
            int from = Math.max(0, length - window);
            java.util.Arrays.fill(slots, 0);
            for (int t = from; t < length; t++) {
                slots[t - from] = text[t];
            }
            List<Tensor> args = new ArrayList<>();
            args.add(Tensor.of(dtype, Shape.of(1, window), slots));
            args.add(Tensor.scalar(DType.FLOAT64, RandomOp.keyValue(key.fold(i))));
            args.addAll(weights);
            Tensor choices = draw.call(args).get(0);
            text[length] = (int) choices.flatLong(length - from - 1);
        }
        return java.util.Arrays.copyOfRange(text, prompt.length, text.length);
    }
}
