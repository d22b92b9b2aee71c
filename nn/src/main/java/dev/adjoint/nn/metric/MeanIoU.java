package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The mean intersection over union of all classes (Keras {@code keras.metrics.MeanIoU(num_classes)}): {@link IoU}
 * with every class a target, {@code sum_c iou_c / (#{c : d_c > 1e-9} + eps)}, {@code iou_c = tp_c / (tp_c + fp_c +
 * fn_c + eps)}, from a confusion matrix summed over batches ({@link CountingMetric}), so a class that occurs in
 * neither labels nor predictions is left out of the mean and an epoch's value is that of all its examples. Keras's
 * example: labels {@code [0, 0, 1, 1]} and predictions {@code [0, 1, 0, 1]} have {@code cm = [[1, 1], [1, 1]]} and a
 * mean IoU of {@code (1/3 + 1/3) / 2 = 1/3}.
 *
 * <p>Labels and predictions are class ids by default, as in Keras; a softmax output needs {@code sparseYPred =
 * false} (its argmax), one-hot labels {@code sparseYTrue = false}; see {@link IoU} for shapes, truncation and
 * {@code ignoreClass}. Keras's {@code OneHotMeanIoU(num_classes)} is {@code new MeanIoU(numClasses, null, false,
 * false)}.
 *
 * @param numClasses the number {@code C >= 1} of classes
 * @param ignoreClass a label value that counts for nothing, or null for none
 * @param sparseYTrue whether the labels are class ids (else one-hot or scores over the last axis)
 * @param sparseYPred whether the predictions are class ids (else scores over the last axis)
 */
public record MeanIoU(int numClasses, Integer ignoreClass, boolean sparseYTrue, boolean sparseYPred)
        implements CountingMetric {

    /** Validates the number of classes. */
    public MeanIoU {
        IoU.checkClasses("MeanIoU", numClasses);
    }

    /** Keras's defaults: labels and predictions are class ids, no class ignored. */
    public MeanIoU(int numClasses) {
        this(numClasses, null, true, true);
    }

    /** The confusion matrix {@code [C, C]}, flattened row by row (true class, then predicted class). */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        return IoU.matrix("MeanIoU", numClasses, ignoreClass, sparseYTrue, sparseYPred, yTrue, yPred, null);
    }

    /** The confusion matrix with each position counting its weight (a masked output's mask). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        return IoU.matrix("MeanIoU", numClasses, ignoreClass, sparseYTrue, sparseYPred, yTrue, yPred,
                Objects.requireNonNull(weights, "weights is null"));
    }

    @Override
    public Node fromCounts(Node counts) {
        List<Integer> all = IntStream.range(0, numClasses).boxed().toList();
        return IoU.fromMatrix(numClasses, all, counts);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        IoU.checkLabels("MeanIoU", numClasses, ignoreClass, sparseYTrue, yTrue);
    }

    /** {@code mean_io_u}, Keras's name for the class {@code MeanIoU} (its snake case). */
    @Override
    public String name() {
        return "mean_io_u";
    }
}
