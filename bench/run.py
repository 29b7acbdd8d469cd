#!/usr/bin/env python3
"""cramp benchmarks: every figure is measured beside a reference in the same run, as medians of
interleaved runs on the same data (`cramp demo --nights 3650 --seed 1`, 10 years of nights).

Usage: python3 bench/run.py [--write] [log] [tui] [analyze] [export] [health]   (all when none is named)

  --write  also write BENCHMARKS.md from this run's figures (the file says how it was made).

log      one `cramp log` into the 10-year journal, beside the sqlite3 shell inserting one row into
         the same database (the floor) and jrnl (a popular terminal journal, installed from PyPI
         into target/bench-tools) adding one entry to a journal of the same 3650 nights.
         Targets: within 2x of sqlite3, at least 20x faster than jrnl, under 15 MB.
tui      from process start to the app's first frame on an 80x24 pseudo-terminal, beside the
         sqlite3 shell's first output through the same harness; `cramp status`; and, in-process
         (`cargo bench --bench tui`), one Week frame (trend over 12 and 52 weeks) and one calendar
         frame (month, year) against an empty frame of the same size.
         Targets: first frame under 50 ms, a frame under 2 ms, under 30 MB.
analyze  the pure analysis over 1, 10 and 100 years of demo nights beside deep-cloning the same
         nights (`cargo bench --bench analysis`), and `cramp analyze` as a whole command.
         Targets: 10 years under 20 ms, 100 years under 200 ms, growth no worse than linear.
export   `cramp export --all --format pdf` of 1 and 10 years beside `cramp list --json` on the
         same journal. Targets: 1 year under 100 ms, 10 years under 1 s.
health   `cramp import apple-health` of a generated 1 GB export.xml (bench/gen_health_export.py:
         about 16 years of days, mostly heart-rate records with metadata, as in real exports) and
         of the same file zipped, beside `wc -l` reading the XML (the floor for one pass over
         it) into a new journal each run. HEALTH_MB changes the size. Targets: under 60 s, under
         50 MB.

Peak memory is GNU time's maximum resident set size (%M) of the whole command.
"""

import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Cargo's own target directory, which CARGO_TARGET_DIR can move (each worktree has its own).
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
CRAMP = os.path.join(TARGET, "release", "cramp")
TOOLS = os.path.join(TARGET, "bench-tools")
RUNS = int(os.environ.get("BENCH_RUNS", "31"))
NOW = "2026-11-28T09:00:00+01:00"
END = "2026-11-27"

# One line of the results table: (group, measurement, value, reference, ratio, peak MiB, target, met).
RESULTS = []


def result(group, what, value, reference="", ratio="", mem=None, target="", met=None):
    RESULTS.append((group, what, value, reference, ratio,
                    "" if mem is None or mem != mem else f"{mem:.1f}", target,
                    "" if met is None else ("yes" if met else "NO")))


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


def ms(seconds):
    return f"{seconds * 1e3:.2f} ms"


def demo_journal(tmp, nights, name):
    db = os.path.join(tmp, name)
    env = dict(os.environ, CRAMP_DB=db, CRAMP_NOW=NOW)
    if not os.path.exists(db):
        subprocess.run([CRAMP, "demo", "--nights", str(nights), "--seed", "1", "--end", END],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    return db, env


def ensure_jrnl():
    """jrnl 4.6 in a virtual environment under target/, or None when PyPI cannot be reached."""
    venv = os.path.join(TOOLS, "jrnl-venv")
    exe = os.path.join(venv, "bin", "jrnl")
    if not os.path.exists(exe):
        try:
            subprocess.run([sys.executable, "-m", "venv", venv], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "jrnl==4.6"], check=True,
                           stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            return None
    return exe


def jrnl_home(tmp, env):
    """A jrnl set-up whose journal holds the same nights as the cramp journal, one entry each."""
    home = os.path.join(tmp, "jrnl-home")
    os.makedirs(os.path.join(home, ".config", "jrnl"), exist_ok=True)
    journal = os.path.join(home, "journal.txt")
    nights = json.loads(subprocess.run([CRAMP, "list", "--json"], env=env, check=True,
                                       capture_output=True).stdout)
    with open(journal, "w") as f:
        for n in nights:
            cramps = "; ".join(f"cramp {e['start'][11:16]} {e['duration_s']}s {e['intensity']}/10"
                               for e in n["episodes"]) or "no cramps"
            f.write(f"[{n['date']} 09:00:00 PM] Fluid {n['fluid_ml']} ml, {n['activity']} day.\n{cramps}\n\n")
    with open(os.path.join(home, ".config", "jrnl", "jrnl.yaml"), "w") as f:
        f.write("colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\n"
                "default_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
                "indent_character: '|'\njournals:\n  default:\n    journal: " + journal + "\n"
                "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n")
    return dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))


def bench_log(tmp):
    build()
    db, env = demo_journal(tmp, 3650, "log.db")
    if not shutil.which("sqlite3"):
        sys.exit("the sqlite3 shell is needed as the reference (apt-get install sqlite3)")
    jrnl = ensure_jrnl()
    jenv = jrnl_home(tmp, env) if jrnl else None
    # Warm-up: the first write of the day makes the automatic backup; it is not the steady cost.
    timed([CRAMP, "log", "--date", "1990-01-01"], env)
    timed(["sqlite3", db, "INSERT INTO nights (date, fluid_ml) VALUES ('1980-01-01', 1500)"])
    cramp, shell, journal = [], [], []
    day0 = datetime.date(1990, 1, 2)
    for i in range(RUNS):
        cramp_day = (day0 + datetime.timedelta(days=i)).isoformat()
        shell_day = (day0 + datetime.timedelta(days=i + 1000)).isoformat()
        cramp.append(timed([CRAMP, "log", "--date", cramp_day, "--fluid", "1.5l", "--activity", "hard",
                            "--cramp", "03:10,4m,7,calf,left", "--tag", "coffee"], env))
        shell.append(timed(["sqlite3", db, f"INSERT INTO nights (date, fluid_ml) VALUES ('{shell_day}', 1500)"]))
        if jrnl:
            journal.append(timed([jrnl, "yesterday 9pm: Fluid 1.5 l, hard day. Cramp 03:10 4m 7/10 calf left @coffee"],
                                 jenv))
    c, s = statistics.median(cramp), statistics.median(shell)
    c_mem = peak_rss_mib([CRAMP, "log", "--date", "1989-12-31", "--fluid", "1.5l", "--cramp", "03:10,4m,7"], env)
    s_mem = peak_rss_mib(["sqlite3", db, "INSERT INTO nights (date, fluid_ml) VALUES ('1979-12-31', 1500)"])
    result("log one night", "cramp log", ms(c), "", "", c_mem, "≤ 2× sqlite3, < 15 MB", c <= 2 * s and c_mem < 15)
    result("log one night", "sqlite3 shell, one INSERT (floor)", ms(s), "", f"cramp is {c / s:.2f}×", s_mem)
    if jrnl:
        j = statistics.median(journal)
        j_mem = peak_rss_mib([jrnl, "yesterday 9pm: one more entry"], jenv)
        result("log one night", "jrnl 4.6, one entry", ms(j), "", f"{j / c:.0f}× cramp", j_mem,
               "cramp ≥ 20× faster", j >= 20 * c)
    else:
        result("log one night", "jrnl", "not measured: PyPI unreachable")
    print(f"log: cramp {ms(c)}, sqlite3 {ms(s)}" + (f", jrnl {ms(statistics.median(journal))}" if jrnl else ""))


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
    while True:  # drain until the child exits, so the pty never blocks it
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


def cargo_bench(name):
    out = subprocess.run(["cargo", "bench", "--quiet", "--bench", name], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    print(out, end="")
    return out


def bench_tui(tmp):
    build()
    db, env = demo_journal(tmp, 3650, "tui.db")
    env = dict(env)
    env.pop("CRAMP_NOW")  # the app runs on the real clock, as a person would start it
    runs = int(os.environ.get("BENCH_TUI_RUNS", "21"))
    app, shell, status, status_shell = [], [], [], []
    for _ in range(runs):
        app.append(first_output([CRAMP], b"Week of", env, keys=b"q"))
        shell.append(first_output(["sqlite3", db, "select 'count=' || count(*) from nights"], b"count="))
        status.append(timed([CRAMP, "status"], env))
        status_shell.append(timed(["sqlite3", db, "select count(*) from nights"]))
    a, s = statistics.median(t for t, _ in app), statistics.median(t for t, _ in shell)
    a_mem = max(m for _, m in app)
    result("open the app (10 years)", "cramp: start to first frame, 80×24 pty", ms(a), "", "", a_mem,
           "< 50 ms, < 30 MB", a < 0.05 and a_mem < 30)
    result("open the app (10 years)", "sqlite3 shell: start to first output, same pty", ms(s), "",
           f"cramp is {a / s:.2f}×", max(m for _, m in shell))
    cs, ss = statistics.median(status), statistics.median(status_shell)
    result("cramp status (10 years)", "cramp status", ms(cs), "", "",
           peak_rss_mib([CRAMP, "status"], env))
    result("cramp status (10 years)", "sqlite3 shell, SELECT count(*)", ms(ss), "", f"cramp is {cs / ss:.2f}×")
    out = cargo_bench("tui")
    frame = r"tui: (.+?) frame (\d+)x(\d+): median ([\d.]+) ms, empty frame ([\d.]+) ms"
    for what, w, h, shown, empty in re.findall(frame, out):
        group = "one calendar frame (in-process)" if what.startswith("calendar") else "one Week frame (in-process)"
        screen = what if what.startswith("calendar") else what.replace("Week", "Week screen", 1)
        result(group, f"{screen} {w}×{h}", f"{float(shown):.3f} ms",
               f"empty frame {float(empty):.3f} ms", f"{float(shown) / float(empty):.1f}×", None, "< 2 ms",
               float(shown) < 2)
    print(f"tui: first frame {ms(a)}, sqlite3 {ms(s)}; status {ms(cs)}")


def bench_analyze(tmp):
    build()
    out = cargo_bench("analysis")
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)x\s+([\d.]+)$", out, re.M)
    per_night, clone_per_night = {}, {}
    for years, logged, analyze_ms, clone_ms, _, us in rows:
        per_night[int(years)] = float(us)
        clone_per_night[int(years)] = float(clone_ms) * 1e3 / int(logged)
        target = {10: ("< 20 ms", float(analyze_ms) < 20), 100: ("< 200 ms", float(analyze_ms) < 200)}
        t, met = target.get(int(years), ("", None))
        result("analysis (pure, in-process)", f"{years} year{'s' if years != '1' else ''}, {logged} nights",
               f"{float(analyze_ms):.2f} ms", f"clone {float(clone_ms):.2f} ms",
               f"{float(us):.3f} µs/night", None, t, met)
    if 1 in per_night and 100 in per_night:
        # Linear growth keeps the cost per night flat; caches make even a plain clone dearer per
        # night on big data, so the clone's own growth is the yardstick.
        growth = per_night[100] / per_night[1]
        clone_growth = clone_per_night[100] / clone_per_night[1]
        result("analysis (pure, in-process)", "cost per night, 100 years ÷ 1 year", f"{growth:.2f}×",
               f"clone {clone_growth:.2f}×", "", None, "no steeper than the clone's", growth <= clone_growth)
    db, env = demo_journal(tmp, 3650, "analyze.db")
    whole = statistics.median(timed([CRAMP, "analyze", "--json"], env) for _ in range(11))
    listed = statistics.median(timed([CRAMP, "list", "--json"], env) for _ in range(11))
    result("analysis (whole command, 10 years)", "cramp analyze --json", ms(whole), f"list --json {ms(listed)}",
           f"{whole / listed:.2f}×", peak_rss_mib([CRAMP, "analyze", "--json"], env))


def bench_export(tmp):
    build()
    runs = int(os.environ.get("BENCH_EXPORT_RUNS", "11"))
    for years in (1, 10):
        db, env = demo_journal(tmp, 365 * years, f"export-{years}.db")
        pdf = os.path.join(tmp, f"export-{years}y.pdf")
        export = [CRAMP, "export", "--all", "--format", "pdf", "-o", pdf, "--force"]
        listing = [CRAMP, "list", "--json"]
        timed(export, env)  # warm-up: page cache, the first-write backup
        e_t, l_t = [], []
        for _ in range(runs):
            e_t.append(timed(export, env))
            l_t.append(timed(listing, env))
        e, l = statistics.median(e_t), statistics.median(l_t)
        limit = 0.1 if years == 1 else 1.0
        result("PDF export", f"{years} year{'s' if years > 1 else ''} ({os.path.getsize(pdf) / 1e6:.2f} MB PDF)",
               ms(e), f"list --json {ms(l)}", f"{e / l:.1f}×", peak_rss_mib(export, env),
               f"< {limit * 1e3:.0f} ms", e < limit)
        print(f"export {years}y: PDF {ms(e)}, list --json {ms(l)}")


def bench_health(tmp):
    build()
    size_mb = int(os.environ.get("HEALTH_MB", "1024"))
    runs = int(os.environ.get("BENCH_HEALTH_RUNS", "3"))
    xml, zipped = os.path.join(tmp, "export.xml"), os.path.join(tmp, "export.zip")
    gen = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_health_export.py"), xml, str(size_mb),
                          "--zip", zipped], check=True, capture_output=True, text=True).stdout
    days = int(re.search(r"days=(\d+)", gen).group(1))
    floor = statistics.median(timed(["wc", "-l", xml]) for _ in range(runs))
    for path, label in ((xml, "export.xml"), (zipped, "export.zip")):
        times, mems = [], []
        for i in range(runs):
            db = os.path.join(tmp, f"health-{label}-{i}.db")
            env = dict(os.environ, CRAMP_DB=db, CRAMP_NOW=NOW)
            argv = [CRAMP, "import", "apple-health", path]
            start = time.perf_counter()
            proc = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                sys.exit(f"import of {label} failed: {proc.stderr}")
            mems.append(int(proc.stderr.strip().splitlines()[-1]) / 1024)
            if f"steps: {days} nights added" not in proc.stdout:
                sys.exit(f"import of {label} did not add {days} days of steps:\n{proc.stdout}")
        t, mem = statistics.median(times), max(mems)
        mb = os.path.getsize(path) / 1e6
        result("Apple Health import", f"{label}, {mb:.0f} MB, {days} days", f"{t:.2f} s",
               f"wc -l on the XML {floor:.2f} s", f"{t / floor:.1f}×", mem, "< 60 s, < 50 MB",
               t < 60 and mem < 50)
        print(f"health {label}: {t:.2f} s, peak {mem:.1f} MiB (wc -l {floor:.2f} s)")


BENCHES = {"log": bench_log, "tui": bench_tui, "analyze": bench_analyze, "export": bench_export,
           "health": bench_health}


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; {rustc}"


def table():
    head = "| what | measurement | median | reference | ratio | peak MiB | target | met |\n|---|---|---:|---|---|---:|---|---|\n"
    return head + "".join("| " + " | ".join(r) + " |\n" for r in RESULTS)


def main():
    args = sys.argv[1:]
    write = "--write" in args
    wanted = [a for a in args if a != "--write"] or list(BENCHES)
    unknown = [w for w in wanted if w not in BENCHES]
    if unknown:
        sys.exit(f"unknown benchmark {unknown}; choose from {list(BENCHES)}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in wanted:
            BENCHES[name](tmp)
    print()
    print(table())
    if write:
        with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
            f.write("# Benchmarks\n\n")
            f.write("Made by `python3 bench/run.py --write` on "
                    f"{datetime.date.today().isoformat()}, on {machine()}.\n\n")
            f.write("Every figure is a median over interleaved runs, measured beside its reference in the "
                    "same run on the same data: 10 years of demo nights (`cramp demo --nights 3650 --seed 1`) "
                    "unless the row says otherwise. Whole commands are timed from spawn to exit; peak memory "
                    "is the maximum resident set size from GNU time. What each row measures is described at "
                    "the top of `bench/run.py`.\n\n")
            f.write(table())


if __name__ == "__main__":
    main()
