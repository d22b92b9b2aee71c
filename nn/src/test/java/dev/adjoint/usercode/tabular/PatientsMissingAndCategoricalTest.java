package dev.adjoint.usercode.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.callback.EarlyStopping;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.CsvTable;
import dev.adjoint.nn.data.Imputer;
import dev.adjoint.nn.data.Scaling;
import dev.adjoint.nn.data.StringLookup;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.CategoryEncoding;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table as data scientists get them: {@code patients.csv} has a text column ({@code age_band}), a category code
 * ({@code sex}, empty where unknown) and numeric columns with gaps written as empty fields and {@code NA}. The
 * program declares the missing markers, fills numeric gaps with the training means ({@link Imputer}), looks the
 * categories up ({@link StringLookup}, unknown and missing values at index 0) and one-hot encodes them in the model
 * ({@link CategoryEncoding}), trains a Functional model with three inputs, predicts for new patients (one of them
 * with an age band never seen), and saves and reloads the model. The gaps were put into the diabetes data on
 * purpose (see {@code tabular_data.py}), so {@code diabetes.csv} holds the true values the checks compare with.
 */
class PatientsMissingAndCategoricalTest {

    private static final String[] NUMERIC = {"bmi", "bp", "s1", "s5"};
    private static final int TRAIN = 350;

    @TempDir
    Path dir;

    @Test
    void missingValuesAndCategoriesFromCsvToPrediction() throws Exception {
        CsvTable table = CsvReader.withHeader().missing("", "NA")
                .table(DiabetesHuberRegressionTest.resource("patients.csv"));
        CsvTable truth = CsvReader.withHeader().table(DiabetesHuberRegressionTest.resource("diabetes.csv"));
        assertEquals(442, table.rows());
        Tensor numeric = table.matrix(NUMERIC);
        Tensor trainNumeric = numeric.rowRange(0, TRAIN);

        // the gaps are where tabular_data.py put them (1-based rows: bmi every 23rd, bp every 31st, sex every 47th)
        for (int i = 0; i < table.rows(); i++) {
            assertEquals((i + 1) % 23 == 0, Double.isNaN(numeric.get(i, 0)), "bmi of row " + i);
            assertEquals((i + 1) % 31 == 0, Double.isNaN(numeric.get(i, 1)), "bp of row " + i);
            assertEquals((i + 1) % 47 == 0, table.strings("sex").get(i) == null, "sex of row " + i);
        }
        // the imputer fills with the mean of the training values present, measured here from the untouched data
        Imputer imputer = Imputer.mean(trainNumeric);
        Tensor trueBmi = truth.numbers("bmi");
        double sum = 0;
        int present = 0;
        for (int i = 0; i < TRAIN; i++) {
            if ((i + 1) % 23 != 0) {
                sum += trueBmi.flat(i);
                present++;
            }
        }
        assertEquals(sum / present, imputer.values()[0], 1e-12);
        Tensor filled = imputer.transform(numeric);
        assertEquals(imputer.values()[1], filled.get(30, 1), 0.0);          // row 31's bp was NA
        assertEquals(truth.numbers("bp").flat(29), filled.get(29, 1), 0.0); // row 30's was not

        // categories: the vocabulary is ordered by frequency among the training rows
        List<String> bands = table.strings("age_band");
        StringLookup band = StringLookup.adapt(bands.subList(0, TRAIN));
        StringLookup sex = StringLookup.adapt(table.strings("sex").subList(0, TRAIN));
        assertEquals(expectedBandVocabulary(truth.numbers("age")), band.vocabulary());
        assertEquals(3, sex.vocabularySize());                              // [UNK], and the codes 1 and 2
        assertEquals(0, sex.index(null));

        Normalization scaling = Scaling.standardize(imputer.transform(trainNumeric));
        Functional model = model(scaling, band.vocabularySize(), sex.vocabularySize());
        Tensor progression = table.numbers("progression").reshape(Shape.of(442, 1));
        Normalization targetScale = Scaling.standardize(progression.rowRange(0, TRAIN));
        Map<String, Tensor> x = inputs(filled, band.indices(bands), sex.indices(table.strings("sex")));
        Map<String, Tensor> trainX = rows(x, 0, TRAIN);
        Map<String, Tensor> trainY = Map.of("progression", targetScale.transform(progression.rowRange(0, TRAIN)));
        // forgetting the imputer: fit names the first gap (row 23's bmi) and says what to do
        Map<String, Tensor> unfilled = rows(inputs(numeric, band.indices(bands), sex.indices(table.strings("sex"))),
                0, TRAIN);
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> model.fit(unfilled, trainY, FitOptions.defaults().verbosity(Verbosity.SILENT)));
        assertEquals("fit: input 'numeric' must be finite, got NaN at row 22, column 0; a missing value? fill the"
                + " gaps first (dev.adjoint.nn.data.Imputer)", gap.getMessage());
        History history = model.fit(trainX, trainY, FitOptions.defaults().epochs(40).batchSize(32).seed(3)
                .validationSplit(0.2).verbosity(Verbosity.SILENT)
                .callbacks(new EarlyStopping("val_loss", 8, 0, true)));
        assertTrue(history.metric("loss").get(history.size() - 1) < 0.7 * history.metric("loss").get(0),
                "training should lower the loss: " + history.metric("loss"));

        // new patients: the rows after the training ones, better predicted than by the training mean
        Map<String, Tensor> newX = rows(x, TRAIN, 442);
        Tensor predicted = targetScale.inverse(model.predict(newX).get("progression"));
        double modelError = 0;
        double meanError = 0;
        double trainMean = targetScale.center()[0];
        for (int i = 0; i < predicted.size(); i++) {
            double actual = progression.flat(TRAIN + i);
            modelError += Math.abs(predicted.flat(i) - actual) / predicted.size();
            meanError += Math.abs(trainMean - actual) / predicted.size();
        }
        assertTrue(modelError < 0.85 * meanError, "model MAE " + modelError + ", mean predictor " + meanError);

        // a patient with an age band never seen and no bmi: looked up as [UNK], filled with the mean
        Tensor raw = Tensor.matrix(new double[][] {{Double.NaN, 90, 190, 4.6}});
        Map<String, Tensor> stranger = inputs(imputer.transform(raw), band.indices(java.util.Arrays.asList("90+")),
                sex.indices(List.of("1")));
        assertEquals(0.0, stranger.get("age_band").item());
        Tensor strangerPrediction = model.predict(stranger).get("progression");
        assertTrue(Double.isFinite(strangerPrediction.item()));

        // saved and reloaded into the same architecture: the same predictions, bit for bit
        Path file = dir.resolve("patients.safetensors");
        ModelFiles.save(model, file);
        Functional reloaded = model(scaling, band.vocabularySize(), sex.vocabularySize());
        ModelFiles.loadInto(file, reloaded);
        assertTrue(reloaded.predict(newX).get("progression").sameValues(model.predict(newX).get("progression")));

        // an index beyond the encoding is an error naming it, not a silent zero vector
        Map<String, Tensor> bad = inputs(imputer.transform(raw), Tensor.matrix(new double[][] {{7}}),
                sex.indices(List.of("1")));
        RuntimeException e = assertThrows(RuntimeException.class, () -> model.predict(bad));
        assertTrue(String.valueOf(e.getMessage()).contains("7"), e.getMessage());
    }

    /** Three inputs: the numeric columns (scaled in the model) and two category indices, one-hot in the model. */
    private static Functional model(Normalization scaling, int bands, int sexes) {
        List<Functional.Input> inputs = List.of(Functional.Input.of("numeric", NUMERIC.length),
                Functional.Input.of("age_band", 1), Functional.Input.of("sex", 1));
        return (Functional) new Functional(inputs, List.of("progression"), DType.FLOAT32, 4, (in, layers) -> {
            Node h = MovementOp.concat(1, layers.apply(scaling, in.get(0)),
                    layers.apply(CategoryEncoding.oneHot(bands), in.get(1)),
                    layers.apply(CategoryEncoding.oneHot(sexes), in.get(2)));
            h = layers.apply(Dense.of(16, new Relu()), h);
            return List.of(layers.apply(Dense.of(1), h));
        }).compile(Adam.defaults().withLearningRate(0.01), new MeanSquaredError());
    }

    private static Map<String, Tensor> inputs(Tensor numeric, Tensor band, Tensor sex) {
        return Map.of("numeric", numeric, "age_band", band, "sex", sex);
    }

    private static Map<String, Tensor> rows(Map<String, Tensor> x, int from, int to) {
        return Map.of("numeric", x.get("numeric").rowRange(from, to), "age_band", x.get("age_band").rowRange(from, to),
                "sex", x.get("sex").rowRange(from, to));
    }

    /** [UNK], then the age bands of the training rows by count, most frequent first (computed from the ages). */
    private static List<String> expectedBandVocabulary(Tensor ages) {
        String[] names = {"under 40", "40-59", "60+"};
        int[] counts = new int[3];
        for (int i = 0; i < TRAIN; i++) {
            double age = ages.flat(i);
            counts[age < 40 ? 0 : age < 60 ? 1 : 2]++;
        }
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        order.sort((a, b) -> counts[b] - counts[a]);
        List<String> vocabulary = new ArrayList<>(List.of(StringLookup.OOV_TOKEN));
        order.forEach(k -> vocabulary.add(names[k]));
        return vocabulary;
    }
}
