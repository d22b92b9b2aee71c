package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link History#asMap()}, Keras's {@code history.history}: each metric's values by epoch. */
class HistoryMapTest {

    @Test
    void everyMetricMapsToItsValuesByEpochInFirstSeenOrder() {
        History h = new History();
        h.append(Map.of("loss", 2.0));
        h.append(Map.of("loss", 1.0, "val_loss", 1.5));
        Map<String, List<Double>> map = h.asMap();
        assertEquals(List.of("loss", "val_loss"), List.copyOf(map.keySet()));
        assertEquals(List.of(2.0, 1.0), map.get("loss"));
        assertEquals(List.of(Double.NaN, 1.5), map.get("val_loss"), "NaN for an epoch that did not record it");
        assertThrows(UnsupportedOperationException.class, () -> map.put("x", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> map.get("loss").add(0.0));
        assertEquals(Map.of(), new History().asMap());
    }
}
