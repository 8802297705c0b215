package dev.jgan.cuda;

import static dev.jgan.cuda.CudaCheck.check;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static org.bytedeco.cuda.global.cudart.CU_STREAM_NON_BLOCKING;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRelease;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemFree;
import static org.bytedeco.cuda.global.cudart.cuStreamCreate;
import static org.bytedeco.cuda.global.cudart.cuStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUstream_st;

/**
 * One GPU: its primary context, one non-blocking stream on which every copy and kernel of
 * this context runs in order, a caching allocator, the loaded PTX modules, the native block
 * its launches pass their parameters in and the host buffer its copies go through.
 * Use it from one thread at a time; each operation makes the context current on its thread.
 */
public final class CudaContext implements AutoCloseable {
    private final int device;
    private final CUctx_st context;
    private final CUstream_st stream;
    private final CachingAllocator allocator;
    private final Map<String, CudaModule> modules = new HashMap<>();
    private final LaunchParameters launchParameters = new LaunchParameters();
    private final HostStaging hostStaging = new HostStaging();
    private final String deviceName;
    private final int multiprocessors;
    private boolean closed;

    private CudaContext(int device, CUctx_st context, CUstream_st stream) {
        this.device = device;
        this.context = context;
        this.stream = stream;
        this.allocator = new CachingAllocator(new DriverMemory());
        this.deviceName = queryName(device);
        this.multiprocessors = attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, "multiprocessor count");
    }

    /** Opens device {@code ordinal}; throws {@link CudaUnavailableException} when there is no usable GPU. */
    public static CudaContext open(int ordinal) {
        CudaRuntime.requireAvailable();
        check(cuInit(0), "cuInit");
        int[] device = new int[1];
        check(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        CUctx_st context = new CUctx_st();
        check(cuDevicePrimaryCtxRetain(context, device[0]), "cuDevicePrimaryCtxRetain");
        try {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CUstream_st stream = new CUstream_st();
            check(cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            return new CudaContext(device[0], context, stream);
        } catch (RuntimeException e) {
            cuDevicePrimaryCtxRelease(device[0]);
            throw e;
        }
    }

    /** Makes this context current on the calling thread. */
    public void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("CUDA context already closed");
        }
        check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Waits until every operation queued on the stream has finished; kernel faults surface here. */
    public void synchronize() {
        makeCurrent();
        check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    public String deviceName() {
        return deviceName;
    }

    public int multiprocessors() {
        return multiprocessors;
    }

    /** The kernel's function, its PTX module loaded on first use; makes the context current. */
    CudaFunction function(Kernel kernel) {
        makeCurrent();
        return modules.computeIfAbsent(kernel.module, n -> CudaModule.load(this, n)).function(kernel.entry);
    }

    CUstream_st stream() {
        return stream;
    }

    /** The host buffer every upload and download of this context copies through. */
    HostStaging hostStaging() {
        return hostStaging;
    }

    /** The native block every launch of this context writes its parameter values into. */
    LaunchParameters launchParameters() {
        return launchParameters;
    }

    CachingAllocator allocator() {
        return allocator;
    }

    /** Waits for the stream, then frees cached memory, unloads modules and releases the context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            synchronize();
            allocator.close();
            modules.values().forEach(CudaModule::close);
            check(cuStreamDestroy(stream), "cuStreamDestroy");
        } finally {
            closed = true;
            modules.clear();
            launchParameters.close();
            hostStaging.close();
            check(cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
        }
    }

    private static String queryName(int device) {
        byte[] name = new byte[256];
        check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    private static int attribute(int device, int attribute, String what) {
        int[] value = new int[1];
        check(cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute(" + what + ")");
        return value[0];
    }

    /** cuMemAlloc / cuMemFree in the current context. */
    private final class DriverMemory implements DeviceMemory {
        @Override
        public long allocate(long bytes) {
            makeCurrent();
            long[] address = new long[1];
            check(cuMemAlloc(address, bytes), "cuMemAlloc(" + bytes + " bytes)");
            return address[0];
        }

        @Override
        public void free(long address) {
            makeCurrent();
            check(cuMemFree(address), "cuMemFree");
        }
    }
}
