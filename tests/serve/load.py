"""1,000 connections at once, each asking for a PDF: the server does not
crash, renders what its queue holds, answers the rest 503 with
Retry-After (or, past the connection limit, closes them), and serves
normally afterwards."""
import socket
import threading
import time
import urllib.parse

from harness import PATIENCE, Server, check, status_of

COUNT = 1000
QUEUE = 8


def main():
    server = Server("--queue", str(QUEUE), "--max-per-ip", "0", "--max-connections", "900",
                    "--timeout", "20", "-q")
    try:
        fields = server.form()
        fields["csrf"] = server.meta["csrf"]
        body = urllib.parse.urlencode(fields).encode()
        request = (b"POST /api/pdf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Content-Type: application/x-www-form-urlencoded\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(body)) + body
        sockets = []
        for _ in range(COUNT):
            s = socket.socket()
            s.settimeout(PATIENCE)
            try:
                s.connect(("127.0.0.1", server.port))
                sockets.append(s)
            except OSError:
                s.close()
        check(len(sockets) > 900, "only %d connections opened" % len(sockets))
        statuses = {}
        retry_after = [0]
        lock = threading.Lock()

        def send_and_read(s):
            answer = b""
            try:
                s.sendall(request)
                while True:
                    chunk = s.recv(1 << 16)
                    if not chunk:
                        break
                    answer += chunk
            except OSError:
                pass
            s.close()
            status = status_of(answer)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 503 and b"\r\nRetry-After: " in answer:
                    retry_after[0] += 1

        began = time.monotonic()
        threads = [threading.Thread(target=send_and_read, args=(s,)) for s in sockets]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - began
        print("statuses:", statuses, "in %.1f s" % took)
        check(server.alive(), "the server crashed")
        check(statuses.get(200, 0) >= QUEUE, "too few rendered: %r" % statuses)
        check(statuses.get(503, 0) > 0, "no 503 beyond the queue: %r" % statuses)
        check(retry_after[0] == statuses.get(503, 0), "a 503 without Retry-After")
        check(set(statuses) <= {200, 503, None}, "unexpected statuses %r" % statuses)
        # closed unanswered: only those past the connection limit
        check(statuses.get(None, 0) <= len(sockets) - 900 + 10,
              "%d connections closed unanswered" % statuses.get(None, 0))
        response, pdf = server.post("/api/pdf", server.form())
        check(response.status == 200 and pdf.startswith(b"%PDF-"), "serving afterwards")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
