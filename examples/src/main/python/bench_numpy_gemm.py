"""OpenBLAS GEMM through numpy, the reference for the GEMM benchmark. Prints
RESULT bench openblas_gemm_<dtype>_n<n>_t<threads> gflops=<median>
Usage: bench_numpy_gemm.py THREADS  (set OPENBLAS_NUM_THREADS outside, before numpy loads)."""
import os, sys, time, statistics
import numpy as np
from openblas_info import openblas_core

print(f"# numpy {np.__version__}, OpenBLAS kernel {openblas_core()}"
      f" (OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')})", flush=True)

threads = int(sys.argv[1])
for dtype, name in ((np.float32, "f32"), (np.float64, "f64")):
    for n in (128, 256, 512, 1024):
        a = np.random.rand(n, n).astype(dtype)
        b = np.random.rand(n, n).astype(dtype)
        reps = max(3, int(1e9 / (2.0 * n ** 3)))
        for _ in range(2):
            a @ b
        rates = []
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(reps):
                a @ b
            rates.append(2.0 * n ** 3 * reps / (time.perf_counter() - t) / 1e9)
        print(f"RESULT bench openblas_gemm_{name}_n{n}_t{threads} gflops={statistics.median(rates):.1f}", flush=True)
