package dev.jgan.nn.io;

import dev.jgan.nn.io.StateDictPolicy.StorageRef;
import dev.jgan.nn.io.StateDictPolicy.StorageType;
import dev.jgan.nn.io.StateDictPolicy.TensorRef;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Loads a PyTorch state dict ({@code torch.save(model.state_dict())}, e.g.
 * {@code pytorch_model.bin}) as float32 tensors, from either serialisation:
 *
 * <ul>
 *   <li>zip ({@code torch.save} since 1.6): an archive {@code <name>/data.pkl} (the pickle),
 *       {@code <name>/data/<key>} (raw little-endian storages), {@code <name>/version};
 *   <li>legacy: five pickles in a row (magic number, protocol version 1001, system info,
 *       the state dict, the list of storage keys), then per listed key an int64 element count
 *       and the raw little-endian storage.
 * </ul>
 *
 * <p>Pickles are read by {@link Pickle} under {@link StateDictPolicy}: only dicts and tensors
 * can be built, any other global is refused. Tensors honour storage offset, size and stride
 * (non-contiguous views are copied to contiguous row-major order); Half, BFloat16, Double,
 * Long and Int storages are converted to float32.
 */
public final class TorchCheckpoint {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private TorchCheckpoint() {}

    /** Loads the state dict in file order. Errors name the file and, where there is one, the key. */
    public static Map<String, Tensor> load(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(4);
            channel.read(head, 0);
            head.flip();
            boolean zip = head.remaining() == 4 && head.getInt(0) == 0x504b0304;
            boolean pickle = head.remaining() > 0 && (head.get(0) & 0xff) == 0x80;
            if (!zip && !pickle) {
                throw new IOException(path + ": not a PyTorch checkpoint (neither a zip archive nor a legacy torch.save file)");
            }
            if (zip) {
                return loadZip(path);
            }
            return loadLegacy(path, channel);
        }
    }

    // ---- legacy -------------------------------------------------------------------------

    private static Map<String, Tensor> loadLegacy(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException(path + ": legacy checkpoints over 2 GiB are not supported");
        }
        ByteBuffer file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        Pickle.Policy plain = new PlainValues();
        StateDictPolicy policy = new StateDictPolicy(true);
        Object stateDict;
        Object keys;
        try {
            Object magic = Pickle.load(file, plain);
            if (!LEGACY_MAGIC.equals(magic)) {
                throw new IOException("not a PyTorch checkpoint (wrong magic number)");
            }
            Object protocol = Pickle.load(file, plain);
            if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
                throw new IOException("unsupported legacy protocol version " + protocol);
            }
            if (!(Pickle.load(file, plain) instanceof Map<?, ?> sysInfo) || !Boolean.TRUE.equals(sysInfo.get("little_endian"))) {
                throw new IOException("only little-endian checkpoints are supported");
            }
            stateDict = Pickle.load(file, policy);
            keys = Pickle.load(file, plain);
        } catch (IOException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
        if (!(keys instanceof List<?> keyList)) {
            throw new IOException(path + ": the storage key list is not a list");
        }
        Map<String, float[]> data = new HashMap<>();
        for (Object k : keyList) {
            StorageRef ref = k instanceof String key ? policy.storages().get(key) : null;
            if (ref == null || data.containsKey(ref.key())) {
                throw new IOException(path + ": storage key " + k + " is listed but not referenced, or listed twice");
            }
            if (file.remaining() < 8) {
                throw new IOException(path + ": truncated before storage " + ref.key());
            }
            long count = file.getLong();
            if (count != ref.numel()) {
                throw new IOException(path + ": storage " + ref.key() + " holds " + count + " elements, the pickle says "
                        + ref.numel());
            }
            long bytes = count * ref.type().bytes;
            if (bytes > file.remaining()) {
                throw new IOException(path + ": truncated in storage " + ref.key() + " (needs " + bytes + " bytes, "
                        + file.remaining() + " left)");
            }
            ByteBuffer slice = file.slice(file.position(), (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            file.position(file.position() + (int) bytes);
            data.put(ref.key(), decode(slice, ref));
        }
        if (file.hasRemaining()) {
            throw new IOException(path + ": " + file.remaining() + " unexpected bytes after the last storage");
        }
        return tensors(path, stateDict, policy, data);
    }

    // ---- zip ----------------------------------------------------------------------------

    private static Map<String, Tensor> loadZip(Path path) throws IOException {
        ZipFile opened;
        try {
            opened = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new IOException(path + ": unreadable zip archive: " + e.getMessage(), e);
        }
        try (ZipFile zip = opened) {
            String prefix = archivePrefix(zip, path);
            ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
            if (byteorder != null && !"little".equals(new String(readEntry(zip, byteorder, 16, path), StandardCharsets.US_ASCII))) {
                throw new IOException(path + ": only little-endian checkpoints are supported");
            }
            ZipEntry pickleEntry = zip.getEntry(prefix + "data.pkl");
            StateDictPolicy policy = new StateDictPolicy(false);
            Object stateDict;
            try {
                stateDict = Pickle.load(readEntry(zip, pickleEntry, Integer.MAX_VALUE - 16, path), policy);
            } catch (IOException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
            Map<String, float[]> data = new HashMap<>();
            for (StorageRef ref : policy.storages().values()) {
                ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
                if (entry == null) {
                    throw new IOException(path + ": storage " + ref.key() + " has no entry " + prefix + "data/" + ref.key());
                }
                long bytes = ref.numel() * ref.type().bytes;
                if (entry.getSize() != bytes || bytes > Integer.MAX_VALUE - 16) {
                    throw new IOException(path + ": storage " + ref.key() + " entry has " + entry.getSize()
                            + " bytes, expected " + bytes);
                }
                byte[] raw = readEntry(zip, entry, (int) bytes, path);
                data.put(ref.key(), decode(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN), ref));
            }
            return tensors(path, stateDict, policy, data);
        }
    }

    /** The folder all entries live in ("archive/" or the saved file's stem), found by its data.pkl. */
    private static String archivePrefix(ZipFile zip, Path path) throws IOException {
        List<String> candidates = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - 9)
                .forEach(candidates::add);
        if (candidates.size() != 1) {
            throw new IOException(path + ": zip archive has " + candidates.size() + " top-level */data.pkl entries, expected 1");
        }
        return candidates.get(0).substring(0, candidates.get(0).length() - "data.pkl".length());
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry entry, int limit, Path path) throws IOException {
        if (entry.getSize() < 0 || entry.getSize() > limit) {
            throw new IOException(path + ": zip entry " + entry.getName() + " has an unusable size " + entry.getSize());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) entry.getSize());
            if (bytes.length != entry.getSize() || in.read() != -1) {
                throw new IOException(path + ": zip entry " + entry.getName() + " does not hold its declared size");
            }
            return bytes;
        }
    }

    // ---- tensors ------------------------------------------------------------------------

    private static float[] decode(ByteBuffer bytes, StorageRef ref) {
        float[] out = new float[Math.toIntExact(ref.numel())];
        StorageType type = ref.type();
        switch (type) {
            case FloatStorage -> bytes.asFloatBuffer().get(out);
            case HalfStorage -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(bytes.getShort());
            }
            case BFloat16Storage -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat((bytes.getShort() & 0xffff) << 16);
            }
            case DoubleStorage -> {
                for (int i = 0; i < out.length; i++) out[i] = (float) bytes.getDouble();
            }
            case LongStorage -> {
                for (int i = 0; i < out.length; i++) out[i] = bytes.getLong();
            }
            case IntStorage -> {
                for (int i = 0; i < out.length; i++) out[i] = bytes.getInt();
            }
        }
        return out;
    }

    private static Map<String, Tensor> tensors(Path path, Object stateDict, StateDictPolicy policy,
            Map<String, float[]> data) throws IOException {
        if (!(stateDict instanceof Map<?, ?> map)) {
            throw new IOException(path + ": expected a state dict (a dict of tensors) at the top level");
        }
        for (String key : policy.storages().keySet()) {
            if (!data.containsKey(key)) {
                throw new IOException(path + ": storage " + key + " is referenced but has no data");
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Set<String> wrapped = new HashSet<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IOException(path + ": state dict key " + e.getKey() + " is not a string");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new IOException(path + ": '" + key + "' is not a tensor");
            }
            try {
                float[] storage = data.get(ref.storage().key());
                tensors.put(key, StridedCopy.materialise(ref, storage, wrapped.add(ref.storage().key())));
            } catch (IllegalArgumentException ex) {
                throw new IOException(path + ": tensor '" + key + "': " + ex.getMessage(), ex);
            }
        }
        return tensors;
    }

    /** The preamble and key-list pickles hold only plain values: every global and persistent id is refused. */
    private static final class PlainValues implements Pickle.Policy {
        @Override
        public Object global(String module, String name) throws IOException {
            throw new IOException("pickle global '" + module + "." + name + "' is not allowed in a checkpoint");
        }

        @Override
        public Object reduce(Object callable, Pickle.Tuple args) throws IOException {
            throw new IOException("REDUCE is not allowed here");
        }

        @Override
        public Object build(Object target, Object state) throws IOException {
            throw new IOException("BUILD is not allowed here");
        }

        @Override
        public Object persistentLoad(Object pid) throws IOException {
            throw new IOException("persistent ids are not allowed here");
        }
    }
}
