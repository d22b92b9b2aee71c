package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.LoggedWarnings;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Softmax;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.optim.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code compile} warns, as Keras does, when a cross-entropy taking logits follows a final softmax or sigmoid
 * layer, and stays silent for the combinations that train as meant. Before, it said nothing: the loss applied a
 * second softmax and the model trained badly without an error.
 */
class LogitsWarningTest {

    /** The warnings logged on {@code dev.adjoint.nn.model} while {@code compile} runs. */
    private static List<String> warningsOf(Runnable compile) {
        return LoggedWarnings.during("dev.adjoint.nn.model", compile);
    }

    private static Sequential classifier(Dense last) {
        Sequential model = new Sequential(Shape.of(4));
        model.add(Dense.of(8, new Relu()));
        model.add(last);
        return model;
    }

    @Test
    void aSoftmaxDenseBeforeALossFromLogitsIsNamedWithItsActivationTheLossAndTheFix() {
        Sequential model = classifier(Dense.of(3, new Softmax()));
        List<String> warnings = warningsOf(() -> model.compile(Adam.defaults(),
                new SparseCategoricalCrossEntropy(true)));
        assertEquals(List.of("compile: the loss sparse_categorical_crossentropy takes logits (fromLogits = true), but"
                + " the output comes from layer 'dense_1' (dense) with activation softmax, which already makes"
                + " probabilities: the loss would take them for logits and squash them again, and train without an"
                + " error but badly; drop the activation from 'dense_1' (predict then gives logits), or compile with"
                + " SparseCategoricalCrossEntropy(false)"), warnings);
        assertTrue(model.isCompiled(), "a warning, not an error: the model is compiled as asked");
    }

    @Test
    void aSigmoidActivationLayerBeforeABinaryCrossEntropyFromLogitsIsNamed() {
        Sequential model = new Sequential(Shape.of(4));
        model.add(Dense.of(1));
        model.add(ActivationLayer.of(new Sigmoid()));
        List<String> warnings = warningsOf(() -> model.compile(Adam.defaults(), new BinaryCrossEntropy(true)));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("compile: the loss binary_crossentropy takes logits (fromLogits ="
                + " true), but the output comes from layer 'activation' (activation) with activation sigmoid"),
                warnings.get(0));
        assertTrue(warnings.get(0).endsWith("or compile with BinaryCrossEntropy(false)"), warnings.get(0));
    }

    @Test
    void matchingOutputsAndLossesCompileWithoutAWarning() {
        assertEquals(List.of(), warningsOf(() -> classifier(Dense.of(3)).compile(Adam.defaults(),
                new SparseCategoricalCrossEntropy(true))), "logits into a loss from logits");
        assertEquals(List.of(), warningsOf(() -> classifier(Dense.of(3, new Softmax())).compile(Adam.defaults(),
                new SparseCategoricalCrossEntropy(false))), "probabilities into a loss from probabilities");
        assertEquals(List.of(), warningsOf(() -> classifier(Dense.of(3, new Softmax())).compile(Adam.defaults(),
                new MeanSquaredError())), "a loss without logits");
        Functional later = new Functional(Shape.of(4), DType.FLOAT64, 0,
                (x, layers) -> layers.apply(Dense.of(3, new Softmax()), x).mul(2.0));
        assertEquals(List.of(), warningsOf(() -> later.compile(Adam.defaults(), new CategoricalCrossEntropy(true))),
                "an output computed after its last layer is not judged");
    }

    @Test
    void functionalModelsAreCheckedPerOutputNamingTheOutput() {
        Functional one = new Functional(Shape.of(4), DType.FLOAT64, 0,
                (x, layers) -> layers.apply(Dense.of(3, new Softmax()).named("probs"), x));
        List<String> single = warningsOf(() -> one.compile(Adam.defaults(), new CategoricalCrossEntropy(true)));
        assertEquals(1, single.size(), single.toString());
        assertTrue(single.get(0).startsWith("compile: the loss categorical_crossentropy takes logits (fromLogits ="
                + " true), but the output comes from layer 'probs' (dense) with activation softmax"), single.get(0));

        Functional two = new Functional(List.of(Functional.Input.of("a", 4)), List.of("cls", "score"),
                DType.FLOAT64, 0, (in, layers) -> List.of(layers.apply(Dense.of(3, new Softmax()), in.get(0)),
                        layers.apply(Dense.of(1, new Sigmoid()), in.get(0))));
        List<String> several = warningsOf(() -> two.compile(Adam.defaults(), List.<Loss>of(
                new SparseCategoricalCrossEntropy(true), new BinaryCrossEntropy(false)), null, null));
        assertEquals(1, several.size(), several.toString());
        assertTrue(several.get(0).startsWith("compile: output 'cls': the loss sparse_categorical_crossentropy takes"
                + " logits (fromLogits = true), but the output comes from layer 'dense' (dense) with activation"
                + " softmax"), several.get(0));
    }

    /**
     * A binary cross-entropy from logits makes the output a logit: a metric that thresholds it at 0.5 or an AUC
     * from probabilities reports a wrong figure without an error, so compile names it; the fixed forms, and
     * Keras's "accuracy" (resolved to threshold 0 on logits), compile silently.
     */
    @Test
    void aMetricReadingProbabilitiesOfALogitOutputIsNamed() {
        List<String> warnings = warningsOf(() -> classifier(Dense.of(1)).compile(Adam.defaults(),
                new BinaryCrossEntropy(true), new dev.adjoint.nn.metric.Precision(0.5),
                dev.adjoint.nn.metric.Auc.roc(), dev.adjoint.nn.metric.Metrics.byName("binary_accuracy")));
        assertEquals(3, warnings.size(), warnings.toString());
        assertEquals("compile: the metric precision thresholds its output at 0.5, a probability, but the loss"
                + " binary_crossentropy takes logits (fromLogits = true), so the output is a logit and the figure"
                + " would be wrong without an error; give it threshold 0 (the logit of probability 0.5), or, for an"
                + " AUC, fromLogits = true", warnings.get(0));
        assertTrue(warnings.get(1).startsWith("compile: the metric auc reads its output as probabilities in [0, 1],"),
                warnings.get(1));
        assertTrue(warnings.get(2).startsWith("compile: the metric binary_accuracy thresholds"), warnings.get(2));
        assertEquals(List.of(), warningsOf(() -> classifier(Dense.of(1)).compile(Adam.defaults(),
                new BinaryCrossEntropy(true), new dev.adjoint.nn.metric.Precision(0),
                new dev.adjoint.nn.metric.Auc(dev.adjoint.nn.metric.Auc.Curve.ROC, 200, true),
                dev.adjoint.nn.metric.Metrics.byName("accuracy"))), "metrics made for logits");
        assertEquals(List.of(), warningsOf(() -> classifier(Dense.of(1, new Sigmoid())).compile(Adam.defaults(),
                new BinaryCrossEntropy(false), new dev.adjoint.nn.metric.Precision(0.5),
                dev.adjoint.nn.metric.Auc.roc())), "probabilities with a loss from probabilities");
    }

    /**
     * The converse: a cross-entropy taking probabilities (Keras's and byName's default) after a final linear
     * layer clips unbounded logits into [1e-7, 1 - 1e-7] and trains badly without an error; compile names it.
     */
    @Test
    void aLinearOutputBeforeALossFromProbabilitiesIsNamed() {
        List<String> warnings = warningsOf(() -> classifier(Dense.of(1)).compile(Adam.defaults(),
                new BinaryCrossEntropy(false)));
        assertEquals(List.of("compile: the loss binary_crossentropy takes probabilities (fromLogits = false), but the"
                + " output comes from layer 'dense_1' (dense) with activation linear, whose values are unbounded"
                + " logits: the loss would clip them to [1e-7, 1 - 1e-7] and train without an error but badly;"
                + " compile the loss with fromLogits = true, or give 'dense_1' a sigmoid"), warnings);
        assertEquals(1, warningsOf(() -> classifier(Dense.of(3)).compile(Adam.defaults(),
                dev.adjoint.nn.loss.Losses.byName("sparse_categorical_crossentropy"))).size());
    }
}
