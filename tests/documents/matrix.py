#!/usr/bin/env python3
"""Every document kind x region x channel x language with complete clauses,
rendered end to end with `pliego render` and read back with poppler:

* it renders (exit 0), `pliego verify` passes (PDF/A-3b, PDF/UA-1 and its
  provenance), the attached document XML is `--emit document`'s byte for
  byte, its provenance names the catalogue's commit, `qpdf --check` passes
  and `pdffonts` shows every font embedded (a Japanese document in a CJK
  font);
* the text shows the customer's name and the document date (or, in a
  cancellation notice, the effective date) written as that language writes
  dates;
* a service description shows the customer's terms: the URL of its region,
  country, language and channel, or the reseller paragraph that replaces it;
  the English renders are checked against the region table of
  docs/catalogue.md, the others against what the assembler decided;
* every page says "Page N of M" (in the document's language) with the right
  N and M;
* a document in another language than English has no English sentence in
  its body: on every page, the share of common English function words
  ("the", "and", "of", ...) among its words stays below ENGLISH_SHARE once
  the customer's own data, the vendor's name and URLs are taken out. A
  clause whose body falls back to English puts the share far above it; the
  test proves that with a catalogue whose French library has only titles.

The documents are made from a snapshot of the catalogue (regions/ and
locales/) committed once into a git repository of its own in the test's
folder: the provenance names the commit the catalogue is checked out at,
so rendering from the source tree would give another document XML to the
render and the --emit document that follows it whenever someone commits
meanwhile. The snapshot's commit stays put for the whole run.

The rows are those of tests/catalog/matrix.csv (one per region and channel),
each in every language, and those of tests/documents/arabic.csv (customers
in AE and SA, in Arabic).
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

PLIEGO = os.environ["PLIEGO"]
ROOT = os.environ["PLIEGO_SOURCE_ROOT"]
MATRIX = os.path.join(ROOT, "tests", "catalog", "matrix.csv")
# Arabic-speaking customers in the Emirates and Saudi Arabia, rendered in
# their own language (no --lang): the country decides the digits.
ARABIC = os.path.join(ROOT, "tests", "documents", "arabic.csv")
NS = {"d": "urn:pliego:document"}
ON = "2026-11-25"

# Languages whose clause libraries are complete for each kind
# (locales/documents.xml: full="...").
LANGUAGES = {
    "service-description": ["en", "es", "fr", "de", "pt", "ja", "ar"],
    "cancellation-notice": ["en", "es", "fr", "de", "pt", "ja", "ar"],
    "transfer-notice": ["en", "es", "fr", "de", "pt", "ja", "ar"],
}

# Long dates as each language writes them (CLDR), to check ICU's output in
# the PDF independently of the assembler.
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
           "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
           "août", "septembre", "octobre", "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
           "August", "September", "Oktober", "November", "Dezember"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
           "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
           "agosto", "setembro", "outubro", "novembro", "dezembro"],
}


DAY_FIRST_ENGLISH = {"AU", "NZ", "SG", "IN", "GB", "DE", "ZA", "IE", "AE"}

# Arabic-Indic digits, which ICU's ar locale uses unless the country's
# locale says otherwise (ar-AE writes Western digits).
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def long_date(lang, iso, country=None):
    year, month, day = (int(part) for part in iso.split("-"))
    if lang == "ja":
        return f"{year}年{month}月{day}日"
    name = MONTHS[lang][month - 1]
    if lang == "ar":
        text = f"{day} {name} {year}"
        return text if country == "AE" else text.translate(ARABIC_DIGITS)
    if lang == "en":
        # English as written in these countries (CLDR en_AU, en_SG, en_DE,
        # ...) puts the day first; the United States, Canada and countries
        # without an English locale of their own write the month first
        if country in DAY_FIRST_ENGLISH:
            return f"{day} {name} {year}"
        return f"{name} {day}, {year}"
    if lang == "de":
        return f"{day}. {name} {year}"
    if lang == "fr":
        return f"{day} {name} {year}"
    return f"{day} de {name} de {year}"


# The terms of the English service description per matrix row: the region
# table of docs/catalogue.md ("reseller" where the reseller clause replaces
# the terms).
BASE = "https://northwind-support.example"
ENGLISH_TERMS = {
    "us-direct": BASE + "/us/terms",
    "us-reseller": BASE + "/us/terms",
    "canada-direct": BASE + "/ca/terms",
    "canada-reseller": BASE + "/ca/terms",
    "latam-direct": BASE + "/global/service-terms",
    "latam-reseller": BASE + "/global/service-terms",
    "apj-direct": BASE + "/global/service-terms",
    "apj-reseller": "reseller",
    "japan-direct": BASE + "/jp/terms",
    "japan-reseller": "reseller",
    "emea-direct": BASE + "/fr/conditions",
    "emea-reseller": "reseller",
}


# Words that make up much of any English sentence and are rare in the other
# languages' text (no French "on", Portuguese "a" or German "an" here).
ENGLISH_WORDS = frozenset("""
    the and of to is are that with be by this you your we our or not any
    it its will may has have from which who they their than if when where
    what shall must would should been were can these those
    """.split())
# The highest share of English function words a page of a non-English
# document may have. Measured on the shipped catalogue (2026-12): at most
# 0.5% on any page of fr, de, pt, es or ja; with the earlier titles-only
# fr, de, pt and ja libraries (bodies in English), 12% on a service
# description's first page and 31-35% on the others.
ENGLISH_SHARE = 0.04


def url_text(text):
    """Text compared as a URL: without white space, and without hyphens,
    since poppler joins a Japanese line broken after "northwind-" and drops
    the hyphen."""
    return re.sub(r"[-\u00ad]", "", squeeze(text))


def letters_only(text):
    """Letters and digits only: poppler writes an Arabic vowel mark before
    its consonant and moves punctuation around right-to-left runs."""
    text = re.sub(r"[\u064b-\u065f\u0670]", "", text)
    return re.sub(r"[\W_]+", "", text)


def english_share(text, row):
    """The share of English function words among the words of text, after
    removing what is English whatever the document's language: the
    customer's data, the vendor's name and URLs. Japanese has no spaces
    between words, so each CJK character counts as half a word."""
    for field in ("legal_name", "contact_name", "address", "reseller",
                  "vendor_entity", "products", "transferee_name",
                  "transferee_address", "contact_email"):
        for part in re.split(r"\n", row.get(field) or ""):
            if part.strip():
                text = text.replace(part.strip(), " ")
    text = re.sub(r"\S*(https?://|www\.|\.example)\S*", " ", text)
    text = text.replace("Northwind Support Services", " ")
    words = re.findall(r"[^\W\d_]+", text)
    latin = [w for w in words if not re.match(r"[\u3000-\u9fff\uff00-\uffef]", w)]
    cjk = sum(len(w) for w in words if w not in latin)
    total = len(latin) + cjk / 2
    if total < 20:
        return 0.0
    return sum(1 for w in latin if w.lower() in ENGLISH_WORDS) / total


def squeeze(text):
    """Text without white space, so line breaks in the PDF do not matter,
    and without the bidirectional marks poppler puts around runs of
    right-to-left text."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text)


# .ci/run's third pass runs pliego under a decimal-comma locale.
PLIEGO_ENV = dict(os.environ)
if os.environ.get("PLIEGO_TEST_LOCALE"):
    PLIEGO_ENV["LC_ALL"] = os.environ["PLIEGO_TEST_LOCALE"]


def run(args, **kwargs):
    env = PLIEGO_ENV if args[0] == PLIEGO else None
    return subprocess.run(args, capture_output=True, text=True, env=env, **kwargs)


def right_to_left(name, pdf, doc, kind):
    """An Arabic document is laid out right to left: on page 1 the brand in
    the letterhead starts in the right half of the page, and the title's
    letters reach the right margin (poppler gives Arabic glyph by glyph).
    Laid out left to right, both would start at the left margin."""
    label = doc.find(f"d:labels/d:label[@id='title-{kind}']", NS)
    letters = set(label.text.replace(" ", "")) if label is not None else set()
    bbox = run(["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-"]).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    words = [(float(x_min), float(y_min), float(x_max), text) for x_min, y_min, x_max, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                        r'yMax="[\d.]+">([^<]*)</word>', bbox)]
    failures = []
    brand = [x_min for x_min, _, _, text in words if text == "Northwind"]
    if not brand or brand[0] < width / 2:
        failures.append(f"{name}: the letterhead does not start on the right ({brand[:1]})")
    # the title is the first line of the body (below the letterhead)
    title = [x_max for x_min, y_min, x_max, text in words
             if text in letters and 80 < y_min < 300]
    if not title or max(title) < width * 0.75:
        failures.append(f"{name}: the title does not reach the right margin "
                        f"({max(title) if title else None} of {width:.0f})")
    return failures


def check(row_number, row, kind, lang, workdir, catalog, customers=MATRIX, revision=None):
    """Renders one combination; returns a list of failure messages."""
    name = f"{row['customer_id']}-{lang or row['language']}-{kind}"
    failures = []
    pdf = os.path.join(workdir, name + ".pdf")
    document = os.path.join(workdir, name + ".xml")
    common = ["render", "--catalog", catalog,
              "--templates", os.path.join(ROOT, "templates"), "--customer", customers,
              "--row", str(row_number), "--doc", kind, "--on", ON, "-q"]
    if lang:
        common += ["--lang", lang]
    else:
        lang = row["language"]
    result = run([PLIEGO] + common + ["-o", pdf])
    if result.returncode != 0:
        return [f"{name}: pliego render exited {result.returncode}: {result.stderr.strip()}"]
    result = run([PLIEGO] + common + ["--emit", "document", "-o", document])
    if result.returncode != 0:
        return [f"{name}: --emit document exited {result.returncode}: {result.stderr.strip()}"]
    doc = ET.parse(document).getroot()

    # archival output: verify passes, and the embedded document XML is the
    # one --emit document writes
    verify = run([PLIEGO, "verify", "--catalog", catalog, pdf])
    if verify.returncode != 0:
        failures.append(f"{name}: pliego verify exited {verify.returncode}: "
                        f"{verify.stdout.strip()[:500]}")
    attached = os.path.join(workdir, name + ".attached")
    os.makedirs(attached, exist_ok=True)
    run(["pdfdetach", "-saveall", "-o", attached, pdf])
    embedded = os.path.join(attached, "document.xml")
    with open(document, "rb") as emitted:
        wanted = emitted.read()
    if not os.path.exists(embedded):
        failures.append(f"{name}: no document.xml attached")
    else:
        with open(embedded, "rb") as handle:
            if handle.read() != wanted:
                failures.append(f"{name}: the attached document.xml differs from --emit document")

    if revision:
        named = doc.find("d:provenance/d:catalogue", NS)
        named = named.get("revision") if named is not None else None
        if named != revision:
            failures.append(f"{name}: the provenance names the catalogue revision {named}, "
                            f"not the snapshot's {revision}")

    qpdf = run(["qpdf", "--check", pdf])
    if qpdf.returncode != 0:
        failures.append(f"{name}: qpdf --check: {qpdf.stdout.strip()[-300:]}")
    fonts = run(["pdffonts", pdf]).stdout.splitlines()[2:]
    if not fonts:
        failures.append(f"{name}: pdffonts lists no font")
    for line in fonts:
        columns = line.split()
        # name type [encoding...] emb sub uni object ID
        if len(columns) < 7 or columns[-5] != "yes":
            failures.append(f"{name}: font not embedded: {line}")
    if lang == "ja" and not any("NotoSansCJK" in line for line in fonts):
        failures.append(f"{name}: a Japanese document without a CJK font: {fonts}")
    if lang == "ar" and not any("NotoSansArabic" in line for line in fonts):
        failures.append(f"{name}: an Arabic document without an Arabic font: {fonts}")

    info = run(["pdfinfo", pdf]).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    pages = int(match.group(1)) if match else 0
    if pages < 1:
        return failures + [f"{name}: pdfinfo shows no pages"]
    texts = [run(["pdftotext", "-f", str(p), "-l", str(p), "-enc", "UTF-8", pdf, "-"]).stdout
             for p in range(1, pages + 1)]
    whole = squeeze("".join(texts))

    if squeeze(row["legal_name"]) not in whole:
        failures.append(f"{name}: the customer's name {row['legal_name']!r} is missing")
    date = row["effective_date"] if kind == "cancellation-notice" else ON
    written = long_date(lang, date, row["country"])
    if lang == "ar":
        # poppler may give a right-to-left line's day, month and year in
        # either order; the three must be there, side by side
        day, month, year = written.split()
        if not any(squeeze("".join(order)) in whole for order in
                   ((day, month, year), (year, month, day), (year, day, month),
                    (month, day, year))):
            failures.append(f"{name}: the date {written!r} is missing")
    elif squeeze(written) not in whole:
        failures.append(f"{name}: the date {written!r} is missing")

    if kind == "service-description":
        terms = doc.find("d:terms", NS)
        url = terms.get("url")
        expected = ENGLISH_TERMS[row["customer_id"]] if lang == "en" else url or "reseller"
        if expected == "reseller":
            if url is not None:
                failures.append(f"{name}: expected the reseller clause, the document has {url}")
            replacing = terms.get("replaced-by")
            if terms.get("where") == "table":
                # the terms section stays; the reseller text is a table cell
                clause = doc.find(f"d:terms-table/d:row/d:reseller[@clause='{replacing}']", NS)
                if doc.find(f"d:body/d:clause[@id='{replacing}']", NS) is not None:
                    failures.append(f"{name}: {replacing} replaces the terms section")
            else:
                clause = doc.find(f"d:body/d:clause[@id='{replacing}']", NS)
            if clause is None:
                failures.append(f"{name}: the reseller clause is not in the document")
            else:
                first = letters_only("".join(clause.find("d:p", NS).itertext()))[:60]
                if first not in letters_only(whole):
                    failures.append(f"{name}: the reseller paragraph is not in the PDF")
        elif url_text(expected) not in url_text(whole):
            failures.append(f"{name}: the terms URL {expected} is missing")

    if lang == "ar":
        failures += right_to_left(name, pdf, doc, kind)

    if lang != "en":
        for page, text in enumerate(texts, start=1):
            share = english_share(text, row)
            if share >= ENGLISH_SHARE:
                failures.append(f"{name}: page {page} reads as English "
                                f"({share:.1%} English function words)")

    label = doc.find("d:labels/d:label[@id='page-of']", NS)
    if label is None:
        failures.append(f"{name}: the document has no page-of label")
    else:
        for page, text in enumerate(texts, start=1):
            wanted = label.text.replace("{pages}", str(pages)).replace("{page}", str(page))
            if lang == "ar":
                # the footer's words and numbers, in whatever order poppler
                # reads a right-to-left line: "1 من 5 الصفحة"
                line = next((l for l in text.splitlines()
                             if all(word in l for word in label.text.split()
                                    if "{" not in word)), "")
                found = sorted(re.findall(r"\w+", line))
                if found != sorted(re.findall(r"\w+", wanted)):
                    failures.append(f"{name}: page {page} does not say {wanted!r} ({line!r})")
            elif squeeze(wanted) not in squeeze(text):
                failures.append(f"{name}: page {page} does not say {wanted!r}")
    return failures


def snapshot(workdir):
    """A copy of the catalogue committed into a repository of its own;
    returns its folder and the commit."""
    catalog = os.path.join(workdir, "catalogue")
    shutil.copytree(os.path.join(ROOT, "regions"), os.path.join(catalog, "regions"))
    shutil.copytree(os.path.join(ROOT, "locales"), os.path.join(catalog, "locales"))
    git = ["git", "-C", catalog, "-c", "user.name=pliego tests",
           "-c", "user.email=tests@pliego.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        result = run(git + args)
        if result.returncode != 0:
            raise SystemExit(f"git {args[0]} of the catalogue snapshot: {result.stderr}")
    return catalog, run(git + ["rev-parse", "HEAD"]).stdout.strip()


def english_fallback_is_caught(rows, workdir):
    """The language check must fail where it should: in a copy of the
    catalogue whose French service description has only titles (so its
    bodies fall back to English), the French document of emea-direct must
    be reported as English."""
    catalog = os.path.join(workdir, "titles-only-fr")
    shutil.copytree(os.path.join(ROOT, "regions"), os.path.join(catalog, "regions"))
    shutil.copytree(os.path.join(ROOT, "locales"), os.path.join(catalog, "locales"))
    library = os.path.join(catalog, "locales", "fr", "service-description.xml")
    with open(library, encoding="utf-8") as handle:
        text = handle.read()
    with open(library, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r"\s*<body>.*?</body>", "", text, flags=re.S))
    outline = os.path.join(catalog, "locales", "documents.xml")
    with open(outline, encoding="utf-8") as handle:
        text = handle.read()
    # French needs only the titles of the service description now
    text = re.sub(r'(kind="service-description" full=")([^"]*)"',
                  lambda m: m.group(1) + " ".join(lang for lang in m.group(2).split()
                                                  if lang != "fr") + '" titles="fr"',
                  text)
    with open(outline, "w", encoding="utf-8") as handle:
        handle.write(text)
    number = next(n for n, row in enumerate(rows, start=1)
                  if row["customer_id"] == "emea-direct")
    found = check(number, rows[number - 1], "service-description", "fr", workdir, catalog)
    if not any("reads as English" in message for message in found):
        return ["the language check did not notice French clauses falling back to "
                f"English: {found}"]
    return []


def main():
    with open(MATRIX, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 12:
        print(f"matrix.csv should have 12 rows, has {len(rows)}", file=sys.stderr)
        return 1
    jobs = [(number, row, kind, lang)
            for number, row in enumerate(rows, start=1)
            for kind, languages in LANGUAGES.items()
            for lang in languages]
    if os.environ.get("ASAN_OPTIONS"):
        # Under the sanitizers a render takes several seconds: check every
        # third document, and always the US English service description
        # that the right-to-left check below reads. The other two runs of
        # the suite check them all.
        jobs = [job for index, job in enumerate(jobs)
                if index % 3 == 0 or (job[0] == 1 and job[2] == "service-description"
                                      and job[3] == "en")]
    with open(ARABIC, encoding="utf-8", newline="") as handle:
        arabic = list(csv.DictReader(handle))
    jobs += [(number, row, kind, None, ARABIC)
             for number, row in enumerate(arabic, start=1)
             for kind in LANGUAGES]
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(2) as pool:
        catalog, revision = snapshot(workdir)
        results = list(pool.map(
            lambda job: check(*job[:4], workdir, catalog,
                              customers=job[4] if len(job) > 4 else MATRIX,
                              revision=revision), jobs))
        failures = [message for result in results for message in result]
        failures += english_fallback_is_caught(rows, workdir)
        # and the right-to-left check fails on a left-to-right document
        english = os.path.join(workdir, "us-direct-en-service-description.pdf")
        if not right_to_left("us-direct-en", english, ET.parse(
                os.path.join(workdir, "us-direct-en-service-description.xml")).getroot(),
                "service-description"):
            failures.append("the right-to-left check passes a left-to-right document")
    for message in failures:
        print("FAIL:", message, file=sys.stderr)
    print(f"documents: {len(jobs) - sum(1 for r in results if r)} of {len(jobs)} rendered and checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
