package dev.jgan.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void parsesNestedValues() {
        Object value = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"NaN\"}, \"d\": []} ");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of("a", "b", "d"), List.copyOf(map.keySet()));
        assertEquals(Arrays.asList(1.0, -2500.0, true, false, null), map.get("a"));
        assertEquals(Map.of("c", "NaN"), map.get("b"));
        assertEquals(List.of(), map.get("d"));
        assertNull(Json.parse("null"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("q\"b\\s/\n\t\u00e9", Json.parse("\"q\\\"b\\\\s\\/\\n\\t\\u00e9\""));
    }

    @Test
    void quoteRoundTrips() {
        String s = "layer \"x\"\\\n\t\u0001 end";
        assertEquals(s, Json.parse(Json.quote(s)));
    }

    @Test
    void rejectsMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{1: 2}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("-"));
    }
}
