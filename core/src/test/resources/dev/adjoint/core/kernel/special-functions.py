"""Writes special-functions.csv: reference values of erf, erfc, asinh, acosh, atanh at double arguments,
computed with mpmath at 60 significant digits and rounded once to the nearest double (parsing 40 digits) (Python's repr round-trips
exactly). Run once with /usr/bin/python3 (mpmath 1.2.1); the CSV is committed. Columns: function, x, f(x)."""
import random
import mpmath

mpmath.mp.dps = 60
random.seed(20261211)

def points(lo, hi, n, symmetric=True):
    xs = [random.uniform(lo, hi) for _ in range(n)]
    return xs + [-x for x in xs] if symmetric else xs

def log_points(lo_exp, hi_exp, n):
    return [10 ** random.uniform(lo_exp, hi_exp) for _ in range(n)]

erf_args = ([0.0, 1e-300, 3e-310, 1e-20, 1e-9, 0.25, 0.5, 0.84375, 0.84374999999999, 1.0, 1.25, 1.2499999999,
             2.0, 2.857142857142857, 2.86, 3.0, 5.0, 5.9999, 6.0, 10.0, 26.5, 27.9, 28.0]
            + points(0, 0.84375, 40) + points(0.84375, 1.25, 30) + points(1.25, 1 / 0.35, 30)
            + points(1 / 0.35, 6, 30) + points(6, 27, 20))
erf_args = erf_args + [-x for x in erf_args[:23]]
asinh_args = [1e-30, 1e-9, 0.5, 1.0, 2.0, 2.5, 1e10, 3e8, 1e300] + points(0, 2, 30) + points(2, 100, 20) \
    + log_points(-8, 8, 20)
asinh_args = asinh_args + [-x for x in asinh_args[:9]]
acosh_args = [1.0, 1.0000000001, 1.5, 2.0, 2.0000001, 3e8, 1e300] + points(1, 2, 30, False) \
    + points(2, 100, 30, False) + [1 + 10 ** random.uniform(-12, 0) for _ in range(20)]
atanh_args = [0.0, 1e-30, 1e-9, 0.25, 0.5, 0.4999999, 0.9, 0.999999, 1 - 2 ** -52] + points(0, 0.5, 30) \
    + points(0.5, 1, 30)
atanh_args = atanh_args + [-x for x in atanh_args[:9]]

rows = []
for name, f, args in [("erf", mpmath.erf, erf_args), ("erfc", mpmath.erfc, erf_args),
                      ("asinh", mpmath.asinh, asinh_args), ("acosh", mpmath.acosh, acosh_args),
                      ("atanh", mpmath.atanh, atanh_args)]:
    for x in args:
        rows.append("%s,%r,%r" % (name, x, float(mpmath.nstr(f(mpmath.mpf(x)), 40, strip_zeros=False))))
with open("special-functions.csv", "w") as out:
    out.write("# " + __doc__.replace("\n", " ") + "\n")
    out.write("\n".join(rows) + "\n")
