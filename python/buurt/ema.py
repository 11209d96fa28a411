"""Buurt in the EMA Workbench (ema-workbench 3.x).

    import buurt.ema
    from ema_workbench import perform_experiments
    from ema_workbench.analysis import prim

    model = buurt.ema.model(
        uncertainties=["behaviour.trust_gain", "behaviour.spark_rate"],
        levers={"funding.grant_size": (2000, 50000), "funding.mode": None},
        outcomes=["sustained_total_final", "mean_trust_institutions_final", "active_initiatives"],
        set={"population.residents": 2000}, ticks=260)
    with buurt.ema.Evaluator(model) as evaluator:            # the whole batch: ONE buurt sweep
        experiments, outcomes = evaluator.perform_experiments(scenarios=200, policies=4)

Parameters take their kind and range from the lever registry (`buurt params`), and a spec means
the same as in `buurt.salib.problem`: None is a real or integer lever's plausible range where the
registry marks it uncertain (`buurt params --uncertain`; behaviour.trust_gain: 0.01..0.08), else its
allowed range (RealParameter, IntegerParameter), all options of a choice (CategoricalParameter), true
and false of a flag (BooleanParameter); a (low, high) tuple is a range; a list is a set of at least two
values, each checked (a CategoricalParameter: a subset of a choice's options, or listed numbers).
The Workbench's names are identifiers (`funding_grant_size`); each parameter's `variable_name` is
the lever (`funding.grant_size`).

Outcomes: a summary column of runs.csv (`<metric>_final`, `<metric>_mean`) is a ScalarOutcome; a
bare metric name (`active_initiatives`) is an ArrayOutcome with the metric's time series (every
`every` weeks and the last; `model.ticks_kept` holds the weeks). With replicates > 1 an outcome is the
mean over the replicates. `kinds` may mark scalar outcomes to maximize or minimize for optimisation
({"sustained_total_final": "max"}); otherwise they are INFO.

`Evaluator` hands every experiment of a `perform_experiments` (or of an optimisation generation) to
one `buurt sweep` through a design file, so runs go parallel over all cores, are resumable, and can
be sharded; the plain SequentialEvaluator and the MultiprocessingEvaluator also work (one
single-point sweep per experiment). Every batch gets a new folder `out/batch-NNNN` (made with
os.mkdir, so processes and repeated runs into the same `out` never share one); `model.last_batch`
names the last.

Seeds. Under `Evaluator`, a batch is one sweep whose base seed is `model.batch_seed(points)`, a hash
of the model's seed and every experiment's lever values in the batch: point k gets buurt's run seed
for (that base seed, point_id k, replicate), so batches of other experiments (each optimisation
generation, a second `perform_experiments` with another sample) draw other random numbers, and the
same batch run again draws the same. (Before 2026-12-08 every batch used the model's seed, so
experiment k of every generation reused the seeds of experiment k of the first: noise tied to a
position, not to anything the experiments share.) Under the Sequential and Multiprocessing
evaluators each experiment is a one-point sweep whose base seed is `model.experiment_seed(point)`,
a hash of the model's seed and the experiment's lever values: distinct experiments get distinct
seeds, the same experiment the same seed, whichever process runs it. The two paths therefore draw
different (equally valid) random numbers for the same experiments, and their outcomes differ by the
model's noise.

Optimisation: ema-workbench 3.0's `optimize` fails inside the Workbench on CategoricalParameter and
BooleanParameter (choices, flags, listed values); `Evaluator.optimize` refuses them first and names
the workaround, an IntegerParameter over the option codes 0..n-1 (the registry's order), which the
design file maps to the options.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from ema_workbench import (ArrayOutcome, BooleanParameter, CategoricalParameter, IntegerParameter, RealParameter,
                           ScalarOutcome)
from ema_workbench.em_framework.evaluators import BaseEvaluator
from ema_workbench.em_framework.model import AbstractModel

from ._cli import BuurtError, lever_specs, metric_specs, summary_columns
from ._levers import domain, format_value
from ._run import sweep

__all__ = ["BuurtModel", "Evaluator", "model", "parameter", "identifier"]


def identifier(lever: str) -> str:
    """The Workbench name of a lever: `funding.grant_size` -> `funding_grant_size`."""
    return re.sub(r"\W", "_", lever)


def parameter(lever: str, spec=None):
    """A Workbench parameter for a lever, with kind and range from the registry. `spec` is read as
    `buurt.salib.problem` reads it (`buurt._levers.SPEC_RULES`):

    * None: a real or integer lever's plausible range where the registry marks it uncertain
      (`buurt params --uncertain`), else its allowed range (RealParameter, IntegerParameter); all
      options of a choice (CategoricalParameter); a flag: BooleanParameter.
    * a (low, high) tuple: a range of a real or integer lever, inside its allowed range.
    * a list (or array) of values: a CategoricalParameter of exactly those values, each checked
      (options of a choice, true/false of a flag, numbers inside the allowed range)."""
    d = domain(lever, spec)
    name = identifier(lever)
    if d.kind == "flag" and set(d.values) == {False, True}:
        return BooleanParameter(name, variable_name=lever)
    if not d.is_range:
        return CategoricalParameter(name, list(d.values), variable_name=lever)
    if d.kind == "integer":
        return IntegerParameter(name, int(d.low), int(d.high), variable_name=lever)
    return RealParameter(name, float(d.low), float(d.high), variable_name=lever)


def _items(levers) -> list[tuple[str, object]]:
    if levers is None:
        return []
    if isinstance(levers, Mapping):
        return list(levers.items())
    return [(n, None) for n in levers]


class BuurtModel(AbstractModel):
    """A Workbench model whose experiments are Buurt runs; `run_batch` runs many as one sweep."""

    def __init__(self, name: str = "buurt", *, scenario: str | None = None, set: Mapping | None = None,
                 replicates: int = 1, seed: int = 1, ticks: int | None = None, every: int = 4,
                 out: str | None = None, threads: int | None = None, progress: bool = True):
        super().__init__(name)
        self.scenario_file = scenario
        self.fixed = dict(set or {})
        self.replicates, self.seed, self.ticks, self.every = int(replicates), int(seed), ticks, int(every)
        self.out = out or tempfile.mkdtemp(prefix="buurt-ema-")
        self.threads, self.progress = threads, progress
        self._batches = 0   # batches this model object has run (in this process)
        self.last_batch: str | None = None
        self.ticks_kept: np.ndarray | None = None
        self.last_results = None

    # Outcome bookkeeping.
    def _series_metrics(self) -> list[str]:
        return [v for o in self.outcomes for v in o.variable_name if v in metric_specs()]

    def run_batch(self, points: Sequence[Mapping[str, object]], seed: int | None = None) -> list[dict[str, object]]:
        """Runs design points (lever -> value) as one `buurt sweep` with base seed `seed` (default:
        the model's); returns, per point, each outcome variable's value (scalar columns: replicate
        mean; time series: replicate mean per kept week)."""
        if not points:
            return []
        number, out = self._new_batch_folder()
        self._batches += 1
        self.last_batch = out
        levers = sorted({k for p in points for k in p}, key=list(lever_specs()).index)
        missing = [(i, k) for i, p in enumerate(points) for k in levers if k not in p]
        if missing:
            raise BuurtError(f"experiment {missing[0][0]} has no value for {missing[0][1]}")
        design = pd.DataFrame([{k: p[k] for k in levers} for p in points], columns=levers)
        series = self._series_metrics()
        res = sweep(design=design, out=out, scenario=self.scenario_file, set=self.fixed, replicates=self.replicates,
                    seed=self.seed if seed is None else int(seed), ticks=self.ticks, timeseries=series or None, every=self.every,
                    threads=self.threads, name=f"{self.name}-batch-{number}", progress=self.progress)
        self.last_results = res
        runs = res.runs
        scalars = [v for o in self.outcomes for v in o.variable_name if v not in series]
        for v in scalars:
            if v not in runs.columns:
                raise BuurtError(f"outcome '{v}' is neither a column of runs.csv nor a metric (see buurt.metrics())")
        means = runs.groupby("point_id", sort=True)[scalars].mean() if scalars else None
        wide = None
        if series:
            ts = res.timeseries_wide.merge(runs[["run_id", "point_id"]], on="run_id")
            wide = ts.groupby(["point_id", "tick"], sort=True)[series].mean()
            self.ticks_kept = np.asarray(sorted(ts["tick"].unique()))
        results = []
        for p in range(len(points)):
            values: dict[str, object] = {}
            for v in scalars:
                values[v] = float(means.loc[p, v])
            for v in series:
                values[v] = wide.loc[p][v].to_numpy(dtype=float)
            results.append(values)
        return results

    def _new_batch_folder(self) -> tuple[int, str]:
        """A new, empty folder `batch-NNNN` under `out`, the lowest number not taken yet. os.mkdir is
        atomic, so the processes of a MultiprocessingEvaluator (each with its own copy of this model)
        and later runs into the same `out` never share a folder."""
        os.makedirs(self.out, exist_ok=True)
        taken = [int(m.group(1)) for f in os.listdir(self.out) if (m := re.fullmatch(r"batch-(\d+)", f))]
        number = max(taken, default=0)
        while True:
            number += 1
            path = os.path.join(self.out, f"batch-{number:04d}")
            try:
                os.mkdir(path)
            except FileExistsError:
                continue
            return number, path

    def experiment_point(self, scenario, policy, constants=None) -> dict[str, object]:
        """The lever values of one experiment (Workbench names mapped to levers)."""
        point: dict[str, object] = {}
        for params, sample in ((self.uncertainties, scenario), (self.levers, policy)):
            for par in params:
                if sample is not None and par.name in sample:
                    point[par.variable_name[0]] = sample[par.name]
                elif par.default is not None:
                    point[par.variable_name[0]] = par.default
        for c in self.constants:
            point[c.variable_name[0]] = c.value
        return point

    def batch_seed(self, points: Sequence[Mapping[str, object]]) -> int:
        """The base seed of a batch's sweep under `Evaluator`: a hash (SHA-256) of the model's seed
        and every point's lever values as they run, in the batch's order, so another batch draws
        other random numbers and the same batch the same."""
        text = json.dumps([self.seed, [sorted((k, format_value(k, v)) for k, v in p.items()) for p in points]])
        return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)   # 48 bits (buurt takes up to 53)

    def experiment_seed(self, point: Mapping[str, object]) -> int:
        """The base seed of a one-point sweep for this experiment: a hash (SHA-256) of the model's
        seed and the experiment's lever values as they run, so distinct experiments get distinct
        seeds, the same experiment the same seed, in any process and in any order."""
        text = json.dumps([self.seed, sorted((k, format_value(k, v)) for k, v in point.items())])
        return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)   # 48 bits (buurt takes up to 53)

    def run_model(self, scenario, policy, constants) -> None:
        """One experiment (the path of the SequentialEvaluator and the MultiprocessingEvaluator): a
        one-point sweep whose seed is `experiment_seed(point)`."""
        point = self.experiment_point(scenario, policy, constants)
        self.policy = policy
        self.outcomes_output = self.run_batch([point], seed=self.experiment_seed(point))[0]


class Evaluator(BaseEvaluator):
    """Evaluates all experiments of a batch as ONE `buurt sweep` per model (parallel, resumable)."""

    def optimize(self, *args, searchover: str = "levers", **kwargs):
        """The Workbench's `optimize`, after a check: ema-workbench 3.0 fails inside its own code
        (optimization.py, "inhomogeneous shape") when a searched parameter is a CategoricalParameter
        or a BooleanParameter, so those are refused here with the workaround."""
        for m in self._msis:
            params = list(m.uncertainties) if searchover == "uncertainties" else list(m.levers)
            bad = [p for p in params if isinstance(p, (CategoricalParameter, BooleanParameter))]
            if bad:
                hint = "; ".join(_code_hint(p) for p in bad)
                raise BuurtError(
                    f"optimize over {', '.join(p.variable_name[0] for p in bad)}: ema-workbench 3.0's optimize fails on "
                    "categorical and boolean parameters (an upstream bug). Search over option codes instead, an "
                    f"IntegerParameter that buurt maps to the option (whole numbers 0..n-1, the registry's order): {hint}")
        return super().optimize(*args, searchover=searchover, **kwargs)

    def initialize(self):
        """Nothing to start: the sweep uses all cores itself."""

    def finalize(self):
        """Nothing to stop."""

    def evaluate_experiments(self, experiments: Iterable, callback: Callable, **kwargs):
        """Collects the experiments, runs them per model as one sweep, and reports each to the callback."""
        experiments = list(experiments)
        models = {m.name: m for m in self._msis}
        by_model: dict[str, list] = {}
        for e in experiments:
            by_model.setdefault(e.model_name, []).append(e)
        for name, batch in by_model.items():
            model = models[name]
            if not isinstance(model, BuurtModel):
                raise BuurtError(f"buurt.ema.Evaluator runs Buurt models only; {name} is a {type(model).__name__}")
            points = [model.experiment_point(e.scenario, e.policy) for e in batch]
            for e, raw in zip(batch, model.run_batch(points, seed=model.batch_seed(points))):
                model.outcomes_output = raw
                callback(e, dict(model.outcomes_output))
                model.reset_model()


def _code_hint(p) -> str:
    lever = p.variable_name[0]
    values = [c.value for c in p.categories] if isinstance(p, CategoricalParameter) else [False, True]
    codes = ", ".join(f"{i}={v}" for i, v in enumerate(lever_specs()[lever].get("options") or ["false", "true"]))
    return (f"IntegerParameter({p.name!r}, 0, {len(lever_specs()[lever].get('options') or [0, 1]) - 1}, "
            f"variable_name={lever!r}) ({codes}; this parameter had {values})")


def model(name: str = "buurt", *, scenario: str | None = None, uncertainties=None, levers=None,
          outcomes: Sequence[str] | None = None, kinds: Mapping[str, str] | None = None,
          set: Mapping | None = None, replicates: int = 1, seed: int = 1, ticks: int | None = None,
          every: int = 4, out: str | None = None, threads: int | None = None, progress: bool = True) -> BuurtModel:
    """A Workbench model of Buurt (see the module's documentation). `outcomes` is required: summary
    columns (`<metric>_final`, ...) and metric names, as `buurt.metrics()` lists them."""
    m = BuurtModel(name, scenario=scenario, set=set, replicates=replicates, seed=seed, ticks=ticks, every=every,
                   out=out, threads=threads, progress=progress)
    m.uncertainties = [parameter(k, v) for k, v in _items(uncertainties)]
    m.levers = [parameter(k, v) for k, v in _items(levers)]
    both = {p.variable_name[0] for p in m.uncertainties} & {p.variable_name[0] for p in m.levers}
    if both:
        raise BuurtError(f"{', '.join(sorted(both))}: both an uncertainty and a lever")
    if not outcomes:
        raise BuurtError("give outcomes=[...]: summary columns such as <metric>_final or metric names (see buurt.metrics())")
    kinds = dict(kinds or {})
    made = []
    metrics = metric_specs()
    for o in outcomes:
        base = summary_columns().get(o, (o,))[0]
        if o in metrics:
            made.append(ArrayOutcome(o))
        elif base in metrics and base != o:
            kind = {"max": ScalarOutcome.MAXIMIZE, "min": ScalarOutcome.MINIMIZE}.get(kinds.pop(o, "info"),
                                                                                       ScalarOutcome.INFO)
            made.append(ScalarOutcome(o, kind=kind))
        else:
            raise BuurtError(f"outcome '{o}' is not a metric or one of its summary columns, e.g. <metric>_final, _mean, _lastyear (see buurt.metrics())")
    if kinds:
        raise BuurtError(f"kinds given for outcomes that are not scalar outcomes of this model: {', '.join(kinds)}")
    m.outcomes = made
    return m
