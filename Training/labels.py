"""Label inventory of the Veil PII tagger and the synonym map applied to every data source.

The tagger predicts BIO tags over tokens: id 0 is "O", then B-/I- for each label in LABELS order
(num_labels = 1 + 2 * len(LABELS)). The order is part of the shipped model (config.json id2label),
so only ever APPEND new labels.
"""

LABELS = [
    "NAME",          # people (incl. doctors, signatories, @handles of people in real text)
    "ORGANIZATION",  # companies, banks, schools, hospitals, insurers, courts, teams
    "LOCATION",      # cities, countries, regions, landmarks
    "ADDRESS",       # street addresses (street, number, postcode, city when written as an address)
    "EMAIL",
    "PHONE",
    "DATE",          # dates of birth, appointment dates, any concrete calendar date
    "TIME",
    "MONEY",         # amounts with or without currency (contextual data calls it CURRENCY)
    "ACCOUNT",       # bank / customer account numbers (not IBAN)
    "IBAN",
    "CREDIT_CARD",
    "ID_NUMBER",     # national ids, SSN, PESEL, NIP, passport, driver licence, tax ids
    "USERNAME",
    "SECRET",        # passwords, API keys, tokens
    "IP_ADDRESS",
    "URL",
    "POSITION",      # job titles
    "DIAGNOSIS",
    "MEDICATION",
    "REFERENCE",     # ticket / order / transaction / claim / policy / case numbers
    # Appended after the first shipped model (which knows the 21 labels above; its config.json
    # veil_labels lists what a given model supports).
    "AGE",
    "GENDER",
    "NATIONALITY",   # nationality / ethnic origin (GDPR art. 9 special category)
    "RELIGION",
    "VEHICLE_ID",    # licence plates, VINs
    "COORDINATES",   # GPS coordinates
    "MAC_ADDRESS",
    "DEVICE_ID",     # IMEI, serial numbers, advertising ids
    "BIC",           # SWIFT / BIC bank codes
]

# Synonyms seen in the data (contextual-anonymizer tags, SGD slots) or likely in requests.
SYNONYMS = {
    "PERSON": "NAME", "PER": "NAME", "DOCTOR": "NAME", "PATIENT": "NAME", "FULL_NAME": "NAME",
    "COMPANY": "ORGANIZATION", "ORG": "ORGANIZATION", "SCHOOL": "ORGANIZATION", "UNIVERSITY": "ORGANIZATION",
    "INSURER": "ORGANIZATION", "BANK": "ORGANIZATION", "BANK_NAME": "ORGANIZATION", "MERCHANT": "ORGANIZATION",
    "HOSPITAL": "ORGANIZATION", "COURT": "ORGANIZATION", "INSTITUTE": "ORGANIZATION", "STORE": "ORGANIZATION",
    "RESTAURANT": "ORGANIZATION", "HOTEL_NAME": "ORGANIZATION",
    "LOC": "LOCATION", "CITY": "LOCATION", "STATE": "LOCATION", "COUNTRY": "LOCATION", "LANDMARK": "LOCATION",
    "STREET": "ADDRESS", "ZIP": "ADDRESS", "STREET_ADDRESS": "ADDRESS",
    "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE",
    "CURRENCY": "MONEY", "AMOUNT": "MONEY",
    "BANK_ACCOUNT": "ACCOUNT", "ACCOUNT_NUMBER": "ACCOUNT",
    "PESEL": "ID_NUMBER", "NIP": "ID_NUMBER", "SSN": "ID_NUMBER", "PASSPORT": "ID_NUMBER",
    "NATIONAL_ID": "ID_NUMBER",
    "MENTION": "USERNAME", "PASSWORD": "SECRET", "API_KEY": "SECRET", "TOKEN": "SECRET",
    "IP": "IP_ADDRESS", "LINK": "URL", "JOB_TITLE": "POSITION",
    "TICKET_ID": "REFERENCE", "TRANSACTION_ID": "REFERENCE", "ORDER_NUMBER": "REFERENCE", "CLAIM_ID": "REFERENCE",
    "POLICY_NUMBER": "REFERENCE", "CASE_NUMBER": "REFERENCE", "CASE_ID": "REFERENCE", "THREAD_ID": "REFERENCE",
    "FLIGHT_ID": "REFERENCE", "FLIGHT_NUMBER": "REFERENCE", "SUBSCRIPTION_ID": "REFERENCE", "CHAT_ID": "REFERENCE",
    "CLIENT_NAME": "NAME", "COMPANY_NAME": "ORGANIZATION", "UNIVERSITY_NAME": "ORGANIZATION",
    "RESTAURANT_NAME": "ORGANIZATION", "GYM_NAME": "ORGANIZATION",
    "SEX": "GENDER", "ETHNICITY": "NATIONALITY", "LICENSE_PLATE": "VEHICLE_ID", "PLATE": "VEHICLE_ID",
    "VIN": "VEHICLE_ID", "GPS": "COORDINATES", "GEO": "COORDINATES", "IMEI": "DEVICE_ID",
    "SERIAL_NUMBER": "DEVICE_ID", "SWIFT": "BIC", "SWIFT_CODE": "BIC",
}


def canonical(label: str):
    """Maps a source label to the inventory, or None when the label is outside it."""
    label = label.strip().strip("[]").upper()
    if label in LABELS:
        return label
    return SYNONYMS.get(label)


def id2label():
    out = {0: "O"}
    for i, name in enumerate(LABELS):
        out[1 + 2 * i] = f"B-{name}"
        out[2 + 2 * i] = f"I-{name}"
    return out


def prompt(labels) -> str:
    """Instruction prefix; the text follows it directly. Kept identical in Swift (see MODEL_CARD.md)."""
    return "labels: " + ", ".join(labels) + " text: "


# The labels Veil's model serves when a request names none (exported as config.json veil_default_labels):
# personal data that patterns alone miss or cannot validate. Training prompts use exactly this list often
# (train_tagger.DEFAULT_PROMPT_SHARE), so the prompt users get by default is one the model knows well.
DEFAULT_LABELS = ["NAME", "ADDRESS", "EMAIL", "PHONE", "ACCOUNT", "IBAN", "CREDIT_CARD", "ID_NUMBER", "USERNAME",
                  "SECRET", "IP_ADDRESS"]
