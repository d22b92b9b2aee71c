package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model state of an integer dtype (a counter, label-encoding state) is saved as an I64 tensor and restored
 * exactly; a file holding it in another dtype is refused, naming the tensor.
 */
class IntegerStateTest {

    @TempDir
    Path dir;

    /** Counts the training batches it has seen, in an INT64 state tensor. */
    record SeenCounter() implements Layer {
        @Override public String kind() { return "counter"; }
        @Override public String name() { return "counter"; }
        @Override public Shape outputShape(Shape input) { return input; }

        @Override public List<ParamSpec> params(Shape input) {
            return List.of(ParamSpec.state("seen", Shape.scalar(), new Zeros(), DType.INT64));
        }

        @Override public Node apply(Node x, LayerContext context) {
            Node seen = context.param("seen");
            context.updateState("seen", seen.add(SourceOp.constant(Tensor.ofLongs(Shape.scalar(), 1))));
            return x;
        }
    }

    private static Functional model(long seed) {
        Dense dense = Dense.of(2).named("dense");
        SeenCounter counter = new SeenCounter();
        Functional model = new Functional(Shape.of(3), DType.FLOAT64, seed,
                (x, layers) -> layers.apply(counter, layers.apply(dense, x)));
        model.compile(Adam.defaults(), new MeanSquaredError());
        return model;
    }

    @Test
    void anIntegerStateTensorRoundTripsExactly() throws IOException {
        Functional model = model(1);
        assertEquals(DType.INT64, model.state().param("counter/seen").dtype());
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(30, 3), -1, 1);
        model.fit(x, Tensor.zeros(Shape.of(30, 2)), Models.QUIET.epochs(2).batchSize(10));
        assertEquals(6L, model.state().param("counter/seen").itemLong(), "3 batches in each of 2 epochs");
        Path file = dir.resolve("counter.safetensors");
        ModelFiles.save(model, file);
        assertEquals(DType.INT64, SafeTensors.read(file).tensor(StateTensors.PARAMS + "counter/seen").dtype());
        Functional fresh = model(2);
        ModelFiles.loadInto(file, fresh);
        Models.assertSameState(model.state(), fresh.state());
        assertEquals(6L, fresh.state().param("counter/seen").itemLong());
    }

    @Test
    void aStateTensorOfAnotherDtypeIsRefusedByName() throws IOException {
        Path file = dir.resolve("counter.safetensors");
        ModelFiles.save(model(1), file);
        NamedTensors saved = SafeTensors.read(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>(saved.tensors());
        tensors.put(StateTensors.PARAMS + "counter/seen", Tensor.scalar(0.0));
        SafeTensors.write(file, tensors, saved.metadata());
        Functional fresh = model(2);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.loadInto(file, fresh));
        assertTrue(e.getMessage().contains("tensor 'params/counter/seen': wrong type, expected i64[], got f64[]"),
                e.getMessage());
    }

    @Test
    void aTrainableParameterHasTheModelsDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ParamSpec("k",
                Shape.of(2), new Zeros(), true, Optional.empty(), DType.INT32));
        assertEquals("param: a trainable parameter has the model's dtype, got INT32 for 'k'; declare it as state,"
                + " or leave its dtype to the model", e.getMessage());
    }

    @Test
    void aMissingFieldNamesTheParameterAndTheWayForward() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new ParamSpec("k", Shape.of(2),
                new Zeros(), true, null, null));
        assertEquals("param 'k': regularizer is null; pass Optional.empty() for none", e.getMessage());
    }
}
