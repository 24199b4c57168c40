from __future__ import annotations

from django.contrib import admin

from .models import Entry, Invite, Membership, Organisation, Participant, Team, Workshop


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "created_at", "accepted_at", "revoked_at"]


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "date", "phase", "join_code"]
    list_filter = ["phase", "language"]
    search_fields = ["title", "join_code"]
    inlines = [TeamInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "profession", "submitted_at"]
    list_filter = ["workshop"]
    exclude = ["token"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "question", "removed"]
    list_filter = ["workshop", "question"]
    raw_id_fields = ["participant"]
