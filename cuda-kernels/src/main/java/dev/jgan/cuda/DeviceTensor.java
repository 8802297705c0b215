package dev.jgan.cuda;

import dev.jgan.tensor.Shapes;
import dev.jgan.tensor.Tensor;

/** A dense float32 tensor in device memory: a shape over a {@link DeviceBuffer}, row-major like {@link Tensor}. */
public final class DeviceTensor implements AutoCloseable {
    private final int[] shape;
    private final DeviceBuffer buffer;
    /** False for a view from {@link #reshape}: closing it leaves the memory to the tensor it views. */
    private final boolean owner;

    private DeviceTensor(CudaContext context, int[] shape) {
        this.shape = shape.clone();
        this.buffer = new DeviceBuffer(context, Shapes.size(shape));
        this.owner = true;
    }

    private DeviceTensor(int[] shape, DeviceBuffer buffer) {
        this.shape = shape;
        this.buffer = buffer;
        this.owner = false;
    }

    /** Uninitialised device tensor of the given shape. */
    public static DeviceTensor allocate(CudaContext context, int... shape) {
        return new DeviceTensor(context, shape);
    }

    /** A device copy of {@code host}. */
    public static DeviceTensor upload(CudaContext context, Tensor host) {
        DeviceTensor t = new DeviceTensor(context, host.shape());
        t.buffer.upload(host.data());
        return t;
    }

    /** A host copy, after every earlier operation on the stream. */
    public Tensor download() {
        Tensor host = Tensor.zeros(shape);
        buffer.download(host.data());
        return host;
    }

    /** Copies into {@code host}, whose shape must match. */
    public void download(Tensor host) {
        Shapes.requireSame("download target", shape, host.shape());
        buffer.download(host.data());
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return buffer.length();
    }

    /** A view with another shape of the same size over the same memory; closing the view frees nothing. */
    public DeviceTensor reshape(int... newShape) {
        if (Shapes.size(newShape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.toString(shape) + " to "
                    + Shapes.toString(newShape) + ": sizes differ");
        }
        return new DeviceTensor(newShape.clone(), buffer);
    }

    public DeviceBuffer buffer() {
        return buffer;
    }

    /** Device address of element 0. */
    public long address() {
        return buffer.address();
    }

    public void fill(float value) {
        buffer.fill(value);
    }

    @Override
    public void close() {
        if (owner) {
            buffer.close();
        }
    }
}
