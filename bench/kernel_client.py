"""The client side of bench/kernel.sh: one jupyter_client, the same code for every kernel.

For each kernel, RUNS times (kernels interleaved, so machine load hits all alike):
  start: KernelManager.start_kernel() -> the kernel_info_reply to the first kernel_info_request
  round trip: execute_request "1+1" -> its status idle on iopub, after WARMUP untimed cells (median of CELLS)
Prints a Markdown table of medians and the ratio to the first kernel (ipykernel, the anchor).
The anchor starts with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment (these machines set them
to force an older, slower OpenBLAS kernel; the project's tests keep them), and the script prints the OpenBLAS core the
anchor's NumPy actually runs, read inside the kernel after the timed cells (bench/numpy_reference.openblas).
Usage: kernel_client.py RUNS CELLS LABEL=KERNEL_NAME[@KERNELS_DIR] ...
"""
import os
import queue
import statistics
import sys
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

WARMUP = 20



def iopub_connected(kc, timeout=120):
    """PUB/SUB drops what is published before the subscription is up: ask (kernel_info) until its status arrives."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg_id = kc.kernel_info()
        end = time.time() + 1
        while time.time() < end:
            try:
                m = kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") == msg_id:
                return
    raise RuntimeError("iopub never delivered a status")

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


OPENBLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

# Run inside the anchor after its timed cells: the OpenBLAS core its NumPy loads, and the variables it still sees.
PROBE = ("import os, sys; sys.path.insert(0, {bench!r}); import numpy_reference; "
         "_core = numpy_reference.openblas()[0]; "
         "_set = ', '.join(k for k in {names!r} if k in os.environ) or 'none set'")


def one_run(name, kernels_dir, cells, anchor=False):
    """(start seconds, median round trip seconds, the anchor's OpenBLAS report or None)."""
    ksm = KernelSpecManager(kernel_dirs=[kernels_dir]) if kernels_dir else KernelSpecManager()
    km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
    env = {k: v for k, v in os.environ.items() if not (anchor and k in OPENBLAS_VARIABLES)}
    t0 = time.perf_counter()
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    shell_reply(kc, msg_id, 120)
    start = time.perf_counter() - t0
    iopub_connected(kc)
    for _ in range(WARMUP):
        idle(kc, kc.execute("1+1"))
    trips = []
    for _ in range(cells):
        t = time.perf_counter()
        idle(kc, kc.execute("1+1"))
        trips.append(time.perf_counter() - t)
    report = probe(kc) if anchor else None
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return start, statistics.median(trips), report


def probe(kc):
    bench = os.path.dirname(os.path.abspath(__file__))
    msg_id = kc.execute(PROBE.format(bench=bench, names=OPENBLAS_VARIABLES), silent=True,
                        user_expressions={"core": "_core", "variables": "_set"})
    expr = shell_reply(kc, msg_id, 120)["content"].get("user_expressions", {})
    text = lambda k: expr.get(k, {}).get("data", {}).get("text/plain", "?").strip("'")
    return "%s; %s: %s" % (text("core"), "/".join(OPENBLAS_VARIABLES), text("variables"))


def main():
    runs, cells = int(sys.argv[1]), int(sys.argv[2])
    kernels = []
    for arg in sys.argv[3:]:
        label, spec = arg.split("=", 1)
        name, _, kdir = spec.partition("@")
        kernels.append((label, name, kdir or None))
    starts = {k[0]: [] for k in kernels}
    trips = {k[0]: [] for k in kernels}
    reports = []
    for r in range(runs):
        for i, (label, name, kdir) in enumerate(kernels):
            s, t, report = one_run(name, kdir, cells, anchor=(i == 0))
            if report:
                reports.append(report)
            starts[label].append(s)
            trips[label].append(t)
            print("run %d %-22s start %.3f s  1+1 %.2f ms" % (r + 1, label, s, t * 1000), file=sys.stderr)
    base = kernels[0][0]
    bs, bt = statistics.median(starts[base]), statistics.median(trips[base])
    print("| kernel | start -> kernel_info_reply | ratio | execute 1+1 -> idle | ratio |")
    print("|---|---|---|---|---|")
    for label, _, _ in kernels:
        s, t = statistics.median(starts[label]), statistics.median(trips[label])
        print("| %s | %.3f s | %.2f | %.2f ms | %.2f |" % (label, s, s / bs, t * 1000, t / bt))
    print("\n(medians of %d starts and of %d runs x %d cells after %d warm-up cells; ratio = kernel / %s)"
          % (runs, runs, cells, WARMUP, base))
    print("%s's NumPy OpenBLAS core (read in the kernel at run time): %s" % (base, ", ".join(sorted(set(reports)))))


main()
