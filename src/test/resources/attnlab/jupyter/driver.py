"""Drives one attnlab kernel through the real jupyter_client (KernelManager, BlockingKernelClient).

Reads one JSON request per line on stdin, answers one JSON line on stdout. The Java tests
(attnlab.jupyter.KernelProtocolTest) send the requests and assert on the answers, so one kernel serves many test cases.
Every iopub message of a request is returned with its arrival time (seconds after the request was sent).
"""
import datetime
import json
import queue
import signal
import sys
import time

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

TIMEOUT = 120
km = None
kc = None


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


def start():
    global km, kc
    km = KernelManager(kernel_name="attnlab")
    t0 = time.time()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    iopub_connected(kc)
    return {"ready_seconds": time.time() - t0}


def collect(msg_id, t0, timeout=TIMEOUT):
    """iopub messages of msg_id up to its idle status."""
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        out.append({"msg_type": m["msg_type"], "content": m["content"], "t": time.time() - t0})
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out


def shell_reply(msg_id, timeout=TIMEOUT):
    while True:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def collect_answering(msg_id, t0, replies, timeout=TIMEOUT):
    """As collect, answering each input_request on the stdin channel with the next of replies (a notebook user
    typing); the input_requests are returned as iopub-like entries in the order they came."""
    out = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            s = kc.get_stdin_msg(timeout=0.02)
            if s["msg_type"] == "input_request" and s["parent_header"].get("msg_id") == msg_id:
                out.append({"msg_type": "input_request", "content": s["content"], "t": time.time() - t0})
                kc.input(replies.pop(0) if replies else "")
        except queue.Empty:
            pass
        try:
            m = kc.get_iopub_msg(timeout=0.02)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        out.append({"msg_type": m["msg_type"], "content": m["content"], "t": time.time() - t0})
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out
    raise RuntimeError("no idle status within %s s" % timeout)


def execute(req):
    t0 = time.time()
    if "stdin" in req:  # a client that allows stdin and answers input_request with these lines
        msg_id = kc.execute(req["code"], allow_stdin=True)
        iopub = collect_answering(msg_id, t0, json.loads(req["stdin"]))
        reply = shell_reply(msg_id)
        return {"reply": reply["content"], "reply_type": reply["msg_type"], "reply_t": iopub[-1]["t"],
                "interrupted_at": None, "iopub": iopub}
    msg_id = kc.execute(req["code"], silent=req.get("silent", False),
                        user_expressions=json.loads(req.get("user_expressions", "{}")),
                        allow_stdin=req.get("allow_stdin", True))
    interrupted_at = None
    if "interrupt_after" in req:
        time.sleep(req["interrupt_after"])
        interrupted_at = time.time() - t0
        km.interrupt_kernel()
    if "sigint_after" in req:  # what Ctrl-C in Jupyter's terminal does: SIGINT to the kernel process
        time.sleep(req["sigint_after"])
        interrupted_at = time.time() - t0
        km.signal_kernel(signal.SIGINT)
    iopub = collect(msg_id, t0)  # read as it arrives: "t" is when each message came
    reply = shell_reply(msg_id)
    reply_t = iopub[-1]["t"]  # idle follows the reply at once
    return {"reply": reply["content"], "reply_type": reply["msg_type"], "reply_t": reply_t,
            "interrupted_at": interrupted_at, "iopub": iopub}


def run_all(cells, answer, held, others=()):
    """Run All as a notebook does it: every cell's request created at once, then sent. The first cell reads a line
    (stdin) and fails on `answer`, which is given only once the other cells are sent and the kernel has run the first
    cell for longer than the requests took to create: each was created before the client could have seen the failure
    however long the machine's load held any thread up (no race with the kernel). The last `held` requests are sent
    only after the failure was answered, and half a second later: requests delayed on the way. Returns every cell's
    reply status and how long creating the requests took. `others` are cells a second client (its own session, its
    clock an hour ahead of the kernel's) sends right after the first client's: their statuses come last."""
    msgs = [kc.session.msg("execute_request", {"code": c, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": True, "stop_on_error": True})
            for c in cells]
    span = (msgs[-1]["header"]["date"] - msgs[0]["header"]["date"]).total_seconds()
    for m in msgs[:len(msgs) - held]:
        kc.shell_channel.send(m)
    other = Session(key=kc.session.key, username="other")
    ahead = [other.msg("execute_request", {"code": c, "silent": False, "store_history": True, "user_expressions": {},
                                           "allow_stdin": False, "stop_on_error": True}) for c in others]
    for m in ahead:
        m["header"]["date"] = m["header"]["date"] + datetime.timedelta(hours=1)
        other.send(kc.shell_channel.socket, m)
    first = msgs[0]["header"]["msg_id"]
    while True:
        s = kc.get_stdin_msg(timeout=TIMEOUT)
        if s["msg_type"] == "input_request" and s["parent_header"].get("msg_id") == first:
            break
    # The kernel received the first request before it asked, so the first cell runs (on its monotonic clock, as
    # this one) for longer than this wait: more than the span, with room for the kernel's 0.2 % allowance for clocks.
    time.sleep(span * 1.01 + 0.005)
    kc.input(answer)
    statuses = [shell_reply(first)["content"]["status"]]
    if held:  # well after the kernel is done with the failure, so that nothing but their dates can abort them
        time.sleep(0.5)
    for m in msgs[len(msgs) - held:]:
        kc.shell_channel.send(m)
    statuses += [shell_reply(m["header"]["msg_id"])["content"]["status"] for m in msgs[1:] + ahead]
    return {"statuses": statuses, "created_within_s": span}


def beating(wait=10):
    """The heartbeat answers (on a loaded machine one late echo must not count as death: ask for a few seconds)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        if kc.hb_channel.is_beating():
            return True
        time.sleep(0.1)
    return False


def request(req):
    op = req["op"]
    if op == "start":
        return start()
    if op == "info":
        t0 = time.time()
        msg_id = kc.kernel_info()
        reply = shell_reply(msg_id)
        return {"reply": reply["content"], "reply_type": reply["msg_type"], "iopub": collect(msg_id, t0)}
    if op == "execute":
        return execute(req)
    if op == "run_all":
        others = req["others"].split("\n#cell\n") if "others" in req else []
        return run_all(req["code"].split("\n#cell\n"), req["answer"], req.get("held", 0), others)
    if op == "complete":
        msg_id = kc.complete(req["code"], req["cursor_pos"])
        return {"reply": shell_reply(msg_id)["content"]}
    if op == "inspect":
        msg_id = kc.inspect(req["code"], req["cursor_pos"])
        return {"reply": shell_reply(msg_id)["content"]}
    if op == "is_complete":
        msg_id = kc.is_complete(req["code"])
        return {"reply": shell_reply(msg_id)["content"]}
    if op == "comm_info":
        msg_id = kc.comm_info()
        return {"reply": shell_reply(msg_id)["content"]}
    if op == "history":
        # jupyter_client's defaults (range of this session) unless the request names others
        args = json.loads(req.get("args", "{}"))
        msg_id = kc.history(raw=args.pop("raw", True), output=args.pop("output", False),
                            hist_access_type=args.pop("hist_access_type", "range"), **args)
        return {"reply": shell_reply(msg_id)["content"]}
    if op == "raw":
        # any message type with any content (e.g. a field of the wrong type) on the shell channel; its reply
        msg = kc.session.msg(req["msg_type"], json.loads(req["content"]))
        kc.shell_channel.send(msg)
        return {"reply": shell_reply(msg["header"]["msg_id"], timeout=30)["content"]}
    if op == "unknown":
        # a request type the kernel does not know: it must not crash (busy/idle, no reply)
        msg = kc.session.msg("no_such_request", {})
        kc.shell_channel.send(msg)
        t0 = time.time()
        return {"iopub": collect(msg["header"]["msg_id"], t0, timeout=30)}
    if op == "bad_signature":
        # an execute_request signed with the wrong key, sent on the real shell socket
        wrong = Session(key=b"not-the-key", username="intruder")
        msg = wrong.msg("execute_request", {"code": req["code"], "silent": False, "store_history": True,
                                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        wrong.send(kc.shell_channel.socket, msg)
        seen = []
        deadline = time.time() + req.get("wait", 2.0)
        while time.time() < deadline:
            for get in (kc.get_iopub_msg, kc.get_shell_msg):
                try:
                    m = get(timeout=0.05)
                except queue.Empty:
                    continue
                if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                    seen.append(m["msg_type"])
        return {"seen": seen, "alive": km.is_alive(), "beating": beating()}
    if op == "heartbeat":
        return {"beating": beating(), "alive": km.is_alive()}
    if op == "restart":
        t0 = time.time()
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        iopub_connected(kc)
        return {"seconds": time.time() - t0, "alive": km.is_alive()}
    if op == "shutdown":
        # the kernel must end by itself after shutdown_reply (KernelManager would kill it after a while)
        t0 = time.time()
        msg_id = kc.shutdown(restart=False)
        reply = kc.get_control_msg(timeout=TIMEOUT)
        while km.is_alive() and time.time() - t0 < 30:
            time.sleep(0.05)
        alive = km.is_alive()
        exit_code = km.provisioner.process.poll() if km.provisioner and km.provisioner.process else None
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        return {"alive_after": alive, "seconds": time.time() - t0, "exit_code": exit_code,
                "reply": reply["content"] if reply else None}
    raise ValueError("unknown op " + op)


def main():
    for line in sys.stdin:
        try:
            answer = request(json.loads(line))
        except Exception as e:  # the Java side turns this into a test failure with the reason
            answer = {"exception": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    if km is not None and km.has_kernel:
        km.shutdown_kernel(now=True)


if __name__ == "__main__":  # bench/kernel_client.py imports iopub_connected from here
    main()
