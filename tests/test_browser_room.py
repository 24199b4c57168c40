"""A whole workshop in a real headless Chromium, in Danish, played by the people
in it: a facilitator who signs up, a board on the laptop, a projector, three
phones (one of them losing the Wi-Fi for a while) and a manager who is invited
and downloads the published charter.

Each step checks what the person sees; the database only where a person
cannot see it (that the offline phone's points really arrived).
"""

from __future__ import annotations

import io
import os
import re

import pytest
from django.apps import apps
from django.core import mail
from django.db import connections
from django.utils import formats, timezone, translation

from igloo.data import sync
from tests.browser import require_chromium, serious_violations

pytestmark = pytest.mark.browser
require_chromium()

PASSWORD = "Solsikke-Fjord-2026!"
POLL = 12_000  # the board and the projector poll every 3 s, the phones every 4 s

PHONES = [
    # (team, profession, [(question, text, chips)])
    (
        "Akut",
        "Sygeplejerske",
        [(1, "Mere tid ved sengen", ["Individ"]), (3, "AI foreslår, mennesket beslutter", [])],
    ),
    (
        "Medicin",
        "Læge",
        [(1, "Færre fejl i medicinlisten", ["Organisation"])],
    ),
    (
        "Akut",
        "Lægesekretær",
        [
            (1, "Tid til patienterne frem for papir", ["Individ"]),
            (4, "Chatbotten er dum og det er ledelsen også", ["Ledelse"]),
        ],
    ),
]
# What the offline phone writes while the Wi-Fi is gone.
OFFLINE = [(2, "Udkast til epikriser", ["Gruppe"]), (5, "Faglig dømmekraft", [])]


def test_a_whole_workshop_as_the_people_in_it_see_it(live_server, browser):
    sync(apps)  # a transactional test starts from empty tables: load the levels
    contexts = []
    try:
        whole_room(live_server, browser, contexts)
    finally:
        for context in contexts:
            context.close()
        # Playwright's greenlet holds ORM connections pytest-django does not close.
        connections.close_all()


def whole_room(live_server, browser, contexts):  # noqa: C901, PLR0915 - one story, told in order
    from playwright.sync_api import expect
    from pypdf import PdfReader

    from workshops.models import Entry

    url = live_server.url
    import time

    started = time.monotonic()

    def mark(what):
        print(f"{time.monotonic() - started:6.1f}s  {what}")

    def shot(page, name):
        """ROOM_SCREENSHOTS=<dir> keeps what each person saw, for a human to look at."""
        if os.environ.get("ROOM_SCREENSHOTS"):
            page.screenshot(path=os.path.join(os.environ["ROOM_SCREENSHOTS"], f"{name}.png"))

    def context(width, height, **kw):
        made = browser.new_context(
            viewport={"width": width, "height": height}, locale="da-DK", **kw
        )
        contexts.append(made)
        return made

    # 1. The facilitator signs up, creates a workshop and opens the room -------------------
    laptop = context(1440, 900)
    board = laptop.new_page()
    board.goto(f"{url}/accounts/signup/")
    expect(board.locator("html")).to_have_attribute("lang", "da")
    expect(board.get_by_role("heading", name="Opret en konto", level=1)).to_be_visible()
    board.get_by_label("Dit navn").fill("Mette Facilitator")
    board.get_by_label("E-mail").fill("mette@sygehus-oest.dk")
    board.get_by_label("Organisation").fill("Sygehus Øst, Akutafdelingen")
    board.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
    board.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    board.get_by_role("button", name="Opret konto").click()
    follow_sign_up_mail(board, "mette@sygehus-oest.dk")
    expect(board.get_by_text("Velkommen! Din konto er klar.")).to_be_visible()
    expect(board.get_by_role("heading", name="Workshops", level=1)).to_be_visible()

    shot(board, "01-dashboard")
    board.get_by_role("link", name="Ny workshop").click()
    today = timezone.localdate()
    expect(board.get_by_label("Dato")).to_have_value(today.isoformat())
    board.get_by_label("Titel").fill("AI i akutmodtagelsen")
    board.get_by_label("Teams").fill("Akut\nMedicin")
    board.get_by_role("button", name="Opret workshop").click()
    expect(board.get_by_role("heading", name="AI i akutmodtagelsen", level=1)).to_be_visible()
    with translation.override("da"):
        shown_date = formats.date_format(today, "DATE_FORMAT")
    expect(board.locator(".eyebrow")).to_contain_text(shown_date)
    overview_url = board.url
    assert re.search(r"/workshops/\d+/$", overview_url), overview_url

    def next_phase(label):
        """The overview's phase button, as the facilitator presses it."""
        if board.url != overview_url:
            board.goto(overview_url)
        board.get_by_role("button", name=f"Næste: {label}").click()
        expect(board.locator("strong.phase")).to_have_text(label)

    def open_board():
        """From the overview's button, or the workshop's menu on its other pages."""
        nav = board.get_by_role("navigation", name="Workshop")
        if nav.count():
            nav.get_by_role("link", name="Tavle", exact=True).click()
        else:
            board.get_by_role("link", name="Åbn tavlen").click()
        expect(board.get_by_role("heading", name="Tavle", level=1)).to_be_visible()
        # board.js (deferred) restores the drawers' open state before this
        # event; checking a drawer earlier races with it on a busy machine.
        board.wait_for_load_state("domcontentloaded")

    expect(board.locator("strong.phase")).to_have_text("Forberedelse")
    shot(board, "02-overview")
    next_phase("Indsamling")

    # The projector: a second window on the same laptop, at 1920×1080.
    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(overview_url)
    projector.get_by_role("link", name="Vis på projektoren").click()
    expect(projector.locator('[data-mode="collecting"]')).to_be_visible()
    expect(projector.locator(".projector-stat")).to_have_text("0 af 0 har indsendt")
    join_line = projector.locator(".projector-join")
    expect(join_line).to_contain_text("Deltag:")
    code = join_line.locator("strong").inner_text()
    assert re.fullmatch(r"\w{3} \w{3}", code), code

    open_board()

    def board_count(label):
        return board.locator(f'#board-summary .counts div:has(> dt:text-is("{label}")) > dd')

    def projector_count(word):
        return projector.locator("#counts > div", has_text=word).locator(".big")

    def column(code):
        return board.locator(f'#board-body section.column[data-level="{code}"]')

    def card(text, level=None):
        where = column(level) if level else board.locator("#board-body")
        return where.locator("li.board-card", has_text=text)

    expect(board_count("Tilmeldt")).to_have_text("0")

    mark("step 2")
    # 2. Three phones join with the code on the screen and write -----------------------------
    phones = []
    for index, (team, profession, points) in enumerate(PHONES):
        phone = context(390, 844, is_mobile=True, has_touch=True).new_page()
        phones.append(phone)
        phone.goto(f"{url}/join/")
        # Typed as read off the wall: lower case, the space kept.
        phone.get_by_label("Workshopkode").fill(code.lower())
        phone.get_by_role("button", name="Deltag", exact=True).click()
        expect(phone.get_by_role("group", name="Dit team")).to_be_visible()
        phone.get_by_label(team, exact=True).check()
        phone.get_by_role("button", name="Gå til arbejdsarket").click()
        expect(phone.locator("h1")).to_have_text("STEP 1: Etabler jeres sociotekniske principper")
        if index == 0:
            assert serious_violations(phone) == []

        # The room sees someone join.
        expect(projector_count("tilmeldt")).to_have_text(str(index + 1), timeout=POLL)
        expect(board_count("Tilmeldt")).to_have_text(str(index + 1), timeout=POLL)

        phone.get_by_label("Profession").fill(profession)
        for question, text, chips in points:
            write(phone, question, text, chips)
        expect(phone.locator("#save-status")).to_have_text("Alle ændringer er gemt", timeout=10_000)
        for _question, text, _chips in points:
            expect(card(text)).to_be_visible(timeout=POLL)
        expect(card("Mere tid ved sengen", "individual")).to_contain_text("Sygeplejerske")

    # The second phone loses the Wi-Fi, keeps writing, and gets it back.
    offline = phones[1]
    status = offline.locator("#save-status")
    offline.context.set_offline(True)
    for question, text, chips in OFFLINE:
        write(offline, question, text, chips)
    expect(status).to_contain_text("Ingen forbindelse", timeout=10_000)
    with board.expect_response(lambda r: "/board/" in r.url, timeout=POLL):
        pass  # a board poll passes: nothing can have arrived
    expect(card("Udkast til epikriser")).to_have_count(0)
    offline.context.set_offline(False)
    expect(status).to_have_text("Alle ændringer er gemt", timeout=15_000)
    expect(card("Udkast til epikriser", "group")).to_be_visible(timeout=POLL)
    expect(card("Faglig dømmekraft", "-")).to_be_visible(timeout=POLL)
    assert set(
        Entry.objects.filter(participant__profession="Læge", removed=False).values_list(
            "text", flat=True
        )
    ) == {"Færre fejl i medicinlisten", "Udkast til epikriser", "Faglig dømmekraft"}
    expect(board_count("Punkter")).to_have_text("7", timeout=POLL)

    # One "Indsend" a phone: the board's count goes up once for each.
    for index, phone in enumerate(phones):
        phone.get_by_role("button", name="Indsend", exact=True).click()
        expect(phone.locator("#submitted")).to_contain_text("Dit arbejdsark er indsendt")
        expect(board_count("Indsendt")).to_have_text(str(index + 1), timeout=POLL)
        expect(projector.locator(".projector-stat")).to_have_text(
            f"{index + 1} af 3 har indsendt", timeout=POLL
        )
    expect(projector_count("indsendt")).to_have_text("3")
    expect(projector_count("kort")).to_have_text("7")
    assert serious_violations(board) == []

    mark("step 3")
    shot(board, "03-board-collecting")
    shot(projector, "04-projector-collecting")
    shot(phones[1], "05-phone-submitted")

    # 3. The board: re-tag, hide, reword, the wall, merge ----------------------------------------
    def open_tools(box):
        box.locator("details.card-tools > summary").click()
        box.locator(".tools-body form").first.wait_for()

    loose = card("Faglig dømmekraft", "-")
    expect(loose.locator("summary")).to_contain_text("Flyt, rediger, skjul")
    open_tools(loose)
    loose.get_by_label("Ledelse", exact=True).check()
    loose.get_by_label("Organisation", exact=True).check()
    loose.get_by_role("button", name="Placer på disse niveauer").click()
    expect(card("Faglig dømmekraft", "leadership")).to_be_visible(timeout=POLL)
    expect(card("Faglig dømmekraft", "organisation")).to_be_visible()
    expect(card("Faglig dømmekraft", "-")).to_have_count(0)

    rude = card("Chatbotten er dum", "leadership")
    open_tools(rude)
    rude.get_by_role("button", name="Skjul", exact=True).click()
    expect(rude).to_have_class(re.compile(r"\bis-hidden\b"), timeout=2_500)
    expect(rude.locator(".flag", has_text="skjult")).to_be_visible()

    draft = card("Udkast til epikriser", "group")
    open_tools(draft)
    draft.get_by_label("Formulering på tavlen").fill("AI skriver udkast til epikriser, vi retter")
    draft.get_by_role("button", name="Gem formuleringen").click()
    reworded = card("AI skriver udkast til epikriser, vi retter", "group")
    expect(reworded).to_be_visible(timeout=POLL)
    expect(reworded.locator(".card-meta")).to_contain_text("omformuleret")

    # The projector shows the card wall, picked in the board's drawer.
    board.locator("#drawer-room > summary").click()
    expect(board.locator("#drawer-room > summary")).to_contain_text("Nedtælling og projektor")
    modes = board.locator(".projector-modes")
    modes.get_by_role("button", name="Kort", exact=True).click()
    expect(
        board.locator(".projector-modes").get_by_role("button", name="Kort", exact=True)
    ).to_have_attribute("aria-pressed", "true")
    wall = projector.locator("#wall")
    expect(wall.locator('[data-mode="wall"]')).to_be_visible(timeout=POLL)
    expect(wall).to_contain_text("AI skriver udkast til epikriser, vi retter")
    expect(wall).to_contain_text("Faglig dømmekraft")
    expect(wall).not_to_contain_text("Udkast til epikriser")
    expect(wall).not_to_contain_text("Chatbotten er dum")
    assert serious_violations(projector) == []

    shot(board, "06-board-edited")
    shot(projector, "07-projector-wall")
    # Collection closes; the facilitator merges the cards into principles.
    next_phase("Gruppering (indsamling lukket)")
    expect(phones[0].get_by_text("Der er lukket for svar.")).to_be_visible(timeout=POLL)
    expect(phones[0].locator("textarea")).to_have_count(0)

    def merge(texts, title, statement):
        open_board()
        for text in texts:
            board.locator("#board-body").get_by_label(f"Vælg: {text}").first.check()
        expect(board.locator(".merge-count")).to_have_text(f"{len(texts)} kort valgt")
        board.get_by_role("button", name="Slå de valgte kort sammen").click()
        expect(board.get_by_role("heading", name="Princip", exact=True)).to_be_visible()
        for text in texts:
            expect(board.locator("ul.sources")).to_contain_text(text)
        board.get_by_label("Titel").fill(title)
        board.get_by_label("Udsagn").fill(statement)
        board.get_by_role("button", name="Gem", exact=True).click()
        expect(board.get_by_role("link", name=title)).to_be_visible()

    merge(
        ["Mere tid ved sengen", "Tid til patienterne frem for papir"],
        "Tid til kerneopgaven",
        "Når AI sparer tid, bruger vi den på patienterne.",
    )
    merge(
        ["AI foreslår, mennesket beslutter", "AI skriver udkast til epikriser, vi retter"],
        "Mennesket beslutter",
        "AI må foreslå; et menneske beslutter og står inde for resultatet.",
    )
    open_board()
    expect(card("Mere tid ved sengen").locator(".card-feeds")).to_contain_text(
        "Tid til kerneopgaven"
    )

    mark("step 4")
    # 4. Voting ------------------------------------------------------------------------------------
    next_phase("Afstemning")
    voting = projector.locator('[data-mode="voting"]')
    expect(voting).to_be_visible(timeout=POLL)
    stat = projector.locator(".projector-stat")
    expect(stat).to_have_text("0 af 3 har stemt")
    expect(projector.locator(".projector-principles li")).to_have_text(
        ["Tid til kerneopgaven", "Mennesket beslutter"]
    )
    assert "prik" not in projector.locator(".projector-principles").inner_text()

    def vote(phone, title, times):
        add = phone.get_by_role("button", name=f"Sæt en prik på {title}")
        for _ in range(times):
            left = phone.locator(".dots-left").inner_text()
            add.click()
            expect(phone.locator(".dots-left")).not_to_have_text(left)

    ballots = [
        [("Tid til kerneopgaven", 3)],
        [("Mennesket beslutter", 2), ("Tid til kerneopgaven", 1)],
        [("Mennesket beslutter", 1)],
    ]
    for index, (phone, ballot) in enumerate(zip(phones, ballots, strict=True)):
        expect(phone.get_by_role("heading", name="Stem om principperne")).to_be_visible(
            timeout=POLL
        )
        expect(phone.locator(".dots-left")).to_have_text("Du har 3 prikker tilbage.")
        for title, times in ballot:
            vote(phone, title, times)
        expect(stat).to_have_text(f"{index + 1} af 3 har stemt", timeout=POLL)
        if index == 0:
            expect(phone.locator(".dots-left")).to_have_text("Du har 0 prikker tilbage.")
            spent = phone.get_by_role("button", name="Sæt en prik på Mennesket beslutter")
            live = phone.get_by_role("button", name="Tag en prik tilbage fra Tid til kerneopgaven")
            expect(spent).to_be_disabled()
            expect(live).to_be_enabled()
            look = "b => { const s = getComputedStyle(b); return [s.opacity, s.cursor]; }"
            opacity, cursor = spent.evaluate(look)
            assert cursor == "not-allowed" and float(opacity) < 1, (opacity, cursor)
    shot(projector, "08-projector-voting")
    shot(phones[0], "09-phone-voted")
    # No tallies on the projector while the room votes.
    expect(projector.locator(".results-dots")).to_have_count(0)

    open_board()
    if board.locator("#drawer-room").get_attribute("open") is None:
        board.locator("#drawer-room > summary").click()
    board.locator(".projector-modes").get_by_role("button", name="Resultat", exact=True).click()
    expect(projector.locator('[data-mode="results"]')).to_be_visible(timeout=POLL)
    expect(projector.locator(".results-title")).to_have_text(
        ["Tid til kerneopgaven", "Mennesket beslutter"]
    )
    expect(projector.locator(".results-dots")).to_have_text(["4 prikker", "3 prikker"])

    mark("step 5")
    shot(projector, "10-projector-results")
    # 5. The charter is published and the room moves on -------------------------------------------
    # (The site menu has a "Principsæt" link too: the published charters.)
    board.get_by_role("navigation", name="Workshop").get_by_role(
        "link", name="Principsæt", exact=True
    ).click()
    expect(board.get_by_role("heading", name="Principsæt", level=1)).to_be_visible()
    board.get_by_role("button", name="Offentliggør version 1").click()
    expect(board.get_by_text("Version 1 er offentliggjort.")).to_be_visible()
    next_phase("Principsæt")
    expect(projector.locator('[data-mode="charter"]')).to_be_visible(timeout=POLL)
    expect(projector.locator(".charter-principles h2")).to_have_text(
        ["Tid til kerneopgaven", "Mennesket beslutter"]
    )
    assert code not in projector.locator("#wall").inner_text()
    phone = phones[2]
    expect(phone.get_by_text("Workshoppen er slut. Tak, fordi du deltog!")).to_be_visible(
        timeout=POLL
    )
    expect(phone.locator("ol.charter-principles > li > strong")).to_have_text(
        ["Tid til kerneopgaven", "Mennesket beslutter"]
    )
    expect(phone.get_by_role("button", name=re.compile("Sæt en prik"))).to_have_count(0)

    mark("step 6")
    shot(projector, "11-projector-charter")
    shot(phone, "12-phone-charter")
    shot(board, "13-overview-charter")
    # 6. A manager is invited, signs up and downloads the PDF -------------------------------------
    board.get_by_role("link", name="Workshops", exact=True).click()
    board.get_by_role("link", name="Sygehus Øst, Akutafdelingen", exact=True).click()
    expect(board.get_by_role("heading", name="Inviter en person")).to_be_visible()
    expect(board.get_by_label("Leder")).to_be_checked()
    board.get_by_role("button", name="Opret invitationslink").click()
    invite_url = board.get_by_label("Invitationslink").first.input_value()
    assert invite_url.startswith(url + "/invite/"), invite_url

    office = context(1280, 900).new_page()
    office.goto(invite_url)
    expect(office.get_by_text("Du er inviteret til Sygehus Øst, Akutafdelingen")).to_be_visible()
    office.get_by_role("link", name="Opret en konto").click()
    expect(office.get_by_label("Organisation")).to_have_count(0)
    office.get_by_label("Dit navn").fill("Lars Leder")
    office.get_by_label("E-mail").fill("lars@sygehus-oest.dk")
    office.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
    office.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    office.get_by_role("button", name="Opret konto").click()
    follow_sign_up_mail(office, "lars@sygehus-oest.dk")
    expect(
        office.get_by_role("heading", name="Offentliggjorte principsæt", level=1)
    ).to_be_visible()
    expect(office.locator(".charter-list")).to_contain_text("AI i akutmodtagelsen")
    pdf_link = office.get_by_role("link", name="Hent PDF")
    expect(pdf_link).to_be_visible()
    # The landing page carries the sign-up's "Velkommen! Din konto er klar.";
    # with the message and without it, axe finds nothing serious.
    expect(office.get_by_role("status")).to_contain_text("Velkommen! Din konto er klar.")
    assert serious_violations(office) == []
    office.reload()
    expect(office.get_by_role("heading", name="Offentliggjorte principsæt")).to_be_visible()
    assert serious_violations(office) == []  # the same page without the message
    shot(office, "14-manager")
    with office.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    with open(download.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Tid til kerneopgaven" in text
    assert "Mennesket beslutter" in text
    mark("done")


def follow_sign_up_mail(page, email: str) -> None:
    """Sign-up answers the same for every address and mails a one-time link:
    open it as the person would, and continue."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Tjek din e-mail", level=1)).to_be_visible()
    assert mail.outbox[-1].to == [email]
    page.goto(re.search(r"https?://\S+/accounts/welcome/\S+/", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name="Fortsæt").click()


def write(phone, question: int, text: str, chips: list[str]) -> None:
    """Write a point into the question's first empty box (adding one if needed)."""
    boxes = phone.locator(f'ol.entries[data-question="{question}"] li.entry')
    box = boxes.last
    if box.locator("textarea").input_value():
        count = boxes.count()
        phone.locator(f'button[data-add="{question}"]').click()
        from playwright.sync_api import expect

        expect(boxes).to_have_count(count + 1)
        box = boxes.last
    box.locator("textarea").fill(text)
    for chip in chips:
        box.get_by_label(chip, exact=True).check()
