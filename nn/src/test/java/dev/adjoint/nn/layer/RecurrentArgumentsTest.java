package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.HardSigmoid;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Softsign;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.model.Architecture;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.nn.regularizer.L1L2;
import dev.adjoint.nn.regularizer.L2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Keras arguments of SimpleRNN, LSTM and GRU as withers ({@code activation}, {@code recurrentActivation},
 * {@code useBias}, {@code unitForgetBias}, the initializers, the regularizers), each setting its own argument only,
 * with the layers' outputs against Keras's cells written in NumPy ({@code nn/src/test/python/
 * recurrent_arguments_fixtures.py}: x and every weight are {@code ((37 k + offset) mod 19 - 9) / 10} at flat index
 * k, offsets 1 for x and 3, 4, 5 for W, U, b; N = 2, T = 3, F = 2, H = 2); and the shape errors of a layer inside a
 * wrapper, which name the path to it.
 */
class RecurrentArgumentsTest {

    private static final Shape INPUT = Shape.of(Shape.BATCH, 3, 2);

    /** {@code ((37 k + offset) mod 19 - 9) / 10} at flat index k, the NumPy script's {@code v(shape, offset)}. */
    private static Tensor pattern(Shape shape, int offset) {
        double[] values = new double[(int) shape.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = ((k * 37 + offset) % 19 - 9) / 10.0;
        }
        return Tensor.of(DType.FLOAT64, shape, values);
    }

    /** The layer's output at the pattern's x and weights (kernel 3, recurrent kernel 4, bias 5). */
    private static double[] output(Layer layer) {
        Architecture architecture = (x, layers) -> layers.apply(layer, x);
        ForwardGraph graph = ForwardGraph.build(architecture, INPUT, DType.FLOAT64, false, null);
        List<Node> inputs = new ArrayList<>(List.of(graph.input()));
        List<Tensor> values = new ArrayList<>(List.of(pattern(INPUT.with(0, 2), 1)));
        for (Map.Entry<String, Node> p : graph.params().entrySet()) {
            String name = p.getKey();
            inputs.add(p.getValue());
            values.add(pattern(p.getValue().shape(), name.endsWith("/recurrent_kernel") ? 4
                    : name.endsWith("/kernel") ? 3 : 5));
        }
        return Function.of(inputs, List.of(graph.output())).call(values).get(0).toDoubleArray();
    }

    @Test
    void lstmWithersSetTheirKerasArgument() {
        L2 r1 = new L2(0.1);
        L1 r2 = new L1(0.2);
        L1L2 r3 = new L1L2(0.3, 0.4);
        L1 r4 = new L1(0.5);
        LSTM built = LSTM.of(3).activation(new Relu()).recurrentActivation(new HardSigmoid()).useBias(false)
                .unitForgetBias(false).kernelInitializer(new Constant(0.1)).recurrentInitializer(new Constant(0.2))
                .biasInitializer(new Constant(0.3)).kernelRegularizer(r1).recurrentRegularizer(r2)
                .biasRegularizer(r3).activityRegularizer(r4).dropout(0.1).recurrentDropout(0.2)
                .returnSequences(true).returnState(true).goBackwards(true).kernelConstraint(new NonNeg())
                .recurrentConstraint(new MaxNorm(2, 0)).biasConstraint(new NonNeg()).named("l");
        assertEquals(new LSTM(3, new Relu(), new HardSigmoid(), false, false, new Constant(0.1), new Constant(0.2),
                new Constant(0.3), r1, r2, r3, r4, 0.1, 0.2, true, true, true, new NonNeg(), new MaxNorm(2, 0),
                new NonNeg(), "l"), built);
        assertEquals(built.activityRegularizer(), ((Layer) built).activityRegularizer());
    }

    @Test
    void gruWithersSetTheirKerasArgument() {
        L2 r1 = new L2(0.1);
        L1 r2 = new L1(0.2);
        L1L2 r3 = new L1L2(0.3, 0.4);
        L1 r4 = new L1(0.5);
        GRU built = GRU.of(3).activation(new Relu()).recurrentActivation(new HardSigmoid()).useBias(false)
                .resetAfter(false).kernelInitializer(new Constant(0.1)).recurrentInitializer(new Constant(0.2))
                .biasInitializer(new Constant(0.3)).kernelRegularizer(r1).recurrentRegularizer(r2)
                .biasRegularizer(r3).activityRegularizer(r4).dropout(0.1).recurrentDropout(0.2)
                .returnSequences(true).returnState(true).goBackwards(true).kernelConstraint(new NonNeg())
                .recurrentConstraint(new MaxNorm(2, 0)).biasConstraint(new NonNeg()).named("g");
        assertEquals(new GRU(3, new Relu(), new HardSigmoid(), false, false, new Constant(0.1), new Constant(0.2),
                new Constant(0.3), r1, r2, r3, r4, 0.1, 0.2, true, true, true, new NonNeg(), new MaxNorm(2, 0),
                new NonNeg(), "g"), built);
    }

    @Test
    void simpleRnnWithersSetTheirKerasArgument() {
        L2 r1 = new L2(0.1);
        L1 r2 = new L1(0.2);
        L1L2 r3 = new L1L2(0.3, 0.4);
        L1 r4 = new L1(0.5);
        SimpleRNN built = SimpleRNN.of(3).activation(new Relu()).useBias(false)
                .kernelInitializer(new Constant(0.1)).recurrentInitializer(new Constant(0.2))
                .biasInitializer(new Constant(0.3)).kernelRegularizer(r1).recurrentRegularizer(r2)
                .biasRegularizer(r3).activityRegularizer(r4).dropout(0.1).recurrentDropout(0.2)
                .returnSequences(true).returnState(true).goBackwards(true).kernelConstraint(new NonNeg())
                .recurrentConstraint(new MaxNorm(2, 0)).biasConstraint(new NonNeg()).named("s");
        assertEquals(new SimpleRNN(3, new Relu(), false, new Constant(0.1), new Constant(0.2), new Constant(0.3), r1,
                r2, r3, r4, 0.1, 0.2, true, true, true, new NonNeg(), new MaxNorm(2, 0), new NonNeg(), "s"), built);
        assertEquals(SimpleRNN.of(3).initializers(new Constant(0.1), new Constant(0.2), new Constant(0.3)),
                SimpleRNN.of(3).kernelInitializer(new Constant(0.1)).recurrentInitializer(new Constant(0.2))
                        .biasInitializer(new Constant(0.3)));
    }

    /** The constructors from before the regularizers build layers without them; {@code of} has Keras's defaults. */
    @Test
    void theOlderConstructorsHaveNoRegularizers() {
        LSTM lstm = new LSTM(3, new Tanh(), new Sigmoid(), true, true, new GlorotUniform(), new Orthogonal(),
                new Zeros(), 0, 0, false, false, false, null, null, null, null);
        assertEquals(LSTM.of(3), lstm);
        assertNull(lstm.kernelRegularizer());
        assertNull(lstm.activityRegularizer());
        assertEquals(GRU.of(2), new GRU(2, new Tanh(), new Sigmoid(), true, true, new GlorotUniform(),
                new Orthogonal(), new Zeros(), 0, 0, false, false, false, null));
        assertEquals(SimpleRNN.of(2), new SimpleRNN(2, new Tanh(), true, new GlorotUniform(), new Orthogonal(),
                new Zeros(), false, false, false, null));
    }

    /** Keras's LSTM(2, activation="softsign", recurrent_activation="hard_sigmoid", use_bias=False), every step. */
    @Test
    void lstmWithOtherActivationsAndNoBiasMatchesKeras() {
        double[] expected = {-0.0777281944976454, -0.0775235531628533, 0.06918968804267576, 0.04726429930473495,
            0.11421472765722451, 0.09802104483308868, 0.07566048965672553, 0.06333613327733445, 0.07730631090974045,
            0.07899505745297498, 0.04639717703095541, 0.0674922949359911};
        assertArrayEquals(expected, output(LSTM.of(2).activation(new Softsign()).recurrentActivation(new HardSigmoid())
                .useBias(false).returnSequences(true)), 1e-15);
    }

    /** Keras's GRU(2, activation="softsign", recurrent_activation="hard_sigmoid", reset_after=False). */
    @Test
    void gruWithOtherActivationsResetBeforeMatchesKeras() {
        double[] expected = {-0.01457649938075706, -0.21100603338529111, -0.3340066434535989, -0.4171237768259054};
        assertArrayEquals(expected, output(GRU.of(2).activation(new Softsign()).recurrentActivation(new HardSigmoid())
                .resetAfter(false)), 1e-15);
    }

    /** Keras's SimpleRNN(2, activation="softsign", use_bias=False). */
    @Test
    void simpleRnnWithSoftsignAndNoBiasMatchesKeras() {
        double[] expected = {-0.08920009180180904, -0.08657714134525529, -0.1835382920513289, -0.2075393632249654};
        assertArrayEquals(expected, output(SimpleRNN.of(2).activation(new Softsign()).useBias(false)), 1e-15);
    }

    /**
     * {@code useBias(false)} drops the bias (Keras's counts: {@code 4 H (F + H)} for the LSTM, {@code 3 H (F + H)}
     * for the GRU, {@code H (F + H)} for SimpleRNN), and {@code unitForgetBias(false)} starts the forget gate's bias
     * from the bias initializer instead of 1.
     */
    @Test
    void useBiasAndUnitForgetBiasShapeTheBias() {
        Shape in = Shape.of(Shape.BATCH, 5, 3);
        assertEquals(List.of("kernel", "recurrent_kernel"), LSTM.of(2).useBias(false).params(in).stream()
                .map(ParamSpec::name).toList());
        assertEquals(4 * 2 * (3 + 2), LSTM.of(2).useBias(false).params(in).stream().mapToLong(p -> p.shape().size())
                .sum());
        assertEquals(3 * 2 * (3 + 2), GRU.of(2).useBias(false).params(in).stream().mapToLong(p -> p.shape().size())
                .sum());
        assertEquals(2 * (3 + 2), SimpleRNN.of(2).useBias(false).params(in).stream()
                .mapToLong(p -> p.shape().size()).sum());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 0}, bias(LSTM.of(2), in), 0);
        assertArrayEquals(new double[8], bias(LSTM.of(2).unitForgetBias(false), in), 0);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
                bias(LSTM.of(2).unitForgetBias(false).biasInitializer(new Constant(0.5)), in), 0);
    }

    /** The initial value of the layer's bias. */
    private static double[] bias(Layer layer, Shape input) {
        ParamSpec bias = layer.params(input).stream().filter(p -> p.name().equals("bias")).findFirst().orElseThrow();
        return bias.initializer().initialize(Key.of(1), bias.shape(), DType.FLOAT64).toDoubleArray();
    }

    /** A weight regularizer reaches its weight's spec (and only it), in a Bidirectional both directions' copies. */
    @Test
    void regularizersReachTheirWeightsInBothDirections() {
        L2 kernel = new L2(0.1);
        L1 recurrent = new L1(0.2);
        L1L2 bias = new L1L2(0.3, 0.4);
        LSTM lstm = LSTM.of(2).kernelRegularizer(kernel).recurrentRegularizer(recurrent).biasRegularizer(bias);
        List<ParamSpec> specs = Bidirectional.of(lstm).params(Shape.of(Shape.BATCH, 5, 3));
        assertEquals(List.of("forward/kernel", "forward/recurrent_kernel", "forward/bias", "backward/kernel",
                "backward/recurrent_kernel", "backward/bias"), specs.stream().map(ParamSpec::name).toList());
        for (ParamSpec p : specs) {
            Object expected = p.name().endsWith("recurrent_kernel") ? recurrent : p.name().endsWith("kernel") ? kernel
                    : bias;
            assertEquals(expected, p.regularizer().orElseThrow(), p.name());
        }
        assertEquals(List.of(), GRU.of(2).params(Shape.of(Shape.BATCH, 5, 3)).stream()
                .filter(p -> p.regularizer().isPresent()).toList());
    }

    /** A wrapped layer's shape error names the path from the outermost wrapper in, by kinds. */
    @Test
    void shapeErrorsInsideWrappersNameThePath() {
        Shape step = Shape.of(Shape.BATCH, 4);
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(Bidirectional.of(LSTM.of(3))).outputShape(Shape.of(Shape.BATCH, 5, 4)));
        assertEquals("time_distributed > bidirectional > lstm: input must be a sequence [N, T, features], got "
                + step, nested.getMessage());
        IllegalArgumentException states = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(Bidirectional.of(LSTM.of(3).returnState(true)))
                        .outputShape(Shape.of(Shape.BATCH, 5, 6, 4)));
        Shape h = Shape.of(Shape.BATCH, 3);
        assertEquals("time_distributed > bidirectional: returns 5 outputs " + List.of(Shape.of(Shape.BATCH, 6), h,
                h, h, h) + ", TimeDistributed applies a layer of one output; build it with returnState(false)",
                states.getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> Bidirectional.of(GRU.of(3)).outputShape(step));
        assertEquals("bidirectional > gru: input must be a sequence [N, T, features], got " + step,
                direct.getMessage());
        IllegalArgumentException initial = assertThrows(IllegalArgumentException.class,
                () -> Bidirectional.of(SimpleRNN.of(3)).outputShapes(List.of(Shape.of(Shape.BATCH, 5, 4),
                        Shape.of(Shape.BATCH, 3), Shape.of(Shape.BATCH, 2))));
        assertEquals("bidirectional > simple_rnn: initial state 0 must be " + h + ", got " + Shape.of(Shape.BATCH, 2),
                initial.getMessage());
        IllegalArgumentException frozen = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(Frozen.of(LSTM.of(2))).outputShape(Shape.of(Shape.BATCH, 5, 4)));
        assertEquals("time_distributed > lstm: input must be a sequence [N, T, features], got " + step,
                frozen.getMessage()); // Frozen is transparent: its kind and its messages are its layer's
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(Dense.of(2)).outputShape(Shape.of(Shape.BATCH, 5)));
        assertEquals("TimeDistributed: input must be a sequence [N, T, ...], got " + Shape.of(Shape.BATCH, 5),
                own.getMessage()); // the wrapper's own error names the wrapper only
        IllegalArgumentException params = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(LSTM.of(3)).params(Shape.of(Shape.BATCH, 5, 4)));
        assertEquals("time_distributed > lstm: input must be a sequence [N, T, features], got " + step,
                params.getMessage());
        IllegalArgumentException deeper = assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(TimeDistributed.of(Frozen.of(Dense.of(2)))).outputShape(
                        Shape.of(Shape.BATCH, 5, 4)));
        assertEquals("time_distributed > time_distributed: input must be a sequence [N, T, ...], got " + step,
                deeper.getMessage());
    }

    /**
     * A named layer on the path is shown as its own messages show it, {@code Type 'name'}: a named wrapper, a named
     * layer inside one (its message naming only its class, or itself by name), also behind Frozen.
     */
    @Test
    void aNamedLayerOnThePathIsShownByTypeAndName() {
        Shape step = Shape.of(Shape.BATCH, 4);
        Shape sequence = Shape.of(Shape.BATCH, 5, 4);
        String notASequence = "input must be a sequence [N, T, features], got " + step;
        assertEquals("Bidirectional 'bi' > lstm: " + notASequence, assertThrows(IllegalArgumentException.class,
                () -> Bidirectional.of(LSTM.of(3)).named("bi").outputShape(step)).getMessage());
        assertEquals("Bidirectional 'bi' > lstm: " + notASequence, assertThrows(IllegalArgumentException.class,
                () -> Bidirectional.of(LSTM.of(3)).named("bi").params(step)).getMessage());
        assertEquals("time_distributed > Bidirectional 'bi' > lstm: " + notASequence,
                assertThrows(IllegalArgumentException.class, () -> TimeDistributed.of(Bidirectional.of(LSTM.of(3))
                        .named("bi")).outputShape(sequence)).getMessage());
        assertEquals("TimeDistributed 'td' > Bidirectional 'bi' > lstm: " + notASequence,
                assertThrows(IllegalArgumentException.class, () -> TimeDistributed.of(Frozen.of(Bidirectional
                        .of(LSTM.of(3)).named("bi"))).named("td").outputShape(sequence)).getMessage());
        assertEquals("TimeDistributed 'td' > lstm: " + notASequence, assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(LSTM.of(3)).named("td").params(sequence)).getMessage());
        Shape h = Shape.of(Shape.BATCH, 3);
        assertEquals("TimeDistributed 'td' > lstm: returns 3 outputs " + List.of(h, h, h) + ", TimeDistributed"
                + " applies a layer of one output; build it with returnState(false)",
                assertThrows(IllegalArgumentException.class, () -> TimeDistributed.of(LSTM.of(3).returnState(true))
                        .named("td").outputShape(Shape.of(Shape.BATCH, 5, 6, 4))).getMessage());
        assertEquals("bidirectional > GRU 'enc': " + notASequence, assertThrows(IllegalArgumentException.class,
                () -> Bidirectional.of(GRU.of(3).named("enc")).outputShape(step)).getMessage());
        assertEquals("time_distributed > LSTM 'enc': " + notASequence, assertThrows(IllegalArgumentException.class,
                () -> TimeDistributed.of(Frozen.of(LSTM.of(2).named("enc"))).outputShape(sequence)).getMessage());
        assertEquals("time_distributed > TimeDistributed 'inner': input must be a sequence [N, T, ...], got " + step,
                assertThrows(IllegalArgumentException.class, () -> TimeDistributed.of(TimeDistributed.of(Dense.of(2))
                        .named("inner")).outputShape(sequence)).getMessage()); // its own error, not repeated
    }

    /** The path names the wrapped layer's kind where its own message names its class, also behind Frozen. */
    @Test
    void aWrappedLayersMessageIsRelativeToItsKind() {
        assertEquals("lstm: input must be", LayerPath.relative(LSTM.of(1), "LSTM: input must be"));
        assertEquals("dense: input must be", LayerPath.relative(Frozen.of(Dense.of(1)), "Dense: input must be"));
        assertEquals("bidirectional > lstm: x", LayerPath.relative(Bidirectional.of(LSTM.of(1)),
                "bidirectional > lstm: x"));
        assertEquals("Dense 'd': input must be", LayerPath.relative(Frozen.of(Dense.of(1).named("d")),
                "Dense: input must be"));
        assertEquals("Dense 'd': x", LayerPath.relative(Dense.of(1).named("d"), "Dense 'd': x"));
        assertEquals("gru: matmul: inner dimensions must match", LayerPath.relative(GRU.of(1),
                "matmul: inner dimensions must match"));
    }
}
