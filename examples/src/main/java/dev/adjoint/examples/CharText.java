package dev.adjoint.examples;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A text as a sequence of character indices for a character-level language model: the alphabet is the sorted
 * set of the text's characters, and character {@code alphabet[i]} is the index {@code i}. Gives random training
 * windows drawn from an explicit {@link Key}, the windows that cover a text for evaluation, and the n-gram
 * baselines a model is compared with, all in bits per character.
 */
public final class CharText {

    private final char[] alphabet;

    private CharText(char[] alphabet) {
        this.alphabet = alphabet;
    }

    /** The alphabet of {@code text}, which must hold at least one character. */
    public static CharText of(String text) {
        Objects.requireNonNull(text, "text is null");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("CharText: the text must not be empty, got no characters");
        }
        TreeSet<Character> chars = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            chars.add(text.charAt(i));
        }
        char[] alphabet = new char[chars.size()];
        int i = 0;
        for (char c : chars) {
            alphabet[i++] = c;
        }
        return new CharText(alphabet);
    }

    /** The distinct characters, sorted (a copy). */
    public char[] alphabet() {
        return alphabet.clone();
    }

    /** The number of characters of the alphabet. */
    public int size() {
        return alphabet.length;
    }

    /** The index of every character of {@code text}. */
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            int index = Arrays.binarySearch(alphabet, text.charAt(i));
            if (index < 0) {
                throw new IllegalArgumentException("CharText: every character must be in the alphabet, got '"
                        + text.charAt(i) + "' at " + i);
            }
            out[i] = index;
        }
        return out;
    }

    /** The character of index {@code i}. */
    public char decode(int i) {
        return alphabet[i];
    }

    /**
     * {@code rows} windows of {@code length + 1} characters of {@code text} starting at uniformly random offsets
     * drawn from {@code key}: the inputs {@code x[r, t] = text[s_r + t]} and the next characters
     * {@code y[r, t] = text[s_r + t + 1]}, both {@code [rows, length]} in {@code dtype}.
     */
    public static Tensor[] randomWindows(int[] text, int rows, int length, Key key, DType dtype) {
        if (text.length < length + 1) {
            throw new IllegalArgumentException("randomWindows: the text must be longer than a window, got "
                    + text.length + " characters for windows of " + (length + 1));
        }
        Key.Stream stream = key.stream();
        int[] starts = new int[rows];
        for (int r = 0; r < rows; r++) {
            starts[r] = stream.nextInt(text.length - length);
        }
        return windows(text, starts, length, dtype);
    }

    /**
     * The windows that predict every character of {@code text} but the first exactly once: windows of
     * {@code length + 1} characters at offsets {@code 0, length, 2 length, ...}, the last one ending at the end
     * of the text (it may overlap the one before; {@link #firstNew} tells which of its positions are new).
     */
    public static Tensor[] coveringWindows(int[] text, int length, DType dtype) {
        return windows(text, coveringStarts(text.length, length), length, dtype);
    }

    /** The offsets of {@link #coveringWindows}. */
    static int[] coveringStarts(int textLength, int length) {
        int predicted = textLength - 1;
        int count = (predicted + length - 1) / length;
        int[] starts = new int[count];
        for (int w = 0; w < count; w++) {
            starts[w] = Math.min(w * length, predicted - length);
        }
        return starts;
    }

    /**
     * The first position of covering window {@code w} whose prediction no earlier window made: 0 for all
     * windows but an overlapping last one.
     */
    static int firstNew(int textLength, int length, int w) {
        int[] starts = coveringStarts(textLength, length);
        return w == 0 ? 0 : starts[w - 1] + length - starts[w];
    }

    private static Tensor[] windows(int[] text, int[] starts, int length, DType dtype) {
        double[] x = new double[starts.length * length];
        double[] y = new double[starts.length * length];
        for (int r = 0; r < starts.length; r++) {
            for (int t = 0; t < length; t++) {
                x[r * length + t] = text[starts[r] + t];
                y[r * length + t] = text[starts[r] + t + 1];
            }
        }
        Shape shape = Shape.of(starts.length, length);
        return new Tensor[] {Tensor.of(dtype, shape, x), Tensor.of(dtype, shape, y)};
    }

    /**
     * The bits per character of {@code test} (every character but the first) under the n-gram model of order
     * {@code order} (1: unigram, 2: bigram) estimated on {@code train} with add-one (Laplace) smoothing:
     * {@code p(c | h) = (count(h c) + 1) / (count(h) + V)}, the baseline a language model must beat.
     */
    public double ngramBitsPerChar(int[] train, int[] test, int order) {
        if (order != 1 && order != 2) {
            throw new IllegalArgumentException("ngramBitsPerChar: order must be 1 or 2, got " + order);
        }
        int v = size();
        int contexts = order == 1 ? 1 : v;
        long[] counts = new long[contexts * v];
        long[] totals = new long[contexts];
        for (int i = order - 1; i < train.length; i++) {
            int h = order == 1 ? 0 : train[i - 1];
            counts[h * v + train[i]]++;
            totals[h]++;
        }
        double nats = 0;
        for (int i = 1; i < test.length; i++) {
            int h = order == 1 ? 0 : test[i - 1];
            nats -= Math.log((counts[h * v + test[i]] + 1.0) / (totals[h] + v));
        }
        return nats / (test.length - 1) / Math.log(2);
    }
}
