"""Every form and endpoint, fuzzed with hypothesis: long, empty, control
characters, NUL, lone surrogates, right-to-left text, emoji, HTML and SQL
fragments, wrong types, missing fields.

Three properties, for every request:
- no server error (the test client raises a view's exception, failing the test);
- nothing stored that was refused: when the answer says no (a form shown
  again with errors, a 4xx, an error message, the autosave's "errors"), the
  rows concerned are as they were;
- everything stored comes back escaped on the pages that show it.

Each example runs in a savepoint that is rolled back, so every example starts
from the fixtures' database, rate limits included.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.messages import constants, get_messages
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import normalize_newlines
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from igloo.models import LevelScheme
from principles.models import Charter, CharterVersion, Principle, PrincipleSource, Vote
from principles.services import charter_for, principle_merge, share_link_create
from tests.conftest import PASSWORD, add_entry, client_for, phone_for
from workshops.models import (
    Entry,
    Invite,
    Membership,
    Organisation,
    Participant,
    Phase,
    Team,
    Workshop,
)

User = get_user_model()

# No example database: a failure prints its example, and no .hypothesis/
# directory is left in the working tree.
FUZZ = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}

# The full set of examples in CI (CI=true, or HYPOTHESIS_FULL=1); a tenth of
# it on a developer's machine, so the suite stays quick while working.
FULL = os.environ.get("CI") == "true" or os.environ.get("HYPOTHESIS_FULL") == "1"


def examples(n: int) -> int:
    return n if FULL else max(5, n // 10)


pytestmark = pytest.mark.fuzz

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

IGLOO_CODES = ["individual", "group", "leadership", "organisation", "context"]
FIELD_NAMES = ["profession", "use_case", "ai_kind"]
AI_KINDS = ["genai", "ml", "both", "unsure", ""]
E1 = uuid.UUID("11111111-1111-4111-8111-111111111111")
E2 = uuid.UUID("22222222-2222-4222-8222-222222222222")

# Tags that would run if a page carried them raw.
INJECTED = ("<script>alert(1)", "<img src=x onerror", "<svg/onload", "<b>x</b>")

# Strategies ------------------------------------------------------------------------

EMPTY = ["", " ", "\t\r\n", "\r\n\r\n", "a\n" * 400]
CONTROL = ["\x00", "a\x00b", "%00", "\x7f", "\x1b[31m", "\x85", "\u2028", "\ufeff"]
SURROGATES = ["\ud83e", "x\udc00"]
BIDI = ["\u202e", "\u202egnp.exe", "\u200f\u200e", "ﺍﻟﻌﺮﺑﻴﺔ", "עברית"]
EMOJI = ["𝕳𝖊𝖑𝖑𝖔 🙂", "👩\u200d⚕️👨\u200d👩\u200d👧\u200d👦", "Ærø Åø", "ß", "İ", "ﬁ"]
MARKUP = [
    *("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg/onload=alert(1)>'),
    *("</textarea><b>x</b>", "{{ 7|add:7 }}", "{% csrf_token %}", "%s%n"),
]
SQL = ["' OR 1=1 --", "'; DROP TABLE workshops_entry; --", '" OR ""="']
NOT_TEXT = ["null", "true", "0", "-1", "1e309", "NaN", "99999999999999999999999"]
LONG = ["x" * 10_000, "é" * 2_000, "<" * 3_000, "🙂" * 600, "ab" * 251]
FRAGMENTS = [*EMPTY, *CONTROL, *SURROGATES, *BIDI, *EMOJI, *MARKUP, *SQL, *NOT_TEXT, *LONG]

nasty_text = st.one_of(
    st.text(),
    st.sampled_from(FRAGMENTS),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=2, max_size=5
    ).map("".join),
)


def unstorable(ch: str) -> bool:
    code = ord(ch)
    return (code < 32 and ch not in "\t\n\r") or code == 0x7F or 0xD800 <= code <= 0xDFFF


def storable(text: str, max_length: int) -> str:
    return "".join(ch for ch in text if not unstorable(ch)).strip()[:max_length].strip()


def stored(max_length: int):
    """Nasty text that a form takes: without control characters, trimmed, short enough."""
    return nasty_text.map(lambda text: storable(text, max_length) or "<b>x</b>")


stored_text = stored(500)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**62, 2**62 + 1, 2**63, 2**64, -(2**63)]),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty_text,
)
json_keys = st.one_of(
    st.sampled_from(
        ["fields", "entries", "id", "question", "text", "levels", "position", "removed", "rev"]
        + ["value", *FIELD_NAMES]
    ),
    nasty_text,
)
any_json = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(json_keys, children, max_size=4)
    ),
    max_leaves=12,
)
# The autosave's shape, with anything at all in it.
save_shaped_json = st.fixed_dictionaries(
    {},
    optional={
        "fields": st.one_of(
            any_json,
            st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), nasty_text), any_json),
        ),
        "entries": st.one_of(
            any_json, st.lists(st.dictionaries(json_keys, any_json, max_size=7), max_size=3)
        ),
    },
)
RAW_BODIES = [
    b"",
    b"{",
    b"\xff\xfe\x00\x00",
    b"[" * 100_000,
    b'{"fields": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b"1e999999",
    b'{"fields": NaN}',
    b'{"entries": [' + b"{}," * 300 + b"{}]}",
    b'{"fields": {"profession": {"value": "x", "rev": 1e400}}}',
    b'{"fields": {"profession": {"value": "x", "rev": 1' + b"0" * 5000 + b"}}}",
    b'{"fields": {"profession": {"value": "\\u0000", "rev": 3}}}',
    b'{"entries": [{"id": "\\ud83e", "question": 1, "rev": 1}]}',
]

revs = st.one_of(
    st.integers(1, 100),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.sampled_from([0, 5, 6, 2**62, 2**62 + 1]),
)
entry_ids = st.one_of(
    st.sampled_from([str(E1), str(E2), str(E1).upper(), "{" + str(E2) + "}", E1.hex]),
    st.uuids().map(str),
    nasty_text,
)
questions = st.one_of(
    st.integers(-1, 7), st.sampled_from(["1", "5", " 2 ", "05", "٣", "1.0"]), nasty_text
)
level_lists = st.lists(st.one_of(st.sampled_from([*IGLOO_CODES, "-"]), nasty_text), max_size=4)
# Well typed, so the batch is read; every value fuzzed.
entry_change = st.fixed_dictionaries(
    {"id": entry_ids, "question": questions, "rev": revs},
    optional={
        "text": nasty_text,
        "levels": level_lists,
        "position": st.one_of(st.integers(-2, 10_002), st.integers()),
        "removed": st.booleans(),
    },
)
field_changes = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), nasty_text),
    st.fixed_dictionaries({"value": st.one_of(nasty_text, st.sampled_from(AI_KINDS)), "rev": revs}),
    max_size=3,
)
phases = st.one_of(st.just(Phase.COLLECTING), st.sampled_from(Phase.values))
ints = st.one_of(st.integers(-3, 30).map(str), st.integers().map(str), nasty_text)


def mostly(valid, other):
    """Valid about three times in four."""
    return st.integers(0, 3).flatmap(lambda n: other if n == 0 else valid)


def not_a_view_name(url: str) -> str:
    # Was a known server error (a `next` taken for a view name); fixed, so
    # every `next` is sent as generated.
    return url


next_urls = st.one_of(
    st.sampled_from(
        ["", "/workshops/", "https://evil.example/", "//evil.example/", "/\\evil.example"]
        + ["\x01//evil.example", "javascript:alert(1)", "http://testserver/workshops/"]
    ),
    nasty_text,
).map(not_a_view_name)
addresses = st.ip_addresses().map(str)
junk_pairs = st.lists(st.tuples(nasty_text, nasty_text), max_size=3)


@dataclass(frozen=True)
class Ref:
    """A value known only once the fixtures exist: a primary key, a join code."""

    name: str


def fill(pairs, refs: dict) -> list[tuple[str, str]]:
    return [(key, refs[value.name] if isinstance(value, Ref) else value) for key, value in pairs]


def form_fields(valid: dict, wrong: dict | None = None):
    """A form's fields as pairs: all valid (nasty text that is accepted), or one
    or two of them broken, with any value or left out. Hypothesis would
    otherwise break some field of a long form nearly every time."""
    wrong = wrong or {}

    def broken(name: str):
        return st.tuples(st.just(name), st.one_of(st.none(), wrong.get(name, nasty_text)))

    def build(parts) -> list:
        values, breakage = parts
        values = dict(values)
        for name, value in breakage:
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
        return list(values.items())

    breakage = st.one_of(
        st.just([]),
        st.lists(st.sampled_from(sorted(valid)).flatmap(broken), min_size=1, max_size=2),
    )
    return st.tuples(st.fixed_dictionaries(valid), breakage).map(build)


# Requests --------------------------------------------------------------------------


def encode(pairs) -> str:
    """A form body or a query string as a raw client may send it: a lone
    surrogate goes out as the invalid UTF-8 it would be on the wire."""
    return "&".join(
        f"{quote(str(key), safe='', errors='surrogatepass')}="
        f"{quote(str(value), safe='', errors='surrogatepass')}"
        for key, value in pairs
    )


def segment(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


def as_received(text: str) -> str:
    """What the server reads of a text sent that way."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def sent(pairs, name: str) -> str:
    """The value a view reads for `name`: the last one sent. (Hypothesis mines
    this module's strings, so a junk pair may well be named like a field.)"""
    return as_received(str(dict(pairs).get(name, "")))


def post_form(client, url: str, pairs, **extra):
    return client.post(
        url, encode(pairs), content_type="application/x-www-form-urlencoded", **extra
    )


def get_query(client, url: str, pairs, **extra):
    return client.get(f"{url}?{encode(pairs)}", **extra)


def post_json(client, url: str, body, **extra):
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    elif not isinstance(body, bytes):
        body = json.dumps(body)
    return client.post(url, body, content_type="application/json", **extra)


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


def refused(response) -> bool:
    return response.status_code >= 400 or bool(error_messages(response))


def said_no(no: bool) -> bool:
    """Whether the request was refused; counted by --hypothesis-show-statistics."""
    event("refused" if no else "accepted")
    return no


def assert_stays_here(response) -> None:
    """A redirect never leads off the site, whatever `next` said."""
    if response.status_code in (301, 302):
        target = urlsplit(response["Location"].replace("\\", "/"))
        assert target.scheme in ("", "http", "https")
        assert target.netloc in ("", "testserver")


def board_body(client, workshop: Workshop) -> str:
    """The board's cards, counts and timer, without the page around them (its htmx poll)."""
    response = client.get(reverse("workshops:board", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_escaped(html: str, *texts: str) -> None:
    """Every text with a "<" is on the page escaped, line by line (as
    linebreaksbr leaves it), and no injected tag is on the page raw."""
    for text in texts:
        if "<" not in text:
            continue
        for line in normalize_newlines(text).split("\n"):
            assert escape(line) in html
    for tag in INJECTED:
        assert tag not in html


@contextmanager
def rolled_back():
    """Each example starts from the fixtures' database: what one example
    stores, and the rate limits it uses up, are gone for the next."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def set_phase(workshop: Workshop, phase: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)


# Snapshots -------------------------------------------------------------------------


def participant_row(participant: Participant) -> dict:
    return (
        Participant.objects.filter(pk=participant.pk)
        .values(
            *FIELD_NAMES,
            "field_revs",
            "submitted_at",
            "done_step",
            "display_name",
            "team",
            "updated_at",
        )
        .get()
    )


def entry_rows(**filters) -> dict:
    entries = Entry.objects.filter(**filters).prefetch_related("suggested_levels", "placed_levels")
    return {
        entry.client_id: {
            "pk": entry.pk,
            "question": entry.question,
            "text": entry.text,
            "position": entry.position,
            "removed": entry.removed,
            "rev": entry.rev,
            "hidden": entry.hidden,
            "approved": entry.approved,
            "placed": entry.placed,
            "facilitator_text": entry.facilitator_text,
            "search_text": entry.search_text,
            "levels": sorted(level.code for level in entry.suggested_levels.all()),
            "placed_levels": sorted(level.code for level in entry.placed_levels.all()),
            "updated_at": entry.updated_at,
        }
        for entry in entries
    }


def worksheet_rows(participant: Participant) -> tuple[dict, dict]:
    return participant_row(participant), entry_rows(participant=participant)


def workshop_row(workshop: Workshop) -> dict:
    row = Workshop.objects.filter(pk=workshop.pk).values().get()
    row.pop("board_version")
    row["teams"] = list(workshop.teams.order_by("pk").values_list("pk", "name", "position"))
    return row


def everything() -> tuple:
    """Counts of what a refused form must not have created."""
    return tuple(
        model.objects.count()
        for model in (
            User,
            Organisation,
            Membership,
            Invite,
            Workshop,
            Team,
            Participant,
            Entry,
            Principle,
            PrincipleSource,
            Vote,
            CharterVersion,
        )
    )


def as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None


@pytest.fixture
def cards(participant):
    """Cards already on the board, with markup in them."""
    Participant.objects.filter(pk=participant.pk).update(profession="<b>x</b> Sygeplejerske")
    return [
        add_entry(participant, "<script>alert(1)</script> Tid til patienterne", levels=["group"]),
        add_entry(participant, "Ingen overvågning ' OR 1=1 --", question=5),
        add_entry(participant, "ﺍﻟﻌﺮﺑﻴﺔ \u202e 🙂", question=3, levels=["individual"]),
    ]


# Joining ----------------------------------------------------------------------------

SEPARATORS = ["", " ", "-", "\t", "\u00a0", "\u3000", " - "]
codes = st.one_of(
    nasty_text.map(lambda text: ("raw", text)),
    st.tuples(st.sampled_from(SEPARATORS), st.booleans()).map(lambda shape: ("code", shape)),
)


def typed_code(workshop: Workshop, choice) -> str:
    kind, value = choice
    if kind == "raw":
        return value
    separator, lower = value
    code = separator.join(workshop.join_code)
    return code.lower() if lower else code


def without_nul_on_postgres(text: str) -> str:
    # Was a known server error on PostgreSQL (a NUL in a URL token); fixed,
    # so every token is sent as generated.
    return text


@settings(max_examples=examples(50), **FUZZ)
@given(code=codes, phase=phases, address=addresses)
def test_join_by_code(workshop, code, phase, address):
    with rolled_back():
        set_phase(workshop, phase)
        typed = typed_code(workshop, code)
        before = everything()

        response = get_query(client_for(), reverse("join:code"), [("code", typed)])

        assert response.status_code < 500
        assert everything() == before
        if response.status_code == 302:
            assert response["Location"] == f"/j/{workshop.join_code}/"
        else:
            assert_escaped(response.content.decode(), as_received(typed))


@settings(max_examples=examples(50), **FUZZ)
@given(code=codes, phase=phases, name=nasty_text, junk=junk_pairs)
def test_a_join_link_with_any_code(workshop, code, phase, name, junk):
    with rolled_back():
        set_phase(workshop, phase)
        url = f"/j/{segment(without_nul_on_postgres(typed_code(workshop, code)))}/"
        before = everything()
        client = client_for()

        shown = client.get(url)
        posted = post_form(client, url, [("display_name", name), *junk])

        assert shown.status_code < 500
        assert posted.status_code < 500
        assert_stays_here(posted)
        if posted.status_code != 302 or not posted["Location"].startswith("/w/"):
            assert everything() == before
        for response in (shown, posted):
            assert_escaped(response.content.decode())


@settings(max_examples=examples(50), **FUZZ)
@given(
    form=form_fields(
        {"team": st.sampled_from([Ref("akut"), Ref("medicin")]), "display_name": stored(60)},
        {"team": st.one_of(st.sampled_from(["", Ref("elsewhere")]), ints)},
    ),
    junk=junk_pairs,
)
def test_the_join_form(workshop, other_workshop, owner, form, junk):
    with rolled_back():
        refs = {
            "akut": workshop.teams.get(name="Akut").pk,
            "medicin": workshop.teams.get(name="Medicin").pk,
            "elsewhere": Team.objects.create(workshop=other_workshop, name="Akut").pk,
        }
        Workshop.objects.filter(pk=workshop.pk).update(show_names=True)
        before = everything()
        last = last_pk(Participant)
        client = client_for()

        pairs = fill([*form, *junk], refs)

        response = post_form(client, reverse("join:workshop", args=[workshop.join_code]), pairs)

        assert response.status_code < 500
        if said_no(response.status_code != 302):
            assert everything() == before
            assert_escaped(response.content.decode(), sent(pairs, "display_name"))
            return
        assert response["Location"] == reverse("phone:worksheet", args=[workshop.public_id])
        joined = Participant.objects.get(workshop=workshop, pk__gt=last)
        assert joined.team_id in (refs["akut"], refs["medicin"])
        assert joined.display_name == sent(pairs, "display_name").strip()
        add_entry(joined, "Et kort")
        assert_escaped(
            board_body(client_for(owner), workshop),
            joined.display_name,
        )


def last_pk(model) -> int:
    """The highest primary key so far: rows above it are new."""
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# The worksheet: autosave (JSON) and the plain form --------------------------------


def worksheet_author(workshop: Workshop, participant: Participant, owner, via: str):
    """(client, participant, save URL, form URL) for a phone or a paper worksheet."""
    if via == "phone":
        return (
            phone_for(participant),
            participant,
            reverse("phone:save", args=[workshop.public_id]),
            reverse("phone:worksheet", args=[workshop.public_id]),
        )
    paper = Participant.objects.create(workshop=workshop, from_paper=True)
    args = [workshop.pk, paper.pk]
    return (
        client_for(owner),
        paper,
        reverse("workshops:paper_save", args=args),
        reverse("workshops:paper_worksheet", args=args),
    )


def with_two_entries(participant: Participant) -> None:
    for client_id, text in ((E1, "<b>x</b> første"), (E2, "anden")):
        entry = Entry(
            workshop_id=participant.workshop_id,
            participant=participant,
            client_id=client_id,
            question=1,
            text=text,
            rev=5,
        )
        entry.refresh_search_text()
        entry.save()


def check_save(response, participant, sent_entries, before) -> None:
    """The autosave's answer against what it stored."""
    assert response.status_code < 500
    after = worksheet_rows(participant)
    if said_no(response.status_code >= 400):
        assert after == before
        return
    answer = response.json()
    event(f"{len(answer['acks'])} acks, {len(answer['errors'])} errors")
    assert set(answer) == {"acks", "errors"}
    (person_before, entries_before), (person_after, entries_after) = before, after
    for key in answer["errors"]:
        kind, _, name = key.partition(":")
        if kind == "field" and name in FIELD_NAMES:
            assert person_after[name] == person_before[name]
            assert person_after["field_revs"].get(name) == person_before["field_revs"].get(name)
        elif kind == "entry":
            client_id = as_uuid(name)
            # Sent once: a batch naming an entry twice may store one and refuse the other.
            if sum(as_uuid(raw.get("id")) == client_id for raw in sent_entries) == 1:
                assert entries_after.get(client_id) == entries_before.get(client_id)
    for key, rev in answer["acks"].items():
        kind, _, name = key.partition(":")
        if kind == "field":
            assert person_after["field_revs"][name] == rev
        elif (row := entries_after.get(as_uuid(name))) is not None:
            assert row["rev"] == rev


def check_shown(client, owner, workshop, participant, form_url) -> None:
    """What is stored is on the worksheet and the board, escaped."""
    person, entries = worksheet_rows(participant)
    texts = [row["text"] for row in entries.values() if not row["removed"]]
    assert_escaped(page(client, form_url), *texts, person["profession"], person["use_case"])
    board = board_body(client_for(owner), workshop)
    assert_escaped(board, *texts, *([person["profession"]] if texts else []))


@settings(max_examples=examples(60), **FUZZ)
@given(
    body=st.one_of(
        any_json, save_shaped_json, st.binary(), st.sampled_from(RAW_BODIES), nasty_text
    ),
    via=st.sampled_from(["phone", "paper"]),
)
def test_the_autosave_with_any_json(workshop, participant, owner, body, via):
    with rolled_back():
        client, author, save_url, _form_url = worksheet_author(workshop, participant, owner, via)
        with_two_entries(author)
        before = worksheet_rows(author)

        response = post_json(client, save_url, body)

        sent = body.get("entries") if isinstance(body, dict) else None
        sent = [raw for raw in sent if isinstance(raw, dict)] if isinstance(sent, list) else []
        check_save(response, author, sent, before)


@settings(max_examples=examples(60), **FUZZ)
@given(
    fields=field_changes,
    entries=st.lists(entry_change, max_size=4),
    phase=phases,
    via=st.sampled_from(["phone", "paper"]),
)
def test_the_autosave_with_fuzzed_changes(
    workshop, participant, owner, fields, entries, phase, via
):
    with rolled_back():
        set_phase(workshop, phase)
        client, author, save_url, form_url = worksheet_author(workshop, participant, owner, via)
        with_two_entries(author)
        before = worksheet_rows(author)

        response = post_json(client, save_url, {"fields": fields, "entries": entries})

        check_save(response, author, entries, before)
        check_shown(client, owner, workshop, author, form_url)


entry_keys = st.one_of(st.sampled_from([str(E1), str(E2)]), st.uuids().map(str), nasty_text)
form_entry = st.tuples(
    entry_keys,
    st.one_of(nasty_text, stored_text),
    st.one_of(st.sampled_from(["1", "2", "5"]), questions.map(str)),
    level_lists,
    st.one_of(st.just(""), ints),
)
new_entry = st.tuples(
    st.one_of(st.sampled_from(["1", "3", "5"]), nasty_text),
    st.one_of(nasty_text, stored_text),
    level_lists,
)


@settings(max_examples=examples(60), **FUZZ)
@given(
    person=st.lists(
        st.tuples(st.sampled_from(FIELD_NAMES), st.one_of(nasty_text, st.sampled_from(AI_KINDS))),
        max_size=3,
    ),
    entries=st.lists(form_entry, max_size=3),
    new=st.lists(new_entry, max_size=2),
    remove=st.one_of(st.sampled_from(["", str(E1), str(E2)]), nasty_text),
    action=st.one_of(st.sampled_from(["save", "submit"]), nasty_text),
    junk=junk_pairs,
    phase=phases,
    via=st.sampled_from(["phone", "paper"]),
)
def test_the_worksheet_form_without_javascript(
    workshop, participant, owner, person, entries, new, remove, action, junk, phase, via
):
    pairs = list(person)
    for key, text, question, levels, position in entries:
        pairs += [(f"e-{key}-text", text), (f"e-{key}-q", question)]
        pairs += [(f"e-{key}-levels", code) for code in levels]
        pairs += [(f"e-{key}-position", position)]
    for question, text, levels in new:
        pairs += [(f"new-{question}-text", text)]
        pairs += [(f"new-{question}-levels", code) for code in levels]
    pairs += [("remove", remove), ("action", action), *junk]
    with rolled_back():
        set_phase(workshop, phase)
        client, author, _save_url, form_url = worksheet_author(workshop, participant, owner, via)
        with_two_entries(author)
        before = worksheet_rows(author)

        response = post_form(client, form_url, pairs)

        assert response.status_code < 500
        if said_no(refused(response)):
            assert worksheet_rows(author) == before
            assert_escaped(response.content.decode())
        else:
            assert response.status_code == 302
            check_shown(client, owner, workshop, author, form_url)


@settings(max_examples=examples(40), **FUZZ)
@given(
    done=st.one_of(st.sampled_from(["0", "1"]), nasty_text),
    htmx=st.booleans(),
    phase=phases,
    status_query=st.lists(
        st.tuples(st.one_of(st.sampled_from(["phase", "room"]), nasty_text), nasty_text),
        max_size=3,
    ),
)
def test_done_submit_and_status(workshop, participant, done, htmx, phase, status_query):
    public_id = workshop.public_id
    headers = {"HX-Request": "true"} if htmx else {}
    with rolled_back():
        set_phase(workshop, phase)
        before = entry_rows(participant=participant)

        marked = post_form(
            phone_for(participant),
            reverse("phone:done", args=[public_id]),
            [("done", done)],
            headers=headers,
        )
        submitted = phone_for(participant).post(reverse("phone:submit", args=[public_id]))
        polled = get_query(
            phone_for(participant), reverse("phone:status", args=[public_id]), status_query
        )

        assert marked.status_code < 500
        assert submitted.status_code < 500
        assert polled.status_code < 500
        row = participant_row(participant)
        assert row["done_step"] in (None, Workshop.objects.get(pk=workshop.pk).step)
        if error_messages(submitted):
            assert row["submitted_at"] is None
        assert entry_rows(participant=participant) == before
        assert_escaped(polled.content.decode())


@settings(max_examples=examples(40), **FUZZ)
@given(
    votes=st.lists(
        st.tuples(
            mostly(st.just(Ref("principle")), st.one_of(st.just(Ref("elsewhere")), ints)),
            mostly(st.sampled_from(["add", "add", "remove"]), nasty_text),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    ),
    dots=st.integers(1, 4),
)
def test_the_vote(workshop, participant, other_workshop, votes, dots):
    with rolled_back():
        Workshop.objects.filter(pk=workshop.pk).update(
            phase=Phase.VOTING, dots_per_participant=dots
        )
        principle = Principle.objects.create(
            workshop=workshop, title="<script>alert(1)</script> Tid til patienterne"
        )
        elsewhere = Principle.objects.create(workshop=other_workshop, title="Andet")
        refs = {"principle": principle.pk, "elsewhere": elsewhere.pk}
        for target, action, htmx in votes:
            before = list(Vote.objects.order_by("pk").values_list("pk", "principle"))

            response = post_form(
                phone_for(participant),
                reverse("phone:vote", args=[workshop.public_id]),
                fill([("principle", target), ("action", action)], refs),
                headers={"HX-Request": "true"} if htmx else {},
            )

            assert response.status_code < 500
            if said_no(bool(error_messages(response))):
                assert list(Vote.objects.order_by("pk").values_list("pk", "principle")) == before
            assert Vote.objects.filter(participant=participant).count() <= dots
            assert not Vote.objects.filter(principle=elsewhere).exists()
            if response.status_code == 200:
                assert_escaped(response.content.decode(), principle.title)
        shown = page(phone_for(participant), reverse("phone:worksheet", args=[workshop.public_id]))
        assert_escaped(shown, principle.title)


# Accounts ---------------------------------------------------------------------------

STRONG = "Fjord-Lampe-Sky-1984"
emails = st.one_of(
    nasty_text,
    st.emails().map(str),
    st.sampled_from(
        ["facilitator@example.dk", "FACILITATOR@example.dk", "ny@example.dk", "a@b"]
        + ['"\x01"@example.com', '"<b>x</b>"@example.com', "ÆØÅ@example.dk"]
        + ["x" * 140 + "@example.dk", "ny@example.dk\x00"]
    ),
)
passwords = st.one_of(st.just(STRONG), nasty_text)


@settings(max_examples=examples(50), **FUZZ)
@given(
    form=form_fields(
        {
            "name": stored(150),
            "email": st.one_of(
                st.emails(), st.sampled_from(["Ny.Person+x@Example.DK", '"<b>x</b>"@example.com'])
            ),
            "organisation": stored(150),
            "password1": st.just(STRONG),
            "password2": st.just(STRONG),
        },
        {"email": emails},
    ),
    invite=st.one_of(st.sampled_from(["", Ref("invite")]), nasty_text),
    invite_in_query=st.booleans(),
)
def test_sign_up(organisation, owner, form, invite, invite_in_query):
    with rolled_back():
        refs = {
            "invite": Invite.objects.create(
                organisation=organisation, role="facilitator", created_by=owner
            ).token
        }
        [(_, token)] = fill([("invite", invite)], refs)
        token = without_nul_on_postgres(token)
        url = reverse("signup")
        if invite_in_query:
            url += f"?{encode([('invite', token)])}"
        else:
            form = [*form, ("invite", token)]
        before = everything()
        invites = list(Invite.objects.values_list("pk", "accepted_at", "accepted_by"))
        client = client_for()

        mail.outbox.clear()
        response = post_form(client, url, form)

        assert response.status_code < 500
        if said_no(response.status_code != 302):
            assert everything() == before
            assert list(Invite.objects.values_list("pk", "accepted_at", "accepted_by")) == invites
            assert "_auth_user_id" not in client.session
            html = response.content.decode()
            # With a usable invitation the form has no organisation field.
            shown = ["name", "email"] + (["organisation"] if 'name="organisation"' in html else [])
            assert_escaped(html, *(sent(form, name) for name in shown))
            return
        # The same answer for every address; nobody is logged in until the
        # mailed link is followed.
        assert response["Location"] == reverse("signup_done")
        assert "_auth_user_id" not in client.session
        email = sent(form, "email").strip().lower()
        user = User.objects.filter(email=email).first()
        link = re.search(r"/accounts/welcome/\S+/", mail.outbox[-1].body) if mail.outbox else None
        if user is None or link is None:
            return  # an address that already had an account: it was mailed instead
        assert user.first_name == sent(form, "name").strip()
        client.post(link.group(0))
        assert client.session["_auth_user_id"] == str(user.pk)
        dashboard = page(client, reverse("workshops:dashboard"))
        assert_escaped(dashboard, *user.memberships.values_list("organisation__name", flat=True))


@settings(max_examples=examples(50), **FUZZ)
@given(
    username=st.one_of(
        st.sampled_from(
            ["facilitator@example.dk", "FACILITATOR@example.dk", " facilitator@example.dk "]
        ),
        emails,
    ),
    password=st.one_of(st.just(PASSWORD), nasty_text),
    next_url=next_urls,
    address=addresses,
    junk=junk_pairs,
)
def test_log_in(owner, username, password, next_url, address, junk):
    pairs = [("username", username), ("password", password), ("next", next_url), *junk]
    with rolled_back():
        client = client_for()

        response = post_form(client, reverse("login"), pairs, REMOTE_ADDR=address)

        assert response.status_code < 500
        assert_stays_here(response)
        if response.status_code == 302:
            assert client.session["_auth_user_id"] == str(owner.pk)
            assert sent(pairs, "password") == PASSWORD
        else:
            assert "_auth_user_id" not in client.session
            assert_escaped(response.content.decode(), sent(pairs, "username"))


# Workshops ----------------------------------------------------------------------------


dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(
        ["2026-02-30", "99999-01-01", "0000-01-01", "0001-01-01", "2026-1-1", "21/11/2026"]
        + ["11/21/2026", "2026-11-21T10:00", "9999-12-31"]
    ),
    nasty_text,
)
team_lines = st.one_of(
    st.lists(
        st.one_of(st.sampled_from(["Akut", "Medicin", "akut", " Akut ", "x" * 61]), nasty_text),
        max_size=5,
    ).map("\n".join),
    st.just("\n".join(f"Hold {n}" for n in range(31))),
    nasty_text,
)
team_names = st.lists(stored(60), max_size=4).map("\n".join)
WORKSHOP_FORM = {
    "title": stored(150),
    "date": st.dates().map(str),
    "language": st.sampled_from(["da", "en"]),
    "scheme": st.sampled_from([Ref("igloo"), Ref("charter-scopes")]),
    "ai_focus": st.sampled_from(["genai", "ml", "both"]),
    "show_names": st.sampled_from(["on", ""]),
    "approve_first": st.sampled_from(["on", ""]),
    "teams": team_names,
}
WORKSHOP_WRONG = {"date": dates, "scheme": ints, "teams": team_lines}


def scheme_refs() -> dict:
    return {scheme.slug: scheme.pk for scheme in LevelScheme.objects.all()}


@settings(max_examples=examples(50), **FUZZ)
@given(
    form=form_fields(
        {**WORKSHOP_FORM, "organisation": st.just(Ref("mine"))},
        {**WORKSHOP_WRONG, "organisation": st.one_of(st.just(Ref("theirs")), ints)},
    ),
    junk=junk_pairs,
)
def test_creating_a_workshop(organisation, other_organisation, owner, form, junk):
    refs = {**scheme_refs(), "mine": organisation.pk, "theirs": other_organisation.pk}
    with rolled_back():
        before = everything()
        last = last_pk(Workshop)
        client = client_for(owner)

        response = post_form(client, reverse("workshops:new"), fill([*form, *junk], refs))

        assert response.status_code < 500
        if said_no(response.status_code != 302):
            assert everything() == before
            assert_escaped(response.content.decode())
            return
        workshop = Workshop.objects.get(pk__gt=last)
        assert workshop.organisation_id == organisation.pk
        board = page(client, reverse("workshops:board", args=[workshop.pk]))
        assert_escaped(board, workshop.title, *workshop.teams.values_list("name", flat=True))


@settings(max_examples=examples(50), **FUZZ)
@given(
    # The participant is on team "Akut": a form without it is refused.
    form=form_fields(
        {**WORKSHOP_FORM, "teams": team_names.map(lambda names: f"Akut\n{names}")},
        WORKSHOP_WRONG,
    ),
    junk=junk_pairs,
)
def test_editing_a_workshop(workshop, participant, owner, form, junk):
    refs = scheme_refs()
    with rolled_back():
        before = workshop_row(workshop)
        client = client_for(owner)

        response = post_form(
            client, reverse("workshops:edit", args=[workshop.pk]), fill([*form, *junk], refs)
        )

        assert response.status_code < 500
        after = workshop_row(workshop)
        if said_no(response.status_code != 302):
            assert after == before
            assert_escaped(response.content.decode())
            return
        board = page(client, reverse("workshops:board", args=[workshop.pk]))
        assert_escaped(board, after["title"], *(name for _, name, _ in after["teams"]))


@settings(max_examples=examples(40), **FUZZ)
@given(
    phase=st.one_of(st.sampled_from(Phase.values), nasty_text),
    start=st.sampled_from(Phase.values),
    junk=junk_pairs,
)
def test_changing_the_phase(workshop, owner, phase, start, junk):
    with rolled_back():
        set_phase(workshop, start)
        before = workshop_row(workshop)
        client = client_for(owner)

        pairs = [("phase", phase), *junk]

        response = post_form(client, reverse("workshops:phase", args=[workshop.pk]), pairs)

        assert response.status_code == 302
        after = workshop_row(workshop)
        if said_no(bool(error_messages(response))):
            assert after == before
        else:
            assert after["phase"] == sent(pairs, "phase")
        page(client, reverse("workshops:detail", args=[workshop.pk]))


@settings(max_examples=examples(30), **FUZZ)
@given(confirm=st.one_of(st.just(Ref("code")), codes.map(lambda c: c[1] if c[0] == "raw" else "")))
def test_deleting_a_workshop_asks_for_its_code(workshop, participant, owner, confirm):
    with rolled_back():
        before = everything()
        [(_, typed)] = fill([("confirm", confirm)], {"code": workshop.join_code})

        response = post_form(
            client_for(owner),
            reverse("workshops:delete", args=[workshop.pk]),
            [("confirm", typed)],
        )

        assert response.status_code < 500
        if Workshop.objects.filter(pk=workshop.pk).exists():
            assert response.status_code == 200
            assert error_messages(response)
            assert everything() == before
        else:
            assert as_received(typed) == workshop.join_code


# The board ------------------------------------------------------------------------------

inline = st.booleans().map(lambda yes: {"HX-Request": "true"} if yes else {})


@settings(max_examples=examples(50), **FUZZ)
@given(
    form=form_fields(
        {"minutes": st.integers(1, 120).map(str), "label": stored(80)}, {"minutes": ints}
    ),
    stop=st.one_of(st.sampled_from([None, None, "1", "0"]), nasty_text),
    next_url=next_urls,
    headers=inline,
)
def test_the_timer(workshop, owner, form, stop, next_url, headers):
    pairs = [*form, ("next", next_url)]
    if stop is not None:
        pairs.append(("stop", stop))
    with rolled_back():
        before = workshop_row(workshop)
        client = client_for(owner)

        response = post_form(
            client, reverse("workshops:timer", args=[workshop.pk]), pairs, headers=headers
        )

        assert response.status_code < 500
        assert_stays_here(response)
        after = workshop_row(workshop)
        if said_no(refused(response)):
            assert after == before
        board = board_body(client_for(owner), workshop)
        assert_escaped(board, after["timer_label"] if after["timer_ends_at"] else "")


FILTER_VALUES = [Ref("team"), "1", "5", "-", "individual", "genai", "on", "<b>x</b> Sygeplejerske"]


@settings(max_examples=examples(50), **FUZZ)
@given(
    query=st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from(
                    ["question", "level", "team", "profession", "ai_kind", "q", "unused"]
                ),
                nasty_text,
            ),
            st.one_of(st.sampled_from(FILTER_VALUES), nasty_text),
        ),
        max_size=6,
    ),
    etag=st.one_of(st.none(), nasty_text),
    htmx=st.booleans(),
)
def test_board_filters(workshop, owner, cards, query, etag, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    if etag is not None:
        headers["If-None-Match"] = as_received(etag)
    refs = {"team": workshop.teams.first().pk}

    response = get_query(
        client_for(owner),
        reverse("workshops:board", args=[workshop.pk]),
        fill(query, refs),
        headers=headers,
    )

    assert response.status_code in (200, 304)
    assert_escaped(response.content.decode())


ENTRY_ACTIONS = ["entry_levels", "entry_hide", "entry_approve", "entry_edit"]


@settings(max_examples=examples(60), **FUZZ)
@given(
    action=st.sampled_from(ENTRY_ACTIONS),
    target=mostly(
        st.just(Ref("card")),
        st.one_of(st.sampled_from([Ref("elsewhere"), Ref("removed")]), st.integers(0, 2**70)),
    ),
    data=st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from(["levels", "reset", "hidden", "approved", "text", "text"]),
                nasty_text,
            ),
            st.one_of(st.sampled_from([*IGLOO_CODES, "-", "0", "1", "on", ""]), nasty_text),
        ),
        max_size=4,
    ),
    next_url=next_urls,
    headers=inline,
)
def test_moving_hiding_and_editing_a_card(
    workshop, owner, cards, other_participant, action, target, data, next_url, headers
):
    with rolled_back():
        removed = add_entry(cards[0].participant, "Fjernet")
        Entry.objects.filter(pk=removed.pk).update(removed=True)
        refs = {
            "card": cards[0].pk,
            "elsewhere": add_entry(other_participant, "Andet sted").pk,
            "removed": removed.pk,
        }
        [(_, entry_pk)] = fill([("pk", target)], refs)
        before = entry_rows()
        client = client_for(owner)

        response = post_form(
            client,
            reverse(f"workshops:{action}", args=[workshop.pk, entry_pk]),
            [*data, ("next", next_url)],
            headers=headers,
        )

        assert response.status_code < 500
        assert_stays_here(response)
        after = entry_rows()
        if said_no(refused(response)):
            assert after == before
        shown = [row["facilitator_text"] for row in after.values() if not row["removed"]]
        board = board_body(client, workshop)
        assert_escaped(board, *shown)


@settings(max_examples=examples(40), **FUZZ)
@given(
    form=form_fields(
        {"team": st.sampled_from([Ref("akut"), ""]), "display_name": stored(60)}, {"team": ints}
    ),
    junk=junk_pairs,
)
def test_creating_a_paper_worksheet(workshop, owner, form, junk):
    refs = {"akut": workshop.teams.get(name="Akut").pk}
    pairs = fill([*form, *junk], refs)
    with rolled_back():
        before = everything()
        last = last_pk(Participant)
        client = client_for(owner)
        url = reverse("workshops:paper_new", args=[workshop.pk])

        response = post_form(client, url, pairs)

        assert response.status_code < 500
        if said_no(response.status_code != 302):
            assert everything() == before
            assert_escaped(response.content.decode(), sent(pairs, "display_name"))
            return
        paper = Participant.objects.get(pk__gt=last)
        assert paper.from_paper
        assert paper.display_name == sent(pairs, "display_name").strip()
        assert_escaped(page(client, url), paper.display_name)
        page(client, response["Location"])


# Principles and the charter ----------------------------------------------------------


def principle_rows(workshop: Workshop) -> tuple:
    return (
        list(
            Principle.objects.filter(workshop=workshop)
            .order_by("pk")
            .values_list("pk", "title", "statement", "cells", "position", "edit_version")
        ),
        list(PrincipleSource.objects.order_by("pk").values_list("principle", "entry")),
    )


@settings(max_examples=examples(50), **FUZZ)
@given(
    texts=st.lists(stored_text, min_size=1, max_size=3),
    picks=st.lists(
        mostly(
            st.sampled_from([Ref("new0"), Ref("new1"), Ref("card")]),
            st.one_of(st.just(Ref("elsewhere")), ints),
        ),
        max_size=3,
    ),
    into=mostly(st.sampled_from(["", Ref("principle")]), st.one_of(st.just(Ref("theirs")), ints)),
    next_url=next_urls,
)
def test_merging_cards(
    workshop, owner, participant, cards, other_participant, texts, picks, into, next_url
):
    with rolled_back():
        new = [
            add_entry(participant, text, question=n % 5 + 1, levels=IGLOO_CODES[n % 3 :][:2])
            for n, text in enumerate(texts)
        ]
        elsewhere = add_entry(other_participant, "Andet sted")
        refs = {
            "new0": new[0].pk,
            "new1": new[-1].pk,
            "card": cards[0].pk,
            "elsewhere": elsewhere.pk,
            "principle": principle_merge(workshop=workshop, entry_ids=[cards[1].pk]).pk,
            "theirs": Principle.objects.create(workshop=elsewhere.workshop, title="Andet").pk,
        }
        before = principle_rows(workshop)
        client = client_for(owner)

        response = post_form(
            client,
            reverse("principles:merge", args=[workshop.pk]),
            fill(
                [*(("entries", pick) for pick in picks), ("principle", into), ("next", next_url)],
                refs,
            ),
        )

        assert response.status_code == 302
        assert_stays_here(response)
        if said_no(bool(error_messages(response))):
            assert principle_rows(workshop) == before
            return
        principle = Principle.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
        assert_escaped(
            page(client, response["Location"]),
            principle.title,
            *principle.cells.values(),
            *(entry.shown_text for entry in principle.sources.all()),
        )


def assert_published_escaped(client, workshop: Workshop, *texts: str) -> None:
    """The charter page, and the charter once published, show the texts escaped."""
    assert_escaped(page(client, reverse("principles:charter", args=[workshop.pk])), *texts)
    response = client.post(reverse("principles:publish", args=[workshop.pk]))
    assert response.status_code == 302
    assert not error_messages(response)
    version = CharterVersion.objects.filter(workshop=workshop).latest("number")
    assert_escaped(page(client, reverse("charters:version", args=[version.pk])), *texts)
    link = share_link_create(workshop=workshop, user=None)
    assert_escaped(page(client_for(), reverse("share:page", args=[link.token])), *texts)


@pytest.fixture
def principle(workshop, cards):
    charter_for(workshop)
    return principle_merge(workshop=workshop, entry_ids=[cards[0].pk, cards[2].pk])


cell_keys = st.one_of(st.sampled_from([f"cell_{code}" for code in IGLOO_CODES]), nasty_text)


@settings(max_examples=examples(40), **FUZZ)
@given(
    form=form_fields(
        {
            "title": stored(120),
            "statement": stored(600),
            "edit_version": st.just(Ref("version")),
            **{f"cell_{code}": stored(600) for code in IGLOO_CODES[:3]},
        },
        {"edit_version": ints},
    ),
    cells=st.lists(st.tuples(cell_keys, nasty_text), max_size=2),
)
def test_editing_a_principle(workshop, owner, principle, form, cells):
    url = reverse("principles:edit", args=[workshop.pk, principle.pk])
    refs = {"version": Principle.objects.get(pk=principle.pk).edit_version}
    with rolled_back():
        before = principle_rows(workshop)
        client = client_for(owner)

        response = post_form(client, url, fill([*form, *cells], refs))

        assert response.status_code < 500
        if said_no(response.status_code != 302):
            assert response.status_code in (400, 409)
            assert principle_rows(workshop) == before
            assert_escaped(response.content.decode())
            return
        stored = Principle.objects.get(pk=principle.pk)
        texts = [stored.title, stored.statement, *stored.cells.values()]
        assert_escaped(page(client, url), *texts)
        assert_published_escaped(client, workshop, *texts)


def charter_row(workshop: Workshop) -> list:
    return list(Charter.objects.filter(workshop=workshop).values())


@settings(max_examples=examples(40), **FUZZ)
@given(
    form=form_fields(
        {
            "title": stored(200),
            "date": st.dates().map(str),
            "preamble": st.one_of(stored(3000), st.just("Præambel\n\n<b>x</b> linje\r\nto")),
            "include_appendix": st.sampled_from(["on", ""]),
        },
        {"date": dates},
    ),
    junk=junk_pairs,
)
def test_editing_the_charter(workshop, owner, principle, form, junk):
    pairs = [*form, *junk]
    with rolled_back():
        before = charter_row(workshop)
        client = client_for(owner)

        response = post_form(client, reverse("principles:charter", args=[workshop.pk]), pairs)

        assert response.status_code < 500
        if said_no(response.status_code != 302):
            assert response.status_code == 400
            assert charter_row(workshop) == before
            assert_escaped(response.content.decode())
            return
        charter = Charter.objects.get(workshop=workshop)
        assert_published_escaped(client, workshop, charter.title, charter.preamble)


@settings(max_examples=examples(30), **FUZZ)
@given(dots=mostly(st.integers(1, 20).map(str), ints), junk=junk_pairs)
def test_dots_per_participant(workshop, owner, dots, junk):
    with rolled_back():
        before = workshop_row(workshop)

        pairs = [("dots", dots), *junk]

        response = post_form(
            client_for(owner), reverse("principles:dots", args=[workshop.pk]), pairs
        )

        assert response.status_code == 302
        after = workshop_row(workshop)
        if said_no(bool(error_messages(response))):
            assert after == before
        else:
            assert after["dots_per_participant"] == int(sent(pairs, "dots"))


@settings(max_examples=examples(30), **FUZZ)
@given(
    role=mostly(
        st.sampled_from(["facilitator", "manager"]),
        st.one_of(st.sampled_from(["owner", "FACILITATOR", ""]), nasty_text),
    ),
    junk=junk_pairs,
)
def test_creating_an_invite(organisation, owner, role, junk):
    with rolled_back():
        before = list(Invite.objects.values_list("pk", "role"))
        client = client_for(owner)

        pairs = [("role", role), *junk]

        response = post_form(client, reverse("org:invite_create", args=[organisation.pk]), pairs)

        assert response.status_code == 302
        after = list(Invite.objects.values_list("pk", "role"))
        if said_no(bool(error_messages(response))):
            assert after == before
        else:
            assert len(after) == len(before) + 1
            assert Invite.objects.latest("pk").role == sent(pairs, "role")
        page(client, reverse("org:detail", args=[organisation.pk]))


# Everything else: any query on every page, any body on every other POST --------------


@pytest.fixture
def published(workshop, owner, principle):
    from principles.services import charter_publish

    version = charter_publish(workshop=workshop, user=owner)
    link = share_link_create(workshop=workshop, user=owner)
    return version, link


FACILITATOR_PAGES = [
    ("workshops:dashboard", ()),
    ("workshops:detail", ("workshop",)),
    ("workshops:board", ("workshop",)),
    ("workshops:presenter", ("workshop",)),
    ("workshops:paper_new", ("workshop",)),
    ("org:detail", ("organisation",)),
    ("principles:list", ("workshop",)),
    ("principles:similar", ("workshop", "entry")),
    ("principles:edit", ("workshop", "principle")),
    ("principles:charter", ("workshop",)),
    ("principles:diff", ("workshop",)),
    ("charters:list", ()),
    ("charters:version", ("version",)),
    ("principles:export", ("workshop", "export")),
]
PUBLIC_PAGES = [
    ("join:code", ()),
    ("signup", ()),
    ("login", ()),
    ("share:page", ("token",)),
    ("phone:worksheet", ("public_id",)),
    ("phone:status", ("public_id",)),
]
QUERY_NAMES = ["next", "from", "to", "question", "q", "phase", "room", "invite", "code"]
queries = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(QUERY_NAMES), nasty_text),
        st.one_of(st.sampled_from(["1", "2", "", "/workshops/", "//evil.example"]), nasty_text),
    ),
    max_size=4,
)


@settings(max_examples=examples(60), **FUZZ)
@given(
    view=st.sampled_from(FACILITATOR_PAGES + PUBLIC_PAGES),
    query=queries,
    htmx=st.booleans(),
)
def test_any_query_on_any_page(
    organisation, workshop, owner, participant, cards, published, view, query, htmx
):
    version, link = published
    refs = {
        "workshop": workshop.pk,
        "organisation": organisation.pk,
        "entry": cards[0].pk,
        "principle": Principle.objects.filter(workshop=workshop).first().pk,
        "version": version.pk,
        "export": "entries.csv",
        "token": link.token,
        "public_id": workshop.public_id,
    }
    name, args = view
    query = [(k, without_nul_on_postgres(v) if k == "invite" else v) for k, v in query]
    client = phone_for(participant) if view in PUBLIC_PAGES else client_for(owner)
    headers = {"HX-Request": "true"} if htmx else {}
    with rolled_back():
        response = get_query(
            client, reverse(name, args=[refs[arg] for arg in args]), query, headers=headers
        )

        assert response.status_code < 500
        assert_stays_here(response)
        if "html" in response.get("Content-Type", ""):
            assert_escaped(response.content.decode())


TOKEN_URLS = ["/j/{}/", "/w/{}/", "/w/{}/status/", "/s/{}/", "/invite/{}/", "/charters/{}/"]


@settings(max_examples=examples(50), **FUZZ)
@given(url=st.sampled_from(TOKEN_URLS), token=nasty_text, method=st.sampled_from(["get", "post"]))
def test_any_token_in_a_url(owner, url, token, method):
    with rolled_back():
        response = getattr(client_for(owner), method)(
            url.format(segment(without_nul_on_postgres(token)))
        )

        assert response.status_code < 500
        assert_stays_here(response)
        assert_escaped(response.content.decode())


OTHER_POSTS = [
    ("workshops:reveal", ("workshop",)),
    ("workshops:entry_approve", ("workshop", "entry")),
    ("principles:order", ("workshop",)),
    ("principles:publish", ("workshop",)),
    ("principles:share_create", ("workshop",)),
    ("principles:share_revoke", ("workshop", "link")),
    ("org:invite_revoke", ("organisation", "invite")),
    ("principles:delete", ("workshop", "principle")),
    ("principles:move", ("workshop", "principle")),
    ("principles:source_remove", ("workshop", "principle", "entry")),
    ("phone:submit", ("public_id",)),
    ("invite", ("invite_token",)),
    ("set_language", ()),
    ("password_reset", ()),
    ("password_change", ()),
    ("logout", ()),
]
BODY_NAMES = ["revealed", "approved", "direction", "next", "language", "email"]
BODY_NAMES += ["old_password", "new_password1", "new_password2"]


@settings(max_examples=examples(60), **FUZZ)
@given(
    view=st.sampled_from(OTHER_POSTS),
    body=st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from(BODY_NAMES),
                nasty_text,
            ),
            st.one_of(
                st.sampled_from(
                    ["0", "1", "up", "down", "da", "en", "//evil.example", PASSWORD, STRONG]
                    + ["facilitator@example.dk"]
                ),
                nasty_text,
            ),
        ),
        max_size=4,
    ),
    headers=inline,
)
def test_any_body_on_every_other_post(
    organisation, workshop, owner, participant, cards, published, view, body, headers
):
    _version, link = published
    with rolled_back():
        invite = Invite.objects.create(organisation=organisation, role="manager")
        refs = {
            "workshop": workshop.pk,
            "organisation": organisation.pk,
            "entry": cards[0].pk,
            "principle": Principle.objects.filter(workshop=workshop).first().pk,
            "link": link.pk,
            "invite": invite.pk,
            "invite_token": invite.token,
            "public_id": workshop.public_id,
        }
        name, args = view
        url = reverse(name, args=[refs[arg] for arg in args])
        body = [(key, not_a_view_name(value) if key == "next" else value) for key, value in body]

        response = post_form(client_for(owner), url, body, headers=headers)

        assert response.status_code < 500
        assert_stays_here(response)
        assert_escaped(response.content.decode())


# NUL on PostgreSQL ----------------------------------------------------------------------


def test_a_nul_in_text_gets_a_clear_message(workshop, participant, owner, cards, principle):
    """PostgreSQL can't store NUL; every form says so instead of failing."""
    said = "Null characters are not allowed."
    client = client_for(owner)
    before = (everything(), workshop_row(workshop), entry_rows(), principle_rows(workshop))

    joined = post_form(client_for(), f"/j/{workshop.join_code}/", [("display_name", "a\x00b")])
    saved = post_json(
        phone_for(participant),
        reverse("phone:save", args=[workshop.public_id]),
        {"fields": {"profession": {"value": "a\x00b", "rev": 9}}, "entries": []},
    )
    typed = post_form(
        phone_for(participant),
        reverse("phone:worksheet", args=[workshop.public_id]),
        [("new-1-text", "a\x00b")],
    )
    timer = post_form(
        client,
        reverse("workshops:timer", args=[workshop.pk]),
        [("minutes", "5"), ("label", "a\x00b")],
    )
    reworded = post_form(
        client,
        reverse("workshops:entry_edit", args=[workshop.pk, cards[0].pk]),
        [("text", "a\x00b")],
    )
    titled = post_form(
        client,
        reverse("principles:edit", args=[workshop.pk, principle.pk]),
        [("title", "a\x00b"), ("edit_version", principle.edit_version)],
    )

    assert said in joined.content.decode()
    assert said in saved.json()["errors"]["field:profession"]
    assert said in typed.content.decode()
    assert said in " ".join(error_messages(timer))
    assert said in " ".join(error_messages(reworded))
    assert said in titled.content.decode()
    assert (everything(), workshop_row(workshop), entry_rows(), principle_rows(workshop)) == before


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/j/%00/"),
        ("get", "/w/%00/"),
        ("post", "/w/%00/save/"),
        ("get", "/w/%00/status/"),
        ("get", "/s/%00/"),
        ("get", "/invite/%00/"),
        ("get", "/accounts/signup/?invite=%00"),
    ],
)
def test_a_nul_in_a_token_is_not_a_server_error(db, method, url):
    response = getattr(client_for(), method)(url)

    assert response.status_code < 500


@pytest.mark.parametrize("view", ["principles:merge", "workshops:reveal", "workshops:timer"])
def test_a_next_that_looks_like_a_view_name_is_not_a_server_error(workshop, owner, view):
    response = client_for(owner).post(reverse(view, args=[workshop.pk]), {"next": "0"})

    assert response.status_code < 500
