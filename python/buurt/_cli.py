"""Finding and calling the `buurt` executable; the registries it declares."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from typing import Sequence

import pandas as pd

BUILD_HINT = (
    "Build it in the Buurt repository with `swift build -c release` (Swift 6; see the README), then put "
    ".build/release on PATH or set BUURT_BIN=/path/to/.build/release/buurt."
)


class BuurtError(RuntimeError):
    """A `buurt` command failed; `code` is its exit code (2: bad input, 1: runtime failure, 130: interrupted)."""

    def __init__(self, message: str, code: int | None = None, args: Sequence[str] = ()):
        super().__init__(message)
        self.code = code
        self.command = list(args)


def executable() -> str:
    """The `buurt` executable: `$BUURT_BIN` if set, else `buurt` on PATH."""
    env = os.environ.get("BUURT_BIN")
    if env:
        path = shutil.which(env) or (env if os.path.isfile(env) and os.access(env, os.X_OK) else None)
        if not path:
            raise BuurtError(f"BUURT_BIN={env} is not an executable file. " + BUILD_HINT)
        return os.path.abspath(path)
    path = shutil.which("buurt")
    if not path:
        raise BuurtError("the buurt executable is not on PATH and BUURT_BIN is not set. " + BUILD_HINT)
    return path


def call(args: Sequence[str], cwd: str | None = None, stream_stderr: bool = False) -> str:
    """Runs `buurt ARGS`; returns its standard output; raises BuurtError with its message on failure.
    With `stream_stderr`, buurt's standard error (its progress line) is passed on to this process's
    `sys.stderr` as it comes (so a notebook shows it) and its last lines still go into the error."""
    exe = executable()
    if not stream_stderr:
        proc = subprocess.run([exe, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise BuurtError(f"buurt {' '.join(args)} failed (exit {proc.returncode}): {(proc.stderr or '').strip()}",
                             proc.returncode, args)
        return proc.stdout
    proc = subprocess.Popen([exe, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out: dict[str, bytes] = {}
    tail = bytearray()

    def drain_out():
        out["out"] = proc.stdout.read()

    def tee_err():
        while True:
            chunk = proc.stderr.read1(4096) if hasattr(proc.stderr, "read1") else proc.stderr.read(4096)
            if not chunk:
                return
            tail.extend(chunk)
            del tail[:-_STDERR_KEPT]
            try:
                sys.stderr.write(chunk.decode("utf-8", "replace"))
                sys.stderr.flush()
            except (OSError, ValueError):
                pass

    readers = [threading.Thread(target=f, daemon=True) for f in (drain_out, tee_err)]
    for r in readers:
        r.start()
    try:
        proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise
    finally:
        for r in readers:
            r.join()
    if proc.returncode != 0:
        raise BuurtError(f"buurt {' '.join(args)} failed (exit {proc.returncode}): {_last_lines(bytes(tail))}",
                         proc.returncode, args)
    return out.get("out", b"").decode("utf-8", "replace")


_STDERR_KEPT = 16384


def _last_lines(err: bytes, most: int = 10) -> str:
    """The message of a failed command whose standard error was streamed: its last lines, each as
    a terminal shows it (a progress line redrawn with carriage returns: its last state)."""
    lines = [line.split("\r")[-1].rstrip() for line in err.decode("utf-8", "replace").split("\n")]
    lines = [line for line in lines if line.strip()]
    return "\n".join(lines[-most:])


def call_with_progress(args: Sequence[str], total: int, journal: str, progress: bool, desc: str) -> str:
    """Runs a sweep, drawing a tqdm bar from the runs its journal holds (works in notebooks too)."""
    exe = executable()
    proc = subprocess.Popen([exe, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out: dict[str, str] = {}

    def drain(name, stream):
        out[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n, s), daemon=True) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    bar = None
    counter = _JournalCounter(journal)
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, desc=desc, unit="run")
    try:
        while proc.poll() is None:
            time.sleep(0.25)
            if bar is not None:
                done = counter()
                if done > bar.n:
                    bar.update(done - bar.n)
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise
    finally:
        for r in readers:
            r.join()
        if bar is not None:
            if proc.returncode == 0 and bar.n < total:
                bar.update(total - bar.n)
            bar.close()
    if proc.returncode != 0:
        raise BuurtError(f"buurt {' '.join(args)} failed (exit {proc.returncode}): {out.get('err', '').strip()}",
                         proc.returncode, args)
    return out.get("out", "")


class _JournalCounter:
    """Finished runs in a sweep's journal, read incrementally: records start with a line
    '#<run id>\\t<length>\\t<checksum>' (bodies are CSV rows, which never start with '#')."""

    def __init__(self, path: str):
        self.path, self.offset, self.count, self.last = path, 0, 0, b"\n"

    def __call__(self) -> int:
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return self.count
        if data:
            self.count += (self.last + data).count(b"\n#")
            self.offset += len(data)
            self.last = data[-1:]
        return self.count


@functools.lru_cache(maxsize=8)
def _registry(exe: str, metrics: bool) -> tuple:
    args = ["params", "--format", "json"] + (["--metrics"] if metrics else [])
    try:
        proc = subprocess.run([exe, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as e:
        raise BuurtError(f"{exe} could not be started ({e}). " + BUILD_HINT, None, args) from None
    if proc.returncode != 0:
        raise BuurtError(f"{exe} {' '.join(args)} failed (exit {proc.returncode}): {proc.stderr.strip()} "
                         "(is it the buurt executable?) " + BUILD_HINT, proc.returncode, args)
    try:
        table = json.loads(proc.stdout)
        if not isinstance(table, list) or not all(isinstance(d, dict) and "name" in d for d in table):
            raise ValueError("not a list of declarations")
    except ValueError:
        start = proc.stdout.strip()[:80]
        raise BuurtError(f"{exe} is not the buurt executable, or one too old for this package: `{' '.join(args)}` "
                         f"did not print the registry as JSON (it printed {start!r}). " + BUILD_HINT,
                         None, args) from None
    return tuple(table)


@functools.lru_cache(maxsize=8)
def _dictionary_categories(exe: str) -> dict[str, tuple[str, ...]]:
    lists: dict[str, tuple[str, ...] | None] = {}
    proc = subprocess.run([exe, "params", "--format", "data-dictionary"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        return {}
    for line in proc.stdout.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)]
        m = re.fullmatch(r"`([^`]+)`", cells[1]) if len(cells) > 3 and cells[0] == "" else None
        if not m:
            continue
        values = tuple(v.strip() for v in cells[-2].split("\\|"))
        if len(values) < 2 or not all(re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in values):
            continue
        name = m.group(1)
        lists[name] = values if lists.get(name, values) == values else None   # two different lists: neither
    return {k: v for k, v in lists.items() if v}


def dictionary_categories() -> dict[str, tuple[str, ...]]:
    """The columns docs/DATA.md gives as a list of names (`theme`, `status`, `group`, `role`, ...),
    each with its full list, from `buurt params --format data-dictionary` (the file's source)."""
    return _dictionary_categories(executable())


def lever_specs() -> dict[str, dict]:
    """Every lever's declaration from `buurt params --format json`, by name."""
    return {d["name"]: d for d in _registry(executable(), False)}


def metric_specs() -> dict[str, dict]:
    """Every metric's declaration from `buurt params --metrics --format json`, by name."""
    return {d["name"]: d for d in _registry(executable(), True)}


def summary_columns() -> dict[str, tuple[str, bool]]:
    """Every summary column of runs.csv/summary.csv (`<metric>_final`, `_mean`, `_lastyear`, ...), from
    the registry: column name -> (metric, whether it is a whole number)."""
    out = {}
    for name, spec in metric_specs().items():
        for col, d in (spec.get("summaries") or {}).items():
            out[col] = (name, bool(d.get("whole")))
    return out


def params() -> pd.DataFrame:
    """The lever registry as a DataFrame: name, kind, default, min, max, options, unit, structural,
    description, source, uncertain, plausible_min, plausible_max (the plausible range of an uncertain
    lever, the allowed range of the others)."""
    cols = ["name", "kind", "default", "min", "max", "options", "unit", "structural", "description", "source",
            "uncertain", "plausible_min", "plausible_max"]
    df = pd.DataFrame([{c: d.get(c) for c in cols} for d in lever_specs().values()], columns=cols)
    df["kind"] = pd.Categorical(df["kind"], categories=["real", "integer", "flag", "choice"])
    df["structural"] = df["structural"].astype(bool)
    df["uncertain"] = df["uncertain"].astype(bool)
    return df


def metrics() -> pd.DataFrame:
    """The metric registry as a DataFrame: name, unit, count, range, description."""
    cols = ["name", "unit", "count", "range", "description"]
    df = pd.DataFrame([{c: d.get(c) for c in cols} for d in metric_specs().values()], columns=cols)
    df["count"] = df["count"].astype(bool)
    return df
