"""The client side of bench/kernel.sh: one jupyter_client, the same code for every kernel.

For each kernel, RUNS times (kernels interleaved, so machine load hits all alike), what a notebook user feels:
  start -> kernel_info_reply: KernelManager.start_kernel() to the reply to the first kernel_info_request
  start -> first result:      the same start to the execute_result of the first cell, "1+1" (sent as soon as the
                              kernel_info_reply and iopub are there, as a client that runs a cell at once does)
  cells 2-30:                 execute_request "1+1" -> its status idle on iopub, cells 2 to 30 (median)
  warm:                       the same, CELLS cells once the kernel has been up WARM seconds, idle after cell 30
                              (median); WARM=0 skips this row
Prints a Markdown table of medians over the runs and the ratio to the first kernel (ipykernel, the anchor).
The anchor starts with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment (these machines set them
to force an older, slower OpenBLAS kernel; the project's tests keep them), and the script prints the OpenBLAS core the
anchor's NumPy actually runs, read inside the kernel after the timed cells (bench/numpy_reference.openblas).
Usage: kernel_client.py RUNS CELLS WARM LABEL=KERNEL_NAME[@KERNELS_DIR] ...
"""
import os
import statistics
import sys
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

# the iopub handshake is the kernel tests' (one copy): their driver, imported by its path in the source tree (and
# no __pycache__ left among the test resources)
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                "src", "test", "resources", "attnlab", "jupyter"))
from driver import iopub_connected  # noqa: E402

FIRST_CELLS = 30  # cells 1..30: the first is timed from start, 2..30 one by one


def shell_reply(kc, msg_id, timeout):
    deadline = time.time() + timeout
    while True:
        m = kc.get_shell_msg(timeout=max(0.01, deadline - time.time()))
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def idle(kc, msg_id):
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            return


def result(kc, msg_id):
    """Waits for the cell's execute_result (which must be 2), then for its idle."""
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "execute_result":
            seen = time.perf_counter()
            text = m["content"]["data"].get("text/plain", "")
            if text.strip() != "2":
                raise RuntimeError("1+1 gave %r" % text)
            idle(kc, msg_id)
            return seen
        if m["msg_type"] == "error":
            raise RuntimeError("1+1 failed: %s" % m["content"])


def timed_cells(kc, n):
    trips = []
    for _ in range(n):
        t = time.perf_counter()
        idle(kc, kc.execute("1+1"))
        trips.append(time.perf_counter() - t)
    return trips


OPENBLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

# Run inside the anchor after its timed cells: the OpenBLAS core its NumPy loads, and the variables it still sees.
PROBE = ("import os, sys; sys.path.insert(0, {bench!r}); import numpy_reference; "
         "_core = numpy_reference.openblas()[0]; "
         "_set = ', '.join(k for k in {names!r} if k in os.environ) or 'none set'")


def one_run(name, kernels_dir, cells, warm, anchor=False):
    """A dict of the measured seconds, plus the anchor's OpenBLAS report (or None)."""
    ksm = KernelSpecManager(kernel_dirs=[kernels_dir]) if kernels_dir else KernelSpecManager()
    km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
    env = {k: v for k, v in os.environ.items() if not (anchor and k in OPENBLAS_VARIABLES)}
    t0 = time.perf_counter()
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    shell_reply(kc, msg_id, 120)
    m = {"info": time.perf_counter() - t0}
    iopub_connected(kc)
    m["first"] = result(kc, kc.execute("1+1")) - t0
    m["cells"] = statistics.median(timed_cells(kc, FIRST_CELLS - 1))
    if warm > 0:
        time.sleep(max(0.0, t0 + warm - time.perf_counter()))
        m["warm"] = statistics.median(timed_cells(kc, cells))
    report = probe(kc) if anchor else None
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return m, report


def probe(kc):
    bench = os.path.dirname(os.path.abspath(__file__))
    msg_id = kc.execute(PROBE.format(bench=bench, names=OPENBLAS_VARIABLES), silent=True,
                        user_expressions={"core": "_core", "variables": "_set"})
    expr = shell_reply(kc, msg_id, 120)["content"].get("user_expressions", {})
    text = lambda k: expr.get(k, {}).get("data", {}).get("text/plain", "?").strip("'")
    return "%s; %s: %s" % (text("core"), "/".join(OPENBLAS_VARIABLES), text("variables"))


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    runs, cells, warm = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    kernels = []
    for arg in sys.argv[4:]:
        label, spec = arg.split("=", 1)
        name, _, kdir = spec.partition("@")
        kernels.append((label, name, kdir or None))
    rows = [("info", "start -> kernel_info_reply", "s"), ("first", "start -> first `1+1` result", "s"),
            ("cells", "`1+1`, cells 2-%d" % FIRST_CELLS, "ms")]
    if warm > 0:
        rows.append(("warm", "`1+1`, warm (up %d s, idle after cell %d)" % (warm, FIRST_CELLS), "ms"))
    got = {k[0]: {r[0]: [] for r in rows} for k in kernels}
    reports, loads = [], [load()]
    for r in range(runs):
        for i, (label, name, kdir) in enumerate(kernels):
            m, report = one_run(name, kdir, cells, warm, anchor=(i == 0))
            if report:
                reports.append(report)
            for key in m:
                got[label][key].append(m[key])
            print("run %d %-14s %s  load %s" % (r + 1, label, "  ".join(
                "%s %.1f ms" % (key, v * 1000) for key, v in m.items()), load()), file=sys.stderr)
        loads.append(load())
    base = kernels[0][0]
    print("| | " + " | ".join(k[0] for k in kernels) + " |")
    print("|---|" + "---|" * len(kernels))
    for key, title, unit in rows:
        cols = []
        for label, _, _ in kernels:
            v, b = statistics.median(got[label][key]), statistics.median(got[base][key])
            text = "%.3f s" % v if unit == "s" else "%.1f ms" % (v * 1000)
            cols.append(text if label == base else "%s (%.2fx)" % (text, v / b))
        print("| %s | %s |" % (title, " | ".join(cols)))
    print("\n(medians of %d runs; cells: median of each run's cells, then of the runs; (Nx) = kernel / %s;"
          " warm: median of %d cells)" % (runs, base, cells))
    print("load average (1, 5, 15 min) before and after each round: %s" % " -> ".join(loads))
    print("%s's NumPy OpenBLAS core (read in the kernel at run time): %s" % (base, ", ".join(sorted(set(reports)))))


main()
