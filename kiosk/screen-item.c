/*
 * The plan walkthrough: each item on its own screen (what it is, its
 * class, its cost, this flat's estimated contribution and the funding
 * split), and the site map showing the resident's building and where
 * the item lands.
 */

#include "config.h"

#include <string.h>

#include "ui.h"

/* The class of an item in words. */
static const char *
item_class(enum rv_class c)
{
	switch (c) {
	case RV_BASIC:
		return _("basic (基础类)");
	case RV_IMPROVEMENT:
		return _("improvement (完善类)");
	case RV_UPGRADE:
		return _("upgrade (提升类)");
	}
	return "";
}

/*
 * Draw the item under the cursor.  What the flat pays comes first, on
 * short lines of its own (the sum, then the formula), so that it is seen
 * on a 40x12 screen without scrolling and no line break cuts a number;
 * the class, the description and the funding follow.
 */
static void
item_draw(struct ui *ui)
{
	const struct rv_item	*it = &ui->k.plan->items[ui->s.item];
	const struct rv_flat	*f = session_flat(ui);
	char			 cost[32], share[32], rate[32], area[32];
	char			 res[32], other[32];
	int64_t			 residents = session_item_residents(ui, it);
	int64_t			 mine = session_item_share(ui, it);

	ui_title(ui, _("The plan"));
	ui_para(ui, TERM_EMPHASIS, _("Item %zu of %zu: %s"), ui->s.item + 1,
	    ui->k.plan->nitems, ui_text(ui, &it->title));
	ui_money(it->cost_fen, cost, sizeof cost);
	ui_money(mine, share, sizeof share);
	ui_money(it->contribution_fen_per_m2, rate, sizeof rate);
	area_format(f->area, area, sizeof area);
	ui_money(residents, res, sizeof res);
	ui_money(it->cost_fen > residents ? it->cost_fen - residents : 0,
	    other, sizeof other);
	if (mine >= 0) {
		/* TRANSLATORS: keep short: one line of 38 columns. */
		ui_para(ui, TERM_EMPHASIS, _("Your flat: about %s yuan"),
		    share);
		/* TRANSLATORS: area × rate; keep short, one line. */
		ui_para(ui, TERM_NORMAL, _("(%s m² × %s yuan/m²)"), area, rate);
	} else
		/* TRANSLATORS: keep short: one line of 38 columns. */
		ui_para(ui, TERM_EMPHASIS, "%s", _("Your flat: pays nothing"));
	ui_para(ui, TERM_NORMAL, _("Class: %s"), item_class(it->class));
	ui_para(ui, TERM_NORMAL, "%s", ui_text(ui, &it->description));
	ui_gap(ui);
	ui_para(ui, TERM_NORMAL, _("Total cost: %s yuan."), cost);
	if (mine < 0)
		ui_para(ui, TERM_NORMAL, "%s", _("Your flat does not pay for "
		    "this item: it is decided by the flats it serves."));
	ui_para(ui, TERM_NORMAL, _("Owners together: %s yuan"), res);
	ui_para(ui, TERM_NORMAL, _("Subsidies and other: %s yuan"), other);
	ui_gap(ui);
	ui_choice(ui, '1', 0, "%s", _("Next"));
	if (ui->k.plan->map != NULL)
		ui_choice(ui, '2', 0, "%s", _("Show it on the site map"));
	ui_choice(ui, '3', 0, "%s", _("Skip to the questions"));
	ui_explain(ui, GLOSS_SHARE | GLOSS_CLASSES);
	/* TRANSLATORS: keep within 32 columns ("  8 more" follows). */
	ui_hint(ui, ui->k.plan->map != NULL ? _("1 next  2 map  3 skip  9 "
	    "explain") : _("1 next  3 skip  9 explain"));
}

/* Next, back, map, or on to the questions. */
static enum ui_result
item_key(struct ui *ui, int key)
{
	switch (key) {
	case '1':
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
		if (ui->s.item + 1 < ui->k.plan->nitems) {
			ui->s.item++;
			ui_goto(ui, &screen_item);
		} else
			ui_goto(ui, &screen_question);
		return UI_HANDLED;
	case '0':
	case TERM_KEY_ESC:
	case TERM_KEY_LEFT:
		if (ui->s.item > 0) {
			ui->s.item--;
			ui_goto(ui, &screen_item);
		} else
			ui_goto(ui, &screen_overview);
		return UI_HANDLED;
	case '2':
		if (ui->k.plan->map != NULL)
			ui_goto(ui, &screen_map);
		return UI_HANDLED;
	case '3':
		ui_goto(ui, &screen_question);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_item = {
	.name = "item",
	.draw = item_draw,
	.key = item_key,
	.resident = 1,
};

/* The part of the map on screen: its origin in the map and its size. */
struct map_view {
	int	 mx, my;	/* map cell at the view's top left */
	int	 sy, sx;	/* screen position of that cell */
	int	 w, h;
};

/* Draw a glyph at map cell (x, y) if the view shows it. */
static void
map_cell(const struct map_view *v, int x, int y, const char *g,
    enum term_elem e)
{
	if (x < v->mx || y < v->my || x >= v->mx + v->w || y >= v->my + v->h)
		return;
	term_cell(v->sy + y - v->my, v->sx + x - v->mx, g, e);
}

/* Draw a building: a box, double and marked for the resident's own. */
static void
map_building(const struct map_view *v, const struct rv_place *pl, int own)
{
	static const char *const g[2][6] = {
		{ "┌", "┐", "└", "┘", "─", "│" },
		{ "╔", "╗", "╚", "╝", "═", "║" },
	};
	const char *const *s = g[own != 0];
	enum term_elem	 e = own ? TERM_MARK : TERM_NORMAL;
	char		 label[RV_NAME_MAX + 8];
	int		 i, x, used;
	size_t		 n;

	for (i = 1; i < pl->w - 1; i++) {
		map_cell(v, pl->x + i, pl->y, s[4], e);
		map_cell(v, pl->x + i, pl->y + pl->h - 1, s[4], e);
	}
	for (i = 1; i < pl->h - 1; i++) {
		map_cell(v, pl->x, pl->y + i, s[5], e);
		map_cell(v, pl->x + pl->w - 1, pl->y + i, s[5], e);
	}
	map_cell(v, pl->x, pl->y, s[0], e);
	map_cell(v, pl->x + pl->w - 1, pl->y, s[1], e);
	map_cell(v, pl->x, pl->y + pl->h - 1, s[2], e);
	map_cell(v, pl->x + pl->w - 1, pl->y + pl->h - 1, s[3], e);
	/* The label on the first inner line, one cell per byte of ASCII. */
	snprintf(label, sizeof label, "%s%s", own ? "★" : "", pl->building);
	n = term_clip(label, pl->w - 2, &used);
	label[n] = '\0';
	x = pl->x + 1;
	if (x >= v->mx && x + used <= v->mx + v->w && pl->y + 1 >= v->my &&
	    pl->y + 1 < v->my + v->h)
		term_text(v->sy + pl->y + 1 - v->my, v->sx + x - v->mx, used,
		    e, label);
}

/*
 * Choose the view: the whole map if it fits, else a window of the body's
 * size around the current item's first place (or the resident's
 * building), kept inside the map.
 */
static void
map_view(struct ui *ui, const struct rv_map *m, int y, int avail,
    struct map_view *v)
{
	const struct rv_item	*it = &ui->k.plan->items[ui->s.item];
	const struct rv_flat	*f = session_flat(ui);
	const struct rv_place	*pl;
	int			 cx = 0, cy = 0, found = 0;
	size_t			 i;

	v->w = ui->cols - 2 < m->cols ? ui->cols - 2 : m->cols;
	v->h = avail < m->rows ? avail : m->rows;
	v->sy = y;
	v->sx = 1;
	for (i = 0; i < m->nplaces && !found; i++) {
		pl = &m->places[i];
		if ((pl->kind == RV_PLACE_ITEM &&
		    strcmp(pl->item, it->id) == 0) ||
		    (pl->kind == RV_PLACE_BUILDING &&
		    strcmp(pl->building, f->building) == 0)) {
			cx = pl->x + pl->w / 2;
			cy = pl->y + pl->h / 2;
			found = pl->kind == RV_PLACE_ITEM;
		}
	}
	v->mx = cx - v->w / 2;
	v->my = cy - v->h / 2;
	if (v->mx > m->cols - v->w)
		v->mx = m->cols - v->w;
	if (v->my > m->rows - v->h)
		v->my = m->rows - v->h;
	if (v->mx < 0)
		v->mx = 0;
	if (v->my < 0)
		v->my = 0;
}

/* Draw the map with its legend. */
static void
map_draw(struct ui *ui)
{
	const struct rv_item	*it = &ui->k.plan->items[ui->s.item];
	const struct rv_map	*m = ui->k.plan->map;
	const struct rv_flat	*f = session_flat(ui);
	const struct rv_place	*pl;
	struct map_view		 v;
	const char		*label;
	size_t			 i;
	int			 y, avail, here;

	ui_title(ui, _("Site map"));
	ui_para(ui, TERM_NORMAL, _("★ your building %s (double line)  ◆ %s  "
	    "○ other items  + landmark"), f->building,
	    ui_text(ui, &it->title));
	if (session_item_places(ui, it) == 0)
		ui_para(ui, TERM_NORMAL, "%s", _("This item has no single "
		    "place on the map: it concerns the whole estate."));
	if ((y = ui_reserve(ui, m->rows, &avail)) >= 0) {
		map_view(ui, m, y, avail, &v);
		for (i = 0; i < m->nplaces; i++) {
			pl = &m->places[i];
			switch (pl->kind) {
			case RV_PLACE_BUILDING:
				map_building(&v, pl, strcmp(pl->building,
				    f->building) == 0);
				break;
			case RV_PLACE_ITEM:
				here = strcmp(pl->item, it->id) == 0;
				map_cell(&v, pl->x, pl->y, here ? "◆" : "○",
				    here ? TERM_MARK : TERM_NORMAL);
				break;
			case RV_PLACE_LANDMARK:
				map_cell(&v, pl->x, pl->y, "+", TERM_NORMAL);
				label = ui_text(ui, &pl->label);
				if (label != NULL && pl->x + 1 >= v.mx &&
				    pl->y >= v.my && pl->y < v.my + v.h)
					term_text(v.sy + pl->y - v.my,
					    v.sx + pl->x + 1 - v.mx,
					    v.mx + v.w - pl->x - 1,
					    TERM_NORMAL, label);
				break;
			}
		}
	}
	ui_hint(ui, _("0 back  L language"));
}

/* Any of 0, Esc, Enter or 1 returns to the item. */
static enum ui_result
map_key(struct ui *ui, int key)
{
	if (key == '0' || key == '1' || key == TERM_KEY_ESC ||
	    key == TERM_KEY_ENTER) {
		ui_goto(ui, &screen_item);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_map = {
	.name = "map",
	.draw = map_draw,
	.key = map_key,
	.resident = 1,
};
