//! The Insights screen: the analysis as a list, red flags first, with the selected line's
//! explanation and advice beside it (wide terminals) or in place of the list (Enter).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::analysis::{Change, FactorResult, Report, Verdict};
use crate::app::App;
use crate::app::insights::{Insights, Item, Section};
use crate::ui::theme::Theme;

pub fn render(view: &Insights, app: &App, area: Rect, buf: &mut Buffer) {
    let (v, t, r) = (view, &app.theme, &view.report);
    let [head, body] = area.layout(&Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]));
    let counts = format!(
        "{} nights logged, {} with cramps · {} comparisons tested",
        r.nights_logged, r.cramp_nights, r.tests
    );
    Paragraph::new(vec![
        Line::from(vec![Span::styled("Insights  ", t.title), Span::styled(counts, t.dim)]),
        Line::raw(r.summary.clone()),
        Line::styled("Associations in your own records, not proof of what causes your cramps.", t.dim),
    ])
    .wrap(Wrap { trim: true })
    .render(head, buf);

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
            body.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Length(44)]));
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
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut previous: Option<Section> = None;
    for (i, item) in v.items.iter().enumerate() {
        if previous != Some(item.section) {
            let style = if item.section == Section::RedFlags { t.error } else { t.title };
            let mark = if item.section == Section::RedFlags { "! " } else { "" };
            lines.push(Line::styled(format!("{mark}{}", item.section.title()), style));
            previous = Some(item.section);
        }
        let text = format!("  {}", line_for(&v.report, *item));
        if i == v.selected {
            selected_line = lines.len();
            lines.push(Line::styled(text, t.selected));
        } else {
            lines.push(Line::raw(text));
        }
    }
    let skip = (selected_line + 2).saturating_sub(area.height as usize);
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(area, buf);
}

fn ratio(f: &FactorResult) -> String {
    match (f.risk_ratio, f.ci_low, f.ci_high) {
        (Some(rr), Some(lo), Some(hi)) => format!("×{rr:.1} ({lo:.1}–{hi:.1})"),
        _ => String::new(),
    }
}

/// One short line per item, with the counts.
fn line_for(r: &Report, item: Item) -> String {
    let counts = |f: &FactorResult| {
        format!(
            "{} of {} vs {} of {}",
            f.exposed_cramp_nights, f.exposed_nights, f.unexposed_cramp_nights, f.unexposed_nights
        )
    };
    let factor_line = |f: Option<&&FactorResult>, extra: &dyn Fn(&FactorResult) -> String| {
        f.map(|f| format!("{:<34} {}", f.label(), extra(f))).unwrap_or_default()
    };
    match item.section {
        Section::RedFlags => r.red_flags.get(item.index).map(|f| f.message.clone()).unwrap_or_default(),
        Section::More => {
            factor_line(r.flagged().get(item.index), &|f| format!("{}  {}", counts(f), ratio(f)))
        }
        Section::Fewer => {
            factor_line(r.protective().get(item.index), &|f| format!("{}  {}", counts(f), ratio(f)))
        }
        Section::NoPattern => factor_line(r.no_association().get(item.index), &counts),
        Section::NeedsData => factor_line(r.needs_more_data().get(item.index), &|f| {
            f.nights_needed.map_or_else(String::new, |n| format!("about {n} more nights"))
        }),
        Section::Recurring => r
            .recurring
            .get(item.index)
            .map(|x| {
                format!(
                    "{:<34} {} of {} cramp nights",
                    crate::analysis::catalogue::label(&x.id, x.lag),
                    x.present_on_cramp_nights,
                    x.cramp_nights
                )
            })
            .unwrap_or_default(),
        Section::Medicines => r
            .medication_changes
            .get(item.index)
            .map(|m| {
                let change = match m.change {
                    Change::Started => "started",
                    Change::Stopped => "stopped",
                };
                format!("{} {change} {}", m.medicine, m.date.format("%-d %b %Y"))
            })
            .unwrap_or_default(),
        Section::Suspicions => r
            .suspicions
            .get(item.index)
            .map(|s| format!("{:<34} {}", crate::analysis::catalogue::name(&s.id), verdict(s.verdict)))
            .unwrap_or_default(),
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
    let block = Block::bordered().title(format!(" {title} "));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = vec![Line::raw(explanation)];
    if !advice.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(advice, t.title));
    }
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(inner, buf);
}
