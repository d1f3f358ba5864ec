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


def fill(match: re.Match[str]) -> str:
    msgid = match.group(1).replace('\\"', '"')
    english = table.get(msgid)
    if english is None:
        if msgid:
            missing.append(msgid)
        return match.group(0)
    english = english.strip().replace('"', '\\"')
    return f'msgid "{match.group(1)}"\nmsgstr "{english}"'


text = re.sub(r'msgid "((?:[^"\\]|\\.)*)"\nmsgstr ""', fill, text)
text = text.replace("#, fuzzy\n", "", 1)
po.write_text(text, encoding="utf-8")
if missing:
    print("no English yet for:", *missing, sep="\n  ", file=sys.stderr)
