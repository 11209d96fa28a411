"""Calibration of Buurt's uncertain behavioural parameters with pyabc (ABC-SMC).

    import buurt.calibrate as cal
    result = cal.calibrate(out="Results/abc", population_size=100, generations=6)
    print(result.summary)          # posterior median and 90% interval of each parameter

The parameters (`PARAMETERS`) have uniform priors over the plausible ranges the lever registry
declares (`buurt params --uncertain`; a lever not marked uncertain: its allowed range), read from the
executable by `priors()`. The summary statistics are the reference figures of docs/CALIBRATION.md
(`TARGETS`, the one place they are declared), each with the
tolerance that scales its distance: participation in a year, hours per active volunteer, survival
two years after the last grant (baseline district), and the competitive grant success rate of a
Maak je Stad round (Models/maak-je-stad.yaml, scaled down by `maak_je_stad_scale`: population,
intermediaries, civil servants, neighbourhoods and the pot together, which keeps applications per
grant). The distance is the root of the summed squared deviations in tolerance units, so a
particle within every tolerance has a distance below sqrt(number of targets).

Each particle is one `buurt run` per scenario its targets need (with a fresh seed). pyabc's own
samplers spread the particles over cores (`processes`) or machines (pass a pyabc Redis or Dask
sampler as `sampler`).

Written to `out`: abc.db (pyabc's history, each parameter on its prior's unit interval), posterior.csv (the last generation's particles and
weights, by lever name), summary.csv (median, 5% and 95% quantiles, the default and whether it lies
inside, the prior's bounds), marginals.png, pairs.png, and the posterior predictive check: ppc.csv (the statistics
of runs at posterior draws and at the defaults) and ppc.png.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ._cli import BuurtError, executable, lever_specs, metric_specs, summary_columns
from ._load import read_csv
from ._levers import default_range, format_value


@dataclasses.dataclass(frozen=True)
class Target:
    """A reference figure: a summary column of a run, its value and the tolerance of the fit."""
    column: str
    value: float
    tolerance: float
    scenario: str  # "baseline" or "maak-je-stad"
    source: str


# The reference figures, the one place they are declared (docs/CALIBRATION.md's pyabc table lists
# them from here): the calibration table of docs/CALIBRATION.md (scripts/calibration-table) with the
# sources given there, each with the tolerance that scales its distance.
TARGETS = [
    Target("participation_rate_mean", 0.056, 0.03, "baseline",
           "De Wit & Hoolwerf 2015: 5.6% organise social activities in their neighbourhood; a few percent to about 10%"),
    Target("hours_per_volunteer_mean", 4.2, 0.5, "baseline", "CBS 2023: a little over 4 hours a week"),
    Target("survival_after_grant_final", 0.60, 0.15, "baseline",
           "Scheirer 2005: at least 60% kept some part in 14 of 17 studies"),
    Target("grant_success_rate_final", 0.076, 0.02, "maak-je-stad",
           "Amsterdammers, Maak je Stad!: 36 of about 475 applicants funded"),
]

# The behavioural parameters fitted by default: spark rate (participation, applications), volunteer
# hours (hours per volunteer) and maturation (survival after the grant). Their priors are not typed
# here: `prior_range` reads them from the lever registry (`buurt params --format json`).
PARAMETERS = ("behaviour.spark_rate", "behaviour.volunteer_hours", "behaviour.maturation_rate")


def prior_range(lever: str) -> tuple[float, float, str]:
    """The uniform prior of a lever from the registry: (low, high, where from), the same default
    range as `buurt.ema` and `buurt.salib` use (`buurt._levers.default_range`): an uncertain lever's
    plausible range (`buurt params --uncertain`); a lever the registry does not mark uncertain
    (behaviour.volunteer_hours, whose default rests on CBS's figure) gets its whole allowed range."""
    spec = lever_specs().get(lever)
    if spec is None or spec["kind"] != "real":
        raise BuurtError(f"'{lever}' is not a real-valued lever (see buurt.params())")
    return default_range(lever)


def priors(parameters: Sequence[str] | Mapping[str, tuple[float, float] | None] | None = None) -> dict[str, tuple[float, float]]:
    """Uniform prior bounds by lever: `parameters` as names (bounds from the registry, `prior_range`)
    or a mapping of names to (low, high), or None for the registry's; default `PARAMETERS`."""
    items = (parameters.items() if isinstance(parameters, Mapping)
             else [(p, None) for p in (parameters if parameters is not None else PARAMETERS)])
    return {lever: (prior_range(lever)[:2] if given is None else (float(given[0]), float(given[1])))
            for lever, given in items}

# The levers of Models/maak-je-stad.yaml that `maak_je_stad_scale` multiplies: the totals of the
# town (its people and its pot), so that applications per grant stay as in the city. They are named
# here, beside TARGETS, because the registry does not say which levers are totals of a town (per-person
# and per-initiative levers must not be scaled); a lever the scenario file does not set is not scaled.
MAAK_JE_STAD_SCALED = ("population.residents", "population.intermediaries", "population.civil_servants",
                       "population.neighbourhoods", "funding.annual_budget")

MAAK_JE_STAD = os.path.join("Models", "maak-je-stad.yaml")


def _parents(path: str) -> list[str]:
    out = []
    path = os.path.dirname(path)
    while path and path not in out:
        out.append(path)
        path = os.path.dirname(path)
    return out


def find_repo_file(rel: str, given: str | None = None) -> str:
    """A file of the Buurt repository such as Models/maak-je-stad.yaml: `given` if set (it must
    exist), else the first `rel` found going up from the executable as named (BUURT_BIN or PATH, e.g.
    .../.build/release/buurt), from the file it resolves to (SwiftPM's .build/release is a symlink
    to .build/<triple>/release), from this package (a checkout's python/buurt) and from the current
    folder. A BuurtError lists the places looked in."""
    if given is not None:
        if not os.path.isfile(given):
            raise BuurtError(f"{given}: no such file (the Maak je Stad scenario, {rel} in the Buurt repository)")
        return os.path.abspath(given)
    exe = executable()
    starts = [os.path.abspath(exe), os.path.realpath(exe), os.path.abspath(__file__),
              os.path.join(os.path.abspath(os.getcwd()), "x")]
    looked = []
    for start in starts:
        for base in _parents(start):
            if base in looked:
                continue
            looked.append(base)
            p = os.path.join(base, rel)
            if os.path.isfile(p):
                return p
    raise BuurtError(f"{rel} not found in the folders above the executable ({exe}), this package or the current "
                     f"folder ({len(looked)} folders looked in, e.g. {', '.join(looked[:3])}); "
                     "pass its path: calibrate(maak_je_stad_file=...)")


def _maak_je_stad_values(scale: float, path: str) -> dict[str, str]:
    """The scaled population and pot of the Maak je Stad scenario file (`MAAK_JE_STAD_SCALED`)."""
    import yaml

    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    values = {}
    for lever in MAAK_JE_STAD_SCALED:
        group, key = lever.split(".", 1)
        v = (doc.get(group) or {}).get(key)
        if v is not None:
            values[lever] = format_value(lever, max(1, int(round(float(v) * scale))))
    return values


class Simulator:
    """The pyabc model: a parameter dict (identifier names) -> the targets' summary statistics.

    pyabc samples each parameter on the unit interval of its prior (0 at the prior's low end, 1 at its
    high end), and `__call__` maps it to the lever's value. Spark rates near 0.0001 and hours near 5 in
    one particle would otherwise give pyabc's kernel a covariance so ill-conditioned that scipy takes
    the small direction for a singular one, the transition density of a proposal becomes 0 and the
    weights NaN."""

    def __init__(self, parameters: Mapping[str, tuple[float, float]], targets: Sequence[Target], set: Mapping | None,
                 ticks: int | None, maak_je_stad_scale: float, maak_je_stad_ticks: int | None,
                 maak_je_stad_file: str | None = None):
        self.parameters = list(parameters)
        self.bounds = {k: (float(lo), float(hi)) for k, (lo, hi) in parameters.items()}
        self.targets = list(targets)
        self.fixed = dict(set or {})
        self.ticks = ticks
        self.mjs_scale, self.mjs_ticks = maak_je_stad_scale, maak_je_stad_ticks
        self.mjs_file = self.mjs_values = None
        if any(t.scenario == "maak-je-stad" for t in self.targets):
            self.mjs_file = find_repo_file(MAAK_JE_STAD, maak_je_stad_file)
            self.mjs_values = _maak_je_stad_values(maak_je_stad_scale, self.mjs_file)
        self.exe = executable()
        self.runs = 0
        self.seconds = 0.0

    @staticmethod
    def key(lever: str) -> str:
        return re.sub(r"\W", "_", lever)

    def command(self, scenario: str, values: Mapping[str, float], seed: int, out: str) -> list[str]:
        """The `buurt run` of one scenario for a particle. The user's `set` applies to every
        scenario; the Maak je Stad run adds its scenario file and its scaled totals
        (`MAAK_JE_STAD_SCALED`, which take precedence) and runs `maak_je_stad_ticks` weeks."""
        args = [self.exe, "run"]
        sets = {k: format_value(k, v) for k, v in self.fixed.items()}
        ticks = self.ticks
        if scenario == "maak-je-stad":
            args.append(self.mjs_file)
            sets.update(self.mjs_values)
            ticks = self.mjs_ticks
        for k, v in values.items():
            sets[k] = format_value(k, v)
        for k, v in sets.items():
            args += ["--set", f"{k}={v}"]
        args += [f"--seed={seed}", "--out", out, "--quiet", "--threads", "1"]
        if ticks is not None:
            args.append(f"--ticks={int(ticks)}")
        return args

    def _run(self, scenario: str, values: Mapping[str, float], seed: int) -> pd.Series:
        tmp = tempfile.mkdtemp(prefix="buurt-abc-")
        try:
            args = self.command(scenario, values, seed, tmp)
            started = time.time()
            proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            self.seconds += time.time() - started
            self.runs += 1
            if proc.returncode != 0:
                raise BuurtError(f"buurt run failed (exit {proc.returncode}): {proc.stderr.strip()}", proc.returncode)
            return read_csv(os.path.join(tmp, "summary.csv")).iloc[0]
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def statistics(self, values: Mapping[str, float], seed: int) -> dict[str, float]:
        out = {}
        for scenario in dict.fromkeys(t.scenario for t in self.targets):
            row = self._run(scenario, values, seed)
            for t in self.targets:
                if t.scenario == scenario:
                    out[t.column] = float(row[t.column])
        return out

    def value(self, lever: str, unit: float) -> float:
        """The lever value at `unit` on its prior's interval."""
        lo, hi = self.bounds[lever]
        return lo + float(unit) * (hi - lo)

    def __call__(self, par) -> dict[str, float]:
        values = {lever: self.value(lever, par[self.key(lever)]) for lever in self.parameters}
        seed = int(np.random.randint(0, 2**31 - 1))
        return self.statistics(values, seed)


def distance_function(targets: Sequence[Target]):
    """sqrt(sum(((x - x0) / tolerance)^2)); a missing statistic (NaN) counts as 10 tolerances."""
    tol = {t.column: t.tolerance for t in targets}

    def distance(x, x0):
        total = 0.0
        for k, t in tol.items():
            d = (x[k] - x0[k]) / t
            total += 100.0 if not math.isfinite(d) else d * d
        return math.sqrt(total)

    return distance


def _task_seed(seed: int, call: int, task: int) -> int:
    """A seed (32 bits, as numpy's legacy generator takes) for one task of one sampling call."""
    import hashlib

    return int(hashlib.sha256(f"buurt.calibrate {seed} {call} {task}".encode()).hexdigest()[:8], 16)


def _sample_task(simulate_one: bytes, sample_factory, seed: int, task: tuple[int, int]):
    """One task of the seeded pool sampler (in a worker): sample until one particle is accepted."""
    import random

    import cloudpickle

    simulate_one = cloudpickle.loads(simulate_one)
    s = _task_seed(seed, *task)
    np.random.seed(s)
    random.seed(s)
    count, sample = 0, sample_factory()
    while True:
        new = simulate_one()
        count += 1
        sample.append(new)
        if new.accepted:
            return sample, count


def _seeded_pool_sampler(processes: int, seed: int):
    """pyabc's MappingSampler over a process pool, with each task (one accepted particle) seeded from
    `seed`, the sampling call and the task's place: the particles, their order and so the posterior
    repeat exactly. (A task runs until its particle is accepted, so a generation waits for its
    slowest task.) Returns the sampler and the pool to close."""
    from pyabc.sampler import MappingSampler
    from pyabc.sampler.util import get_mp_context

    class SeededMappingSampler(MappingSampler):
        def __init__(self, map_, seed):
            super().__init__(map_=map_)
            self.seed, self.calls = int(seed), 0

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None):
            import functools

            self.calls += 1
            fn = functools.partial(_sample_task, self.pickle(simulate_one), self.sample_factory, self.seed)
            results = list(self.map_(fn, [(self.calls, i) for i in range(n)]))
            self.nr_evaluations_ = sum(c for _, c in results)
            sample = self._create_empty_sample()
            for part, _ in results:
                sample += part
            return sample

    pool = get_mp_context().Pool(processes)
    return SeededMappingSampler(pool.map, seed), pool


@dataclasses.dataclass
class Calibration:
    posterior: pd.DataFrame
    summary: pd.DataFrame
    ppc: pd.DataFrame
    history: object
    runs: int
    minutes: float
    out: str


def calibrate(*, out: str, parameters: Sequence[str] | Mapping[str, tuple[float, float] | None] | None = None,
              targets: Sequence[Target] | None = None, set: Mapping | None = None, ticks: int | None = None,
              maak_je_stad_scale: float = 0.1, maak_je_stad_ticks: int | None = None,
              maak_je_stad_file: str | None = None,
              population_size: int = 100, generations: int = 6, minimum_epsilon: float | None = None,
              processes: int = 1, sampler=None, ppc_draws: int = 20, seed: int = 1) -> Calibration:
    """Runs ABC-SMC and writes its results to `out` (see the module's documentation).

    `set` applies to the runs of every target (the Maak je Stad run keeps its scaled population and
    pot). `maak_je_stad_file`: the scenario of the Maak je Stad target (default: Models/maak-je-stad.yaml
    found by `find_repo_file`). `seed` makes the calibration reproducible: with `processes` > 1 the
    particles are sampled by a pool of processes, each particle's random numbers seeded from `seed`,
    the generation and the particle's place in it (pyabc's own multicore samplers seed their workers
    from the system's entropy and keep whichever particles finish first, so they cannot repeat a run);
    a `sampler` given here (Redis, Dask) is used as it is and is not reproducible."""
    import pyabc

    np.random.seed(seed)
    parameters = priors(parameters)
    targets = list(targets or TARGETS)
    known, metrics = lever_specs(), metric_specs()
    for lever, (lo, hi) in parameters.items():
        spec = known.get(lever)
        if spec is None or spec["kind"] != "real":
            raise BuurtError(f"'{lever}' is not a real-valued lever (see buurt.params())")
        if not (spec["min"] <= lo < hi <= spec["max"]):
            raise BuurtError(f"prior {lo}..{hi} of {lever} is outside its range {spec['min']}..{spec['max']}")
    for t in targets:
        if t.column not in summary_columns():
            raise BuurtError(f"target '{t.column}' is not a summary column (see buurt.metrics())")
    os.makedirs(out, exist_ok=True)
    sim = Simulator(parameters, targets, set, ticks, maak_je_stad_scale, maak_je_stad_ticks, maak_je_stad_file)
    # Uniform priors on each parameter's unit interval (see Simulator); the posterior is mapped back.
    prior = pyabc.Distribution(**{Simulator.key(k): pyabc.RV("uniform", 0.0, 1.0) for k in parameters})
    pool = None
    if sampler is None:
        if processes <= 1:
            sampler = pyabc.sampler.SingleCoreSampler()
        else:
            sampler, pool = _seeded_pool_sampler(processes, seed)
    try:
        return _calibrate(pyabc, sim, prior, parameters, targets, sampler, out, population_size, generations,
                          minimum_epsilon, ppc_draws)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _calibrate(pyabc, sim, prior, parameters, targets, sampler, out, population_size, generations, minimum_epsilon,
               ppc_draws) -> Calibration:
    started = time.time()
    abc = pyabc.ABCSMC(sim, prior, distance_function(targets), population_size=population_size, sampler=sampler)
    db = os.path.join(os.path.abspath(out), "abc.db")
    if os.path.exists(db):
        os.remove(db)
    observed = {t.column: t.value for t in targets}
    abc.new("sqlite:///" + db, observed)
    history = abc.run(max_nr_populations=generations,
                      minimum_epsilon=minimum_epsilon if minimum_epsilon is not None else 0.0)
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    inverse = {Simulator.key(k): k for k in parameters}
    posterior = frame.rename(columns=inverse)[list(parameters)].reset_index(drop=True)
    for lever in parameters:
        posterior[lever] = [sim.value(lever, u) for u in posterior[lever]]
    posterior["weight"] = np.asarray(weights) / np.sum(weights)
    posterior.to_csv(os.path.join(out, "posterior.csv"), index=False)
    summary = _summary(posterior, parameters)
    summary.to_csv(os.path.join(out, "summary.csv"), index=False)
    ppc = _ppc(sim, posterior, parameters, targets, ppc_draws)
    ppc.to_csv(os.path.join(out, "ppc.csv"), index=False)
    # Particles evaluated (accepted or not) over all generations, from pyabc's history.
    populations = history.get_all_populations()
    evaluations = int(populations["samples"].sum()) if "samples" in populations else sim.runs
    _plots(posterior, parameters, ppc, targets, out)
    minutes = (time.time() - started) / 60
    result = Calibration(posterior, summary, ppc, history, evaluations, minutes, out)
    with open(os.path.join(out, "cost.txt"), "w", encoding="utf-8") as f:
        f.write(f"particles evaluated: {evaluations}\nbuurt runs (this process): {sim.runs}\n"
                f"generations: {history.max_t + 1}\nfinal epsilon: {populations['epsilon'].iloc[-1]:.4g}\n"
                f"minutes: {minutes:.2f}\n")
    return result


def _weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    x, w = x[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / np.sum(w)
    return float(np.interp(q, cdf, x))


def _summary(posterior: pd.DataFrame, parameters: Mapping) -> pd.DataFrame:
    rows = []
    w = posterior["weight"].to_numpy()
    specs = lever_specs()
    for lever in parameters:
        x = posterior[lever].to_numpy()
        lo, med, hi = (_weighted_quantile(x, w, q) for q in (0.05, 0.5, 0.95))
        default = float(specs[lever]["default"])
        rows.append({"parameter": lever, "median": med, "q05": lo, "q95": hi, "default": default,
                     "default_inside_90": bool(lo <= default <= hi), "prior_low": parameters[lever][0],
                     "prior_high": parameters[lever][1]})
    return pd.DataFrame(rows)


def _ppc(sim: Simulator, posterior: pd.DataFrame, parameters: Mapping, targets: Sequence[Target],
         draws: int) -> pd.DataFrame:
    """Runs at `draws` posterior draws and at the defaults (fresh seeds); their statistics."""
    rng = np.random.default_rng(12345)
    specs = lever_specs()
    rows = []
    w = posterior["weight"].to_numpy()
    picks = rng.choice(len(posterior), size=draws, replace=True, p=w / w.sum())
    for i, k in enumerate(picks):
        values = {lever: float(posterior.loc[k, lever]) for lever in parameters}
        stats = sim.statistics(values, int(rng.integers(0, 2**31 - 1)))
        rows.append({"source": "posterior", "draw": i, **values, **stats})
    defaults = {lever: float(specs[lever]["default"]) for lever in parameters}
    for i in range(draws):
        stats = sim.statistics(defaults, int(rng.integers(0, 2**31 - 1)))
        rows.append({"source": "defaults", "draw": i, **defaults, **stats})
    return pd.DataFrame(rows)


def _readable_ticks(axis, most: int = 4):
    """At most `most` ticks, each labelled in three significant digits (a spark rate's 0.000050 ...
    0.000200 otherwise run into each other; no offset text to collide with the axis label)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(most))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.3g}"))


def _plots(posterior: pd.DataFrame, parameters: Mapping, ppc: pd.DataFrame, targets: Sequence[Target], out: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(parameters)
    specs = lever_specs()
    w = posterior["weight"].to_numpy()
    # Marginals: weighted histograms with the prior range, the median and the default.
    fig, axes = plt.subplots(1, len(names), figsize=(4 * len(names), 3.2), squeeze=False)
    for ax, name in zip(axes[0], names):
        lo, hi = parameters[name]
        ax.hist(posterior[name], bins=15, range=(lo, hi), weights=w, color="#4c72b0", alpha=0.8)
        ax.axvline(float(specs[name]["default"]), color="#c44e52", lw=2, label="default")
        ax.axvline(_weighted_quantile(posterior[name].to_numpy(), w, 0.5), color="black", ls="--", label="median")
        ax.set_xlim(lo, hi)
        _readable_ticks(ax.xaxis)
        ax.set_xlabel(f"{name} ({specs[name]['unit']})")
        ax.set_ylabel("posterior weight")
    axes[0][0].legend(fontsize=8)
    fig.suptitle("Posterior marginals (prior: the x range)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "marginals.png"), dpi=120)
    plt.close(fig)
    # Pairs: scatter of particles, size by weight.
    n = len(names)
    fig, axes = plt.subplots(n, n, figsize=(3 * n, 3 * n), squeeze=False)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            ax = axes[i][j]
            if i == j:
                ax.hist(posterior[a], bins=15, range=parameters[a], weights=w, color="#4c72b0")
            else:
                ax.scatter(posterior[b], posterior[a], s=10 + 400 * w, alpha=0.5, color="#4c72b0")
                ax.scatter([float(specs[b]["default"])], [float(specs[a]["default"])], marker="x", color="#c44e52", s=60)
                ax.set_xlim(parameters[b])
                ax.set_ylim(parameters[a])
            _readable_ticks(ax.xaxis, 3)
            if i != j:
                _readable_ticks(ax.yaxis, 3)
            if i == n - 1:
                ax.set_xlabel(b, fontsize=8)
            if j == 0:
                ax.set_ylabel(a, fontsize=8)
    fig.suptitle("Posterior pairs (x: the defaults)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "pairs.png"), dpi=110)
    plt.close(fig)
    # Posterior predictive check: the statistics at posterior draws and at the defaults, with targets.
    fig, axes = plt.subplots(1, len(targets), figsize=(3.6 * len(targets), 3.2), squeeze=False)
    for ax, t in zip(axes[0], targets):
        data = [ppc.loc[ppc["source"] == s, t.column].dropna() for s in ("posterior", "defaults")]
        ax.boxplot(data)
        ax.set_xticks([1, 2], ["posterior", "defaults"])
        ax.axhspan(t.value - t.tolerance, t.value + t.tolerance, color="#55a868", alpha=0.2, label="target ± tolerance")
        ax.axhline(t.value, color="#55a868")
        ax.set_title(t.column, fontsize=9)
    axes[0][0].legend(fontsize=7)
    fig.suptitle("Posterior predictive check")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "ppc.png"), dpi=120)
    plt.close(fig)
