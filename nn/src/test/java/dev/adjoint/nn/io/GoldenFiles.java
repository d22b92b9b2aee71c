package dev.adjoint.nn.io;

import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the golden-file tests share: a committed file by name, its SHA-256, and float bits to compare. */
final class GoldenFiles {

    private GoldenFiles() {
    }

    /** The committed test resource {@code /golden/<name>}. */
    static Path resource(String name) throws URISyntaxException {
        return Path.of(GoldenFiles.class.getResource("/golden/" + name).toURI());
    }

    /** The file's SHA-256 in hex. */
    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The raw bits of the first {@code n} values as float32. */
    static int[] bits(Tensor t, int n) {
        float[] f = t.toFloatArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }
}
