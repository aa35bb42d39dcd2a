"""Starts pliego serve for a test and talks to it (tests/serve/).

Each test starts its own server on a free port (--listen 127.0.0.1:0; the
port is read from the "listening on" line), with a private web folder, and
stops it by its process id at the end. The server must still be alive at
the end: a test that crashed it fails.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

PLIEGO = os.environ.get("PLIEGO", "pliego")
if os.sep in PLIEGO:
    PLIEGO = os.path.abspath(PLIEGO)
SOURCE = os.environ.get("PLIEGO_SOURCE_ROOT", ".")


# A sanitizer build (CI runs the suite under ASan with full stack traces
# on every malloc) renders tens of times slower: deadlines stretch.
SANITIZED = bool(os.environ.get("ASAN_OPTIONS") or os.environ.get("UBSAN_OPTIONS"))
DEADLINE = 300 if SANITIZED else 30
# how long a client waits for an answer
PATIENCE = DEADLINE + 60


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def server_environment():
    """The CLI under PLIEGO_TEST_LOCALE when set (the comma-decimal run of
    CI), as the batch and pipeline tests run it."""
    environment = dict(os.environ)
    locale = os.environ.get("PLIEGO_TEST_LOCALE")
    if locale:
        environment["LC_ALL"] = locale
    return environment


class Server:
    def __init__(self, *options, templates=None, workers=2):
        self.folder = tempfile.mkdtemp(prefix="pliego-serve-test-")
        self.web = os.path.join(self.folder, "web")
        os.makedirs(os.path.join(self.web, "css"))
        with open(os.path.join(self.web, "index.html"), "w") as f:
            f.write("<!doctype html><title>sales</title>\n")
        with open(os.path.join(self.web, "legal.html"), "w") as f:
            f.write("<!doctype html><title>legal</title>\n")
        with open(os.path.join(self.web, "css", "app.css"), "w") as f:
            f.write("body { margin: 0 }\n")
        with open(os.path.join(self.folder, "secret.txt"), "w") as f:
            f.write("outside the web folder\n")
        command = [PLIEGO, "serve", "--listen", "127.0.0.1:0", "--catalog", SOURCE,
                   "--web", self.web, "--workers", str(workers),
                   "--customers", os.path.join(SOURCE, "examples", "customers.csv")]
        if templates:
            command += ["--templates", templates]
        if "--deadline" not in options:
            command += ["--deadline", str(DEADLINE)]
        command += list(options)
        self.log = open(os.path.join(self.folder, "server.log"), "w+")
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                                        env=server_environment())
        line = self.process.stderr.readline()
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            rest = self.process.stderr.read() if self.process.poll() is not None else ""
            fail("the server did not start: " + line + rest)
        self.port = int(match.group(1))
        # keep reading its log, so it never blocks on a full pipe
        self.reader = subprocess.Popen(["cat"], stdin=self.process.stderr, stdout=self.log)
        self.meta = self.get_json("/api/meta")

    def connect(self, timeout=PATIENCE):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=PATIENCE):
        connection = self.connect(timeout)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response, data

    def get_json(self, path):
        response, data = self.request("GET", path)
        check(response.status == 200, "%s: status %d" % (path, response.status))
        check(response.getheader("Content-Type") == "application/json",
              "%s: Content-Type %s" % (path, response.getheader("Content-Type")))
        return json.loads(data)

    def customer(self, index=0):
        return self.get_json("/api/customers?q=")["customers"][index]

    def post(self, path, fields, csrf=True, timeout=PATIENCE):
        values = dict(fields)
        if csrf:
            values["csrf"] = self.meta["csrf"]
        body = urllib.parse.urlencode(values)
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded"}, timeout)

    def form(self, **extra):
        fields = dict(self.customer())
        fields.update({"doc": "service-description", "on": "2026-11-25"})
        fields.update(extra)
        return fields

    def raw(self, data, timeout=10):
        """Sends bytes on a new connection; returns what came back."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.sendall(data)
        answer = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except socket.timeout:
            pass
        s.close()
        return answer

    def workers(self):
        return self.get_json("/api/status")["workers"]

    def alive(self):
        return self.process.poll() is None

    def check_serving(self):
        response, _ = self.request("GET", "/api/meta")
        check(response.status == 200, "still serving: %d" % response.status)

    # "with Server(...) as server:" stops it (and checks it exits 0) at the end
    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.stop()

    def stop(self):
        check(self.alive(), "the server died (status %s)" % self.process.returncode)
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            fail("the server did not stop on SIGTERM")
        self.reader.wait(timeout=10)
        check(status == 0, "the server exited with %d" % status)
        shutil.rmtree(self.folder, ignore_errors=True)


def status_of(raw_answer):
    match = re.match(rb"HTTP/1\.[01] (\d{3})", raw_answer)
    return int(match.group(1)) if match else None


def slow_templates(folder):
    """A copy of the templates whose service description never ends: three
    nested loops over every node of the document (billions of steps; no
    recursion, so libxslt's depth limit does not stop it)."""
    templates = os.path.join(folder, "templates")
    shutil.copytree(os.path.join(SOURCE, "templates"), templates)
    with open(os.path.join(templates, "service-description.xsl"), "w") as f:
        f.write("""<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format">
  <xsl:template match="/">
    <xsl:variable name="all" select="//node() | //@*"/>
    <fo:root><fo:layout-master-set><fo:simple-page-master master-name="p">
      <fo:region-body/></fo:simple-page-master></fo:layout-master-set>
      <fo:page-sequence master-reference="p"><fo:flow flow-name="xsl-region-body">
        <fo:block>
          <xsl:for-each select="$all"><xsl:for-each select="$all">
            <xsl:for-each select="$all"><xsl:for-each select="$all">
              <xsl:if test="false()">x</xsl:if>
            </xsl:for-each></xsl:for-each>
          </xsl:for-each></xsl:for-each>
        </fo:block>
      </fo:flow></fo:page-sequence></fo:root>
  </xsl:template>
</xsl:stylesheet>
""")
    return templates
