package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.metric.Accuracy;
import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.model.Model;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files of format version 2 keep loading with their metrics' meaning. In version 2 the metric
 * {@code "accuracy"} was always the categorical (argmax) accuracy and the metrics {@code "mean_squared_error"}
 * and {@code "mean_absolute_error"} had records of their own; version 3 reads them as {@link Accuracy} of kind
 * {@code CATEGORICAL} (still reported as {@code accuracy}) and as {@link LossMetric}s. The committed file was
 * written by the release before version 3 (commit 7360191) and is never rewritten.
 */
class VersionTwoTest {

    private static final String FILE_SHA256 = "a156555b7ccda0984aeff4e8a784d20086c7e53dccdc185d8af97cc25feb207a";

    @Test
    void versionTwoMetricsLoadWithTheirOldMeaning() throws IOException, URISyntaxException,
            NoSuchAlgorithmException {
        Path file = Path.of(VersionTwoTest.class.getResource("/golden/model-v2-metrics.safetensors").toURI());
        assertEquals(FILE_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file))), "the golden file was rewritten");
        Model loaded = ModelFiles.load(file);
        assertEquals(List.of(new Accuracy(Accuracy.Kind.CATEGORICAL, 0.5), new LossMetric(new MeanSquaredError()),
                new LossMetric(new MeanAbsoluteError())), loaded.compilation().metrics());
        assertEquals(List.of("accuracy", "mean_squared_error", "mean_absolute_error"),
                loaded.compilation().metrics().stream().map(m -> m.name()).toList());
    }
}
