package dev.jgan.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickleTest {
    /** Refuses every object-creating opcode, like a policy for plain data. */
    private static final Pickle.Policy NOTHING = new Pickle.Policy() {
        @Override
        public Object global(String module, String name) throws IOException {
            throw new IOException("global " + module + "." + name + " refused");
        }

        @Override
        public Object reduce(Object callable, Pickle.Tuple args) throws IOException {
            throw new IOException("reduce refused");
        }

        @Override
        public Object build(Object target, Object state) throws IOException {
            throw new IOException("build refused");
        }

        @Override
        public Object persistentLoad(Object pid) throws IOException {
            throw new IOException("persid refused");
        }
    };

    // pickle.dumps({'a': [1, -2, 3.5, None, True, False, (1, 2), ()], 'big': 2**70, 'neg': -2**40,
    //               'u': 'é€', 'n': {'x': 65535, 'y': -1}}, protocol=2 / protocol=4), by CPython 3.11
    private static final String PROTOCOL_2 = "80027d71002858010000006171015d7102284b014afeffffff47400c0000000000004e88894b01"
            + "4b028671032965580300000062696771048a0900000000000000004058030000006e656771058a060000000000ff5801000000757106"
            + "5805000000c3a9e282ac710758010000006e71087d710928580100000078710a4dffff580100000079710b4affffffff75752e";
    private static final String PROTOCOL_4 = "8004956a000000000000007d94288c0161945d94284b014afeffffff47400c0000000000004e"
            + "88894b014b02869429658c03626967948a090000000000000000408c036e6567948a060000000000ff8c0175948c05c3a9e282ac948c"
            + "016e947d94288c0178944dffff8c0179944affffffff75752e";

    @Test
    void readsPythonPicklesOfPlainData() throws IOException {
        for (String hex : List.of(PROTOCOL_2, PROTOCOL_4)) {
            Map<?, ?> m = (Map<?, ?>) Pickle.load(HexFormat.of().parseHex(hex), NOTHING);
            assertEquals(List.of("a", "big", "neg", "u", "n"), List.copyOf(m.keySet()));
            List<?> a = (List<?>) m.get("a");
            assertEquals(1L, a.get(0));
            assertEquals(-2L, a.get(1));
            assertEquals(3.5, a.get(2));
            assertNull(a.get(3));
            assertEquals(true, a.get(4));
            assertEquals(false, a.get(5));
            assertEquals(new Pickle.Tuple(List.of(1L, 2L)), a.get(6));
            assertEquals(new Pickle.Tuple(List.of()), a.get(7));
            assertEquals(BigInteger.TWO.pow(70), m.get("big"));
            assertEquals(-(1L << 40), m.get("neg"));
            assertEquals("é€", m.get("u"));
            assertEquals(Map.of("x", 65535L, "y", -1L), m.get("n"));
        }
    }

    @Test
    void memoGetReturnsTheSameObject() throws IOException {
        byte[] b = PickleBytes.protocol2().op(']').op('q').op(0).op('h').op(0).op(0x86).stop().bytes();
        Pickle.Tuple t = (Pickle.Tuple) Pickle.load(b, NOTHING);
        assertTrue(t.get(0) == t.get(1));
    }

    @Test
    void refusesObjectCreatingOpcodesNamingThem() {
        int[] forbidden = {'i', 'o', 0x81, 0x92, 0x82, 'P', 'S', 'V', 'I', 'L', 'F', 'g', 'p', 'B', 'C'};
        for (int op : forbidden) {
            byte[] b = PickleBytes.protocol2().op(op).stop().bytes();
            IOException e = assertThrows(IOException.class, () -> Pickle.load(b, NOTHING));
            assertEquals(String.format("unsupported pickle opcode 0x%02x (pickle byte 2)", op), e.getMessage());
        }
    }

    @Test
    void handsGlobalsToThePolicyBeforeAnythingElse() {
        byte[] b = PickleBytes.protocol2().global("os", "system").str("true").op(0x85).reduce().stop().bytes();
        IOException e = assertThrows(IOException.class, () -> Pickle.load(b, NOTHING));
        assertEquals("global os.system refused (pickle byte 2)", e.getMessage());
    }

    @Test
    void rejectsMalformedStreams() {
        assertMalformed(PickleBytes.protocol2().str("a").bytes(), "truncated");
        assertMalformed(PickleBytes.protocol2().op('X').int32(1000).raw(new byte[3]).stop().bytes(), "runs past the end");
        assertMalformed(PickleBytes.protocol2().op('a').stop().bytes(), "stack underflow");
        assertMalformed(PickleBytes.protocol2().integer(1).op('t').stop().bytes(), "no MARK");
        assertMalformed(PickleBytes.protocol2().integer(1).integer(2).stop().bytes(), "STOP with 2 values");
        assertMalformed(PickleBytes.protocol2().op('h').op(7).stop().bytes(), "memo entry 7 was never stored");
        assertMalformed(PickleBytes.protocol2().integer(0).integer(1).integer(2).op('s').stop().bytes(), "SETITEM on a Long");
        assertMalformed(PickleBytes.protocol2().op('}').op(']').integer(1).op('s').stop().bytes(), "unhashable dict key");
        assertMalformed(new byte[] {(byte) 0x80, 9, '.'}, "unsupported pickle protocol 9");
        assertMalformed(PickleBytes.protocol2().none().stop().integer(1).bytes(), "pickle has 2 bytes after STOP");
    }

    private static void assertMalformed(byte[] bytes, String expected) {
        IOException e = assertThrows(IOException.class, () -> Pickle.load(bytes, NOTHING));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
