"""A template that never ends: the request is answered 504 at the
deadline, the worker is killed and replaced, and the server goes on
serving renders (another kind of document, whose template is sound)."""
import json
import threading
import time

import tempfile

from harness import SANITIZED, Server, check, slow_templates

# long enough for a sound render on a busy machine, and in a sanitizer build
DEADLINE = 60 if SANITIZED else 8


def main():
    folder = tempfile.mkdtemp(prefix="pliego-serve-templates-")
    server = Server("--deadline", str(DEADLINE), templates=slow_templates(folder))
    try:
        before = set(server.workers())
        answers = {}

        def hang():
            began = time.monotonic()
            response, data = server.post("/api/pdf", server.form())
            answers["hang"] = (response.status, json.loads(data), time.monotonic() - began)

        t = threading.Thread(target=hang)
        t.start()
        time.sleep(0.3)
        # the other worker renders meanwhile
        notice = server.form(doc="cancellation-notice", notice_date="2026-11-25",
                             effective_date="2027-01-30", notice_reason="non-payment")
        response, pdf = server.post("/api/pdf", notice)
        check(response.status == 200 and pdf.startswith(b"%PDF-"),
              "another render while one hangs: %d" % response.status)
        t.join()
        status, error, took = answers["hang"]
        check(status == 504 and "deadline" in error["error"], "hang: %d %r" % (status, error))
        check(DEADLINE - 0.5 < took < DEADLINE + 10, "answered after %.1f s" % took)
        after = set(server.workers())
        check(len(after) == 2 and len(after - before) == 1, "one worker replaced: %r -> %r"
              % (before, after))
        response, pdf = server.post("/api/pdf", notice)
        check(response.status == 200 and pdf.startswith(b"%PDF-"), "serving afterwards")
        print("ok: 504 after %.1f s, worker replaced" % took)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
