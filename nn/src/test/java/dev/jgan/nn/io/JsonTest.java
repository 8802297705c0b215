package dev.jgan.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAllValueKindsAndKeepsMemberOrder() {
        Map<String, Object> m = Json.parseObject(
                " {\"z\": 1, \"a\": [true, false, null, -0.5, 1e3, \"s\"], \"m\": {}, \"e\": [] }\n");
        assertEquals(List.of("z", "a", "m", "e"), new ArrayList<>(m.keySet()));
        assertEquals(1L, m.get("z"));
        List<?> a = (List<?>) m.get("a");
        assertEquals(true, a.get(0));
        assertEquals(false, a.get(1));
        assertNull(a.get(2));
        assertEquals(-0.5, a.get(3));
        assertEquals(1000.0, a.get(4));
        assertEquals("s", a.get(5));
        assertEquals(Map.of(), m.get("m"));
        assertEquals(List.of(), m.get("e"));
    }

    @Test
    void decodesEscapesIncludingSurrogatePairs() {
        Object s = Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\"");
        assertEquals("q\" b\\ s/ \b\f\n\r\t \u00e9 \ud83d\ude00", s);
    }

    @Test
    void integersBecomeLongsAndHugeOnesDoubles() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(-7L, Json.parse("-7"));
        assertEquals(1e20, Json.parse("100000000000000000000"));
        assertEquals(0L, Json.parse("0"));
        assertEquals(-0.0, Json.parse("-0.0"));
    }

    @Test
    void rejectsMalformedInputWithPosition() {
        String[] bad = {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "NaN", "tru",
                "\"abc", "\"a\\x\"", "\"\\u12g4\"", "\"a\nb\"", "{\"a\" 1}", "{a:1}", "[1 2]", "1 2",
                "{\"a\":1,\"a\":2}", "// c\n1", "'s'"};
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
            assertTrue(e.getMessage().startsWith("JSON error at line "), e.getMessage());
        }
    }

    @Test
    void errorGivesLineColumnAndOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\n  \"a\": 1,\n  \"b\": tru\n}"));
        assertTrue(e.getMessage().contains("line 3, column 8 (offset 19)"), e.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"k\": 1, \"k\": 2}"));
        assertTrue(dup.getMessage().contains("duplicate member name \"k\""), dup.getMessage());
    }

    @Test
    void rejectsExcessiveNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper"), e.getMessage());
    }

    @Test
    void parseObjectRejectsOtherTopLevelValues() {
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
    }

    @Test
    void writesCompactAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\"b\\c\n\u0001é");
        m.put("list", List.of(1, 2L, 0.25, 1.5f, true, false));
        m.put("none", null);
        m.put("empty", Map.of());
        String text = Json.write(m);
        assertEquals("{\"name\":\"a\\\"b\\\\c\\n\\u0001é\",\"list\":[1,2,0.25,1.5,true,false],"
                + "\"none\":null,\"empty\":{}}", text);
        Map<String, Object> back = Json.parseObject(text);
        assertEquals(m.get("name"), back.get("name"));
        assertEquals(List.of(1L, 2L, 0.25, 1.5, true, false), back.get("list"));
    }

    @Test
    void writesPrettyLikePythonIndent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(List.of(true, 1, 2)));
        m.put("b", Map.of());
        m.put("c", 1e-4);
        assertEquals("{\n  \"a\": [\n    [\n      true,\n      1,\n      2\n    ]\n  ],\n  \"b\": {},\n  \"c\": 1.0E-4\n}",
                Json.writePretty(m, 2));
        assertEquals(m.get("c"), Json.parseObject(Json.writePretty(m, 2)).get("c"));
    }

    @Test
    void writerRejectsWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
