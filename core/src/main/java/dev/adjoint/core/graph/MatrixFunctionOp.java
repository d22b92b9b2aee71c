package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.LinalgKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Functions of a square matrix defined by a power series, and their factories: {@code matrixExp}
 * ({@code torch.linalg.matrix_exp}). They work on stacks {@code [..., n, n]} and compute in float64
 * ({@link LinalgKernels}); a float32 result is the float64 one rounded.
 *
 * <p>The matrix dimensions must be concrete: the VJP builds a matrix of twice the size (leading dimensions may
 * hold N).
 */
public sealed interface MatrixFunctionOp extends Op {

    /**
     * The matrix exponential {@code e^A = Σ_{k>=0} A^k / k!} of each square matrix of {@code a : [..., n, n]}
     * ({@code torch.linalg.matrix_exp}): the identity for {@code A = 0}, {@code diag(e^{d_i})} for a diagonal A,
     * an orthogonal matrix for a skew-symmetric A, {@code e^{A} e^{B} = e^{A+B}} when A and B commute. By scaling
     * and squaring with a Padé approximant (Al-Mohy and Higham 2009) after a shift of the trace, with the squares
     * kept in range by powers of two: a few ulps even where the entries near float64's overflow threshold;
     * differentiable to any order (see {@link MatrixExp}).
     *
     * @throws IllegalArgumentException at build time for an integer or bool operand, a rank below 2, non-square
     *     or symbolic matrix dimensions (a matrix holding a NaN or an infinity gives NaN throughout, as
     *     PyTorch's {@code matrix_exp} of one with an infinity does)
     */
    static Node matrixExp(Node a) {
        Objects.requireNonNull(a, "matrixExp: operand is null");
        return Node.apply(new MatrixExp(), a);
    }

    /**
     * {@code Y = e^A} of square matrices ({@link LinalgKernels#matrixExp}).
     *
     * <p>VJP: the derivative of the exponential in a direction E is {@code ∫₀¹ e^{sA} E e^{(1-s)A} ds}, whose
     * adjoint for the inner product {@code <X, Y> = tr(XᵀY)} is the same integral with {@code Aᵀ} and
     * {@code YBar}; that integral is the upper-right block of the exponential of a block triangular matrix
     * (Van Loan 1978, Najfeld and Havel 1995):
     * <pre>
     *   exp([[Aᵀ, YBar], [0, Aᵀ]]) = [[e^{Aᵀ}, ABar], [0, e^{Aᵀ}]].
     * </pre>
     * So the VJP is itself a {@code matrixExp}, of size 2n, and its gradient again one of size 4n: second and
     * higher derivatives need nothing more.
     */
    record MatrixExp() implements MatrixFunctionOp {
        @Override
        public String name() {
            return "matrixExp";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("matrixExp: takes one input, got " + inputs.size());
            }
            Shape a = inputs.get(0).shape();
            if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
                throw new IllegalArgumentException("matrixExp: operand must be square matrices [..., n, n], got "
                        + inputs.get(0).describe());
            }
            if (a.dim(-1) == Shape.BATCH) {
                throw new IllegalArgumentException("matrixExp: the matrix dimensions must be concrete, got "
                        + inputs.get(0).describe() + "; N may appear only among the leading dimensions");
            }
            return a;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.matrixExp(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node aT = y.inputs().get(0).transpose();
            int n = aT.shape().dim(-1);
            Node top = MovementOp.concat(-1, aT, yBar);
            Node bottom = MovementOp.concat(-1, SourceOp.zerosLike(aT), aT);
            Node block = Node.apply(this, MovementOp.concat(-2, top, bottom));
            return List.of(block.slice(-2, 0, n).slice(-1, n, 2 * n));
        }

        /** Entries of {@code e^A} grow like {@code e^{‖A‖}}: past about 709 (88 in float32) they overflow. */
        @Override
        public Optional<Anomaly.Diagnosis> diagnose(Anomaly a) {
            long infinite = 0;
            for (int i = 0; i < a.output().size(); i++) {
                infinite += Double.isFinite(a.output().flat(i)) ? 0 : 1;
            }
            return infinite == 0 ? Optional.empty() : Anomaly.found("matrixExp overflows the dtype in " + infinite
                    + " entry(ies) of the exponential of " + a.input(0) + " (they grow like e^‖A‖)", "scale A down,"
                    + " or work with log-scale quantities (a matrix's eigenvalues of real part past about 709 have"
                    + " exponentials beyond float64's range, 88 for float32)");
        }
    }
}
