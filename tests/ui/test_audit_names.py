"""The audit log names every operation in Chinese: each action code the services write (found in their source,
the computed ones expanded from the values they are computed from) and each kind of record has a name, and the
compiled zh_CN translation gives it; the screen shows names, never a code such as ``agreement.finalise``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.models import Base
from desktop.services.mediation import FAILED, JUDICIAL_STATES, REFERRED, TERMINATED
from desktop.services.petitions import TRANSITIONS
from desktop.ui.admin import audit_names as auditlog
from desktop.ui.i18n import install_translations

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for p in (ROOT / "desktop").rglob("*.py") if "ui" not in p.relative_to(ROOT / "desktop").parts[:1]]
LITERAL = [re.compile(r'uow\.action\s*=\s*"([^"]+)"'), re.compile(r'\baction="([a-z_]+\.[a-z_.]+)"'),
           re.compile(r'failed_action="([^"]+)"'), re.compile(r'\b_?reveal\([^)\n]*"([a-z_]+\.[a-z_]+)"')]
COMPUTED = re.compile(r'uow\.action\s*=\s*f"([^"]+)"')
# every computed code, and what it is computed from
EXPANSIONS = {
    "petition.{action}": [f"petition.{a}" for a in TRANSITIONS],
    "judicial.{status}": [f"judicial.{s}" for s in JUDICIAL_STATES],
    "dispute.{outcome}": [f"dispute.{o}" for o in (FAILED, TERMINATED, REFERRED)],
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def action_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern in LITERAL:
            codes.update(pattern.findall(text))
        for template in COMPUTED.findall(text):
            assert template in EXPANSIONS, f"{path.name}: a computed action code {template!r} the test can't expand"
            codes.update(EXPANSIONS[template])
    return codes


def event_entities() -> set[str]:
    found = set()
    for path in SOURCES:
        found.update(re.findall(r'\brecord(?:_event)?\([^)]*entity="([a-z_]+)"', path.read_text(encoding="utf-8")))
    return found | {"dispute", "agreement"}  # the _reveal helpers pass these


@pytest.fixture
def chinese(qapp):
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def test_the_source_scan_finds_the_codes_the_demo_writes():
    codes = action_codes()
    assert {"agreement.finalise", "petition.assign", "dispute.failed", "judicial.applied", "session.unlock",
            "case_file.export", "person.reveal", "user.login_failed"} <= codes
    assert len(codes) > 60


def test_every_action_code_has_a_chinese_name(chinese):
    missing = sorted(c for c in action_codes() if c not in auditlog.ACTION_NAMES)
    assert not missing, f"action codes without a name: {missing}"
    untranslated = {c: auditlog.action_name(c) for c in action_codes() if not CJK.search(auditlog.action_name(c))}
    assert not untranslated, f"action names without Chinese: {untranslated}"
    assert auditlog.action_name("agreement.finalise") == "调解协议定稿"


def test_every_kind_of_record_has_a_chinese_name(chinese):
    tables = {m.class_.__tablename__ for m in Base.registry.mappers if getattr(m.class_, "__audited__", False)}
    kinds = tables | event_entities()
    missing = sorted(k for k in kinds if k not in auditlog.ENTITY_NAMES)
    assert not missing, f"record kinds without a name: {missing}"
    assert all(CJK.search(auditlog.entity_name(k)) for k in kinds)


def test_a_change_without_a_label_is_named_by_what_and_which_record(chinese):
    # the flush listener labels unlabelled changes "<table>.<operation>"
    assert auditlog.action_name("ticket_rating.insert") != "ticket_rating.insert"
    assert auditlog.action_name("petition.update") == "修改信访事项"
    assert CJK.search(auditlog.action_name("something.new"))


def test_the_system_itself_is_named_in_words(chinese):
    names = set()
    for path in SOURCES:
        names.update(re.findall(r'Actor\.system\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    for name in names | {"system"}:
        assert CJK.search(auditlog.actor_label(name)), name
    assert auditlog.actor_label("system") == "系统"
    assert auditlog.actor_label("clerk01") == "clerk01"
