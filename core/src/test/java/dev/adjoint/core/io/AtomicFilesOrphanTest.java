package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files: their name is short whatever the target's (so any legal name can be saved), and a save
 * removes the temporary files that crashed writers left in its directory, never one a live writer holds
 * (in this JVM or in another process) and never one younger than {@link AtomicFiles#ORPHAN_AGE}.
 */
class AtomicFilesOrphanTest {

    @TempDir
    Path dir;

    private static final Instant LONG_AGO = Instant.now().minusSeconds(3600);

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private void save(String name) throws IOException {
        SafeTensors.write(dir.resolve(name), Map.of("w", Tensor.vector(1, 2)), Map.of());
    }

    @Test
    void aTargetNameOfTheFullLegalLengthSaves() throws IOException {
        String name = "a".repeat(243) + ".safetensors"; // 255 bytes, the usual NAME_MAX
        save(name);
        assertEquals(2, SafeTensors.read(dir.resolve(name)).tensor("w").size());
        assertEquals(List.of(), temporaries());
    }

    @Test
    void oldUnlockedTemporariesAreRemovedAndYoungOnesAndOtherFilesKept() throws IOException {
        Path orphan = Files.write(dir.resolve(".adjoint-0123456789abcdef.tmp"), new byte[1000]);
        Files.setLastModifiedTime(orphan, FileTime.from(LONG_AGO));
        Path young = Files.write(dir.resolve(".adjoint-fedcba9876543210.tmp"), new byte[10]);
        Path someoneElses = Files.write(dir.resolve(".adjoint-notours.tmp"), new byte[10]);
        Files.setLastModifiedTime(someoneElses, FileTime.from(LONG_AGO));
        save("model.safetensors");
        assertEquals(List.of(young), temporaries().stream().filter(p -> !p.equals(someoneElses)).toList());
        assertTrue(Files.exists(someoneElses), "only names of AtomicFiles' own pattern are touched");
    }

    @Test
    void aTemporaryBeingWrittenInThisJvmIsNeverRemoved() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> {
            try {
                AtomicFiles.write(dir.resolve("slow.safetensors"), out -> {
                    out.write(java.nio.ByteBuffer.wrap(new byte[100]));
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(writing.await(30, TimeUnit.SECONDS));
        Path inProgress = temporaries().get(0);
        Files.setLastModifiedTime(inProgress, FileTime.from(LONG_AGO));
        save("other.safetensors");
        assertEquals(List.of(inProgress), temporaries(), "the live writer's file survives the sweep");
        release.countDown();
        slow.get(30, TimeUnit.SECONDS);
        assertEquals(100, Files.size(dir.resolve("slow.safetensors")));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aProcessKilledMidSaveLeavesAnOrphanThatTheNextSaveRemovesOnceItsLockIsGone() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-Xss")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SaveThatHangs.class.getName(),
                dir.resolve("crashed.safetensors").toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("writing"));
            assertEquals("writing", line, "the child started its save");
            Path held = temporaries().get(0);
            Files.setLastModifiedTime(held, FileTime.from(LONG_AGO));
            save("model.safetensors");
            assertEquals(List.of(held), temporaries(), "the other process holds its lock: not an orphan");

            child.destroyForcibly(); // SIGKILL: no finally block runs in the child
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of(held), temporaries(), "a killed save leaves its temporary file");
            Files.setLastModifiedTime(held, FileTime.from(LONG_AGO));
            save("model.safetensors");
            assertEquals(List.of(), temporaries(), "the next save removed the orphan");
            assertTrue(Files.notExists(dir.resolve("crashed.safetensors")), "the crashed save published nothing");
        } finally {
            child.destroyForcibly();
        }
    }
}
