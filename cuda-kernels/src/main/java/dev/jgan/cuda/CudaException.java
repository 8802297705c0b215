package dev.jgan.cuda;

/** A failed CUDA driver call: names the call and the driver's error name. */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int code;

    public CudaException(String call, int code, String errorName, String errorText) {
        super(call + " failed: " + errorName + " (" + code + ")"
                + (errorText == null || errorText.isEmpty() ? "" : ": " + errorText));
        this.call = call;
        this.code = code;
    }

    /** The driver API call that failed, e.g. {@code cuMemAlloc}. */
    public String call() {
        return call;
    }

    /** The driver's CUresult value. */
    public int code() {
        return code;
    }
}
