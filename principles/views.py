"""Principles, voting and the charter: the facilitator's pages, the phone's
vote, and the published charter for managers and share links."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from workshops.access import get_workshop_for
from workshops.links import safe_next
from workshops.models import Entry, Workshop
from workshops.phone import phone_view
from workshops.selectors import unused_count
from workshops.services import workshop_set_dots

from . import exports
from .access import get_version_for, versions_readable_by
from .forms import CharterForm, DotsForm, MergeForm, PrincipleForm, VoteForm
from .models import CharterVersion, Principle, ShareLink, Vote
from .render import pdf_etag, render_charter_html, stored_charter_pdf
from .selectors import ballot, card_feeds, principles_with_tally
from .services import (
    PrincipleConflict,
    charter_content,
    charter_for,
    charter_publish,
    charter_update,
    principle_delete,
    principle_merge,
    principle_move,
    principle_remove_source,
    principle_update,
    principles_order_by_votes,
    share_link_create,
    share_link_revoke,
    version_diff,
    vote_add,
    vote_remove,
)
from .similar import ranked_similar


def _principle(request, pk: int, principle_pk: int) -> tuple[Workshop, Principle]:
    workshop = get_workshop_for(request.user, pk)
    principle = get_object_or_404(Principle, pk=principle_pk, workshop=workshop)
    return workshop, principle


# /workshops/<pk>/principles/ --------------------------------------------------------


@login_required
@require_GET
def principle_list(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    principles = principles_with_tally(workshop)
    unused = unused_count(workshop)
    return render(
        request,
        "principles/principle_list.html",
        {
            "workshop": workshop,
            "principles": principles,
            "unused": unused,
            "dots_form": DotsForm(initial={"dots": workshop.dots_per_participant}),
            "voters": Vote.objects.filter(principle__workshop=workshop)
            .values("participant")
            .distinct()
            .count(),
        },
    )


@login_required
@require_POST
def merge(request, pk: int):
    """Cards selected on the board become a new principle, or join one."""
    workshop = get_workshop_for(request.user, pk)
    form = MergeForm(
        request.POST,
        entry_ids=Entry.objects.live().filter(workshop=workshop).values_list("pk", flat=True),
        principle_ids=workshop.principles.values_list("pk", flat=True),
    )
    back = safe_next(request, reverse("workshops:board", args=[workshop.pk]))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    target = form.cleaned_data["principle"]
    try:
        principle = principle_merge(
            workshop=workshop,
            entry_ids=form.cleaned_data["entries"],
            principle=workshop.principles.get(pk=target) if target else None,
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request,
        _("The cards are merged into “%(title)s”. Reword it below.") % {"title": principle.title},
    )
    return redirect("principles:edit", pk=workshop.pk, principle_pk=principle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def principle_edit(request, pk: int, principle_pk: int):
    workshop, principle = _principle(request, pk, principle_pk)
    levels = list(workshop.scheme.levels.all())
    if request.method != "POST":
        return _principle_page(request, workshop, principle, _principle_form(principle, levels))
    form = PrincipleForm(request.POST, levels=levels)
    if not form.is_valid():
        return _principle_page(request, workshop, principle, form, status=400)
    try:
        principle_update(
            principle=principle,
            edit_version=form.cleaned_data["edit_version"],
            title=form.cleaned_data["title"],
            statement=form.cleaned_data["statement"],
            cells=form.cells(),
        )
    except PrincipleConflict as conflict:
        messages.error(request, str(conflict))
        # Keep what this facilitator typed on the page, beside the current
        # version, so they can copy it over.
        rejected = [
            (form.fields[name].label, value)
            for name, value in form.cleaned_data.items()
            if name != "edit_version" and value
        ]
        current = conflict.principle
        form = _principle_form(current, levels)
        return _principle_page(request, workshop, current, form, rejected=rejected, status=409)
    messages.success(request, _("The principle is saved."))
    return redirect("principles:list", pk=workshop.pk)


def _principle_page(request, workshop, principle, form, *, rejected=(), status=200):
    sources = principle.sources.select_related("participant__team").order_by("question", "pk")
    context = {
        "workshop": workshop,
        "principle": principle,
        "form": form,
        "sources": sources,
        "rejected": list(rejected),
    }
    return render(request, "principles/principle_edit.html", context, status=status)


def _principle_form(principle: Principle, levels) -> PrincipleForm:
    initial = {
        "title": principle.title,
        "statement": principle.statement,
        "edit_version": principle.edit_version,
        **{f"cell_{code}": text for code, text in principle.cells.items()},
    }
    return PrincipleForm(initial=initial, levels=levels)


@login_required
@require_POST
def principle_remove(request, pk: int, principle_pk: int):
    workshop, principle = _principle(request, pk, principle_pk)
    principle_delete(principle=principle)
    messages.success(request, _("The principle is deleted. Its cards are still on the board."))
    return redirect("principles:list", pk=workshop.pk)


@login_required
@require_POST
def principle_reorder(request, pk: int, principle_pk: int):
    workshop, principle = _principle(request, pk, principle_pk)
    principle_move(principle=principle, up=request.POST.get("direction") != "down")
    return redirect("principles:list", pk=workshop.pk)


@login_required
@require_POST
def source_remove(request, pk: int, principle_pk: int, entry_pk: int):
    workshop, principle = _principle(request, pk, principle_pk)
    entry = get_object_or_404(Entry, pk=entry_pk, workshop=workshop)
    principle_remove_source(principle=principle, entry=entry)
    messages.success(request, _("The card is taken out of the principle; it stays on the board."))
    return redirect("principles:edit", pk=workshop.pk, principle_pk=principle.pk)


@login_required
@require_POST
def order_by_votes(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    principles_order_by_votes(workshop=workshop)
    messages.success(request, _("The principles are now sorted by their dots, most first."))
    return redirect("principles:list", pk=workshop.pk)


@login_required
@require_POST
def dots(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    form = DotsForm(request.POST)
    if form.is_valid():
        workshop_set_dots(workshop=workshop, dots=form.cleaned_data["dots"])
        messages.success(
            request,
            ngettext(
                "Each participant now has %(n)d dot.",
                "Each participant now has %(n)d dots.",
                workshop.dots_per_participant,
            )
            % {"n": workshop.dots_per_participant},
        )
    else:
        messages.error(request, _("Give each participant between 1 and 20 dots."))
    return redirect("principles:list", pk=workshop.pk)


@login_required
@require_GET
def similar(request, pk: int, entry_pk: int):
    """The cards most like this one, to select and merge together."""
    workshop = get_workshop_for(request.user, pk)
    entry = get_object_or_404(Entry.objects.live(), pk=entry_pk, workshop=workshop)
    candidates = list(
        Entry.objects.live()
        .filter(workshop=workshop)
        .select_related("participant__team")
        .order_by("pk")
    )
    method, similar_cards = ranked_similar(entry, candidates)
    feeds = card_feeds({other.pk for other in similar_cards})
    for other in similar_cards:
        other.feeds = feeds.get(other.pk, [])
    context = {
        "workshop": workshop,
        "entry": entry,
        "similar": similar_cards,
        "method": method.key,
        "principles": workshop.principles.order_by("position", "pk"),
    }
    if request.htmx:
        return render(request, "principles/similar.html#suggestions", context)
    return render(request, "principles/similar.html", context)


# /workshops/<pk>/charter/ --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def charter(request, pk: int):
    """Edit what the next version says, see it, publish it, share it."""
    workshop = get_workshop_for(request.user, pk)
    draft = charter_for(workshop)
    form = CharterForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        charter_update(charter=draft, **form.cleaned_data)
        messages.success(request, _("The charter is saved. Publish it to make a new version."))
        return redirect("principles:charter", pk=workshop.pk)
    versions = list(workshop.charter_home.versions.order_by("-number"))
    return render(
        request,
        "principles/charter.html",
        {
            "workshop": workshop,
            "form": form,
            "preview": charter_content(workshop, draft),
            "versions": versions,
            "links": workshop.share_links.filter(revoked_at__isnull=True),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def publish(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    try:
        version = charter_publish(
            workshop=workshop, user=request.user, site_url=request.build_absolute_uri("/")
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("principles:charter", pk=workshop.pk)
    messages.success(request, _("Version %(number)d is published.") % {"number": version.number})
    return redirect("principles:charter", pk=workshop.pk)


@login_required
@require_GET
def diff(request, pk: int):
    workshop = get_workshop_for(request.user, pk, run=False)
    versions = list(workshop.charter_home.versions.order_by("number"))
    by_number = {version.number: version for version in versions}
    try:
        newer = by_number[int(request.GET.get("to") or versions[-1].number)]
        older = by_number[int(request.GET.get("from") or max(newer.number - 1, 1))]
    except (KeyError, ValueError, IndexError):
        raise Http404 from None
    return render(
        request,
        "principles/diff.html",
        {
            "workshop": workshop,
            "older": older,
            "newer": newer,
            "versions": versions,
            "changes": version_diff(older, newer),
        },
    )


@login_required
@require_POST
def share_create(request, pk: int):
    workshop = get_workshop_for(request.user, pk)
    share_link_create(workshop=workshop, user=request.user)
    messages.success(request, _("The share link is ready."))
    return redirect("principles:charter", pk=workshop.pk)


@login_required
@require_POST
def share_revoke(request, pk: int, link_pk: int):
    workshop = get_workshop_for(request.user, pk)
    link = get_object_or_404(ShareLink, pk=link_pk, workshop=workshop)
    share_link_revoke(link=link)
    messages.success(request, _("The share link no longer works."))
    return redirect("principles:charter", pk=workshop.pk)


# Exports ----------------------------------------------------------------------------

EXPORTS = {
    "entries.csv": exports.entries_csv,
    "entries.xlsx": exports.entries_xlsx,
    "principles.csv": exports.principles_csv,
    "principles.xlsx": exports.principles_xlsx,
    "workshop.json": exports.workshop_json,
}


@login_required
@require_GET
def export(request, pk: int, name: str):
    workshop = get_workshop_for(request.user, pk)
    if name not in EXPORTS:
        raise Http404
    return _file(*EXPORTS[name](workshop), inline=False)


def _private(response: HttpResponse) -> HttpResponse:
    """Personal data: kept by no shared cache, and by no browser cache either."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _file(filename: str, content_type: str, content: bytes, *, inline: bool) -> FileResponse:
    return _private(
        FileResponse(
            io.BytesIO(content),
            content_type=content_type,
            filename=filename,
            as_attachment=not inline,
        )
    )


# Set with every charter PDF, so the link's script (static/js/download.js)
# knows that the download has started and stops saying "Preparing the PDF…".
PDF_READY_COOKIE = "pdf_ready"


def _pdf_download(request, version: CharterVersion) -> HttpResponse:
    """The stored PDF, with an ETag: a browser that has this version's PDF
    asks again and gets a 304, and nothing is loaded or rendered."""
    # ?print=wall: the version to hang up, without dots and quotes.
    wall = request.GET.get("print") == "wall"
    etag = pdf_etag(version, wall=wall)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        filename, content_type, content = stored_charter_pdf(version, wall=wall)
        response = FileResponse(
            io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
        )
    response["ETag"] = etag
    # Only this browser may keep it, and it asks first: access can end (a
    # revoked link, a manager who left) and a link moves to the next version.
    patch_cache_control(response, private=True, no_cache=True)
    response.set_cookie(PDF_READY_COOKIE, str(version.pk), max_age=60, samesite="Lax")
    return response


# /charters/ : published versions, for managers and facilitators ----------------------


@login_required
@require_GET
def charter_list(request):
    versions = (
        versions_readable_by(request.user)
        .select_related("workshop__organisation")
        .order_by("workshop__organisation__name", "-published_at")
    )
    return render(request, "principles/charter_list.html", {"versions": versions})


@login_required
@require_GET
def version_page(request, version_pk: int):
    version = get_version_for(request.user, version_pk)
    pdf_url = reverse("charters:pdf", args=[version.pk])
    html = render_charter_html(
        version,
        pdf_url=pdf_url,
        back_url=reverse("charters:list"),
        wall_pdf_url=pdf_url + "?print=wall",
    )
    return _private(HttpResponse(html))


@login_required
@require_GET
def version_pdf(request, version_pk: int):
    return _pdf_download(request, get_version_for(request.user, version_pk))


# /s/<token>/ : a share link opens the latest published version ---------------------


def _shared_version(token: str) -> CharterVersion:
    link = ShareLink.objects.filter(token=token, revoked_at__isnull=True).first()
    if link is None:
        raise Http404
    version = link.workshop.latest_version()
    if version is None:
        raise Http404
    return version


@require_GET
def shared_page(request, token: str):
    version = _shared_version(token)
    pdf_url = reverse("share:pdf", args=[token])
    html = render_charter_html(version, pdf_url=pdf_url, wall_pdf_url=pdf_url + "?print=wall")
    return _unlisted(_private(HttpResponse(html)))


@require_GET
def shared_pdf(request, token: str):
    return _unlisted(_pdf_download(request, _shared_version(token)))


def _unlisted(response: HttpResponse) -> HttpResponse:
    """Whatever a share link reaches stays out of search engines."""
    response["X-Robots-Tag"] = "noindex"
    return response


# /w/<public id>/vote/ : the phone's dots -------------------------------------------


@require_POST
@phone_view
def vote(request, workshop: Workshop, participant):
    """A dot added to or taken from a principle, by a phone."""
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That dot could not be saved. Please try again."))
        return redirect("phone:worksheet", public_id=workshop.public_id)
    principle = Principle.objects.filter(
        pk=form.cleaned_data["principle"], workshop=workshop
    ).first()
    try:
        if principle is None:
            raise DomainError(_("This principle is not part of the workshop."))
        if form.cleaned_data["action"] == "add":
            vote_add(participant=participant, principle=principle)
        else:
            vote_remove(participant=participant, principle=principle)
    except DomainError as error:
        messages.error(request, str(error))
    if request.htmx:
        context = {
            "workshop": workshop,
            "participant": participant,
            **ballot(workshop, participant),
        }
        return render(request, "_vote.html", context)
    return redirect("phone:worksheet", public_id=workshop.public_id)
