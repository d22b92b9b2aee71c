package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weight of every training row from {@code fit}'s options: the sample weights as given (checked), or the
 * class weights looked up by each row's label (Keras's {@code class_weight}, turned into sample weights as
 * Keras's data adapter does).
 */
final class RowWeights {

    private RowWeights() {
    }

    /**
     * A weight per row of {@code y}, in the model's dtype, or null when the options weight nothing.
     *
     * @throws IllegalArgumentException naming the row: a sample weight of the wrong count, negative or not
     *     finite; a label that is not a class index, or a class without a weight
     */
    static Tensor of(Model model, Tensor x, Tensor y, FitOptions options) {
        if (options.sampleWeights() != null) {
            return Batches.checkSampleWeights(model, x, options.sampleWeights(), "fit");
        }
        Map<Integer, Double> classWeights = options.classWeights();
        if (classWeights == null) {
            return null;
        }
        int rows = y.shape().dim(0);
        double[] weights = new double[rows];
        for (int i = 0; i < rows; i++) {
            int label = label(y, i);
            Double w = classWeights.get(label);
            if (w == null) {
                throw new IllegalArgumentException("fit: classWeights must give a weight to every class in y, got no"
                        + " weight for class " + label + " (row " + i + "); weighted classes: "
                        + new TreeSet<>(classWeights.keySet()));
            }
            weights[i] = w;
        }
        return Batches.checkSampleWeights(model, x, Tensor.of(Shape.of(rows), weights), "fit (class weights)");
    }

    /** The class of row {@code i}: its integer label, or the argmax of its one-hot row. */
    private static int label(Tensor y, int i) {
        int perRow = y.size() / y.shape().dim(0);
        if (y.rank() > 2 || perRow == 0) {
            throw new IllegalArgumentException("fit: classWeights need integer labels [N] or [N, 1], or one-hot"
                    + " targets [N, C], got y " + y.shape());
        }
        if (perRow == 1) {
            double v = y.flat(i);
            if (!(v >= 0 && v == Math.rint(v) && v <= Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("fit: classWeights need integer class labels >= 0, got " + v
                        + " at row " + i);
            }
            return (int) v;
        }
        int best = 0;
        for (int c = 1; c < perRow; c++) {
            if (y.flat(i * perRow + c) > y.flat(i * perRow + best)) {
                best = c;
            }
        }
        return best;
    }
}
