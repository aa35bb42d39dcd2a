"""Two catalogues given at start (--compare-catalog): /api/diff and
/api/redline.pdf compare a variant under each when the request says
catalog=a&catalog=b (the first for side a, the second for side b), and
under the server's catalogue alone otherwise. The fixture is the review
tests' v1 and v2 of a small catalogue."""
import os

from harness import SOURCE, Server, check

FIXTURE = os.path.join(SOURCE, "tests", "review", "catalogue")


def main():
    server = Server("--catalog", os.path.join(FIXTURE, "v1"),
                    "--compare-catalog", os.path.join(FIXTURE, "v2"),
                    templates=os.path.join(SOURCE, "templates"), workers=1)
    try:
        same = server.get_json("/api/diff?a=country=IE&b=country=IE")
        check(same["same"] is True, "one catalogue: the same")
        both = "/api/diff?a=country=IE&b=country=IE&catalog=a&catalog=b"
        diff = server.get_json(both)
        check(diff["same"] is False, "v1 against v2 differ")
        changed = [c for c in diff["clauses"] if c["status"] != "same"]
        check(changed, "a clause differs between v1 and v2")
        back = server.get_json("/api/diff?a=country=IE&b=country=IE&catalog=b&catalog=b")
        check(back["same"] is True, "v2 against v2: the same")
        response, pdf = server.request(
            "GET", "/api/redline.pdf?a=country=IE&b=country=IE&catalog=a&catalog=b")
        check(response.status == 200 and pdf.startswith(b"%PDF-"), "redline of v1 and v2")
        print("ok: %d clauses differ between the catalogues" % len(changed))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
