package dev.adjoint.examples;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.activation.Gelu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.LayerNormalization;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PositionEmbedding;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.optim.AdamW;
import dev.adjoint.optim.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A character-level Transformer language model trained on the books of Genesis and Exodus of the King James
 * Version (1611, public domain; 366,194 characters shipped in this module's resources, taken from Debian's
 * {@code bible-kjv-text}, see {@code data/kjv-genesis-exodus.PROVENANCE.md}). The first 90 % of the text trains,
 * the last 10 % (the end of Exodus) validates.
 *
 * <p>The model (decoder-only, pre-norm, as GPT-2): for a window of T character indices,
 * <pre>
 * h_0 = E[x] + P                                  token and learned position embeddings, [N, T, d]
 * h   = h + Dropout(MHA_causal(LN(h)))            per block, heads of size d / heads
 * h   = h + Dropout(W_2 GELU(W_1 LN(h)))          per block, hidden width 4 d
 * z   = LN(h) W_out                               next-character logits, [N, T, V]
 * </pre>
 * trained on the mean next-character cross-entropy of random windows (offsets drawn from an explicit key) with
 * AdamW, a linear warm-up and a cosine decay of the learning rate, in float32 with a fixed seed (bit-reproducible).
 *
 * <p>Prints the validation bits per character, {@code RESULT char_lm bits_per_char=...}: the mean cross-entropy
 * in nats divided by ln 2 over every character of the validation text (but its first), read in windows of T
 * ({@link CharText#coveringWindows}), beside the unigram and bigram baselines of the same split
 * ({@code RESULT char_lm_unigram ...}, {@code char_lm_bigram}); the seconds per training step; and 300
 * characters sampled at temperature 0.8 from a fixed prompt and key ({@link CharSampler}, one compiled graph for
 * every character).
 *
 * <p>Arguments (defaults for the full run): {@code --steps N}, {@code --batch N}, {@code --window T},
 * {@code --width d}, {@code --heads H}, {@code --blocks B}, {@code --dropout r}, {@code --lr eta},
 * {@code --chars N} (train on the first N characters only, for a quick run), {@code --sample N}.
 */
public final class CharTransformer {

    /** The seed of the weights, the windows, dropout and the sample. */
    public static final long SEED = 1611;

    /** The prompt of the sample. */
    public static final String PROMPT = "And God said, ";

    private CharTransformer() {
    }

    /**
     * The sizes and the training schedule.
     *
     * @param window T, the characters a prediction sees
     * @param width d, the model width
     * @param heads the attention heads (each of size d / heads)
     * @param blocks the Transformer blocks
     * @param dropout the dropout rate after the embeddings, in attention and after each residual branch
     * @param batch windows per step
     * @param steps training steps
     * @param warmup steps of linear warm-up
     * @param learningRate the peak learning rate
     */
    public record Config(int window, int width, int heads, int blocks, double dropout, int batch, int steps,
            int warmup, double learningRate) {

        /** The full run of the README. */
        public static Config defaults() {
            return new Config(128, 96, 4, 3, 0.05, 16, 1200, 100, 3e-3);
        }
    }

    /** The Transformer of {@code config} over an alphabet of {@code vocabulary} characters. */
    public static Functional model(Config config, int vocabulary) {
        int d = config.width();
        Embedding tokens = Embedding.of(vocabulary, d).named("tokens");
        PositionEmbedding positions = PositionEmbedding.of(config.window()).named("positions");
        Dropout drop = Dropout.of(config.dropout());
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < config.blocks(); b++) {
            blocks.add(new Block(LayerNormalization.of().named("block" + b + "_norm1"),
                    MultiHeadAttention.of(config.heads(), d / config.heads()).causal(true)
                            .dropout(config.dropout()).named("block" + b + "_attention"),
                    LayerNormalization.of().named("block" + b + "_norm2"),
                    Dense.of(4 * d, new Gelu(true)).named("block" + b + "_expand"),
                    Dense.of(d).named("block" + b + "_contract")));
        }
        LayerNormalization last = LayerNormalization.of().named("final_norm");
        Dense logits = Dense.of(vocabulary).named("logits");
        return new Functional(Shape.of(config.window()), DType.FLOAT32, SEED, (x, layers) -> {
            Node h = layers.apply(drop, layers.apply(positions, layers.apply(tokens, x)));
            for (Block b : blocks) {
                h = h.add(layers.apply(drop, layers.apply(b.attention(), layers.apply(b.norm1(), h))));
                h = h.add(layers.apply(drop, layers.apply(b.contract(),
                        layers.apply(b.expand(), layers.apply(b.norm2(), h)))));
            }
            return layers.apply(logits, layers.apply(last, h));
        });
    }

    /** The layers of one block. */
    private record Block(LayerNormalization norm1, MultiHeadAttention attention, LayerNormalization norm2,
            Dense expand, Dense contract) {
    }

    /** What training gives: the mean training loss (nats) of the first and last tenth of the steps, and time. */
    public record Training(double firstLoss, double lastLoss, double secondsPerStep) {
    }

    /**
     * Trains {@code model} (from {@link #model}) on random windows of {@code train} for {@code config.steps()}
     * steps, printing the training loss every {@code report} steps (never when 0) and the bits per character of
     * {@code validation} every quarter of the run (never when null), and gives it the final state.
     */
    public static Training train(Model model, Config config, int[] train, int report, int[] validation) {
        Schedule decay = Schedule.cosineDecay(config.learningRate(), Math.max(1, config.steps() - config.warmup()),
                0.1);
        model.compile(AdamW.defaults().withLearningRate(new Schedule.Warmup(decay, Math.max(1, config.warmup())))
                .withWeightDecay(0.05).withBeta2(0.99), new SparseCategoricalCrossEntropy(true));
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH, config.window()));
        ModelState state = model.state();
        Key[] keys = Key.of(SEED).split();
        int tenth = Math.max(1, config.steps() / 10);
        double first = 0;
        double recent = 0;
        double window = 0;
        long start = 0;
        long evaluating = 0;
        int quarter = Math.max(1, config.steps() / 4);
        for (int s = 0; s < config.steps(); s++) {
            if (s == 1) {
                start = System.nanoTime(); // the first step compiles the graph
            }
            Tensor[] batch = CharText.randomWindows(train, config.batch(), config.window(), keys[0].fold(s),
                    DType.FLOAT32);
            TrainStep.Result r = step.apply(state, batch[0], batch[1], keys[1].fold(s), 1.0);
            state = r.state();
            first += s < tenth ? r.loss() / tenth : 0;
            recent += s >= config.steps() - tenth ? r.loss() / tenth : 0;
            window += r.loss();
            if (report > 0 && (s + 1) % report == 0) {
                System.out.printf(Locale.ROOT, "step %d: training loss %.4f nats (%.3f bits/char), %.2f s/step%n",
                        s + 1, window / report, window / report / Math.log(2),
                        s == 0 ? 0 : (System.nanoTime() - start - evaluating) * 1e-9 / s);
                window = 0;
            }
            if (validation != null && (s + 1) % quarter == 0 && s + 1 < config.steps()) {
                long before = System.nanoTime();
                model.setState(state);
                System.out.printf(Locale.ROOT, "step %d: validation %.4f bits/char%n", s + 1,
                        bitsPerChar(model, validation));
                evaluating += System.nanoTime() - before;
            }
        }
        model.setState(state);
        double seconds = config.steps() > 1 ? (System.nanoTime() - start - evaluating) * 1e-9 / (config.steps() - 1)
                : 0;
        return new Training(first, recent, seconds);
    }

    /**
     * The bits per character of {@code text} (every character but the first) under {@code model}: the mean of
     * {@code -log2 softmax(z)[next character]} over the windows of {@link CharText#coveringWindows}.
     */
    public static double bitsPerChar(Model model, int[] text) {
        int t = model.inputShape().dim(model.inputShape().rank() - 1);
        Tensor[] windows = CharText.coveringWindows(text, t, model.dtype());
        float[] logits = model.predict(windows[0]).toFloatArray();
        double[] next = windows[1].toDoubleArray();
        int v = logits.length / next.length;
        double nats = 0;
        long count = 0;
        for (int w = 0; w < windows[0].shape().dim(0); w++) {
            for (int p = CharText.firstNew(text.length, t, w); p < t; p++) {
                int row = (w * t + p) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < v; c++) {
                    max = Math.max(max, logits[row + c]);
                }
                double sum = 0;
                for (int c = 0; c < v; c++) {
                    sum += Math.exp(logits[row + c] - max);
                }
                nats += max + Math.log(sum) - logits[row + (int) next[w * t + p]];
                count++;
            }
        }
        return nats / count / Math.log(2);
    }

    /** Runs the example. */
    public static void main(String[] args) {
        Config c = Config.defaults();
        int chars = Integer.MAX_VALUE;
        int sampleLength = 300;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            c = switch (args[i]) {
                case "--steps" -> new Config(c.window(), c.width(), c.heads(), c.blocks(), c.dropout(), c.batch(),
                        Integer.parseInt(v), Math.min(c.warmup(), Integer.parseInt(v) / 10), c.learningRate());
                case "--batch" -> new Config(c.window(), c.width(), c.heads(), c.blocks(), c.dropout(),
                        Integer.parseInt(v), c.steps(), c.warmup(), c.learningRate());
                case "--window" -> new Config(Integer.parseInt(v), c.width(), c.heads(), c.blocks(), c.dropout(),
                        c.batch(), c.steps(), c.warmup(), c.learningRate());
                case "--width" -> new Config(c.window(), Integer.parseInt(v), c.heads(), c.blocks(), c.dropout(),
                        c.batch(), c.steps(), c.warmup(), c.learningRate());
                case "--heads" -> new Config(c.window(), c.width(), Integer.parseInt(v), c.blocks(), c.dropout(),
                        c.batch(), c.steps(), c.warmup(), c.learningRate());
                case "--blocks" -> new Config(c.window(), c.width(), c.heads(), Integer.parseInt(v), c.dropout(),
                        c.batch(), c.steps(), c.warmup(), c.learningRate());
                case "--dropout" -> new Config(c.window(), c.width(), c.heads(), c.blocks(), Double.parseDouble(v),
                        c.batch(), c.steps(), c.warmup(), c.learningRate());
                case "--lr" -> new Config(c.window(), c.width(), c.heads(), c.blocks(), c.dropout(), c.batch(),
                        c.steps(), c.warmup(), Double.parseDouble(v));
                case "--chars", "--sample" -> c;
                default -> throw new IllegalArgumentException("char-transformer: unknown argument " + args[i]
                        + "; known: --steps, --batch, --window, --width, --heads, --blocks, --dropout, --lr, --chars,"
                        + " --sample");
            };
            chars = args[i].equals("--chars") ? Integer.parseInt(v) : chars;
            sampleLength = args[i].equals("--sample") ? Integer.parseInt(v) : sampleLength;
        }
        String text = Datasets.kjvGenesisExodus();
        CharText alphabet = CharText.of(text);
        int[] all = alphabet.encode(text);
        int split = all.length - all.length / 10;
        int[] train = java.util.Arrays.copyOf(all, Math.min(split, chars));
        int[] validation = java.util.Arrays.copyOfRange(all, split, all.length);
        System.out.printf(Locale.ROOT, "text: %,d characters, alphabet of %d; training %,d, validation %,d%n",
                all.length, alphabet.size(), train.length, validation.length);
        System.out.println(c);
        Functional model = model(c, alphabet.size());
        System.out.printf(Locale.ROOT, "%,d parameters%n", model.parameterCount());
        Training t = train(model, c, train, Math.max(1, c.steps() / 20), validation);
        double bits = bitsPerChar(model, validation);
        Results.print("char_lm_unigram", "bits_per_char", alphabet.ngramBitsPerChar(train, validation, 1));
        Results.print("char_lm_bigram", "bits_per_char", alphabet.ngramBitsPerChar(train, validation, 2));
        Results.print("char_lm", "seconds_per_step", t.secondsPerStep());
        Results.print("char_lm", "bits_per_char", bits);
        CharSampler sampler = new CharSampler(model, 0.8);
        long start = System.nanoTime();
        int[] sample = sampler.sample(alphabet.encode(PROMPT), sampleLength, Key.of(SEED).fold(7));
        double seconds = (System.nanoTime() - start) * 1e-9;
        StringBuilder out = new StringBuilder(PROMPT);
        for (int i : sample) {
            out.append(alphabet.decode(i));
        }
        System.out.printf(Locale.ROOT, "sample (temperature 0.8, %d characters in %.1f s):%n%s%n", sampleLength,
                seconds, out);
    }
}
