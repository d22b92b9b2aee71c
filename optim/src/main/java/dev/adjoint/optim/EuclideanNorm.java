package dev.adjoint.optim;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.NormScaling;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import java.util.List;

/**
 * The Euclidean norm {@code ‖(x_1, ..., x_k)‖₂ = sqrt(Σ_i Σ x_i²)} of every entry of several tensors, in graph
 * operations, scaled as LAPACK's {@code dnrm2} so that it is finite whenever the norm is: computed as
 * {@code s sqrt(Σ_i Σ (x_i / s)²)} with {@code s = 2^k}, {@code k = ⌊log2 max_i max |x_i|⌋}. Each part's squares
 * are summed in its own dtype and the total in the result's; a power of two divides exactly, so where the plain
 * squares neither overflow nor underflow the result has the same bits as {@code sqrt(Σ_i Σ x_i²)}, and where they
 * do (float32 entries of 1e20, float64 ones of 1e160; float32 entries of 1e-30) it is the true norm rounded, not
 * infinity or 0. The scaling is core's {@link NormScaling}, which the norms of {@code StatisticOp} use too; an empty
 * part has nothing to scale and adds 0.
 */
final class EuclideanNorm {

    private EuclideanNorm() {
    }

    /**
     * {@code ‖(x_1, ..., x_k)‖₂}, a rank-0 node of {@code dtype}. The scale s is a constant to autodiff (the
     * norm's gradient is the same function of the x_i without it); it is 1 when the largest {@code |x|} is 0,
     * infinite or NaN (nothing to scale) or every part is empty, and each part's and the result's exponent is
     * clamped to its dtype's normal range, so that every {@code 2^k} and every division by one is exact.
     */
    static Node of(List<Node> parts, DType dtype) {
        Node largest = null;
        for (Node x : parts) {
            Node m = NormScaling.largestMagnitude(x, false).cast(DType.FLOAT64);
            largest = largest == null ? m : BinaryOp.maximum(largest, m);
        }
        Node k = NormScaling.exponent(largest);
        Node kTotal = NormScaling.clampedToNormal(k, dtype);
        Node total = null;
        for (Node x : parts) {
            Node kPart = NormScaling.clampedToNormal(k, x.dtype());
            Node squares = x.div(NormScaling.powerOfTwo(kPart, x.dtype())).square().sum().cast(dtype);
            if (x.dtype() != dtype) { // in units of 2^(2 kPart): to the total's units 2^(2 kTotal)
                Node twice = kPart.sub(kTotal).mul(SourceOp.scalar(2.0, DType.FLOAT64));
                squares = squares.mul(NormScaling.powerOfTwo(twice, dtype));
            }
            total = total == null ? squares : total.add(squares);
        }
        return NormScaling.powerOfTwo(kTotal, dtype).mul(total.sqrt());
    }
}
