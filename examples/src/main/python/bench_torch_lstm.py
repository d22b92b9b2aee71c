"""The PyTorch side of the LSTM benchmark, as dev.adjoint.examples.bench.LstmTraining times it: nn.LSTM of 128
units over 28 steps of 28 features (batch_first), its last hidden state into nn.Linear(128, 10), cross-entropy
from logits, Adam 1e-3, batch 64, random inputs. Prints one line per dtype:
RESULT bench torch_lstm_<dtype>_t<threads> samples_per_s=<median>
Usage: bench_torch_lstm.py THREADS STEPS ROUNDS WARMUP  (set OMP_WAIT_POLICY=PASSIVE outside)."""
import sys
import torch
from torch_timing import samples_per_second

threads, steps, rounds, warmup = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
torch.manual_seed(1)
nn = torch.nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 128, batch_first=True)
        self.dense = nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.dense(out[:, -1, :])


for dtype, name in ((torch.float32, "f32"), (torch.float64, "f64")):
    model = Net().to(dtype)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(64, 28, 28, dtype=dtype)
    y = torch.arange(64) * 7 % 10
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    rate = samples_per_second(step, 64, steps, rounds, warmup)
    print(f"RESULT bench torch_lstm_{name}_t{threads} samples_per_s={rate:.0f}", flush=True)
