package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.regularizer.L2;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Functional} model refuses when it is built: an output without the batch axis first or in another
 * dtype (both constructors, one message), and outputs that depend on an input node the architecture did not
 * receive (Keras's "graph disconnected"), which would otherwise fail only at {@code predict} or {@code fit}.
 */
class FunctionalBuildChecksTest {

    private static Functional single(Architecture architecture) {
        return new Functional(Shape.of(4), DType.FLOAT64, 0, architecture);
    }

    private static String refusal(Architecture architecture) {
        return assertThrows(IllegalArgumentException.class, () -> single(architecture)).getMessage();
    }

    @Test
    void singleInputRefusesAnOutputReducedOverTheBatch() {
        // before: accepted, and predict of 100 rows gave 4 rows, one per batch of 32
        assertEquals("Functional: output 'output' must be f64[N, ...] (batch axis first, the model's dtype), got"
                + " f64[1, 1]", refusal((in, l) -> l.apply(Dense.of(1), in).sum(true, 0)));
    }

    @Test
    void singleInputRefusesAnOutputOfAnotherDtype() {
        // before: accepted, and predict returned float32
        assertEquals("Functional: output 'output' must be f64[N, ...] (batch axis first, the model's dtype), got"
                + " f32[N, 2]", refusal((in, l) -> l.apply(Dense.of(2), in).cast(DType.FLOAT32)));
    }

    @Test
    void singleInputRefusesConstantAndScalarOutputs() {
        assertEquals("Functional: output 'output' must be f64[N, ...] (batch axis first, the model's dtype), got"
                + " f64[4, 2]", refusal((in, l) -> SourceOp.constant(Tensor.zeros(Shape.of(4, 2)))));
        assertEquals("Functional: output 'output' must be f64[N, ...] (batch axis first, the model's dtype), got"
                + " f64[]", refusal((in, l) -> l.apply(Dense.of(1), in).sum()));
    }

    @Test
    void singleInputStillPredictsOneRowPerExample() {
        Functional model = single((in, l) -> l.apply(Dense.of(3), in));
        Tensor y = model.predict(Tensor.zeros(Shape.of(100, 4)));
        assertEquals(Shape.of(100, 3), y.shape());
    }

    @Test
    void multiInputRefusesTheSameOutputsWithTheSameMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Functional(
                List.of(Functional.Input.of("a", 4)), List.of("y"), DType.FLOAT64, 0,
                (in, l) -> List.of(l.apply(Dense.of(1), in.get(0)).sum(true, 0))));
        assertEquals("Functional: output 'y' must be f64[N, ...] (batch axis first, the model's dtype), got"
                + " f64[1, 1]", e.getMessage());
    }

    @Test
    void singleInputRefusesALayerAppliedToAStrayInput() {
        Node other = SourceOp.input("zz", Shape.of(Shape.BATCH, 3), DType.FLOAT64);
        assertEquals("Functional: the outputs depend on input 'zz' : f64[N, 3], which is not one of the model's"
                + " inputs [x]; build the outputs from the inputs the architecture receives",
                refusal((x, l) -> l.apply(Dense.of(2), other)));
    }

    @Test
    void singleInputNamesEveryStrayInput() {
        Node a = SourceOp.input("p", Shape.of(Shape.BATCH, 4), DType.FLOAT64);
        Node b = SourceOp.input("q", Shape.of(Shape.BATCH, 4), DType.FLOAT64);
        assertEquals("Functional: the outputs depend on inputs 'p' : f64[N, 4], 'q' : f64[N, 4], which are not among"
                + " the model's inputs [x]; build the outputs from the inputs the architecture receives",
                refusal((x, l) -> l.apply(Dense.of(2), x.add(a).add(b))));
    }

    @Test
    void anInputNamedLikeTheModelsIsStillAnotherNode() {
        Node x2 = SourceOp.input("x", Shape.of(Shape.BATCH, 4), DType.FLOAT64);
        assertEquals("Functional: the outputs depend on input 'x' : f64[N, 4], which is not one of the model's"
                + " inputs [x]; build the outputs from the inputs the architecture receives",
                refusal((x, l) -> l.apply(Dense.of(2), x.add(x2))));
    }

    @Test
    void anOutputMaskOnAStrayInputIsRefused() { // the reviewer's: it built, and fit failed naming a "function"
        Node stray = SourceOp.input("m", Shape.of(Shape.BATCH, 2), DType.FLOAT64);
        assertEquals("Functional: the output masks depend on input 'm' : f64[N, 2], which is not one of the model's"
                + " inputs [x]; build the outputs from the inputs the architecture receives",
                refusal((x, l) -> l.mask(l.apply(Dense.of(2), x).reshape(Shape.of(Shape.BATCH, 2, 1)), stray)));
    }

    @Test
    void anActivityLossOnAStrayInputIsRefused() {
        Node other = SourceOp.input("zz", Shape.of(Shape.BATCH, 3), DType.FLOAT64);
        Dense regularized = Dense.of(2).activityRegularizer(new L2(0.1));
        assertEquals("Functional: the activity losses of its layers depend on input 'zz' : f64[N, 3], which is not"
                + " one of the model's inputs [x]; build the outputs from the inputs the architecture receives",
                refusal((x, l) -> {
                    l.apply(regularized, other); // unused, but its penalty would enter the loss
                    return l.apply(Dense.of(1), x);
                }));
    }

    @Test
    void multiInputRefusesAStrayInputNamingTheModelsInputs() {
        Node other = SourceOp.input("zz", Shape.of(Shape.BATCH, 3), DType.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Functional(
                List.of(Functional.Input.of("a", 4), Functional.Input.of("b", 2)), List.of("y"), DType.FLOAT64, 0,
                (in, l) -> List.of(l.apply(Dense.of(2), other))));
        assertEquals("Functional: the outputs depend on input 'zz' : f64[N, 3], which is not one of the model's"
                + " inputs [a, b]; build the outputs from the inputs the architecture receives", e.getMessage());
    }

    @Test
    void connectedModelsStillBuild() {
        Functional model = new Functional(List.of(Functional.Input.of("a", 4), Functional.Input.of("b", 2)),
                List.of("y"), DType.FLOAT64, 0, (in, l) -> List.of(l.apply(Dense.of(2), in.get(0)).add(in.get(1))));
        assertEquals(List.of(Shape.of(Shape.BATCH, 2)), model.outputShapes());
    }
}
