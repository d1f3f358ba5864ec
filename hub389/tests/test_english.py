"""English that is English: the catalogue is complete (no empty or fuzzy entry), current (every
string of the code and templates is in it), compiled, consistent in its placeholders, and the
words that were wrong ("Tin báo" as "Notifications") stay right."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")


@dataclass
class Entry:
    msgid: str
    msgstrs: list[str]
    fuzzy: bool
    plural: bool


def entries(text: str) -> list[Entry]:
    """The catalogue's entries: msgid, msgstr (or plural forms), flags."""
    out: list[Entry] = []
    for block in text.split("\n\n"):
        lines = block.strip().split("\n")
        flags = " ".join(line for line in lines if line.startswith("#,"))
        body = "\n".join(line for line in lines if not line.startswith("#"))
        found = re.match(r'msgid ((?:".*"\n?)+)(?:msgid_plural ((?:".*"\n?)+))?', body)
        if not found:
            continue
        msgid = _unquote(found.group(1))
        if found.group(2):
            strs = [_unquote(m) for m in re.findall(r'msgstr\[\d\] ((?:".*"\n?)+)', body)]
        else:
            strs = [_unquote(re.search(r'msgstr ((?:".*"\n?)+)', body).group(1))]  # type: ignore[union-attr]
        out.append(Entry(msgid, strs, "fuzzy" in flags, bool(found.group(2))))
    return [e for e in out if e.msgid]


CATALOGUE = entries(PO.read_text(encoding="utf-8"))


def test_every_entry_has_an_english_that_is_not_fuzzy() -> None:
    empty = [e.msgid for e in CATALOGUE if not all(e.msgstrs)]
    fuzzy = [e.msgid for e in CATALOGUE if e.fuzzy]
    assert not empty, f"{len(empty)} untranslated (add them to tools/en.tsv, `make messages`): {empty[:20]}"
    assert not fuzzy, f"fuzzy entries: {fuzzy[:20]}"


def test_placeholders_are_kept() -> None:
    wrong = [
        e.msgid
        for e in CATALOGUE
        for s in e.msgstrs
        if s and sorted(set(PLACEHOLDER.findall(e.msgid))) != sorted(set(PLACEHOLDER.findall(s)))
    ]
    assert not wrong, wrong


def test_the_compiled_catalogue_is_the_catalogue() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [e.msgid for e in CATALOGUE if not e.plural and compiled.gettext(e.msgid) != e.msgstrs[0]]
    assert not stale, f"django.mo is older than django.po (`make messages`): {stale[:10]}"


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("Tin báo", "Tips"),
        ("Thông báo", "Notifications"),
        ("Người báo tin", "Informant"),
        ("Số lượng", "Quantity"),
        ("Cơ quan chủ hồ sơ", "Owner agency"),
        ("Thông báo cơ quan chủ trì", "Notices to the lead agency"),
        ("Vụ việc", "Cases"),
    ],
)
def test_words_that_were_wrong(vietnamese: str, english: str) -> None:
    found = {e.msgid: e.msgstrs[0] for e in CATALOGUE}
    assert found.get(vietnamese, "").lower() == english.lower()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext not installed (`make office`)")
def test_the_catalogue_holds_every_string_of_the_code(tmp_path: Path) -> None:
    """makemessages over a copy of the code finds no string the catalogue lacks."""
    for name in ("hub389", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "HUB389_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "hub389.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in entries((tmp_path / PO.relative_to(ROOT)).read_text(encoding="utf-8"))}
    known = {e.msgid for e in CATALOGUE}
    assert not fresh - known, f"strings not in the catalogue (`make messages`): {sorted(fresh - known)[:20]}"
