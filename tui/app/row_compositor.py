"""A compositor that asks each widget only for the rows a partial update draws.

Textual 8.2.8's Compositor, for a partial update (a key in the notes editor: 3 rows changed),
asks every widget whose clip overlaps the changed area for every row it shows: on the desk that is
the screen, the body, both columns, the notes view and its scrollbar, the header, step tracker,
status line and footer, about 180 rows from the widgets' caches for the editor's 3 rows, and the
compositor then drops all but those 3 (Compositor._get_renders and _render_chops). This one asks
for the rows of the changed regions only (each run of rows apart, so a key's frame that also
redraws the header's clock asks for 4 rows, not 38). The frame's bytes are the same: rows outside
the changed regions are never written by a partial update, and a widget's rows come from the same
render_lines (tests/app/test_row_compositor.py compares every frame with Textual's own).

What the upstream change would be: in textual/_compositor.py, _get_renders intersecting each
widget's visible region with the changed rows rather than only testing its clip against their
bounding box.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


def row_runs(regions: Iterable[Region]) -> list[tuple[int, int]]:
    """The rows the regions cover, as sorted runs [start, end) with no gap inside a run."""
    runs: list[list[int]] = []
    for start, end in sorted((region.y, region.bottom) for region in regions if region.height):
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(start, end) for start, end in runs]


class RowCompositor(Compositor):
    """Textual's Compositor; a partial update renders only the changed rows of each widget."""

    _runs: list[tuple[int, int]] | None = None  # set for the partial update being rendered

    def render_partial_update(self) -> ChopsUpdate | None:
        self._runs = row_runs(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._runs = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        runs = self._runs
        if crop is None or runs is None:
            yield from super()._get_renders(crop)
            return
        crop_x, crop_right = crop.x, crop.right
        for widget, (region, clip) in self.visible_widgets.items():
            x, y, width, height = region.intersection(clip)
            # Only widgets across the changed columns can fill a cell the update writes.
            if not width or x >= crop_right or x + width <= crop_x:
                continue
            bottom = y + height
            for start, end in runs:
                top, low = max(y, start), min(bottom, end)
                if top < low:
                    rows = Region(x, top, width, low - top)  # the full visible width: the cuts need it
                    yield region, rows, widget.render_lines(rows.translate(-region.offset))
