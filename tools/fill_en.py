"""Fill the English catalogue from tools/en.tsv (Vietnamese msgid <TAB> English); a developer
tool run by `make messages`. Entries with no translation keep Vietnamese (the primary language)."""

import re
import sys
from pathlib import Path

po = Path("locale/en/LC_MESSAGES/django.po")
table = dict(
    line.split("\t", 1)
    for line in Path("tools/en.tsv").read_text(encoding="utf-8").splitlines()
    if "\t" in line
)
text = po.read_text(encoding="utf-8")
missing = []
# msgmerge guesses "fuzzy" translations from similar strings; they are wrong more often than not
# and never compiled: empty them so that the table below fills them (or they stay Vietnamese).
text = re.sub(
    r'#, fuzzy((?:, [\w-]+)*)\n((?:#\|.*\n)*)(msgid (?:".*"\n)+)msgstr (?:".*"\n)+',
    lambda m: (f"#{m.group(1)}\n" if m.group(1) else "") + m.group(3) + 'msgstr ""\n',
    text,
)


def fill(match: re.Match[str]) -> str:
    # A long msgid is wrapped by makemessages over several quoted lines: join them.
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
    msgid = "".join(parts).replace('\\"', '"')
    english = table.get(msgid)
    if english is None:
        if msgid:
            missing.append(msgid)
        return match.group(0)
    english = english.strip().replace('"', '\\"')
    return f'msgid {match.group(1).rstrip()}\nmsgstr "{english}"\n'


text = re.sub(r'msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ""\n(?!")', fill, text)
po.write_text(text, encoding="utf-8")
if missing:
    print("no English yet for:", *missing, sep="\n  ", file=sys.stderr)
