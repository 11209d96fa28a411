"""Buurt from Python.

- `load(DIR)`: a result folder of `buurt run` or `buurt sweep` as DataFrames with the dtypes of
  docs/DATA.md (choices categorical, flags bool, counts int, other metrics float), time series in
  long form, experiment.json / run.json as a dict.
- `params()`, `metrics()`: the lever and metric registries, from the executable.
- `run(...)`, `sweep(...)`: the commands, with a progress bar; `sweep(design=DataFrame)` runs any
  design through a design file (`design: file`).
- `buurt.ema`: a Workbench model and an evaluator that runs each batch as one sweep.
- `buurt.salib`: SALib problems from the registry, samples run as one sweep, a cross-check of
  `buurt analyze`.
- `buurt.calibrate`: ABC-SMC with pyabc against the reference figures of docs/CALIBRATION.md.

The executable is `$BUURT_BIN` or `buurt` on PATH.
"""

from ._cli import BuurtError, executable, metrics, params, summary_columns
from ._load import Results, load, read_csv
from ._run import format_value, outcome_columns, replicate_means, run, sweep, write_design

__version__ = "0.1.0"
__all__ = ["BuurtError", "Results", "executable", "format_value", "load", "metrics", "outcome_columns", "params", "summary_columns",
           "read_csv", "replicate_means", "run", "sweep", "write_design"]
