package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import java.util.List;

/**
 * The dtypes an op input accepts, named once: the vocabulary of every op's dtype rule. Each op declares, per
 * input, one of these sets ({@link Op#accepts}); by default an op takes {@link #FLOATING} operands of one dtype,
 * the dtype of its output. There is no implicit promotion: operands of different dtypes are an error asking for
 * a cast, and so is an operand outside the set, e.g.
 * {@code exp: operands must be floating-point (f32 or f64), got i64; insert a cast, e.g. x.cast(DType.FLOAT32)}.
 */
public enum DTypeSet {
    /** f32 and f64: the real-valued functions, everything differentiable. */
    FLOATING("floating-point (f32 or f64)", "insert a cast, e.g. x.cast(DType.FLOAT32)"),
    /** i32 and i64: integer division and remainder. */
    INTEGER("integer (i32 or i64)", "insert a cast, e.g. x.cast(DType.INT64), which truncates"),
    /** f32, f64, i32 and i64: arithmetic that is exact on integers (add, multiply, maximum, ...). */
    NUMERIC("numeric (f32, f64, i32 or i64)", "insert a cast, e.g. x.cast(DType.INT32); a bool casts to 1 or 0"),
    /** bool: conditions and logical operations. */
    BOOL("bool", "compare to get one (x.greater(y), x.notEqual(0)), or cast, which tests != 0"),
    /**
     * i32 and i64, and, as a legacy, f32 and f64 holding exact integers (checked at evaluation): indices and
     * class labels.
     */
    INDEX("integer (i32 or i64; f32 or f64 holding integers is accepted as a legacy)",
            "insert a cast, e.g. labels.cast(DType.INT64)"),
    /** Every dtype: movement, selection, comparison for equality, conversion. */
    ANY("of any dtype", "");

    private final String description;
    private final String hint;

    DTypeSet(String description, String hint) {
        this.description = description;
        this.hint = hint;
    }

    /** True when {@code dtype} is in this set. */
    public boolean contains(DType dtype) {
        return switch (this) {
            case FLOATING -> dtype.isFloating();
            case INTEGER -> dtype.isInteger();
            case NUMERIC -> !dtype.isBool();
            case BOOL -> dtype.isBool();
            case INDEX -> !dtype.isBool();
            case ANY -> true;
        };
    }

    /** {@code floating-point (f32 or f64)}, as in messages. */
    public String description() {
        return description;
    }

    /**
     * {@code x}'s dtype, checked against this set for operand {@code what} of {@code op}.
     *
     * @throws IllegalArgumentException {@code "<op>: <what> must be <set>, got <dtype>; <hint>"}
     */
    public DType require(String op, String what, Node x) {
        return require(op, what, x.dtype());
    }

    /**
     * {@code dtype}, checked against this set for {@code what} of {@code op}: {@link #require(String, String, Node)}.
     */
    public DType require(String op, String what, DType dtype) {
        if (!contains(dtype)) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + description + ", got "
                    + dtype.shortName() + (hint.isEmpty() ? "" : "; " + hint));
        }
        return dtype;
    }

    /**
     * The dtype shared by all {@code inputs}, each in this set.
     *
     * @throws IllegalArgumentException naming the op and the dtypes when they differ (no promotion: "insert a
     *     cast") or one is outside this set
     */
    public DType common(String op, List<Node> inputs) {
        Op.commonDtype(op, inputs);
        return require(op, inputs.size() == 1 ? "operand" : "operands", inputs.get(0));
    }
}
