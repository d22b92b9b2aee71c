package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyTensorSetRoundTripsBitForBitInOrder() {
        Path file = dir.resolve("set.safetensors");
        Property.forAll(TensorSets.tensorSets()).named("write then read gives the same tensors").tries(150)
                .check(tensors -> {
                    Map<String, String> meta = Map.of("note", "caf\u00e9 \u2603", "empty", "");
                    try {
                        SafeTensors.write(file, tensors, meta);
                        NamedTensors read = SafeTensors.read(file);
                        assertTrue(read.sameValues(new NamedTensors(tensors, meta)), read.tensors().toString());
                        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void layoutIsTheSafetensorsLayoutThatOtherToolsRead() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        SafeTensors.write(file, TensorSets.sample(), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, (8 + n) % 8, "the data region starts 8-byte aligned");
        String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals(json.strip(), json.substring(0, json.strip().length()), "padding is trailing spaces");
        JsonNode header = new ObjectMapper().readTree(json);
        assertEquals("pt", header.get("__metadata__").get("format").textValue());
        assertEquals(64, header.get("__metadata__").get(SafeTensors.DIGEST_KEY).textValue().length());
        JsonNode kernel = header.get("dense/kernel");
        assertEquals("F32", kernel.get("dtype").textValue());
        assertEquals("[2,3]", kernel.get("shape").toString());
        assertEquals("[0,24]", kernel.get("data_offsets").toString());
        JsonNode bias = header.get("dense/bias");
        assertEquals("F64", bias.get("dtype").textValue());
        assertEquals("[24,48]", bias.get("data_offsets").toString());
        assertEquals("[]", header.get("scale").get("shape").toString());
        assertEquals("[52,52]", header.get("empty").get("data_offsets").toString());
        assertEquals(8 + n + 52, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 52).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Float.floatToRawIntBits(1f), Float.floatToRawIntBits(data.getFloat()));
        data.position((int) (8 + n + 24));
        assertEquals(Double.doubleToRawLongBits(0.1), Double.doubleToRawLongBits(data.getDouble()));
    }

    @Test
    void aFileFromAnotherToolWithoutDigestReadsWhenAskedTo() throws IOException {
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
        Path file = TensorSets.raw(dir.resolve("py.safetensors"), json, TensorSets.f32(7f, 1f, -2f));
        NamedTensors read = SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT);
        assertEquals(List.of("a", "b"), List.copyOf(read.tensors().keySet()), "ordered by data offset");
        assertTrue(read.tensor("a").sameValues(Tensor.scalar(DType.FLOAT32, 7)));
        assertArrayEquals(new float[] {1f, -2f}, read.tensor("b").toFloatArray());
        assertEquals(Map.of(), read.metadata());
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("expected metadata key 'adjoint.sha256'"), e.getMessage());
    }

    @Test
    void writeRejectsReservedNamesBeforeTouchingTheFile() throws IOException {
        Path file = dir.resolve("reserved.safetensors");
        SafeTensors.write(file, TensorSets.sample(), Map.of());
        byte[] before = Files.readAllBytes(file);
        Map<String, Tensor> bad = new LinkedHashMap<>(TensorSets.sample());
        bad.put("__metadata__", Tensor.scalar(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, bad, Map.of()));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, TensorSets.sample(), Map.of(SafeTensors.DIGEST_KEY, "x")));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("\ud800", Tensor.scalar(1)), Map.of()));
        assertTrue(e.getMessage().contains("valid Unicode"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file left");
    }

    @Test
    void largeTensorsStreamThroughSeveralChunks() throws IOException {
        double[] data = new double[50_000];
        Arrays.setAll(data, i -> Math.sin(i) * 1e3);
        Tensor big = Tensor.of(DType.FLOAT64, Shape.of(250, 200), data);
        Tensor big32 = big.cast(DType.FLOAT32);
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, Map.of("big", big, "big32", big32), Map.of());
        NamedTensors read = SafeTensors.read(file);
        assertTrue(read.tensor("big").sameValues(big));
        assertTrue(read.tensor("big32").sameValues(big32));
    }
}
