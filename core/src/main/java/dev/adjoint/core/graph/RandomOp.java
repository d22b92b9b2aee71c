package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.kernel.RandomKernels;
import java.util.List;
import java.util.Objects;

/**
 * Random tensors as a pure function of an explicit key: principle 6, randomness enters the graph only
 * through inputs. The key is a rank-0 input holding an integer in {@code [0, 2^53)}, INT64 or INT32, or (as
 * before integers existed) a float64 holding it exactly, typically derived on the host from a seed and the step
 * number; the same key gives bit-identical values.
 * Random values do not depend on anything differentiable, so every cotangent is zero. The factories build
 * {@code uniform}, {@code normal} and the composition {@code bernoulli}, and their row-keyed forms.
 */
public sealed interface RandomOp extends Op {

    /** Uniform samples in {@code [0, 1)} from the rank-0 {@code key}, salted by {@code salt}. */
    static Node uniform(Node key, Shape shape, DType dtype, long salt) {
        Objects.requireNonNull(key, "uniform: key is null");
        return Node.apply(new RandomOp.Uniform(shape, dtype, salt), key);
    }

    /** A BOOL mask, true with probability {@code keep}: {@code uniform < keep}, uniform drawn in {@code dtype}. */
    static Node bernoulli(Node key, Shape shape, DType dtype, double keep, long salt) {
        return BinaryOp.less(uniform(key, shape, dtype, salt), SourceOp.scalar(checkKeep(keep), dtype));
    }

    /**
     * Uniform samples in {@code [0, 1)}, row {@code r} drawn from {@code key} and the row index {@code rows[r]}
     * (see {@link UniformByRow}).
     *
     * @param rows the rank-1 row indices, one per row of {@code shape}
     */
    static Node uniformByRow(Node key, Node rows, Shape shape, DType dtype, long salt) {
        Objects.requireNonNull(key, "uniform_by_row: key is null");
        Objects.requireNonNull(rows, "uniform_by_row: rows is null");
        return Node.apply(new RandomOp.UniformByRow(shape, dtype, salt), key, rows);
    }

    /** A BOOL mask, true with probability {@code keep}, drawn row by row: {@code uniformByRow < keep}. */
    static Node bernoulliByRow(Node key, Node rows, Shape shape, DType dtype, double keep, long salt) {
        return BinaryOp.less(uniformByRow(key, rows, shape, dtype, salt), SourceOp.scalar(checkKeep(keep), dtype));
    }

    /**
     * Standard normal samples from the rank-0 {@code key}, salted by {@code salt}: the values of
     * {@code Tensor.normal(k, dtype, shape, 0, 1)} for the key {@code k} the key tensor and salt derive (Box-Muller
     * on the key's stream). Scale and shift them with graph ops: {@code mean.add(std.mul(normal(...)))}, the
     * reparameterization of a variational autoencoder.
     */
    static Node normal(Node key, Shape shape, DType dtype, long salt) {
        Objects.requireNonNull(key, "normal: key is null");
        return Node.apply(new RandomOp.Normal(shape, dtype, salt), key);
    }

    /**
     * Standard normal samples drawn row by row: row {@code r} from {@code key}, salted, folded with the row index
     * {@code rows[r]} (see {@link UniformByRow}), so that each row's values depend only on the key and that row's
     * index (training draws an example's noise by its index in the dataset this way).
     *
     * @param rows the rank-1 row indices, one per row of {@code shape}
     */
    static Node normalByRow(Node key, Node rows, Shape shape, DType dtype, long salt) {
        Objects.requireNonNull(key, "normal_by_row: key is null");
        Objects.requireNonNull(rows, "normal_by_row: rows is null");
        return Node.apply(new RandomOp.NormalByRow(shape, dtype, salt), key, rows);
    }

    /** {@code keep}, checked to be a probability. */
    private static double checkKeep(double keep) {
        if (!(keep >= 0 && keep <= 1)) {
            throw new IllegalArgumentException("bernoulli: keep must be in [0, 1], got " + keep);
        }
        return keep;
    }

    /** A sampler's shape rule: one rank-0 key in, {@code shape} out. */
    private static Shape keyedShape(String op, List<Node> inputs, Shape shape) {
        if (inputs.size() != 1 || inputs.get(0).rank() != 0) {
            throw new IllegalArgumentException(op + ": takes one rank-0 key, got " + Node.describe(inputs));
        }
        return shape;
    }

    /** A sampler's dtype rule: an integer key in, the floating {@code dtype} out. */
    private static DType keyedType(String op, List<Node> inputs, DType dtype) {
        DTypeSet.INDEX.require(op, "key", inputs.get(0));
        return DTypeSet.FLOATING.require(op, "dtype", dtype);
    }

    /** Checks a by-row sampler's parameters: a sample with a row axis, float32 or float64. */
    private static void requireRowSample(String op, Shape sampleShape, DType sampleType) {
        Objects.requireNonNull(sampleShape, "sampleShape is null");
        Objects.requireNonNull(sampleType, "sampleType is null");
        if (sampleShape.rank() < 1) {
            throw new IllegalArgumentException(op + ": the sample needs a row axis, got " + sampleShape);
        }
        if (!sampleType.isFloating()) {
            throw new IllegalArgumentException(op + ": samples are float32 or float64, got " + sampleType.shortName());
        }
    }

    /** A by-row sampler's shape rule: a rank-0 key and one row index per row in, {@code sampleShape} out. */
    private static Shape rowShape(String op, List<Node> inputs, Shape sampleShape) {
        if (inputs.size() != 2 || inputs.get(0).rank() != 0 || inputs.get(1).rank() != 1
                || inputs.get(1).shape().dim(0) != sampleShape.dim(0)) {
            throw new IllegalArgumentException(op + ": takes a rank-0 key and one row index per row of "
                    + sampleShape + ", got " + Node.describeShapes(inputs));
        }
        return sampleShape;
    }

    /**
     * The keys of a by-row sampler's rows, {@code key.fold(salt).fold(rows[r])} for the inputs (key, rows).
     *
     * @throws IllegalArgumentException naming {@code op}, unless there is one row index per row of {@code out},
     *     each an integer in {@code [0, 2^53)}
     */
    private static Key[] rowKeys(String op, List<Tensor> inputs, long salt, Shape out) {
        Key key = key(inputs.get(0), salt);
        Tensor rows = inputs.get(1);
        int n = out.dim(0);
        if (rows.size() != n) {
            throw new IllegalArgumentException(op + ": needs one row index per row, got " + rows.size()
                    + " indices for " + out);
        }
        Key[] keys = new Key[n];
        for (int r = 0; r < n; r++) {
            double index = rows.flat(r);
            if (index != Math.rint(index) || index < 0 || index >= KEY_LIMIT) {
                throw new IllegalArgumentException(op + ": row indices must be integers in [0, 2^53), got " + index
                        + " at row " + r);
            }
            keys[r] = key.fold((long) index);
        }
        return keys;
    }

    /** The largest key value, exclusive: keys must be exact integers in a float64. */
    long KEY_LIMIT = 1L << 53;

    /** The key derived from a key tensor's value and a salt. */
    static Key key(Tensor key, long salt) {
        double v = key.item(); // exact for every integer below 2^53, whatever the key's dtype
        if (v != Math.rint(v) || v < 0 || v >= KEY_LIMIT) {
            throw new IllegalArgumentException("random: key must be an integer in [0, 2^53), got " + v
                    + "; make the key tensor from a Key with Tensor.key(key) for an INT64 key input or"
                    + " Tensor.scalar(RandomOp.keyValue(key)) for a FLOAT64 one, not from Key.seed(), which may be"
                    + " negative or 2^53 or more");
        }
        return Key.of((long) v).fold(salt);
    }

    /**
     * Turns a 64-bit key into a value usable as a key tensor (an integer below 2^53): {@link Key#tensorValue()},
     * which gives every seed in {@code [-2^32, 2^43)} a value of its own and keeps seeds in {@code [0, 2^32)} and
     * derived keys as they always were, so {@code fit}'s draws are unchanged.
     */
    static double keyValue(Key key) {
        return key.tensorValue(); // below 2^53: exact in a double
    }

    /**
     * Independent samples uniform in {@code [0, 1)}, of a shape that may contain {@code N}.
     *
     * @param shape the output shape
     * @param dtype the output dtype
     * @param salt distinguishes streams drawn from one key (e.g. the layer index)
     */
    record Uniform(Shape shape, DType dtype, long salt) implements RandomOp {
        /** Validates the parameters. */
        public Uniform {
            Objects.requireNonNull(shape, "shape is null");
            Objects.requireNonNull(dtype, "dtype is null");
        }

        @Override
        public String name() {
            return "uniform(" + salt + ")";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return keyedShape("uniform", inputs, shape);
        }

        @Override
        public DTypeSet accepts(int i) {
            return DTypeSet.INDEX;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return keyedType("uniform", inputs, dtype);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            // Tensor.uniform(key, dtype, out, 0, 1): the first draws of the key's stream
            return RandomKernels.uniform(dtype, out, RandomOp.key(inputs.get(0), salt).streamState());
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }

    /**
     * Samples uniform in {@code [0, 1)} drawn row by row, row {@code r} from the key
     * {@code key.fold(salt).fold(rows[r])}: each row's values depend only on the key and that row's index, not
     * on which other rows share the batch or where the batch is computed. Training keys an example's dropout
     * mask by its index in the dataset this way, so a batch split into shards (on one machine or on several)
     * draws the masks the whole batch would.
     *
     * <p>Inputs: the rank-0 key and the rank-1 row indices (integers in {@code [0, 2^53)}), as many as the
     * sample has rows.
     *
     * @param sampleShape the output shape, rows first (the first axis may be {@code N})
     * @param sampleType the output dtype
     * @param salt distinguishes streams drawn from one key (e.g. the layer index)
     */
    record UniformByRow(Shape sampleShape, DType sampleType, long salt) implements RandomOp {
        /** Validates the parameters. */
        public UniformByRow {
            requireRowSample("uniform_by_row", sampleShape, sampleType);
        }

        @Override
        public String name() {
            return "uniform_by_row(" + salt + ")";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return rowShape("uniform_by_row", inputs, sampleShape);
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return sampleType;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            Key[] keys = rowKeys("uniform_by_row", inputs, salt, out);
            long[] states = new long[keys.length];
            for (int r = 0; r < keys.length; r++) {
                states[r] = keys[r].streamState();
            }
            // row r is Tensor.uniform(key.fold(rows[r]), sampleType, [perRow], 0, 1): its stream's first draws
            return RandomKernels.uniformRows(sampleType, out, states);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)), SourceOp.zerosLike(y.inputs().get(1)));
        }
    }

    /**
     * Independent standard normal samples, of a shape that may contain {@code N}: {@link #normal}. Element
     * {@code i} (row-major) is {@code sqrt(-2 ln(1 - u_2i)) cos(2 pi u_2i+1)}, {@code u_j} the key stream's
     * draws in {@code [0, 1)} ({@code Key.Stream.nextGaussian}), rounded to the dtype.
     *
     * @param shape the output shape
     * @param dtype the output dtype
     * @param salt distinguishes streams drawn from one key (e.g. the layer index)
     */
    record Normal(Shape shape, DType dtype, long salt) implements RandomOp {
        /** Validates the parameters. */
        public Normal {
            Objects.requireNonNull(shape, "shape is null");
            Objects.requireNonNull(dtype, "dtype is null");
        }

        @Override
        public String name() {
            return "normal(" + salt + ")";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return keyedShape("normal", inputs, shape);
        }

        @Override
        public DTypeSet accepts(int i) {
            return DTypeSet.INDEX;
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return keyedType("normal", inputs, dtype);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return Tensor.normal(RandomOp.key(inputs.get(0), salt), dtype, out, 0.0, 1.0);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }

    /**
     * Standard normal samples drawn row by row, row {@code r} the values of
     * {@code Tensor.normal(key.fold(salt).fold(rows[r]), dtype, [perRow], 0, 1)}: {@link #normalByRow}. Inputs as
     * {@link UniformByRow}'s.
     *
     * @param sampleShape the output shape, rows first (the first axis may be {@code N})
     * @param sampleType the output dtype
     * @param salt distinguishes streams drawn from one key (e.g. the layer index)
     */
    record NormalByRow(Shape sampleShape, DType sampleType, long salt) implements RandomOp {
        /** Validates the parameters. */
        public NormalByRow {
            requireRowSample("normal_by_row", sampleShape, sampleType);
        }

        @Override
        public String name() {
            return "normal_by_row(" + salt + ")";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return rowShape("normal_by_row", inputs, sampleShape);
        }

        @Override
        public DType dtype(List<Node> inputs) {
            return sampleType;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            Key[] keys = rowKeys("normal_by_row", inputs, salt, out);
            int perRow = keys.length == 0 ? 0 : out.size() / keys.length;
            double[] values = new double[out.size()];
            for (int r = 0; r < keys.length; r++) {
                Tensor row = Tensor.normal(keys[r], sampleType, Shape.of(perRow), 0, 1);
                System.arraycopy(row.toDoubleArray(), 0, values, r * perRow, perRow);
            }
            return Tensor.of(sampleType, out, values);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)), SourceOp.zerosLike(y.inputs().get(1)));
        }
    }
}
