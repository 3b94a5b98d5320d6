"""Translations: resources/i18n/onestop_zh_CN.ts (complete, the default) and onestop_en.ts (the source
language, filled with the source text), compiled to .qm.

The Chinese wording is kept in resources/i18n/zh_CN/<area>.json ({context: {source: translation}}), one
file per area so several people can translate at once; ``update`` runs lupdate over desktop/ui and applies
every JSON file to the .ts. The .ts files are what Qt Linguist opens.

    python tools/i18n.py update     lupdate, apply the JSON translations, fill en, compile both .qm
    python tools/i18n.py missing    print the unfinished zh_CN strings as JSON {context: {source: ""}}
    python tools/i18n.py check      fail on unfinished, stale or uncompiled translations (make test)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGS = ("zh_CN", "en")
BIN = Path(sys.executable).parent


def ts_path(lang: str, base: Path = I18N) -> Path:
    return base / f"onestop_{lang}.ts"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop" / "ui").rglob("*.py"))


def lupdate(target: Path, lang: str) -> None:
    if not target.exists():
        target.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                          f'<TS version="2.1" language="{lang}"></TS>\n', encoding="utf-8")
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources(), "-ts", str(target), "-no-obsolete",
                    "-locations", "none", "-silent"], check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT)


def messages(tree: ET.ElementTree):
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def _write(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, "    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def _set(message: ET.Element, text: str) -> None:
    translation = message.find("translation")
    translation.attrib.pop("type", None)
    if message.get("numerus") == "yes":
        for form in list(translation):
            translation.remove(form)
        ET.SubElement(translation, "numerusform").text = text
    else:
        translation.text = text


def _unfinished(message: ET.Element) -> bool:
    return message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")


def fill_english(path: Path) -> None:
    tree = ET.parse(path)
    for _, message in messages(tree):
        _set(message, message.findtext("source"))
    _write(tree, path)


def chinese() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted((I18N / "zh_CN").glob("*.json")):
        for context, table in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(context, {}).update({k: v for k, v in table.items() if v})
    return merged


def update() -> None:
    import fcntl

    with open(I18N / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # several people may run it at once
        for lang in LANGS:
            lupdate(ts_path(lang), lang)
        fill_english(ts_path("en"))
        wanted = chinese()
        tree = ET.parse(ts_path("zh_CN"))
        for context, message in messages(tree):
            text = wanted.get(context, {}).get(message.findtext("source"))
            if text:
                _set(message, text)
        _write(tree, ts_path("zh_CN"))
        for lang in LANGS:
            # a new file renamed over the old one: a running OneStop has the .qm memory-mapped, and rewriting
            # it in place turns its texts back to English (or worse) until it restarts
            qm = ts_path(lang).with_suffix(".qm")
            fresh = qm.with_name(qm.name + ".new")
            lrelease(ts_path(lang), fresh)
            os.replace(fresh, qm)


def missing() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for context, message in messages(ET.parse(ts_path("zh_CN"))):
        if _unfinished(message):
            out.setdefault(context, {})[message.findtext("source")] = ""
    return out


def _keys(path: Path) -> set[tuple[str, str, str]]:
    return {(c, m.findtext("source"), m.findtext("comment") or "") for c, m in messages(ET.parse(path))}


def check() -> list[str]:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for lang in LANGS:
            committed = ts_path(lang)
            if not committed.exists():
                problems.append(f"{committed.name} is missing: run 'make i18n'")
                continue
            fresh = ts_path(lang, tmp)
            shutil.copy(committed, fresh)
            lupdate(fresh, lang)
            new, gone = _keys(fresh) - _keys(committed), _keys(committed) - _keys(fresh)
            for key in sorted(new):
                problems.append(f"{lang}: not yet in the .ts (run 'make i18n'): {key[0]}: {key[1]!r}")
            for key in sorted(gone):
                problems.append(f"{lang}: stale entry no longer in the code: {key[0]}: {key[1]!r}")
            for context, message in messages(ET.parse(committed)):
                if _unfinished(message):
                    problems.append(f"{lang}: unfinished: {context}: {message.findtext('source')!r}")
            qm = committed.with_suffix(".qm")
            lrelease(committed, tmp / qm.name)
            if not qm.exists() or qm.read_bytes() != (tmp / qm.name).read_bytes():
                problems.append(f"{qm.name} is not compiled from the current .ts: run 'make i18n'")
    return problems


def main() -> int:
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "update":
        update()
        left = sum(len(v) for v in missing().values())
        print(f"updated; {left} zh_CN strings unfinished")
    elif cmd == "missing":
        print(json.dumps(missing(), ensure_ascii=False, indent=1))
    elif cmd == "check":
        problems = check()
        for p in problems:
            print(p)
        if problems:
            print(f"i18n: {len(problems)} problems", file=sys.stderr)
            return 1
        print("i18n: translations complete and current")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
