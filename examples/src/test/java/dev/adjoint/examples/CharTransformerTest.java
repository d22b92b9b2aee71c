package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.examples.data.Datasets;
import dev.adjoint.nn.model.Functional;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A smoke version of {@link CharTransformer} on the start of Genesis, and the text handling it relies on. */
class CharTransformerTest {

    private static final String TEXT = Datasets.kjvGenesisExodus();
    private static final CharText ALPHABET = CharText.of(TEXT);
    private static final CharTransformer.Config TINY = new CharTransformer.Config(16, 16, 2, 1, 0.1, 8, 60, 5, 1e-2);

    @Test
    void theShippedTextIsGenesisAndExodusInPlainAscii() {
        assertEquals(366_194, TEXT.length());
        assertTrue(TEXT.startsWith("In the beginning God created the heaven and the earth.\n"));
        assertTrue(TEXT.endsWith("throughout all their journeys.\n"));
        assertEquals(62, ALPHABET.size());
        for (char c : ALPHABET.alphabet()) {
            assertTrue(c == '\n' || c >= ' ' && c < 127, "character " + (int) c);
        }
    }

    @Test
    void coveringWindowsPredictEveryCharacterButTheFirstExactlyOnce() {
        for (int length : new int[] {37, 40, 41}) {
            int[] text = new int[length];
            int[] predicted = new int[length];
            int[] starts = CharText.coveringStarts(length, 8);
            for (int w = 0; w < starts.length; w++) {
                for (int p = CharText.firstNew(length, 8, w); p < 8; p++) {
                    predicted[starts[w] + p + 1]++;
                }
            }
            assertEquals(0, predicted[0]);
            for (int i = 1; i < length; i++) {
                assertEquals(1, predicted[i], "character " + i + " of " + length);
            }
            assertEquals(starts.length, CharText.coveringWindows(text, 8, DType.FLOAT32)[0].shape().dim(0));
        }
    }

    @Test
    void randomWindowsPairEachCharacterWithTheNextAndFollowTheKey() {
        int[] text = ALPHABET.encode(TEXT.substring(0, 2_000));
        Tensor[] a = CharText.randomWindows(text, 4, 10, Key.of(3), DType.FLOAT32);
        Tensor[] b = CharText.randomWindows(text, 4, 10, Key.of(3), DType.FLOAT32);
        assertTrue(a[0].sameValues(b[0]) && a[1].sameValues(b[1]));
        assertFalse(a[0].sameValues(CharText.randomWindows(text, 4, 10, Key.of(4), DType.FLOAT32)[0]));
        for (int r = 0; r < 4; r++) {
            for (int t = 0; t < 9; t++) {
                assertEquals(a[0].get(r, t + 1), a[1].get(r, t));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ALPHABET.encode("é"));
    }

    /**
     * A one-block Transformer trained for 60 steps on the first 20,000 characters: its loss falls, it beats the
     * unigram baseline on the next 2,000, the run is bit-reproducible, and a sample has the requested length and
     * only characters of the alphabet, and follows its key.
     */
    @Test
    void aTinyTransformerLearnsTheStartOfGenesisAndSamplesFromItsAlphabet() {
        int[] train = ALPHABET.encode(TEXT.substring(0, 20_000));
        int[] validation = ALPHABET.encode(TEXT.substring(20_000, 22_000));
        Functional model = CharTransformer.model(TINY, ALPHABET.size());
        CharTransformer.Training t = CharTransformer.train(model, TINY, train, 0, null);
        assertTrue(t.lastLoss() < 0.8 * t.firstLoss(), "loss " + t.firstLoss() + " -> " + t.lastLoss());
        double bits = CharTransformer.bitsPerChar(model, validation);
        double unigram = ALPHABET.ngramBitsPerChar(train, validation, 1);
        assertTrue(bits < unigram, bits + " bits/char against the unigram's " + unigram);

        Functional again = CharTransformer.model(TINY, ALPHABET.size());
        CharTransformer.train(again, TINY, train, 0, null);
        assertEquals(bits, CharTransformer.bitsPerChar(again, validation), 0.0);

        CharSampler sampler = new CharSampler(model, 0.8);
        assertEquals(16, sampler.window());
        int[] prompt = ALPHABET.encode(CharTransformer.PROMPT);
        int[] sample = sampler.sample(prompt, 40, Key.of(5));
        assertEquals(40, sample.length);
        assertTrue(Arrays.stream(sample).allMatch(i -> i >= 0 && i < ALPHABET.size()), Arrays.toString(sample));
        assertArrayEquals(sample, sampler.sample(prompt, 40, Key.of(5)));
        assertFalse(Arrays.equals(sample, sampler.sample(prompt, 40, Key.of(6))));
    }
}
