package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users' records registered by name are saved and loaded whole; bad registrations are refused. */
class CustomTypesTest {

    /** A user's layer: {@code y = factor * x}. */
    public record Scale(double factor, String name) implements Layer {
        public Scale {
            if (!Double.isFinite(factor)) {
                throw new IllegalArgumentException("Scale: factor must be finite, got " + factor);
            }
        }

        @Override
        public String kind() {
            return "scale";
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public List<ParamSpec> params(Shape input) {
            return List.of();
        }

        @Override
        public Node apply(Node x, LayerContext context) {
            return x.mul(factor);
        }
    }

    /** A user's schedule: {@code eta(t) = initial / t}. */
    public record InverseTime(double initial) implements Schedule {
        @Override
        public Node at(Node step) {
            return step.pow(-1.0).mul(initial);
        }
    }

    /** Never registered. */
    public record Unregistered(String name) implements Layer {
        @Override
        public String kind() {
            return "unregistered";
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public List<ParamSpec> params(Shape input) {
            return List.of();
        }

        @Override
        public Node apply(Node x, LayerContext context) {
            return x;
        }
    }

    static {
        CustomTypes.register(Layer.class, "scale", Scale.class);
        CustomTypes.register(Schedule.class, "inverse_time", InverseTime.class);
    }

    @TempDir
    Path dir;

    @Test
    void aSequentialHoldingACustomLayerAndScheduleIsSavedAndLoadedWhole() throws Exception {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 4);
        model.add(Dense.of(8));
        model.add(new Scale(0.5, "half"));
        model.add(Dense.of(3));
        model.compile(new Sgd(new InverseTime(0.1)), new SparseCategoricalCrossEntropy(true));
        var data = Blobs.of(30, 2);
        model.fit(data[0], data[1], Models.QUIET.epochs(2).batchSize(10));
        Path file = dir.resolve("custom.safetensors");
        ModelFiles.save(model, file);
        String header = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("\\\"scale\\\"") && header.contains("\\\"inverse_time\\\""),
                "the file names the types by their registered names");

        Model loaded = ModelFiles.load(file);
        assertEquals(model.compilation(), loaded.compilation());
        assertEquals(new Scale(0.5, "half"), ((Sequential) loaded).stack().get(1));
        assertTrue(loaded.predict(data[0]).sameValues(model.predict(data[0])));
        CustomTypes.register(Layer.class, "scale", Scale.class); // again: nothing changes
        assertTrue(CustomTypes.names(Layer.class).contains("scale"));
    }

    @Test
    void anUnregisteredLayerIsRefusedBeforeAnyFileIsWrittenWithTheWayToRegisterIt() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 4);
        model.add(new Unregistered(null));
        Path file = dir.resolve("never.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, file));
        assertTrue(e.getMessage().contains("every layer must be one of the registered types"), e.getMessage());
        assertFalse(e.getMessage().contains("save: save:") || e.getMessage().indexOf("save:") != e.getMessage()
                .lastIndexOf("save:"), "the prefix is said once: " + e.getMessage());
        assertTrue(e.getMessage().contains("CustomTypes.register(Layer.class, \"a_name\", Unregistered.class)"),
                e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void badRegistrationsAreRefusedWithTheRuleTheyBreak() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CustomTypes.register(Layer.class, "dense", Unregistered.class));
        assertEquals("register: the layer name 'dense' is taken by dev.adjoint.nn.layer.Dense, got "
                + Unregistered.class.getName() + "; choose another name", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CustomTypes.register(Layer.class, "scale_again", Scale.class));
        assertEquals("register: " + Scale.class.getName() + " is already registered as 'scale', got 'scale_again'",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CustomTypes.register(Layer.class, "Bad Name", Unregistered.class));
        assertEquals("register: name must be snake_case ([a-z][a-z0-9_]*), got 'Bad Name'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CustomTypes.register(Layer.class, "lambda_layer", lambdaLayer().getClass()));
        assertTrue(e.getMessage().startsWith("register: a layer type must be a record implementing Layer"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CustomTypes.register(Runnable.class, "run",
                Runnable.class));
        assertTrue(e.getMessage().startsWith("register: kind must be one of [Layer, Activation, "), e.getMessage());
        assertFalse(CustomTypes.names(Layer.class).contains("lambda_layer"));
    }

    private static Layer lambdaLayer() {
        return new Layer() {
            @Override
            public String kind() {
                return "lambda";
            }

            @Override
            public String name() {
                return null;
            }

            @Override
            public Shape outputShape(Shape input) {
                return input;
            }

            @Override
            public List<ParamSpec> params(Shape input) {
                return List.of();
            }

            @Override
            public Node apply(Node x, LayerContext context) {
                return x;
            }
        };
    }
}
