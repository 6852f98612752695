"""Synthetic PII documents with exact character spans (Faker values + templates written here).

    python generate.py --train 60000 --dev 2000 --out cache/

Writes synthetic-train.jsonl and synthetic-dev.jsonl ({"id", "kind", "text", "spans": [[s, e, LABEL]]}).
The dev set measures generalisation: every name/company/place word is drawn from a hash bucket that
the training documents never use (and dev values found verbatim in the given data are rejected), so
no dev value occurs in training.
"""
import argparse
import hashlib
import json
import os
import random
import re
import string

from faker import Faker

from labels import LABELS

LOCALES = ["en_US", "en_GB", "en_IN", "en_AU", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL",
           "pt_BR", "sv_SE", "da_DK", "fi_FI", "cs_CZ", "tr_TR", "ro_RO", "hu_HU", "no_NO", "en_IE"]
WORD = re.compile(r"[^\W\d_]+")
DEV_SHARE = 0.15


def _bucket(word: str) -> float:
    return int(hashlib.md5(word.lower().encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


DIAGNOSES = ["type 2 diabetes", "hypertension", "asthma", "major depressive disorder", "generalized anxiety disorder",
             "migraine", "chronic kidney disease", "COPD", "rheumatoid arthritis", "hypothyroidism", "atrial fibrillation",
             "pneumonia", "bronchitis", "celiac disease", "Crohn's disease", "epilepsy", "multiple sclerosis",
             "Parkinson's disease", "osteoporosis", "psoriasis", "ADHD", "bipolar disorder", "HIV", "hepatitis C",
             "breast cancer", "prostate cancer", "lymphoma", "iron-deficiency anemia", "gout", "sleep apnea",
             "irritable bowel syndrome", "glaucoma", "tonsillitis", "lumbar disc herniation", "ACL tear",
             "concussion", "PTSD", "schizophrenia", "anorexia nervosa", "endometriosis", "gestational diabetes",
             "Lyme disease", "COVID-19", "influenza A", "urinary tract infection", "coronary artery disease"]
MEDICATIONS = ["metformin", "lisinopril", "atorvastatin", "levothyroxine", "amlodipine", "omeprazole",
               "sertraline", "fluoxetine", "ibuprofen", "paracetamol", "amoxicillin", "azithromycin", "insulin glargine",
               "salbutamol", "prednisone", "warfarin", "apixaban", "methotrexate", "adalimumab", "lithium",
               "quetiapine", "escitalopram", "gabapentin", "tramadol", "losartan", "simvastatin", "pantoprazole",
               "montelukast", "cetirizine", "clopidogrel", "bisoprolol", "furosemide", "tamoxifen", "valproate",
               "levetiracetam", "methylphenidate", "bupropion", "doxycycline", "hydrochlorothiazide", "sumatriptan"]
NEGATIVES = ["iPhone 15", "Windows 11", "Python 3.12", "Excel", "Google Docs", "Slack", "Zoom", "Kubernetes",
             "PostgreSQL 16", "Chrome", "macOS Sonoma", "Model 3", "PlayStation 5", "Coca-Cola", "Netflix",
             "version 2.4.1", "v1.0.3", "Q3", "FY2024", "ISO 9001", "HTTP 500", "error 404", "port 8080",
             "Monday", "next week", "tomorrow", "last quarter", "the weekend", "Christmas", "Black Friday",
             "the team", "the customer", "the patient", "our manager", "Dear Sir or Madam", "Jira", "GitHub",
             "AWS", "Linux", "Android 14", "Bluetooth", "Wi-Fi", "USB-C", "PDF", "the README", "SKU 4411"]


class Doc:
    """Text assembled from literal pieces and labelled values, keeping exact spans."""

    def __init__(self):
        self.parts, self.spans, self.n = [], [], 0

    def t(self, s):
        self.parts.append(s)
        self.n += len(s)
        return self

    def v(self, label, value):
        assert label in LABELS, label
        self.spans.append([self.n, self.n + len(value), label])
        return self.t(value)

    def text(self):
        return "".join(self.parts)


class Values:
    def __init__(self, rng: random.Random, dev: bool, banned: set):
        self.rng, self.dev, self.banned = rng, dev, banned
        self.fakers = {}
        for loc in LOCALES:
            f = Faker(loc)
            f.seed_instance(rng.randrange(1 << 30))
            self.fakers[loc] = f

    def f(self, loc=None):
        return self.fakers[loc or self.rng.choice(LOCALES)]

    def _ok(self, value: str) -> bool:
        words = [w for w in WORD.findall(value) if len(w) > 2]
        if not words:
            return True
        dev_words = [w for w in words if _bucket(w) < DEV_SHARE]
        if self.dev:
            return bool(dev_words) and value.lower() not in self.banned
        return not dev_words

    def pick(self, make, tries=60):
        value = make()
        for _ in range(tries):
            if self._ok(value):
                return value
            value = make()
        return value if not self.dev else make()  # rare; dev check below filters docs

    # --- people -------------------------------------------------------------------------------
    def person(self):
        loc = self.rng.choice(LOCALES)
        f = self.f(loc)
        first = self.pick(f.first_name)
        last = self.pick(f.last_name)
        r = self.rng.random()
        if r < 0.08:
            last = last + "-" + self.pick(f.last_name)
        full = f"{first} {last}"
        if r > 0.9:
            full = f"{first} {self.rng.choice(string.ascii_uppercase)}. {last}"
        user = self.rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}", f"{last}{self.rng.randint(1, 99)}",
                                f"{first}{self.rng.randint(70, 2005)}"]).lower()
        user = re.sub(r"[^a-z0-9._]", "", _ascii(user)) or "user" + str(self.rng.randint(1, 9999))
        domain = self.rng.choice([f.free_email_domain(), f.domain_name(), "mail.com", "proton.me", "outlook.com"])
        return {"first": first, "last": last, "full": full, "email": f"{user}@{domain}", "user": user,
                "phone": f.phone_number(), "loc": loc, "title": self.rng.choice(["Mr.", "Ms.", "Dr.", "Mrs.", "Prof."])}

    def org(self):
        f = self.f()
        kind = self.rng.random()
        if kind < 0.55:
            return self.pick(f.company)
        city = self.pick(f.city)
        return self.rng.choice([f"{city} General Hospital", f"University of {city}", f"{city} Savings Bank",
                                f"{self.pick(f.last_name)} & {self.pick(f.last_name)} LLP", f"{city} District Court",
                                f"{self.pick(f.last_name)} Insurance", f"St. {self.pick(f.first_name)}'s Clinic"])

    def city(self):
        return self.pick(self.f().city)

    def country(self):
        return self.pick(self.f().country)

    def address(self, oneline=None):
        f = self.f()
        a = self.pick(f.address)
        if oneline or (oneline is None and self.rng.random() < 0.7):
            a = ", ".join(x.strip() for x in a.split("\n"))
        return a

    def date(self):
        d = self.f().date_between(start_date="-80y", end_date="+2y")
        fmt = self.rng.choice(["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%B %d, %Y", "%d %B %Y", "%d.%m.%Y", "%b %d, %Y",
                               "%d %b %Y", "%A, %B %d, %Y", "%Y/%m/%d"])
        return d.strftime(fmt)

    def time(self):
        h, m = self.rng.randint(0, 23), self.rng.choice([0, 15, 30, 45, self.rng.randint(0, 59)])
        if self.rng.random() < 0.5:
            return f"{h:02d}:{m:02d}"
        return f"{(h % 12) or 12}:{m:02d} {self.rng.choice(['AM', 'PM', 'am', 'pm'])}"

    def money(self):
        x = self.rng.choice([self.rng.uniform(1, 100), self.rng.uniform(100, 5000), self.rng.uniform(5000, 900000)])
        s = f"{x:,.2f}"
        return self.rng.choice([f"${s}", f"€{s}", f"£{s}", f"{s} EUR", f"USD {s}", f"{s.replace(',', ' ')} PLN",
                                f"{x:.2f} CHF", f"${int(x):,}", f"{s.replace(',', '#').replace('.', ',').replace('#', '.')} €"])

    def digits(self, n):
        return "".join(self.rng.choice(string.digits) for _ in range(n))

    def account(self):
        return self.rng.choice([self.digits(self.rng.randint(8, 12)), f"{self.digits(4)}-{self.digits(4)}-{self.digits(2)}",
                                f"{self.digits(3)}-{self.digits(6)}-{self.digits(1)}", "ACC" + self.digits(8)])

    def iban(self):
        i = self.f().iban()
        return " ".join(i[k:k + 4] for k in range(0, len(i), 4)) if self.rng.random() < 0.4 else i

    def card(self):
        c = self.f().credit_card_number()
        if len(c) == 16 and self.rng.random() < 0.5:
            c = self.rng.choice([" ", "-"]).join(c[k:k + 4] for k in range(0, 16, 4))
        return c

    def id_number(self, loc=None):
        f = self.f(loc)
        return self.rng.choice([f.ssn(), f.ssn(), f.passport_number() if hasattr(f, "passport_number") else f.ssn(),
                                f"{self.rng.choice(string.ascii_uppercase)}{self.digits(7)}"])

    def secret(self):
        alnum = string.ascii_letters + string.digits
        rnd = lambda n: "".join(self.rng.choice(alnum) for _ in range(n))
        return self.rng.choice([self.f().password(length=self.rng.randint(8, 16)), "sk-" + rnd(32), "ghp_" + rnd(36),
                                "AKIA" + rnd(16).upper(), rnd(40), "xoxb-" + self.digits(12) + "-" + rnd(24)])

    def ip(self):
        f = self.f()
        return f.ipv4() if self.rng.random() < 0.8 else f.ipv6()

    def url(self, p=None):
        f = self.f()
        if p and self.rng.random() < 0.5:
            return self.rng.choice([f"https://www.linkedin.com/in/{p['user']}", f"https://github.com/{p['user']}",
                                    f"https://twitter.com/{p['user']}"])
        return f.url() + self.rng.choice(["", f.uri_path(), f"profile?id={self.digits(6)}"])

    def position(self):
        return self.f("en_US").job()

    def reference(self):
        p = self.rng.choice(["TCK", "INV", "ORD", "CLM", "POL", "CASE", "TRX", "REF", "PO", "SR"])
        return self.rng.choice([f"{p}-{self.digits(6)}", f"{p}{self.digits(8)}", f"#{self.digits(5)}",
                                f"{p}-{self.rng.randint(2015, 2027)}-{self.digits(4)}",
                                "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))])


NATIONALITIES = ["German", "Brazilian", "Polish", "Nigerian", "Vietnamese", "Turkish", "Mexican", "Swedish", "Indian",
                 "Moroccan", "Ukrainian", "Filipino", "Irish", "Kenyan", "Peruvian", "Egyptian", "Chinese", "Czech",
                 "Syrian", "Ghanaian", "Korean", "Romanian", "Portuguese", "Pakistani", "Hungarian", "Japanese"]
RELIGIONS = ["Catholic", "Protestant", "Muslim", "Sunni Muslim", "Jewish", "Hindu", "Buddhist", "Sikh", "Orthodox Christian",
             "Jehovah's Witness", "Mormon", "atheist", "agnostic", "Evangelical", "Shia Muslim"]
GENDERS = ["female", "male", "non-binary", "F", "M", "woman", "man", "transgender woman", "transgender man"]


def _more_values():
    """Values of the labels appended after the first shipped model (see labels.py)."""

    def age(self):
        n = self.rng.randint(1, 99)
        return self.rng.choice([str(n), f"{n} years old", f"{n}-year-old", f"{n} y/o", f"aged {n}"])

    def vehicle(self):
        f = self.f()
        if self.rng.random() < 0.7:
            return f.license_plate()
        return "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))

    def coordinates(self):
        lat, lon = self.rng.uniform(-70, 70), self.rng.uniform(-170, 170)
        return self.rng.choice([f"{lat:.4f}, {lon:.4f}", f"{lat:.6f},{lon:.6f}", f"{abs(lat):.3f}°{'N' if lat > 0 else 'S'} "
                                f"{abs(lon):.3f}°{'E' if lon > 0 else 'W'}"])

    def mac(self):
        sep = self.rng.choice([":", "-"])
        return sep.join(f"{self.rng.randrange(256):02x}" for _ in range(6))

    def device(self):
        return self.rng.choice([self.digits(15), "SN-" + self.digits(4) + "-" + self.digits(6),
                                "-".join(f"{self.rng.randrange(16 ** 4):04X}" for _ in range(4))])

    def bic(self):
        f = self.f()
        return f.swift(length=self.rng.choice([8, 11])) if hasattr(f, "swift") else "DEUTDEFF" + self.digits(3)

    for fn in (age, vehicle, coordinates, mac, device, bic):
        setattr(Values, fn.__name__, fn)


_more_values()


def _ascii(s):
    import unicodedata
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# --- document kinds --------------------------------------------------------------------------------
# Each takes (V: Values, rng) and returns a Doc. Every mention of a value is written through d.v, so a
# name repeated later (full or first name only) is labelled each time.

def k_chat(V, r):
    p, q = V.person(), V.person()
    d = Doc()
    d.t(r.choice(["Can you help me write ", "Please draft ", "Write ", "I need ", "hey, can u write "]))
    d.t(r.choice(["a polite reply to ", "an email to ", "a message for ", "a complaint to "]))
    d.v("NAME", q["full"]).t(r.choice([" at ", " from ", " who works at "])).v("ORGANIZATION", V.org())
    d.t(r.choice([". Her email is ", ". His address: ", ". Contact: "])).v("EMAIL", q["email"])
    d.t(r.choice([". Say that I (", ". Mention that I, "])).v("NAME", p["full"])
    d.t(r.choice([") will be late for the meeting on ", ", cannot attend on "])).v("DATE", V.date())
    d.t(r.choice([" at ", " around "])).v("TIME", V.time())
    d.t(r.choice([". Sign it with my phone ", ". My number is "])).v("PHONE", p["phone"]).t(".")
    if r.random() < 0.5:
        d.t(r.choice([" Also remind ", " Tell "])).v("NAME", q["first"]).t(" about the invoice ").v("REFERENCE", V.reference())
        d.t(" of ").v("MONEY", V.money()).t(".")
    return d


def k_email(V, r):
    p, q = V.person(), V.person()
    org = V.org()
    d = Doc()
    d.t("From: ").v("NAME", p["full"]).t(" <").v("EMAIL", p["email"]).t(">\nTo: ").v("NAME", q["full"]).t(" <")
    d.v("EMAIL", q["email"]).t(">\nDate: ").v("DATE", V.date()).t("\nSubject: ")
    d.t(r.choice(["Re: contract renewal", "Quick question", "Meeting notes", "Invoice overdue", "Your application"]))
    d.t("\n\n" + r.choice(["Hi ", "Dear ", "Hello "])).v("NAME", r.choice([q["first"], q["title"] + " " + q["last"]]))
    d.t(",\n\n" + r.choice(["Thanks for your message. ", "Following up on our call. ", ""]))
    d.t(r.choice(["Could you send the signed copy to our office at ", "Please forward the documents to ", "We moved to "]))
    d.v("ADDRESS", V.address()).t(r.choice([" by ", " before "])).v("DATE", V.date()).t("? ")
    d.t(r.choice(["You can also call me on ", "My direct line is "])).v("PHONE", p["phone"]).t(".\n\n")
    d.t(r.choice(["Best regards,\n", "Kind regards,\n", "Cheers,\n"])).v("NAME", p["first"] if r.random() < 0.5 else p["full"])
    d.t("\n").v("POSITION", V.position()).t(", ").v("ORGANIZATION", org)
    return d


def k_ticket(V, r):
    p = V.person()
    d = Doc()
    d.t(f"Ticket ").v("REFERENCE", V.reference()).t(" | Priority: " + r.choice(["High", "Low", "Medium"]) + "\n")
    d.t("Customer: ").v("NAME", p["full"]).t(" (").v("USERNAME", p["user"]).t(")\nEmail: ").v("EMAIL", p["email"])
    d.t("\nIssue: " + r.choice(["Cannot log in after the update to ", "App crashes on ", "Billing error with "]))
    d.t(r.choice(NEGATIVES)).t(". Last login from ").v("IP_ADDRESS", V.ip()).t(" on ").v("DATE", V.date())
    d.t(".\nAgent note: called ").v("PHONE", p["phone"]).t(", customer confirmed card ending ").v("CREDIT_CARD", V.card())
    d.t(".\n")
    return d


def k_cv(V, r):
    p = V.person()
    d = Doc()
    d.v("NAME", p["full"].upper() if r.random() < 0.3 else p["full"]).t("\n").v("ADDRESS", V.address()).t("\n")
    d.v("PHONE", p["phone"]).t(" | ").v("EMAIL", p["email"]).t(" | ").v("URL", V.url(p)).t("\n\nEXPERIENCE\n")
    for _ in range(r.randint(1, 3)):
        d.v("POSITION", V.position()).t(", ").v("ORGANIZATION", V.org()).t(", ").v("LOCATION", V.city())
        d.t(" (").v("DATE", V.date()).t(" – ").v("DATE", V.date()).t(")\n- Led a team of " + str(r.randint(2, 30)) + " using ")
        d.t(r.choice(NEGATIVES)).t("\n")
    d.t("\nEDUCATION\n").v("ORGANIZATION", V.org()).t(", ").v("DATE", V.date()).t("\nDate of birth: ").v("DATE", V.date())
    return d


def k_medical(V, r):
    p, doc = V.person(), V.person()
    d = Doc()
    d.t(r.choice(["Patient: ", "PATIENT NAME: ", "Pt: "])).v("NAME", p["full"]).t("\nDOB: ").v("DATE", V.date())
    d.t("\nMRN: ").v("ID_NUMBER", V.id_number()).t("\nAttending: Dr. ").v("NAME", doc["last"] if r.random() < 0.5 else doc["full"])
    d.t(" (").v("ORGANIZATION", V.org()).t(")\n\nAssessment: ").v("NAME", p["first"]).t(" presents with ")
    d.t(r.choice(["worsening ", "a history of ", "newly diagnosed ", ""])).v("DIAGNOSIS", r.choice(DIAGNOSES))
    d.t(r.choice([" and ", " complicated by "])).v("DIAGNOSIS", r.choice(DIAGNOSES)).t(".\nPlan: start ")
    d.v("MEDICATION", r.choice(MEDICATIONS)).t(f" {r.choice([5, 10, 20, 50, 100, 500])} mg " + r.choice(["daily", "bid", "twice a day"]))
    d.t(", continue ").v("MEDICATION", r.choice(MEDICATIONS)).t(". Follow-up on ").v("DATE", V.date()).t(" at ").v("TIME", V.time())
    d.t(".\nEmergency contact: ").v("NAME", V.person()["full"]).t(", ").v("PHONE", V.person()["phone"]).t("\n")
    return d


def k_bank(V, r):
    p = V.person()
    d = Doc()
    d.v("ORGANIZATION", V.org()).t(" — Statement\nAccount holder: ").v("NAME", p["full"]).t("\n").v("ADDRESS", V.address())
    d.t("\nAccount no.: ").v("ACCOUNT", V.account()).t("\nIBAN: ").v("IBAN", V.iban()).t("\nPeriod: ").v("DATE", V.date())
    d.t(" to ").v("DATE", V.date()).t("\n\nDate        Description                 Amount\n")
    for _ in range(r.randint(2, 5)):
        d.v("DATE", V.date()).t("  " + r.choice(["Card payment ", "Transfer to ", "Direct debit ", "ATM "]))
        if r.random() < 0.5:
            d.v("NAME", V.person()["full"])
        else:
            d.t(r.choice(["Amazon", "Tesco", "Shell", "Uber", "Spotify", "rent"]))
        d.t("  ").v("MONEY", V.money()).t("\n")
    d.t("Closing balance: ").v("MONEY", V.money()).t("\n")
    return d


def k_invoice(V, r):
    p = V.person()
    d = Doc()
    d.t("INVOICE ").v("REFERENCE", V.reference()).t("\nIssued: ").v("DATE", V.date()).t("\nBill to: ").v("NAME", p["full"])
    d.t(", ").v("ORGANIZATION", V.org()).t("\n").v("ADDRESS", V.address(True)).t("\nVAT ID: ").v("ID_NUMBER", V.id_number())
    d.t(f"\n\n{r.randint(1, 20)} x {r.choice(NEGATIVES)} licence .... ").v("MONEY", V.money())
    d.t("\nTotal due: ").v("MONEY", V.money()).t("\nPay to IBAN ").v("IBAN", V.iban()).t(" by ").v("DATE", V.date()).t("\n")
    return d


def k_claim(V, r):
    p = V.person()
    d = Doc()
    d.t("Insurance claim ").v("REFERENCE", V.reference()).t(" under policy ").v("REFERENCE", V.reference())
    d.t("\nPolicyholder: ").v("NAME", p["full"]).t(", born ").v("DATE", V.date()).t("\nIncident: on ").v("DATE", V.date())
    d.t(" near ").v("LOCATION", V.city()).t(", the insured vehicle (plate ").v("VEHICLE_ID", V.vehicle())
    d.t(") was hit by a car driven by ").v("NAME", V.person()["full"]).t(". Estimated damage: ").v("MONEY", V.money())
    d.t(".\nContact the claimant at ").v("PHONE", p["phone"]).t(" or ").v("EMAIL", p["email"]).t(".\n")
    return d


def k_legal(V, r):
    p, q = V.person(), V.person()
    d = Doc()
    d.v("ORGANIZATION", V.org()).t("\n").v("ADDRESS", V.address(False)).t("\n\n").v("DATE", V.date()).t("\n\nRe: ")
    d.v("NAME", q["full"]).t(" v. ").v("ORGANIZATION", V.org()).t(", Case No. ").v("REFERENCE", V.reference())
    d.t("\n\nDear ").v("NAME", p["title"] + " " + p["last"]).t(",\n\nWe act for our client, ").v("NAME", q["full"])
    d.t(r.choice([", in relation to the termination of employment on ", ", regarding the lease dated "])).v("DATE", V.date())
    d.t(". Our client's national insurance number is ").v("ID_NUMBER", V.id_number()).t(". Unless we receive ")
    d.v("MONEY", V.money()).t(" within 14 days, we will issue proceedings in the ").v("ORGANIZATION", V.org()).t(".\n\nYours sincerely,\n")
    d.v("NAME", V.person()["full"]).t("\n").v("POSITION", V.position())
    return d


def k_hr(V, r):
    p = V.person()
    d = Doc()
    d.t("EMPLOYEE RECORD\nName: ").v("NAME", p["full"]).t("\nEmployee ID: ").v("ID_NUMBER", "E" + V.digits(6))
    d.t("\nSSN: ").v("ID_NUMBER", V.id_number(p["loc"])).t("\nPosition: ").v("POSITION", V.position())
    d.t("\nStart date: ").v("DATE", V.date()).t("\nSalary: ").v("MONEY", V.money()).t(" per year\nManager: ")
    d.v("NAME", V.person()["full"]).t("\nHome address: ").v("ADDRESS", V.address()).t("\nBank account: ").v("ACCOUNT", V.account())
    d.t("\nNotes: ").v("NAME", p["first"])
    if r.random() < 0.4:
        d.t(" was on sick leave due to ").v("DIAGNOSIS", r.choice(DIAGNOSES)).t(".\n")
    else:
        d.t(r.choice([" requested parental leave.\n", " completed the onboarding.\n"]))
    return d


def k_meeting(V, r):
    ps = [V.person() for _ in range(r.randint(2, 4))]
    d = Doc()
    d.t("Meeting notes – ").v("DATE", V.date()).t(", ").v("TIME", V.time()).t("\nAttendees: ")
    for i, p in enumerate(ps):
        d.t(", " if i else "").v("NAME", p["full"])
    d.t("\n\n1. ").v("NAME", ps[0]["first"]).t(" presented the " + r.choice(NEGATIVES) + " roadmap.\n2. ")
    d.v("NAME", ps[1]["first"]).t(" will contact ").v("ORGANIZATION", V.org()).t(" about the ").v("MONEY", V.money())
    d.t(" budget.\n3. Next meeting in ").v("LOCATION", V.city()).t(" on ").v("DATE", V.date()).t(".\n")
    return d


def k_social(V, r):
    p = V.person()
    d = Doc()
    d.v("USERNAME", "@" + p["user"]).t(": " + r.choice(["just landed in ", "loving the weather in ", "moving to "]))
    d.v("LOCATION", V.city()).t(r.choice(["!! ", " :) ", ". "])).t(r.choice(["shoutout to ", "thanks ", "miss u "]))
    d.v("USERNAME", "@" + V.person()["user"]).t(r.choice([" #travel", " #blessed", "", " lol"]))
    if r.random() < 0.4:
        d.t(" dm me or call ").v("PHONE", p["phone"])
    return d


def k_code(V, r):
    d = Doc()
    style = r.random()
    if style < 0.4:
        d.t("import os\n\nDB_HOST = \"").v("IP_ADDRESS", V.ip()).t("\"\nDB_USER = \"").v("USERNAME", V.person()["user"])
        d.t("\"\nDB_PASSWORD = \"").v("SECRET", V.secret()).t("\"\nAPI_KEY = os.getenv(\"API_KEY\", \"").v("SECRET", V.secret())
        d.t("\")\n# maintainer: ").v("NAME", V.person()["full"]).t(" <").v("EMAIL", V.person()["email"]).t(">\n")
    elif style < 0.7:
        d.t("export AWS_SECRET_ACCESS_KEY=").v("SECRET", V.secret()).t("\ncurl -H \"Authorization: Bearer ")
        d.v("SECRET", V.secret()).t("\" ").v("URL", V.url()).t("\n")
    else:
        d.t("version: '3'\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ")
        d.v("USERNAME", V.person()["user"]).t("\n      POSTGRES_PASSWORD: ").v("SECRET", V.secret()).t("\n")
    return d


def k_json(V, r):
    p = V.person()
    d = Doc()
    q = '"'
    d.t("{" + q + "id" + q + ": " + str(r.randint(1, 99999)) + ", " + q + "name" + q + ": " + q).v("NAME", p["full"])
    d.t(q + ", " + q + "email" + q + ": " + q).v("EMAIL", p["email"]).t(q + ", " + q + "phone" + q + ": " + q)
    d.v("PHONE", p["phone"]).t(q + ", " + q + "dob" + q + ": " + q).v("DATE", V.date()).t(q + ", " + q + "city" + q + ": " + q)
    d.v("LOCATION", V.city()).t(q + ", " + q + "card" + q + ": " + q).v("CREDIT_CARD", V.card()).t(q + ", " + q + "plan" + q)
    d.t(": " + q + r.choice(["pro", "free", "team"]) + q + "}")
    return d


def k_csv(V, r):
    d = Doc()
    d.t("name,email,phone,city,signup_date,ip\n")
    for _ in range(r.randint(2, 5)):
        p = V.person()
        d.v("NAME", p["full"]).t(",").v("EMAIL", p["email"]).t(",").v("PHONE", p["phone"]).t(",").v("LOCATION", V.city())
        d.t(",").v("DATE", V.date()).t(",").v("IP_ADDRESS", V.ip()).t("\n")
    return d


def k_sql(V, r):
    p = V.person()
    d = Doc()
    d.t("INSERT INTO customers (full_name, email, iban, address) VALUES ('").v("NAME", p["full"]).t("', '")
    d.v("EMAIL", p["email"]).t("', '").v("IBAN", V.iban()).t("', '").v("ADDRESS", V.address(True)).t("');\n")
    d.t("SELECT * FROM orders WHERE customer_email = '").v("EMAIL", p["email"]).t("' AND order_ref = '").v("REFERENCE", V.reference())
    d.t("';")
    return d


def k_log(V, r):
    d = Doc()
    for _ in range(r.randint(2, 6)):
        d.t("2024-0" + str(r.randint(1, 9)) + "-1" + str(r.randint(0, 9)) + "T" + f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z ")
        d.t(r.choice(["INFO ", "WARN ", "ERROR "]))
        x = r.random()
        if x < 0.35:
            d.t("login ok user=").v("USERNAME", V.person()["user"]).t(" ip=").v("IP_ADDRESS", V.ip())
        elif x < 0.6:
            d.t("GET ").v("URL", V.url()).t(" 200 from ").v("IP_ADDRESS", V.ip())
        elif x < 0.8:
            d.t("password reset sent to ").v("EMAIL", V.person()["email"])
        else:
            d.t(r.choice(NEGATIVES) + " health check passed in " + str(r.randint(1, 900)) + "ms")
        d.t("\n")
    return d


def k_form(V, r):
    p = V.person()
    d = Doc()
    fields = [("First name", "NAME", p["first"]), ("Last name", "NAME", p["last"]), ("Date of birth", "DATE", V.date()),
              ("Passport no.", "ID_NUMBER", V.id_number(p["loc"])), ("Street address", "ADDRESS", V.address(True)),
              ("Mobile", "PHONE", p["phone"]), ("E-mail", "EMAIL", p["email"]), ("Employer", "ORGANIZATION", V.org()),
              ("Occupation", "POSITION", V.position()), ("Username", "USERNAME", p["user"]), ("Password", "SECRET", V.secret())]
    r.shuffle(fields)
    for name, lab, val in fields[: r.randint(4, len(fields))]:
        d.t(name + r.choice([": ", " - ", ":\t", " = "])).v(lab, val).t("\n")
    return d


def k_news(V, r):
    d = Doc()
    p = V.person()
    d.v("NAME", p["full"]).t(r.choice([", the newly appointed ", ", former ", ", "])).v("POSITION", V.position())
    d.t(" of ").v("ORGANIZATION", V.org()).t(r.choice([", said on ", ", announced on "])).v("DATE", V.date())
    d.t(" that the company will open a new office in ").v("LOCATION", V.city()).t(", ").v("LOCATION", V.country())
    d.t(". " + r.choice(["Shares rose 3 percent.", "The move follows the launch of " + r.choice(NEGATIVES) + ".", ""]))
    if r.random() < 0.5:
        d.t(" ").v("NAME", p["last"]).t(" told reporters the deal was worth ").v("MONEY", V.money()).t(".")
    return d


def k_sports(V, r):
    d = Doc()
    a, b = V.person(), V.person()
    d.v("NAME", a["last"] if r.random() < 0.5 else a["full"]).t(" scored twice as ").v("ORGANIZATION", V.city() + " " + r.choice(["United", "FC", "Rovers", "City"]))
    d.t(" beat ").v("ORGANIZATION", V.city() + " " + r.choice(["Athletic", "Wanderers", "SC"])).t(" 3-1 in ").v("LOCATION", V.city())
    d.t(" on " + r.choice(["Saturday", "Sunday", "Wednesday night"]) + ". Coach ").v("NAME", b["full"]).t(" praised the defence.")
    return d


def k_encyclopedia(V, r):
    d = Doc()
    p = V.person()
    d.v("NAME", p["full"]).t(" (born ").v("DATE", V.date()).t(" in ").v("LOCATION", V.city()).t(") is a ")
    d.t(r.choice(["German ", "Brazilian ", "Polish ", "Irish ", ""])).t(r.choice(["painter", "physicist", "novelist", "politician"]))
    d.t(". After studying at the ").v("ORGANIZATION", V.org()).t(", ").v("NAME", p["last"]).t(" moved to ").v("LOCATION", V.country())
    d.t(".")
    return d


def k_negative(V, r):
    d = Doc()
    d.t(r.choice(["How do I upgrade to ", "Compare ", "Summarize the release notes of ", "Is ", "Write a haiku about "]))
    d.t(r.choice(NEGATIVES)).t(r.choice([" and ", " vs ", " or "])).t(r.choice(NEGATIVES))
    d.t(r.choice(["?", " for the team.", " before next week.", ". Thanks!"]))
    return d


def k_thread(V, r):
    p, q = V.person(), V.person()
    d = Doc()
    for i in range(r.randint(2, 4)):
        a, b = (p, q) if i % 2 == 0 else (q, p)
        d.t("On ").v("DATE", V.date()).t(", ").v("NAME", a["full"]).t(" <").v("EMAIL", a["email"]).t("> wrote:\n> ")
        d.v("NAME", b["first"]).t(r.choice([", see attached. ", ", any update? ", ", the account "]))
        if r.random() < 0.5:
            d.v("ACCOUNT", V.account()).t(" is blocked. ")
        d.t("\n\n")
    return d


def k_transcript(V, r):
    """A support or group chat log. The "[10:08 AM]" stamps are message metadata, not values (the
    contextual-anonymizer data never tags them): only times inside a message are TIME."""
    p, q = V.person(), V.person()
    roles = r.choice([("Customer", "Support"), ("Client", "Agent"), None])
    h, m, half = r.randint(1, 12), r.randint(0, 50), r.choice(["AM", "PM"])
    d = Doc()
    lines = [("a", "Hi, this is "), ("b", "Hello "), ("a", "My email is "), ("b", "Thanks! Can we call you at "),
             ("a", "Sure, let's say "), ("b", "Your reference is "), ("a", "Great, thank you!")]
    for i, (who, text) in enumerate(lines[:r.randint(3, len(lines))]):
        m += r.randint(0, 4)
        stamp = f"{h}:{m % 60:02d} {half}"
        d.t(("\n" if i else "") + r.choice(["[{}] ", "{} - ", "({}) "]).format(stamp))
        a, b = (p, q) if who == "a" else (q, p)
        if roles:
            d.t(roles[0] if who == "a" else roles[1])
        else:
            d.v("NAME", a["first"])
        d.t(": " + text)
        if text.startswith("Hi,"):
            d.v("NAME", a["full"]).t(".")
        elif text.startswith("Hello"):
            d.v("NAME", b["first"]).t(", how can I help?")
        elif text.startswith("My email"):
            d.v("EMAIL", a["email"])
            if r.random() < 0.5:
                d.t(" and my account is ").v("ACCOUNT", V.account())
            d.t(".")
        elif "call you" in text:
            d.v("PHONE", a["phone"]).t("?")
        elif "let's say" in text:
            d.v("TIME", V.time()).t(r.choice([" on ", " before "])).v("DATE", V.date()).t(".")
        elif "reference" in text:
            d.v("REFERENCE", V.reference()).t(".")
    return d


def k_profile(V, r):
    """Special-category data (GDPR art. 9) in a dating/social/HR profile."""
    p = V.person()
    d = Doc()
    d.t(r.choice(["Profile\n", "About me\n", "Applicant details\n"])).t("Name: ").v("NAME", p["full"]).t("\nAge: ").v("AGE", V.age())
    d.t("\nGender: ").v("GENDER", r.choice(GENDERS)).t("\nNationality: ").v("NATIONALITY", r.choice(NATIONALITIES))
    if r.random() < 0.6:
        d.t("\nReligion: ").v("RELIGION", r.choice(RELIGIONS))
    d.t("\nLives in ").v("LOCATION", V.city()).t("\n")
    if r.random() < 0.5:
        d.t("Bio: ").t(r.choice(["I'm a ", "Proud ", "Just a "])).v("AGE", V.age()).t(" ").v("NATIONALITY", r.choice(NATIONALITIES))
        d.t(r.choice([" nurse", " engineer", " dad", " student"])).t(" who loves " + r.choice(NEGATIVES) + ".\n")
    return d


def k_device(V, r):
    d = Doc()
    p = V.person()
    d.t("Device report for ").v("NAME", p["full"]).t("\nIMEI: ").v("DEVICE_ID", V.device()).t("\nMAC: ").v("MAC_ADDRESS", V.mac())
    d.t("\nLast location: ").v("COORDINATES", V.coordinates()).t(" (").v("LOCATION", V.city()).t(")\nIP: ").v("IP_ADDRESS", V.ip())
    d.t("\nOS: " + r.choice(NEGATIVES) + "\n")
    return d


def k_wire(V, r):
    p, q = V.person(), V.person()
    d = Doc()
    d.t("Please wire ").v("MONEY", V.money()).t(" to ").v("NAME", q["full"]).t(", IBAN ").v("IBAN", V.iban()).t(", BIC ")
    d.v("BIC", V.bic()).t(r.choice([", reference ", ", ref. "])).v("REFERENCE", V.reference()).t(". Thanks, ").v("NAME", p["first"])
    return d


def k_vehicle(V, r):
    p = V.person()
    d = Doc()
    d.t(r.choice(["Parking ticket: vehicle ", "Rental agreement, car ", "Service record for "])).v("VEHICLE_ID", V.vehicle())
    d.t(" registered to ").v("NAME", p["full"]).t(", ").v("ADDRESS", V.address(True)).t(". Driver is ").v("AGE", V.age())
    d.t(". Spotted at ").v("COORDINATES", V.coordinates()).t(" on ").v("DATE", V.date()).t(".")
    return d


KINDS = {name[2:]: fn for name, fn in globals().items() if name.startswith("k_")}


def variant(doc: Doc, rng: random.Random):
    """Case variants keep every span: applied only when the transform keeps the length."""
    text = doc.text()
    x = rng.random()
    if x < 0.05:
        new = text.upper()
    elif x < 0.1:
        new = text.lower()
    else:
        return text
    return new if len(new) == len(text) else text


def _typo(word, rng):
    i = rng.randrange(len(word) - 1)
    op = rng.random()
    if op < 0.4:  # swap neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op < 0.7:  # drop a letter
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]  # double a letter


def add_typos(text, spans, rng, rate):
    """Typos in the literal text between values (people type fast); spans are shifted accordingly."""
    out, new_spans, pos = [], [], 0
    for s, e, lab in sorted(spans):
        out.append(re.sub(r"[A-Za-z]{4,}", lambda m: _typo(m.group(), rng) if rng.random() < rate else m.group(),
                          text[pos:s]))
        start = sum(map(len, out))
        out.append(text[s:e])
        new_spans.append([start, start + e - s, lab])
        pos = e
    out.append(re.sub(r"[A-Za-z]{4,}", lambda m: _typo(m.group(), rng) if rng.random() < rate else m.group(), text[pos:]))
    return "".join(out), new_spans


def generate(n, seed, dev, banned, prefix):
    rng = random.Random(seed)
    V = Values(rng, dev, banned)
    kinds = sorted(KINDS)
    out = []
    while len(out) < n:
        kind = rng.choice(kinds)
        doc = KINDS[kind](V, rng)
        text = variant(doc, rng)
        spans = doc.spans
        if rng.random() < 0.25:
            text, spans = add_typos(text, spans, rng, rate=rng.choice([0.03, 0.08, 0.15]))
        if dev and any(V._ok(text[s:e]) is False for s, e, lab in spans if lab in ("NAME", "ORGANIZATION", "LOCATION")):
            continue
        out.append({"id": f"{prefix}-{len(out)}", "kind": kind, "text": text, "spans": spans})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--dev", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache"))
    ap.add_argument("--data-dir", default=None)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    banned = set()
    try:
        import data
        exs, _ = data.load_all(data.data_dir(args.data_dir))
        banned = {ex["text"][s:e].lower() for ex in exs for s, e, _ in ex["spans"]}
    except FileNotFoundError:
        pass
    for name, n, dev in (("dev", args.dev, True), ("train", args.train, False)):
        docs = generate(n, args.seed + (1000 if dev else 0), dev, banned, f"syn-{name}")
        with open(os.path.join(args.out, f"synthetic-{name}.jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(name, len(docs))


if __name__ == "__main__":
    main()
