//! The Insights screen: the analysis as a list, red flags first, with the selected line's
//! explanation and advice beside it (wide terminals) or in place of the list (Enter).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::analysis::{Change, FactorResult, Report, Verdict};
use crate::app::App;
use crate::app::insights::{Insights, Item, Section};
use crate::printable::printable;
use crate::ui::table::{Grid, GridRow};
use crate::ui::text::{fit_line, shown};
use crate::ui::theme::Theme;

pub fn render(view: &Insights, app: &App, area: Rect, buf: &mut Buffer) {
    let (v, t, r) = (view, &app.theme, &view.report);
    let counts = format!(
        "{} · {} nights, {} with cramps · {} comparisons tested",
        v.range.label(),
        r.nights_logged,
        r.cramp_nights,
        r.tests
    );
    // A typed range is longer: the count of comparisons gives way to it.
    let counts = if crate::ui::text::width(&counts) + 10 > usize::from(area.width) {
        format!(
            "{} · {} nights, {} with cramps · {} tests",
            v.range.label(),
            r.nights_logged,
            r.cramp_nights,
            r.tests
        )
    } else {
        counts
    };
    let header = fit_line(
        Line::from(vec![Span::styled("Insights  ", t.title), Span::styled(counts, t.dim)]),
        area.width.into(),
    );
    let head_text = if let Some(p) = &v.prompt {
        // The range being typed takes the summary's place until it is applied or dropped.
        let (text, style) = match &p.error {
            Some(e) => (format!("✗ {e}"), t.error),
            None => ("e.g. 2026-06-01 to 2026-08-31, 2026-06-01 alone, or to last night".to_owned(), t.dim),
        };
        Paragraph::new(vec![
            header,
            Line::from(vec![
                Span::styled("Nights from … to …: ", t.title),
                Span::raw(format!("{}▏", shown(p.input.value()))),
            ]),
            Line::styled(text, style),
        ])
    } else {
        Paragraph::new(vec![
            header,
            Line::raw(r.summary.clone()),
            Line::styled("Associations in your own records, not proof of what causes your cramps.", t.dim),
        ])
    }
    .wrap(Wrap { trim: true });
    // The summary (with its sentence on how likely a doubling would have shown) and the
    // caution under it get every row they wrap to, up to a third of the screen, so neither is
    // cut off mid-sentence.
    let needed = u16::try_from(head_text.line_count(area.width)).unwrap_or(u16::MAX);
    let head_rows = needed.clamp(3, (area.height / 3).max(3));
    let [head, body] = area.layout(&Layout::vertical([Constraint::Length(head_rows), Constraint::Fill(1)]));
    head_text.render(head, buf);

    if v.items.is_empty() {
        Paragraph::new("Nothing to show yet: log a few weeks of nights, cramp-free ones included.")
            .render(body, buf);
        return;
    }
    let wide = body.width >= 110;
    if v.detail && !wide {
        detail(v, v.items[v.selected], t, body, buf);
        return;
    }
    let (list_area, detail_area) = if wide {
        let [list_part, detail_part] =
            body.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Length(44)]).spacing(1));
        (list_part, Some(detail_part))
    } else {
        (body, None)
    };
    list(v, t, list_area, buf);
    if let Some(side) = detail_area {
        detail(v, v.items[v.selected], t, side, buf);
    }
}

fn list(v: &Insights, t: &Theme, area: Rect, buf: &mut Buffer) {
    let mut rows: Vec<GridRow> = Vec::new();
    let mut selected_row = 0;
    let mut previous: Option<Section> = None;
    for (i, item) in v.items.iter().enumerate() {
        if previous != Some(item.section) {
            let style = if item.section == Section::RedFlags { t.error } else { t.title };
            let mark = if item.section == Section::RedFlags { "! " } else { "" };
            rows.push(GridRow::Wide(Line::styled(format!("{mark}{}", item.section.title()), style)));
            previous = Some(item.section);
        }
        if i == v.selected {
            selected_row = rows.len();
        }
        rows.push(row_for(&v.report, *item));
    }
    let grid = Grid {
        rows,
        spacing: 2,
        selected: Some(selected_row),
        selected_style: t.selected,
        offset: (selected_row + 2).saturating_sub(area.height as usize),
        ..Grid::default()
    };
    // The label gives way first, so the counts always show.
    let widths = grid.widths(area.width, 0);
    grid.render(&widths, area, buf);
}

fn ratio(f: &FactorResult) -> String {
    crate::analysis::wording::compact(f)
}

/// One row per item, with the counts in columns of their own.
fn row_for(r: &Report, item: Item) -> GridRow<'static> {
    let counts = |f: &FactorResult| {
        format!(
            "{} of {} vs {} of {}",
            f.exposed_cramp_nights, f.exposed_nights, f.unexposed_cramp_nights, f.unexposed_nights
        )
    };
    let cells = |label: String, rest: Vec<String>| {
        let mut cells = vec![Line::raw(format!("  {}", shown(&label)))];
        cells.extend(rest.into_iter().map(Line::raw));
        GridRow::Cells(cells)
    };
    let wide = |text: String| GridRow::Wide(Line::raw(format!("  {}", shown(&text))));
    let factor = |f: Option<&&FactorResult>, rest: &dyn Fn(&FactorResult) -> Vec<String>| {
        f.map_or_else(|| wide(String::new()), |f| cells(f.label(), rest(f)))
    };
    match item.section {
        Section::RedFlags => wide(r.red_flags.get(item.index).map(|f| f.message.clone()).unwrap_or_default()),
        Section::More => factor(r.flagged().get(item.index), &|f| vec![counts(f), ratio(f)]),
        Section::Fewer => factor(r.protective().get(item.index), &|f| vec![counts(f), ratio(f)]),
        Section::NoPattern => factor(r.no_association().get(item.index), &|f| {
            let with = f
                .explained_by
                .first()
                .map(|c| format!("goes with {}", crate::analysis::catalogue::label(&c.id, c.lag)));
            let trend = f.adjusted.as_ref().map(|_| "not clear over time".to_owned());
            vec![counts(f), with.or(trend).unwrap_or_default()]
        }),
        Section::NeedsData => factor(r.needs_more_data().get(item.index), &|f| {
            vec![
                f.nights_needed
                    .map_or_else(String::new, |_| crate::analysis::findings::more_nights(f.table())),
            ]
        }),
        Section::Amounts => r.doses.get(item.index).map_or_else(
            || wide(String::new()),
            |d| {
                use crate::analysis::findings::sig2;
                let ratio = format!("×{} ({}–{})", sig2(d.risk_ratio), sig2(d.ci_low), sig2(d.ci_high));
                let verdict = if d.clear { "clear trend" } else { "no clear trend" };
                cells(d.short_label(), vec![ratio, verdict.to_owned()])
            },
        ),
        Section::Recurring => r.recurring.get(item.index).map_or_else(
            || wide(String::new()),
            |x| {
                cells(
                    crate::analysis::catalogue::label(&x.id, x.lag),
                    vec![format!("{} of {} cramp nights", x.present_on_cramp_nights, x.cramp_nights)],
                )
            },
        ),
        Section::Medicines => wide(
            r.medication_changes
                .get(item.index)
                .map(|m| {
                    let change = match m.change {
                        Change::Started => "started",
                        Change::Stopped => "stopped",
                    };
                    format!("{} {change} {}", m.medicine, m.date.format("%-d %b %Y"))
                })
                .unwrap_or_default(),
        ),
        Section::Suspicions => r.suspicions.get(item.index).map_or_else(
            || wide(String::new()),
            |s| cells(crate::analysis::catalogue::name(&s.id), vec![verdict(s.verdict).to_owned()]),
        ),
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Supported => "supported by your data",
        Verdict::Opposite => "your data points the other way",
        Verdict::NoPattern => "no clear difference",
        Verdict::NotEnoughNights => "not enough nights yet",
        Verdict::NotTested => "never recorded",
    }
}

fn detail(v: &Insights, item: Item, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, explanation, advice) = v.details(item);
    let block = Block::bordered()
        .title(fit_line(Line::raw(format!(" {} ", shown(&title))), area.width.saturating_sub(2).into()));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = vec![Line::raw(printable(&explanation).into_owned())];
    if !advice.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(printable(&advice).into_owned(), t.title));
    }
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(inner, buf);
}
