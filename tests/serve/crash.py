"""kill -9 of a render worker costs only the request it was rendering
(500); a request on the other worker is answered, a new worker replaces
the dead one, and the next requests are served."""
import json
import os
import signal
import tempfile
import threading
import time

from harness import Server, check, slow_templates


def cpu_time(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main():
    folder = tempfile.mkdtemp(prefix="pliego-serve-templates-")
    server = Server(templates=slow_templates(folder))
    try:
        workers = server.workers()
        check(len(workers) == 2, "two workers: %r" % workers)
        answers = {}

        def hang():
            response, data = server.post("/api/preview", server.form())
            answers["killed"] = (response.status, json.loads(data))

        t = threading.Thread(target=hang)
        t.start()
        time.sleep(1)
        start = {pid: cpu_time(pid) for pid in workers}
        time.sleep(0.5)
        busy = max(workers, key=lambda pid: cpu_time(pid) - start[pid])
        os.kill(busy, signal.SIGKILL)
        t.join()
        status, error = answers["killed"]
        check(status == 500 and "worker" in error["error"], "killed: %d %r" % (status, error))
        notice = server.form(doc="cancellation-notice", notice_date="2026-11-25",
                             effective_date="2027-01-30", notice_reason="non-payment")
        for _ in range(3):
            response, pdf = server.post("/api/pdf", notice)
            check(response.status == 200 and pdf.startswith(b"%PDF-"),
                  "serving after the crash: %d" % response.status)
        after = server.workers()
        check(busy not in after and len(after) == 2, "replaced: %r -> %r" % (workers, after))
        print("ok: killed worker %d cost one request (500); workers now %r" % (busy, after))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
