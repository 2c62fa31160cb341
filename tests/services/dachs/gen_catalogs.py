#!/usr/bin/python3
"""Deterministic synthetic source catalogues for the tapstudy DaCHS tables.

usage: gen_catalogs.py OUTDIR cat            -> OUTDIR/cat.csv (5000 rows, seed 42)
       gen_catalogs.py OUTDIR big NROWS      -> OUTDIR/big.csv (NROWS rows, seed 4242)

The algorithm (and therefore every number in KNOWN_ANSWERS.md) must not
change: random.Random is stable across CPython 3 versions for uniform().
Run with Debian's /usr/bin/python3 (3.11) as in the tested recipe.
"""
import math
import os
import random
import sys


def gen(path, n, seed, ra_range, dec_range):
    rnd = random.Random(seed)
    smin, smax = (math.sin(math.radians(d)) for d in dec_range)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("id,ra,dec,mag,name,flag\n")
        for i in range(1, n + 1):
            ra = rnd.uniform(*ra_range)
            dec = math.degrees(math.asin(rnd.uniform(smin, smax)))
            mag = round(rnd.uniform(10.0, 20.0), 3)
            flag = "" if i % 97 == 0 else str(i % 4)      # some NULLs
            f.write(f"{i},{ra:.7f},{dec:.7f},{mag},SRC-{i:07d},{flag}\n")
    os.replace(tmp, path)


def main():
    out, which = sys.argv[1], sys.argv[2]
    if which == "cat":
        gen(f"{out}/cat.csv", 5000, 42, (150.0, 160.0), (-5.0, 5.0))
    elif which == "big":
        gen(f"{out}/big.csv", int(sys.argv[3]), 4242, (0.0, 360.0), (-90.0, 90.0))
    else:
        sys.exit(f"unknown catalogue {which!r}")


if __name__ == "__main__":
    main()
