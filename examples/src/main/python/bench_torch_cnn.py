"""The PyTorch side of the CNN benchmark: the network of dev.adjoint.examples.FashionMnistCnn without its
augmentation, as dev.adjoint.examples.bench.CnnTraining times it (same layers, Keras's batch-normalization
epsilon 1e-3 and momentum 0.99, Adam 1e-3, batch 128, random images). Prints one line per dtype:
RESULT bench torch_cnn_<dtype>_t<threads> samples_per_s=<median>
Usage: bench_torch_cnn.py THREADS STEPS ROUNDS WARMUP  (set OMP_WAIT_POLICY=PASSIVE outside)."""
import sys
import torch
from torch_timing import samples_per_second

threads, steps, rounds, warmup = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
torch.manual_seed(1)
nn = torch.nn


def block(cin, cout, p):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01),
            nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(p)]


for dtype, name in ((torch.float32, "f32"), (torch.float64, "f64")):
    model = nn.Sequential(*block(1, 32, 0.1), *block(32, 64, 0.1), *block(64, 128, 0.2), nn.Flatten(),
                          nn.Linear(128 * 3 * 3, 256, bias=False), nn.BatchNorm1d(256, eps=1e-3, momentum=0.01),
                          nn.ReLU(), nn.Dropout(0.3), nn.Linear(256, 10)).to(dtype)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(128, 1, 28, 28, dtype=dtype)
    y = torch.arange(128) * 7 % 10
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    rate = samples_per_second(step, 128, steps, rounds, warmup)
    print(f"RESULT bench torch_cnn_{name}_t{threads} samples_per_s={rate:.0f}", flush=True)
