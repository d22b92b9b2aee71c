package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The intersection over union of chosen classes (Keras {@code keras.metrics.IoU(num_classes, target_class_ids)}),
 * from a confusion matrix summed over batches. Every position of the labels is one example: its true class
 * {@code i} and predicted class {@code j} add its weight (1, or its mask value for a masked output) to
 * {@code cm[i][j]}. Then for each class {@code c}
 *
 * <pre>{@code
 * tp_c = cm[c][c],   d_c = sum_j cm[c][j] + sum_i cm[i][c] - tp_c  (= tp + fp + fn),   iou_c = tp_c / (d_c + eps)
 * IoU = sum_{c in targets} iou_c / (#{c in targets : d_c > 1e-9} + eps)
 * }</pre>
 *
 * with Keras's {@code eps = 1e-7}: a target class that never occurs, in labels or predictions, counts neither in the
 * sum nor in the number averaged over. One target class gives that class's IoU; {@link MeanIoU} averages them all.
 * The matrix {@code [C, C]} is the counts ({@link CountingMetric}), so an epoch's IoU is that of all its examples.
 *
 * <p>As in Keras, labels and predictions are class ids by default ({@code sparseYTrue}, {@code sparseYPred}):
 * predictions that are class scores {@code [..., C]} (a softmax output) need {@code sparseYPred = false}, which
 * takes their argmax over the last axis (the first maximum); one-hot labels likewise need {@code sparseYTrue = false}.
 * Class-id predictions are truncated to integers, as Keras casts them; one outside {@code [0, C)} matches no class
 * and counts nowhere. Labels and predictions must have the same shape once the class axes are gone (a last axis of
 * 1 on either is dropped). Labels equal to {@code ignoreClass} (say 255 or -1, a "void" class of segmentation
 * maps) count for nothing. Only the last axis is a class axis (Keras's {@code axis = -1}).
 *
 * @param numClasses the number {@code C >= 1} of classes
 * @param targetClassIds the classes averaged over, each in {@code [0, C)}, not empty (a repeated class counts twice,
 *     as in Keras)
 * @param ignoreClass a label value that counts for nothing, or null for none
 * @param sparseYTrue whether the labels are class ids (else one-hot or scores over the last axis)
 * @param sparseYPred whether the predictions are class ids (else scores over the last axis)
 */
public record IoU(int numClasses, List<Integer> targetClassIds, Integer ignoreClass, boolean sparseYTrue,
        boolean sparseYPred) implements CountingMetric {

    /** Keras's {@code backend.epsilon()}, added to the denominators. */
    static final double EPSILON = 1e-7;

    /** Validates and copies the fields. */
    public IoU {
        checkClasses("IoU", numClasses);
        Objects.requireNonNull(targetClassIds, "targetClassIds is null");
        targetClassIds = List.copyOf(targetClassIds);
        if (targetClassIds.isEmpty()) {
            throw new IllegalArgumentException("IoU: targetClassIds must not be empty");
        }
        for (int c : targetClassIds) {
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("IoU: target class id " + c + " is out of range [0, " + numClasses
                        + ")");
            }
        }
    }

    /** Keras's defaults: labels and predictions are class ids, no class ignored. */
    public IoU(int numClasses, List<Integer> targetClassIds) {
        this(numClasses, targetClassIds, null, true, true);
    }

    static void checkClasses(String who, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(who + ": numClasses must be >= 1, got " + numClasses);
        }
    }

    /** The confusion matrix {@code [C, C]}, flattened row by row (true class, then predicted class). */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        return matrix("IoU", numClasses, ignoreClass, sparseYTrue, sparseYPred, yTrue, yPred, null);
    }

    /** The confusion matrix with each position counting its weight (a masked output's mask). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        return matrix("IoU", numClasses, ignoreClass, sparseYTrue, sparseYPred, yTrue, yPred,
                Objects.requireNonNull(weights, "weights is null"));
    }

    @Override
    public Node fromCounts(Node counts) {
        return fromMatrix(numClasses, targetClassIds, counts);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        checkLabels("IoU", numClasses, ignoreClass, sparseYTrue, yTrue);
    }

    /** {@code io_u}, Keras's name for the class {@code IoU} (its snake case). */
    @Override
    public String name() {
        return "io_u";
    }

    /**
     * The weighted confusion matrix {@code [C * C]} of one batch: {@code cm[i][j] = sum w [label = i][pred = j]}.
     * A position counts when its label and its prediction are class ids in {@code [0, C)} and its label is not
     * the ignored class; each row of the batch scatter-adds the weights of its counted positions into the cells
     * {@code label * C + pred} of its own {@code [C * C]} zeros (a position that does not count adds 0 to cell 0),
     * and the rows are summed. So the batch holds its per-position cells and weights {@code [N, L]} and the rows'
     * matrices {@code [N, C * C]}, never a one-hot {@code [N, L, C]}; L is the number of positions per example.
     * A row's weights add up in the order of its positions.
     */
    static Node matrix(String who, int classes, Integer ignoreClass, boolean sparseYTrue, boolean sparseYPred,
            Node yTrue, Node yPred, Node weights) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        Objects.requireNonNull(yPred, "yPred is null");
        DType dtype = yPred.dtype().isFloating() ? yPred.dtype() : DType.FLOAT64;
        Node labels = classIds(who, "yTrue", yTrue, sparseYTrue, classes, dtype);
        Node predicted = classIds(who, "yPred", yPred, sparseYPred, classes, dtype);
        if (sparseYPred) {
            predicted = predicted.trunc();
        }
        if (labels.rank() == predicted.rank() + 1 && labels.shape().dim(-1) == 1) {
            labels = MovementOp.squeeze(labels, -1);
        } else if (predicted.rank() == labels.rank() + 1 && predicted.shape().dim(-1) == 1) {
            predicted = MovementOp.squeeze(predicted, -1);
        }
        if (!labels.shape().equals(predicted.shape()) || labels.rank() < 1) {
            // a softmax output read as class ids has one axis more than the labels: name the switch that reads it
            boolean scores = sparseYPred && yPred.rank() == labels.rank() + 1 && yPred.shape().dim(-1) == classes;
            throw new IllegalArgumentException(who + ": the labels and the predicted classes must have one shape with"
                    + " a batch axis, got " + labels.shape() + " and " + predicted.shape() + " from yTrue "
                    + yTrue.shape() + " and yPred " + yPred.shape() + (scores ? "; yPred holds " + classes
                    + " class scores on its last axis: set sparseYPred = false" : ""));
        }
        Node counted = isClass(labels, classes).logicalAnd(isClass(predicted, classes));
        if (ignoreClass != null) {
            counted = counted.logicalAnd(BinaryOp.notEqual(labels, SourceOp.scalar(ignoreClass, dtype)));
        }
        Node zero = SourceOp.scalar(0, dtype);
        Node label = counted.where(labels, zero).cast(DType.INT32);
        Node cell = label.mul(classes).add(counted.where(predicted, zero).cast(DType.INT32));
        Node weight = counted.where(weights == null ? SourceOp.scalar(1, dtype)
                : positionWeights(who, weights, label, classes, dtype), zero);
        Node rows = SourceOp.fill(Shape.of(labels.shape().dim(0), classes * classes), dtype, 0.0);
        return rows.scatterAddAlongAxis(cell.flatten(), weight.flatten(), 1).sum(0);
    }

    /** Whether each id is a class, an integer in {@code [0, C)}, as BOOL: false for NaN and infinities. */
    private static Node isClass(Node ids, int classes) {
        return ids.greaterEqual(0.0).logicalAnd(ids.less(classes)).logicalAnd(ids.trunc().equal(ids));
    }

    /**
     * The weight of each position, of the labels' shape up to size-1 axes: weights covering the leading axes of
     * the one-hot labels {@code [..., C]}, in {@code dtype}; weights with a class axis give each position its
     * weight at its label ({@code label}, in range where the position counts).
     */
    private static Node positionWeights(String who, Node weights, Node label, int classes, DType dtype) {
        int[] hot = Arrays.copyOf(label.shape().dims(), label.rank() + 1);
        hot[label.rank()] = classes;
        Node w = Confusion.leading(who, weights, Shape.of(hot), dtype, weights.rank());
        if (w.rank() == hot.length) {
            return MovementOp.squeeze(w.gatherAlongAxis(MovementOp.unsqueeze(label, -1), -1), -1);
        }
        while (w.rank() < label.rank()) {
            w = MovementOp.unsqueeze(w, -1);
        }
        return w;
    }

    /** Class ids of shape {@code [...]} in {@code dtype}: the values as they are, or the argmax of the last axis. */
    private static Node classIds(String who, String what, Node x, boolean sparse, int classes, DType dtype) {
        if (sparse) {
            return x.cast(dtype);
        }
        if (x.rank() < 2 || x.shape().dim(-1) != classes) {
            throw new IllegalArgumentException(who + ": " + what + " must hold " + classes + " class scores on its"
                    + " last axis, got " + x.shape() + " (class ids need sparse" + (what.equals("yTrue") ? "YTrue"
                    : "YPred") + " = true)");
        }
        return x.argmax(-1).cast(dtype);
    }

    /** The IoU of the target classes of a summed matrix {@code [C * C]}, as the class Javadoc says. */
    static Node fromMatrix(int classes, List<Integer> targets, Node counts) {
        DType dtype = counts.dtype();
        Node cm = counts.reshape(classes, classes);
        double[] identity = new double[classes * classes];
        double[] multiplicity = new double[classes];
        for (int c = 0; c < classes; c++) {
            identity[c * classes + c] = 1;
        }
        targets.forEach(c -> multiplicity[c]++);
        Node tp = cm.mul(SourceOp.constant(Tensor.of(dtype, Shape.of(classes, classes), identity))).sum(1);
        Node denominator = cm.sum(0).add(cm.sum(1)).sub(tp);
        Node m = SourceOp.constant(Tensor.of(dtype, Shape.of(classes), multiplicity));
        Node valid = BinaryOp.greater(denominator, SourceOp.scalar(1e-9, dtype)).cast(dtype).mul(m).sum();
        Node iou = tp.div(denominator.add(EPSILON)).mul(m).sum();
        return iou.div(valid.add(EPSILON));
    }

    /**
     * Checks that class-id labels are integers in {@code [0, C)} or the ignored class, naming the metric and the row.
     */
    static void checkLabels(String who, int classes, Integer ignoreClass, boolean sparseYTrue, Tensor yTrue) {
        if (!sparseYTrue || yTrue.size() == 0) {
            return;
        }
        int perRow = yTrue.rank() == 0 ? 1 : yTrue.size() / yTrue.shape().dim(0);
        for (int i = 0; i < yTrue.size(); i++) {
            double v = yTrue.flat(i);
            boolean ignored = ignoreClass != null && v == ignoreClass;
            if (!ignored && !(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException(who + ": yTrue must hold integer class labels in [0, " + classes
                        + ")" + (ignoreClass == null ? "" : " or the ignored class " + ignoreClass) + ", got " + v
                        + " at row " + i / perRow + (perRow > 1 ? ", position " + i % perRow : ""));
            }
        }
    }
}
