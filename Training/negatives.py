"""Ordinary text for training: what users actually send through Veil, mostly without personal data.

The tagger of r1-r3 saw almost nothing but documents full of values, so it masked a third of ordinary
prompts ("parses" → NAME). This module builds documents that teach it what is *not* a value:

- `code`: chunks of the Python standard library on this machine (PSF licence), comments included;
- `docs`: its docstrings (technical prose) and rendered man pages (Debian's `man`), sections that
  carry authors' names and addresses cut off;
- `structured`: personal data where it sits in everyday structured text (API fixtures, SQL dumps, mail
  headers, changelog handles, system logs, configs, CSV), keys and identifiers unlabelled around it;
- `prompts`: everyday requests in the style of chat assistants — instructions, questions about public
  figures, brands, places and works, SQL / JSON / shell / regex questions, logs, version strings, HTTP
  status lines, build and order numbers — with, in a share of them, private values in personal context
  (a colleague's name, a customer's e-mail) so that the contrast is learned, not a blanket "O".

Values that do occur in code and docs (e-mails, URLs, IP addresses, keys) are labelled by the same
patterns as `patterns.py`; public mentions get no tag. Each document annotates `PERSONAL_LABELS`
exhaustively (its prompt lists only those), never ORGANIZATION / LOCATION / DATE, whose real-text
meaning (every company, every city) differs from Veil's defaults.

    python negatives.py --out cache/negatives.jsonl --count 40000
"""
import argparse
import ast
import glob
import json
import os
import random
import re
import subprocess
import sys

import patterns

PERSONAL_LABELS = ["NAME", "ADDRESS", "EMAIL", "PHONE", "ACCOUNT", "IBAN", "CREDIT_CARD", "ID_NUMBER", "USERNAME",
                   "SECRET", "IP_ADDRESS", "URL"]
# Chunks that name people who wrote the code are dropped rather than labelled by hand.
AUTHORSHIP = re.compile(r"author|copyright|written by|contributed|maintainer|thanks to|\(c\)|@[a-z]", re.I)
PATTERN_LABELS = ["EMAIL", "URL", "IP_ADDRESS", "IBAN", "CREDIT_CARD"]


def doc(text, spans=(), source="negative"):
    return {"text": text, "spans": [list(s) for s in spans], "ignore": [], "labels": PERSONAL_LABELS,
            "source": source}


def labelled(text, source):
    return doc(text, patterns.find(text, PATTERN_LABELS), source)


# --- code and docs from this machine ---------------------------------------------------------------

def stdlib_files():
    roots = sorted({os.path.dirname(os.__file__), "/usr/lib/python3/dist-packages"})
    files = []
    for root in roots:
        files += [f for f in glob.glob(os.path.join(root, "**", "*.py"), recursive=True)
                  if "site-packages" not in f and "/test" not in f]
    return sorted(files)


def code_chunks(files, rng, n):
    out = []
    while len(out) < n:
        try:
            lines = open(rng.choice(files), encoding="utf-8").read().splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        if len(lines) < 8:
            continue
        for _ in range(4):
            a = rng.randrange(0, len(lines) - 4)
            chunk = "\n".join(lines[a:a + rng.randint(4, 40)]).strip("\n")
            if 40 <= len(chunk) <= 2500 and not AUTHORSHIP.search(chunk):
                out.append(labelled(chunk, "code"))
    return out[:n]


def docstrings(files, rng, n):
    out = []
    rng.shuffle(files)
    for f in files:
        try:
            tree = ast.parse(open(f, encoding="utf-8").read())
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module, ast.AsyncFunctionDef)):
                d = ast.get_docstring(node)
                if d and 60 <= len(d) <= 2500 and not AUTHORSHIP.search(d):
                    out.append(labelled(d, "docs"))
        if len(out) >= n:
            break
    return out[:n]


MAN_SKIP = re.compile(r"^(AUTHORS?|COPYRIGHT|REPORTING BUGS|BUGS|HISTORY|SEE ALSO|COLOPHON)\b")


def man_pages(rng, n, pages=400):
    names = sorted(glob.glob("/usr/share/man/man[1-8]/*.gz"))
    rng.shuffle(names)
    out = []
    env = dict(os.environ, MANWIDTH="100", MAN_KEEP_FORMATTING="0")
    for path in names[:pages]:
        try:
            text = subprocess.run(["man", "-P", "cat", "-l", path], capture_output=True, text=True, env=env,
                                  timeout=10).stdout
        except (subprocess.SubprocessError, OSError):
            continue
        text = re.sub(r".\x08", "", text)
        keep, skipping = [], False
        for line in text.splitlines():
            if line and not line.startswith(" "):
                skipping = bool(MAN_SKIP.match(line))
            if not skipping:
                keep.append(line.strip())
        paras = [p.strip() for p in "\n".join(keep).split("\n\n") if len(p.strip()) > 60]
        for p in paras:
            if len(out) >= n:
                return out
            if len(p) <= 2000 and not AUTHORSHIP.search(p):
                out.append(labelled(re.sub(r"[ \t]+", " ", p), "docs"))
    return out


# --- everyday prompts -----------------------------------------------------------------------------

PUBLIC_PEOPLE = ["Abraham Lincoln", "Marie Curie", "Albert Einstein", "Barack Obama", "Taylor Swift", "Elon Musk",
                 "William Shakespeare", "Isaac Newton", "Ada Lovelace", "Alan Turing", "Nelson Mandela",
                 "Mahatma Gandhi", "Leonardo da Vinci", "Frida Kahlo", "Martin Luther King Jr.", "Napoleon",
                 "Cleopatra", "Charles Darwin", "Jane Austen", "Serena Williams", "Lionel Messi", "Steve Jobs",
                 "Bill Gates", "Winston Churchill", "Queen Elizabeth II", "Mozart", "Beethoven", "Picasso",
                 "Harry Potter", "Sherlock Holmes", "Darth Vader", "Hermione Granger", "Homer Simpson",
                 "Linus Torvalds", "Guido van Rossum", "Angela Merkel", "Joe Biden", "Donald Trump", "Plato",
                 "Aristotle", "Confucius", "Genghis Khan", "Galileo", "Nikola Tesla", "Oprah Winfrey",
                 "Michael Jordan", "Beyoncé", "J.K. Rowling", "Stephen King", "Mark Twain", "Karl Marx"]
PUBLIC_THINGS = ["Microsoft Excel", "Google Sheets", "Python", "JavaScript", "React", "PostgreSQL", "MySQL", "Docker",
                 "Kubernetes", "AWS Lambda", "Azure", "the iPhone 15", "Windows 11", "Ubuntu 22.04", "Slack",
                 "Netflix", "Spotify", "Amazon", "Tesla", "Coca-Cola", "the Eiffel Tower", "Paris", "Tokyo",
                 "New York", "the Amazon rainforest", "Mount Everest", "the Roman Empire", "World War II",
                 "the French Revolution", "Hamlet", "The Great Gatsby", "Pride and Prejudice", "Star Wars",
                 "the Beatles", "NASA", "the United Nations", "the European Union", "Git", "GitHub", "VS Code",
                 "TensorFlow", "PyTorch", "pandas", "NumPy", "Rust", "Go", "TCP", "UDP", "HTTP/2", "OAuth 2.0",
                 "Bitcoin", "the Mediterranean diet", "the Great Wall of China", "Canada", "Brazil", "Nigeria"]
TASKS = ["parses a CSV file and returns the average of the second column", "reverses a linked list",
         "checks whether a string is a palindrome", "merges two sorted arrays", "counts word frequencies in a text",
         "validates an email address format", "converts Celsius to Fahrenheit", "finds the longest common prefix",
         "removes duplicates from a list while keeping order", "computes the n-th Fibonacci number",
         "reads a JSON config file and prints the keys", "retries an HTTP request with exponential backoff"]
LANGS = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "Bash", "SQL", "Kotlin", "Swift", "Ruby"]
TOPICS = ["the difference between TCP and UDP", "how garbage collection works", "recursion", "the CAP theorem",
          "photosynthesis", "inflation", "compound interest", "black holes", "the water cycle", "machine learning",
          "public-key cryptography", "the causes of World War I", "how vaccines work", "supply and demand",
          "Big-O notation", "REST vs GraphQL", "database indexing", "the theory of relativity"]
TEMPLATES = [
    "Write a {lang} function that {task}.", "Explain {topic} in simple terms.", "Who was {person}?",
    "Summarize the main achievements of {person} in three bullet points.", "Write a short poem about {thing}.",
    "What would {person} think about {thing}?", "In {thing}, how do I {howto}?", "Compare {thing} and {thing2}.",
    "Give me five fun facts about {thing}.", "Write a 200-word essay on {person}'s influence on {topic}.",
    "Act as a travel guide and describe {thing}.", "Translate 'good morning, how are you?' into French.",
    "Can you review this {lang} code and suggest improvements?\n\n{code}", "Why does this query fail?\n\n{sql}",
    "Fix the bug:\n```{lang_l}\n{code}\n```", "What does HTTP/1.1 {status} mean and when is it returned?",
    "Upgrade from version {ver} to {ver2} broke the build (build #{build}). What changed?",
    "Order {order} shipped on time; please draft a thank-you note to the team.", "Convert this JSON to YAML:\n{json}",
    "Explain this log line: {log}", "I am reading {thing2} by {person}. What are its main themes?",
    "Tell me a joke about {lang} developers.", "ISBN {isbn} is the second edition; is there a newer one?",
    "My server listens on port {port} but curl gets connection refused. Why?",
    "Plan a 3-day trip to {place} on a budget.", "Is {person} considered the greatest in their field? Argue both sides.",
]
HOWTO = ["sum a column", "freeze the top row", "remove duplicates", "create a pivot table", "undo the last commit",
         "list running containers", "rename a branch", "split a string by comma", "set an environment variable"]
PLACES = ["Lisbon", "Kyoto", "Iceland", "the Scottish Highlands", "Cape Town", "Patagonia", "Vienna", "Bali"]
CODE = ["def mean(xs):\n    return sum(xs) / len(xs)", "for i in range(10):\n    print(i ** 2)",
        "const total = items.reduce((a, b) => a + b.price, 0);", "if err != nil {\n    return nil, err\n}",
        "public static int max(int a, int b) { return a > b ? a : b; }", "x = [n for n in data if n % 2 == 0]",
        "let v: Vec<u32> = (1..=5).collect();", "SELECT COUNT(*) FROM users WHERE active = 1;"]
TABLES = [("orders", "o", ["id", "total", "created_at", "customer_id", "status"]),
          ("customers", "c", ["id", "customer_name", "country", "segment"]),
          ("products", "p", ["id", "sku", "price", "category_id"]), ("payments", "pay", ["id", "amount", "order_id"])]
STATUS = ["200 OK", "201 Created", "301 Moved Permanently", "404 Not Found", "429 Too Many Requests",
          "500 Internal Server Error", "503 Service Unavailable"]


def _sql(r):
    (t1, a1, c1), (t2, a2, c2) = r.sample(TABLES, 2)
    return (f"SELECT {a2}.{r.choice(c2)}, SUM({a1}.{r.choice(c1)}) FROM {t1} {a1} JOIN {t2} {a2} ON {a1}.{c1[0]} = "
            f"{a2}.{c2[0]} WHERE {a1}.{r.choice(c1)} > {r.randint(1, 500)} GROUP BY {a2}.{r.choice(c2)} "
            f"ORDER BY 2 DESC LIMIT {r.choice([5, 10, 20, 100])};")


def _ver(r):
    return r.choice(["", "v"]) + ".".join(str(r.randint(0, 20)) for _ in range(r.choice([2, 3, 3, 4])))


def _log(r):
    level = r.choice(["INFO", "WARN", "ERROR", "DEBUG"])
    mod = r.choice(["app.server", "db.pool", "worker[12]", "kernel", "sshd[2231]", "nginx", "scheduler"])
    msg = r.choice([f"request completed in {r.randint(2, 900)}ms status={r.choice([200, 404, 500])}",
                    f"connection pool exhausted (size={r.randint(5, 50)})", f"retrying job {r.randint(1000, 99999)}",
                    f"cache hit ratio {r.random():.2f}", f"GC pause {r.randint(1, 300)}ms",
                    f"\"GET /api/v{r.randint(1, 3)}/items?page={r.randint(1, 9)} HTTP/1.1\" {r.choice(STATUS)[:3]}"])
    return f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:" \
           f"{r.randint(0, 59):02d}Z {level} {mod}: {msg}"


def _isbn(r):
    return f"978-{r.randint(0, 9)}-{r.randint(100, 999)}-{r.randint(10000, 99999)}-{r.randint(0, 9)}"


def everyday_prompt(r):
    t = r.choice(TEMPLATES)
    lang = r.choice(LANGS)
    fields = {"lang": lang, "lang_l": lang.lower(), "task": r.choice(TASKS), "topic": r.choice(TOPICS),
              "person": r.choice(PUBLIC_PEOPLE), "thing": r.choice(PUBLIC_THINGS), "thing2": r.choice(PUBLIC_THINGS),
              "howto": r.choice(HOWTO), "code": r.choice(CODE), "sql": _sql(r), "status": r.choice(STATUS),
              "ver": _ver(r), "ver2": _ver(r), "build": r.randint(100, 99999), "order": f"#{r.randint(10000, 999999)}",
              "json": json.dumps({"name": r.choice(["widget", "service", "config"]), "version": _ver(r),
                                  "enabled": r.random() < 0.5, "retries": r.randint(0, 9)}),
              "log": _log(r), "isbn": _isbn(r), "port": r.choice([80, 443, 3000, 5432, 8080, 8443, 9200]),
              "place": r.choice(PLACES)}
    return t.format(**fields)


def private_prompt(r, V):
    """An everyday request that does carry personal data, so the contrast with public mentions is learned."""
    p = V.person()
    public = r.choice(PUBLIC_PEOPLE)
    parts = r.choice([
        [("Write a polite reminder to my colleague ", None), (p["full"], "NAME"), (" about the report on ", None),
         (public, None), (".", None)],
        [("Draft an email to ", None), (p["first"], "NAME"), (" (", None), (p["email"], "EMAIL"),
         (") saying the meeting moved to Friday.", None)],
        [("My name is ", None), (p["full"], "NAME"), (" and I live at ", None), (V.address(True), "ADDRESS"),
         (". Write a complaint letter to my landlord.", None)],
        [("Summarize this: ", None), (p["full"], "NAME"), (" called about order ", None),
         (f"#{r.randint(10000, 99999)}", None), (". Call back on ", None), (p["phone"], "PHONE"), (".", None)],
        [("Our new hire ", None), (p["full"], "NAME"), (" is a big fan of ", None), (public, None),
         (". Suggest an icebreaker question.", None)],
        [("ssh ", None), (p["user"], "USERNAME"), ("@", None), (V.ip(), "IP_ADDRESS"),
         (" fails with 'Permission denied (publickey)'. How do I debug it?", None)],
    ])
    text, spans = "", []
    for s, lab in parts:
        if lab:
            spans.append((len(text), len(text) + len(s), lab))
        text += s
    return doc(text, spans, "prompts")


class Parts:
    """Text assembled from literal parts and labelled values."""

    def __init__(self):
        self.text, self.spans = "", []

    def t(self, s):
        self.text += s
        return self

    def v(self, label, value):
        self.spans.append((len(self.text), len(self.text) + len(value), label))
        self.text += value
        return self


def structured_record(r, V):
    """Personal data as it sits in everyday structured text: API fixtures, SQL dumps, mail headers,
    changelogs, system logs, config files. Keys, identifiers and numbers stay unlabelled around it."""
    p, q = V.person(), V.person()
    d = Parts()
    kind = r.randrange(7)
    if kind == 0:  # nested JSON user record
        ind = " " * r.choice([2, 4])
        d.t("{\n" + ind + f'"id": {r.randint(1, 500)},\n' + ind + '"name": "').v("NAME", p["full"]).t('",\n')
        d.t(ind + '"username": "').v("USERNAME", p["user"]).t('",\n' + ind + '"email": "').v("EMAIL", p["email"])
        d.t('",\n' + ind + '"address": {\n' + ind * 2 + '"street": "').v("ADDRESS", V.address(True).split(",")[0])
        d.t('",\n' + ind * 2 + f'"zipcode": "{r.randint(10000, 99999)}-{r.randint(1000, 9999)}",\n' + ind * 2)
        d.t(f'"geo": {{"lat": "{r.uniform(-80, 80):.4f}", "lng": "{r.uniform(-170, 170):.4f}"}}\n' + ind + "},\n")
        d.t(ind + '"phone": "').v("PHONE", p["phone"]).t('",\n' + ind + f'"active": {r.choice(["true", "false"])}\n}}')
    elif kind == 1:  # SQL dump rows
        table = r.choice(["customer", "employees", "staff", "contacts"])
        d.t(f"INSERT INTO `{table}` VALUES ")
        for k in range(r.randint(1, 3)):
            x = V.person()
            first, last = x["first"], x["last"]
            if r.random() < 0.4:
                first, last = first.upper(), last.upper()
            d.t(f"({k + 1},{r.randint(1, 9)},'").v("NAME", first).t("','").v("NAME", last).t("','").v("EMAIL", x["email"])
            d.t("','").v("ADDRESS", V.address(True).split(",")[0]).t("','").v("PHONE", x["phone"])
            d.t(f"',{r.randint(0, 1)},'20{r.randint(0, 24):02d}-0{r.randint(1, 9)}-1{r.randint(0, 9)} 22:04:36')")
            d.t(",\n" if k < 2 and r.random() < 0.5 else ";\n")
    elif kind == 2:  # mail headers
        d.t("From: ").v("NAME", p["full"]).t(" <").v("EMAIL", p["email"]).t(">\nTo: ").v("NAME", q["full"]).t(" <")
        d.t("").v("EMAIL", q["email"]).t(">\nSubject: " + r.choice(["Re: invoice", "Weekly sync", "Saying Hello"]))
        d.t(f"\nDate: Mon, {r.randint(1, 28)} Oct 2007 23:45:23 +0000\nMessage-ID: <{r.randint(1000, 99999)}@mail.example>\n\n")
        d.t(r.choice(["Hi ", "Dear ", "Hello "])).v("NAME", q["first"]).t(",\nsee you tomorrow.\n")
    elif kind == 3:  # changelog with handles
        for _ in range(r.randint(2, 4)):
            d.t("* " + r.choice(["Fix encoding of headers", "Add support for XML comments", "Update README",
                                  "Bump version to " + _ver(r)]) + r.choice([" @", " (thanks @", " by @"]))
            d.v("USERNAME", p["user"] if r.random() < 0.5 else V.person()["user"]).t(")\n" if False else "\n")
    elif kind == 4:  # system log lines
        host = f"ip-10-{r.randint(0, 255)}-{r.randint(0, 255)}-{r.randint(0, 255)}"
        for _ in range(r.randint(2, 4)):
            d.t(f"Mar {r.randint(1, 28)} 10:{r.randint(10, 59)}:{r.randint(10, 59)} {host} ")
            x = r.random()
            if x < 0.4:
                d.t(f"sshd[{r.randint(100, 9999)}]: Accepted password for ").v("USERNAME", V.person()["user"])
                d.t(" from ").v("IP_ADDRESS", V.ip()).t(f" port {r.randint(1024, 65535)} ssh2\n")
            elif x < 0.7:
                d.t(f"useradd[{r.randint(100, 999)}]: new user: name=").v("USERNAME", V.person()["user"])
                d.t(f", UID={r.randint(1000, 1100)}, GID={r.randint(1000, 1100)}, home=/home/")
                d.t(f"{r.choice(['dev', 'app'])}, shell=/bin/bash\n")
            else:
                d.t(f"systemd[1]: Started {r.choice(['nginx', 'cron', 'docker'])}.service in {r.randint(1, 900)}ms\n")
    elif kind == 5:  # config with credentials
        d.t(r.choice(["deploy:\n  ", "database:\n  ", "[smtp]\n"]))
        d.t("user: ").v("USERNAME", p["user"]).t("\n  password: ").v("SECRET", V.secret())
        d.t(f"\n  host: db{r.randint(1, 9)}.internal\n  port: {r.choice([5432, 3306, 587])}\n  timeout: {r.randint(1, 60)}\n")
    else:  # CSV export
        d.t("id,first_name,last_name,email,phone,city\n")
        for k in range(r.randint(2, 4)):
            x = V.person()
            d.t(f"{k + 1},").v("NAME", x["first"]).t(",").v("NAME", x["last"]).t(",").v("EMAIL", x["email"]).t(",")
            d.v("PHONE", x["phone"]).t("," + V.city() + "\n")
    return doc(d.text, d.spans, "structured")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "cache", "negatives.jsonl"))
    ap.add_argument("--count", type=int, default=40000, help="documents in all")
    ap.add_argument("--man-pages", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    import generate
    V = generate.Values(random.Random(a.seed), dev=False, banned=set())
    files = stdlib_files()
    n = a.count
    docs = code_chunks(files, rng, int(n * 0.2)) + docstrings(files, rng, int(n * 0.15))
    docs += man_pages(rng, int(n * 0.1), a.man_pages)
    docs += [structured_record(rng, V) for _ in range(int(n * 0.15))]
    prompts = n - len(docs)
    docs += [doc(everyday_prompt(rng), source="prompts") if rng.random() < 0.6 else private_prompt(rng, V)
             for _ in range(prompts)]
    rng.shuffle(docs)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for i, d in enumerate(docs):
            d["id"] = f"neg-{i}"
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    kinds = {}
    for d in docs:
        kinds[d["source"]] = kinds.get(d["source"], 0) + 1
    print(f"{len(docs)} documents -> {a.out}: {kinds}", file=sys.stderr)


if __name__ == "__main__":
    main()
