package dev.adjoint.nn.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.check.Tolerance;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Symbolic gradients against central differences (core's GradCheck) at random shapes and values, away from
 * the kinks of the non-smooth losses.
 */
class LossGradientTest {

    private static final int TRIES = 20;

    /** A pair (yTrue, yPred) of one random shape. */
    record Pair(Tensor yTrue, Tensor yPred) {
        @Override
        public String toString() {
            return "yTrue " + yTrue + ", yPred " + yPred;
        }
    }

    /** yTrue from {@code truth}; yPred = f(yTrue, d) elementwise with d from {@code offsets}. */
    private static Gen<Pair> pairs(Domain truth, Domain offsets, DoubleBinaryOperator f) {
        return Gens.shapes(1, 3, 4).flatMap(shape -> Gens.tensors(shape, truth, DType.FLOAT64)
                .flatMap(t -> Gens.tensors(shape, offsets, DType.FLOAT64).map(d -> {
                    double[] p = new double[t.size()];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = f.applyAsDouble(t.flat(i), d.flat(i));
                    }
                    return new Pair(t, Tensor.of(shape, p));
                })));
    }

    private static void check(Loss loss, Pair pair, boolean alsoByTarget) {
        Node t = SourceOp.input("yTrue", pair.yTrue().shape());
        Node p = SourceOp.input("yPred", pair.yPred().shape());
        List<Node> wrt = alsoByTarget ? List.of(t, p) : List.of(p);
        GradCheck.check(loss.apply(t, p), wrt, Bindings.of(t, pair.yTrue()).and(p, pair.yPred())).assertPassed();
    }

    private static void property(Loss loss, Gen<Pair> gen, boolean alsoByTarget) {
        Property.forAll(gen).named(loss + " gradient matches central differences").tries(TRIES)
                .check(pair -> check(loss, pair, alsoByTarget));
    }

    @Test
    void meanSquaredErrorGradient() {
        property(new MeanSquaredError(), pairs(Domain.REAL, Domain.REAL, (t, d) -> d), true);
    }

    @Test
    void meanAbsoluteErrorGradientAwayFromZeroError() {
        property(new MeanAbsoluteError(), pairs(Domain.REAL, Domain.AWAY_FROM_ZERO, Double::sum), true);
    }

    @Test
    void huberGradientOnBothBranches() {
        property(new Huber(), pairs(Domain.REAL, Domain.REAL, Double::sum), true);
        property(new Huber(0.5), pairs(Domain.REAL, Domain.REAL, Double::sum), true);
    }

    @Test
    void binaryCrossEntropyGradientFromLogitsAndProbabilities() {
        property(new BinaryCrossEntropy(true), pairs(Domain.UNIT_INTERVAL, Domain.REAL, (t, d) -> 2 * d), true);
        property(new BinaryCrossEntropy(false), pairs(Domain.UNIT_INTERVAL, Domain.UNIT_INTERVAL, (t, d) -> d),
                true);
    }

    @Test
    void categoricalCrossEntropyGradientFromLogitsAndProbabilities() {
        property(new CategoricalCrossEntropy(true), pairs(Domain.UNIT_INTERVAL, Domain.REAL, (t, d) -> 2 * d), true);
        property(new CategoricalCrossEntropy(false), pairs(Domain.UNIT_INTERVAL, Domain.UNIT_INTERVAL,
                (t, d) -> d), true);
    }

    @Test
    void sparseCategoricalCrossEntropyGradient() {
        Gen<Pair> gen = Gens.integers(1, 4).flatMap(n -> Gens.integers(2, 5).flatMap(c ->
                Gens.tensors(Shape.of(n, c), Domain.REAL, DType.FLOAT64).flatMap(z ->
                        Gens.listsOf(Gens.integers(0, c - 1), n).map(labels -> new Pair(
                                Tensor.of(Shape.of(n), labels.stream().mapToDouble(Integer::doubleValue).toArray()),
                                z.reshape(Shape.of(n, c)))))));
        Property.forAll(gen).named("sparse CE gradient").tries(TRIES).check(pair -> {
            check(new SparseCategoricalCrossEntropy(true), pair, false);
            double[] positive = pair.yPred().toDoubleArray();
            for (int i = 0; i < positive.length; i++) {
                positive[i] = 0.2 + Math.abs(positive[i]);
            }
            check(new SparseCategoricalCrossEntropy(false),
                    new Pair(pair.yTrue(), Tensor.of(pair.yPred().shape(), positive)), false);
        });
    }

    @Test
    void hingeGradientsAwayFromTheMargin() {
        // y in {-1, 1}; yPred = y (1 + d) so that y yPred = 1 + d stays away from the kink at 1.
        DoubleBinaryOperator sign = (t, d) -> (t >= 0 ? 1 : -1) * (1 + d);
        Gen<Pair> gen = pairs(Domain.REAL, Domain.AWAY_FROM_ZERO, sign).map(pair -> {
            double[] y = pair.yTrue().toDoubleArray();
            for (int i = 0; i < y.length; i++) {
                y[i] = y[i] >= 0 ? 1 : -1;
            }
            return new Pair(Tensor.of(pair.yTrue().shape(), y), pair.yPred());
        });
        property(new Hinge(), gen, false);
        property(new SquaredHinge(), gen, false);
    }

    @Test
    void klDivergenceGradientByPredictionAndTarget() {
        // both inside (0.05, 0.95), so neither clip is active
        property(new KLDivergence(), pairs(Domain.UNIT_INTERVAL, Domain.UNIT_INTERVAL, (t, d) -> d), true);
    }

    @Test
    void poissonGradientAtPositiveRates() {
        property(new Poisson(), pairs(Domain.POSITIVE, Domain.POSITIVE, (t, d) -> d), true);
    }

    @Test
    void logCoshGradientIsTheTanhOfTheError() {
        property(new LogCosh(), pairs(Domain.REAL, Domain.REAL, Double::sum), true);
        property(new LogCosh(), pairs(Domain.REAL, Domain.REAL, (t, d) -> t + 10 * d), true);
        // second derivatives too, at a zero error among others (where log cosh is e^2 / 2: 1, not 0)
        Node t = SourceOp.input("yTrue", Shape.of(1, 3));
        Node p = SourceOp.input("yPred", Shape.of(1, 3));
        Bindings at = Bindings.of(t, Tensor.of(Shape.of(1, 3), 0.5, -1, 2))
                .and(p, Tensor.of(Shape.of(1, 3), 0.5, 1, -1));
        assertTrue(GradCheck.checkSecondOrder(new LogCosh().apply(t, p), List.of(p), at,
                dev.adjoint.core.tensor.Key.of(5)).passed());
        Node hessian = dev.adjoint.core.autodiff.Autodiff.hessian(new LogCosh().apply(t, p), p);
        // d2/de2 log cosh(e) / 3 = (1 - tanh^2 e) / 3 on the diagonal: 1 / 3 at e = 0
        Tensor h = dev.adjoint.core.eval.Evaluator.evaluate(hessian, at);
        org.junit.jupiter.api.Assertions.assertEquals(1.0 / 3, h.flat(0), 1e-12);
    }

    @Test
    void cosineSimilarityGradientAlongEachAxis() {
        Gen<Pair> gen = Gens.shapes(2, 3, 4).flatMap(shape -> Gens.tensors(shape, Domain.NONZERO, DType.FLOAT64)
                .flatMap(t -> Gens.tensors(shape, Domain.NONZERO, DType.FLOAT64).map(p -> new Pair(t, p))));
        property(new CosineSimilarity(), gen, true);
        property(new CosineSimilarity(1), gen, true);
    }

    @Test
    void categoricalHingeGradientAwayFromItsKinks() {
        // y one-hot; violated margins (0.6 - 0.4 + 1, 2 - (-1) + 1) and one satisfied (0.5 - 3 + 1 < 0); the best
        // other class leads the rest by more than the step
        Node t = SourceOp.input("yTrue", Shape.of(3, 3));
        Node p = SourceOp.input("yPred", Shape.of(3, 3));
        Bindings at = Bindings.of(t, Tensor.of(Shape.of(3, 3), 0, 1, 0, 1, 0, 0, 0, 0, 1))
                .and(p, Tensor.of(Shape.of(3, 3), 0.6, 0.4, -0.2, -1, 2, 0.3, 0.5, -0.7, 3));
        GradCheck.check(new CategoricalHinge().apply(t, p), List.of(p), at).assertPassed();
    }

    @Test
    void labelSmoothingGradientsByPredictionAndTarget() {
        property(new CategoricalCrossEntropy(true, 0.2), pairs(Domain.UNIT_INTERVAL, Domain.REAL, (t, d) -> 2 * d),
                true);
        property(new CategoricalCrossEntropy(false, 0.1), pairs(Domain.UNIT_INTERVAL, Domain.UNIT_INTERVAL,
                (t, d) -> d), true);
        property(new BinaryCrossEntropy(true, 0.3), pairs(Domain.UNIT_INTERVAL, Domain.REAL, (t, d) -> 2 * d), true);
        property(new BinaryCrossEntropy(false, 0.1), pairs(Domain.UNIT_INTERVAL, Domain.UNIT_INTERVAL, (t, d) -> d),
                true);
    }

    @Test
    void gradientsMatchCentralDifferencesInFloat32() {
        Tensor yTrue = Tensor.of(DType.FLOAT32, Shape.of(2, 3), 0, 1, 0, 1, 0, 0);
        Tensor yPred = Tensor.of(DType.FLOAT32, Shape.of(2, 3), 0.2, 0.7, 0.1, 0.5, 0.3, 0.2);
        Node t = SourceOp.input("yTrue", yTrue.shape(), DType.FLOAT32);
        Node p = SourceOp.input("yPred", yPred.shape(), DType.FLOAT32);
        Bindings at = Bindings.of(t, yTrue).and(p, yPred);
        for (Loss loss : List.of(new MeanSquaredError(), new Huber(), new BinaryCrossEntropy(true),
                new BinaryCrossEntropy(false), new CategoricalCrossEntropy(true), new CategoricalCrossEntropy(false),
                new SquaredHinge(), new KLDivergence(), new Poisson(), new LogCosh(), new CosineSimilarity(),
                new CategoricalHinge(), new CategoricalCrossEntropy(true, 0.1), new BinaryCrossEntropy(false, 0.2))) {
            // The tolerance is FLOAT32's, the step is scaled down so it stays inside (0, 1) for probabilities.
            GradCheck.check(loss.apply(t, p), List.of(p), at, new Tolerance(1e-3, 1e-2, 2e-2)).assertPassed();
        }
    }

    @Test
    void crossEntropyOfASoftmaxOutputHasTheLogitGradient() {
        // d/dz CE(y, softmax(z)) = (softmax(z) - y) / N, through the exp-node path.
        Node t = SourceOp.input("yTrue", Shape.of(2, 3));
        Node z = SourceOp.input("z", Shape.of(2, 3));
        Node loss = new CategoricalCrossEntropy().apply(t, ReduceOp.softmax(z, -1));
        Bindings at = Bindings.of(t, Tensor.of(Shape.of(2, 3), 0, 0, 1, 1, 0, 0))
                .and(z, Tensor.of(Shape.of(2, 3), 1, -2, 0.5, 3, 0, -1));
        assertTrue(GradCheck.check(loss, List.of(z), at).assertPassed().passed());
        assertTrue(GradCheck.checkSecondOrder(loss, List.of(z), at, dev.adjoint.core.tensor.Key.of(3)).passed());
    }
}
