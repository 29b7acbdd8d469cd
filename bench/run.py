#!/usr/bin/env python3
"""cramp benchmarks: each figure is measured beside a reference in the same run.

Usage: python3 bench/run.py [log] [analyze] [tui] [export]      (all of them when none is named)

log      one `cramp log` against a journal of 10 years of nights (`cramp demo --nights 3650`),
         beside the sqlite3 shell inserting one row into the same database. Median wall time over
         interleaved runs, and each command's peak resident memory (GNU time's %M). Builds the
         release binary first.
analyze  the pure analysis (`analysis::analyze`, no process start-up, no database) over 1, 10
         and 100 years of demo nights, beside deep-cloning the same nights, measured in the same
         run by `cargo bench --bench analysis` (benches/analysis.rs). Target: 10 years under 20 ms.
tui      on a journal of 10 years of demo nights: from process start to the first frame of the app
         on screen, read through a real pseudo-terminal (80x24), beside the sqlite3 shell's first
         output of a one-line query through the same harness; `cramp status`; and, in-process
         (`cargo bench --bench tui`), one Week frame and opening the app. Peak memory from GNU
         time. Targets: first frame under 50 ms, a frame under 2 ms, peak memory under 30 MB.
export   `cramp export --all --format pdf -o FILE` (the clinician's PDF with every night in the
         log table) on journals of 1 year and 10 years of demo nights, beside `cramp list --json`
         and `cramp export --all --format json` on the same journal: whole commands, median wall
         time over interleaved runs. Targets: 1 year under 100 ms, 10 years under 1 s.
"""

import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRAMP = os.path.join(ROOT, "target", "release", "cramp")
RUNS = int(os.environ.get("BENCH_RUNS", "41"))


BUILT = False


def build():
    """Builds the release binary once per run, for the benchmarks that time whole commands."""
    global BUILT
    if not BUILT:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        BUILT = True


def timed(argv, env=None):
    """Wall seconds of one command, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()}")
    return elapsed


def peak_rss_mib(argv, env=None):
    """Peak resident memory of one command, from GNU time. (ru_maxrss of a child forked by Python
    would count the Python interpreter's own pages, so it cannot be read from here.)"""
    if not os.path.exists("/usr/bin/time"):
        return float("nan")
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=True)
    return int(proc.stderr.decode().strip().splitlines()[-1]) / 1024


def bench_log(tmp):
    build()
    db = os.path.join(tmp, "ten-years.db")
    env = dict(os.environ, CRAMP_DB=db)
    subprocess.run([CRAMP, "demo", "--nights", "3650", "--seed", "1"], env=env, check=True, stdout=subprocess.DEVNULL)
    if not shutil.which("sqlite3"):
        sys.exit("the sqlite3 shell is needed as the reference (apt-get install sqlite3)")
    # Warm-up: the first write of the day makes the automatic backup; it is not the steady cost.
    timed([CRAMP, "log", "--date", "1990-01-01"], env)
    timed(["sqlite3", db, "INSERT INTO nights (date, fluid_ml) VALUES ('1980-01-01', 1500)"])
    cramp, shell = [], []
    day0 = datetime.date(1990, 1, 2)
    for i in range(RUNS):
        cramp_day = (day0 + datetime.timedelta(days=i)).isoformat()
        shell_day = (day0 + datetime.timedelta(days=i + 1000)).isoformat()
        cramp.append(timed([CRAMP, "log", "--date", cramp_day, "--fluid", "1.5l", "--activity", "hard",
                            "--cramp", "03:10,4m,7,calf,left", "--tag", "coffee"], env))
        shell.append(timed(["sqlite3", db,
                            f"INSERT INTO nights (date, fluid_ml) VALUES ('{shell_day}', 1500)"]))
    c_med = statistics.median(cramp)
    s_med = statistics.median(shell)
    c_mem = peak_rss_mib([CRAMP, "log", "--date", "1989-12-31", "--fluid", "1.5l", "--activity", "hard",
                          "--cramp", "03:10,4m,7,calf,left", "--tag", "coffee"], env)
    s_mem = peak_rss_mib(["sqlite3", db, "INSERT INTO nights (date, fluid_ml) VALUES ('1979-12-31', 1500)"])
    print(f"log: {RUNS} interleaved runs on a journal of 3650 demo nights "
          f"({os.path.getsize(db) / 1e6:.1f} MB)")
    print(f"  cramp log          median {c_med * 1e3:7.2f} ms   peak RSS {c_mem:5.1f} MiB")
    print(f"  sqlite3 INSERT     median {s_med * 1e3:7.2f} ms   peak RSS {s_mem:5.1f} MiB")
    print(f"  ratio cramp/sqlite3: {c_med / s_med:.2f}x  (target: within 2x; peak memory under 15 MB)")


def bench_analyze(_tmp):
    subprocess.run(["cargo", "bench", "--quiet", "--bench", "analysis"], cwd=ROOT, check=True)


def first_output(argv, marker, env=None, keys=b""):
    """Seconds from fork to `marker` appearing on an 80x24 pseudo-terminal, then sends `keys`
    and waits for the exit; and the peak RSS in MiB, from GNU time wrapped around the command."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    mem = os.path.join(tempfile.gettempdir(), f"cramp-bench-mem-{os.getpid()}")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", mem, *argv] if os.path.exists("/usr/bin/time") else argv
        os.execvpe(wrapped[0], wrapped, dict(env or os.environ, TERM="xterm-256color"))
    seen, first = b"", None
    deadline = start + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if first is None and marker in seen:
            first = time.perf_counter() - start
            if keys:
                os.write(fd, keys)
            else:
                break
    # Drain until the child exits, so the pty never blocks it.
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    if first is None:
        sys.exit(f"{' '.join(argv)} never showed {marker!r}; it printed: {seen[-500:]!r}")
    rss = float("nan")
    if os.path.exists(mem):
        with open(mem) as f:
            rss = int(f.read().strip().splitlines()[-1]) / 1024
        os.remove(mem)
    return first, rss


def bench_tui(tmp):
    build()
    db = os.path.join(tmp, "tui-ten-years.db")
    env = dict(os.environ, CRAMP_DB=db)
    subprocess.run([CRAMP, "demo", "--nights", "3650", "--seed", "1"], env=env, check=True, stdout=subprocess.DEVNULL)
    runs = int(os.environ.get("BENCH_TUI_RUNS", "21"))
    app, shell, status, status_shell = [], [], [], []
    for _ in range(runs):
        app.append(first_output([CRAMP], b"Week of", env, keys=b"q"))
        shell.append(first_output(["sqlite3", db, "select 'count=' || count(*) from nights"], b"count="))
        status.append(timed([CRAMP, "status"], env))
        status_shell.append(timed(["sqlite3", db, "select count(*) from nights"]))
    a, s = statistics.median(t for t, _ in app), statistics.median(t for t, _ in shell)
    print(f"tui: {runs} interleaved runs on a journal of 3650 demo nights, 80x24 pseudo-terminal")
    print(f"  cramp, start to first frame  median {a * 1e3:7.2f} ms   peak RSS {max(m for _, m in app):5.1f} MiB"
          f"   (target: under 50 ms, under 30 MB)")
    print(f"  sqlite3 shell, first output  median {s * 1e3:7.2f} ms   peak RSS {max(m for _, m in shell):5.1f} MiB")
    print(f"  ratio cramp/sqlite3: {a / s:.2f}x")
    cs, ss = statistics.median(status), statistics.median(status_shell)
    print(f"  cramp status                 median {cs * 1e3:7.2f} ms   sqlite3 count: {ss * 1e3:.2f} ms "
          f"(ratio {cs / ss:.2f}x)")
    subprocess.run(["cargo", "bench", "--quiet", "--bench", "tui"], cwd=ROOT, check=True)


def bench_export(tmp):
    build()
    runs = int(os.environ.get("BENCH_EXPORT_RUNS", "15"))
    for years in (1, 10):
        nights = 365 * years
        db = os.path.join(tmp, f"export-{years}y.db")
        env = dict(os.environ, CRAMP_DB=db, CRAMP_NOW="2026-11-28T09:00:00+01:00")
        subprocess.run([CRAMP, "demo", "--nights", str(nights), "--seed", "1", "--end", "2026-11-27"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        pdf = os.path.join(tmp, f"export-{years}y.pdf")
        commands = {
            "cramp export pdf": [CRAMP, "export", "--all", "--format", "pdf", "-o", pdf, "--force"],
            "cramp list --json": [CRAMP, "list", "--json"],
            "cramp export json": [CRAMP, "export", "--all", "--format", "json"],
        }
        for argv in commands.values():  # warm-up: page cache, the first-write backup
            timed(argv, env)
        times = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                times[name].append(timed(argv, env))
        target = 0.1 if years == 1 else 1.0
        pdf_med = statistics.median(times["cramp export pdf"])
        print(f"export: {years} year{'s' if years > 1 else ''} ({nights} demo nights), {runs} interleaved runs; "
              f"PDF {os.path.getsize(pdf) / 1e6:.2f} MB")
        for name, values in times.items():
            print(f"  {name:<20} median {statistics.median(values) * 1e3:8.2f} ms")
        verdict = "ok" if pdf_med < target else "OVER TARGET"
        print(f"  PDF / list --json: {pdf_med / statistics.median(times['cramp list --json']):.2f}x   "
              f"target: PDF under {target * 1e3:.0f} ms -> {verdict}")


BENCHES = {"log": bench_log, "analyze": bench_analyze, "tui": bench_tui, "export": bench_export}


def main():
    wanted = sys.argv[1:] or list(BENCHES)
    unknown = [w for w in wanted if w not in BENCHES]
    if unknown:
        sys.exit(f"unknown benchmark {unknown}; choose from {list(BENCHES)}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in wanted:
            BENCHES[name](tmp)


if __name__ == "__main__":
    main()
