package dev.jgan.nn.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds pickle byte streams opcode by opcode, for tests. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes protocol2() {
        PickleBytes p = new PickleBytes();
        return p.op(0x80).op(2);
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X').int32(b.length);
        out.writeBytes(b);
        return this;
    }

    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        return op('J').int32((int) v);
    }

    /** A tuple of integers. */
    PickleBytes ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return op('t');
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes none() {
        return op('N');
    }

    PickleBytes stop() {
        return op('.');
    }

    PickleBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes int32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
        return this;
    }

    PickleBytes int64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    PickleBytes floats(float... values) {
        for (float f : values) {
            int bits = Float.floatToRawIntBits(f);
            int32(bits);
        }
        return this;
    }

    /** An empty OrderedDict: GLOBAL collections.OrderedDict, (), REDUCE. */
    PickleBytes orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /**
     * _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) for a FloatStorage
     * with the given key and element count; legacy ids get the sixth (None) field.
     */
    PickleBytes tensor(String key, long numel, long offset, long[] size, long[] stride, boolean legacy) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(numel);
        if (legacy) {
            none();
        }
        tuple().op('Q');
        integer(offset).ints(size).ints(stride).op(0x89).orderedDict();
        return tuple().reduce();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
