package dev.jgan.cuda;

/** Thrown when GPU work is requested on a machine where {@link CudaRuntime#isAvailable()} is false. */
public class CudaUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String reason) {
        super("CUDA is not available: " + reason);
    }
}
