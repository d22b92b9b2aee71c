package dev.adjoint.nn.model;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.kernel.MovementKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.CategoryEncoding;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.Layer;
import java.util.List;
import java.util.Objects;

/** Checks of datasets against a model, and batch utilities shared by fit, evaluate and predict. */
final class Batches {

    private Batches() {
    }

    /**
     * {@code x} cast to the model's dtype after checking it is {@code [rows, features...]}.
     *
     * @throws IllegalArgumentException naming the operation and the expected and actual shapes
     */
    static Tensor checkInputs(Model model, Tensor x, String op) {
        Objects.requireNonNull(x, op + ": x is null");
        Shape expected = model.inputShape();
        Shape actual = x.shape();
        boolean fits = actual.rank() == expected.rank();
        for (int a = 1; fits && a < expected.rank(); a++) {
            fits = actual.dim(a) == expected.dim(a);
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": x must have shape " + expected + " (rows first), got " + actual
                    + shapeHint(expected, actual));
        }
        checkEmbeddingIndices(model, x, op);
        return cast(x, model.dtype(), op, "x");
    }

    /**
     * What the shape a newcomer gives most often means: one example without the batch axis ({@code [8, 8, 1]}
     * for {@code [N, 8, 8, 1]}), or images channels first ({@code [n, 1, 8, 8]}) for a channels-last model.
     */
    private static String shapeHint(Shape expected, Shape actual) {
        int rank = expected.rank();
        boolean oneExample = actual.rank() + 1 == rank;
        for (int a = 1; oneExample && a < rank; a++) {
            oneExample = actual.dim(a - 1) == expected.dim(a);
        }
        if (oneExample) {
            StringBuilder dims = new StringBuilder("1");
            for (int a = 1; a < rank; a++) {
                dims.append(", ").append(expected.dim(a));
            }
            return "; one example needs the batch axis first, as x.reshape(Shape.of(" + dims + "))";
        }
        boolean channelsFirst = rank >= 3 && actual.rank() == rank && actual.dim(1) == expected.dim(rank - 1)
                && actual.dim(1) != expected.dim(1);
        for (int a = 2; channelsFirst && a < rank; a++) {
            channelsFirst = actual.dim(a) == expected.dim(a - 1);
        }
        return channelsFirst ? "; x looks channels first, [n, C, ...] with C = " + actual.dim(1) + ", where the"
                + " model reads channels last: move x's channels to the last axis, or build the model on the input "
                + actual.drop(0) + " with dataFormat(\"channels_first\") layers" : "";
    }

    /**
     * Checks the indices given to a {@link Sequential} model whose first layer is an {@link Embedding} or a
     * {@link CategoryEncoding} (or a frozen one): each must be a whole number in {@code [0, inputDim)} (or
     * {@code [0, numTokens)}). The lookup in the graph checks the range too, but it sees one shuffled batch and names
     * a position in it ({@code [3, 5] of indices [32, 10]}), which does not say which example of the data is wrong;
     * and the encoding's cast to integers would truncate 2.9 to 2 without a word.
     *
     * @throws IllegalArgumentException naming the operation, the layer, the range, the value, its row and column
     */
    private static void checkEmbeddingIndices(Model model, Tensor x, String op) {
        if (!(model instanceof Sequential sequential)) {
            return;
        }
        List<Layer> layers = sequential.stack();
        Layer first = layers.isEmpty() ? null : layers.get(0);
        while (first instanceof Frozen frozen) {
            first = frozen.layer();
        }
        int vocabulary;
        String reader;
        if (first instanceof Embedding embedding) {
            vocabulary = embedding.inputDim();
            reader = "the embedding layer '" + layerName(embedding) + "' of inputDim " + vocabulary;
        } else if (first instanceof CategoryEncoding encoding) {
            vocabulary = encoding.numTokens();
            reader = "the category encoding layer '" + layerName(encoding) + "' of numTokens " + vocabulary;
        } else {
            return;
        }
        int rows = x.rank() == 0 ? 0 : x.shape().dim(0);
        int row = rows == 0 ? 1 : Math.max(1, x.size() / rows);
        for (int i = 0; i < x.size(); i++) {
            boolean valid;
            String value;
            if (x.dtype().isInteger()) {
                long v = x.flatLong(i);
                valid = v >= 0 && v < vocabulary;
                value = Long.toString(v);
            } else if (x.dtype().isBool()) {
                valid = true;
                value = "";
            } else {
                double v = x.flat(i);
                valid = v == Math.rint(v) && v >= 0 && v < vocabulary;
                value = Double.toString(v);
            }
            if (!valid) {
                throw new IllegalArgumentException(op + ": x feeds " + reader + ", so it must hold whole numbers in"
                        + " [0, " + vocabulary + "), got " + value + " at row " + i / row + ", column " + i % row);
            }
        }
    }

    /** The first layer's name: an unnamed one is named by its kind alone ({@code LayerNames}). */
    private static String layerName(Layer layer) {
        return layer.name() == null ? layer.kind() : layer.name();
    }

    /**
     * {@code y} cast to the model's dtype after checking it has as many rows as {@code x}. Integer targets
     * (class labels, as Keras users pass them) are accepted when the model's dtype holds each one exactly (below
     * 2^24 in float32): the compiled step computes in one dtype.
     *
     * @throws IllegalArgumentException naming both row counts, or an integer target the model's dtype rounds
     */
    static Tensor checkTargets(Model model, Tensor x, Tensor y, String op) {
        Objects.requireNonNull(y, op + ": y is null");
        if (y.rank() < 1 || y.shape().dim(0) != x.shape().dim(0)) {
            throw new IllegalArgumentException(op + ": x and y must have the same number of rows, got "
                    + x.shape() + " and " + y.shape());
        }
        return cast(y, model.dtype(), op, "y");
    }

    /**
     * {@code t} in {@code dtype}, after checking that the conversion keeps every value: no integer is rounded
     * (2^24 + 1 in a float32 model would arrive as 2^24) and no finite value overflows (1e300 in a float32 model
     * would otherwise arrive as infinity and be reported, if at all, as an infinite input). A bad value is
     * named by its row and its column, the position within the row in row-major order.
     *
     * @param op the operation, for messages ({@code fit}, {@code predict})
     * @param what the array, for messages ({@code x}, {@code input 'b'})
     * @throws IllegalArgumentException naming {@code what}, the value, its row and column, and what it became
     */
    static Tensor cast(Tensor t, DType dtype, String op, String what) {
        Tensor out = t.cast(dtype);
        int row = t.rank() == 0 || t.shape().dim(0) == 0 ? 1 : Math.max(1, t.size() / t.shape().dim(0));
        if (t.dtype().isInteger()) {
            for (int i = 0; i < out.size(); i++) {
                if ((long) out.flat(i) != t.flatLong(i)) {
                    throw new IllegalArgumentException(op + ": " + what + " must be exact in " + dtype.shortName()
                            + ", got the integer " + t.flatLong(i) + " at row " + i / row + ", column " + i % row
                            + ", which " + dtype.shortName() + " rounds to " + (long) out.flat(i)
                            + "; build the model in FLOAT64");
                }
            }
        }
        if (t.dtype() == DType.FLOAT64 && dtype == DType.FLOAT32) {
            for (int i = 0; i < out.size(); i++) {
                double v = t.flat(i);
                if (dtype.overflows(v)) {
                    throw new IllegalArgumentException(op + ": " + what + " must be finite in "
                            + dtype.shortName() + ", got " + v + " at row " + i / row + ", column "
                            + i % row + ", beyond " + dtype.shortName() + "'s largest "
                            + (double) Float.MAX_VALUE + "; scale the data or build the model in FLOAT64");
                }
            }
        }
        return out;
    }

    /**
     * Checks the values given for an input of integer dtype {@code integer} (indices, token ids), carried to the
     * graph in {@code carried} and cast there: each must be a whole number within {@code integer}'s range, which
     * {@code carried} holds exactly. The cast in the graph would otherwise truncate 1.5 to 1, wrap a value out of
     * range, turn NaN into 0 and rounding in float32 would turn 2^24 + 1 into 2^24, each silently.
     *
     * @param op the operation, for messages ({@code fit}, {@code predict})
     * @param what the array, for messages ({@code input 'idx'})
     * @throws IllegalArgumentException naming {@code what}, its dtype, the value, its row and its column (the
     *     position within the row in row-major order)
     */
    static void checkWhole(Tensor t, DType integer, DType carried, String op, String what) {
        if (!integer.isInteger() || t.dtype().isBool()) {
            return;
        }
        int row = t.rank() == 0 || t.shape().dim(0) == 0 ? 1 : Math.max(1, t.size() / t.shape().dim(0));
        long min = integer == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = integer == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
        for (int i = 0; i < t.size(); i++) {
            boolean whole;
            String value;
            if (t.dtype().isInteger()) {
                long v = t.flatLong(i);
                whole = v >= min && v <= max;
                value = Long.toString(v);
            } else {
                double v = t.flat(i);
                // max + 1.0 is 2^31 or 2^63 exactly: a double below it and at least min is in range
                whole = v == Math.rint(v) && v >= min && v < max + 1.0;
                value = Double.toString(v);
            }
            if (!whole) {
                throw new IllegalArgumentException(op + ": " + what + " is " + integer.shortName() + ", so it must"
                        + " hold whole numbers in [" + min + ", " + max + "], got " + value + " at row " + i / row
                        + ", column " + i % row);
            }
            if (t.dtype().isFloating() && carried.round(t.flat(i)) != t.flat(i)) {
                throw new IllegalArgumentException(op + ": " + what + " must be exact in " + carried.shortName()
                        + ", got the integer " + (long) t.flat(i) + " at row " + i / row + ", column " + i % row
                        + ", which " + carried.shortName() + " rounds to " + (long) carried.round(t.flat(i))
                        + "; build the model in FLOAT64");
            }
        }
    }

    /**
     * Checks the values given for an input of dtype BOOL (masks, flags), carried to the graph in the model's
     * dtype and cast there by {@code x != 0}: a bool tensor, or numbers each 0 or 1 ({@code -0.0} is 0). The
     * cast would otherwise turn 0.5, 2, -1 and NaN into true silently.
     *
     * @param op the operation, for messages ({@code fit}, {@code predict})
     * @param what the array, for messages ({@code input 'mask'})
     * @throws IllegalArgumentException naming {@code what}, the value and its dtype, its row and its column (the
     *     position within the row in row-major order)
     */
    static void checkTruthValues(Tensor t, String op, String what) {
        if (t.dtype().isBool()) {
            return;
        }
        int row = t.rank() == 0 || t.shape().dim(0) == 0 ? 1 : Math.max(1, t.size() / t.shape().dim(0));
        for (int i = 0; i < t.size(); i++) {
            boolean truth = t.dtype().isInteger() ? t.flatLong(i) == 0 || t.flatLong(i) == 1
                    : t.flat(i) == 0 || t.flat(i) == 1;
            if (!truth) {
                String value = t.dtype().isInteger() ? Long.toString(t.flatLong(i)) : Double.toString(t.flat(i));
                throw new IllegalArgumentException(op + ": " + what + " is bool, so it must hold 0 or 1 (or be a"
                        + " bool tensor), got the " + t.dtype().shortName() + " value " + value + " at row " + i / row
                        + ", column " + i % row);
            }
        }
    }

    /**
     * Checks that every value of {@code t} is finite (neither NaN nor infinite).
     *
     * @param op the operation, for messages ({@code fit})
     * @param what the array, for messages ({@code x}, {@code validation y}, {@code input 'b'})
     * @throws IllegalArgumentException naming {@code what}, the value, its row and its column (the position
     *     within the row in row-major order)
     */
    static void checkFinite(Tensor t, String op, String what) {
        checkFinite(t, op, what, "");
    }

    /** A hint after a NaN in a model's inputs, where a CSV's missing values would show. */
    static final String MISSING_HINT = "; a missing value? fill the gaps first (dev.adjoint.nn.data.Imputer)";

    /** As {@link #checkFinite(Tensor, String, String)}, with {@code nanHint} after the message for a NaN. */
    static void checkFinite(Tensor t, String op, String what, String nanHint) {
        int row = t.rank() == 0 || t.shape().dim(0) == 0 ? 1 : Math.max(1, t.size() / t.shape().dim(0));
        if (!t.dtype().isFloating()) {
            return;
        }
        for (int i = 0; i < t.size(); i++) {
            double v = t.flat(i);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(op + ": " + what + " must be finite, got " + v + " at row "
                        + i / row + ", column " + i % row + (Double.isNaN(v) ? nanHint : ""));
            }
        }
    }

    /**
     * Sample weights cast to the model's dtype after checking them: one finite, non-negative number per row
     * of {@code x} ({@code [rows]} or {@code [rows, 1]}), not all zero.
     *
     * @throws IllegalArgumentException naming the operation, the rule and the first bad row
     */
    public static Tensor checkSampleWeights(Model model, Tensor x, Tensor sampleWeights, String op) {
        Objects.requireNonNull(sampleWeights, op + ": sampleWeights is null");
        int rows = x.shape().dim(0);
        if (sampleWeights.rank() < 1 || sampleWeights.rank() > 2 || sampleWeights.shape().dim(0) != rows
                || sampleWeights.size() != rows) {
            throw new IllegalArgumentException(op + ": sampleWeights must hold one weight per row, shape [" + rows
                    + "], got " + sampleWeights.shape());
        }
        boolean positive = false;
        for (int i = 0; i < rows; i++) {
            double w = sampleWeights.flat(i);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(op + ": sampleWeights must be finite and >= 0, got " + w
                        + " at row " + i);
            }
            positive |= w > 0;
        }
        if (!positive && rows > 0) {
            throw new IllegalArgumentException(op + ": sampleWeights must not all be 0, got " + rows + " zeros");
        }
        return sampleWeights.reshape(Shape.of(rows)).cast(model.dtype());
    }

    /** {@code shape} with its first axis replaced by the batch dimension N. */
    static Shape batchShape(Shape shape) {
        return shape.with(0, Shape.BATCH);
    }

    /** Checks a batch size. */
    static void checkBatchSize(int batchSize, String op) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException(op + ": batchSize must be > 0, got " + batchSize);
        }
    }

    /**
     * {@code f} on the batch of rows {@code from..to-1}; an index out of range inside it (an embedding's lookup in
     * a Functional model, a label a custom loss gathers by) names its position in the batch, and is rethrown
     * naming the batch and the data rows it holds, as {@code fit} names them. An {@code
     * ArrayIndexOutOfBoundsException} (a fault in code, not an index in the data) passes unchanged.
     */
    static List<Tensor> call(Function f, List<Tensor> args, String op, int from, int to, int batchSize) {
        try {
            return f.call(args);
        } catch (ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException bug) {
            throw bug; // not an index of the data: a fault to report as it is
        } catch (IndexOutOfBoundsException outOfRange) {
            throw Batches.outOfRangeInBatch(op + ": batch " + from / batchSize, outOfRange,
                    from + ".." + (to - 1), "");
        }
    }

    /**
     * An index error raised inside a compiled function, which names a position in the batch it was given, with
     * the rows of the data that batch holds, so that the bad example can be found:
     * {@code "<where>: <message>; the batch holds rows <rows> of the data, in that order<after>"}.
     *
     * @param where the operation and the batch, e.g. {@code "fit: epoch 2, batch 7"}
     * @param rows the data rows of the batch, in batch order, e.g. {@code "[5, 0, 3]"} or {@code "256..511"}
     * @param after what follows the rows in the message (e.g. what became of the model), or {@code ""}
     */
    static IndexOutOfBoundsException outOfRangeInBatch(String where, IndexOutOfBoundsException outOfRange,
            String rows, String after) {
        IndexOutOfBoundsException named = new IndexOutOfBoundsException(where + ": " + outOfRange.getMessage()
                + "; the batch holds rows " + rows + " of the data, in that order" + after);
        named.initCause(outOfRange);
        return named;
    }

    /** The tensors stacked along their first axis. */
    static Tensor concatRows(List<Tensor> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int rows = 0;
        for (Tensor p : parts) {
            rows += p.shape().dim(0);
        }
        return MovementKernels.concat(parts, 0, parts.get(0).shape().with(0, rows));
    }
}
