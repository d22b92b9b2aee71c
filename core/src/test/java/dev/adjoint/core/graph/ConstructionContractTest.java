package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.adjoint.core.Contract;
import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input contract at graph construction: every op family rejects incompatible shapes when the node
 * is built, with {@link IllegalArgumentException} and a message naming the op, the rule and what it got;
 * null arguments are {@link NullPointerException}s saying which argument; impossible dimensions fail fast
 * without allocating; autodiff rejects non-scalar losses and, when strict, unused nodes. After each case a
 * witness graph built beforehand prints and evaluates bit-identically ({@link Contract.Witness}).
 */
class ConstructionContractTest {

    private final Contract.Witness witness = new Contract.Witness();
    private final Node a = SourceOp.input("a", Shape.of(2, 3));
    private final Node b = SourceOp.input("b", Shape.of(3, 2));
    private final Node rows = SourceOp.input("rows", Shape.of(Shape.BATCH, 3));
    private final Node single = SourceOp.input("single", Shape.of(2, 3), DType.FLOAT32);

    @AfterEach
    void nothingValidChanged() {
        witness.unchanged();
    }

    // ------------------------------------------------------------------ elementwise

    @Test
    void binaryOperandsThatDoNotBroadcastAreRejectedNamingBothShapes() {
        for (String op : List.of("add", "sub", "mul", "div", "maximum", "minimum", "pow", "greater")) {
            rejects(IllegalArgumentException.class, () -> binary(op, a, b), op + ": shapes must broadcast (equal"
                    + " dimensions or 1, aligned on the right), got a : f64[2, 3] and b : f64[3, 2]");
        }
        rejects(IllegalArgumentException.class, () -> rows.add(SourceOp.input("four", Shape.of(4, 3))),
                "add: shapes must broadcast", "got rows : f64[N, 3] and four : f64[4, 3]");
    }

    private static Node binary(String op, Node x, Node y) {
        return switch (op) {
            case "add" -> x.add(y);
            case "sub" -> x.sub(y);
            case "mul" -> x.mul(y);
            case "div" -> x.div(y);
            case "maximum" -> x.maximum(y);
            case "minimum" -> x.minimum(y);
            case "pow" -> x.pow(y);
            default -> BinaryOp.greater(x, y);
        };
    }

    @Test
    void primitivesBuiltDirectlyNeedEqualShapesAndOneDtype() {
        rejects(IllegalArgumentException.class, () -> Node.apply(new BinaryOp.Mul(), a, SourceOp.input("c",
                Shape.of(1, 3))), "mul: operands must have equal shapes, got a : f64[2, 3] and c : f64[1, 3]; the"
                + " factories broadcast");
        rejects(IllegalArgumentException.class, () -> a.add(single),
                "add: operands must have the same dtype, got a : f64[2, 3] and single : f32[2, 3]; insert a cast");
        rejects(IllegalArgumentException.class, () -> Node.apply(new UnaryOp.Exp(), a, a),
                "exp: takes one input, got 2");
    }

    @Test
    void whereNeedsBroadcastableConditionAndValuesOfOneDtype() {
        Node mask = SourceOp.input("m", Shape.of(2, 3), DType.BOOL);
        rejects(IllegalArgumentException.class, () -> WhereOp.where(SourceOp.input("c", Shape.of(4), DType.BOOL),
                a, a), "where: shapes must broadcast", "got c : bool[4], a : f64[2, 3] and a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> WhereOp.where(mask, a, b), "where: shapes must broadcast",
                "got m : bool[2, 3], a : f64[2, 3] and b : f64[3, 2]");
        rejects(IllegalArgumentException.class, () -> WhereOp.where(mask, a, single),
                "where: operands must have the same dtype, got a : f64[2, 3] and single : f32[2, 3]");
        rejects(IllegalArgumentException.class, () -> WhereOp.where(a, a, a),
                "where: condition must be bool, got f64; compare to get one (x.greater(y), x.notEqual(0)), or cast");
        rejects(IllegalArgumentException.class, () -> UnaryOp.clip(a, 1, 0),
                "clip: bounds must satisfy lo <= hi, got lo 1.0 and hi 0.0");
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void reductionAxesMustExistAndBeDistinct() {
        rejects(IllegalArgumentException.class, () -> a.sum(2), "sum: axis must be in [-2, 2), got axis 2 for"
                + " a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.mean(-3), "mean: axis must be in [-2, 2), got axis -3");
        rejects(IllegalArgumentException.class, () -> a.max(0, -2), "max: axes must be distinct, got [0, -2] for"
                + " a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> ReduceOp.logSumExp(a, false, 5), "logSumExp: axis must be"
                + " in [-2, 2), got axis 5");
        rejects(IllegalArgumentException.class, () -> Node.apply(new ReduceOp.Sum(List.of(3), false), a),
                "sum[3]: axes must be in [0, 2), got axes [3] for rank 2");
    }

    @Test
    void softmaxNamesItselfWhenItsAxisDoesNotExist() {
        rejects(IllegalArgumentException.class, () -> a.softmax(2), "softmax: axis must be in [-2, 2), got axis 2"
                + " for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.logSoftmax(-3), "logSoftmax: axis must be in [-2, 2), got"
                + " axis -3 for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.scalar(1).softmax(0), "softmax: a scalar has no"
                + " axes, got axis 0 for f64[]; reshape it to [1] first");
    }

    /** Compositions refuse bad operands under their own names, not those of the ops they are built from. */
    @Test
    void compositionsNameThemselves() {
        Node i = SourceOp.input("i", Shape.of(3), DType.INT64);
        Node flags = SourceOp.input("flags", Shape.of(3), DType.BOOL);
        rejects(IllegalArgumentException.class, () -> i.dot(i), "dot: operands must be floating-point");
        rejects(IllegalArgumentException.class, () -> flags.square(), "square: operand must be numeric");
        rejects(IllegalArgumentException.class, () -> SourceOp.scalar(1).normP(3, false, 0),
                "normP: a scalar has no axes, got axis 0");
        rejects(IllegalArgumentException.class, () -> a.normMax(false, 2), "normMax: axis must be in [-2, 2)");
        Node idx = SourceOp.input("idx", Shape.of(2, 2), DType.INT64);
        Node src = SourceOp.input("src", Shape.of(2, 2), DType.FLOAT32);
        rejects(IllegalArgumentException.class, () -> a.putAlongAxis(idx, src, 1),
                "putAlongAxis: operands must have the same dtype, got a : f64[2, 3] and src : f32[2, 2]");
        rejects(IllegalArgumentException.class, () -> a.scatter(SourceOp.input("at", Shape.of(2), DType.INT64),
                src, 1), "scatter: operands must have the same dtype");
    }

    // ------------------------------------------------------------------ movement

    @Test
    void reshapeMustPreserveTheElementCountAndEveryN() {
        rejects(IllegalArgumentException.class, () -> a.reshape(4, 2), "reshape: element count must be preserved,"
                + " got a : f64[2, 3] and [4, 2]");
        rejects(IllegalArgumentException.class, () -> rows.reshape(3), "reshape: element count must be preserved,"
                + " got rows : f64[N, 3] and [3]; N must appear as often in both");
    }

    @Test
    void permuteNeedsAPermutation() {
        rejects(IllegalArgumentException.class, () -> a.permute(1, 1), "permute: axes must be a permutation of"
                + " 0..1, got [1, 1] for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.permute(0, 1, 2), "got [0, 1, 2] for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).transpose(),
                "transpose: operand must have rank >= 2, got v : f64[3]");
    }

    @Test
    void broadcastToNeedsEqualOrUnitDimensionsAlignedOnTheRight() {
        rejects(IllegalArgumentException.class, () -> a.broadcastTo(Shape.of(3, 3)), "broadcastTo: each dimension"
                + " must equal the target's or be 1, aligned on the right, got a : f64[2, 3] and target [3, 3]");
        rejects(IllegalArgumentException.class, () -> a.broadcastTo(Shape.of(3)), "got a : f64[2, 3] and target [3]");
    }

    @Test
    void sliceAndPadCheckTheirBoundsAndTheBatchAxis() {
        rejects(IllegalArgumentException.class, () -> Node.apply(new MovementOp.Slice(List.of(0, 2), List.of(2, 1)),
                a), "slice: bounds must satisfy 0 <= start <= min(end, dim), got start 2 and end 1 on axis 1 of"
                + " a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> Node.apply(new MovementOp.Slice(List.of(-1, 0), List.of(1, 3)),
                a), "got start -1 and end 1 on axis 0");
        rejects(IllegalArgumentException.class, () -> a.slice(1, 0, 3, 0), "slice: step must not be 0");
        rejects(IllegalArgumentException.class, () -> rows.slice(0, 0, Integer.MAX_VALUE, 2), "slice: the batch axis"
                + " N can only be taken whole, in order, got step 2 on axis 0 of [N, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.slice(a, 2, 0, 1), "slice: axis must be in [-2, 2),"
                + " got axis 2");
        rejects(IllegalArgumentException.class, () -> MovementOp.slice(rows, 0, 0, 2), "slice: the batch axis N can"
                + " only be taken whole, got start 0 and end 2 on axis 0 of rows : f64[N, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.pad(a, new int[] {0, -1}, new int[] {0, 0}),
                "pad: pads must be >= 0 (and 0 on the batch axis N), got -1 and 0 on axis 1 of a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.pad(rows, new int[] {1, 0}, new int[] {0, 0}),
                "got 1 and 0 on axis 0 of rows : f64[N, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.pad(a, new int[] {1}, new int[] {1}),
                "pad: needs one pair of pads per axis, got [1] and [1] for a : f64[2, 3]");
    }

    @Test
    void concatNeedsAgreeingShapesAndAnAxisThatIsNotN() {
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(1, a, b), "concat: shapes must agree except"
                + " along axis 1 (which cannot be N), got a : f64[2, 3] and b : f64[3, 2]");
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(0, rows, rows),
                "got rows : f64[N, 3] and rows : f64[N, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(2, a, a), "concat: axis must be in [-2, 2),"
                + " got axis 2");
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(0, List.of()), "concat: needs at least one"
                + " part, got none");
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(0, a, single), "concat(0): operands must have"
                + " the same dtype, got a : f64[2, 3] and single : f32[2, 3]");
    }

    @Test
    void concatAndPadWhoseResultWouldOverflowAnIntSayHowBig() {
        Node half = SourceOp.input("half", Shape.of(1 << 30, 1));
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(0, half, half), "concat: the joined axis must"
                + " have at most 2147483639 elements, got 2147483648 from half : f64[1073741824, 1] and half :"
                + " f64[1073741824, 1]");
        rejects(IllegalArgumentException.class, () -> MovementOp.pad(half, new int[] {1 << 30, 0}, new int[] {1 << 30,
                0}), "pad: the padded axis must have at most 2147483639 elements, got 3221225472 on axis 0 of"
                + " half : f64[1073741824, 1]");
        rejects(IllegalArgumentException.class, () -> MovementOp.concat(1, half, half, half), "concat: the result must"
                + " have at most 2147483639 elements, got [1073741824, 3] for half : f64[1073741824, 1]");
        rejects(IllegalArgumentException.class, () -> a.pad(new int[] {1 << 30, 0}, new int[] {0, 0}), "pad: the"
                + " result must have at most 2147483639 elements, got [1073741826, 3] for a : f64[2, 3]");
    }

    @Test
    void tileRepeatAndEdgePadsWhoseResultWouldOverflowAnIntSayHowBig() {
        rejects(IllegalArgumentException.class, () -> a.tile(100000, 100000), "tile: the result must have at most"
                + " 2147483639 elements, got [200000, 300000] for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.tile(1 << 30, 1), "tile: the result must have at most"
                + " 2147483639 elements, got [2147483648, 3] for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.repeat(Integer.MAX_VALUE, 1), "repeat: the result must have"
                + " at most 2147483639 elements, got [2, 6442450941] for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.pad(new int[] {Integer.MAX_VALUE, 0}, new int[] {0, 0},
                ArrangeOp.PadMode.EDGE), "pad: the result must have at most 2147483639 elements, got [2147483649, 3]"
                + " for a : f64[2, 3]");
    }

    @Test
    void squeezeUnsqueezeAndFlattenCheckTheirAxes() {
        rejects(IllegalArgumentException.class, () -> MovementOp.squeeze(a, 0), "squeeze: axis must have size 1, got"
                + " axis 0 of a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.unsqueeze(a, 3), "unsqueeze: axis must be in [-3, 2],"
                + " got axis 3 for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> MovementOp.flatten(SourceOp.scalar(1)), "flatten: operand must"
                + " have rank >= 1, got f64[]");
    }

    // ------------------------------------------------------------------ linear algebra and indexing

    @Test
    void matmulNeedsMatchingInnerDimensionsAndMatrices() {
        rejects(IllegalArgumentException.class, () -> a.matmul(a), "matmul: inner dimensions must match, got"
                + " a : f64[2, 3] and a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> a.matmul(SourceOp.scalar(2)), "matmul: operands must have"
                + " rank >= 1, got a : f64[2, 3] and f64[]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("p", Shape.of(4, 2, 3)).matmul(
                SourceOp.input("q", Shape.of(5, 3, 2))), "matmul: leading dimensions must broadcast (equal or 1,"
                + " aligned on the right), got p : f64[4, 2, 3] and q : f64[5, 3, 2]");
        rejects(IllegalArgumentException.class, () -> a.matmul(SourceOp.input("f", Shape.of(3, 2), DType.FLOAT32)),
                "matmul: operands must have the same dtype, got a : f64[2, 3] and f : f32[3, 2]");
    }

    @Test
    void gatherAndTakeAlongAxisCheckAxesAndIndexShapes() {
        Node idx = SourceOp.input("idx", Shape.of(4));
        rejects(IllegalArgumentException.class, () -> IndexOp.gather(a, idx, 2), "gather: axis must be in [-2, 2),"
                + " got axis 2 for a : f64[2, 3]");
        rejects(IllegalArgumentException.class, () -> IndexOp.gather(rows, idx, 0), "gather: cannot index along"
                + " the batch axis N, got axis 0 of rows : f64[N, 3]");
        rejects(IllegalArgumentException.class, () -> IndexOp.takeAlongAxis(a, idx, 1), "takeAlongAxis(1):"
                + " indices must have the values' rank and dimensions except along axis 1 (which cannot be N),"
                + " got a : f64[2, 3] and idx : f64[4]");
        rejects(IllegalArgumentException.class, () -> IndexOp.takeAlongAxis(a, SourceOp.input("i", Shape.of(3, 1)),
                1), "got a : f64[2, 3] and i : f64[3, 1]");
        rejects(IllegalArgumentException.class, () -> IndexOp.pickPerRow(a, a), "pickPerRow: needs scores [N, C]"
                + " and labels [N] (one per row), got a : f64[2, 3] and a : f64[2, 3]");
    }

    @Test
    void oneHotNeedsAPositiveDepth() {
        Node labels = SourceOp.input("labels", Shape.of(2));
        rejects(IllegalArgumentException.class, () -> IndexOp.oneHot(labels, 0),
                "oneHot: depth must be a number of classes > 0, got 0");
        rejects(IllegalArgumentException.class, () -> IndexOp.oneHot(labels, -3),
                "oneHot: depth must be a number of classes > 0, got -3");
        rejects(IllegalArgumentException.class, () -> IndexOp.oneHot(labels, Shape.BATCH),
                "got Shape.BATCH (N), which is not a number");
    }

    // ------------------------------------------------------------------ nulls

    @Test
    void nullArgumentsAreNullPointerExceptionsNamingTheArgument() {
        rejects(NullPointerException.class, () -> a.add((Node) null), "add: second operand is null");
        rejects(NullPointerException.class, () -> BinaryOp.mul(null, a), "mul: first operand is null");
        rejects(NullPointerException.class, () -> UnaryOp.exp(null), "exp: operand is null");
        rejects(NullPointerException.class, () -> WhereOp.where(null, a, a), "where: condition is null");
        rejects(NullPointerException.class, () -> a.matmul(null), "matmul: second operand is null");
        rejects(NullPointerException.class, () -> ReduceOp.sum(null), "sum: operand is null");
        rejects(NullPointerException.class, () -> a.sum((int[]) null), "sum: axes is null");
        rejects(NullPointerException.class, () -> MovementOp.reshape(a, (Shape) null), "reshape: target is null");
        rejects(NullPointerException.class, () -> MovementOp.reshape(a, (int[]) null), "reshape: dims is null");
        rejects(NullPointerException.class, () -> MovementOp.permute(null, 0), "permute: operand is null");
        rejects(NullPointerException.class, () -> MovementOp.concat(0, a, null), "concat: part 1 is null");
        rejects(NullPointerException.class, () -> IndexOp.gather(a, null, 0), "gather: indices is null");
        rejects(NullPointerException.class, () -> IndexOp.oneHot(null, 3), "oneHot: labels is null");
        rejects(NullPointerException.class, () -> Node.apply(null, a), "op is null");
        rejects(NullPointerException.class, () -> Node.apply(new UnaryOp.Exp(), (Node) null), "exp: input 0 is null");
        rejects(NullPointerException.class, () -> a.cast(null), "cast: dtype is null");
        rejects(NullPointerException.class, () -> SourceOp.input(null, Shape.of(2)), "input: name is null");
        rejects(NullPointerException.class, () -> SourceOp.input("x", null), "input: shape is null");
        rejects(NullPointerException.class, () -> SourceOp.input("x", Shape.of(2), null), "input: dtype is null");
        rejects(NullPointerException.class, () -> SourceOp.constant(null), "constant: value is null");
        rejects(NullPointerException.class, () -> SourceOp.fill(null, DType.FLOAT64, 0), "fill: shape is null");
        rejects(NullPointerException.class, () -> Shape.of((int[]) null), "dims is null");
        rejects(NullPointerException.class, () -> Tensor.of(Shape.of(2), (double[]) null), "data is null");
        rejects(NullPointerException.class, () -> Autodiff.grad(null, a), "grad: loss is null");
        rejects(NullPointerException.class, () -> Autodiff.grad(a.sum(), (Node) null), "grad: wrt 0 is null");
        rejects(NullPointerException.class, () -> Autodiff.grad(a.sum(), a, null), "grad: wrt 1 is null");
        rejects(NullPointerException.class, () -> Function.of(null, List.of(a)), "function: inputs is null");
        rejects(NullPointerException.class, () -> Bindings.of(null, Tensor.scalar(1)), "bindings: input is null");
        rejects(NullPointerException.class, () -> GraphPrinter.print((Node) null), "output is null");
    }

    // ------------------------------------------------------------------ dimensions

    @Test
    void negativeAndOverflowingDimensionsFailFastWithoutAllocating() {
        rejects(IllegalArgumentException.class, () -> Shape.of(2, -3), "shape: dimensions must be >= 0 or"
                + " Shape.BATCH (N), got [2, -3] (dimension 1 is -3)");
        rejects(IllegalArgumentException.class, () -> Shape.of(-2), "(dimension 0 is -2)");
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> rejects(IllegalArgumentException.class,
                () -> Shape.of(100000, 100000, 100000), "shape: the element count must be at most 2147483639,"
                        + " got [100000, 100000, 100000]; split the tensor"));
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> rejects(IllegalArgumentException.class,
                () -> Tensor.zeros(Shape.of(Shape.BATCH, 100000)), "full: a tensor needs a concrete shape, got"
                        + " [N, 100000]"));
        rejects(IllegalArgumentException.class, () -> Shape.of(Shape.BATCH, 100000).bind(100000),
                "shape: the element count must be at most 2147483639, got [100000, 100000]");
        rejects(IllegalArgumentException.class, () -> Shape.of(Shape.BATCH, 50000, 50000),
                "shape: the element count must be at most 2147483639, got [N, 50000, 50000]");
        rejects(IllegalArgumentException.class, () -> Tensor.of(Shape.of(2, 2), 1, 2, 3), "tensor: data length must"
                + " equal the shape's element count, got 3 for shape [2, 2]");
        rejects(IllegalArgumentException.class, () -> Tensor.arange(-1), "arange: n must be >= 0, got -1");
    }

    // ------------------------------------------------------------------ autodiff

    @Test
    void differentiatingANonScalarIsAnErrorWithAHint() {
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(a.exp(), a), "grad: loss must be a scalar"
                + " (rank 0), got shape [2, 3]; reduce it with sum() or mean(), or use vjp with a cotangent");
    }

    @Test
    void aGradientWithRespectToAnUnusedNodeIsAnErrorWhenStrict() {
        Node loss = a.square().sum();
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(loss, List.of(a, b),
                Autodiff.Strictness.STRICT), "grad: the output does not depend on input 'b'; remove it from wrt or"
                + " use ZEROS_FOR_UNUSED");
        Node[] escaped = new Node[1];
        Node carried = ControlFlowOp.scan(List.of(a), List.of(), (c, x) -> {
            escaped[0] = c.get(0);
            return new Scan.Step(List.of(c.get(0).sin()), List.of());
        }, Scan.Options.defaults().withLength(2)).carry().get(0).sum();
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(carried, List.of(escaped[0]),
                Autodiff.Strictness.STRICT), "which is the carry 0 of a scan body (a node built inside a loop or"
                + " branch body that escaped it is not an input outside it)");
        rejects(IllegalArgumentException.class, () -> Autodiff.vjp(List.of(a), List.of(b), List.of(a),
                Autodiff.Strictness.STRICT), "vjp: cotangent 0 must have its output's type f64[2, 3], got f64[3, 2]");
        rejects(IllegalArgumentException.class, () -> Autodiff.vjp(List.of(loss, a.sum()), List.of(
                SourceOp.scalar(1, DType.FLOAT64), SourceOp.scalar(1, DType.FLOAT64)), List.of(b),
                Autodiff.Strictness.STRICT), "vjp: the outputs do not depend on input 'b'");
    }

    /**
     * A value an integer or bool tensor cannot hold, and a statistic that falls between two of its values, are
     * rejected when the graph is built, naming the op the user called; what such a tensor can hold still builds.
     */
    @Test
    void integerTensorsRejectValuesTheyCannotHoldWhenTheGraphIsBuilt() {
        rejects(IllegalArgumentException.class, () -> SourceOp.fill(Shape.of(2), DType.INT64, 2.5),
                "fill: the value must be an integer in the range of i64", "got 2.5");
        rejects(IllegalArgumentException.class, () -> SourceOp.fill(Shape.of(2), DType.INT32, 3e9), "fill", "i32");
        rejects(IllegalArgumentException.class, () -> SourceOp.fill(Shape.of(2), DType.BOOL, 2), "fill", "0 or 1");
        Node ints = SourceOp.input("i", Shape.of(4), DType.INT64);
        rejects(IllegalArgumentException.class, () -> ints.pad(new int[] {1}, new int[] {0}, 7.5),
                "pad: the value must be an integer", "got 7.5");
        rejects(IllegalArgumentException.class, ints::mean, "mean: operand must be floating-point", "i64[4]");
        rejects(IllegalArgumentException.class, () -> ints.median(0, false), "median: axis 0 has an even length",
                "cast");
        rejects(IllegalArgumentException.class, () -> SortOp.quantile(ints, 0.5, 0, false), "quantile: q 0.5",
                "cast");
        Node odd = SourceOp.input("o", Shape.of(3), DType.INT64);
        Tensor values = Tensor.ofLongs(Shape.of(3), 7, -2, 5);
        Tensor median = Function.of(List.of(odd), List.of(odd.median(0, false), SortOp.quantile(odd, 0.5, 0, false),
                odd.pad(new int[] {1}, new int[] {0}, 9), SourceOp.fill(Shape.of(1), DType.INT64, -3)))
                .call(values).get(0);
        org.junit.jupiter.api.Assertions.assertEquals("i64[] 5", median.toString());
    }
}
