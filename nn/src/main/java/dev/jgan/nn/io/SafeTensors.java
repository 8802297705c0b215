package dev.jgan.nn.io;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the Hugging Face safetensors format: an 8-byte little-endian header
 * length N, N bytes of UTF-8 JSON ({@code {name: {dtype, shape, data_offsets: [begin, end]}}}
 * plus an optional {@code "__metadata__"} string-to-string map; trailing spaces allowed), then
 * the raw little-endian tensor bytes, offsets relative to the end of the header.
 *
 * <p>Reading checks everything before use: the header length against the file size, the
 * header grammar, every dtype, shape and offset pair, that each byte length equals the
 * element count times the element size, and that the tensors tile the data area exactly
 * (no overlap, no hole, nothing after the last tensor). F32 is read bit-exactly; F16, BF16
 * and F64 are converted to float32. Writing produces F32 tensors in the given order, with
 * the header padded by spaces to a multiple of 8 bytes, atomically (see {@link AtomicFile}).
 */
public final class SafeTensors {
    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    private static final String METADATA_KEY = "__metadata__";
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** A file's tensors in header order and its metadata (empty when the file has none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The named tensor; throws naming the missing key if absent. */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor named '" + name + "'");
            }
            return t;
        }
    }

    private enum Dtype {
        F32(4), F16(2), BF16(2), F64(8);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "BOOL", "U8", "I8", "U16", "I16", "U32", "I32", "U64", "I64", "F8_E5M2", "F8_E4M3");

    private record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {}

    private SafeTensors() {}

    // ---- writing ------------------------------------------------------------------------

    /** Writes the tensors as F32 in iteration order, with optional metadata (may be empty or null). */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata == null ? Map.of() : metadata);
        AtomicFile.write(path, channel -> {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            AtomicFile.writeFully(channel, prefix);
            ByteBuffer chunk = ByteBuffer.allocate(FileReads.CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                float[] data = t.data();
                int i = 0;
                while (i < data.length) {
                    int n = Math.min(data.length - i, FileReads.CHUNK_BYTES / 4);
                    chunk.clear();
                    chunk.asFloatBuffer().put(data, i, n);
                    chunk.limit(n * 4);
                    AtomicFile.writeFully(channel, chunk);
                    i += n;
                }
            }
        });
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("metadata keys and values must not be null: " + e);
                }
            }
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("invalid tensor name: " + name);
            }
            Tensor t = e.getValue();
            long bytes = 4L * t.size();
            List<Long> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add((long) d);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(name, entry);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    // ---- reading ------------------------------------------------------------------------

    /** Reads and validates a whole file. */
    public static Contents read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw bad(path, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = FileReads.readAt(channel, 0, 8, path).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBytes.getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw bad(path, "header length " + Long.toUnsignedString(headerLength)
                        + " is impossible for a file of " + fileSize + " bytes (limit " + MAX_HEADER_BYTES + ")");
            }
            String headerText = decodeUtf8(FileReads.readAt(channel, 8, (int) headerLength, path), path);
            if (headerText.charAt(0) != '{') {
                throw bad(path, "header does not start with '{'");
            }
            Map<String, Object> header;
            try {
                header = Json.parseObject(headerText);
            } catch (IllegalArgumentException e) {
                throw bad(path, "invalid header: " + e.getMessage());
            }
            long dataStart = 8 + headerLength;
            long dataSize = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    metadata = metadata(e.getValue(), path);
                } else {
                    entries.add(entry(e.getKey(), e.getValue(), dataSize, path));
                }
            }
            checkTiling(entries, dataSize, path);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry entry : entries) {
                tensors.put(entry.name, readTensor(channel, dataStart, entry, path));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static Map<String, String> metadata(Object value, Path path) throws IOException {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(path, METADATA_KEY + " must be an object, found " + Json.typeName(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw bad(path, METADATA_KEY + " value of '" + e.getKey() + "' must be a string, found "
                        + Json.typeName(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static Entry entry(String name, Object value, long dataSize, Path path) throws IOException {
        if (!(value instanceof Map<?, ?> fields)) {
            throw bad(path, "tensor '" + name + "': entry must be an object, found " + Json.typeName(value));
        }
        for (Object field : fields.keySet()) {
            if (!ENTRY_FIELDS.contains(field)) {
                throw bad(path, "tensor '" + name + "': unexpected field '" + field + "'");
            }
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw bad(path, "tensor '" + name + "': dtype missing or not a string");
        }
        Dtype dtype = dtype(dtypeName, name, path);
        int[] shape = shape(fields.get("shape"), name, path);
        if (!(fields.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw bad(path, "tensor '" + name + "': data_offsets must be a list of two integers");
        }
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(path, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                    + "] out of range for a data area of " + dataSize + " bytes");
        }
        long expected = (long) Shapes.size(shape) * dtype.bytes;
        if (end - begin != expected) {
            throw bad(path, "tensor '" + name + "': " + (end - begin) + " bytes for shape "
                    + Shapes.toString(shape) + " of " + dtype + ", expected " + expected);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Dtype dtype(String name, String tensor, Path path) throws IOException {
        for (Dtype d : Dtype.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        if (KNOWN_UNSUPPORTED.contains(name)) {
            throw bad(path, "tensor '" + tensor + "': dtype " + name + " is not supported (F32, F16, BF16, F64 are)");
        }
        throw bad(path, "tensor '" + tensor + "': unknown dtype '" + name + "'");
    }

    private static int[] shape(Object value, String tensor, Path path) throws IOException {
        if (!(value instanceof List<?> dims)) {
            throw bad(path, "tensor '" + tensor + "': shape missing or not a list");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw bad(path, "tensor '" + tensor + "': invalid dimension " + dims.get(i) + " in shape " + dims);
            }
            shape[i] = (int) (long) d;
        }
        try {
            Shapes.size(shape);
        } catch (IllegalArgumentException e) {
            throw bad(path, "tensor '" + tensor + "': " + e.getMessage());
        }
        return shape;
    }

    private static void checkTiling(List<Entry> entries, long dataSize, Path path) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered) {
                throw bad(path, "tensor '" + e.name + "' [" + e.begin + ", " + e.end
                        + ") overlaps tensor '" + previous + "'");
            }
            if (e.begin > covered) {
                throw bad(path, "bytes [" + covered + ", " + e.begin + ") before tensor '" + e.name
                        + "' belong to no tensor");
            }
            covered = e.end;
            previous = e.name;
        }
        if (covered != dataSize) {
            throw bad(path, "data area has " + dataSize + " bytes but the tensors cover " + covered);
        }
    }

    private static Tensor readTensor(FileChannel channel, long dataStart, Entry entry, Path path) throws IOException {
        float[] out = new float[Shapes.size(entry.shape)];
        int perChunk = FileReads.CHUNK_BYTES / entry.dtype.bytes;
        long position = dataStart + entry.begin;
        for (int i = 0; i < out.length; i += perChunk) {
            int n = Math.min(perChunk, out.length - i);
            ByteBuffer buf = FileReads.readAt(channel, position, n * entry.dtype.bytes, path).order(ByteOrder.LITTLE_ENDIAN);
            position += (long) n * entry.dtype.bytes;
            switch (entry.dtype) {
                case F32 -> buf.asFloatBuffer().get(out, i, n);
                case F64 -> {
                    for (int k = 0; k < n; k++) out[i + k] = (float) buf.getDouble();
                }
                case F16 -> {
                    for (int k = 0; k < n; k++) out[i + k] = Float.float16ToFloat(buf.getShort());
                }
                case BF16 -> {
                    for (int k = 0; k < n; k++) out[i + k] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
        }
        return Tensor.wrap(out, entry.shape);
    }

    private static String decodeUtf8(ByteBuffer bytes, Path path) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw bad(path, "header is not valid UTF-8");
        }
    }

    private static IOException bad(Path path, String message) {
        return new IOException(path + ": not a valid safetensors file: " + message);
    }
}
