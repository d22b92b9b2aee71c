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

/**
 * Maps the text values of a categorical column to integer indices, as Keras's {@code StringLookup} with its
 * defaults (one out-of-vocabulary index, no mask token): index 0 is {@value #OOV_TOKEN}, for any value not in the
 * vocabulary and for a missing one ({@code null}, as {@link CsvTable#strings} gives it), and the vocabulary's
 * values take 1, 2, .... {@link #adapt} builds the vocabulary from training values, most frequent first, ties
 * broken by the values' order from high to low, as Keras's {@code adapt}. The indices are a model's input column
 * (as numbers, the model's dtype holds them exactly below 2^24), which a
 * {@link dev.adjoint.nn.layer.CategoryEncoding} layer turns into one-hot vectors inside the model:
 *
 * <pre>{@code
 * StringLookup band = StringLookup.adapt(table.strings("age_band"));     // measured on the training rows
 * Tensor index = band.indices(table.strings("age_band"));                // [rows, 1]
 * // in the model: CategoryEncoding.oneHot(band.vocabularySize())
 * }</pre>
 *
 * <p>Tensors hold numbers, not text, so the lookup runs before the model rather than in it: keep
 * {@link #vocabulary()} beside the model file and rebuild the lookup with {@link #of} to predict on new rows.
 */
public final class StringLookup {

    /** Keras's out-of-vocabulary token, the vocabulary's entry 0. */
    public static final String OOV_TOKEN = "[UNK]";

    private final List<String> vocabulary;
    private final Map<String, Integer> index;

    private StringLookup(List<String> vocabulary) {
        this.vocabulary = Collections.unmodifiableList(new ArrayList<>(vocabulary));
        this.index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            if (index.putIfAbsent(vocabulary.get(i), i + 1) != null) {
                throw new IllegalArgumentException("StringLookup: vocabulary values must be distinct, got '"
                        + vocabulary.get(i) + "' twice");
            }
        }
    }

    /**
     * The vocabulary of the values in {@code training} (missing values, {@code null}, are not counted), most
     * frequent first, equal counts in descending order of the values.
     *
     * @throws IllegalArgumentException when every value is missing
     */
    public static StringLookup adapt(List<String> training) {
        Objects.requireNonNull(training, "training is null");
        Map<String, Integer> counts = new HashMap<>();
        for (String value : training) {
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("StringLookup.adapt: expected at least one value present, got "
                    + training.size() + " missing ones");
        }
        List<String> vocabulary = new ArrayList<>(counts.keySet());
        vocabulary.sort(Comparator.<String>comparingInt(counts::get).reversed()
                .thenComparing(StringLookup::byCodePoints, Comparator.reverseOrder()));
        return new StringLookup(vocabulary);
    }

    /**
     * The string as its Unicode code points: compared element by element, the order of its UTF-8 bytes (Keras's
     * order), which {@link String#compareTo}'s UTF-16 units break for characters beyond U+FFFF against U+E000-U+FFFF.
     */
    private static java.nio.IntBuffer byCodePoints(String value) {
        return java.nio.IntBuffer.wrap(value.codePoints().toArray());
    }

    /**
     * A lookup with a given vocabulary (its values take indices 1, 2, ...), as Keras's
     * {@code StringLookup(vocabulary=...)}. As in Keras, the vocabulary may begin with {@value #OOV_TOKEN} (index
     * 0), so that {@code of(lookup.vocabulary())} rebuilds {@code lookup}; anywhere else the token is refused.
     *
     * @throws IllegalArgumentException when a value is repeated or {@value #OOV_TOKEN} is not first
     */
    public static StringLookup of(List<String> vocabulary) {
        Objects.requireNonNull(vocabulary, "vocabulary is null");
        List<String> values = !vocabulary.isEmpty() && OOV_TOKEN.equals(vocabulary.get(0))
                ? vocabulary.subList(1, vocabulary.size()) : vocabulary;
        for (int i = 0; i < values.size(); i++) {
            String value = Objects.requireNonNull(values.get(i), "a vocabulary value is null");
            if (value.equals(OOV_TOKEN)) {
                throw new IllegalArgumentException("StringLookup: the out-of-vocabulary token " + OOV_TOKEN
                        + " may only come first (index 0), got it at position "
                        + (i + vocabulary.size() - values.size()));
            }
        }
        return new StringLookup(values);
    }

    /** The vocabulary as Keras's {@code get_vocabulary()}: {@value #OOV_TOKEN}, then the values by index. */
    public List<String> vocabulary() {
        List<String> all = new ArrayList<>();
        all.add(OOV_TOKEN);
        all.addAll(vocabulary);
        return Collections.unmodifiableList(all);
    }

    /** The number of indices, {@value #OOV_TOKEN} included: a {@code CategoryEncoding}'s {@code numTokens}. */
    public int vocabularySize() {
        return vocabulary.size() + 1;
    }

    /** The index of one value: its vocabulary index, or 0 when it is unknown or {@code null} (missing). */
    public int index(String value) {
        return value == null ? 0 : index.getOrDefault(value, 0);
    }

    /** The indices of {@code values} as a float64 column {@code [values.size(), 1]}, a model's input. */
    public Tensor indices(List<String> values) {
        Objects.requireNonNull(values, "values is null");
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(values.get(i));
        }
        return Tensor.of(Shape.of(out.length, 1), out);
    }

    /** {@code StringLookup[[UNK], 40-59, 60+, under 40]}. */
    @Override
    public String toString() {
        return "StringLookup" + vocabulary();
    }
}
