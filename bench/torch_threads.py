"""Sets PyTorch's thread count for every library it computes with.

torch.set_num_threads covers PyTorch's own kernels and oneDNN, but not an OpenBLAS built with
pthreads (Debian's libopenblas0-pthread, which torch.mm uses): that one keeps one thread per core
unless told otherwise through openblas_set_num_threads.
"""
import ctypes


def loaded_openblas():
    """The OpenBLAS library this process has loaded, or None."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "libopenblas" in path and path.startswith("/"):
                return ctypes.CDLL(path)
    return None


def set_threads(torch, n):
    """Runs PyTorch, oneDNN and OpenBLAS (if loaded) on n threads."""
    torch.set_num_threads(n)
    blas = loaded_openblas()
    if blas is not None and hasattr(blas, "openblas_set_num_threads"):
        blas.openblas_set_num_threads(n)
