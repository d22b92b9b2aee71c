package dev.adjoint.core.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A program that starts saving {@code args[0]} atomically, writes some bytes, prints {@code writing} and
 * then waits forever: the test kills it there, as a crash mid-save would.
 */
public final class SaveThatHangs {

    private SaveThatHangs() {
    }

    /** Saves {@code args[0]} and hangs in the middle. */
    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(ByteBuffer.wrap(new byte[1 << 16]));
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
