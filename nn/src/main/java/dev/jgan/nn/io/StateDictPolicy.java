package dev.jgan.nn.io;

import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a PyTorch state-dict pickle may contain, and nothing more: the globals
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_tensor}, {@code torch._utils._rebuild_parameter} and the
 * storage types of {@link StorageType}. Tensors become {@link TensorRef}s (storage, offset,
 * size, stride) to be materialised once the storage bytes are known; storages become
 * {@link StorageRef}s, registered by key. Any other global is refused before anything else
 * happens.
 */
final class StateDictPolicy implements Pickle.Policy {
    /** A storage element type: its pickle name and element size. */
    enum StorageType {
        FloatStorage(4), HalfStorage(2), BFloat16Storage(2), DoubleStorage(8), LongStorage(8), IntStorage(4);

        final int bytes;

        StorageType(int bytes) {
            this.bytes = bytes;
        }
    }

    /** A storage referenced by a persistent id: key, element type, element count. */
    record StorageRef(String key, StorageType type, long numel) {}

    /** A tensor view: {@code value[i] = storage[offset + sum(i_k * stride_k)]}. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private enum Callable { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER }

    private final boolean legacyIds;
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    /**
     * @param legacyIds whether persistent ids have the six fields of the legacy format
     *     (the last, view metadata, must be None) instead of the zip format's five
     */
    StateDictPolicy(boolean legacyIds) {
        this.legacyIds = legacyIds;
    }

    /** The storages the pickle referenced, by key, in order of first reference. */
    Map<String, StorageRef> storages() {
        return storages;
    }

    @Override
    public Object global(String module, String name) throws IOException {
        String qualified = module + "." + name;
        switch (qualified) {
            case "collections.OrderedDict" -> {
                return Callable.ORDERED_DICT;
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                return Callable.REBUILD_TENSOR_V2;
            }
            case "torch._utils._rebuild_tensor" -> {
                return Callable.REBUILD_TENSOR;
            }
            case "torch._utils._rebuild_parameter" -> {
                return Callable.REBUILD_PARAMETER;
            }
            default -> {
                if (module.equals("torch")) {
                    for (StorageType t : StorageType.values()) {
                        if (t.name().equals(name)) {
                            return t;
                        }
                    }
                }
                throw new IOException("pickle global '" + qualified + "' is not allowed in a checkpoint");
            }
        }
    }

    @Override
    public Object reduce(Object callable, Pickle.Tuple args) throws IOException {
        if (!(callable instanceof Callable c)) {
            throw new IOException("cannot call " + describe(callable) + " in a checkpoint");
        }
        return switch (c) {
            case ORDERED_DICT -> {
                if (args.size() != 0) {
                    throw new IOException("OrderedDict expects no arguments, got " + args.size());
                }
                yield new LinkedHashMap<>();
            }
            case REBUILD_TENSOR_V2 -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (args.size() != 6 && args.size() != 7) {
                    throw new IOException("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + args.size());
                }
                if (!(args.get(4) instanceof Boolean)) {
                    throw new IOException("_rebuild_tensor_v2: requires_grad is not a bool");
                }
                requireEmptyHooks(args.get(5));
                if (args.size() == 7 && args.get(6) != null && !(args.get(6) instanceof Map<?, ?> m && m.isEmpty())) {
                    throw new IOException("_rebuild_tensor_v2: tensor metadata is not supported");
                }
                yield tensor(args);
            }
            case REBUILD_TENSOR -> {
                if (args.size() != 4) {
                    throw new IOException("_rebuild_tensor expects 4 arguments, got " + args.size());
                }
                yield tensor(args);
            }
            case REBUILD_PARAMETER -> {
                // (data, requires_grad, backward_hooks)
                if (args.size() != 3 || !(args.get(0) instanceof TensorRef data)) {
                    throw new IOException("_rebuild_parameter expects (tensor, requires_grad, backward_hooks)");
                }
                requireEmptyHooks(args.get(2));
                yield data;
            }
        };
    }

    @Override
    public Object build(Object target, Object state) throws IOException {
        // An OrderedDict's state carries the state dict's _metadata (module versions); not needed.
        if (target instanceof Map && (state == null || state instanceof Map)) {
            return target;
        }
        throw new IOException("BUILD on " + describe(target) + " is not allowed in a checkpoint");
    }

    @Override
    public Object persistentLoad(Object pid) throws IOException {
        // ('storage', storage_type, key, location, numel[, view_metadata])
        int fields = legacyIds ? 6 : 5;
        if (!(pid instanceof Pickle.Tuple t) || t.size() != fields || !"storage".equals(t.get(0))) {
            throw new IOException("persistent id is not a " + fields + "-field ('storage', ...) tuple");
        }
        if (!(t.get(1) instanceof StorageType type)) {
            throw new IOException("persistent id names no storage type: " + describe(t.get(1)));
        }
        if (!(t.get(2) instanceof String key) || !(t.get(3) instanceof String) || !(t.get(4) instanceof Long numel)
                || numel < 0) {
            throw new IOException("malformed storage persistent id");
        }
        if (legacyIds && t.get(5) != null) {
            throw new IOException("storage " + key + ": storage views (view metadata) are not supported");
        }
        StorageRef ref = new StorageRef(key, type, numel);
        StorageRef known = storages.putIfAbsent(key, ref);
        if (known != null && !known.equals(ref)) {
            throw new IOException("storage " + key + " is referenced with different types or sizes");
        }
        return known != null ? known : ref;
    }

    private static TensorRef tensor(Pickle.Tuple args) throws IOException {
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw new IOException("tensor storage is " + describe(args.get(0)) + ", not a storage");
        }
        if (!(args.get(1) instanceof Long offset)) {
            throw new IOException("tensor storage offset is not an integer");
        }
        long[] size = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (size.length != stride.length) {
            throw new IOException("tensor size has " + size.length + " dimensions but stride " + stride.length);
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private static long[] longs(Object value, String what) throws IOException {
        if (!(value instanceof Pickle.Tuple t)) {
            throw new IOException("tensor " + what + " is not a tuple");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v)) {
                throw new IOException("tensor " + what + " holds a non-integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static void requireEmptyHooks(Object hooks) throws IOException {
        if (!(hooks instanceof Map<?, ?> m) || !m.isEmpty()) {
            throw new IOException("tensor backward hooks must be an empty OrderedDict");
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String || value instanceof Long || value instanceof BigInteger || value instanceof Enum) {
            return "'" + value + "'";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
