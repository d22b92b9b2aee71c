package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras's Permute and RepeatVector: their index formulas, their refusals, masks and model files. */
class PermuteRepeatVectorTest {

    @TempDir
    Path dir;

    private static Tensor eval(Node y, Bindings at) {
        return Function.of(at.inputs(), List.of(y)).call(at).get(0);
    }

    @Test
    void permuteMovesInputAxisPaToOutputAxisA() {
        ForwardGraph g = ForwardGraph.build((x, layers) -> layers.apply(Permute.of(3, 1, 2), x), Shape.of(2, 3, 4, 5),
                DType.FLOAT64, false, null);
        assertEquals(Shape.of(2, 5, 3, 4), g.output().shape());
        Tensor x = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(2, 3, 4, 5), 0, 1);
        Tensor y = eval(g.output(), Bindings.of(g.input(), x));
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 5; k++) {
                        assertEquals(x.get(n, i, j, k), y.get(n, k, i, j));
                    }
                }
            }
        }
        assertEquals(Shape.of(Shape.BATCH, 64, 10), Permute.of(2, 1).outputShape(Shape.of(Shape.BATCH, 10, 64)));
    }

    @Test
    void permuteRefusesAPatternThatIsNotAPermutationAndAnInputOfAnotherRank() {
        assertEquals("Permute: dims must hold each of 1 .. 2 once (the batch axis 0 is not permuted), got [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> Permute.of(0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Permute.of(1, 1));
        assertEquals("Permute: dims [2, 1] permutes inputs of rank 3 [N, d_1, ..., d_2], got " + Shape.of(2, 3, 4, 5),
                assertThrows(IllegalArgumentException.class, () -> Permute.of(2, 1).outputShape(Shape.of(2, 3, 4, 5)))
                        .getMessage());
    }

    /** Keras 3's Permute does not support masking: a mask [N, T] does not pass, even when the time axis stays. */
    @Test
    void permuteDropsTheMaskAsKeras() {
        Node mask = SourceOp.input("mask", Shape.of(2, 3), DType.FLOAT64);
        ForwardGraph g = ForwardGraph.build((x, layers) -> layers.apply(Permute.of(1, 3, 2), layers.mask(x, mask)),
                Shape.of(2, 3, 4, 5), DType.FLOAT64, false, null);
        assertNull(g.outputMask());
    }

    @Test
    void repeatVectorCopiesEachExampleToEveryStep() {
        ForwardGraph g = ForwardGraph.build((x, layers) -> layers.apply(RepeatVector.of(3), x), Shape.of(2, 4),
                DType.FLOAT64, false, null);
        assertEquals(Shape.of(2, 3, 4), g.output().shape());
        Tensor x = Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(2, 4), 0, 1);
        Tensor y = eval(g.output(), Bindings.of(g.input(), x));
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                for (int f = 0; f < 4; f++) {
                    assertEquals(x.get(n, f), y.get(n, t, f));
                }
            }
        }
        assertEquals("RepeatVector: input must be [N, features], got " + Shape.of(2, 3, 4), assertThrows(
                IllegalArgumentException.class, () -> RepeatVector.of(2).outputShape(Shape.of(2, 3, 4))).getMessage());
        assertEquals("RepeatVector: n must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> RepeatVector.of(0)).getMessage());
    }

    @Test
    void aModelWithPermuteAndRepeatVectorSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(3, 4), DType.FLOAT32, 7);
        model.add(Permute.of(2, 1)).add(Flatten.of()).add(RepeatVector.of(2).named("again"));
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        String json = dev.adjoint.core.io.SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("{\"type\":\"permute\",\"dims\":[2,1],\"name\":null}")
                && json.contains("{\"type\":\"repeat_vector\",\"n\":2,\"name\":\"again\"}"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(2, 3, 4), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }
}
