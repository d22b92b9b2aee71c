package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.SHAPE_ONLY;
import static dev.adjoint.core.graph.OpSpec.Claim.ZERO_GRADIENT;

import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The rows of the op table for the ops on discrete values: logical operations and floating-point class tests
 * ({@link LogicalOp}), integer division ({@link IntegerOp}), the discrete reductions ({@link DiscreteReduceOp}),
 * and the integer forms of the arithmetic that takes integers (add, mul, maximum, compare, where, cast, ...) and of
 * the reductions that take integers and bools (sum, prod, max, min, cumsum, cumprod, countNonzero).
 * None is differentiated: rows with a float argument claim a zero gradient, the others are shape-only (their
 * shape rules are checked, with the symbolic batch too). Their values are checked against plain Java in
 * {@code IntegerArithmeticTest}, {@code IntegerReductionsTest} and {@code DiscreteOpsTest}.
 */
final class DiscreteSpecs {

    private DiscreteSpecs() {
    }

    static List<OpSpec> all() {
        List<OpSpec> specs = new ArrayList<>(fusable());
        specs.addAll(List.of(
                integerBinary("floorDiv", IntegerOp::floorDiv),
                integerBinary("floorMod", IntegerOp::floorMod),
                integerBinary("add (integers)", BinaryOp::add).asComposition(),
                integerBinary("mul (integers)", BinaryOp::mul).asComposition(),
                integerBinary("maximum (integers)", BinaryOp::maximum).asComposition(),
                integerBinary("less (integers)", BinaryOp::less).asComposition(),
                integerUnary("neg (integers)", UnaryOp::neg).asComposition(),
                integerUnary("abs (integers)", UnaryOp::abs).asComposition(),
                integerUnary("cast to f32 (integers)", x -> x.cast(DType.FLOAT32)).asComposition(),
                integerWhere().asComposition(),
                integerReduction("sum (integers, bools)", true, ReduceOp::sum).asComposition(),
                integerReduction("prod (integers, bools)", false, StatisticOp::prod).asComposition(),
                integerReduction("max (integers, bools)", true, ReduceOp::max).asComposition(),
                integerReduction("min (integers, bools)", true, ReduceOp::min).asComposition(),
                integerReduction("countNonzero", true, (x, keepDims, axes) -> DiscreteReduceOp.countNonzero(x, axes))
                        .asComposition(),
                integerScan("cumsum (integers, bools)", CumulativeOp::cumsum).asComposition(),
                integerScan("cumprod (integers, bools)", CumulativeOp::cumprod).asComposition(),
                anyAll("any", DiscreteReduceOp::any),
                anyAll("all", DiscreteReduceOp::all),
                argExtremum("argmax", DiscreteReduceOp::argmax),
                argExtremum("argmin", DiscreteReduceOp::argmin),
                bincount()));
        return specs;
    }

    /** The rows a float program can absorb: the logical operations and the tests of a float. */
    static List<OpSpec> fusable() {
        return List.of(
                logicalBinary("logicalAnd", LogicalOp::logicalAnd),
                logicalBinary("logicalOr", LogicalOp::logicalOr),
                logicalBinary("logicalXor", LogicalOp::logicalXor),
                logicalNot(),
                test("isNaN", LogicalOp::isNaN),
                test("isInf", LogicalOp::isInf),
                test("isFinite", LogicalOp::isFinite));
    }

    /** A reduction over axes with keepDims: {@code (x, keepDims, axes) -> node}. */
    interface Reduction {
        Node apply(Node x, boolean keepDims, int[] axes);
    }

    /** An arg-reduction along one axis: {@code (x, axis, keepDims) -> node}. */
    interface AlongAxis {
        Node apply(Node x, int axis, boolean keepDims);
    }

    /** {@code f(a, b)} on a broadcasting pair of BOOL tensors. */
    static OpSpec logicalBinary(String name, BinaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape[] pair = ElementwiseSpecs.broadcastPair(d);
            boolean[] batch = ElementwiseSpecs.batchable(pair);
            return new OpCase(name + " " + pair[0] + " " + pair[1], List.of(
                    Arg.index("a", d.mask(pair[0])).batchedIf(batch[0]),
                    Arg.index("b", d.mask(pair[1])).batchedIf(batch[1])), in -> f.apply(in.get(0), in.get(1)));
        }), SHAPE_ONLY);
    }

    static OpSpec logicalNot() {
        return OpSpec.of("logicalNot", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            return new OpCase("logicalNot", List.of(Arg.index("x", d.mask(s)).batchedIf(s.rank() > 0)),
                    in -> LogicalOp.logicalNot(in.get(0)));
        }), SHAPE_ONLY);
    }

    /** A test of floats holding NaN and both infinities among ordinary values; differentiable, gradient zero. */
    static OpSpec test(String name, UnaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            double[] data = d.tensor(s, Domain.REAL).toDoubleArray();
            for (int i = 0; i < data.length; i++) {
                data[i] = d.oneOf(data[i], data[i], Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
            }
            return new OpCase(name, List.of(Arg.of("x", Tensor.of(d.dtype, s, data)).batchedIf(s.rank() > 0)),
                    in -> f.apply(in.get(0)));
        }), ZERO_GRADIENT);
    }

    /** {@code f(a, b)} on a broadcasting pair of integers (INT64 or INT32), divisors nonzero. */
    static OpSpec integerBinary(String name, BinaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape[] pair = ElementwiseSpecs.broadcastPair(d);
            boolean[] batch = ElementwiseSpecs.batchable(pair);
            DType type = d.oneOf(DType.INT64, DType.INT32);
            Tensor a = d.integers(pair[0], type);
            long[] b = d.integers(pair[1], type).toLongArray();
            for (int i = 0; i < b.length; i++) {
                b[i] = b[i] == 0 ? 1 : b[i];
            }
            // the symbolic-batch property binds batched index arguments to zeros: the divisor keeps its shape
            boolean batchA = batch[0] && !(batch[1] && pair[1].dim(0) != 1);
            return new OpCase(name + " " + type.shortName() + " " + pair[0] + " " + pair[1], List.of(
                    Arg.index("a", a).batchedIf(batchA), Arg.index("b", Tensor.ofLongs(pair[1], b).cast(type))),
                    in -> f.apply(in.get(0), in.get(1)));
        }), SHAPE_ONLY);
    }

    /** {@code f(x)} on integers (INT64 or INT32). */
    static OpSpec integerUnary(String name, UnaryOperator<Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.integers(s, d.oneOf(DType.INT64, DType.INT32));
            return new OpCase(name + " " + x.dtype().shortName(),
                    List.of(Arg.index("x", x).batchedIf(s.rank() > 0)), in -> f.apply(in.get(0)));
        }), SHAPE_ONLY);
    }

    /** {@code where(c, a, b)} choosing between integers. */
    static OpSpec integerWhere() {
        return OpSpec.of("where (integers)", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            DType type = d.oneOf(DType.INT64, DType.INT32);
            return new OpCase("where " + type.shortName(), List.of(Arg.index("c", d.mask(s)).batchedIf(s.rank() > 0),
                    Arg.index("a", d.integers(s, type)).batchedIf(s.rank() > 0),
                    Arg.index("b", d.integers(s, type)).batchedIf(s.rank() > 0)),
                    in -> WhereOp.where(in.get(0), in.get(1), in.get(2)));
        }), SHAPE_ONLY);
    }

    /**
     * Over a random subset of axes (empty: all), with and without keepDims, of INT64, INT32 or BOOL values; with the
     * first axis the symbolic batch N only where it stays or {@code overBatch} (prod refuses to reduce N).
     */
    static OpSpec integerReduction(String name, boolean overBatch, Reduction f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            boolean keepDims = d.bool();
            int[] axes = d.axes(s.rank());
            DType type = d.oneOf(DType.INT64, DType.INT32, DType.BOOL);
            Tensor x = type == DType.BOOL ? d.mask(s) : d.integers(s, type);
            return new OpCase(name + " " + type.shortName() + " axes " + Arrays.toString(axes)
                    + (keepDims ? " keepDims" : ""), List.of(Arg.index("x", x).batchedIf(s.rank() > 0 && (overBatch
                    || axes.length > 0 && Arrays.stream(axes).noneMatch(a -> a == 0 || a == -s.rank())))),
                    in -> f.apply(in.get(0), keepDims, axes));
        }), SHAPE_ONLY);
    }

    /** Along a random axis (either spelling) of INT64, INT32 or BOOL values. */
    static OpSpec integerScan(String name, BiFunction<Node, Integer, Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int axis = d.spelled(d.axis(s.rank()), s.rank());
            DType type = d.oneOf(DType.INT64, DType.INT32, DType.BOOL);
            Tensor x = type == DType.BOOL ? d.mask(s) : d.integers(s, type);
            return new OpCase(name + " " + type.shortName() + " axis " + axis,
                    List.of(Arg.index("x", x).batchedIf(true)), in -> f.apply(in.get(0), axis));
        }), SHAPE_ONLY);
    }

    /** Over a random subset of axes (empty: all), with and without keepDims, of a BOOL tensor. */
    static OpSpec anyAll(String name, Reduction f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            boolean keepDims = d.bool();
            int[] axes = d.axes(s.rank());
            return new OpCase(name + " axes " + Arrays.toString(axes) + (keepDims ? " keepDims" : ""),
                    List.of(Arg.index("x", d.mask(s)).batchedIf(s.rank() > 0)),
                    in -> f.apply(in.get(0), keepDims, axes));
        }), SHAPE_ONLY);
    }

    /** Along a random axis of floats (with ties), differentiable with a zero gradient. */
    static OpSpec argExtremum(String name, AlongAxis f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            boolean keepDims = d.bool();
            double[] data = new double[s.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = d.integer(-2, 2);
            }
            return new OpCase(name + " axis " + axis + (keepDims ? " keepDims" : ""),
                    List.of(Arg.of("x", Tensor.of(d.dtype, s, data)).batchedIf(at != 0)),
                    in -> f.apply(in.get(0), axis, keepDims));
        }), ZERO_GRADIENT);
    }

    /**
     * The weighted bincount of a vector of values in {@code [0, length)} (repeats likely: several weights share a
     * bin), INT32 or INT64, linear in the weights.
     */
    static OpSpec bincount() {
        return OpSpec.of("bincount", Draw.cases(d -> {
            int n = d.integer(0, Draw.MAX_DIM);
            int length = d.integer(1, 4);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = d.integer(0, length - 1);
            }
            DType type = d.oneOf(DType.INT64, DType.INT32);
            return new OpCase("bincount length " + length + " of " + java.util.Arrays.toString(values),
                    List.of(Arg.index("x", Tensor.ofLongs(Shape.of(n), values).cast(type)).batched(),
                            Arg.of("w", d.tensor(Shape.of(n), Domain.REAL)).batched()),
                    in -> in.get(0).bincount(in.get(1), length));
        }), OpSpec.Claim.LINEAR, OpSpec.Claim.SECOND_ORDER);
    }
}
