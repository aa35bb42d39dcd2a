"""Hostile requests: an oversize body gets 413, malformed HTTP and form
bodies get 400, and no file outside the web folder can be reached (plain
and encoded "..", encoded slashes, hidden files, symbolic links): 404.
The server keeps serving throughout."""
import json
import os
import time

from harness import Server, check, status_of

MIB = 1024 * 1024
TIMEOUT = 3


def oversize(server):
    token = server.meta["csrf"]
    # a declared length over the limit is answered before the body is read
    head = (b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n" % (MIB + 10))
    answer = server.raw(head + b"csrf=" + token.encode() + b"&legal_name=xxxx")
    check(status_of(answer) == 413 and b'{"error":' in answer, "declared length: %r"
          % answer[:40])
    # no length: chunked, counted as it arrives
    head = (b"POST /api/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    chunk = b"a=" + b"y" * (256 * 1024)
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    check(status_of(server.raw(head + body)) == 413, "chunked body over 1 MiB")
    # just under the limit is read
    body = "csrf=%s&legal_name=%s" % (token, "x" * (MIB - 200))
    response, _ = server.request("POST", "/api/check", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
    check(response.status == 200, "a body under 1 MiB: %d" % response.status)


def garbage(server):
    # HTTP/1.x requests that are malformed are answered 400
    for data in (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
                 b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                 b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n",
                 b"GET / HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\n bad fold\r\n\r\n",
                 # a request line without a version, or with a version that
                 # is not HTTP's, or with more after the version
                 b"GET /\r\n\r\n", b"GET / FOO/1.1\r\nHost: x\r\n\r\n",
                 b"GET / HTTP/1.1 x\r\nHost: x\r\n\r\n",
                 b"POST /api/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"zz\r\n",
                 # no space in the request line, or a NUL byte in it: the
                 # gate answers these (libmicrohttpd 0.9.75 would not)
                 b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"\x00\x01\x02\xff\xfe binary\r\n\r\n",
                 b"\r\n\r\nGET\r\n", b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n",
                 bytes(range(256))):
        answer = server.raw(data)
        check(status_of(answer) == 400, "%r: got %r" % (data[:40], answer[:40]))
        if data.startswith(b"GARBAGE"):
            check(b"Content-Security-Policy: default-src 'self'" in answer
                  and answer.endswith(b"}\n"), "the gate's 400: %r" % answer)
    # a request line that does not come within the timeout: closed, no answer
    began = time.monotonic()
    answer = server.raw(b"GET / HT", timeout=10)
    check(answer == b"", "an unfinished request line: got %r" % answer[:40])
    check(time.monotonic() - began < TIMEOUT + 2,
          "an unfinished request line was cut after %.1f s" % (time.monotonic() - began))
    check(status_of(server.raw(b"GET / HTTP/7.1\r\nHost: x\r\n\r\n")) == 505, "HTTP/7.1")
    # the connection's memory bounds the request line and the headers
    big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n"
    check(status_of(server.raw(big)) == 431, "100 kB header")
    check(status_of(server.raw(b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"))
          == 414, "100 kB URL")
    # a form body of the wrong type
    response, _ = server.request("POST", "/api/check", "{}",
                                 {"Content-Type": "application/json",
                                  "X-CSRF-Token": server.meta["csrf"]})
    check(response.status == 400, "JSON body: %d" % response.status)
    response, _ = server.request("POST", "/api/check", "a=1",
                                 {"X-CSRF-Token": server.meta["csrf"]})
    check(response.status == 400, "no Content-Type: %d" % response.status)


def traversal(server):
    os.symlink("/etc/passwd", os.path.join(server.web, "passwd.txt"))
    os.symlink(server.folder, os.path.join(server.web, "up"))
    with open(os.path.join(server.web, ".hidden"), "w") as f:
        f.write("hidden\n")
    for path in (b"/static/../secret.txt", b"/static/../../etc/passwd",
                 b"/static/%2e%2e/secret.txt", b"/static/%2E%2E%2Fsecret.txt",
                 b"/static/css/%2e%2e/%2e%2e/secret.txt", b"/static/..%2fsecret.txt",
                 b"/static/%252e%252e/secret.txt", b"/static/passwd.txt",
                 b"/static/up/secret.txt", b"/static/.hidden", b"/static/css",
                 b"/static/", b"/static//etc/passwd", b"/static/css/app.css%00.png",
                 b"/static/css\\..\\..\\secret.txt", b"/../secret.txt"):
        answer = server.raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(status_of(answer) == 404, "%r: got %r" % (path, answer[:60]))
        check(b"root:" not in answer and b"outside the web" not in answer, "%r leaked" % path)
    response, _ = server.request("GET", "/static/css/app.css")
    check(response.status == 200, "the real file is still there")


def main():
    # a short timeout: a connection is cut when its time to send a request
    # is up
    with Server("--timeout", str(TIMEOUT)) as server:
        for test in (oversize, garbage, traversal):
            test(server)
            print("ok", test.__name__)
        server.check_serving()


if __name__ == "__main__":
    main()
