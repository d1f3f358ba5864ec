"""Fill the English catalogue from tools/en.tsv (Vietnamese msgid <TAB> English); a developer
tool run by `make messages`. The table is the one source: every msgstr is rewritten from it (a
catalogue edited by hand or merged by msgmerge drifts: "Tin báo" had become "Notifications").
A msgid with no English is listed and keeps Vietnamese; the English test fails on it."""

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
    if not msgid:  # the header
        return match.group(0)
    english = table.get(msgid)
    if english is None:
        missing.append(msgid)
        return f'msgid {match.group(1).rstrip()}\nmsgstr ""\n'

    english = english.strip().replace('"', '\\"')
    return f'msgid {match.group(1).rstrip()}\nmsgstr "{english}"\n'


def fill_plural(match: re.Match[str]) -> str:
    """A plural entry: the table gives "one form || other form"."""
    msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))).replace('\\"', '"')
    english = table.get(msgid)
    if english is None:
        missing.append(msgid)
        one = other = ""
    else:
        one, _, other = (e.strip().replace('"', '\\"') for e in english.partition("||"))
    head = f"msgid {match.group(1).rstrip()}\nmsgid_plural {match.group(2).rstrip()}\n"
    return head + f'msgstr[0] "{one}"\nmsgstr[1] "{other or one}"\n'


text = re.sub(r'msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr (?:"(?:[^"\\]|\\.)*"\n)+', fill, text)
text = re.sub(
    r'msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgid_plural ((?:"(?:[^"\\]|\\.)*"\n)+)(?:msgstr\[\d\] (?:"(?:[^"\\]|\\.)*"\n)+)+',  # noqa: E501
    fill_plural,
    text,
)
po.write_text(text, encoding="utf-8")
if missing:
    print("no English yet for:", *missing, sep="\n  ", file=sys.stderr)
