package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.CategoryEncoding;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.Masking;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.model.Sequential;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every layer a model file may name has the fluent {@code named(String)} returning its own type (Frozen takes the
 * name of the layer it wraps), and the layers that gained it keep the rest of their configuration.
 */
class EveryLayerIsNamedTest {

    @Test
    void everyBuiltInLayerButFrozenHasNamedReturningItsOwnType() {
        List<String> missing = new ArrayList<>();
        for (String name : ConfigTypes.builtIn(Layer.class)) {
            Class<?> type = ConfigTypes.classOf(Layer.class, name).orElseThrow();
            if (type == dev.adjoint.nn.layer.Frozen.class) {
                continue;
            }
            try {
                Method named = type.getMethod("named", String.class);
                if (named.getReturnType() != type || !Modifier.isPublic(named.getModifiers())) {
                    missing.add(type.getSimpleName());
                }
            } catch (NoSuchMethodException e) {
                missing.add(type.getSimpleName());
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theLayersThatGainedNamedKeepTheirConfigurationAndTheModelUsesTheName() {
        List<Layer> layers = List.of(ActivationLayer.of(new Relu()), TimeDistributed.of(Dense.of(2)), Flatten.of(),
                Masking.of(-1), new Normalization(new double[] {1, 2}, new double[] {3, 4}, null),
                new CategoryEncoding(5, "count", null), Dropout.of(0.25));
        for (Layer layer : layers) {
            Layer renamed;
            try {
                renamed = (Layer) layer.getClass().getMethod("named", String.class).invoke(layer, "given");
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(layer.kind(), e);
            }
            assertEquals("given", renamed.name());
            assertEquals(layer, withName(renamed, null), layer.kind() + " keeps the rest of its configuration");
        }
        Sequential model = new Sequential(Shape.of(3, 4), DType.FLOAT32, 1);
        model.add(TimeDistributed.of(Dense.of(2)).named("per_step")).add(Flatten.of().named("flat"))
                .add(Dropout.of(0.5).named("drop"));
        assertEquals(List.of("per_step", "flat", "drop"), model.layers().stream().map(l -> l.name()).toList());
        assertTrue(model.weights().containsKey("per_step/kernel"), model.weights().keySet().toString());
    }

    private static Layer withName(Layer layer, String name) {
        try {
            return (Layer) layer.getClass().getMethod("named", String.class).invoke(layer, name);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(layer.kind(), e);
        }
    }
}
