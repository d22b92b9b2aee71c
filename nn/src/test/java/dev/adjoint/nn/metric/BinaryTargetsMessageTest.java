package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics of binary targets (Precision, Recall, F1Score, AUC, BinaryAccuracy) given the class labels of a
 * classifier say what they take and what takes labels; compiled with a loss of class labels they are refused at
 * compile, not at the first fit.
 */
class BinaryTargetsMessageTest {

    private static final Node LABELS = SourceOp.input("y", Shape.of(Shape.BATCH), DType.FLOAT32);
    private static final Node SCORES = SourceOp.input("p", Shape.of(Shape.BATCH, 10), DType.FLOAT32);

    private static String refusal(String who) {
        return who + ": yTrue and yPred must have equal shapes, got [N] and [N, 10]; " + who + " takes binary"
                + " targets (0 or 1) of yPred's shape, one per element of yPred, not class labels: one-hot encode the"
                + " labels to [N, 10] (dev.adjoint.nn.data.OneHot.encode(labels, 10)), or measure labels with"
                + " SparseCategoricalAccuracy";
    }

    @Test
    void classLabelsAgainstScoresSayWhatEachMetricTakes() {
        List<Metric> metrics = List.of(new Precision(), new Recall(), new F1Score(), Auc.roc(), new BinaryAccuracy());
        List<String> who = List.of("Precision", "Recall", "F1Score", "Auc", "BinaryAccuracy");
        for (int i = 0; i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.apply(LABELS, SCORES));
            assertEquals(refusal(who.get(i)), e.getMessage());
        }
    }

    @Test
    void labelsWithATrailingAxisOfOneAreRefusedTheSameWay() {
        Node labels = SourceOp.input("y", Shape.of(Shape.BATCH, 1), DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Recall().apply(labels, SCORES));
        assertEquals(refusal("Recall").replace("got [N] and", "got [N, 1] and"), e.getMessage());
    }

    @Test
    void sequenceLabelsAreAdvisedTheGraphsOneHot() { // OneHot.encode takes [N] or [N, 1] labels only
        Node steps = SourceOp.input("y", Shape.of(Shape.BATCH, 3), DType.FLOAT32);
        Node scores = SourceOp.input("p", Shape.of(Shape.BATCH, 3, 4), DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Precision().apply(steps, scores));
        assertEquals("Precision: yTrue and yPred must have equal shapes, got [N, 3] and [N, 3, 4]; Precision takes"
                + " binary targets (0 or 1) of yPred's shape, one per element of yPred, not class labels: one-hot"
                + " encode the labels to [N, 3, 4] (the labels' node .oneHot(4); OneHot.encode takes [N] labels"
                + " only), or measure labels with SparseCategoricalAccuracy", e.getMessage());
    }

    @Test
    void oneHotAndSingleColumnTargetsStillWork() {
        Node oneHot = SourceOp.input("y", Shape.of(Shape.BATCH, 10), DType.FLOAT32);
        assertEquals(Shape.scalar(), new Precision().apply(oneHot, SCORES).shape());
        Node column = SourceOp.input("p", Shape.of(Shape.BATCH, 1), DType.FLOAT32);
        assertEquals(Shape.scalar(), new Precision().apply(LABELS, column).shape()); // Keras's [N] for [N, 1]
    }

    private static Sequential classifier() {
        Sequential model = new Sequential(Shape.of(4), DType.FLOAT32, 0);
        model.add(Dense.of(10));
        return model;
    }

    @Test
    void compileRefusesABinaryMetricBesideALossOfClassLabels() {
        Sequential model = classifier();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.compile(
                Adam.defaults(), new SparseCategoricalCrossEntropy(true), new Precision()));
        assertEquals("compile: metric 'precision' cannot read the class labels [N] that the loss"
                + " sparse_categorical_crossentropy takes for the output [N, 10]: " + refusal("Precision"),
                e.getMessage());
        assertEquals(false, model.isCompiled(), "nothing is compiled");
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class, () -> model.compile(
                Adam.defaults(), new SparseCategoricalCrossEntropy(true), Metrics.byName("auc")));
        assertEquals("compile: metric 'auc' cannot read the class labels [N] that the loss"
                + " sparse_categorical_crossentropy takes for the output [N, 10]: " + refusal("Auc"),
                byName.getMessage());
    }

    @Test
    void aFloat64ModelTriesItsMetricsInFloat64() { // a custom metric with a float64 constant builds on f64 labels
        Sequential model = new Sequential(Shape.of(4), DType.FLOAT64, 0);
        model.add(Dense.of(3));
        Metric weighted = new Metric() {
            @Override public Node apply(Node yTrue, Node yPred) { return yPred.mul(SourceOp.scalar(2.0)).mean(); }
            @Override public String name() { return "weighted"; }
        };
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), weighted);
        assertEquals(1, model.compilation().metrics().size());
    }

    @Test
    void aRefusedMetricOfOneOutputOfSeveralNamesTheOutput() {
        dev.adjoint.nn.model.Functional model = new dev.adjoint.nn.model.Functional(
                List.of(dev.adjoint.nn.model.Functional.Input.of("a", 4)), List.of("cls", "aux"), DType.FLOAT32, 0,
                (in, l) -> List.of(l.apply(Dense.of(10), in.get(0)), l.apply(Dense.of(1), in.get(0))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.compile(
                Adam.defaults(), java.util.Map.of("cls", new SparseCategoricalCrossEntropy(true), "aux",
                        new BinaryCrossEntropy(true)), null, java.util.Map.of("cls", List.of(new Precision()))));
        assertEquals("compile: metric 'precision' of output 'cls' cannot read the class labels [N] that the loss"
                + " sparse_categorical_crossentropy takes for the output [N, 10]: " + refusal("Precision"),
                e.getMessage());
    }

    @Test
    void compileKeepsWhatWorks() {
        Sequential model = classifier();
        Metric accuracy = new SparseCategoricalAccuracy();
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), accuracy, new Accuracy());
        assertSame(accuracy, model.compilation().metrics().get(0));
        model.compile(Adam.defaults(), new CategoricalCrossEntropy(true), new Precision(), new Recall());
        assertEquals(2, model.compilation().metrics().size());
        Sequential binary = new Sequential(Shape.of(4), DType.FLOAT32, 0);
        binary.add(Dense.of(1));
        binary.compile(Adam.defaults(), new BinaryCrossEntropy(true), new Precision(0.0), Auc.roc());
        assertEquals(2, binary.compilation().metrics().size());
    }
}
