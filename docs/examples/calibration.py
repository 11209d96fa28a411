"""Calibration with pyabc (ABC-SMC) at a small budget: the posterior of three behavioural
parameters against the reference figures of docs/CALIBRATION.md, and where the defaults sit in it.

    python docs/examples/calibration.py --out Results/abc-small --small          # the test's size
    python docs/examples/calibration.py --out Results/abc --population 200 --generations 8 \\
        --processes 2                                                           # the full one

Writes posterior.csv, summary.csv, marginals.png, pairs.png, ppc.csv and ppc.png (see buurt.calibrate).
"""

import argparse
import time

import buurt.calibrate as cal


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="Results/abc")
    ap.add_argument("--small", action="store_true",
                    help="a tiny budget: small district, 2 years, participation and hours only, 2 generations of 12, 2 processes")
    ap.add_argument("--population", type=int, default=100)
    ap.add_argument("--generations", type=int, default=6)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--residents", type=int, default=4000)
    ap.add_argument("--maak-je-stad-scale", type=float, default=0.1)
    args = ap.parse_args()
    started = time.time()
    if args.small:
        targets = [t for t in cal.TARGETS if t.column in ("participation_rate_mean", "hours_per_volunteer_mean")]
        result = cal.calibrate(out=args.out, targets=targets, set={"population.residents": 800, "population.intermediaries": 6,
                                                                   "population.civil_servants": 6},
                               ticks=104, population_size=12, generations=2, ppc_draws=4,
                               processes=max(2, args.processes))
    else:
        result = cal.calibrate(out=args.out, set={"population.residents": args.residents,
                                                  "population.intermediaries": max(4, args.residents // 250)},
                               maak_je_stad_scale=args.maak_je_stad_scale, population_size=args.population,
                               generations=args.generations, processes=args.processes)
    print(f"ABC-SMC: {result.runs} particles evaluated in {result.minutes:.1f} minutes")
    print(result.summary.to_string(index=False))
    for row in result.summary.itertuples():
        where = "inside" if row.default_inside_90 else "outside"
        print(f"  {row.parameter}: default {row.default:g} is {where} the 90% interval "
              f"[{row.q05:.4g}, {row.q95:.4g}] (median {row.median:.4g})")
    print(f"Wrote posterior.csv, summary.csv, marginals.png, pairs.png, ppc.csv, ppc.png in {args.out} "
          f"({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
