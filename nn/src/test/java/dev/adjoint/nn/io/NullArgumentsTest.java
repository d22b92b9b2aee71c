package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.callback.CsvLogger;
import dev.adjoint.nn.callback.EarlyStopping;
import dev.adjoint.nn.callback.ModelCheckpoint;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.conv.Conv2D;
import dev.adjoint.nn.layer.conv.DepthwiseConv2D;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every wither of every built-in layer given null either refuses it with a NullPointerException naming the layer
 * (its type, and its name when it has one) and the argument as the wither spells it, or takes it as "none" (a
 * regularizer, a constraint) and gives a layer that still builds and predicts; compile and fit's options name
 * the method, the callbacks their type.
 */
class NullArgumentsTest {

    private static final Shape[] INPUTS = {Shape.of(4), Shape.of(2), Shape.of(14), Shape.of(3, 4),
        Shape.of(6, 6, 2), Shape.of(3, 12, 12), Shape.of(4, 4, 4, 2), Shape.of(2, 6, 6, 6)};

    @Test
    void everyLayersWitherRefusesNullNamingTheLayerOrTakesItAsNone() throws Exception {
        List<String> wrong = new ArrayList<>();
        int refused = 0;
        int accepted = 0;
        for (Object sample : ConfigTypesTest.samples()) {
            if (!(sample instanceof Layer layer)) {
                continue;
            }
            Class<?> type = layer.getClass();
            Shape input = inputOf(layer);
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getReturnType() != type || m.getParameterCount() != 1
                        || m.getParameterTypes()[0].isPrimitive() || m.getName().equals("named")) {
                    continue;
                }
                String call = type.getSimpleName() + "." + m.getName() + "(null)";
                Object result;
                try {
                    result = m.invoke(layer, (Object) null);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    String message = String.valueOf(cause.getMessage());
                    String expected = LayerArguments.describe(type.getSimpleName(), layer.name()) + ": "
                            + m.getName() + " is null";
                    if (!(cause instanceof NullPointerException) || !message.startsWith(expected)) {
                        wrong.add(call + " threw " + cause);
                    }
                    refused++;
                    continue;
                }
                accepted++;
                if (input != null) {
                    try {
                        predicts((Layer) result, input);
                    } catch (RuntimeException e) {
                        wrong.add(call + " was taken but the layer then fails: " + e);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, String.join("\n", wrong));
        assertTrue(refused > 200 && accepted > 100, "refused " + refused + ", accepted " + accepted);
    }

    @Test
    void theMessageNamesTheLayerByTypeAndNameTheArgumentAndWhatToPassInstead() {
        assertEquals("Dense: activation is null; use new Linear() for none", refusal(() -> Dense.of(3)
                .activation(null)));
        assertEquals("Dense 'encoder': activation is null; use new Linear() for none", refusal(() -> Dense.of(3)
                .named("encoder").activation(null)));
        assertEquals("Conv2D 'stem': strides is null", refusal(() -> Conv2D.of(8, 3).named("stem")
                .strides((int[]) null)));
        assertEquals("Conv2D 'stem': padding is null", refusal(() -> Conv2D.of(8, 3).named("stem").padding(null)));
        assertEquals("DepthwiseConv2D: depthwiseInitializer is null", refusal(() -> DepthwiseConv2D.of(3)
                .depthwiseInitializer(null)));
        assertEquals("LSTM 'enc': recurrentInitializer is null", refusal(() -> LSTM.of(4).named("enc")
                .initializers(new GlorotUniform(), null, new Zeros())));
        assertEquals("PReLU: sharedAxes is null", refusal(() -> PReLU.of().sharedAxes((int[]) null)));
    }

    @Test
    void compileFitAndTheCallbacksNameTheMethodOrTypeOfANullArgument() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 1);
        model.add(Dense.of(1));
        assertEquals("compile: loss is null", refusal(() -> model.compile(Adam.defaults(), null)));
        assertEquals("compile: optimizer is null", refusal(() -> model.compile(null, new MeanSquaredError())));
        assertEquals("compile: metrics is null", refusal(() -> model.compile(Adam.defaults(), new MeanSquaredError(),
                (Metric[]) null)));
        assertEquals("fit: verbosity is null", refusal(() -> FitOptions.defaults().verbosity(null)));
        assertEquals("fit: callbacks is null", refusal(() -> FitOptions.defaults().callbacks((Callback[]) null)));
        assertEquals("setWeights: weights is null", refusal(() -> model.setWeights(null)));
        assertEquals("EarlyStopping: monitor is null", refusal(() -> new EarlyStopping(null, 1, 0, false)));
        assertEquals("ModelCheckpoint: monitor is null", refusal(() -> ModelCheckpoint.bestOnly("m.safetensors",
                null)));
        assertEquals("ModelCheckpoint: filepath is null", refusal(() -> ModelCheckpoint.everyEpoch(null)));
        assertEquals("CsvLogger: file is null", refusal(() -> new CsvLogger(null)));
        assertTrue(!model.isCompiled(), "nothing was compiled");
    }

    private static String refusal(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(NullPointerException.class, call).getMessage();
    }

    /** The first input shape on which {@code layer} builds and predicts, or null. */
    private static Shape inputOf(Layer layer) {
        for (Shape input : INPUTS) {
            try {
                predicts(layer, input);
                return input;
            } catch (IllegalArgumentException | IllegalStateException e) {
                // not this shape
            }
        }
        return null;
    }

    private static void predicts(Layer layer, Shape input) {
        Sequential model = new Sequential(input, DType.FLOAT32, 1);
        model.add(layer);
        int[] dims = new int[input.rank() + 1];
        dims[0] = 1;
        for (int i = 0; i < input.rank(); i++) {
            dims[i + 1] = input.dim(i);
        }
        model.predict(Tensor.zeros(DType.FLOAT32, Shape.of(dims)));
    }
}
