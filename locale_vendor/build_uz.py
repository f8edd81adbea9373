"""Build locale_vendor/uz/LC_MESSAGES/django.po: Uzbek for the strings of Django and allauth that the portal shows.

Their own Uzbek catalogues are incomplete (the admin's and auth's are mostly empty), write month and weekday
names with a capital letter, and mix apostrophes (' ‘ ’ `). This takes every translated message of the
installed catalogues, writes the apostrophes as Uzbek Latin does (ʻ U+02BB in oʻ gʻ, ʼ U+02BC for the
tutuq belgisi), puts month and day names in lower case, and fills the empty ones from uz_manual.py.

Run after upgrading Django or allauth:  .venv/bin/python locale_vendor/build_uz.py
(then `manage.py compile_translations`). LOCALE_PATHS lists this folder after locale/, so the portal's own
catalogue still wins, and makemessages never touches it.
"""

import re
import sys
from importlib import import_module
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from uz_manual import MANUAL  # noqa: E402

SOURCES = [
    ("django", "conf/locale"),
    ("django", "contrib/auth/locale"),
    ("django", "contrib/admin/locale"),
    ("django", "contrib/contenttypes/locale"),
    ("allauth", "locale"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Lower-case names: months (and their alternative and abbreviated forms), weekdays and their abbreviations.
LOWER_CASE = set(MONTHS) | set(DAYS) | {d[:3] for d in DAYS} | {m[:3].lower() for m in MONTHS}
ABBREVIATED_MONTHS = {
    "Jan.": "yan.", "Feb.": "fev.", "March": "mart", "April": "apr.", "May": "may", "June": "iyun",
    "July": "iyul", "Aug.": "avg.", "Sept.": "sen.", "Oct.": "okt.", "Nov.": "noy.", "Dec.": "dek.",
}  # fmt: skip

_OKINA = re.compile(r"(?<=[oOgG])['‘’`ʼ](?=\w)")
_TUTUQ = re.compile(r"(?<=[^\W\d_])(?<![oOgG])['‘’`ʻ](?=[^\W\d_])")


def uzbek_apostrophes(text: str) -> str:
    """oʻ gʻ with U+02BB; an apostrophe between other letters is the tutuq belgisi, U+02BC."""
    return _TUTUQ.sub("ʼ", _OKINA.sub("ʻ", text))


def fixed(entry: polib.POEntry) -> polib.POEntry:
    if entry.msgctxt == "abbrev. month" and entry.msgid in ABBREVIATED_MONTHS:
        entry.msgstr = ABBREVIATED_MONTHS[entry.msgid]
    elif entry.msgid in LOWER_CASE and entry.msgstr:
        entry.msgstr = entry.msgstr.lower()
    entry.msgstr = uzbek_apostrophes(entry.msgstr)
    entry.msgstr_plural = {k: uzbek_apostrophes(v) for k, v in entry.msgstr_plural.items()}
    return entry


def manual(entry: polib.POEntry) -> bool:
    """Fill an empty entry from uz_manual.py; False when there is nothing for it."""
    value = MANUAL.get((entry.msgctxt, entry.msgid)) or MANUAL.get(entry.msgid)
    if value is None:
        return False
    if entry.msgid_plural:
        forms = value if isinstance(value, tuple) else (value, value)
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = value
    return True


def build() -> polib.POFile:
    out = polib.POFile(wrapwidth=0)
    out.metadata = {
        "Project-Id-Version": "rec-portal locale_vendor",
        "Language": "uz",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    missing = []
    for package, folder in SOURCES:
        root = Path(import_module(package).__file__).parent
        path = root / folder / "uz/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or key in seen:
                continue
            seen.add(key)
            entry.occurrences, entry.flags, entry.comment, entry.tcomment = [], [], "", ""
            if not entry.translated() and not manual(entry):
                missing.append(entry.msgid)
                continue
            out.append(fixed(entry))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return out


if __name__ == "__main__":
    target = HERE / "uz" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    catalogue = build()
    catalogue.save(str(target))
    print(f"{target}: {len(catalogue)} messages")
