"""The timing loop the PyTorch peers share: WARMUP steps, then ROUNDS rounds of STEPS steps, the median rate."""
import statistics, time


def samples_per_second(step, batch, steps, rounds, warmup):
    """Runs step() warmup times, then rounds x steps times; the median of the rounds' samples per second."""
    for _ in range(warmup):
        step()
    rates = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps * batch / (time.perf_counter() - t))
    return statistics.median(rates)
