"""Every route of the serve contract (docs/serve.md) answers the documented
JSON or bytes, pages carry the CSP header, POSTs need the CSRF token, and
the PDF has the bytes pliego render makes of the same record."""
import json
import os
import subprocess
import tempfile

from harness import PLIEGO, SOURCE, Server, check

README_COLUMNS = [
    "customer_id", "legal_name", "contact_name", "contact_email", "contact_phone",
    "address", "country", "language", "channel", "reseller", "vendor_entity", "products",
    "order_number", "start_date", "term_months", "systems", "licences", "users", "price",
    "currency", "notice_date", "notice_reason", "effective_date", "transfer_date",
    "transferee_name", "transferee_address", "transfer_products", "original_purchaser",
    "destination_country"]


def pages(server):
    for path, title in (("/", b"sales"), ("/legal", b"legal"), ("/static/css/app.css", b"margin")):
        response, data = server.request("GET", path)
        check(response.status == 200, "%s: %d" % (path, response.status))
        check(title in data, "%s: not the file" % path)
        check(response.getheader("Content-Security-Policy") == "default-src 'self'",
              "%s: CSP header %r" % (path, response.getheader("Content-Security-Policy")))
    response, _ = server.request("GET", "/static/css/app.css")
    check(response.getheader("Content-Type").startswith("text/css"), "css type")
    response, data = server.request("GET", "/api/nothing")
    check(response.status == 404 and json.loads(data)["error"], "unknown route: 404 JSON")
    response, data = server.request("DELETE", "/api/meta")
    check(response.status == 405 and response.getheader("Allow") == "GET, HEAD",
          "wrong method: %d %r" % (response.status, response.getheader("Allow")))
    response, _ = server.request("GET", "/api/pdf")
    check(response.status == 405 and response.getheader("Allow") == "POST",
          "GET of a POST route: %d" % response.status)


def meta(server):
    m = server.meta
    check(len(m["csrf"]) == 64, "csrf token")
    check(m["kinds"] == ["service-description", "cancellation-notice", "transfer-notice"],
          "kinds %r" % m["kinds"])
    check(m["channels"] == ["direct", "reseller"], "channels")
    fr = [c for c in m["countries"] if c["code"] == "FR"]
    check(fr and fr[0]["name"] == "France" and fr[0]["region"] == "emea" and
          "fr" in fr[0]["languages"], "France in countries: %r" % fr)
    check([f["name"] for f in m["fields"]] == README_COLUMNS, "fields are the README's columns")
    for f in m["fields"]:
        check(set(f) == {"name", "label", "type", "required"} and f["label"], "field %r" % f)
    types = {f["name"]: f["type"] for f in m["fields"]}
    check(types["start_date"] == "date" and types["country"] == "country" and
          types["products"] == "lines" and types["channel"] == "channel", "field types")


def customers(server):
    everyone = server.get_json("/api/customers?q=")["customers"]
    check(0 < len(everyone) <= 50, "customers: %d" % len(everyone))
    first = everyone[0]
    check(list(first) == README_COLUMNS, "a customer has every field")
    by_id = server.get_json("/api/customers?q=" + first["customer_id"])["customers"]
    check(by_id and by_id[0]["customer_id"] == first["customer_id"], "search by id")
    name = first["legal_name"].split()[0].upper()
    by_name = server.get_json("/api/customers?q=" + __import__("urllib.parse").parse.quote(name))
    check(any(c["customer_id"] == first["customer_id"] for c in by_name["customers"]),
          "search by name ignores case")
    none = server.get_json("/api/customers?q=no-such-customer-anywhere")["customers"]
    check(none == [], "no match: empty list")


def check_route(server):
    response, data = server.post("/api/check", server.form())
    check(response.status == 200 and json.loads(data) == {"ok": True}, "check ok: %r" % data)
    response, data = server.post("/api/check", server.form(
        doc="cancellation-notice", notice_date="2026-11-25", effective_date="2026-11-26",
        notice_reason="non-payment"))
    answer = json.loads(data)
    check(response.status == 200 and answer["ok"] is False, "check not ok: %r" % answer)
    error = answer["errors"][0]
    check(error["field"] == "effective_date", "the field of the error: %r" % error)
    check("earliest" in error["message"] and "row" not in error["message"],
          "plain words: %r" % error["message"])
    response, data = server.post("/api/check", server.form(start_date="2026-02-30"))
    error = json.loads(data)["errors"][0]
    check(error["field"] == "start_date", "bad date field: %r" % error)


def renders(server):
    response, data = server.post("/api/preview", server.form(page="2"))
    check(response.status == 200 and data[:8] == b"\x89PNG\r\n\x1a\n", "preview PNG")
    check(response.getheader("Content-Type") == "image/png", "preview type")
    check(int(response.getheader("X-Pliego-Pages")) >= 2, "X-Pliego-Pages")
    response, data = server.post("/api/preview", server.form(
        doc="cancellation-notice", notice_date="2026-11-25", effective_date="2026-11-26",
        notice_reason="non-payment"))
    check(response.status == 422 and json.loads(data)["errors"][0]["field"] == "effective_date",
          "invalid record: 422 with the errors, nothing rendered")
    response, data = server.post("/api/xml", server.form())
    check(response.status == 200 and b"<document xmlns=\"urn:pliego:document\"" in data,
          "document XML")
    response, pdf = server.post("/api/pdf", server.form())
    check(response.status == 200 and pdf.startswith(b"%PDF-"), "PDF")
    disposition = response.getheader("Content-Disposition")
    check(disposition == 'attachment; filename="%s-service-description.pdf"'
          % server.customer()["customer_id"], "Content-Disposition %r" % disposition)
    # the same record as pliego render reads it: customer.csv, a header of
    # the fields given (README order) and one row
    fields = server.form()
    given = [c for c in README_COLUMNS if fields.get(c)]

    def cell(value):
        if any(ch in value for ch in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    with tempfile.TemporaryDirectory() as folder:
        csv = os.path.join(folder, "customer.csv")
        with open(csv, "w", newline="") as f:
            f.write(",".join(given) + "\r\n")
            f.write(",".join(cell(fields[c]) for c in given) + "\r\n")
        out = os.path.join(folder, "r.pdf")
        subprocess.run([PLIEGO, "render", "--catalog", SOURCE, "--customer", "customer.csv",
                        "--doc", "service-description", "--on", "2026-11-25", "-q", "-o", out],
                       check=True, cwd=folder)
        with open(out, "rb") as f:
            check(f.read() == pdf, "the served PDF has the bytes of pliego render")


def changed_field(server):
    # a field changed after a render of the same record: a new document
    response, first = server.post("/api/pdf", server.form())
    response, pdf = server.post("/api/pdf", server.form(legal_name="Renamed Example S.L."))
    check(response.status == 200, "changed record: %d" % response.status)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout
    check(b"Renamed Example S.L." in text and first != pdf, "the change reaches the PDF")


def legal(server):
    matrix = server.get_json("/api/variants?doc=service-description")
    groups = matrix["groups"]
    check(len(groups) > 1, "variant groups")
    for g in groups:
        check(isinstance(g["id"], int) and g["caption"] and g["differs"] and g["members"],
              "group fields %r" % g)
        for m in g["members"]:
            check(set(m) >= {"country", "channel", "lang", "spec"}, "member fields %r" % m)
            check(m["spec"].startswith("country=%s,channel=%s,lang=%s" %
                                       (m["country"], m["channel"], m["lang"])), "spec")
    again = server.get_json("/api/variants?doc=service-description")
    check(again == matrix, "the matrix is the same twice")
    spec = groups[0]["members"][0]["spec"]
    response, data = server.request("GET", "/api/thumb?spec=%s&page=1" % spec)
    check(response.status == 200 and data[:4] == b"\x89PNG", "thumbnail")
    a, b = "country=FR,channel=direct,lang=fr", "country=FR,channel=reseller,lang=fr"
    diff = server.get_json("/api/diff?a=%s&b=%s" % (a, b))
    check(diff["schema"] == "pliego-diff/1" and diff["clauses"], "diff JSON %r" % list(diff))
    response, data = server.request("GET", "/api/redline.pdf?a=%s&b=%s" % (a, b))
    check(response.status == 200 and data.startswith(b"%PDF-") and
          response.getheader("Content-Type") == "application/pdf", "redline PDF")
    response, data = server.request("GET", "/api/diff?a=country=XX&b=" + b)
    check(response.status == 400 and json.loads(data)["error"], "bad spec: 400")


def csrf(server):
    response, data = server.post("/api/check", server.form(), csrf=False)
    check(response.status == 403 and "CSRF" in json.loads(data)["error"], "no token: 403")
    fields = server.form()
    fields["csrf"] = "0" * 64
    response, _ = server.post("/api/pdf", fields, csrf=False)
    check(response.status == 403, "wrong token: 403")
    import urllib.parse
    response, _ = server.request("POST", "/api/check", urllib.parse.urlencode(server.form()),
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "X-CSRF-Token": server.meta["csrf"]})
    check(response.status == 200, "token in the header: %d" % response.status)


def main():
    # one worker: the PDF after the preview of the same record comes from
    # the worker's laid-out document, and must still be pliego render's
    server = Server(workers=1)
    try:
        for test in (pages, meta, customers, check_route, renders, changed_field, legal, csrf):
            test(server)
            print("ok", test.__name__)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
