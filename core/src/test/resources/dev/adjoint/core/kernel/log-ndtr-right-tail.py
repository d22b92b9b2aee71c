# Writes log-ndtr-right-tail.csv: x, logNdtr'(x) = npdf(x) / ncdf(x), logNdtr''(x) = -r (x + r), by mpmath at
# 80 digits, for x on [0, 37.5] in steps of 1/16 and at 300 random points of it (random.Random(5)).
# Run with python3 (mpmath): python3 log-ndtr-right-tail.py > log-ndtr-right-tail.csv
import random
import mpmath

mpmath.mp.dps = 80
rng = random.Random(5)
xs = [k / 16 for k in range(0, 601)] + sorted(rng.uniform(0, 37.5) for _ in range(300))
print("# x, npdf(x) / ncdf(x), -r (x + r) with r = npdf(x) / ncdf(x); mpmath at 80 digits")
for x in xs:
    t = mpmath.mpf(x)
    r = mpmath.npdf(t) / mpmath.ncdf(t)
    d2 = -r * (t + r)
    print("%r,%s,%s" % (x, mpmath.nstr(r, 25, min_fixed=1, max_fixed=0), mpmath.nstr(d2, 25, min_fixed=1, max_fixed=0)))
