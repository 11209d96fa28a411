# shellcheck shell=bash
# A throwaway one-node Slurm cluster (slurmctld + slurmd + its own munged), all of
# it inside one private temporary folder. Source this file, then:
#
#   trap cluster_stop EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
#   cluster_install            # apt-get install slurm-wlm munge, only if missing
#   cluster_start              # exports SLURM_CONF; returns once the node is idle
#   jid=$(sbatch --parsable job.sbatch)
#   cluster_wait_job "$jid" 120   # 0: all tasks COMPLETED, 2: ended otherwise, 1: timeout
#   cluster_stop               # also what the EXIT trap runs; safe to call twice
#
# Must run as root (slurmd runs jobs as their submitter, and SlurmUser=root).
# Daemons are stopped by the PIDs this shell started them with, never by name.
# Slurm 22.05 (Debian 12) has no accounting here: `sacct` does not work, job state
# comes from `squeue` and `scontrol show job` (kept for MinJobAge = 300 s).

CLUSTER_DIR=""            # the private folder (mode 0700), removed by cluster_stop
CLUSTER_CONF=""           # its slurm.conf (also exported as SLURM_CONF)
CLUSTER_MUNGE_SOCKET=""
CLUSTER_PIDS=()           # slurmd slurmctld munged, in stop order
CLUSTER_START_TIMEOUT=${CLUSTER_START_TIMEOUT:-30}
CLUSTER_STOP_TIMEOUT=${CLUSTER_STOP_TIMEOUT:-10}

_cluster_log() { echo "slurm-cluster: $*" >&2; }

# Time without forking (a fork killed by Ctrl-C would yield an empty number):
# _cluster_deadline VAR SECONDS sets VAR to now + SECONDS, in microseconds;
# _cluster_past DEADLINE is true once that time has come.
_cluster_us() { local t=${EPOCHREALTIME//[!0-9]/}; printf -v "$1" '%s' "${t:-0}"; }
_cluster_deadline() { local now; _cluster_us now; printf -v "$1" '%s' $((now + $2 * 1000000)); }
_cluster_past() { local now; _cluster_us now; [ "$now" -ge "$1" ]; }

# True while PID runs (a zombie counts as gone; our own children stay unreaped
# until cluster_stop's `wait`, so their PIDs cannot be reused meanwhile).
_cluster_alive() {
    local pid=$1 stat=""
    kill -0 "$pid" 2>/dev/null || return 1
    { IFS= read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }          # after "PID (comm) ": the state letter first
    [ -n "$stat" ] && [ "${stat:0:1}" != Z ]
}

# Prints the tails of the daemon logs and job outputs: call on any failure.
cluster_diagnostics() {
    local f n=${1:-25}
    [ -n "$CLUSTER_DIR" ] && [ -d "$CLUSTER_DIR" ] || { _cluster_log "no cluster folder to diagnose"; return 0; }
    {
        echo "---- slurm-cluster diagnostics ($CLUSTER_DIR) ----"
        local i names=(slurmd slurmctld munged)
        for i in "${!CLUSTER_PIDS[@]}"; do
            if _cluster_alive "${CLUSTER_PIDS[$i]}"; then
                echo "${names[$i]} (pid ${CLUSTER_PIDS[$i]}): running"
            else
                echo "${names[$i]} (pid ${CLUSTER_PIDS[$i]}): NOT running"
            fi
        done
        if [ -n "$CLUSTER_CONF" ] && _cluster_alive "${CLUSTER_PIDS[1]:-0}"; then
            echo "-- sinfo:"; timeout 5 sinfo -N -l 2>&1 | tail -n 5
            echo "-- squeue:"; timeout 5 squeue -r -o '%.12i %.10T %.20r %j' 2>&1 | tail -n 20
        fi
        for f in "$CLUSTER_DIR"/log/*.log "$CLUSTER_DIR"/log/*.out "$CLUSTER_DIR"/jobs/*.out; do
            [ -s "$f" ] || continue
            # a daemon's stdout/stderr repeats its log file, if it has one
            case "$f" in */log/*.out) [ -s "${f%.out}.log" ] && continue ;; esac
            echo "-- tail -n $n $f:"
            tail -n "$n" "$f"
        done
        echo "---- end of diagnostics ----"
    } >&2
}

# Installs Debian's slurm-wlm and munge if any needed command is missing.
cluster_install() {
    local c missing=0
    for c in munged munge unmunge slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
        command -v "$c" >/dev/null 2>&1 || missing=1
    done
    [ "$missing" = 0 ] && return 0
    [ "$(id -u)" = 0 ] || { _cluster_log "slurm-wlm/munge missing and not root: cannot install"; return 1; }
    _cluster_log "installing slurm-wlm and munge (apt-get)..."
    local aptlog
    aptlog=$(mktemp) || return 1
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; } \
           </dev/null >"$aptlog" 2>&1; then
        _cluster_log "apt-get failed:"; tail -n 30 "$aptlog" >&2; rm -f "$aptlog"; return 1
    fi
    rm -f "$aptlog"
    for c in munged munge unmunge slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
        command -v "$c" >/dev/null 2>&1 || { _cluster_log "still missing after install: $c"; return 1; }
    done
}

# True if nothing listens on TCP port $1 (IPv4 or IPv6).
_cluster_port_free() {
    [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# Prints a free TCP port from 20000-59999 that is not in the (space separated) list $1.
_cluster_pick_port() {
    local taken=" ${1:-} " p _
    for _ in $(seq 1 200); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        case "$taken" in *" $p "*) continue ;; esac
        _cluster_port_free "$p" && { echo "$p"; return 0; }
    done
    _cluster_log "no free TCP port found"; return 1
}

# Starts munged, slurmctld and slurmd in a new private folder; exports SLURM_CONF.
# Returns 0 once `sinfo` shows the node idle (within CLUSTER_START_TIMEOUT s).
# On failure prints diagnostics and returns 1; the caller's EXIT trap
# (cluster_stop) then stops whatever was started.
cluster_start() {
    [ -z "$CLUSTER_DIR" ] || { _cluster_log "cluster already started ($CLUSTER_DIR)"; return 1; }
    [ "$(id -u)" = 0 ] || { _cluster_log "must run as root"; return 1; }
    local d ctldport slurmdport cpus t0 deadline
    _cluster_us t0
    _cluster_deadline deadline "$CLUSTER_START_TIMEOUT"
    d=$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/buurt-slurm.XXXXXX") || return 1
    CLUSTER_DIR=$d
    chmod 0700 "$d" && chown root:root "$d" || return 1
    (umask 022 && mkdir -p "$d/munge" "$d/log" "$d/state" "$d/spool" "$d/jobs" "$d/run") || return 1
    chmod 0711 "$d/munge" && chmod 0700 "$d/state" "$d/spool" "$d/run" || return 1
    chmod 0755 "$d/jobs" "$d/log" || return 1

    # munge: own key, socket, pid, log and seed file.
    CLUSTER_MUNGE_SOCKET=$d/munge/munge.socket
    dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none || return 1
    chown root:root "$d/munge/munge.key" && chmod 0400 "$d/munge/munge.key" || return 1

    ctldport=$(_cluster_pick_port) || return 1
    slurmdport=$(_cluster_pick_port "$ctldport") || return 1
    cpus=$(nproc)
    CLUSTER_CONF=$d/slurm.conf
    cat >"$CLUSTER_CONF" <<EOF
# Generated by scripts/lib/slurm-cluster.sh: a private one-node cluster.
ClusterName=buurttest
SlurmctldHost=localhost
SlurmctldPort=$ctldport
SlurmdPort=$slurmdport
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$CLUSTER_MUNGE_SOCKET
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
DependencyParameters=kill_invalid_depend
KillWait=2
InactiveLimit=0
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/run/slurmctld.pid
SlurmdPidFile=$d/run/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    chmod 0644 "$CLUSTER_CONF"
    export SLURM_CONF=$CLUSTER_CONF

    munged -F --force --socket="$CLUSTER_MUNGE_SOCKET" --key-file="$d/munge/munge.key" \
        --pid-file="$d/munge/munged.pid" --log-file="$d/log/munged.log" \
        --seed-file="$d/munge/munged.seed" \
        </dev/null >"$d/log/munged.out" 2>&1 &
    CLUSTER_PIDS[2]=$!
    # Wait for munge to answer on its socket (a credential round trip).
    while ! munge -n -S "$CLUSTER_MUNGE_SOCKET" </dev/null 2>/dev/null \
            | unmunge -S "$CLUSTER_MUNGE_SOCKET" >/dev/null 2>&1; do
        if ! _cluster_alive "${CLUSTER_PIDS[2]}" || _cluster_past "$deadline"; then
            _cluster_log "munged did not come up"; cluster_diagnostics; return 1
        fi
        sleep 0.1
    done

    slurmctld -D -i -f "$CLUSTER_CONF" </dev/null >"$d/log/slurmctld.out" 2>&1 &
    CLUSTER_PIDS[1]=$!
    slurmd -D -N localhost -f "$CLUSTER_CONF" </dev/null >"$d/log/slurmd.out" 2>&1 &
    CLUSTER_PIDS[0]=$!

    local state=""
    while :; do
        state=$(timeout 5 sinfo -h -N -n localhost -o '%t' 2>/dev/null </dev/null | head -n 1)
        [ "$state" = idle ] && break
        local i names=(slurmd slurmctld munged)
        for i in 0 1 2; do
            _cluster_alive "${CLUSTER_PIDS[$i]}" || {
                _cluster_log "${names[$i]} exited during start-up"; cluster_diagnostics; return 1; }
        done
        if _cluster_past "$deadline"; then
            _cluster_log "node not idle after ${CLUSTER_START_TIMEOUT}s (state: '${state:-none}')"
            cluster_diagnostics; return 1
        fi
        sleep 0.2
    done
    local t1; _cluster_us t1; t1=$(( (t1 - t0) / 100000 ))
    _cluster_log "up in $((t1 / 10)).$((t1 % 10))s:" \
        "$cpus CPUs, ports $ctldport/$slurmdport, SLURM_CONF=$CLUSTER_CONF"
}

# Prints one line per job (array tasks separately): "JOBID STATE EXITCODE",
# from `scontrol show job` (finished jobs stay there for MinJobAge = 300 s).
cluster_job_states() {
    timeout 10 scontrol -o show job "$1" 2>/dev/null </dev/null | awk '{
        id = ""; st = ""; ec = ""
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^JobId=/) id = substr($i, 7)
            else if ($i ~ /^ArrayJobId=/) aj = substr($i, 12)
            else if ($i ~ /^ArrayTaskId=/) at = substr($i, 13)
            else if ($i ~ /^JobState=/) st = substr($i, 10)
            else if ($i ~ /^ExitCode=/) ec = substr($i, 10)
        }
        if (at != "") id = aj "_" at
        print id, st, ec; aj = ""; at = ""
    }'
}

# cluster_wait_job JOBID [TIMEOUT_S=300]: polls `squeue -h -j JOBID` until the job
# (all its array tasks) has left the queue. Returns 0 if every task ended
# COMPLETED with exit code 0:0, 2 if it ended otherwise (failed, cancelled, a
# dependency never satisfied...), 1 on timeout or if the cluster died.
cluster_wait_job() {
    local jid=$1 limit=${2:-300} deadline out rc
    _cluster_deadline deadline "$limit"
    while :; do
        # Only states that are not final; an unknown (purged) job id makes squeue fail.
        if ! _cluster_alive "${CLUSTER_PIDS[1]:-0}" || ! _cluster_alive "${CLUSTER_PIDS[0]:-0}"; then
            _cluster_log "cluster died while waiting for job $jid"; cluster_diagnostics; return 1
        fi
        # (a client talking to a dying slurmctld retries for ~10 s: hence timeout)
        out=$(timeout 5 squeue -h -r -j "$jid" -t PD,R,CG,CF,S,RQ,RS,RH,RD,RF,SI,SO,ST -o '%i %T' 2>&1 </dev/null)
        rc=$?
        if [ "$rc" = 0 ] && [ -z "$out" ]; then break; fi
        if [ "$rc" != 0 ] && printf '%s' "$out" | grep -q 'Invalid job id'; then break; fi
        if _cluster_past "$deadline"; then
            _cluster_log "job $jid still queued after ${limit}s: $out"; cluster_diagnostics; return 1
        fi
        sleep 0.2
    done
    local states bad
    states=$(cluster_job_states "$jid")
    if [ -z "$states" ]; then
        _cluster_log "job $jid left the queue but its final state is unknown"; return 2
    fi
    bad=$(printf '%s\n' "$states" | awk '$2 != "COMPLETED" || $3 != "0:0"')
    if [ -n "$bad" ]; then
        _cluster_log "job $jid did not complete cleanly (id state exitcode):"
        printf '  %s\n' "$bad" >&2
        return 2
    fi
    return 0
}

# Stops exactly the daemons cluster_start started (by PID: TERM, up to
# CLUSTER_STOP_TIMEOUT s, then KILL) and removes the private folder.
# Idempotent; meant for `trap cluster_stop EXIT`.
cluster_stop() {
    local pid i deadline
    # Cancel whatever is still queued in *this* cluster (SLURM_CONF points at it),
    # so no slurmstepd or job outlives the daemons. Skipped when a daemon is
    # already gone (e.g. Ctrl-C reached the whole process group).
    if [ -n "$CLUSTER_CONF" ] && _cluster_alive "${CLUSTER_PIDS[0]:-0}" &&
       _cluster_alive "${CLUSTER_PIDS[1]:-0}"; then
        local jobs
        jobs=$(timeout 1 squeue -h -o '%A' 2>/dev/null </dev/null | sort -u)
        if [ -n "$jobs" ]; then
            _cluster_log "cancelling leftover jobs:" "${jobs//$'\n'/ }"
            # shellcheck disable=SC2086
            timeout 2 scancel $jobs >/dev/null 2>&1 </dev/null
            _cluster_deadline deadline 5
            while [ -n "$(timeout 1 squeue -h -o '%A' 2>/dev/null </dev/null)" ] &&
                  ! _cluster_past "$deadline"; do sleep 0.2; done
        fi
    fi
    # slurmd and slurmctld first, munged (which they need to talk) last.
    for i in 0 1 2; do
        pid=${CLUSTER_PIDS[$i]:-}
        [ -n "$pid" ] && _cluster_alive "$pid" && kill -TERM "$pid" 2>/dev/null
        [ "$i" = 1 ] && _cluster_wait_gone 0 1
    done
    _cluster_wait_gone 0 1 2
    for i in 0 1 2; do
        pid=${CLUSTER_PIDS[$i]:-}
        [ -n "$pid" ] || continue
        if _cluster_alive "$pid"; then
            _cluster_log "pid $pid ignored SIGTERM for ${CLUSTER_STOP_TIMEOUT}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null
        fi
        wait "$pid" 2>/dev/null
    done
    CLUSTER_PIDS=()
    # Job processes (and their slurmstepd) outlive slurmd when the daemons died
    # first, e.g. on Ctrl-C. They carry this cluster's unique SLURM_CONF path
    # in their environment: stop exactly those.
    if [ -n "$CLUSTER_CONF" ]; then
        local left
        unset SLURM_CONF
        left=$(_cluster_find_jobprocs "$CLUSTER_CONF")
        if [ -n "$left" ]; then
            _cluster_log "stopping leftover job processes: $left"
            # shellcheck disable=SC2086
            kill -TERM $left 2>/dev/null
            # slurmstepd ignores SIGTERM while it retries reporting to the dead slurmd
            _cluster_deadline deadline 2
            while [ -n "$(_cluster_find_jobprocs "$CLUSTER_CONF")" ] && ! _cluster_past "$deadline"; do
                sleep 0.1
            done
            left=$(_cluster_find_jobprocs "$CLUSTER_CONF")
            # shellcheck disable=SC2086
            [ -z "$left" ] || kill -KILL $left 2>/dev/null
        fi
    fi
    if [ -n "$CLUSTER_DIR" ] && [ -d "$CLUSTER_DIR" ]; then
        rm -rf -- "$CLUSTER_DIR"
    fi
    CLUSTER_DIR=""; CLUSTER_CONF=""; CLUSTER_MUNGE_SOCKET=""
    return 0
}

# Prints the PIDs of live processes whose environment holds SLURM_CONF=$1
# (without forking: the scan itself must not match).
_cluster_find_jobprocs() {
    local want="SLURM_CONF=$1" p e
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" = "$$" ] && continue
        [ "${p#/proc/}" = "$BASHPID" ] && continue
        {
            while IFS= read -r -d '' e; do
                if [ "$e" = "$want" ]; then
                    _cluster_alive "${p#/proc/}" && printf '%s ' "${p#/proc/}"
                    break
                fi
            done <"$p/environ"
        } 2>/dev/null
    done
}

# _cluster_wait_gone INDEX... : waits (bounded) until those daemons have exited.
_cluster_wait_gone() {
    local deadline i any
    _cluster_deadline deadline "$CLUSTER_STOP_TIMEOUT"
    while :; do
        any=0
        for i in "$@"; do
            [ -n "${CLUSTER_PIDS[$i]:-}" ] && _cluster_alive "${CLUSTER_PIDS[$i]}" && any=1
        done
        [ "$any" = 0 ] && return 0
        _cluster_past "$deadline" && return 1
        sleep 0.1
    done
}
