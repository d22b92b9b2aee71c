package dev.adjoint.nn.io;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import java.nio.file.Path;

/**
 * The second half of {@link ResumeTest}, run in a fresh JVM: loads a checkpoint, resumes {@code fit} at the
 * epoch and with the seed the checkpoint recorded, trains up to the given number of epochs, saves the
 * result and prints each epoch's loss bits ({@code loss <epoch> <hex bits>}).
 *
 * <p>Usage: {@code java -cp <test classpath> dev.adjoint.nn.io.ResumeFromCheckpoint <checkpoint> <out> <epochs>}
 */
public final class ResumeFromCheckpoint {

    private ResumeFromCheckpoint() {
    }

    /** The training data both halves use. */
    static Tensor[] data() {
        return Blobs.of(90, 21);
    }

    /** The fit options both halves use, without epochs, seed or callbacks. */
    static FitOptions options() {
        return Models.QUIET.batchSize(8);
    }

    /** Resumes training; exits with status 1 and a stack trace on any error. */
    public static void main(String[] args) {
        try {
            Path checkpoint = Path.of(args[0]);
            Model model = ModelFiles.load(checkpoint);
            FitProgress progress = ModelFiles.progress(checkpoint).orElseThrow(
                    () -> new IllegalStateException("the checkpoint has no fit progress"));
            Tensor[] data = data();
            History history = model.fit(data[0], data[1], options().epochs(Integer.parseInt(args[2]))
                    .seed(progress.seed()).initialEpoch(progress.epoch()));
            ModelFiles.save(model, Path.of(args[1]));
            for (int e = 0; e < history.size(); e++) {
                System.out.println("loss " + (progress.epoch() + e) + " "
                        + Long.toHexString(Double.doubleToRawLongBits(history.metric("loss").get(e))));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
