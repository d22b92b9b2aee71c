package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad geometry is a build-time error in the template {@code "<op>: <rule>, got <actual>[; <hint>]"}, naming the
 * op, the rule, the shapes and the data format.
 */
class SpatialGeometryErrorsTest {

    private static void fails(Executable build, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    private static Node in(int... dims) {
        return SourceOp.input("x", Shape.of(dims));
    }

    private static Node in(DType dtype, int... dims) {
        return SourceOp.input("x", Shape.of(dims), dtype);
    }

    @Test
    void aWindowLargerThanThePaddedInputNamesTheOpTheShapesAndTheAxis() {
        fails(() -> ConvOp.conv(in(Shape.BATCH, 2, 5, 3), in(3, 3, 3, 8)), "conv2d: the window must fit in the padded"
                + " input", "got input [N, 2, 5, 3] (channels-last [N, H, W, C]), kernel [3, 3, 3, 8]",
                "spatial axis 0", "2 + 0 + 0 < 3", "use Padding.SAME");
        fails(() -> ConvOp.conv(in(1, 5, 5, 1), in(3, 3, 1, 1), ConvSpec.defaults().withDilations(3)),
                "conv2d: the dilated window must fit", "extent [7, 7] with dilations [3, 3]");
        fails(() -> PoolOp.maxPool(in(1, 1, 4, 2), PoolSpec.of(2)), "maxPool2d: the window must fit",
                "pool size [2, 2]");
    }

    /** A same-padded window of 2^31 - 1 (a hostile model file) is a clean error, not an overflow in the kernel. */
    @Test
    void windowsTimesPoolSizePastTheIntRangeAreRejectedByTheShapeRule() {
        fails(() -> PoolOp.maxPool(in(1, 6, 4, 2), PoolSpec.of(Integer.MAX_VALUE, 2).withStrides(1, 2)
                .withPadding(Padding.SAME)), "maxPool2d: windows times pool size must be at most 2147483647 per axis",
                "got 6 windows of 2147483647 on axis 1");
        fails(() -> PoolOp.avgPool(in(1, 6, 4, 2), PoolSpec.of(Integer.MAX_VALUE, 2).withStrides(1, 2)
                .withPadding(Padding.SAME)), "avgPool2d: windows times pool size");
    }

    /**
     * Same padding's {@code ceil(in / stride)} and a dilated window's extent are computed in long: in int,
     * {@code in + stride - 1} wrapped and gave one window too many, and {@code (k - 1)·dilation + 1} wrapped to a
     * negative extent that "fit" a 10-cell input with an output of 1,795,017,306 cells.
     */
    @Test
    void sameOutputSizesAndWindowExtentsPastTheIntRangeAreExactOrRejected() {
        Node wide = in(1, 2_000_000_000, 1);
        assertEquals(Shape.of(1, 1, 1), ConvOp.conv(wide, in(3, 1, 1), ConvSpec.defaults()
                .withStrides(2_000_000_000).withPadding(Padding.SAME)).shape(), "ceil(2e9 / 2e9) = 1 window");
        assertEquals(Shape.of(1, 2, 1), ConvOp.conv(wide, in(3, 1, 1), ConvSpec.defaults()
                .withStrides(1_000_000_000).withPadding(Padding.SAME)).shape(), "ceil(2e9 / 1e9) = 2 windows");
        assertEquals(Shape.of(1, 2, 1), PoolOp.maxPool(wide, PoolSpec.of(3).withStrides(1_000_000_000)
                .withPadding(Padding.SAME)).shape());
        assertArrayEquals(new int[][] {{1}, {1}}, Padding.SAME.resolve(new int[] {2_000_000_001}, new int[] {3},
                new int[] {1_000_000_000}), "3 windows, 2·1e9 + 3 - (2e9 + 1) = 2 cells of padding");
        fails(() -> ConvOp.conv(in(1, 10, 1), in(50_000, 1, 1), ConvSpec.defaults().withDilations(50_000)),
                "conv1d: the window's extent (k - 1)·dilation + 1 must be at most 2147483647 on every spatial axis",
                "got kernel [50000, 1, 1] with dilations [50000] (extent 2499950001 on spatial axis 0)");
        fails(() -> ConvOp.conv(in(1, 10, 1), in(1, 1, 1), ConvSpec.defaults().withPadding(Padding.explicit(
                new int[] {2_000_000_000}, new int[] {2_000_000_000}))), "conv1d: the output must have at most"
                + " 2147483647 cells per spatial axis, got 4000000010 on spatial axis 0");
    }

    /** Keras's output size of a transposed convolution, {@code o·stride + ...}, is computed in long. */
    @Test
    void aTransposedConvolutionWhoseOutputPassesTheIntRangeIsRejectedNotWrapped() {
        fails(() -> ConvOp.convTranspose(in(1, 65_537, 1), in(1, 1, 1), ConvSpec.defaults().withStrides(65_537)),
                "convTranspose1d: the output must have at most 2147483647 cells per spatial axis, got 4295098369 on"
                        + " spatial axis 0 for input [1, 65537, 1]");
        fails(() -> ConvOp.convTranspose(in(1, 3, 1), in(50_000, 1, 1), ConvSpec.defaults().withDilations(50_000)),
                "convTranspose1d: the output must have at most 2147483647 cells", "got 2499950003");
        fails(() -> ConvOp.convTranspose(in(1, 3, 1), in(50_000, 1, 1), ConvSpec.defaults().withDilations(50_000)
                .withPadding(Padding.SAME)), "convTranspose1d: the window's extent (k - 1)·dilation + 1 must be at"
                + " most");
    }

    @Test
    void channelsNotDivisibleByGroupsAreNamed() {
        fails(() -> ConvOp.conv(in(2, 5, 5, 3), in(3, 3, 1, 4), ConvSpec.defaults().withGroups(2)),
                "conv2d: input and output channels must be divisible by groups, got 3 input and 4 output channels for"
                        + " groups 2");
        fails(() -> ConvOp.conv(in(2, 5, 5, 4), in(3, 3, 1, 4), ConvSpec.defaults().withGroups(2)),
                "conv2d: the kernel's input channels times groups must equal the input's channels",
                "C_in/groups = 1, groups 2", "4 channels");
    }

    @Test
    void theDataFormatIsNamedAndAChannelsFirstLookingInputGetsAHint() {
        fails(() -> ConvOp.conv(in(2, 3, 8, 8), in(3, 3, 3, 16)), "channels-last [N, H, W, C]",
                "the input looks channels-first: use DataFormat.CHANNELS_FIRST");
        fails(() -> ConvOp.conv(in(2, 8, 8, 3), in(3, 3, 3, 16), ConvSpec.defaults()
                .withDataFormat(DataFormat.CHANNELS_FIRST)), "channels-first [N, C, H, W]", "8 channels");
        fails(() -> ConvOp.conv(in(2, 8, 3), in(3, 3, 3, 16)), "conv2d: the input must be channels-last [N, H, W, C]"
                + " (rank 4), got [2, 8, 3]");
    }

    @Test
    void negativeOrZeroSizesAndNonBatchNAreRejected() {
        fails(() -> Padding.explicit(new int[] {-1}, new int[] {0}), "padding: counts must be >= 0, got [-1]");
        fails(() -> ConvSpec.defaults().withStrides(0), "conv: strides must be one or more values >= 1, got [0]");
        fails(() -> PoolSpec.of(2, -1), "poolSize must be one or more values >= 1, got [2, -1]");
        fails(() -> ConvOp.conv(in(1, 5, 5, 1), in(0, 3, 1, 1)), "conv2d: kernel sizes must be >= 1");
        fails(() -> ConvOp.conv(in(1, Shape.BATCH, 5, 1), in(3, 3, 1, 1)), "conv2d: only the batch axis may be N");
        fails(() -> ConvOp.conv(in(1, 5, 5, 1), in(3, 3, 1, 1), ConvSpec.defaults().withStrides(1, 2, 3)),
                "conv2d: strides must have 1 or 2 entries (one per spatial axis), got [1, 2, 3]");
    }

    @Test
    void poolingAndUpsamplingArgumentErrorsNameTheirOwnOpNotConv() {
        fails(() -> PoolOp.maxPool(in(2, 4, 4, 3), PoolSpec.of(2).withStrides(0)),
                "PoolSpec: strides must be one or more values >= 1, got [0]");
        fails(() -> PoolOp.avgPool(in(2, 4, 4, 3), PoolSpec.of(-1)),
                "PoolSpec: poolSize must be one or more values >= 1, got [-1]");
        fails(() -> PoolOp.upsampleNearest(in(2, 3, 3, 2), new int[] {0}, DataFormat.CHANNELS_LAST),
                "upsampleNearest: size must be one or more values >= 1, got [0]");
        fails(() -> PoolOp.upsampleBilinear(in(2, 3, 3, 2), new int[] {-1}, DataFormat.CHANNELS_LAST),
                "upsampleBilinear: size must be one or more values >= 1, got [-1]");
    }

    /**
     * An upsampled axis past {@code Integer.MAX_VALUE} is a build-time error naming the axis: the product of size
     * and factor wrapped, and bilinear's per-cell weights were allocated with it (a NegativeArraySizeException, or
     * gigabytes for a wrapped positive size), before any shape rule ran. From a model file's UpSampling2D.
     */
    @Test
    void upsamplingPastTheLargestAxisIsRejectedBeforeAnythingIsAllocated() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        for (String op : List.of("upsampleNearest", "upsampleBilinear")) {
            fails(() -> upsample(op, in(Shape.BATCH, 6, 6, 2), new int[] {Integer.MAX_VALUE}, last),
                    op + ": every upsampled axis must be at most 2147483647", "got input [N, 6, 6, 2]",
                    "size [2147483647, 2147483647]", "spatial axis 0 would be 6 * 2147483647 = 12884901882");
            fails(() -> upsample(op, in(Shape.BATCH, 2, 3, 3), new int[] {1, 715_827_883}, DataFormat.CHANNELS_FIRST),
                    "spatial axis 1 would be 3 * 715827883 = 2147483649"); // wraps to a small positive int
            fails(() -> upsample(op, in(Shape.BATCH, 6, 6, 2), new int[] {100_000, 100_000}, last),
                    op + ": the upsampled shape must be valid", "element count must be at most 2147483639");
            assertEquals(Shape.of(Shape.BATCH, 2, 6, 1), upsample(op, in(Shape.BATCH, 1, 2, 1), new int[] {2, 3},
                    last).shape());
        }
    }

    private static Node upsample(String op, Node x, int[] size, DataFormat format) {
        return op.equals("upsampleNearest") ? PoolOp.upsampleNearest(x, size, format)
                : PoolOp.upsampleBilinear(x, size, format);
    }

    @Test
    void upsampleBilinearRejectsIntegerAndBoolInputWhileNearestCopiesThem() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        fails(() -> PoolOp.upsampleBilinear(in(DType.INT32, 2, 3, 3, 2), new int[] {2}, last),
                "upsampleBilinear: operand must be floating-point (f32 or f64), got i32");
        fails(() -> PoolOp.upsampleBilinear(in(DType.INT64, 2, 3, 3, 2), new int[] {2}, last),
                "upsampleBilinear: operand must be floating-point (f32 or f64), got i64");
        fails(() -> PoolOp.upsampleBilinear(in(DType.BOOL, 2, 3, 3, 2), new int[] {2}, last),
                "upsampleBilinear: operand must be floating-point (f32 or f64), got bool");
        fails(() -> PoolOp.upsampleBilinear(in(DType.INT32, 2, 3, 3, 2), new int[] {1}, last),
                "upsampleBilinear: operand must be floating-point (f32 or f64), got i32");
        Node x = in(DType.INT32, 1, 1, 2, 1);
        Node nearest = PoolOp.upsampleNearest(x, new int[] {2}, last);
        assertEquals(Shape.of(1, 2, 4, 1), nearest.shape());
        assertEquals(DType.INT32, nearest.dtype());
        Tensor y = Function.of(List.of(x), List.of(nearest))
                .call(List.of(Tensor.of(DType.INT32, Shape.of(1, 1, 2, 1), 5, 7))).get(0);
        assertArrayEquals(new double[] {5, 5, 7, 7, 5, 5, 7, 7}, y.toDoubleArray());
        assertEquals(DType.BOOL, PoolOp.upsampleNearest(in(DType.BOOL, 2, 3, 3, 2), new int[] {2}, last).dtype());
    }

    /**
     * Global pooling and upsampling of an image with no cells on a spatial axis name that rule: the check they
     * borrowed from pooling named a pool size [1, 1] the caller never gave and told them to use Padding.SAME.
     */
    @Test
    void globalPoolingAndUpsamplingOfAnEmptySpatialAxisSayTheAxisIsEmpty() {
        for (String op : List.of("globalAvgPool", "globalMaxPool", "upsampleNearest", "upsampleBilinear")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emptyAxis(op,
                    in(2, 0, 3, 4), DataFormat.CHANNELS_LAST));
            assertEquals(op + ": every spatial axis must have at least one cell, got input [2, 0, 3, 4]"
                    + " (channels-last [N, H, W, C])", e.getMessage());
            fails(() -> emptyAxis(op, in(Shape.BATCH, 4, 3, 0), DataFormat.CHANNELS_FIRST), op + ": every spatial"
                    + " axis must have at least one cell, got input [N, 4, 3, 0] (channels-first [N, C, H, W])");
        }
        // no spatial cells to reject when only the batch or the channels are empty
        assertEquals(Shape.of(0, 4), PoolOp.globalMaxPool(in(0, 2, 3, 4), DataFormat.CHANNELS_LAST).shape());
        assertEquals(Shape.of(2, 0), PoolOp.globalAvgPool(in(2, 0, 3, 4), DataFormat.CHANNELS_FIRST).shape());
    }

    private static Node emptyAxis(String op, Node x, DataFormat format) {
        return switch (op) {
            case "globalAvgPool" -> PoolOp.globalAvgPool(x, format);
            case "globalMaxPool" -> PoolOp.globalMaxPool(x, format);
            case "upsampleNearest" -> PoolOp.upsampleNearest(x, new int[] {2}, format);
            default -> PoolOp.upsampleBilinear(x, new int[] {2}, format);
        };
    }

    @Test
    void aRankTooLowForASpatialAxisIsNamedWithTheGenericOpAndTheExpectedRank() {
        String kernel = "conv: the kernel must be [k..., C_in/groups, C_out] with at least one spatial axis"
                + " (rank >= 3), got ";
        fails(() -> ConvOp.conv(in(2, 5, 3), in(3)), kernel + "[3]");
        fails(() -> ConvOp.conv(in(2, 5, 3), in(3, 3)), kernel + "[3, 3]");
        String input = ": the input must have a batch axis, at least one spatial axis and a channel axis (rank >= 3),"
                + " got ";
        fails(() -> PoolOp.maxPool(in(5), PoolSpec.of(2)), "maxPool" + input + "[5]");
        fails(() -> PoolOp.maxPool(in(2, 5), PoolSpec.of(2)), "maxPool" + input + "[2, 5]");
        fails(() -> PoolOp.avgPool(in(2, 5), PoolSpec.of(2)), "avgPool" + input + "[2, 5]");
        fails(() -> ConvOp.convTranspose(in(1, 4, 8), in(8), ConvSpec.defaults(), new int[] {4}),
                "convTranspose: needs one output size per spatial axis of the kernel");
    }

    @Test
    void aOneDimensionalConvolutionAsksForOneEntryPerList() {
        fails(() -> ConvOp.conv(in(1, 5, 1), in(3, 1, 1), ConvSpec.defaults().withDilations(1, 2)),
                "conv1d: dilations must have 1 entry (one per spatial axis), got [1, 2]");
    }

    @Test
    void globalPoolingOfIntegerOrBoolInputNamesTheGlobalOp() {
        DataFormat last = DataFormat.CHANNELS_LAST;
        String rule = ": operand must be floating-point (f32 or f64), got ";
        fails(() -> PoolOp.globalAvgPool(in(DType.INT32, 1, 3, 3, 1), last), "globalAvgPool" + rule + "i32");
        fails(() -> PoolOp.globalAvgPool(in(DType.BOOL, 1, 3, 3, 1), last), "globalAvgPool" + rule + "bool");
        fails(() -> PoolOp.globalMaxPool(in(DType.INT64, 1, 3, 3, 1), last), "globalMaxPool" + rule + "i64");
        fails(() -> PoolOp.globalMaxPool(in(DType.INT32, 1, 3, 3, 1), DataFormat.CHANNELS_FIRST),
                "globalMaxPool" + rule + "i32");
        String rank = ": the input must have a batch axis, at least one spatial axis and a channel axis (rank >= 3)";
        fails(() -> PoolOp.globalAvgPool(in(2, 5), last), "globalAvgPool" + rank);
        fails(() -> PoolOp.globalMaxPool(in(2, 5), last), "globalMaxPool" + rank);
    }

    @Test
    void poolingWindowsThatMissTheInputAreRejected() {
        fails(() -> PoolOp.avgPool(in(1, 4, 4, 1), PoolSpec.of(2).withPadding(Padding.explicit(2))),
                "avgPool2d: every window must overlap the input", "pad less than the pool size");
    }

    @Test
    void aTransposedConvolutionWhoseSizesDoNotMatchItsConvolutionIsRejected() {
        fails(() -> ConvOp.convTranspose(in(1, 4, 4, 8), in(3, 3, 2, 8), ConvSpec.defaults(), new int[] {9, 9}),
                "convTranspose2d: the input must have the shape the convolution of [1, 9, 9, 2] by [3, 3, 2, 8] gives,"
                        + " [1, 7, 7, 8], got [1, 4, 4, 8]");
    }
}
