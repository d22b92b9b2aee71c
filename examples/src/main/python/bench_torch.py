"""The PyTorch side of the MLP benchmark: the same model, data shapes, batch and optimizers as
dev.adjoint.examples.bench.MlpTraining. Prints one line per configuration:
RESULT bench torch_mlp_<dtype>_<opt>_t<threads> samples_per_s=<median>
Usage: bench_torch.py THREADS STEPS ROUNDS [WARMUP]  (set OPENBLAS_NUM_THREADS and OMP_WAIT_POLICY=PASSIVE outside)."""
import os, re, sys, time, statistics
import torch
from openblas_info import openblas_core

capability = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
print(f"# torch {torch.__version__}, CPU capability {capability.group(1) if capability else 'unknown'}"
      f" (ATEN_CPU_CAPABILITY={os.environ.get('ATEN_CPU_CAPABILITY', 'unset')}), OpenBLAS kernel {openblas_core()}"
      f" (OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')})", flush=True)

threads, steps, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 20
# "peak": only f32 SGD, then the process's peak resident set (VmHWM, else ru_maxrss) as
# RESULT bench torch_mlp_peak_rss_mb_f32_sgd_t<threads> mb=<MB>
peak = len(sys.argv) > 5 and sys.argv[5] == "peak"
torch.set_num_threads(threads)
torch.manual_seed(1)
for dtype, name in ((torch.float32, "f32"),) + (() if peak else ((torch.float64, "f64"),)):
    for opt_name in ("sgd",) + (() if peak else ("adam",)):
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                    torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3) if opt_name == "adam" else \
            torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.rand(128, 784, dtype=dtype)
        y = torch.arange(128) * 7 % 10
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

        for _ in range(warmup):
            step()
        rates = []
        for _ in range(rounds):
            t = time.perf_counter()
            for _ in range(steps):
                step()
            rates.append(steps * 128 / (time.perf_counter() - t))
        print(f"RESULT bench torch_mlp_{name}_{opt_name}_t{threads} samples_per_s={statistics.median(rates):.0f}",
              flush=True)
if peak:
    import resource
    mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    mb = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    print(f"RESULT bench torch_mlp_peak_rss_mb_f32_sgd_t{threads} mb={mb:.4g}", flush=True)
