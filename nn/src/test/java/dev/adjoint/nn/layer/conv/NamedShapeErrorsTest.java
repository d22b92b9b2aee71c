package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.RepeatVector;
import dev.adjoint.nn.layer.Reshape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shape error of a named layer names it as its argument errors do, {@code Conv2D 'encoder': ...}, and an unnamed
 * one says its type alone, {@code Conv2D: ...}: the message is otherwise the same.
 */
class NamedShapeErrorsTest {

    private static final int N = Shape.BATCH;

    /** A layer without a name, the same layer named {@code "x"}, its type, and an input it refuses. */
    private record Case(Layer plain, Layer named, String type, List<Shape> input) {
        Case(Layer plain, Layer named, String type, Shape input) {
            this(plain, named, type, List.of(input));
        }
    }

    private static String refusal(Layer layer, List<Shape> input) {
        return assertThrows(IllegalArgumentException.class, () -> layer.outputShapes(input)).getMessage();
    }

    @Test
    void aNamedLayersShapeErrorNamesIt() {
        Shape flat = Shape.of(N, 5);
        List<Case> cases = List.of(
                new Case(Conv1D.of(2, 3), Conv1D.of(2, 3).named("x"), "Conv1D", flat),
                new Case(Conv2D.of(2, 3), Conv2D.of(2, 3).named("x"), "Conv2D", flat),
                new Case(Conv2D.of(2, 5), Conv2D.of(2, 5).named("x"), "Conv2D", Shape.of(N, 3, 3, 1)),
                new Case(Conv3D.of(2, 3), Conv3D.of(2, 3).named("x"), "Conv3D", flat),
                new Case(Conv2DTranspose.of(2, 3), Conv2DTranspose.of(2, 3).named("x"), "Conv2DTranspose", flat),
                new Case(DepthwiseConv2D.of(3), DepthwiseConv2D.of(3).named("x"), "DepthwiseConv2D", flat),
                new Case(SeparableConv1D.of(2, 3), SeparableConv1D.of(2, 3).named("x"), "SeparableConv1D", flat),
                new Case(MaxPooling2D.of(), MaxPooling2D.of().named("x"), "MaxPooling2D", flat),
                new Case(AveragePooling1D.of(4), AveragePooling1D.of(4).named("x"), "AveragePooling1D",
                        Shape.of(N, 3, 2)),
                new Case(AveragePooling3D.of(), AveragePooling3D.of().named("x"), "AveragePooling3D", flat),
                new Case(GlobalMaxPooling2D.of(), GlobalMaxPooling2D.of().named("x"), "GlobalMaxPooling2D", flat),
                new Case(GlobalAveragePooling3D.of(), GlobalAveragePooling3D.of().named("x"),
                        "GlobalAveragePooling3D", flat),
                new Case(Cropping1D.of(), Cropping1D.of().named("x"), "Cropping1D", flat),
                new Case(Cropping2D.of(1), Cropping2D.of(1).named("x"), "Cropping2D", flat),
                new Case(ZeroPadding1D.of(), ZeroPadding1D.of().named("x"), "ZeroPadding1D", flat),
                new Case(ZeroPadding3D.of(), ZeroPadding3D.of().named("x"), "ZeroPadding3D", flat),
                new Case(UpSampling1D.of(), UpSampling1D.of().named("x"), "UpSampling1D", flat),
                new Case(UpSampling2D.of(2), UpSampling2D.of(2).named("x"), "UpSampling2D", flat),
                new Case(SpatialDropout1D.of(0.5), SpatialDropout1D.of(0.5).named("x"), "SpatialDropout1D", flat),
                new Case(SpatialDropout3D.of(0.5), SpatialDropout3D.of(0.5).named("x"), "SpatialDropout3D", flat),
                new Case(ConvLSTM2D.of(2, 3), ConvLSTM2D.of(2, 3).named("x"), "ConvLSTM2D", flat),
                new Case(Dense.of(2), Dense.of(2).named("x"), "Dense", Shape.of(N)),
                new Case(Reshape.of(3, 2), Reshape.of(3, 2).named("x"), "Reshape", Shape.of(5)),
                new Case(RepeatVector.of(2), RepeatVector.of(2).named("x"), "RepeatVector", Shape.of(N, 2, 3)),
                new Case(MultiHeadAttention.of(2, 4), MultiHeadAttention.of(2, 4).named("x"), "MultiHeadAttention",
                        flat));
        for (Case c : cases) {
            String plain = refusal(c.plain(), c.input());
            String named = refusal(c.named(), c.input());
            assertTrue(plain.startsWith(c.type() + ": "), plain);
            assertEquals(c.type() + " 'x': " + plain.substring(c.type().length() + 2), named);
        }
    }
}
