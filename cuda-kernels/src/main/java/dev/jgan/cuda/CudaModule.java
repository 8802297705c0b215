package dev.jgan.cuda;

import static dev.jgan.cuda.CudaCheck.check;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.javacpp.BytePointer;

/** A PTX module from the class path (dev/jgan/cuda/NAME.ptx), JIT-compiled by the driver at load. */
final class CudaModule implements AutoCloseable {
    static final String RESOURCE_DIR = "/dev/jgan/cuda/";

    private final String name;
    private final CUmod_st module;
    private final Map<String, CudaFunction> functions = new HashMap<>();

    private CudaModule(String name, CUmod_st module) {
        this.name = name;
        this.module = module;
    }

    /** Loads module {@code name} into the context current on this thread. */
    static CudaModule load(CudaContext context, String name) {
        byte[] ptx = ptx(name);
        byte[] terminated = Arrays.copyOf(ptx, ptx.length + 1);  // cuModuleLoadData reads a C string
        try (BytePointer image = new BytePointer(terminated)) {
            context.makeCurrent();
            CUmod_st module = new CUmod_st();
            check(cuModuleLoadData(module, image), "cuModuleLoadData(" + name + ".ptx)");
            return new CudaModule(name, module);
        }
    }

    /** The PTX text of module {@code name} as stored in the resources. */
    static byte[] ptx(String name) {
        String path = RESOURCE_DIR + name + ".ptx";
        try (InputStream in = CudaModule.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no PTX resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PTX resource " + path, e);
        }
    }

    /** The kernel {@code entry} (an extern "C" __global__ function of the module). */
    CudaFunction function(String entry) {
        return functions.computeIfAbsent(entry, e -> {
            CUfunc_st function = new CUfunc_st();
            check(cuModuleGetFunction(function, module, e), "cuModuleGetFunction(" + name + "." + e + ")");
            return new CudaFunction(e, function);
        });
    }

    @Override
    public void close() {
        functions.clear();
        check(cuModuleUnload(module), "cuModuleUnload(" + name + ")");
    }
}
