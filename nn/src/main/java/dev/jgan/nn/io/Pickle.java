package dev.jgan.nn.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whitelist unpickler for the data subset of Python's pickle protocols 2 to 4: it builds
 * only plain values (None, bool, int, float, str, bytes-free tuples, lists and dicts) and
 * hands every GLOBAL, REDUCE, BUILD and persistent id to a {@link Policy}, which decides what,
 * if anything, they mean. Nothing is imported, instantiated or executed. Opcodes that create
 * arbitrary objects (INST, OBJ, NEWOBJ, EXT*, text PERSID, ...) are refused.
 *
 * <p>Values: {@code None} is {@code null}, int is {@link Long} ({@link BigInteger} beyond 64
 * bits), float is {@link Double}, str is {@link String}, tuple is {@link Tuple}, list is
 * {@link ArrayList}, dict is {@link LinkedHashMap}.
 */
public final class Pickle {
    /** Decides what the object-creating opcodes produce; throws to refuse. */
    public interface Policy {
        /** The value GLOBAL (or STACK_GLOBAL) pushes for {@code module.name}; must throw for anything not allowed. */
        Object global(String module, String name) throws IOException;

        /** The result of calling {@code callable} (a value {@link #global} returned) with {@code args}. */
        Object reduce(Object callable, Tuple args) throws IOException;

        /** The result of BUILD, applying {@code state} to {@code target}. */
        Object build(Object target, Object state) throws IOException;

        /** The object a BINPERSID persistent id stands for. */
        Object persistentLoad(Object pid) throws IOException;
    }

    /** A Python tuple. */
    public record Tuple(List<Object> items) {
        public Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        public int size() {
            return items.size();
        }

        public Object get(int i) {
            return items.get(i);
        }
    }

    private static final int MAX_STACK = 1 << 20;

    private final ByteBuffer in;
    private final Policy policy;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final int start;
    private int opcodeAt;

    private Pickle(ByteBuffer in, Policy policy) {
        this.in = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.policy = policy;
        this.start = in.position();
    }

    /**
     * Unpickles one object starting at the buffer's position and advances the position
     * past its STOP opcode.
     */
    public static Object load(ByteBuffer in, Policy policy) throws IOException {
        Pickle p = new Pickle(in, policy);
        Object result;
        try {
            result = p.run();
        } catch (BufferUnderflowException e) {
            throw new IOException("truncated pickle (pickle byte " + (p.opcodeAt - p.start) + ")", e);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (pickle byte " + (p.opcodeAt - p.start) + ")", e);
        }
        in.position(p.in.position());
        return result;
    }

    /** Unpickles a complete byte array; bytes after STOP are an error. */
    public static Object load(byte[] bytes, Policy policy) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Object result = load(buf, policy);
        if (buf.hasRemaining()) {
            throw new IOException("pickle has " + buf.remaining() + " bytes after STOP");
        }
        return result;
    }

    private Object run() throws IOException {
        while (true) {
            opcodeAt = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol < 2 || protocol > 5) {
                        throw error("unsupported pickle protocol " + protocol);
                    }
                }
                case 0x95 -> bytes(8); // FRAME: framing hint only
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> marks.push(stack.size()); // MARK
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                case 0x8a -> push(longN(u8())); // LONG1
                case 0x8b -> push(longN(length(in.getInt() & 0xffffffffL))); // LONG4
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT, big-endian
                case 'X' -> push(utf8(length(in.getInt() & 0xffffffffL))); // BINUNICODE
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(in.getLong()))); // BINUNICODE8
                case 'T' -> push(utf8(length(in.getInt()))); // BINSTRING (Python 2 str)
                case 'U' -> push(utf8(u8())); // SHORT_BINSTRING
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark())); // TUPLE
                case 0x85 -> push(tupleOf(1)); // TUPLE1
                case 0x86 -> push(tupleOf(2)); // TUPLE2
                case 0x87 -> push(tupleOf(3)); // TUPLE3
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'd' -> push(dictOf(popMark())); // DICT
                case 'a' -> { // APPEND
                    Object value = pop();
                    list(top()).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(top()).addAll(items);
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = requireHashable(pop(), 0);
                    dict(top()).put(key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    dict(top()).putAll(dictOf(items));
                }
                case 'q' -> memo.put((long) u8(), top()); // BINPUT
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, top()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(in.getInt() & 0xffffffffL)); // LONG_BINGET
                case 'c' -> push(policy.global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings");
                    }
                    push(policy.global(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    if (!(args instanceof Tuple t)) {
                        throw error("REDUCE arguments are not a tuple");
                    }
                    push(policy.reduce(callable, t));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = pop();
                    push(policy.build(target, state));
                }
                case 'Q' -> push(policy.persistentLoad(pop())); // BINPERSID
                default -> throw error(String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    // ---- stack and memo -----------------------------------------------------------------

    private void push(Object value) throws IOException {
        if (stack.size() >= MAX_STACK) {
            throw error("pickle stack deeper than " + MAX_STACK);
        }
        stack.add(value);
    }

    private Object pop() throws IOException {
        int floor = marks.isEmpty() ? 0 : marks.peek();
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() throws IOException {
        if (stack.isEmpty()) {
            throw error("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        int mark = marks.pop();
        List<Object> tail = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private Tuple tupleOf(int n) throws IOException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new Tuple(java.util.Arrays.asList(items));
    }

    private Map<Object, Object> dictOf(List<Object> items) throws IOException {
        if (items.size() % 2 != 0) {
            throw error("odd number of items for a dict");
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            map.put(requireHashable(items.get(i), 0), items.get(i + 1));
        }
        return map;
    }

    /** Dict keys must be immutable values, as in Python (this also rules out self-referencing keys). */
    private Object requireHashable(Object key, int depth) throws IOException {
        if (key instanceof Tuple t && depth < 32) {
            for (Object item : t.items()) {
                requireHashable(item, depth + 1);
            }
            return key;
        }
        if (key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                || key instanceof Boolean || key instanceof Double) {
            return key;
        }
        throw error("unhashable dict key of type " + typeName(key));
    }

    private Object memoGet(long index) throws IOException {
        if (!memo.containsKey(index)) {
            throw error("memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object target) throws IOException {
        if (!(target instanceof ArrayList)) {
            throw error("APPEND to a " + typeName(target) + ", not a list");
        }
        return (List<Object>) target;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object target) throws IOException {
        if (!(target instanceof Map)) {
            throw error("SETITEM on a " + typeName(target) + ", not a dict");
        }
        return (Map<Object, Object>) target;
    }

    // ---- raw reads ----------------------------------------------------------------------

    private int u8() throws IOException {
        need(1);
        return in.get() & 0xff;
    }

    private byte[] bytes(int n) throws IOException {
        need(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private void need(long n) throws IOException {
        if (n > in.remaining()) {
            throw error("truncated pickle: need " + n + " more bytes, " + in.remaining() + " left");
        }
    }

    private int length(long n) throws IOException {
        if (n < 0 || n > in.remaining()) {
            throw error("length " + n + " runs past the end of the data (" + in.remaining() + " bytes left)");
        }
        return (int) n;
    }

    private String utf8(int n) throws IOException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    /** A little-endian two's-complement integer of n bytes. */
    private Object longN(int n) throws IOException {
        byte[] le = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger value = new BigInteger(be);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return sb.toString();
            }
            if (c < 0x20 || c > 0x7e || sb.length() > 256) {
                throw error("malformed GLOBAL name");
            }
            sb.append((char) c);
        }
    }

    private static String typeName(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private IOException error(String message) {
        return new IOException(message);
    }
}
