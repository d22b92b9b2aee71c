package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Architecture;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;

class LayersTest {

    private static ForwardGraph graph(Layer layer, Shape input, boolean training) {
        Node key = training ? SourceOp.input("key", Shape.scalar(), DType.FLOAT64) : null;
        Node rows = training ? SourceOp.input("rows", Shape.of(input.dim(0)), DType.FLOAT64) : null;
        Architecture arch = (x, layers) -> layers.apply(layer, x);
        return ForwardGraph.build(arch, input, DType.FLOAT64, training, key, rows);
    }

    @Test
    void denseComputesXTimesWPlusBAndItsGradientsMatchCentralDifferences() {
        ForwardGraph g = graph(Dense.of(3, new dev.adjoint.nn.activation.Tanh()), Shape.of(Shape.BATCH, 4), false);
        Node x = g.input();
        Node w = g.params().get("dense/kernel");
        Node b = g.params().get("dense/bias");
        Bindings at = Bindings.of(x, Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(5, 4), 0, 1))
                .and(w, Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(4, 3), 0, 1))
                .and(b, Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(3), 0, 1));
        GradCheck.check(g.output(), List.of(x, w, b), at).assertPassed();
        Tensor y = Function.of(List.of(x, w, b), List.of(g.output())).call(at).get(0);
        double z = 0;
        for (int k = 0; k < 4; k++) {
            z += at.get(x).get(2, k) * at.get(w).get(k, 1);
        }
        assertEquals(Math.tanh(z + at.get(b).flat(1)), y.get(2, 1), 1e-12);
    }

    @Test
    void dropoutKeepsTheExpectationWhileTrainingAndIsTheIdentityAtInference() {
        ForwardGraph training = graph(Dropout.of(0.25), Shape.of(Shape.BATCH, 1000), true);
        Tensor ones = Tensor.ones(Shape.of(4, 1000));
        Function f = Function.of(List.of(training.input(), findInput(training, "key"), findInput(training, "rows")),
                List.of(training.output()));
        Tensor rows = Tensor.vector(7, 3, 100, 5);
        Tensor y = f.call(ones, Tensor.scalar(12345), rows).get(0);
        int zeros = 0;
        double sum = 0;
        for (int i = 0; i < y.size(); i++) {
            zeros += y.flat(i) == 0 ? 1 : 0;
            sum += y.flat(i);
            assertTrue(y.flat(i) == 0 || Math.abs(y.flat(i) - 1 / 0.75) < 1e-12);
        }
        assertEquals(0.25, zeros / 4000.0, 0.03);
        assertEquals(1.0, sum / 4000.0, 0.05);
        assertTrue(f.call(ones, Tensor.scalar(12345), rows).get(0).sameValues(y), "the same key gives the same mask");
        Tensor swapped = f.call(ones.rowRange(0, 2), Tensor.scalar(12345), Tensor.vector(3, 7)).get(0);
        for (int j = 0; j < 1000; j++) {
            assertEquals(y.get(0, j), swapped.get(1, j), "example 7's mask does not depend on its row or batch");
            assertEquals(y.get(1, j), swapped.get(0, j), "example 3's mask does not depend on its row or batch");
        }
        ForwardGraph inference = graph(Dropout.of(0.25), Shape.of(Shape.BATCH, 1000), false);
        assertTrue(inference.output() == inference.input());
        assertThrows(IllegalArgumentException.class, () -> Dropout.of(1.0));
    }

    private static Node findInput(ForwardGraph g, String name) {
        for (Node n : dev.adjoint.core.graph.Graphs.topologicalOrder(g.output())) {
            if (SourceOp.isInput(n) && SourceOp.inputName(n).equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " input");
    }

    @Test
    void batchNormalizationNormalizesWhileTrainingAndUsesMovingAveragesAtInference() {
        BatchNormalization bn = new BatchNormalization(-1, 0.0, 1e-3, true, true, null);
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        model.add(bn);
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(1e-9)), new MeanSquaredError());
        Tensor x = Tensor.matrix(new double[][] {{1, 10}, {3, 20}, {5, 60}});
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH, 2));
        ModelState next = step.apply(model.state(), x, Tensor.zeros(Shape.of(3, 2)), Key.of(0), 1.0).state();
        assertEquals(3.0, next.param("batch_normalization/moving_mean").flat(0), 1e-12);
        assertEquals(30.0, next.param("batch_normalization/moving_mean").flat(1), 1e-12);
        assertEquals(8.0 / 3, next.param("batch_normalization/moving_variance").flat(0), 1e-12);
        model.setState(next);
        Tensor y = model.predict(x.takeRows(2));
        assertEquals((5 - 3) / Math.sqrt(8.0 / 3 + 1e-3), y.get(0, 0), 1e-6);
        ForwardGraph training = graph(BatchNormalization.of(), Shape.of(Shape.BATCH, 2), true);
        List<Node> inputs = new ArrayList<>(List.of(training.input()));
        inputs.addAll(training.params().values());
        Bindings at = Bindings.of(training.input(), Tensor.normal(Key.of(5), DType.FLOAT64, Shape.of(6, 2), 0, 2));
        for (Node p : training.params().values()) {
            at = at.and(p, Tensor.uniform(Key.of(p.hashCode()), DType.FLOAT64, p.shape(), 0.5, 1.5));
        }
        GradCheck.check(training.output(),
                List.of(training.input(), training.params().get("batch_normalization/gamma")), at).assertPassed();
    }

    @Test
    void preluLearnsItsSlopeAndMatchesCentralDifferences() {
        ForwardGraph g = graph(PReLU.of(), Shape.of(Shape.BATCH, 3), false);
        Node alpha = g.params().get("p_re_lu/alpha");
        Bindings at = Bindings.of(g.input(), Tensor.matrix(new double[][] {{-1, 2, -3}, {0.5, -0.5, 1.5}}))
                .and(alpha, Tensor.vector(0.1, 0.2, 0.3));
        GradCheck.check(g.output(), List.of(g.input(), alpha), at).assertPassed();
        Tensor y = Function.of(List.of(g.input(), alpha), List.of(g.output())).call(at).get(0);
        assertEquals(-0.1, y.get(0, 0), 1e-12);
        assertEquals(2.0, y.get(0, 1), 1e-12);
        assertEquals(-0.1, y.get(1, 1), 1e-12);
        // at x = 0 the slope is alpha, as documented and as PyTorch's prelu (relu(x) - alpha relu(-x) gave 0)
        Node xBar = dev.adjoint.core.autodiff.Autodiff.grad(g.output().sum(), g.input());
        Tensor slopes = Function.of(List.of(g.input(), alpha), List.of(xBar)).call(Bindings.of(g.input(),
                Tensor.matrix(new double[][] {{0, -2, 3}})).and(alpha, Tensor.vector(0.25, 0.25, 0.25))).get(0);
        assertEquals("f64[1, 3] [[0.25, 0.25, 1.0]]", slopes.toString());
    }

    /**
     * Keras's {@code shared_axes}: on feature maps {@code [N, H, W, C]}, {@code sharedAxes(1, 2)} gives one slope
     * per channel, alpha {@code [1, 1, C]}; the output and alpha's gradient (the sum of {@code min(x, 0)} over the
     * batch and the shared axes) equal a hand computation, and both gradients match central differences.
     */
    @Test
    void preluWithSharedAxesHasOneSlopePerUnsharedPositionAsKeras() {
        ForwardGraph g = graph(PReLU.of().sharedAxes(1, 2), Shape.of(Shape.BATCH, 2, 3, 2), false);
        Node alpha = g.params().get("p_re_lu/alpha");
        assertEquals(Shape.of(1, 1, 2), alpha.shape());
        double[] xs = new double[2 * 2 * 3 * 2];
        Key.Stream draws = Key.of(11).stream();
        for (int i = 0; i < xs.length; i++) {
            double u = draws.nextDouble();
            xs[i] = (i % 3 == 0 ? -1 : 1) * (0.2 + u); // away from the kink at 0
        }
        Tensor x = Tensor.of(Shape.of(2, 2, 3, 2), xs);
        Tensor slopes = Tensor.of(Shape.of(1, 1, 2), 0.25, -0.5);
        Bindings at = Bindings.of(g.input(), x).and(alpha, slopes);
        GradCheck.check(g.output(), List.of(g.input(), alpha), at).assertPassed();
        Node alphaBar = dev.adjoint.core.autodiff.Autodiff.grad(g.output().sum(), alpha);
        List<Tensor> out = Function.of(List.of(g.input(), alpha), List.of(g.output(), alphaBar)).call(at);
        double[] expectedBar = new double[2];
        for (int i = 0; i < xs.length; i++) {
            int c = i % 2;
            double a = c == 0 ? 0.25 : -0.5;
            assertEquals(xs[i] > 0 ? xs[i] : a * xs[i], out.get(0).flat(i), 1e-15, "y at " + i);
            expectedBar[c] += Math.min(xs[i], 0);
        }
        assertEquals(Shape.of(1, 1, 2), out.get(1).shape());
        assertEquals(expectedBar[0], out.get(1).flat(0), 1e-12);
        assertEquals(expectedBar[1], out.get(1).flat(1), 1e-12);
    }

    @Test
    void preluSharedAxesGiveKerasWeightShapesAndParameterCounts() {
        Shape maps = Shape.of(4, 5, 3);
        record Case(PReLU layer, Shape alpha) { }
        // Keras's PReLU(): one slope per element of an example; null shared axes: the earlier layout, per last axis
        for (Case c : List.of(new Case(PReLU.of(), Shape.of(4, 5, 3)),
                new Case(new PReLU(new dev.adjoint.nn.init.Zeros(), "p"), Shape.of(4, 5, 3)),
                new Case(new PReLU(new dev.adjoint.nn.init.Zeros(), null, null), Shape.of(3)),
                new Case(PReLU.of().sharedAxes(1, 2), Shape.of(1, 1, 3)),
                new Case(PReLU.of().slopePerElement(), Shape.of(4, 5, 3)),
                new Case(PReLU.of().sharedAxes(2), Shape.of(4, 1, 3)),
                new Case(PReLU.of().sharedAxes(3, 1), Shape.of(1, 5, 1)))) {
            Sequential model = new Sequential(maps);
            model.add(c.layer().named("p"));
            assertEquals(c.alpha(), model.weights().get("p/alpha").shape(), c.layer().toString());
            assertEquals(c.alpha().size(), model.parameterCount());
            assertTrue(model.summary().contains("p (p_re_lu)") && model.summary().contains("Total params: "
                    + c.alpha().size()), model.summary());
        }
        assertEquals("PReLU: sharedAxes must be input axes after the batch axis (1 or more, the batch axis is 0), got"
                + " [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> PReLU.of().sharedAxes(0, 1)).getMessage());
        assertEquals("PReLU: sharedAxes must be distinct, got [1, 1]",
                assertThrows(IllegalArgumentException.class, () -> PReLU.of().sharedAxes(1, 1)).getMessage());
        Sequential tooFar = new Sequential(maps);
        assertEquals("PReLU: sharedAxes must be axes of the input after the batch axis, in [1, 3], got [4] for input"
                + " [N, 4, 5, 3] (adding layer 1 of the Sequential model, onto its input [N, 4, 5, 3])",
                assertThrows(IllegalArgumentException.class,
                        () -> tooFar.add(PReLU.of().sharedAxes(4))).getMessage());
    }

    /**
     * A float32 model holds what its layers' constants and initial weights are: a value float32 cannot hold is
     * an error naming the layer's parameter or feature, not an infinity in the model.
     */
    @Test
    void constantsAndInitialWeightsAFloat32ModelCannotHoldAreErrors() {
        Sequential constant = new Sequential(Shape.of(2));
        constant.add(Dense.of(2).named("d").biasInitializer(new dev.adjoint.nn.init.Constant(1e300)));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, constant::weights);
        assertTrue(big.getMessage().startsWith("model: parameter 'd/bias' : f32[2] initialized by ")
                && big.getMessage().contains("got 1.0E300, which rounds to Infinity"), big.getMessage());
        Sequential orthogonal = new Sequential(Shape.of(2));
        orthogonal.add(Dense.of(3).named("d").biasInitializer(new dev.adjoint.nn.init.Orthogonal()));
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class, orthogonal::weights);
        assertTrue(vector.getMessage().startsWith("model: parameter 'd/bias' : f32[3] initialized by "),
                vector.getMessage());
        Sequential normalized = new Sequential(Shape.of(1));
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> normalized.add(new Normalization(new double[] {0}, new double[] {1e-50}, null)));
        assertTrue(tiny.getMessage().contains("Normalization: feature 0's center 0.0 and scale 1.0E-50"),
                tiny.getMessage());
        Normalization shift = new Normalization(new double[] {-3e38}, new double[] {1}, null);
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> shift.transform(Tensor.of(DType.FLOAT32, Shape.of(1, 1), 3e38)));
        assertTrue(overflow.getMessage().contains("which f32 cannot hold"), overflow.getMessage());
        assertEquals(6e38, shift.transform(Tensor.of(Shape.of(1, 1), 3e38)).flat(0), 1e25, "float64 holds it");
        assertThrows(NullPointerException.class, () -> new Reshape(java.util.Arrays.asList(null, 3), null));
    }

    @Test
    void anActivationLayerAppliesItsActivationAndHasNoParameters() {
        ForwardGraph g = graph(ActivationLayer.of(new dev.adjoint.nn.activation.Softplus()), Shape.of(Shape.BATCH, 2),
                false);
        assertTrue(g.params().isEmpty());
        Tensor y = Function.of(List.of(g.input()), List.of(g.output()))
                .call(Tensor.matrix(new double[][] {{0, 1000}, {-1, 2}})).get(0);
        assertEquals(Math.log(2), y.get(0, 0), 1e-15);
        assertEquals(1000.0, y.get(0, 1), 0.0);
        assertEquals(Math.log1p(Math.exp(-1)), y.get(1, 0), 1e-15);
        GradCheck.check(g.output(), List.of(g.input()),
                Bindings.of(g.input(), Tensor.matrix(new double[][] {{0.5, -2}, {1, 3}}))).assertPassed();
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        ForwardGraph g = graph(Flatten.of(), Shape.of(Shape.BATCH, 3, 4), false);
        assertEquals(Shape.of(Shape.BATCH, 12), g.output().shape());
    }
}
