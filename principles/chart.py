"""The appendix's chart: points per question and level, as an SVG drawn here.

No JavaScript and nothing fetched, so the same markup works on the page, on
paper and in the PDF. The levels get a sequential palette from dark to light
and "Not placed" a hatching, so the segments stay apart in greyscale too.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# 170 mm wide at four units a millimetre.
WIDTH = 680
MARGIN = 4
FONT = "DejaVu Sans, Verdana, sans-serif"
LABEL_SIZE = 12
NUMBER_SIZE = 11
LEGEND_SIZE = 11
BAR_HEIGHT = 24
TOTAL_SPACE = 46
NOT_PLACED = "-"

# ColorBrewer "Blues", darkest first: its lightness rises steadily, so the
# order of the levels survives a greyscale printer.
PALETTE = ["#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1", "#c6dbef"]
HATCH_BACKGROUND = "#f2f2f2"
HATCH_LINE = "#8c8c8c"


def _text_width(text: str, size: float) -> float:
    # DejaVu Sans is wide: most glyphs advance about 0.6 em.
    return len(text) * size * 0.58


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    """WCAG's relative luminance: of the linear light, not of the sRGB values."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(value) for value in _hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours, 1 to 21."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever stands out more: one of them always reaches
    4.5:1, which small text needs."""
    return "#ffffff" if contrast(fill, "#ffffff") >= contrast(fill, "#000000") else "#000000"


def level_colours(count: int) -> list[str]:
    """`count` colours along the palette, spread from dark to light."""
    if count <= 0:
        return []
    if count == 1:
        return [PALETTE[2]]
    colours = []
    for index in range(count):
        position = index * (len(PALETTE) - 1) / (count - 1)
        low = int(position)
        high = min(low + 1, len(PALETTE) - 1)
        share = position - low
        a, b = _hex_to_rgb(PALETTE[low]), _hex_to_rgb(PALETTE[high])
        mixed = (round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
        colours.append("#{:02x}{:02x}{:02x}".format(*mixed))
    return colours


def _fit(text: str, size: float, width: float) -> str:
    if _text_width(text, size) <= width:
        return text
    keep = max(int(width / (size * 0.58)) - 1, 1)
    return text[:keep].rstrip() + "…"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _summary(columns: list[dict], rows: list[dict]) -> str:
    parts = [_("Number of points written under each question, by level.")]
    for row in rows:
        counts = ", ".join(
            f"{column['name']} {row['counts'].get(column['code'], 0)}" for column in columns
        )
        total = sum(row["counts"].get(column["code"], 0) for column in columns)
        parts.append(
            _("%(number)s. %(question)s: %(counts)s; total %(total)s.")
            % {"number": row["number"], "question": row["label"], "counts": counts, "total": total}
        )
    return " ".join(parts)


def counts_chart_svg(appendix: dict, *, id_prefix: str = "counts-chart") -> SafeString:
    """One horizontal stacked bar per question, a segment per level column."""
    columns: list[dict] = list(appendix.get("columns", []))
    rows: list[dict] = list(appendix.get("rows", []))
    level_columns = [column for column in columns if column["code"] != NOT_PLACED]
    fills = dict(
        zip(
            (column["code"] for column in level_columns),
            level_colours(len(level_columns)),
            strict=True,
        )
    )
    hatch_id = f"{id_prefix}-hatch"
    fills[NOT_PLACED] = f"url(#{hatch_id})"

    def text_colour(code: str) -> str:
        if code == NOT_PLACED:
            return "#000000"  # on its own white patch
        return text_colour_on(fills[code])

    parts: list[str] = []

    # The legend, wrapped onto as many lines as it needs.
    x, y = MARGIN, 14
    for column in columns:
        name = _fit(column["name"], LEGEND_SIZE, WIDTH / 2)
        item_width = 14 + 6 + _text_width(name, LEGEND_SIZE) + 18
        if x > MARGIN and x + item_width > WIDTH - MARGIN:
            x, y = MARGIN, y + 20
        parts.append(
            f'<rect x="{_fmt(x)}" y="{y - 11}" width="14" height="14" '
            f'fill="{fills[column["code"]]}" stroke="#555" stroke-width="0.6"/>'
            f'<text x="{_fmt(x + 20)}" y="{y}" font-size="{LEGEND_SIZE}">{escape(name)}</text>'
        )
        x += item_width
    y += 18

    totals = [sum(row["counts"].get(c["code"], 0) for c in columns) for row in rows]
    biggest = max(totals, default=0)
    bar_space = WIDTH - 2 * MARGIN - TOTAL_SPACE
    scale = bar_space / biggest if biggest else 0

    for row, total in zip(rows, totals, strict=True):
        y += LABEL_SIZE + 6
        label = _fit(f"{row['number']}. {row['label']}", LABEL_SIZE, WIDTH - 2 * MARGIN)
        parts.append(
            f'<text x="{MARGIN}" y="{y}" font-size="{LABEL_SIZE}" font-weight="bold">'
            f"{escape(label)}</text>"
        )
        bar_y = y + 5
        x = MARGIN
        for column in columns:
            count = row["counts"].get(column["code"], 0)
            if not count:
                continue
            width = count * scale
            parts.append(
                f'<rect x="{_fmt(x)}" y="{bar_y}" width="{_fmt(width)}" height="{BAR_HEIGHT}" '
                f'fill="{fills[column["code"]]}" stroke="#fff" stroke-width="1"/>'
            )
            number = str(count)
            # A number goes inside its segment when it fits, smaller if need
            # be; the table under the chart has every number anyway.
            for size in (NUMBER_SIZE, 9):
                if _text_width(number, size) + 4 <= width:
                    colour = text_colour(column["code"])
                    if column["code"] == NOT_PLACED:
                        # A plain patch under the number, so the hatching
                        # does not run through it.
                        chip = _text_width(number, size) + 8
                        parts.append(
                            f'<rect x="{_fmt(x + (width - chip) / 2)}" '
                            f'y="{_fmt(bar_y + (BAR_HEIGHT - size - 4) / 2)}" '
                            f'width="{_fmt(chip)}" height="{size + 4}" fill="#fff"/>'
                        )
                    parts.append(
                        f'<text x="{_fmt(x + width / 2)}" y="{_fmt(bar_y + BAR_HEIGHT / 2 + size * 0.36)}" '
                        f'font-size="{size}" text-anchor="middle" fill="{colour}">{number}</text>'
                    )
                    break
            x += width
        parts.append(
            f'<text x="{_fmt(x + 6)}" y="{_fmt(bar_y + BAR_HEIGHT / 2 + NUMBER_SIZE * 0.36)}" '
            f'font-size="{NUMBER_SIZE}" font-weight="bold">{total}</text>'
        )
        y = bar_y + BAR_HEIGHT + 8

    height = y + 4
    title = _("Points per question and level")
    desc = _summary(columns, rows)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="counts-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family="{FONT}" fill="#000">'
        f'<title id="{id_prefix}-title">{escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>'
        f'<defs><pattern id="{hatch_id}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{HATCH_BACKGROUND}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_LINE}" stroke-width="2.2"/>'
        f"</pattern></defs>" + "".join(parts) + "</svg>"
    )
    # Every piece of text above went through escape(); the rest is numbers
    # and constants.
    return mark_safe(svg)  # nosec B308 B703 - reviewed: only escaped text, numbers and constants
