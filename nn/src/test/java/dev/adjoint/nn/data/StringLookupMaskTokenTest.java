package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.model.Sequential;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link StringLookup}'s {@code mask_token} and {@code invert}, with the index layout of Keras 3's
 * {@code IndexLookup} (mask 0, out-of-vocabulary 1, vocabulary from 2; special tokens left out of {@code adapt}'s
 * counts; {@code get_vocabulary()} lists them first; an inverse lookup gives {@code [UNK]} for an unknown index).
 */
class StringLookupMaskTokenTest {

    private static final List<String> TRAINING = Arrays.asList("b", "a", "", "c", "a", null, "c", "d", "a", "[UNK]",
            "", "");

    @Test
    void theMaskTokenTakesIndexZeroAndShiftsTheOutOfVocabularyIndexAndTheValuesByOne() {
        StringLookup lookup = StringLookup.adapt(TRAINING, "");
        // "" is the most frequent value (3), but as the mask token it is not counted; nor is [UNK]
        assertEquals(List.of("", "[UNK]", "a", "c", "d", "b"), lookup.vocabulary());
        assertEquals(6, lookup.vocabularySize());
        assertEquals(Optional.of(""), lookup.maskToken());
        assertEquals(1, lookup.oovIndex());
        Tensor idx = lookup.indices(Arrays.asList("a", "b", "", "zzz", null, "[UNK]"));
        assertArrayEquals(new double[] {2, 5, 0, 1, 1, 1}, idx.toDoubleArray());
        for (int i = 0; i < lookup.vocabularySize(); i++) {
            assertEquals(i, lookup.index(lookup.vocabulary().get(i)), "vocabulary().get(i) has index i");
            assertEquals(lookup.vocabulary().get(i), lookup.invert(i));
        }
        assertEquals("StringLookup[, [UNK], a, c, d, b]", lookup.toString());
    }

    @Test
    void withoutAMaskTokenTheLayoutIsUnchanged() {
        StringLookup lookup = StringLookup.adapt(TRAINING);
        assertEquals(Optional.empty(), lookup.maskToken());
        assertEquals(0, lookup.oovIndex());
        // without a mask token "" is an ordinary value, the most frequent one with "a"; ties high to low
        assertEquals(List.of("[UNK]", "a", "", "c", "d", "b"), lookup.vocabulary());
        assertArrayEquals(new double[] {1, 2, 0, 0}, lookup.indices(Arrays.asList("a", "", null, "zzz"))
                .toDoubleArray());
    }

    /** Keras's adapt removes the out-of-vocabulary token from its counts: [UNK] in the data maps to index 0. */
    @Test
    void adaptLeavesTheOutOfVocabularyTokenOutOfTheVocabulary() {
        StringLookup lookup = StringLookup.adapt(List.of("[UNK]", "[UNK]", "a"));
        assertEquals(List.of("[UNK]", "a"), lookup.vocabulary());
        assertEquals(0, lookup.index("[UNK]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StringLookup.adapt(Arrays.asList("", null, "[UNK]"), ""));
        assertEquals("StringLookup.adapt: expected at least one value present, got 3 values and none to count"
                + " (missing values, [UNK] and the mask token '' are not counted)", e.getMessage());
    }

    @Test
    void ofAcceptsTheSpecialTokensOnlyAtTheStartInKerasOrder() {
        StringLookup lookup = StringLookup.adapt(TRAINING, "");
        assertEquals(lookup.vocabulary(), StringLookup.of(lookup.vocabulary(), "").vocabulary());
        assertEquals(List.of("<pad>", "[UNK]", "x", "y"), StringLookup.of(List.of("x", "y"), "<pad>").vocabulary());
        assertEquals("StringLookup: the mask token '<pad>' may only come as the mask token '<pad>' at index 0, then"
                + " [UNK] at index 1, got it at position 0", assertThrows(IllegalArgumentException.class,
                        () -> StringLookup.of(List.of("<pad>", "x"), "<pad>")).getMessage());
        assertEquals("StringLookup: the out-of-vocabulary token [UNK] may only come as the mask token '<pad>' at"
                + " index 0, then [UNK] at index 1, got it at position 0", assertThrows(
                        IllegalArgumentException.class, () -> StringLookup.of(List.of("[UNK]", "x"), "<pad>"))
                        .getMessage());
        assertEquals("StringLookup: the mask token '<pad>' may only come as the mask token '<pad>' at index 0, then"
                + " [UNK] at index 1, got it at position 3", assertThrows(IllegalArgumentException.class,
                        () -> StringLookup.of(List.of("<pad>", "[UNK]", "x", "<pad>"), "<pad>")).getMessage());
        assertEquals("StringLookup: the mask token must differ from the out-of-vocabulary token [UNK], got [UNK]",
                assertThrows(IllegalArgumentException.class, () -> StringLookup.of(List.of("x"), "[UNK]"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.adapt(List.of("x"), "[UNK]"));
    }

    @Test
    void invertMapsIndicesBackAndUnknownIndicesToTheOutOfVocabularyToken() {
        StringLookup masked = StringLookup.of(List.of("a", "b"), "");
        assertEquals(List.of("", "[UNK]", "a", "b", "[UNK]", "[UNK]"),
                masked.invert(Tensor.of(Shape.of(2, 3), 0, 1, 2, 3, 4, -1)));
        StringLookup plain = StringLookup.of(List.of("a", "b"));
        assertEquals(List.of("[UNK]", "a", "b", "[UNK]"), plain.invert(Tensor.of(Shape.of(4), 0, 1, 2, 3)));
        for (String value : Arrays.asList("a", "b", "zzz", null)) {
            String back = plain.invert(plain.index(value));
            assertEquals(value == null || value.equals("zzz") ? "[UNK]" : value, back);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> masked.invert(Tensor.of(Shape.of(3), 0, 1.5, 2)));
        assertEquals("StringLookup.invert: expected whole-number indices, got 1.5 at flat position 1 of "
                + Shape.of(3), e.getMessage());
        // whole numbers beyond int's range are outside the vocabulary, as -1 is
        assertEquals(List.of("[UNK]", "[UNK]", "a"), masked.invert(Tensor.of(Shape.of(3), 3e9, -5e12, 2)));
        assertEquals(List.of("[UNK]"), masked.invert(Tensor.ofLongs(Shape.of(1), 5_000_000_000L)));
        assertThrows(IllegalArgumentException.class, () -> masked.invert(Tensor.vector(Double.POSITIVE_INFINITY)));
    }

    /**
     * The mask token's index 0 is the padding an Embedding with maskZero marks: an LSTM over the padded sequence
     * gives what it gives over the sequence without the padding, and without the mask it does not.
     */
    @Test
    void theMaskTokensIndexIsPaddingForAnEmbeddingWithMaskZero() {
        StringLookup lookup = StringLookup.of(List.of("red", "green", "blue"), "");
        Sequential padded = model(lookup, 4, true);
        Sequential trimmed = model(lookup, 2, true);
        trimmed.setWeights(padded.weights());
        Tensor x = sequences(lookup, 4, List.of("red", "blue", "", ""), List.of("green", "zzz", "", ""));
        Tensor short_ = sequences(lookup, 2, List.of("red", "blue"), List.of("green", "zzz"));
        assertArrayEquals(new double[] {2, 4, 0, 0, 3, 1, 0, 0}, x.toDoubleArray());
        assertTrue(padded.predict(x).sameValues(trimmed.predict(short_)));
        Sequential unmasked = model(lookup, 4, false);
        unmasked.setWeights(padded.weights());
        Tensor a = padded.predict(x);
        Tensor b = unmasked.predict(x);
        assertTrue(Math.abs(a.flat(0) - b.flat(0)) > 1e-9, "without the mask the padding counts");
    }

    private static Sequential model(StringLookup lookup, int steps, boolean maskZero) {
        Sequential model = new Sequential(Shape.of(steps), DType.FLOAT64, 3);
        model.add(Embedding.of(lookup.vocabularySize(), 3).maskZero(maskZero)).add(LSTM.of(2));
        return model;
    }

    @SafeVarargs
    private static Tensor sequences(StringLookup lookup, int steps, List<String>... rows) {
        double[] out = new double[rows.length * steps];
        for (int r = 0; r < rows.length; r++) {
            for (int t = 0; t < steps; t++) {
                out[r * steps + t] = lookup.index(rows[r].get(t));
            }
        }
        return Tensor.of(Shape.of(rows.length, steps), out);
    }
}
