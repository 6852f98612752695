#!/usr/bin/env python3
"""Look-alikes and structured PII through `veil anonymize --jsonl`: what must stay, what must go.

    python3 Benchmarks/quality/lookalikes.py [--veil .build/release/veil] [--modes patterns,model]
        [--model DIR] [--sensitivity X ...] [--per-category 30] [--seed 14] [--categories a,b]
        [--show [N]] [--json OUT] [--dump FILE]

Generates short everyday lines (chat questions, log lines, configs, code, e-mails), seeded and
deterministic, in two groups:

- look-alikes that are NOT personal data: software versions, build ids, order and ticket numbers,
  HTTP status lines, valid ISBNs, ports, loopback addresses, timestamps and durations, dates in code
  and logs, hex hashes, UUIDs, version ranges, file sizes, CVE / GHSA ids, RFC numbers, error codes.
  Scored *kept*: no entity overlaps the value.
- structured personal data in varied contexts: e-mails, Luhn-valid card numbers, mod-97-valid IBANs
  of many countries, E.164 and national phone numbers, AWS keys, JWTs, PEM private keys, provider API
  tokens, passwords in assignments. Scored *covered*: every character of the value lies inside an
  entity (the union of entities, as metrics.py's "real values not fully masked" counts), and *exact*:
  covered, and the entities that touch it stop at its edges (they do not swallow neighbouring words).

Some PII lines carry look-alikes too (an order number next to a card number); those are scored in their
look-alike category, so a model span that swallows a neighbour shows up there.

Systems: Veil with the pattern detectors only (`--patterns-only`) and with model + patterns (Veil's
defaults, or `--model DIR`), once more per `--sensitivity X` (passed through as `--sensitivity X` to the
model runs; not passed at all without the option). Lines carry no `labels` field: Veil's default labels.

Prints Markdown tables (per category and totals, per system), the failures with `--show`, and the time
of each run. `--json OUT` writes every figure and failure; `--dump FILE` writes the generated lines with
their marked values. Standard library only.
"""
import argparse
import base64
import json
import os
import random
import re
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_eval  # noqa: E402  (runs `veil anonymize --jsonl` for both scripts)
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# The issue-14 target ("versions, order and build numbers, HTTP status lines, ISBNs, ports") reads these.
TARGET_LOOKALIKES = ["version", "build", "order", "http_status", "isbn", "port"]
# The brief's "structured PII (e-mail, card, IBAN, phone, keys) in any text: ≥ 99 % recall": all but passwords.
BRIEF_PII = ["email", "card", "iban", "phone_intl", "phone_national", "aws_key", "jwt", "private_key", "api_token"]

# ---------------------------------------------------------------------------------------------
# Value generators. Each takes a random.Random and returns a string.
# ---------------------------------------------------------------------------------------------

UPPER_DIGITS = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"

FIRST = ["anna", "jakub", "maria", "liam", "sofia", "noah", "chloe", "mateo", "aisha", "kenji", "priya", "lucas",
         "emma", "oliver", "zofia", "tomasz", "ines", "hugo", "freya", "david", "olga", "yusuf", "mei", "diego"]
LAST = ["kowalska", "nowak", "schmidt", "dubois", "rossi", "garcia", "smith", "okafor", "tanaka", "sharma",
        "johansson", "murphy", "novak", "silva", "haddad", "mueller", "laurent", "bianchi", "kim", "oconnor"]
DOMAINS = ["gmail.com", "outlook.com", "firma.pl", "web.de", "orange.fr", "proton.me", "acme-corp.com",
           "mail.uni-heidelberg.de", "company.co.uk", "studio-nord.io", "hotmail.it", "yahoo.es",
           "fastmail.fm", "buildco.com.au", "consulting-group.nl", "icloud.com"]


def rnd(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


def digits(r, n, first_nonzero=False):
    s = rnd(r, string.digits, n)
    if first_nonzero and s[0] == "0":
        s = str(r.randint(1, 9)) + s[1:]
    return s


def g_semver(r):
    v = f"{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}"
    p = r.random()
    if p < 0.15:
        v += f"-rc.{r.randint(1, 5)}"
    elif p < 0.25:
        v += r.choice(["-beta.", "-alpha.", "-dev."]) + str(r.randint(1, 9))
    elif p < 0.3:
        v += f"+build.{r.randint(1, 999)}"
    return v


PRODUCTS = [
    ("Python", lambda r: f"3.{r.randint(8, 13)}.{r.randint(0, 12)}"),
    ("Node.js", lambda r: f"{r.choice([16, 18, 20, 21, 22])}.{r.randint(0, 20)}.{r.randint(0, 5)}"),
    ("Ubuntu", lambda r: r.choice(["20.04", "22.04", "24.04", "22.04.4", "23.10"])),
    ("PostgreSQL", lambda r: f"{r.randint(12, 17)}.{r.randint(0, 9)}"),
    ("Kubernetes", lambda r: f"v1.{r.randint(24, 31)}.{r.randint(0, 9)}"),
    ("iOS", lambda r: f"{r.randint(15, 18)}.{r.randint(0, 6)}.{r.randint(1, 3)}"),
    ("Chrome", lambda r: f"{r.randint(110, 131)}.0.{r.randint(5000, 6800)}.{r.randint(10, 200)}"),
    ("Java", lambda r: f"{r.choice([11, 17, 21])}.0.{r.randint(1, 12)}"),
    ("Go", lambda r: f"1.{r.randint(19, 23)}.{r.randint(0, 9)}"),
    ("Rust", lambda r: f"1.{r.randint(65, 83)}.{r.randint(0, 2)}"),
    ("macOS", lambda r: f"{r.randint(12, 15)}.{r.randint(0, 7)}.{r.randint(1, 3)}"),
    ("Xcode", lambda r: f"{r.randint(14, 16)}.{r.randint(0, 4)}"),
    ("Swift", lambda r: f"5.{r.randint(7, 10)}"),
    ("Django", lambda r: f"{r.randint(3, 5)}.{r.randint(0, 2)}.{r.randint(1, 9)}"),
    ("OpenSSL", lambda r: f"3.{r.randint(0, 3)}.{r.randint(1, 14)}"),
    ("gcc", lambda r: f"{r.randint(9, 14)}.{r.randint(1, 3)}.0"),
    ("Windows", lambda r: f"10.0.{r.randint(19041, 26100)}.{r.randint(1000, 4800)}"),
    ("Android", lambda r: f"{r.randint(11, 15)}"),
]


def g_version(r):
    p = r.random()
    if p < 0.45:
        name, v = r.choice(PRODUCTS)
        return f"{name} {v(r)}"
    if p < 0.75:
        return "v" + g_semver(r)
    return g_semver(r)


def g_pyver(r):
    return f"3.{r.randint(8, 13)}.{r.randint(0, 12)}"


def g_build(r):
    return r.choice([
        lambda: f"build {r.randint(2023, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}.{r.randint(1, 9)}",
        lambda: f"Build #{r.randint(100, 99999)}",
        lambda: f"build {r.randint(20, 24)}{r.choice('ABCDEFG')}{r.randint(100, 999)}{r.choice(['', 'a', 'b'])}",
        lambda: f"build {r.choice(['UQ1A', 'AP2A', 'TQ3A', 'BP1A'])}.{r.randint(230101, 241231)}.{r.randint(1, 30):03d}",
        lambda: f"run {digits(r, 10, True)}",
        lambda: f"pipeline {r.randint(100000, 2999999)}",
        lambda: f"job #{r.randint(10, 9999)}",
        lambda: f"build id {digits(r, 7, True)}",
        lambda: f"myapp-{g_semver(r).split('-')[0].split('+')[0]}-b{r.randint(100, 9999)}.jar",
        lambda: f"nightly-{r.randint(2023, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{rnd(r, HEX, 7)}",
    ])()


def g_order(r):
    return r.choice([
        lambda: f"#{r.randint(1000, 99999)}",
        lambda: f"ORD-{r.randint(2021, 2025)}-{r.randint(1, 99999):05d}",
        lambda: f"{r.choice(['PROJ', 'OPS', 'WEB', 'INFRA', 'API'])}-{r.randint(10, 9999)}",
        lambda: f"INC{r.randint(1, 9999999):07d}",
        lambda: f"{r.randint(100, 999)}-{digits(r, 7)}-{digits(r, 7)}",  # marketplace order id
        lambda: f"INV-{r.randint(2021, 2025)}-{r.randint(1, 9999):04d}",
        lambda: f"PO-{r.randint(10000, 99999)}",
        lambda: f"RMA {r.randint(2023, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{r.randint(10, 99)}",
        lambda: f"PR #{r.randint(1, 9999)}",
        lambda: f"issue #{r.randint(1, 9999)}",
        lambda: f"case {digits(r, 8)}",
        lambda: f"SR 3-{digits(r, 10, True)}",
    ])()


HTTP_REASONS = [(200, "OK"), (201, "Created"), (204, "No Content"), (301, "Moved Permanently"), (302, "Found"),
                (304, "Not Modified"), (400, "Bad Request"), (401, "Unauthorized"), (403, "Forbidden"),
                (404, "Not Found"), (409, "Conflict"), (422, "Unprocessable Entity"), (429, "Too Many Requests"),
                (500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable"),
                (504, "Gateway Timeout")]


def g_http(r):
    code, reason = r.choice(HTTP_REASONS)
    p = r.random()
    if p < 0.55:
        return f"HTTP/1.1 {code} {reason}"
    if p < 0.7:
        return f"HTTP/1.0 {code} {reason}"
    if p < 0.85:
        return f"HTTP/2 {code}"
    return f"{code} {reason}"


def g_http_request(r):
    path = r.choice(["/api/v1/items?page=2", "/healthz", "/static/app.js", "/login", "/api/orders/42",
                     "/v2/search?q=shoes&limit=20", "/favicon.ico"])
    return f"{r.choice(['GET', 'POST', 'PUT', 'DELETE'])} {path} HTTP/1.1"


def isbn13(r):
    body = r.choice(["978", "979"]) + digits(r, 9)
    check = (10 - sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(body)) % 10) % 10
    return body + str(check)


def isbn10(r):
    body = digits(r, 9)
    check = sum(int(c) * (10 - k) for k, c in enumerate(body))
    check = (11 - check % 11) % 11
    return body + ("X" if check == 10 else str(check))


def g_isbn(r):
    p = r.random()
    if p < 0.3:
        return isbn13(r)
    if p < 0.8:
        s = isbn13(r)
        cut = r.choice([(3, 1, 3, 5), (3, 1, 4, 4), (3, 2, 4, 3), (3, 1, 2, 6)])
        parts, k = [], 0
        for n in cut:
            parts.append(s[k:k + n])
            k += n
        parts.append(s[k:])
        return "-".join(parts)
    s = isbn10(r)
    return f"{s[0]}-{s[1:4]}-{s[4:9]}-{s[9]}" if r.random() < 0.6 else s


PORTS = [80, 443, 3000, 3306, 5000, 5432, 5672, 6379, 8000, 8080, 8443, 8888, 9000, 9090, 9200, 11434, 27017]


def g_port(r):
    p = r.choice(PORTS + [r.randint(1024, 65535)])
    return r.choice([f":{p}", f"port {p}", f"localhost:{p}", f"{p}", f"{p}/tcp"])


def g_portnum(r):
    return str(r.choice(PORTS))


def g_loopback(r):
    return r.choice(["127.0.0.1", "0.0.0.0", "::1", "localhost", "127.0.0.1:" + str(r.choice(PORTS)),
                     "0.0.0.0:" + str(r.choice(PORTS)), "[::1]:" + str(r.choice(PORTS))])


def g_date(r):
    y, m, d = r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28)
    return f"{y}-{m:02d}-{d:02d}"


def g_timestamp(r):
    y, m, d = r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28)
    hh, mm, ss, ms = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), r.randint(0, 999)
    return r.choice([
        f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}Z",
        f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}+00:00",
        f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d},{ms:03d}",
        f"{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}",
        f"{r.randint(1600000000, 1760000000)}",
    ])


def g_duration(r):
    return r.choice([
        f"{r.randint(1, 999)}ms", f"{r.randint(1, 59)}.{r.randint(0, 9)}s", f"{r.randint(1, 90)}m {r.randint(0, 59)}s",
        f"00:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}", f"{r.randint(1, 48)}h", f"{r.randint(1, 300)} seconds",
        f"{r.randint(2, 500)} µs",
    ])


def g_hash(r):
    p = r.random()
    if p < 0.4:
        return rnd(r, HEX, 7)
    if p < 0.55:
        return rnd(r, HEX, 12)
    if p < 0.85:
        return rnd(r, HEX, 40)
    return "sha256:" + rnd(r, HEX, 64)


def g_uuid(r):
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def g_range(r):
    a, b, c = r.randint(0, 9), r.randint(0, 20), r.randint(0, 15)
    return r.choice([f"^{a}.{b}.{c}", f"~{a}.{b}.{c}", f">={a}.{b},<{a + 1}.0", f">= {a}.{b}.{c} < {a + 1}",
                     f"{a}.x", f"~> {a}.{b}", f"[{a}.0,{a + 1}.0)", f"^{a}.{b}", f"{a}.{b}.*"])


def g_size(r):
    return r.choice([
        f"{r.randint(1, 99)}.{r.randint(0, 9)} GB", f"{r.choice([128, 256, 512, 768])} MiB", f"{r.randint(1, 64)}G",
        f"{r.randint(1, 999)} bytes", f"{r.randint(1000000, 99999999):,} bytes",
        f"{r.randint(1, 900)} KB", f"{r.randint(1, 16)} TB", f"{r.choice([10, 50, 100])}M",
    ])


def g_cve(r):
    if r.random() < 0.8:
        year = r.randint(2014, 2025)
        return f"CVE-{year}-{r.randint(1000, 52000 if year >= 2019 else 9999)}"
    a = "23456789cfghjmpqrvwx"
    return f"GHSA-{rnd(r, a, 4)}-{rnd(r, a, 4)}-{rnd(r, a, 4)}"


def g_rfc(r):
    n = r.choice([791, 1918, 2616, 3339, 3986, 4122, 4180, 5321, 5322, 6749, 7230, 7231, 7519, 8259, 8446, 9110, 9112])
    return r.choice([f"RFC {n}", f"RFC{n}", f"RFC {n} section {r.randint(2, 9)}.{r.randint(1, 9)}"])


def g_errcode(r):
    return r.choice([
        f"exit code {r.choice([1, 2, 126, 127, 137, 139, 143])}", f"errno {r.randint(1, 133)}",
        f"0x{r.choice(['80070005', '8007000E', 'C0000005', '80004005', '800F0922'])}",
        f"ORA-{r.randint(1, 29999):05d}", f"SQLSTATE {r.choice(['23505', '42P01', '40001', '08006', '22P02'])}",
        f"E{r.choice([11000, 1101, 2002])}", f"error C{r.randint(2000, 4999)}", f"line {r.randint(10, 4999)}",
        f"TS{r.randint(2300, 2799)}", f"status {r.randint(-5, 255)}",
    ])


# --- personal data ---------------------------------------------------------------------------

def g_email(r):
    f, l = r.choice(FIRST), r.choice(LAST)
    local = r.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}", f"{f}+{r.choice(['news', 'shop', 'work'])}",
                      f"{f}.{l}{r.randint(1, 99)}", f"{f}{r.randint(1970, 2005)}", f"{l}.{f}", f"{f}"])
    if r.random() < 0.1:
        local = local.capitalize()
    return f"{local}@{r.choice(DOMAINS)}"


def luhn_complete(prefix, length, r):
    body = prefix + digits(r, length - len(prefix) - 1)
    total = 0
    for k, c in enumerate(reversed(body)):
        d = int(c)
        if k % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def g_card(r):
    kind = r.choice(["visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "unionpay"])
    if kind == "visa":
        n = luhn_complete("4", 16, r)
    elif kind == "mc":
        n = luhn_complete(str(r.randint(51, 55)), 16, r)
    elif kind == "mc2":
        n = luhn_complete(str(r.randint(2221, 2720)), 16, r)
    elif kind == "amex":
        n = luhn_complete(r.choice(["34", "37"]), 15, r)
    elif kind == "discover":
        n = luhn_complete("6011", 16, r)
    elif kind == "jcb":
        n = luhn_complete(str(r.randint(3528, 3589)), 16, r)
    elif kind == "diners":
        n = luhn_complete(r.choice(["300", "305", "36", "38"]), 14, r)
    else:
        n = luhn_complete("62", 16, r)
    sep = r.choice([" ", " ", "-", ""])
    if len(n) == 16:
        groups = [n[0:4], n[4:8], n[8:12], n[12:16]]
    elif len(n) == 15:
        groups = [n[0:4], n[4:10], n[10:15]]
    else:
        groups = [n[0:4], n[4:10], n[10:14]]
    return sep.join(groups)


# (country, BBAN layout: n digits, a upper letters, c upper alnum)
IBAN_LAYOUTS = [("DE", "18n"), ("FR", "10n11c2n"), ("GB", "4a14n"), ("PL", "24n"), ("ES", "20n"), ("IT", "1a10n12c"),
                ("NL", "4a10n"), ("CH", "5n12c"), ("BE", "12n"), ("AT", "16n"), ("SE", "20n"), ("NO", "11n"),
                ("DK", "14n"), ("FI", "14n"), ("IE", "4a14n"), ("PT", "21n"), ("LU", "3n13c"), ("CZ", "20n"),
                ("RO", "4a16c"), ("HU", "24n"), ("GR", "7n16c"), ("TR", "5n1n16c"), ("BR", "23n1a1c"),
                ("SA", "2n18c"), ("AE", "19n"), ("LT", "16n"), ("HR", "17n")]


def g_iban(r):
    cc, layout = r.choice(IBAN_LAYOUTS)
    bban = ""
    for n, kind in re.findall(r"(\d+)([nac])", layout):
        n = int(n)
        if kind == "n":
            bban += digits(r, n)
        elif kind == "a":
            bban += rnd(r, string.ascii_uppercase, n)
        else:  # mostly digits, as real account parts are
            bban += "".join(r.choice(string.ascii_uppercase) if r.random() < 0.15 else r.choice(string.digits)
                            for _ in range(n))
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    iban = f"{cc}{98 - int(num) % 97:02d}{bban}"
    if r.random() < 0.5:
        return " ".join(iban[k:k + 4] for k in range(0, len(iban), 4))
    return iban


def nanp(r):
    area = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
    while area[1:] == "11" or area in ("555",):
        area = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
    exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
    while exch[1:] == "11":
        exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
    return area, exch, digits(r, 4)


def g_phone_intl(r):
    a, e, l = nanp(r)
    return r.choice([
        lambda: f"+1 {a} {e} {l}", lambda: f"+1-{a}-{e}-{l}", lambda: f"+1 ({a}) {e}-{l}", lambda: f"+1{a}{e}{l}",
        lambda: f"+44 20 {r.randint(3000, 8999)} {digits(r, 4)}", lambda: f"+44 7{digits(r, 3)} {digits(r, 6)}",
        lambda: f"+49 30 {digits(r, 8, True)}", lambda: f"+49 15{r.randint(1, 9)} {digits(r, 8, True)}",
        lambda: f"+33 6 {digits(r, 2)} {digits(r, 2)} {digits(r, 2)} {digits(r, 2)}",
        lambda: f"+48 {r.choice([5, 6, 7, 8])}{digits(r, 2)} {digits(r, 3)} {digits(r, 3)}",
        lambda: f"+34 6{digits(r, 2)} {digits(r, 3)} {digits(r, 3)}",
        lambda: f"+39 3{digits(r, 2)} {digits(r, 3)} {digits(r, 4)}",
        lambda: f"+31 6 {digits(r, 8)}", lambda: f"+91 9{digits(r, 4)} {digits(r, 5)}",
        lambda: f"+61 4{digits(r, 2)} {digits(r, 3)} {digits(r, 3)}",
        lambda: f"+81 90-{digits(r, 4)}-{digits(r, 4)}", lambda: f"+55 11 9{digits(r, 4)}-{digits(r, 4)}",
        lambda: f"+353 8{r.randint(3, 9)} {digits(r, 3)} {digits(r, 4)}",
        lambda: f"+46 70 {digits(r, 3)} {digits(r, 2)} {digits(r, 2)}",
        lambda: f"+4860{r.randint(1, 9)}{digits(r, 6)}",
    ])()


def g_phone_national(r):
    a, e, l = nanp(r)
    return r.choice([
        lambda: f"({a}) {e}-{l}", lambda: f"{a}-{e}-{l}", lambda: f"{a}.{e}.{l}",
        lambda: f"020 {r.randint(3000, 8999)} {digits(r, 4)}", lambda: f"07{digits(r, 3)} {digits(r, 6)}",
        lambda: f"030 {digits(r, 8, True)}", lambda: f"015{r.randint(1, 9)} {digits(r, 8, True)}",
        lambda: f"06 {digits(r, 2)} {digits(r, 2)} {digits(r, 2)} {digits(r, 2)}",
        lambda: f"01 {digits(r, 2)} {digits(r, 2)} {digits(r, 2)} {digits(r, 2)}",
        lambda: f"06-{digits(r, 8)}",
        lambda: f"0{r.randint(2, 9)}{digits(r, 2)} {digits(r, 6, True)}",
    ])()


def g_phone_context(r):
    """National numbers without a telltale layout: a phone only next to a word such as "call"."""
    return r.choice([
        lambda: f"{r.choice([5, 6, 7, 8])}{digits(r, 2)} {digits(r, 3)} {digits(r, 3)}",  # PL mobile
        lambda: f"3{digits(r, 2)} {digits(r, 3)} {digits(r, 4)}",  # IT mobile
        lambda: f"{r.choice([5, 6, 7, 8])}{digits(r, 8)}",
        lambda: f"{r.randint(2, 9)}{digits(r, 2)} {digits(r, 4)}",  # 7-digit local
    ])()


def g_aws_id(r):
    return r.choice(["AKIA", "AKIA", "AKIA", "ASIA"]) + rnd(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def g_aws_secret(r):
    s = rnd(r, B64, 40)
    while not (any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s)):
        s = rnd(r, B64, 40)
    return s


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def g_jwt(r):
    header = r.choice([{"alg": "HS256", "typ": "JWT"}, {"alg": "RS256", "typ": "JWT", "kid": rnd(r, HEX, 16)},
                       {"typ": "JWT", "alg": "ES256"}, {"alg": "HS512"}])
    payload = {"sub": r.choice([digits(r, 10), g_uuid(r), r.choice(FIRST)]), "iat": r.randint(1600000000, 1760000000)}
    if r.random() < 0.5:
        payload["exp"] = payload["iat"] + 3600
    if r.random() < 0.4:
        payload["role"] = r.choice(["admin", "user", "service"])
    sig = rnd(r, B64URL, r.choice([43, 43, 86, 342]))
    return f"{b64url(header)}.{b64url(payload)}.{sig}"


PEM_KINDS = ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
             "DSA PRIVATE KEY"]


def g_pem(r, newline="\n", end=True):
    kind = r.choice(PEM_KINDS)
    first = {"RSA PRIVATE KEY": "MIIEow", "PRIVATE KEY": "MIIEvQ", "EC PRIVATE KEY": "MHcCAQ",
             "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAA", "ENCRYPTED PRIVATE KEY": "MIIFHD",
             "DSA PRIVATE KEY": "MIIBuw"}[kind]
    lines = [first + rnd(r, B64, 64 - len(first))] + [rnd(r, B64, 64) for _ in range(r.randint(1, 4))]
    lines.append(rnd(r, B64, r.randint(8, 60)) + r.choice(["", "=", "=="]))
    body = newline.join(lines)
    block = f"-----BEGIN {kind}-----{newline}{body}"
    return block + f"{newline}-----END {kind}-----" if end else block


def g_pem_escaped(r):
    """A PEM file inside a JSON string (a service-account file): escaped newlines, the final one included."""
    return g_pem(r, newline="\\n") + "\\n"


def g_pem_truncated(r):
    return g_pem(r, end=False)


def g_token(r):
    return r.choice([
        lambda: "ghp_" + rnd(r, ALNUM, 36),
        lambda: "github_pat_" + rnd(r, ALNUM, 22) + "_" + rnd(r, ALNUM, 59),
        lambda: "glpat-" + rnd(r, ALNUM + "-_", 20),
        lambda: f"xoxb-{digits(r, 11, True)}-{digits(r, 13, True)}-{rnd(r, ALNUM, 24)}",
        lambda: "sk_live_" + rnd(r, ALNUM, 24),
        lambda: "sk-proj-" + rnd(r, ALNUM + "-_", 48) + rnd(r, string.digits, 2),
        lambda: "sk-ant-api03-" + rnd(r, ALNUM + "-_", 90) + "AA",
        lambda: "AIza" + rnd(r, ALNUM + "-_", 35),
        lambda: "sk-" + rnd(r, ALNUM, 46) + rnd(r, string.digits, 2),
    ])()


def g_password(r):
    words = ["sunflower", "Tr0ub4dor", "kopernik", "Winter", "blue-horse", "Qwerty", "dragon", "Marzipan"]
    return r.choice([
        lambda: r.choice(words) + r.choice(["!", "#", "&", "$", "_"]) + str(r.randint(1, 2025)),
        lambda: rnd(r, ALNUM + "!#%&*+-_", r.randint(12, 20)),
        lambda: r.choice(words) + str(r.randint(10, 99)) + r.choice(string.ascii_uppercase) + r.choice("!?#*$%"),
    ])()


def g_first(r):
    return r.choice(FIRST).capitalize()


# name: (category or None (filler, not scored), generator)
GENERATORS = {
    "version": ("version", g_version), "semver": ("version", g_semver), "pyver": ("version", g_pyver),
    "build": ("build", g_build), "order": ("order", g_order),
    "http": ("http_status", g_http), "request": ("http_status", g_http_request),
    "isbn": ("isbn", g_isbn), "port": ("port", g_port), "portnum": ("port", g_portnum),
    "loopback": ("loopback", g_loopback),
    "timestamp": ("timestamp", g_timestamp), "duration": ("timestamp", g_duration), "date": ("code_date", g_date),
    "hash": ("hash", g_hash), "uuid": ("uuid", g_uuid), "range": ("version_range", g_range),
    "size": ("file_size", g_size), "cve": ("cve", g_cve), "rfc": ("rfc", g_rfc), "errcode": ("error_code", g_errcode),
    "email": ("email", g_email), "card": ("card", g_card), "iban": ("iban", g_iban),
    "phone_intl": ("phone_intl", g_phone_intl), "phone_nat": ("phone_national", g_phone_national),
    "phone_ctx": ("phone_national", g_phone_context),
    "aws_id": ("aws_key", g_aws_id), "aws_secret": ("aws_key", g_aws_secret), "jwt": ("jwt", g_jwt),
    "pem": ("private_key", g_pem), "pem_esc": ("private_key", g_pem_escaped),
    "pem_cut": ("private_key", g_pem_truncated), "token": ("api_token", g_token), "password": ("password", g_password),
    "first": (None, g_first), "svc": (None, lambda r: f"deploy-bot@{r.choice(['billing', 'etl', 'web'])}-"
                                                  f"{r.randint(100, 999)}.iam.gserviceaccount.com"),
}

LOOKALIKE_CATEGORIES = ["version", "build", "order", "http_status", "isbn", "port", "loopback", "timestamp",
                        "code_date", "hash", "uuid", "version_range", "file_size", "cve", "rfc", "error_code"]
PII_CATEGORIES = ["email", "card", "iban", "phone_intl", "phone_national", "aws_key", "jwt", "private_key",
                  "api_token", "password"]

# ---------------------------------------------------------------------------------------------
# Templates per category: ⟨name⟩ is a slot filled by GENERATORS[name].
# ---------------------------------------------------------------------------------------------

TEMPLATES = {
    "version": [
        "Upgrade to ⟨version⟩ before Friday, the old one has a memory leak.",
        "Is ⟨version⟩ compatible with the current LTS?",
        "We're still running ⟨version⟩ in production.",
        "The crash started right after updating to ⟨version⟩.",
        "Bumped the dependency from ⟨semver⟩ to ⟨semver⟩.",
        "Works on ⟨version⟩ but fails on ⟨version⟩ with a segfault.",
        "Release notes for ⟨version⟩: fixed the login redirect and two memory leaks.",
        "## [⟨semver⟩] - ⟨date⟩",
        '  "version": "⟨semver⟩",',
        "pip install requests==⟨semver⟩",
        "FROM python:⟨pyver⟩-slim",
        'git tag -a v⟨semver⟩ -m "release"',
        "Which one should I pick, ⟨version⟩ or ⟨version⟩?",
        "npm WARN deprecated request@⟨semver⟩: request has been deprecated",
        "Installed ⟨version⟩ via Homebrew and now pip is broken.",
        "Hi team, ⟨version⟩ is out. Thanks to everyone who tested the release candidate!",
    ],
    "build": [
        "The nightly ⟨build⟩ failed on the integration tests.",
        "Can you check why ⟨build⟩ is red?",
        "Deployed ⟨build⟩ to staging, smoke tests pass.",
        "[CI] ⟨build⟩ finished in ⟨duration⟩",
        "Please attach the full log from ⟨build⟩.",
        "Rolled back to ⟨build⟩ after the outage.",
        "QA signed off on ⟨build⟩, ready for release.",
        "Artifact: ⟨build⟩",
        "Flaky test again in ⟨build⟩, rerunning.",
    ],
    "order": [
        "Where is my order ⟨order⟩? It was supposed to arrive on Tuesday.",
        "Closing ⟨order⟩ as a duplicate of ⟨order⟩.",
        "Refund for ⟨order⟩ has been processed.",
        "Re: [⟨order⟩] Login page broken on Safari",
        "Please reference ⟨order⟩ in the commit message.",
        "Fixes ⟨order⟩",
        "Your ticket ⟨order⟩ has been updated.",
        "⟨order⟩ is overdue by 14 days, can you chase it?",
        "Merged ⟨order⟩ into main.",
        "Status of ⟨order⟩: shipped, ETA ⟨date⟩.",
    ],
    "http_status": [
        "The server answers ⟨http⟩ even when the body is empty.",
        "Hi team, the deploy went fine. Thanks (ref: ⟨http⟩)",
        "curl -I shows ⟨http⟩ but the browser gets a blank page.",
        "< ⟨http⟩",
        "Why do I get ⟨http⟩ after login?",
        'nginx: "⟨request⟩" 200 1534 "-" "curl/8.5.0"',
        "Got ⟨http⟩ from the upstream after ⟨duration⟩.",
        "The health check expects ⟨http⟩.",
        'assert resp.status_line == "⟨http⟩"',
    ],
    "isbn": [
        "ISBN ⟨isbn⟩",
        "The book (ISBN ⟨isbn⟩) is out of print, is there a newer edition?",
        "Cite it as: The Art of Computer Programming, Vol. 1, ISBN ⟨isbn⟩.",
        "isbn: ⟨isbn⟩",
        "Can you find a cheaper copy of ⟨isbn⟩?",
        '{"title": "Clean Code", "isbn": "⟨isbn⟩", "pages": 464}',
        "Order the textbook ⟨isbn⟩ for the spring course.",
    ],
    "port": [
        "The app listens on ⟨port⟩ but the container exposes nothing.",
        "docker run -p ⟨portnum⟩:⟨portnum⟩ myimage",
        "Connection refused on ⟨port⟩, is Postgres running?",
        "EXPOSE ⟨portnum⟩",
        "listen ⟨portnum⟩ ssl;",
        "PORT=⟨portnum⟩ npm start",
        "Open http://localhost:⟨portnum⟩/docs in your browser.",
        "Firewall: allow ⟨port⟩ from the VPN only.",
        "Something else is already bound to ⟨port⟩.",
    ],
    "loopback": [
        "The API only binds to ⟨loopback⟩, so it is not reachable from outside.",
        "Set the host to ⟨loopback⟩ in settings.py.",
        "curl http://⟨loopback⟩/healthz returns nothing.",
        "redis-cli -h ⟨loopback⟩ ping",
    ],
    "timestamp": [
        "⟨timestamp⟩ INFO worker started in ⟨duration⟩",
        "The request took ⟨duration⟩ on average, p99 is much higher.",
        "[⟨timestamp⟩] WARN slow query (⟨duration⟩)",
        "Set the timeout to ⟨duration⟩ and retry.",
        'ts=⟨timestamp⟩ level=error msg="upstream timed out"',
        "Uptime: ⟨duration⟩, last restart ⟨timestamp⟩.",
        "Build finished in ⟨duration⟩.",
    ],
    "code_date": [
        "SELECT * FROM orders WHERE created_at >= '⟨date⟩';",
        "start = datetime.date.fromisoformat('⟨date⟩')",
        "git log --since=⟨date⟩ --oneline",
        "[⟨date⟩ 14:02:11] ERROR payment worker crashed",
        "expires: ⟨date⟩",
        "The cron job stopped running on ⟨date⟩, any idea why?",
        "## ⟨date⟩ release",
        'df[df["day"] > "⟨date⟩"].groupby("store").sum()',
    ],
    "hash": [
        "git revert ⟨hash⟩",
        "The regression came in with commit ⟨hash⟩.",
        "Cherry-pick ⟨hash⟩ onto the release branch please.",
        "image digest ⟨hash⟩",
        "Checksum mismatch: expected ⟨hash⟩, got ⟨hash⟩.",
        "HEAD is now at ⟨hash⟩ Fix typo in README",
    ],
    "uuid": [
        "request_id=⟨uuid⟩ status=500",
        "Trace ⟨uuid⟩ shows the timeout in the payment service.",
        '{"id": "⟨uuid⟩", "type": "invoice.paid"}',
        "DELETE /api/items/⟨uuid⟩ returns 404.",
        "Correlation ID: ⟨uuid⟩",
        "The job ⟨uuid⟩ has been stuck in the queue since this morning.",
    ],
    "version_range": [
        '"react": "⟨range⟩",',
        "python_requires='⟨range⟩'",
        "gem 'rails', '⟨range⟩'",
        "Can I use ⟨range⟩ in package.json or is that too loose?",
        "The lockfile pins lodash at ⟨semver⟩ although the range is ⟨range⟩.",
    ],
    "file_size": [
        "The Docker image is ⟨size⟩, how can I make it smaller?",
        "Upload fails for files over ⟨size⟩.",
        "client_max_body_size ⟨size⟩;",
        "The log directory grew to ⟨size⟩ overnight.",
        "Wrote ⟨size⟩ in ⟨duration⟩.",
    ],
    "cve": [
        "Are we affected by ⟨cve⟩?",
        "This release patches ⟨cve⟩ and ⟨cve⟩.",
        "Dependabot flagged ⟨cve⟩ in the transitive dependencies.",
        "Is ⟨cve⟩ exploitable when the feature is disabled?",
    ],
    "rfc": [
        "According to ⟨rfc⟩, the header is case-insensitive.",
        "Timestamps must follow ⟨rfc⟩.",
        "Is this behaviour compliant with ⟨rfc⟩?",
        "See ⟨rfc⟩ for the grammar.",
    ],
    "error_code": [
        "The container keeps dying with ⟨errcode⟩.",
        "Installer fails with ⟨errcode⟩ on Windows.",
        "Query aborted: ⟨errcode⟩",
        "What does ⟨errcode⟩ mean here?",
        "The compiler stops at ⟨errcode⟩ of main.c.",
    ],
    # -- personal data ----------------------------------------------------------------------
    "email": [
        "Mail ⟨email⟩ about the contract renewal.",
        "Please cc ⟨email⟩ on the next update.",
        "Contact: ⟨email⟩",
        "From: ⟨first⟩ <⟨email⟩>",
        '{"user": {"email": "⟨email⟩", "plan": "pro"}}',
        "2024-03-12 14:05:33 INFO login ok user=⟨email⟩",
        "⟨first⟩,⟨email⟩,⟨phone_nat⟩",
        "Can you write a polite reminder to ⟨email⟩? Their invoice ⟨order⟩ is late.",
        "My mail is ⟨email⟩.",
        "reply to ⟨email⟩ (not the noreply address)",
        "INSERT INTO users (name, email) VALUES ('⟨first⟩', '⟨email⟩');",
    ],
    "card": [
        "Card ⟨card⟩, exp 04/27.",
        "Please charge ⟨card⟩ again, the first attempt returned ⟨http⟩.",
        "Order ⟨order⟩ was paid with ⟨card⟩.",
        "My card number is ⟨card⟩ and it keeps getting declined.",
        '{"card_number": "⟨card⟩", "amount": 49.99}',
        "Refund to card ⟨card⟩ please.",
        "payment failed card=⟨card⟩ code=51",
        "Is ⟨card⟩ a Visa or a Mastercard?",
    ],
    "iban": [
        "Refund to ⟨iban⟩.",
        "IBAN: ⟨iban⟩",
        "Please transfer the deposit to ⟨iban⟩ by Friday.",
        "Bank details: ⟨first⟩, ⟨iban⟩, reference ⟨order⟩.",
        '{"iban": "⟨iban⟩", "bic": "DEUTDEFF"}',
        "Is ⟨iban⟩ a valid account number?",
        "Wire it to my account ⟨iban⟩, thanks!",
    ],
    "phone_intl": [
        "Call me at ⟨phone_intl⟩ after 5.",
        "Tel: ⟨phone_intl⟩",
        "WhatsApp ⟨phone_intl⟩",
        '{"phone": "⟨phone_intl⟩", "verified": true}',
        "⟨first⟩ — ⟨phone_intl⟩",
        "Format ⟨phone_intl⟩ as E.164 in Python.",
        "Reach the front desk at ⟨phone_intl⟩.",
        "SMS to ⟨phone_intl⟩ failed: ⟨http⟩",
    ],
    "phone_national": [
        "Call me at ⟨phone_nat⟩ after 5.",
        "Tel. ⟨phone_nat⟩",
        "My number is ⟨phone_nat⟩, text me when you're outside.",
        "| ⟨first⟩ | ⟨phone_nat⟩ | manager |",
        "Reach the front desk at ⟨phone_nat⟩.",
        "phone: ⟨phone_nat⟩",
        "call ⟨phone_ctx⟩ if the delivery is late",
        "mobile ⟨phone_ctx⟩",
    ],
    "aws_key": [
        "Key ⟨aws_id⟩ leaked, rotate it now.",
        "aws_access_key_id = ⟨aws_id⟩",
        "export AWS_SECRET_ACCESS_KEY=⟨aws_secret⟩",
        "aws_secret_access_key = ⟨aws_secret⟩",
        '{"AccessKeyId": "⟨aws_id⟩", "SecretAccessKey": "⟨aws_secret⟩"}',
        "Why does ⟨aws_id⟩ get AccessDenied on s3:GetObject?",
        "  AWS_ACCESS_KEY_ID: ⟨aws_id⟩",
    ],
    "jwt": [
        "Authorization: Bearer ⟨jwt⟩",
        "Here's the token I get back: ⟨jwt⟩ — why is it rejected?",
        '{"id_token": "⟨jwt⟩", "expires_in": 3600}',
        "Set-Cookie: session=⟨jwt⟩; HttpOnly; Secure",
        "jwt.decode('⟨jwt⟩', key, algorithms=['HS256'])",
        "curl -H 'Authorization: Bearer ⟨jwt⟩' https://api.internal/v1/me",
    ],
    "private_key": [
        "Why does ssh reject this key?\n⟨pem⟩\n",
        '{"type": "service_account", "private_key": "⟨pem_esc⟩", "client_email": "⟨svc⟩"}',
        "⟨pem⟩",
        "I pasted the key but it got cut off:\n⟨pem_cut⟩\n\nHow do I convert it to PKCS#8?",
        "key: |\n  ⟨pem⟩",
    ],
    "api_token": [
        "I accidentally committed ⟨token⟩, how do I purge it from history?",
        "GITHUB_TOKEN=⟨token⟩",
        "curl -H 'Authorization: Bearer ⟨token⟩' https://api.example.net/v1/models",
        '  api_key: "⟨token⟩"',
        'client = Client(api_key="⟨token⟩")',
        "The token ⟨token⟩ stopped working after ⟨date⟩.",
    ],
    "password": [
        "DB_PASSWORD=⟨password⟩",
        "password: ⟨password⟩",
        '{"username": "admin", "password": "⟨password⟩"}',
        "mysql --password ⟨password⟩ -h db.internal",
        "postgres_pass = '⟨password⟩'",
        "SMTP_PASS=⟨password⟩",
    ],
}

SLOT = re.compile(r"⟨(\w+)⟩")


def fill(template, r):
    """(text, values): the template with each slot generated; values as dicts with offsets (code points)."""
    out, values, pos = [], [], 0
    for m in SLOT.finditer(template):
        out.append(template[pos:m.start()])
        start = sum(len(p) for p in out)
        category, gen = GENERATORS[m.group(1)]
        value = gen(r)
        out.append(value)
        # Fillers (a first name in a PII line) are personal data too, but not scored: recorded as "other".
        kind = "other" if not category else "keep" if category in LOOKALIKE_CATEGORIES else "mask"
        values.append({"kind": kind, "category": category or "filler", "start": start, "end": start + len(value),
                       "text": value})
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), values


def generate(seed=14, per_category=30, categories=None):
    """[{"id", "group", "category", "text", "values"}]: per_category lines per category, seeded."""
    items = []
    for group, cats in (("lookalike", LOOKALIKE_CATEGORIES), ("pii", PII_CATEGORIES)):
        for cat in cats:
            if categories and cat not in categories:
                continue
            r = random.Random(f"{seed}:{cat}")
            templates = TEMPLATES[cat]
            for k in range(per_category):
                text, values = fill(templates[k % len(templates)], r)
                items.append({"id": f"{cat}-{k:03d}", "group": group, "category": cat, "text": text,
                              "values": values})
    return items


# ---------------------------------------------------------------------------------------------
# Running Veil and scoring
# ---------------------------------------------------------------------------------------------

def run_veil(veil, args, items):
    """Entities per item, and the seconds the batch took."""
    lines = [json.dumps({"id": i, "text": it["text"]}) + "\n" for i, it in enumerate(items)]
    out, seconds = cli_eval.anonymize_jsonl(veil, args, lines, [it["id"] for it in items])
    res = []
    for it, o in zip(items, out):
        for e in o["entities"]:
            if it["text"][e["start"]:e["end"]] != e["text"]:  # offsets are Unicode scalars = code points
                sys.exit(f"offset mismatch in {it['id']}: {e}")
        res.append(o["entities"])
    return res, seconds


def judge(value, text, entities):
    """(ok, exact, touching entities) for one marked value."""
    s, e = value["start"], value["end"]
    touching = [d for d in entities if d["start"] < e and d["end"] > s]
    if value["kind"] == "keep":
        return not touching, not touching, touching
    covered = set()
    for d in touching:
        covered.update(range(max(s, d["start"]), min(e, d["end"])))
    ok = len(covered) == e - s
    # Exact: no touching entity reaches a letter or digit outside the value.
    lo = min([d["start"] for d in touching] + [s])
    hi = max([d["end"] for d in touching] + [e])
    spill = any(c.isalnum() for c in text[lo:s] + text[e:hi])
    return ok, ok and not spill, touching


def score(items, entities):
    """Per category counts, totals and failures for one system."""
    cats = {}
    failures, stray = [], []
    untouched = [0, 0]  # look-alike-only lines without any entity, such lines
    clean = [0, 0]  # PII lines whose every entity touches a marked value or name, such lines
    for it, ents in zip(items, entities):
        n_stray = len(stray)
        if it["group"] == "lookalike":
            untouched[1] += 1
            untouched[0] += not ents
        for d in ents:  # entities on ordinary words: overlapping no marked value
            if not any(d["start"] < v["end"] and d["end"] > v["start"] for v in it["values"]):
                stray.append({"id": it["id"], "group": it["group"], "label": d["label"], "text": d["text"],
                              "detector": d["detector"], "score": d["score"]})
        if it["group"] == "pii":
            clean[1] += 1
            clean[0] += len(stray) == n_stray
        for v in it["values"]:
            if v["kind"] == "other":
                continue
            c = cats.setdefault(v["category"], {"kind": v["kind"], "n": 0, "ok": 0, "exact": 0})
            ok, exact, touching = judge(v, it["text"], ents)
            c["n"] += 1
            c["ok"] += ok
            c["exact"] += exact
            if not ok or not exact:
                failures.append({"id": it["id"], "category": v["category"], "kind": v["kind"], "value": v["text"],
                                 "text": it["text"], "why": ("spilled" if ok else
                                                             "masked" if v["kind"] == "keep" else "not fully masked"),
                                 "entities": [{k: d[k] for k in ("start", "end", "label", "text", "detector", "score")}
                                              for d in touching]})
    def total(names):
        n = sum(cats[c]["n"] for c in names if c in cats)
        ok = sum(cats[c]["ok"] for c in names if c in cats)
        exact = sum(cats[c]["exact"] for c in names if c in cats)
        return {"n": n, "ok": ok, "exact": exact}
    totals = {
        "lookalikes": total(LOOKALIKE_CATEGORIES),
        "lookalikes_issue14": total(TARGET_LOOKALIKES),
        "pii": total(PII_CATEGORIES),
        "pii_brief": total(BRIEF_PII),
        "lookalike_lines_untouched": {"n": untouched[1], "ok": untouched[0]},
        "pii_lines_clean": {"n": clean[1], "ok": clean[0]},
    }
    return {"categories": cats, "totals": totals, "failures": failures, "stray": stray}


def pct(ok, n):
    return "–" if not n else f"{100.0 * ok / n:.1f} %"


def tables(items, results):
    names = list(results)
    n_by = {}
    for it in items:
        for v in it["values"]:
            n_by[v["category"]] = n_by.get(v["category"], 0) + 1
    out = ["Look-alikes kept (no entity overlaps the value):\n",
           "| category | values | " + " | ".join(names) + " |", "|---|--:|" + "--:|" * len(names)]
    for c in LOOKALIKE_CATEGORIES:
        if c in n_by:
            out.append(f"| {c} | {n_by[c]} | " + " | ".join(
                pct(results[s]["categories"][c]["ok"], results[s]["categories"][c]["n"]) for s in names) + " |")
    for key, label in (("lookalikes_issue14", "**issue-14 categories** (" + ", ".join(TARGET_LOOKALIKES) + ")"),
                       ("lookalikes", "**all look-alikes**"),
                       ("lookalike_lines_untouched", "look-alike lines without any entity")):
        t0 = results[names[0]]["totals"][key]
        out.append(f"| {label} | {t0['n']} | " + " | ".join(
            pct(results[s]["totals"][key]["ok"], results[s]["totals"][key]["n"]) for s in names) + " |")
    out += ["", "Structured PII covered (every character inside an entity) / exact (covered, and no entity "
            "spills into a neighbouring word):\n",
            "| category | values | " + " | ".join(names) + " |", "|---|--:|" + "--:|" * len(names)]
    for c in PII_CATEGORIES:
        if c in n_by:
            out.append(f"| {c} | {n_by[c]} | " + " | ".join(
                f"{pct(results[s]['categories'][c]['ok'], results[s]['categories'][c]['n'])} / "
                f"{pct(results[s]['categories'][c]['exact'], results[s]['categories'][c]['n'])}" for s in names) + " |")
    for key, label in (("pii_brief", "**e-mail, card, IBAN, phone, keys** (all but passwords)"),
                       ("pii", "**all PII**")):
        t0 = results[names[0]]["totals"][key]
        out.append(f"| {label} | {t0['n']} | " + " | ".join(
            f"{pct(results[s]['totals'][key]['ok'], t0['n'])} / {pct(results[s]['totals'][key]['exact'], t0['n'])}"
            for s in names) + " |")
    t0 = results[names[0]]["totals"]["pii_lines_clean"]
    out.append(f"| PII lines with no entity elsewhere (ordinary words left alone) | {t0['n']} lines | " + " | ".join(
        pct(results[s]["totals"]["pii_lines_clean"]["ok"], t0["n"]) for s in names) + " |")
    return "\n".join(out)


def show_failures(name, failures, stray, limit, width=220):
    out = [f"\n{name}: {len(failures)} failures\n" if failures else f"\n{name}: no failures.\n"]
    by = {}
    for f in failures:
        by.setdefault(f["category"], []).append(f)
    cats = [c for c in LOOKALIKE_CATEGORIES + PII_CATEGORIES if c in by]
    for c in cats:
        fs = by[c]
        out.append(f"- **{c}** ({len(fs)}):")
        for f in fs[:limit]:
            text = f["text"].replace("\n", "⏎")
            if len(text) > width:
                text = text[:width] + "…"
            ents = "; ".join(f"{d['label']} `{d['text'][:60]}` ({d['detector']} {d['score']})" for d in f["entities"])
            out.append(f"  - {f['why']}: `{f['value'][:80]}` in `{text}` → {ents or 'no entity'}")
        if len(fs) > limit:
            out.append(f"  - … {len(fs) - limit} more")
    for group, where in (("lookalike", "look-alike lines (no personal data there)"),
                         ("pii", "PII lines, outside the marked values and names")):
        ds = [d for d in stray if d["group"] == group]
        if not ds:
            continue
        counts = {}
        for d in ds:
            key = (d["label"], d["text"])
            counts[key] = counts.get(key, 0) + 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max(1, min(limit, 15))]
        out.append(f"\nOther entities in {where}: {len(ds)}; most frequent: "
                   + ", ".join(f"{label} `{text[:40]}` ×{n}" for (label, text), n in top))
    return "\n".join(out) + "\n"


def systems(a):
    base = (["--model", a.model] if a.model else []) + a.veil_arg
    out = []
    modes = [m for m in a.modes.split(",") if m]
    if "patterns" in modes:
        out.append(("patterns only", ["--patterns-only"] + a.veil_arg))
    if "model" in modes:
        out.append(("model + patterns", base))
        for s in a.sensitivity:
            out.append((f"model + patterns, {s}", base + ["--sensitivity", s]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--veil", default=os.path.join(ROOT, ".build", "release", "veil"))
    ap.add_argument("--modes", default="patterns,model", help="Veil runs: patterns, model (comma-separated)")
    ap.add_argument("--model", default=None, help="passed to veil as --model DIR (default: veil's own default)")
    ap.add_argument("--patterns-only", action="store_true", help="run only the patterns-only system (= --modes patterns)")
    ap.add_argument("--sensitivity", action="append", default=[],
                    help="also run model + patterns with `--sensitivity X` (repeatable)")
    ap.add_argument("--veil-arg", action="append", default=[], help="extra argument for every veil run (repeatable)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--per-category", type=int, default=30, help="lines per category (default 30)")
    ap.add_argument("--categories", default=None, help="comma-separated subset of categories")
    ap.add_argument("--show", nargs="?", type=int, const=10 ** 9, default=0, metavar="N",
                    help="list the failures per system (at most N per category)")
    ap.add_argument("--json", default=None, metavar="OUT", help="write every figure and failure here")
    ap.add_argument("--dump", default=None, metavar="FILE", help="write the generated lines (JSONL) here")
    a = ap.parse_args()
    if a.patterns_only:
        a.modes = "patterns"
    cats = set(c for c in a.categories.split(",") if c) if a.categories else None
    if cats and cats - set(LOOKALIKE_CATEGORIES + PII_CATEGORIES):
        ap.error(f"unknown categories {sorted(cats - set(LOOKALIKE_CATEGORIES + PII_CATEGORIES))}")
    started = time.time()
    items = generate(a.seed, a.per_category, cats)
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
    n_keep = sum(v["kind"] == "keep" for it in items for v in it["values"])
    n_mask = sum(v["kind"] == "mask" for it in items for v in it["values"])
    results, seconds, shown = {}, {}, []
    for name, args in systems(a):
        ents, secs = run_veil(a.veil, args, items)
        results[name] = score(items, ents)
        results[name]["args"] = args
        results[name]["seconds"] = round(secs, 2)
        seconds[name] = secs
        if a.show:
            shown.append(show_failures(name, results[name]["failures"], results[name]["stray"], a.show))
    if not results:
        ap.error("no system to run (--modes)")
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(a.veil)))
    print(f"{len(items)} lines (seed {a.seed}, {a.per_category} per category): {n_keep} look-alikes, "
          f"{n_mask} PII values; {os.path.relpath(a.veil, ROOT)} built {built}.\n")
    print(tables(items, results))
    for text in shown:
        print(text)
    total = time.time() - started
    print("\nveil runs: " + ", ".join(f"{n} {s:.1f} s" for n, s in seconds.items()) + f"; total {total:.1f} s")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"seed": a.seed, "per_category": a.per_category, "lines": len(items), "lookalikes": n_keep,
                       "pii_values": n_mask, "veil": a.veil, "veil_built": built, "seconds": round(total, 1), "systems": results},
                      f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
