package dev.adjoint.nn.layer;

import static dev.adjoint.nn.layer.PinnedInputs.assertClose;
import static dev.adjoint.nn.layer.PinnedInputs.cosines;
import static dev.adjoint.nn.layer.PinnedInputs.eval;
import static dev.adjoint.nn.layer.PinnedInputs.sines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.regularizer.L2;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3's GroupNormalization and UnitNormalization against PyTorch 1.13 (values and gradients pinned from
 * {@code F.group_norm} and the formula {@code x / sqrt(max(sum x², 1e-12))} written in torch; inputs by
 * {@link PinnedInputs}), their refusals, masks, summaries and model files.
 */
class GroupUnitNormalizationTest {

    @TempDir
    Path dir;

    // torch.nn.functional.group_norm(x.permute(0, 3, 1, 2), 2, gamma, beta, eps=1e-3).permute(0, 2, 3, 1) for
    // x = sines([2, 2, 2, 4], 0.7, 0.3, 0.05), gamma = 0.9 + 0.25 c, beta = 0.1 c - 0.2; gradients of sum(y r),
    // r = cosines, with respect to x, gamma and beta
    private static final double[] GN_Y = {-0.0342278223898754, 1.2570448591819863, 1.2829446932570308,
            1.2032389598401187, -0.40860546006007686, -1.9532827626888172, -1.3254382826868054, -1.360426433035243,
            -1.282462435950688, 0.4160608828665827, 1.4870803052310444, 2.1882790008186577, 1.1321317190119424,
            -0.3841134245853046, -1.0955179299003, -2.042494025292533, -1.060744316115912, -0.6280795594836392,
            0.4254113460065473, 2.328965038709735, 0.6786380577447879, 0.6216634809519973, -0.4173157746693394,
            -2.6697509282804406, -1.3494502770612398, -1.4349030560353067, -1.536947777258001, 0.9041728424949999,
            0.7319570348866197, 1.2963629408198438, 1.7773782839985102, -0.45629268780160376};
    private static final double[] GN_DX = {1.699653559898874, 1.9098165381811105, 1.1878786880465952,
            1.0912681390316648, 0.780494285851948, 0.5408630054501571, 0.06899262442598747, -0.3386762204877548,
            -0.7726574167793178, -1.6188300811916105, -0.8205451414514664, -1.017294283791401, -1.3556548877989631,
            -1.1836850036121978, -0.22539858422638337, 0.053774778452757604, -0.19433417802484523, 0.04688052837342144,
            0.74242223512493, 1.4717990277030673, 0.41761974458148887, 0.5399216577975878, 1.041598391827642,
            0.7360334458187675, 0.030322490835233723, -0.039648494040323515, -0.3918784008274303, -0.49778868252741215,
            -0.30174784279525524, -0.49901390672730817, -1.184505991261418, -1.9176800258581457};
    private static final double[] GN_DGAMMA = {-0.8012370665046188, -0.07053787187729431, -1.002855590745422,
            -0.1394686275807671};
    private static final double[] GN_DBETA = {0.8649375531066633, 0.37189429591013057, -0.15436917114541693,
            -0.6668432998927144};

    // torch.nn.functional.group_norm(x, 3, gamma, None, eps=1e-5) for x = sines([2, 6, 3], 0.45, -0.2, 0.1) (channels
    // first), gamma = 0.5 + 0.2 c; gradients of sum(y r)
    private static final double[] GN1_Y = {-0.8455113492606415, -0.4444647517152395, -0.01777578290980029,
            0.4682681848213408, 0.7220530188499368, 0.640531433768676, 1.3652710382981665, 0.850741191611231,
            0.21456309184013175, -0.5078871320606181, -1.0993595106917864, -1.3634565282747975, -1.7422192365431852,
            -1.2652617718732677, -0.5090806961501749, 0.44812748055360996, 1.4389550804132483, 2.1704886366100196,
            0.5604015227266603, 0.492452482131378, 0.27312612114930207, -0.08672260213201527, -0.630293499670917,
            -1.1393560746073437, -0.6709737005430272, -0.8663528393678045, -0.6787320930546912, -0.15286279656097262,
            0.8558233269185747, 2.005555576600259, -0.2902964295520034, 0.954400474708507, 1.3942705070607775,
            1.0374151153561642, -0.5468865719317861, -2.865576103675087};
    private static final double[] GN1_DX = {-0.08233201531734702, 0.03603028355478921, 0.0917013316047085,
            0.2673414935119508, 0.028869111183226104, -0.3416102045373278, 0.03569192076991867, -0.018149623489573496,
            0.005173628529149432, -0.08314512427971371, -0.007051784133371375, 0.06748098260359026, 0.01793994345865918,
            0.01984418282900724, -0.005919199170247302, -0.06323688263417454, -0.029823482975246562,
            0.061195438492002235, -0.0541993821761661, -0.006386800437901574, 0.004573723072170577, 0.08966331588701792,
            0.02870376715533507, -0.062354623500455564, 0.20867911837457437, 0.007275381383543278, -0.09672345154351375,
            -0.12367447276687915, -0.0615584458771799, 0.06600187042945527, -0.07239537263827034, 0.004652285420865487,
            0.07216958400477991, -0.040364596851311996, -0.00027190421085876437, 0.03621000427479415};
    private static final double[] GN1_DGAMMA = {-0.5116178169684827, -1.4528657619974805, -1.8255786577181379,
            0.895697322459695, 0.5192482934018582, 1.1217928804551005};

    // y = x / torch.sqrt(torch.maximum((x * x).sum(dim=A, keepdim=True), 1e-12)) for x = sines([2, 3, 4], 0.9, 0.1, 0)
    // with x[1, 1] = [3e-7, -2e-7, 1e-7, 4e-7] (norm below 1e-6) and x[1, 2] = 0; A = (-1,) and (1, 2); gradients of
    // sum(y r)
    private static final double[] UN_LAST_Y = {0.07599554258259476, 0.6405474860608025, 0.7203458623896238,
            0.2550008512670344, -0.397182643814416, -0.7449035456150648, -0.5288962948945561, 0.08736912743931058,
            0.6004496273862504, 0.6642015389832769, 0.22529896775919211, -0.38410537058286737, -0.666925442669547,
            -0.464650069385266, 0.08926321289447166, 0.575623875255407, 0.3, -0.2, 0.1, 0.4, 0.0, 0.0, 0.0, 0.0};
    private static final double[] UN_LAST_DX = {0.6778638486207712, 0.024606881406560754, -0.16188382281888825,
            0.19347321670666548, 0.23574076754986467, -0.014292168517313658, -0.21811608459531445, -0.37055348543612343,
            -0.14459435662351838, -0.22235174864033383, -0.5578856714898038, -0.9377610799010305, -0.25663231991582003,
            -0.24657009785029937, -0.37453257665999157, -0.4382922014820628, 87498.9834394464, 377977.7427129803,
            634692.875942634, 834712.7848391598, 960170.2866503661, 999858.6363834153, 950232.5919585297,
            815725.1001253575};
    private static final double[] UN_12_Y = {0.04252560639893236, 0.35843773656122285, 0.4030913337027287,
            0.14269344574504306, -0.22569199713871263, -0.4232782361057191, -0.3005359446919653, 0.04964595801738557,
            0.3622567894678731, 0.4007189047965291, 0.13592494192417864, -0.231734307123168, -0.6669254426695022,
            -0.46465006938523473, 0.08926321289446566, 0.5756238752553683, 2.0099492271482536e-07,
            -1.339966151432169e-07, 6.699830757160845e-08, 2.679932302864338e-07, 0.0, 0.0, 0.0, 0.0};
    private static final double[] UN_12_DX = {0.4222938676131378, 0.37599197616788826, 0.31676054790333036,
            0.2524639292107844, 0.17383885895758272, 0.0666786892448513, -0.07083114291414709, -0.21933367609309976,
            -0.3453826969873483, -0.4197029122047585, -0.43343895301167135, -0.40062385144085955, -0.2566322157333283,
            -0.24657002526586638, -0.37453259060404737, -0.4382922914020093, 0.05862273431918064, 0.25323875976680565,
            0.425233450583263, 0.5592433006225982, 0.6432978418612069, 0.6698883644854509, 0.6366397546060428,
            0.546522011520798};

    /** The graph of one layer over an input of a concrete shape, in {@code dtype}. */
    private static ForwardGraph graph(Layer layer, Shape input, DType dtype) {
        return ForwardGraph.build((x, layers) -> layers.apply(layer, x), input, dtype, false, null);
    }

    /** y, then the gradients of {@code sum(y r)} with respect to x and to each parameter, in g's order. */
    private static List<Tensor> valueAndGradients(ForwardGraph g, Bindings at) {
        Node y = g.output();
        Node loss = y.mul(SourceOp.constant(cosines(y.dtype(), y.shape()))).sum();
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        wrt.addAll(g.params().values());
        List<Node> outputs = new ArrayList<>(List.of(y));
        outputs.addAll(Autodiff.grad(loss, wrt.toArray(Node[]::new)));
        return eval(outputs, at);
    }

    private static Tensor channels(DType dtype, double first, double step, int count) {
        double[] values = new double[count];
        for (int c = 0; c < count; c++) {
            values[c] = first + step * c;
        }
        return Tensor.of(dtype, Shape.of(count), values);
    }

    private static void checkChannelsLast(DType dtype, double tolerance) {
        Shape shape = Shape.of(2, 2, 2, 4);
        ForwardGraph g = graph(GroupNormalization.of(2), shape, dtype);
        Bindings at = Bindings.of(g.input(), sines(dtype, shape, 0.7, 0.3, 0.05))
                .and(g.params().get("group_normalization/gamma"), channels(dtype, 0.9, 0.25, 4))
                .and(g.params().get("group_normalization/beta"), channels(dtype, -0.2, 0.1, 4));
        List<Tensor> r = valueAndGradients(g, at);
        assertClose(GN_Y, r.get(0), tolerance, tolerance, "y");
        assertClose(GN_DX, r.get(1), tolerance, tolerance, "dx");
        assertClose(GN_DGAMMA, r.get(2), tolerance, tolerance, "dgamma");
        assertClose(GN_DBETA, r.get(3), tolerance, tolerance, "dbeta");
    }

    @Test
    void groupNormalizationChannelsLastMatchesTorchGroupNormInFloat64() {
        checkChannelsLast(DType.FLOAT64, 1e-12);
    }

    /** The same values in float32, to float32's precision (the pins are float64's: the rounding of f32 apart). */
    @Test
    void groupNormalizationChannelsLastMatchesTorchGroupNormInFloat32() {
        checkChannelsLast(DType.FLOAT32, 2e-5);
    }

    @Test
    void groupNormalizationChannelsFirstWithoutBetaMatchesTorchGroupNorm() {
        Shape shape = Shape.of(2, 6, 3);
        GroupNormalization layer = GroupNormalization.of(3).axis(1).epsilon(1e-5).center(false);
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double tolerance = dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
            ForwardGraph g = graph(layer, shape, dtype);
            assertEquals(List.of("group_normalization/gamma"), List.copyOf(g.params().keySet()));
            Bindings at = Bindings.of(g.input(), sines(dtype, shape, 0.45, -0.2, 0.1))
                    .and(g.params().get("group_normalization/gamma"), channels(dtype, 0.5, 0.2, 6));
            List<Tensor> r = valueAndGradients(g, at);
            assertClose(GN1_Y, r.get(0), tolerance, tolerance, dtype + " y");
            assertClose(GN1_DX, r.get(1), tolerance, tolerance, dtype + " dx");
            assertClose(GN1_DGAMMA, r.get(2), tolerance, tolerance, dtype + " dgamma");
        }
    }

    /** groups = -1 is one group per channel (instance normalization): each channel of each example on its own. */
    @Test
    void groupsMinusOneNormalizesEachChannelOfEachExampleAsNaiveLoopsDo() {
        Shape shape = Shape.of(2, 5, 3);
        ForwardGraph g = graph(GroupNormalization.of(-1).scale(false).center(false), shape, DType.FLOAT64);
        Tensor x = Tensor.normal(Key.of(5), DType.FLOAT64, shape, 1, 2);
        Tensor y = eval(List.of(g.output()), Bindings.of(g.input(), x)).get(0);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double mean = 0;
                for (int t = 0; t < 5; t++) {
                    mean += x.get(n, t, c) / 5;
                }
                double variance = 0;
                for (int t = 0; t < 5; t++) {
                    variance += (x.get(n, t, c) - mean) * (x.get(n, t, c) - mean) / 5;
                }
                for (int t = 0; t < 5; t++) {
                    assertEquals((x.get(n, t, c) - mean) / Math.sqrt(variance + 1e-3), y.get(n, t, c), 1e-12);
                }
            }
        }
        Bindings at = Bindings.of(g.input(), x);
        GradCheck.check(g.output(), List.of(g.input()), at).assertPassed();
    }

    @Test
    void groupNormalizationRefusesChannelsThatDoNotSplitIntoItsGroups() {
        assertEquals("GroupNormalization: the channels must be a multiple of groups, got 6 channels (axis -1 of "
                + Shape.of(2, 5, 6) + ") and 4 groups", assertThrows(IllegalArgumentException.class,
                        () -> GroupNormalization.of(4).outputShape(Shape.of(2, 5, 6))).getMessage());
        assertEquals("GroupNormalization: the channels must be a multiple of groups, got 8 channels (axis -1 of "
                + Shape.of(Shape.BATCH, 8) + ") and 32 groups (adding layer 1 of the Sequential model, onto its input "
                + Shape.of(Shape.BATCH, 8) + ")", assertThrows(IllegalArgumentException.class,
                        () -> new Sequential(Shape.of(8), DType.FLOAT32, 1).add(GroupNormalization.of()))
                .getMessage());
        assertEquals("GroupNormalization: axis 3 must be a concrete axis other than the batch axis of the input"
                + " [N, ..., channels], got " + Shape.of(2, 5, 6), assertThrows(IllegalArgumentException.class,
                        () -> GroupNormalization.of(2).axis(3).outputShape(Shape.of(2, 5, 6))).getMessage());
        assertEquals("GroupNormalization: groups must be >= 1, or -1 for one group per channel, got 0",
                assertThrows(IllegalArgumentException.class, () -> GroupNormalization.of(0)).getMessage());
        assertEquals("GroupNormalization: axis must not be the batch axis 0, got 0",
                assertThrows(IllegalArgumentException.class, () -> GroupNormalization.of(2).axis(0)).getMessage());
    }

    private void checkUnit(UnitNormalization layer, double[] expectedY, double[] expectedDx) {
        Shape shape = Shape.of(2, 3, 4);
        Tensor x = sines(DType.FLOAT64, shape, 0.9, 0.1, 0);
        double[] values = new double[24];
        for (int i = 0; i < 24; i++) {
            values[i] = i >= 20 ? 0 : x.flat(i);
        }
        System.arraycopy(new double[] {3e-7, -2e-7, 1e-7, 4e-7}, 0, values, 16, 4);
        ForwardGraph g = graph(layer, shape, DType.FLOAT64);
        List<Tensor> r = valueAndGradients(g, Bindings.of(g.input(), Tensor.of(DType.FLOAT64, shape, values)));
        assertClose(expectedY, r.get(0), 1e-12, 1e-12, "y");
        assertClose(expectedDx, r.get(1), 1e-12, 1e-12, "dx");
    }

    @Test
    void unitNormalizationMatchesTheFormulaInTorchOverTheLastAxisAndOverAListOfAxes() {
        checkUnit(UnitNormalization.of(), UN_LAST_Y, UN_LAST_DX);
        checkUnit(UnitNormalization.of().axis(1, 2), UN_12_Y, UN_12_DX);
        checkUnit(UnitNormalization.of().axis(-1, 1), UN_12_Y, UN_12_DX);
    }

    @Test
    void unitNormalizationRefusesTheBatchAxisAndAxesTheInputLacks() {
        assertEquals("UnitNormalization: axis must list one or more axes other than the batch axis 0, got [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> UnitNormalization.of().axis(0, 1)).getMessage());
        assertEquals("UnitNormalization: axis [2] must name axes other than the batch axis of the input, got "
                + Shape.of(3, 4), assertThrows(IllegalArgumentException.class,
                        () -> UnitNormalization.of().axis(2).outputShape(Shape.of(3, 4))).getMessage());
        assertEquals("UnitNormalization: axis [1, -2] must name distinct axes of the input, got axis 1 twice for "
                + Shape.of(3, 4, 5), assertThrows(IllegalArgumentException.class,
                        () -> UnitNormalization.of().axis(1, -2).outputShape(Shape.of(3, 4, 5))).getMessage());
    }

    /** Keras 3 sets {@code supports_masking} on both: a sequence's mask passes to the output. */
    @Test
    void bothPassTheMaskOn() {
        Node mask = SourceOp.input("mask", Shape.of(2, 3), DType.FLOAT64);
        for (Layer layer : List.of(GroupNormalization.of(2), UnitNormalization.of())) {
            ForwardGraph g = ForwardGraph.build((x, layers) -> layers.apply(layer, layers.mask(x, mask)),
                    Shape.of(2, 3, 4), DType.FLOAT64, false, null);
            assertEquals(mask, g.outputMask(), layer.kind());
        }
    }

    /**
     * Keras's summary of the same model: GroupNormalization(groups=4) over 8 channels holds gamma and beta, 16
     * parameters, UnitNormalization none.
     */
    @Test
    void summaryGivesKerasShapesAndCountsAndAModelFileRoundTripsBitForBit() throws IOException {
        Sequential model = new Sequential(Shape.of(5, 8), DType.FLOAT32, 3);
        model.add(GroupNormalization.of(4).epsilon(1e-4).gammaInitializer(new Constant(1.5))
                .betaInitializer(new Constant(0.25)).gammaRegularizer(new L2(0.01)).named("gn"));
        model.add(UnitNormalization.of().axis(1, 2));
        ForwardGraph g = graph(model.stack().get(0), Shape.of(2, 5, 8), DType.FLOAT32);
        assertEquals(java.util.Optional.of(new L2(0.01)), g.specs().get("gn/gamma").regularizer());
        assertEquals(java.util.Optional.empty(), g.specs().get("gn/beta").regularizer());
        String summary = model.summary();
        assertTrue(summary.contains("gn (group_normalization)") && summary.contains("[N, 5, 8]")
                && summary.contains("unit_normalization (unit_normalization)") && summary.contains("Total params: 16"),
                summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("gn (group_normalization)") && l.trim().endsWith("16"))
                && summary.lines().anyMatch(l -> l.startsWith("unit_normalization") && l.trim().endsWith("0")),
                summary);
        Path file = dir.resolve("norm.safetensors");
        ModelFiles.save(model, file);
        String json = dev.adjoint.core.io.SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("{\"type\":\"group_normalization\",\"groups\":4,\"axis\":-1,\"epsilon\":1.0E-4")
                && json.contains("{\"type\":\"unit_normalization\",\"axis\":[1,2],\"name\":null}"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(4), DType.FLOAT32, Shape.of(3, 5, 8), -1, 1);
        Tensor y = model.predict(x);
        assertTrue(y.sameValues(loaded.predict(x)));
        assertEquals(loaded.weights().keySet(), model.weights().keySet());
        Tensor gamma = loaded.weights().get("gn/gamma");
        for (int c = 0; c < 8; c++) {
            assertEquals(1.5, gamma.flat(c), "gamma as its initializer drew it");
        }
    }
}
