package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.RandomNormal;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.nn.regularizer.Regularizer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each weight of the convolution layers is declared with its own initializer, regularizer and constraint, as
 * Keras's {@code kernel_initializer}, {@code kernel_regularizer}, {@code kernel_constraint} and the like: for each
 * weight prefix ({@code kernel}, {@code recurrent}, {@code depthwise}, {@code pointwise}, {@code bias}) a distinct
 * setting is given and must reach the parameter of that name and no other.
 */
class ConvWeightSettingsTest {

    /** The parameter each prefix of the layers' arguments names. */
    private static final Map<String, String> PARAMS = Map.of("kernel", "kernel", "recurrent", "recurrent_kernel",
            "depthwise", "depthwise_kernel", "pointwise", "pointwise_kernel", "bias", "bias");

    private static final List<String> PREFIXES = List.of("kernel", "recurrent", "depthwise", "pointwise", "bias");

    @Test
    void everyWeightCarriesItsOwnInitializerRegularizerAndConstraint() throws ReflectiveOperationException {
        Map<Layer, Shape> layers = Map.ofEntries(Map.entry(Conv1D.of(4, 3), Shape.of(2, 9, 3)),
                Map.entry(Conv2D.of(4, 3), Shape.of(2, 7, 6, 3)), Map.entry(Conv3D.of(4, 3), Shape.of(2, 5, 6, 7, 3)),
                Map.entry(Conv1DTranspose.of(4, 3), Shape.of(2, 9, 3)),
                Map.entry(Conv2DTranspose.of(4, 3), Shape.of(2, 7, 6, 3)),
                Map.entry(Conv3DTranspose.of(4, 3), Shape.of(2, 5, 6, 7, 3)),
                Map.entry(DepthwiseConv1D.of(3), Shape.of(2, 9, 3)),
                Map.entry(DepthwiseConv2D.of(3), Shape.of(2, 7, 6, 3)),
                Map.entry(SeparableConv1D.of(4, 3), Shape.of(2, 9, 3)),
                Map.entry(SeparableConv2D.of(4, 3), Shape.of(2, 7, 6, 3)),
                Map.entry(ConvLSTM1D.of(4, 3), Shape.of(2, 5, 9, 3)),
                Map.entry(ConvLSTM2D.of(4, 3), Shape.of(2, 5, 7, 6, 3)));
        for (Map.Entry<Layer, Shape> entry : layers.entrySet()) {
            Layer layer = entry.getKey();
            List<String> declared = new ArrayList<>();
            for (int i = 0; i < PREFIXES.size(); i++) {
                String prefix = PREFIXES.get(i);
                if (has(layer, prefix + "Initializer", Initializer.class)) {
                    declared.add(PARAMS.get(prefix));
                    layer = set(layer, prefix + "Initializer", Initializer.class, new RandomNormal(0, 1 + i));
                    layer = set(layer, prefix + "Regularizer", Regularizer.class, new L2(0.5 + i));
                    layer = set(layer, prefix + "Constraint", Constraint.class, new MaxNorm(2.0 + i, 0));
                }
            }
            List<ParamSpec> specs = layer.params(entry.getValue());
            assertEquals(declared, specs.stream().map(ParamSpec::name).toList(), layer.toString());
            for (ParamSpec spec : specs) {
                int i = PREFIXES.indexOf(prefixOf(spec.name()));
                String where = layer.kind() + " " + spec.name();
                assertEquals(Optional.of(new L2(0.5 + i)), spec.regularizer(), where);
                assertEquals(Optional.of(new MaxNorm(2.0 + i, 0)), spec.constraint(), where);
                if (!(layer instanceof ConvRecurrent && spec.name().equals("bias"))) { // unitForgetBias wraps it
                    assertEquals(new RandomNormal(0, 1 + i), spec.initializer(), where);
                }
            }
        }
    }

    private static String prefixOf(String param) {
        return PARAMS.entrySet().stream().filter(e -> e.getValue().equals(param)).findFirst().orElseThrow().getKey();
    }

    private static boolean has(Layer layer, String wither, Class<?> type) {
        try {
            layer.getClass().getMethod(wither, type);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Layer set(Layer layer, String wither, Class<?> type, Object value)
            throws ReflectiveOperationException {
        Method m = layer.getClass().getMethod(wither, type);
        return (Layer) m.invoke(layer, value);
    }
}
