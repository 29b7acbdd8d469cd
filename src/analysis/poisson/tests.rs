use super::*;

/// `a` of `n1` exposed rows and `c` of `n0` others with cramps, as a two-column design.
fn two_groups(a: usize, n1: usize, c: usize, n0: usize) -> (Vec<f64>, Vec<bool>) {
    let mut x = Vec::new();
    let mut y = Vec::new();
    for (exposed, events, rows) in [(1.0, a, n1), (0.0, c, n0)] {
        for i in 0..rows {
            x.extend([1.0, exposed]);
            y.push(i < events);
        }
    }
    (x, y)
}

#[test]
fn one_binary_factor_gives_the_table_ratio_and_the_katz_variance() {
    // With one 0/1 covariate the Poisson fit reproduces the two rates exactly, and the robust
    // variance of log RR is 1/a − 1/n1 + 1/c − 1/n0 (times G/(G − 1) with one row per cluster).
    let (x, y) = two_groups(30, 80, 20, 120);
    let rows: Vec<usize> = (0..y.len()).collect();
    let f = fit(&x, 2, &y, &rows).unwrap();
    assert!(!f.penalised);
    let rr = (30.0 / 80.0) / (20.0 / 120.0);
    assert!((f.beta[1].exp() - rr).abs() < 1e-4, "{f:?}");
    assert!((f.beta[0].exp() - 20.0 / 120.0).abs() < 1e-6, "{f:?}");
    let katz: f64 = 1.0 / 30.0 - 1.0 / 80.0 + 1.0 / 20.0 - 1.0 / 120.0;
    let clusters = 200.0;
    assert!((f.se[1] - (katz * clusters / (clusters - 1.0)).sqrt()).abs() < 1e-5, "{f:?}");
    let (ratio, low, high, p) = f.ratio(1);
    assert!(low < ratio && ratio < high && (0.001..0.002).contains(&p), "{p}");
}

#[test]
fn clusters_widen_the_errors_when_neighbours_agree() {
    // Every row repeated 7 times in a row: by week it is 1/7 of the information it seems.
    let (x, y) = two_groups(6, 20, 4, 30);
    let x7: Vec<f64> = x.chunks(2).flat_map(|r| std::iter::repeat_n(r.to_vec(), 7).flatten()).collect();
    let y7: Vec<bool> = y.iter().flat_map(|&v| std::iter::repeat_n(v, 7)).collect();
    let rows: Vec<usize> = (0..y7.len()).collect();
    let weeks: Vec<usize> = rows.iter().map(|i| i / 7).collect();
    let naive = fit(&x7, 2, &y7, &rows).unwrap();
    let clustered = fit(&x7, 2, &y7, &weeks).unwrap();
    assert!((naive.beta[1] - clustered.beta[1]).abs() < 1e-12);
    let ratio = clustered.se[1] / naive.se[1];
    assert!((ratio - 7f64.sqrt()).abs() < 0.05, "{ratio}");
}

#[test]
fn the_ridge_keeps_an_empty_group_finite() {
    let (x, y) = two_groups(0, 40, 6, 60);
    let rows: Vec<usize> = (0..y.len()).collect();
    let f = fit(&x, 2, &y, &rows).unwrap();
    assert!(f.penalised && f.beta[1].is_finite() && f.beta[1] < -0.5, "{f:?}");
    assert!(fit(&x, 2, &[false; 100], &rows).is_none());
}

#[test]
fn a_bystander_is_explained_by_the_factor_it_comes_with() {
    // Standing on alternate fortnights-ish; shoes on 6 of every 7 standing days and 1 in 10
    // others; cramps on 40 % of standing nights and 10 % of the rest, whatever the shoes.
    let n = 700;
    let standing: Vec<Option<bool>> = (0..n).map(|i| Some((i * 7 / 10) % 2 == 0)).collect();
    let shoes: Vec<Option<bool>> =
        (0..n).map(|i| Some(if standing[i] == Some(true) { i % 7 != 0 } else { i % 10 == 3 })).collect();
    let cramps: Vec<bool> =
        (0..n).map(|i| if standing[i] == Some(true) { i % 5 < 2 } else { i % 10 == 5 }).collect();
    let (s, w) = (Factor::LongStanding, Factor::UnsupportiveFootwear);
    let pool = [((&s, 0, standing.as_slice()), 1e-6), ((&w, 0, shoes.as_slice()), 1e-4)];
    let shoes_adjusted = adjust((&w, 0, &shoes), &pool, &cramps).unwrap();
    assert_eq!(shoes_adjusted.adjusted_for.len(), 1);
    assert_eq!(shoes_adjusted.adjusted_for[0].id, Factor::LongStanding);
    assert!(!shoes_adjusted.holds(true), "{shoes_adjusted:?}");
    let standing_adjusted = adjust((&s, 0, &standing), &pool, &cramps).unwrap();
    assert!(standing_adjusted.holds(true), "{standing_adjusted:?}");
    assert_eq!(standing_adjusted.nights, 700);
    // The together/of counts are the nights with both over the nights with shoes.
    let c = &shoes_adjusted.adjusted_for[0];
    let both = (0..n).filter(|&i| standing[i] == Some(true) && shoes[i] == Some(true)).count();
    let with_shoes = shoes.iter().filter(|s| **s == Some(true)).count();
    assert_eq!((c.together as usize, c.of as usize), (both, with_shoes));
}
