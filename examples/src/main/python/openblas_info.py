"""Which OpenBLAS kernel this process runs (OpenBLAS picks it at load time from the CPU, or from
OPENBLAS_CORETYPE): openblas_core() names it, e.g. 'Haswell' or 'SkylakeX', or None when the BLAS that numpy
and PyTorch load is not OpenBLAS. Run as a script it prints the name alone (the bench driver's probe)."""
import ctypes


def openblas_core():
    import numpy  # noqa: F401  (loads the BLAS numpy uses, so the handle below is that same library)
    for name in ("libblas.so.3", "libopenblas.so.0"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return None


if __name__ == "__main__":
    print(openblas_core())
