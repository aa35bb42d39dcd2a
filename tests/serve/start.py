"""Starting pliego serve: loopback by default and silent about it; any
other address prints the warning that there is no authentication; bad
options are usage errors (1); a missing web folder or catalogue is bad
input (2); SIGTERM stops it with status 0."""
import os
import signal
import subprocess
import tempfile

from harness import PLIEGO, SOURCE, check, server_environment


def start(*options):
    return subprocess.Popen([PLIEGO, "serve", "--catalog", SOURCE, "--workers", "1"] +
                            list(options), stderr=subprocess.PIPE, text=True,
                            env=server_environment())


def first_lines(process):
    lines = []
    while True:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "listening on" in line:
            break
    return lines


def stop(process):
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=20)
    process.stderr.close()
    check(status == 0, "SIGTERM: exit %d" % status)


def main():
    with tempfile.TemporaryDirectory() as web:
        process = start("--listen", "127.0.0.1:0", "--web", web)
        lines = first_lines(process)
        check(lines and "listening on http://127.0.0.1:" in lines[-1], "loopback: %r" % lines)
        check(not any("warning" in line for line in lines), "no warning on loopback")
        stop(process)
        process = start("--listen", "0.0.0.0:0", "--web", web)
        lines = first_lines(process)
        check(any("warning" in line and "no authentication" in line for line in lines),
              "another address warns: %r" % lines)
        stop(process)
        for bad in (["--listen", "nowhere"], ["--listen", "127.0.0.1:99999"],
                    ["--workers", "-1"], ["--timeout", "0"], ["--deadline", "0"],
                    ["unexpected"]):
            result = subprocess.run([PLIEGO, "serve", "--catalog", SOURCE] + bad,
                                    capture_output=True, text=True, timeout=30)
            check(result.returncode == 1 and result.stderr.startswith("pliego serve: "),
                  "%r: exit %d %r" % (bad, result.returncode, result.stderr))
        result = subprocess.run([PLIEGO, "serve", "--catalog", SOURCE, "--listen", "127.0.0.1:0",
                                 "--web", os.path.join(web, "missing")],
                                capture_output=True, text=True, timeout=600)
        check(result.returncode == 2 and "web folder" in result.stderr,
              "missing web folder: exit %d %r" % (result.returncode, result.stderr))
        result = subprocess.run([PLIEGO, "serve", "--catalog", web, "--listen", "127.0.0.1:0"],
                                capture_output=True, text=True, timeout=600)
        check(result.returncode == 2, "not a catalogue: exit %d" % result.returncode)
    print("ok")


if __name__ == "__main__":
    main()
