#!/usr/bin/env python3
"""CPU time per order by component, from perf samples of a capture or reconcile run.

usage: costs.py [--reconcile] SCRIPT ORDERS [SCRIPT ORDERS]
  SCRIPT  the output of `perf script -F comm,tid,time,ip,sym -i perf.data` (sampled at 999 Hz;
          bench/profile/record.sh writes it)
  ORDERS  the orders taken while perf recorded (orders/s x seconds recorded), or reconciled
  --reconcile  keep only the samples from the first to the last one inside the reconciliation
          service's per-order step (the run's reserving part; the queue fill before it is left out)

Each sample goes to the component of the frame nearest its leaf that names one (so a middleware
is billed only for its own code, not for the endpoint it calls); a sample in the kernel or in
SQLite with no such frame above it is billed to its system call or library. Two runs print a
difference column."""
import collections, re, sys

OWNERS = [  # (component, frame pattern); the first pattern a frame matches names its component
    ("tracing: Activity and OTel listeners", r"System\.Diagnostics\.Activity|DiagnosticListener|DiagnosticSourceListener|OpenTelemetry\.Instrumentation|TraceContextPropagator|HostingApplicationDiagnostics::(Start|Stop)Activity"),
    ("metrics: instruments and aggregation", r"OpenTelemetry\.Metrics|System\.Diagnostics\.Metrics|\w+Metrics::\w+"),
    ("work files", r"ImpexShare|WorkFile|DirectoryFlush|DiskBarrier"),
    ("outbox: due reads and completions", r"Outbox(Dispatcher|Sql)|DueOutbox|CompleteOutbox"),
    ("accept: availability read", r"ReadAvailability"),
    ("accept: order insert", r"InsertOrder"),
    ("accept: outbox insert", r"InsertOutbox"),
    ("accept: duplicate check", r"ReadOrder\b|::ReadOrder"),
    ("sqlite: commit", r"SqliteTransaction::Commit"),
    ("accept: holds, decrement, statements", r"TryAccept|SqliteWriter|GroupCommitQueue|SqliteOrderStore"),
    ("capture service: validation, plan", r"OrderCaptureService|OrderValidator|PlaceScope|Timeline"),
    ("OCI simulator (the bench's OCI)", r"OrderCapture\.OciSimulator"),
    ("OCI client: Refit, handlers, Polly", r"OrderCapture\.Oci\.|OrderCaptureOciApi|Refit\.|Polly\."),
    ("reconciliation: claim, order, classify", r"Reconciliation|OciReservations|FirstComeFirstServed|ReservationLookup"),
    ("store: reads and writes", r"OrderCapture\.Storage|Microsoft\.Data\.Sqlite|Npgsql"),
    ("JSON (capture: the endpoint's; reconcile: OCI's)", r"OrderEndpoints|System\.Text\.Json"),
    ("auth: key check and policies", r"Authentication|Authorization|AccessKeys|ApiKey"),
    ("HttpClient (the bench's clients; in reconcile, OCI calls)", r"CaptureScenario|System\.Net\.Http\."),
    ("ASP.NET Core and Kestrel", r"AspNetCore|Kestrel|System\.IO\.Pipelines"),
]
SYSCALL = re.compile(r"^__x64_sys_(\w+)")

RECONCILING = re.compile(r"ReconciliationService.*ReconcileAsync")

def stacks(path):
    """(thread name, time, frames leaf first) of each sample."""
    head, frames = None, []
    for line in open(path, errors="replace"):
        if not line.strip():
            if head: yield head[0], head[1], frames
            head, frames = None, []
        elif line[0].isspace():
            frames.append(line.strip().split(" ", 1)[-1])
        else:
            fields = line.split()  # comm (may hold spaces), tid, time: (older scripts have no time)
            timed = fields[-1].endswith(":")
            head = (" ".join(fields[:-2] if timed else fields[:-1]), float(fields[-1].rstrip(":")) if timed else 0.0)
    if head: yield head[0], head[1], frames

def component(thread, frames):
    if thread.startswith(".NET Tiered Com"):
        return "JIT: tiered compilation thread"
    owners = [(name, re.compile(p)) for name, p in OWNERS]
    syscall = next((m.group(1) for f in frames if (m := SYSCALL.match(f))), None)
    for frame in frames:  # leaf first
        for name, rx in owners:
            if rx.search(frame):
                if name == "work files":
                    return f"work files: {syscall or 'managed (json, paths)'}"
                return name
    if syscall:
        return f"kernel, no managed caller seen: {syscall}"
    if any("sqlite3" in f for f in frames):
        return "sqlite, no managed caller seen"
    return "other (runtime, thread pool, unresolved)"

def costs(path, orders, reconcile):
    lo, hi = float("-inf"), float("inf")
    if reconcile:
        times = [t for _, t, frames in stacks(path) if any(RECONCILING.search(f) for f in frames)]
        lo, hi = min(times), max(times)
    cache, counts, total = {}, collections.Counter(), 0
    for thread, t, frames in stacks(path):
        if not lo <= t <= hi:
            continue
        total += 1
        key = (thread.startswith(".NET Tiered Com"), tuple(frames))
        counts[cache.setdefault(key, component(thread, frames))] += 1
    per_sample = 1e6 / 999 / orders  # µs of CPU per order that one sample stands for
    return {k: v * per_sample for k, v in counts.items()}, total * per_sample

args = sys.argv[1:]
reconcile = "--reconcile" in args
args = [a for a in args if a != "--reconcile"]
runs = [costs(args[i], float(args[i + 1]), reconcile) for i in range(0, len(args) - 1, 2)]
names = sorted({n for r in runs for n in r[0]}, key=lambda n: -max(r[0].get(n, 0) for r in runs))
two = len(runs) == 2
print("| component | " + " | ".join(f"run {i + 1} (µs/order)" for i in range(len(runs))) + (" | difference |" if two else " |"))
print("|---|" + "---:|" * (len(runs) + two))
for n in names:
    v = [r[0].get(n, 0) for r in runs]
    print(f"| {n} | " + " | ".join(f"{x:.1f}" for x in v) + (f" | {v[1] - v[0]:+.1f} |" if two else " |"))
t = [r[1] for r in runs]
print("| **all CPU** | " + " | ".join(f"**{x:.0f}**" for x in t) + (f" | **{t[1] - t[0]:+.0f}** |" if two else " |"))
