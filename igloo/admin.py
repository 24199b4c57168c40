from __future__ import annotations

from django.contrib import admin

from .models import InspirationCard, Level, LevelScheme


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(LevelScheme)
class LevelSchemeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_da", "name_en"]
    inlines = [LevelInline]


@admin.register(InspirationCard)
class InspirationCardAdmin(admin.ModelAdmin):
    list_display = ["key", "igloo", "ai_kind", "polarity", "chapter"]
    list_filter = ["igloo", "ai_kind", "polarity"]
    search_fields = ["key", "title_da", "title_en"]
