#!/usr/bin/env bash
# SupervisionFlow test command.
#
#   tools/test.sh            (from any directory; CI calls it through .ci/run)
#
# 1. installs what the tests need and is missing (PostgreSQL server, Chromium, python3-aiosmtpd),
#    only when running as root; otherwise prints what is missing and the tests needing it skip;
# 2. starts a throw-away PostgreSQL cluster on a free loopback port and exports
#    SF_TEST_POSTGRES (and SF_TEST_CHROMIUM when /usr/bin/chromium exists);
# 3. runs `npm ci` where a package.json exists (repo root, src/SupervisionFlow.Web);
# 4. runs `dotnet test` on the solution, sums the .trx counters and prints, as its LAST line,
#    "N passed, N failed" or "N passed, N failed, N skipped".
# Exit status 0 only when nothing failed, dotnet test succeeded and at least one test passed.
#
# Optional environment:
#   SF_TEST_RESULTS_DIR   keep the .trx files there (default: a temporary directory, removed at exit)
#   SF_TEST_NO_INSTALL=1  never call apt-get
#   SF_TEST_KEEP_PG=1     leave the temporary cluster running/on disk (debugging only)
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false

log()  { printf '[test.sh] %s\n' "$*" >&2; }
warn() { printf '[test.sh] WARNING: %s\n' "$*" >&2; }

IS_ROOT=0; [ "$(id -u)" -eq 0 ] && IS_ROOT=1
SYS_PY=/usr/bin/python3; [ -x "$SYS_PY" ] || SYS_PY="$(command -v python3 || true)"

# ---------------------------------------------------------------- state + cleanup
PG_BIN=""          # /usr/lib/postgresql/<ver>/bin
PG_TMP=""          # temp dir holding data/, sock/, log
PG_STARTED=0
PG_USER=""         # user the cluster runs as ("" = current user)
RESULTS_TMP=""     # temp results dir (removed at exit)
TEST_PID=""        # dotnet test process (own process group)
POLICY_RC_CREATED=0

as_pg() {  # run a command as the cluster owner, from a directory that user can read
    if [ -n "$PG_USER" ]; then
        (cd "$PG_TMP" && runuser -u "$PG_USER" -- "$@")
    else
        (cd "$PG_TMP" && "$@")
    fi
}

stop_pg() {
    [ -n "$PG_TMP" ] || return 0
    if [ "${SF_TEST_KEEP_PG:-0}" = 1 ]; then
        log "SF_TEST_KEEP_PG=1: leaving cluster in $PG_TMP"; return 0
    fi
    if [ -f "$PG_TMP/data/postmaster.pid" ] && [ -n "$PG_BIN" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        # pg_ctl failed or timed out: kill the postmaster we started (its pid is line 1 of postmaster.pid)
        if [ -f "$PG_TMP/data/postmaster.pid" ]; then
            local pid; pid="$(head -n1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                kill -QUIT "$pid" 2>/dev/null || true; sleep 1; kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    rm -rf -- "$PG_TMP" 2>/dev/null || true
    PG_TMP=""; PG_STARTED=0
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$TEST_PID" ] && kill -0 "$TEST_PID" 2>/dev/null; then
        log "stopping dotnet test (pid $TEST_PID)"
        kill -TERM -- "-$TEST_PID" 2>/dev/null || kill -TERM "$TEST_PID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$TEST_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$TEST_PID" 2>/dev/null || true
    fi
    stop_pg
    [ "$POLICY_RC_CREATED" = 1 ] && rm -f /usr/sbin/policy-rc.d
    [ -n "$RESULTS_TMP" ] && rm -rf -- "$RESULTS_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------- prerequisites
find_pg_bin() {
    local d best=""
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && best="$d"
    done
    printf '%s' "$best"
}

missing_pkgs=()
[ -n "$(find_pg_bin)" ]   || missing_pkgs+=(postgresql)
[ -x /usr/bin/chromium ]  || missing_pkgs+=(chromium)
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; } || missing_pkgs+=(python3-aiosmtpd)

if [ "${#missing_pkgs[@]}" -gt 0 ]; then
    if [ "$IS_ROOT" = 1 ] && [ "${SF_TEST_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing missing packages: ${missing_pkgs[*]}"
        # keep package post-install scripts from starting system services (e.g. a PostgreSQL on 5432)
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && POLICY_RC_CREATED=1
        fi
        export DEBIAN_FRONTEND=noninteractive
        if apt-get update -q </dev/null \
           && apt-get install -y -q --no-install-recommends \
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
                "${missing_pkgs[@]}" </dev/null; then
            log "installed: ${missing_pkgs[*]}"
        else
            warn "apt-get failed; tests needing ${missing_pkgs[*]} will be skipped"
        fi
        if [ "$POLICY_RC_CREATED" = 1 ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_CREATED=0; fi
    else
        warn "missing: ${missing_pkgs[*]} (not root or installs disabled). As root run:"
        warn "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing_pkgs[*]}"
        warn "tests needing them will be skipped"
    fi
fi

# ---------------------------------------------------------------- PostgreSQL (throw-away cluster)
free_port() {
    if [ -n "$SYS_PY" ]; then
        "$SYS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' && return 0
    fi
    local p used
    used="$(ss -Htanl 2>/dev/null | awk '{print $4}' | sed 's/.*://' || true)"
    for p in $(seq 25432 25999); do
        grep -qx "$p" <<<"$used" || { echo "$p"; return 0; }
    done
    return 1
}

start_pg() {
    PG_BIN="$(find_pg_bin)"
    if [ -z "$PG_BIN" ]; then
        warn "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin: PostgreSQL tests will be skipped"
        return 0
    fi
    PG_TMP="$(mktemp -d /tmp/sf-pg.XXXXXX)"   # short fixed prefix: the unix socket path must stay < 108 chars
    mkdir -p "$PG_TMP/sock"
    printf 'sftest\n' > "$PG_TMP/pwfile"
    if [ "$IS_ROOT" = 1 ]; then
        PG_USER=postgres   # initdb/postgres refuse to run as root
        if ! id -u "$PG_USER" >/dev/null 2>&1; then
            log "creating system user $PG_USER"
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                    --shell /usr/sbin/nologin "$PG_USER"
        fi
        chown -R "$PG_USER:" "$PG_TMP"
    fi
    chmod 700 "$PG_TMP"

    local initdb_args=(-D "$PG_TMP/data" -U postgres --pwfile="$PG_TMP/pwfile"
                       --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-sync)
    if ! as_pg "$PG_BIN/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1; then
        rm -rf -- "$PG_TMP/data"
        if ! as_pg "$PG_BIN/initdb" "${initdb_args[@]}" --no-locale >"$PG_TMP/initdb.log" 2>&1; then
            warn "initdb failed; PostgreSQL tests will be skipped:"; tail -n 20 "$PG_TMP/initdb.log" >&2 || true
            stop_pg; return 0
        fi
    fi
    rm -f "$PG_TMP/pwfile"

    local attempt port
    for attempt in 1 2 3 4 5; do
        port="$(free_port)" || { warn "no free port found"; break; }
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
              -o "-p $port -k $PG_TMP/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
              start >/dev/null 2>&1; then
            PG_STARTED=1; break
        fi
        warn "PostgreSQL did not start on port $port (attempt $attempt)"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    done
    if [ "$PG_STARTED" != 1 ]; then
        warn "PostgreSQL failed to start; PostgreSQL tests will be skipped. Log:"
        tail -n 30 "$PG_TMP/postgres.log" >&2 2>/dev/null || true
        stop_pg; return 0
    fi
    export SF_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=sftest;Database=postgres"
    # sanity check over TCP with the password, exactly as the tests will connect
    if [ -x "$PG_BIN/psql" ]; then
        if ! PGPASSWORD=sftest PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$port" \
               -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
            warn "PostgreSQL started but a TCP login on port $port failed"
        fi
    fi
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $NF}') on 127.0.0.1:$port (data $PG_TMP/data)"
}
start_pg

if [ -x /usr/bin/chromium ]; then
    export SF_TEST_CHROMIUM=/usr/bin/chromium
    # the browser tests save screenshots of the main pages here (git-ignored), as the run's artefacts
    export SF_SCREENSHOTS_DIR="${SF_SCREENSHOTS_DIR:-$REPO_ROOT/artifacts/screenshots}"
else
    warn "/usr/bin/chromium not found: browser tests will be skipped"
fi

# ---------------------------------------------------------------- npm
setup_failed=0
for dir in "$REPO_ROOT" "$REPO_ROOT/src/SupervisionFlow.Web"; do
    [ -f "$dir/package.json" ] || continue
    if ! command -v npm >/dev/null 2>&1; then
        warn "npm not found, cannot install $dir/package.json"; setup_failed=1; continue
    fi
    if [ -f "$dir/package-lock.json" ] || [ -f "$dir/npm-shrinkwrap.json" ]; then
        log "npm ci in ${dir#"$REPO_ROOT"/}"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null) || { warn "npm ci failed in $dir"; setup_failed=1; }
    else
        warn "no package-lock.json in $dir: running npm install (commit the lock file)"
        (cd "$dir" && npm install --no-audit --no-fund --loglevel=error </dev/null) || { warn "npm install failed in $dir"; setup_failed=1; }
    fi
done

# ---------------------------------------------------------------- dotnet test
if [ -n "${SF_TEST_RESULTS_DIR:-}" ]; then
    RESULTS_DIR="$SF_TEST_RESULTS_DIR"; mkdir -p "$RESULTS_DIR"
    find "$RESULTS_DIR" -maxdepth 3 -name '*.trx' -delete 2>/dev/null || true
else
    RESULTS_TMP="$(mktemp -d "${TMPDIR:-/tmp}/sf-test-results.XXXXXX")"; RESULTS_DIR="$RESULTS_TMP"
fi

SOLUTION=""
for s in SupervisionFlow.sln SupervisionFlow.slnx; do [ -f "$s" ] && { SOLUTION="$s"; break; }; done
if [ -z "$SOLUTION" ]; then
    SOLUTION="$(ls ./*.sln ./*.slnx 2>/dev/null | head -n1 || true)"
fi

test_rc=1
if [ -z "$SOLUTION" ]; then
    warn "no solution file (SupervisionFlow.sln/.slnx) in $REPO_ROOT"
elif ! command -v dotnet >/dev/null 2>&1; then
    warn "dotnet not found"
else
    log "dotnet test $SOLUTION -c Release"
    # own process group (setsid) so an interrupt/timeout can stop dotnet and its test hosts together;
    # run in the background + wait so the INT/TERM traps fire immediately
    launcher=(); command -v setsid >/dev/null 2>&1 && launcher=(setsid)
    "${launcher[@]}" dotnet test "$SOLUTION" -c Release --nologo \
        --logger "trx;LogFilePrefix=results" \
        --logger "console;verbosity=minimal" \
        --results-directory "$RESULTS_DIR" </dev/null &
    TEST_PID=$!
    set +e; wait "$TEST_PID"; test_rc=$?; set -e
    TEST_PID=""
    log "dotnet test exit code $test_rc"
fi

# ---------------------------------------------------------------- summarise .trx files
mapfile -t trx_files < <(find "$RESULTS_DIR" -type f -name '*.trx' 2>/dev/null | sort)
passed=0; failed=0; skipped=0
if [ "${#trx_files[@]}" -gt 0 ]; then
    if [ -n "$SYS_PY" ]; then
        read -r passed failed skipped < <("$SYS_PY" - "${trx_files[@]}" <<'PY'
import sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except Exception as e:                      # unreadable trx counts as a failure
        print(f"[test.sh] cannot parse {path}: {e}", file=sys.stderr); f += 1; continue
    c = next((el for el in root.iter() if el.tag.rsplit('}', 1)[-1] == 'Counters'), None)
    if c is None:
        print(f"[test.sh] no Counters in {path}", file=sys.stderr); f += 1; continue
    g = lambda k: int(c.get(k, '0') or 0)
    p += g('passed')
    f += g('failed') + g('error') + g('timeout') + g('aborted')
    # skipped tests are counted in total but not in executed; notExecuted stays 0 in this logger's files
    s += max(g('notExecuted'), g('total') - g('executed'))
print(p, f, s)
PY
        ) || { passed=0; failed=1; skipped=0; }
    else
        for t in "${trx_files[@]}"; do
            line="$(grep -o '<Counters [^>]*' "$t" | head -n1 || true)"
            attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$line"; }
            passed=$((passed + ${line:+$(attr passed)}+0))
            failed=$((failed + ${line:+$(attr failed)}+0 + ${line:+$(attr error)}+0 + ${line:+$(attr timeout)}+0 + ${line:+$(attr aborted)}+0))
            skipped=$((skipped + ${line:+$(attr notExecuted)}+0))
            [ -n "$line" ] || failed=$((failed + 1))
        done
    fi
else
    warn "no .trx files produced (build failed or no test projects)"
fi

# the summary must agree with the exit status: a failed build/run/setup with no failed test counts as one failure
if { [ "$test_rc" -ne 0 ] || [ "${#trx_files[@]}" -eq 0 ] || [ "$setup_failed" -ne 0 ]; } && [ "$failed" -eq 0 ]; then
    failed=1
fi

status=1
if [ "$failed" -eq 0 ] && [ "$test_rc" -eq 0 ] && [ "$passed" -gt 0 ]; then status=0; fi
[ "$passed" -gt 0 ] || [ "$failed" -gt 0 ] || warn "no test passed"

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
printf '%s\n' "$summary"
exit "$status"
