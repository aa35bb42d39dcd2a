"""100 slowloris connections (a request's head sent one byte at a time,
never finished) are cut off within the connection timeout, measured from
when each opened, although each keeps sending; meanwhile ordinary
requests are answered at once."""
import socket
import threading
import time

from harness import Server, check

TIMEOUT = 2
COUNT = 100


def slow_client(server, results, index):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT + 10)
    started = time.monotonic()
    head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
    try:
        for byte in head:
            s.send(bytes([byte]))
            time.sleep(0.2)
            if time.monotonic() - started > TIMEOUT + 8:
                break
        results[index] = None  # never cut off
    except OSError:
        results[index] = time.monotonic() - started
    s.close()


def main():
    with Server("--timeout", str(TIMEOUT), "--max-per-ip", "0",
                "--max-connections", "1000") as server:
        results = [None] * COUNT
        threads = [threading.Thread(target=slow_client, args=(server, results, i))
                   for i in range(COUNT)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        # ordinary requests go through while the slow ones hold their sockets
        for _ in range(5):
            began = time.monotonic()
            response, _ = server.request("GET", "/api/meta", timeout=5)
            check(response.status == 200, "a normal request: %d" % response.status)
            check(time.monotonic() - began < 1, "a normal request waited")
        response, data = server.post("/api/check", server.form())
        check(response.status == 200, "a render route during the attack")
        for t in threads:
            t.join()
        cut = [r for r in results if r is not None]
        check(len(cut) == COUNT, "%d of %d slow connections were cut off" % (len(cut), COUNT))
        check(max(cut) < TIMEOUT + 2, "the last was cut after %.1f s (timeout %d s)"
              % (max(cut), TIMEOUT))
        print("ok: %d slow connections cut after %.1f to %.1f s" % (COUNT, min(cut), max(cut)))
        server.check_serving()


if __name__ == "__main__":
    main()
