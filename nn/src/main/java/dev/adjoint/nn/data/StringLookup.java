package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps the text values of a categorical column to integer indices, as Keras's {@code StringLookup} with one
 * out-of-vocabulary index and output mode {@code "int"}. The indices are laid out as Keras lays them out:
 *
 * <pre>
 * without a mask token:  0 = [UNK],                      1, 2, ... = the vocabulary
 * with mask token m:     0 = m,    1 = [UNK],            2, 3, ... = the vocabulary
 * </pre>
 *
 * {@value #OOV_TOKEN} takes any value not in the vocabulary and a missing one ({@code null}, as
 * {@link CsvTable#strings} gives it); the mask token ({@code mask_token}, none by default) takes index 0, so that an
 * {@link dev.adjoint.nn.layer.Embedding} with {@code maskZero(true)} after it marks those positions as padding and
 * the layers that read masks (recurrent layers, masked pooling, the loss) skip them. {@link #adapt} builds the
 * vocabulary from training values, most frequent first, ties broken by the values' order from high to low, as
 * Keras's {@code adapt}, which also leaves the mask token and {@value #OOV_TOKEN} out of the vocabulary. The indices
 * are a model's input column (as numbers, the model's dtype holds them exactly below 2^24), which a
 * {@link dev.adjoint.nn.layer.CategoryEncoding} layer turns into one-hot vectors inside the model:
 *
 * <pre>{@code
 * StringLookup band = StringLookup.adapt(table.strings("age_band"));     // measured on the training rows
 * Tensor index = band.indices(table.strings("age_band"));                // [rows, 1]
 * // in the model: CategoryEncoding.oneHot(band.vocabularySize())
 * }</pre>
 *
 * <p>{@link #invert} maps indices back to values, as Keras's {@code StringLookup(invert=True)}. Tensors hold
 * numbers, not text, so the lookup runs before the model rather than in it: keep {@link #vocabulary()} (and the
 * mask token) beside the model file and rebuild the lookup with {@link #of} to predict on new rows.
 */
public final class StringLookup {

    /** Keras's out-of-vocabulary token: the vocabulary's entry 0, or entry 1 after a mask token. */
    public static final String OOV_TOKEN = "[UNK]";

    private final String maskToken;
    private final List<String> vocabulary;
    private final Map<String, Integer> index;

    private StringLookup(List<String> vocabulary, String maskToken) {
        this.maskToken = maskToken;
        this.vocabulary = Collections.unmodifiableList(new ArrayList<>(vocabulary));
        this.index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            if (index.putIfAbsent(vocabulary.get(i), i + tokenStart()) != null) {
                throw new IllegalArgumentException("StringLookup: vocabulary values must be distinct, got '"
                        + vocabulary.get(i) + "' twice");
            }
        }
    }

    /** {@link #adapt(List, String)} without a mask token, Keras's default. */
    public static StringLookup adapt(List<String> training) {
        return adapt(training, null);
    }

    /**
     * The vocabulary of the values in {@code training}, most frequent first, equal counts in descending order of
     * the values. Missing values ({@code null}), the mask token and {@value #OOV_TOKEN} are not counted, as Keras
     * removes the special tokens from its counts.
     *
     * @param maskToken Keras's {@code mask_token}: the value that takes index 0, or null for none
     * @throws IllegalArgumentException when no value is left to count, or the mask token is {@value #OOV_TOKEN}
     */
    public static StringLookup adapt(List<String> training, String maskToken) {
        Objects.requireNonNull(training, "StringLookup.adapt: training is null");
        checkMaskToken(maskToken);
        Map<String, Integer> counts = new HashMap<>();
        for (String value : training) {
            if (value != null && !value.equals(maskToken) && !value.equals(OOV_TOKEN)) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("StringLookup.adapt: expected at least one value present, got "
                    + training.size() + " values and none to count (missing values, " + OOV_TOKEN
                    + (maskToken == null ? "" : " and the mask token '" + maskToken + "'") + " are not counted)");
        }
        List<String> vocabulary = new ArrayList<>(counts.keySet());
        vocabulary.sort(Comparator.<String>comparingInt(counts::get).reversed()
                .thenComparing(StringLookup::byCodePoints, Comparator.reverseOrder()));
        return new StringLookup(vocabulary, maskToken);
    }

    /**
     * The string as its Unicode code points: compared element by element, the order of its UTF-8 bytes (Keras's
     * order), which {@link String#compareTo}'s UTF-16 units break for characters beyond U+FFFF against U+E000-U+FFFF.
     */
    private static java.nio.IntBuffer byCodePoints(String value) {
        return java.nio.IntBuffer.wrap(value.codePoints().toArray());
    }

    /** {@link #of(List, String)} without a mask token, Keras's default. */
    public static StringLookup of(List<String> vocabulary) {
        return of(vocabulary, null);
    }

    /**
     * A lookup with a given vocabulary, as Keras's {@code StringLookup(vocabulary=..., mask_token=...)}: its values
     * take the indices after the special tokens (1, 2, ... without a mask token, 2, 3, ... with one). As in Keras,
     * the vocabulary may begin with the special tokens in their order ({@value #OOV_TOKEN}; or the mask token, then
     * {@value #OOV_TOKEN}), so that {@code of(lookup.vocabulary(), mask)} rebuilds {@code lookup}; anywhere else
     * they are refused.
     *
     * @param maskToken Keras's {@code mask_token}: the value that takes index 0, or null for none
     * @throws IllegalArgumentException when a value is repeated, a special token is out of place, or the mask token
     *     is {@value #OOV_TOKEN}
     */
    public static StringLookup of(List<String> vocabulary, String maskToken) {
        Objects.requireNonNull(vocabulary, "StringLookup.of: vocabulary is null");
        checkMaskToken(maskToken);
        List<String> special = maskToken == null ? List.of(OOV_TOKEN) : List.of(maskToken, OOV_TOKEN);
        int start = vocabulary.size() >= special.size() && vocabulary.subList(0, special.size()).equals(special)
                ? special.size() : 0;
        List<String> values = vocabulary.subList(start, vocabulary.size());
        for (int i = 0; i < values.size(); i++) {
            String value = Objects.requireNonNull(values.get(i), "StringLookup.of: vocabulary value " + (start + i)
                    + " is null");
            if (value.equals(OOV_TOKEN) || value.equals(maskToken)) {
                String where = maskToken == null ? "first (index 0)"
                        : "as the mask token '" + maskToken + "' at index 0, then " + OOV_TOKEN + " at index 1";
                throw new IllegalArgumentException("StringLookup: the "
                        + (value.equals(OOV_TOKEN) ? "out-of-vocabulary token " + OOV_TOKEN : "mask token '" + value
                        + "'") + " may only come " + where + ", got it at position " + (i + start));
            }
        }
        return new StringLookup(values, maskToken);
    }

    private static void checkMaskToken(String maskToken) {
        if (OOV_TOKEN.equals(maskToken)) {
            throw new IllegalArgumentException("StringLookup: the mask token must differ from the out-of-vocabulary"
                    + " token " + OOV_TOKEN + ", got " + maskToken);
        }
    }

    /** The mask token (Keras's {@code mask_token}), which takes index 0, if there is one. */
    public Optional<String> maskToken() {
        return Optional.ofNullable(maskToken);
    }

    /** The index of {@value #OOV_TOKEN}: 1 with a mask token, else 0 (Keras's first out-of-vocabulary index). */
    public int oovIndex() {
        return maskToken == null ? 0 : 1;
    }

    /** The first index of the vocabulary's values: one past {@link #oovIndex()}. */
    private int tokenStart() {
        return oovIndex() + 1;
    }

    /**
     * The vocabulary as Keras's {@code get_vocabulary()}, so that entry i is the value of index i: the mask token
     * if there is one, {@value #OOV_TOKEN}, then the values by index.
     */
    public List<String> vocabulary() {
        List<String> all = new ArrayList<>();
        if (maskToken != null) {
            all.add(maskToken);
        }
        all.add(OOV_TOKEN);
        all.addAll(vocabulary);
        return Collections.unmodifiableList(all);
    }

    /**
     * The number of indices, the special tokens included: a {@code CategoryEncoding}'s {@code numTokens}, an
     * {@code Embedding}'s {@code inputDim}.
     */
    public int vocabularySize() {
        return vocabulary.size() + tokenStart();
    }

    /**
     * The index of one value: 0 for the mask token, the value's vocabulary index, or {@link #oovIndex()} when it
     * is unknown or {@code null} (missing).
     */
    public int index(String value) {
        if (value == null) {
            return oovIndex();
        }
        return value.equals(maskToken) ? 0 : index.getOrDefault(value, oovIndex());
    }

    /** The indices of {@code values} as a float64 column {@code [values.size(), 1]}, a model's input. */
    public Tensor indices(List<String> values) {
        Objects.requireNonNull(values, "StringLookup.indices: values is null");
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(values.get(i));
        }
        return Tensor.of(Shape.of(out.length, 1), out);
    }

    /**
     * The value of one index, as Keras's {@code StringLookup(invert=True)}: {@code vocabulary().get(index)}, and
     * {@value #OOV_TOKEN} for an index outside {@code [0, vocabularySize())} (Keras's default value of the inverse
     * table). So {@code invert(index(v))} is v for a value of the vocabulary and the mask token, and
     * {@value #OOV_TOKEN} for any other value.
     */
    public String invert(int index) {
        if (maskToken != null && index == 0) {
            return maskToken;
        }
        return index >= tokenStart() && index < vocabularySize() ? vocabulary.get(index - tokenStart()) : OOV_TOKEN;
    }

    /**
     * The values of the indices in {@code indices} (any shape, in row-major order), each as {@link #invert(int)}.
     *
     * @throws IllegalArgumentException when an entry is not a whole number (an infinity or NaN included)
     */
    public List<String> invert(Tensor indices) {
        Objects.requireNonNull(indices, "StringLookup.invert: indices is null");
        List<String> out = new ArrayList<>(indices.size());
        for (int i = 0; i < indices.size(); i++) {
            double v = indices.flat(i);
            if (v != Math.rint(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("StringLookup.invert: expected whole-number indices, got " + v
                        + " at flat position " + i + " of " + indices.shape());
            }
            // a whole number beyond int's range is outside the vocabulary too: [UNK], as for -1
            out.add(Math.abs(v) > Integer.MAX_VALUE ? OOV_TOKEN : invert((int) v));
        }
        return Collections.unmodifiableList(out);
    }

    /** {@code StringLookup[[UNK], 40-59, 60+, under 40]}, the mask token first if there is one. */
    @Override
    public String toString() {
        return "StringLookup" + vocabulary();
    }
}
