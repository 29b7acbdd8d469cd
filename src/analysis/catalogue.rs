//! The cause catalogue: for each factor, the documented cause it stands for, why that cause can
//! bring on a cramp, and what to try, with advice that respects the person's conditions.

use std::collections::BTreeSet;

use crate::model::{Condition, Factor, MedClass};

/// A documented cause of night cramps, in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause {
    /// Short name, e.g. "dehydration / fluid and electrolyte balance".
    pub name: &'static str,
    /// How it can lead to a cramp.
    pub why: &'static str,
}

/// Who should not be told to drink more on their own.
fn fluid_limited(conditions: &BTreeSet<Condition>) -> bool {
    // Heart failure is usually treated with a fluid limit, so "drink more" is wrong there too.
    [Condition::FluidRestricted, Condition::Kidney, Condition::HeartFailure]
        .iter()
        .any(|c| conditions.contains(c))
}

/// The cause a factor stands for.
#[must_use]
pub fn cause(factor: &Factor) -> Cause {
    let (name, why) = match factor {
        Factor::LowFluid => (
            "dehydration / fluid and electrolyte balance",
            "Muscles and the nerves that fire them rely on a steady balance of water and salts such \
             as potassium, magnesium and sodium; even a mildly dry day can tip it.",
        ),
        Factor::FewMgKFoods => (
            "low magnesium / potassium",
            "Magnesium and potassium help a tightened muscle let go again; when they run low, muscle \
             fibres can fire on their own.",
        ),
        Factor::HardActivity => (
            "overexertion",
            "Muscles pushed harder than usual are left tired and irritated, and tired muscles are \
             more likely to seize once you lie still.",
        ),
        Factor::LongStanding => (
            "standing for long periods",
            "Hours on your feet wear out the small muscles of the foot and calf, which can then \
             tighten at rest.",
        ),
        Factor::LongSitting => (
            "prolonged inactivity",
            "Long spells without moving leave the calf and foot muscles short and stiff.",
        ),
        Factor::UnsupportiveFootwear => (
            "footwear",
            "Shoes without support, or bare feet, make the foot's own muscles carry more of the load \
             all day.",
        ),
        Factor::ToesPointed => (
            "plantar-flexed sleeping posture",
            "Lying with the toes pointed down keeps the calf and foot muscles shortened for hours, \
             and can press on nerves and blood vessels, which makes a sudden cramp more likely.",
        ),
        Factor::FeetHanging => {
            ("posture", "Feet left dangling tend to drop into a pointed position and stay awkward for hours.")
        }
        Factor::TuckedCovers => (
            "posture, heavy covers",
            "Tight or heavy bedclothes push the toes down all night, shortening the calf muscles.",
        ),
        Factor::Stretched => (
            "prevention by stretching",
            "A regular, gentle stretch of the calves and feet before bed is one of the best-known \
             ways to make night cramps less frequent.",
        ),
        Factor::Med(class) => (med_cause(*class), med_why(*class)),
        Factor::Tag(_) => (
            "your own suspicion",
            "This is something you chose to track yourself; it is not one of the documented causes.",
        ),
    };
    Cause { name, why }
}

fn med_cause(class: MedClass) -> &'static str {
    match class {
        MedClass::Diuretic
        | MedClass::LoopDiuretic
        | MedClass::Thiazide
        | MedClass::PotassiumSparingDiuretic => "medications: diuretics",
        MedClass::Statin => "medications: statins",
        MedClass::Asthma | MedClass::Laba => "medications: asthma medicines",
        MedClass::Antidepressant => "medications: antidepressants",
        MedClass::BetaBlocker | MedClass::InhaledAnticholinergic => {
            "medications (none expected for this class)"
        }
        _ => "medications",
    }
}

fn med_why(class: MedClass) -> &'static str {
    match class {
        MedClass::Diuretic | MedClass::LoopDiuretic | MedClass::Thiazide => {
            "Water pills make the body pass more fluid and salt, which can leave sodium and \
             potassium low."
        }
        MedClass::PotassiumSparingDiuretic => {
            "These water pills keep potassium but still shift the body's salts and fluid; in a very \
             large study they went with cramps about twice as often."
        }
        MedClass::Statin => "Statins are known to bring muscle aches and weakness to some people.",
        MedClass::Asthma => "Some asthma medicines make nerves and muscles more excitable.",
        MedClass::Laba => {
            "Long-acting reliever inhalers stimulate muscle and nerve; in a very large study they went \
             with cramps about twice as often."
        }
        MedClass::Antidepressant => "Some antidepressants change the nerve signals that reach the muscles.",
        MedClass::CalciumChannelBlocker => {
            "Some blood-pressure medicines of this kind list cramps among their effects, though others of \
             the same kind are used against cramps: the evidence is mixed."
        }
        MedClass::RaloxifeneOestrogen | MedClass::Teriparatide | MedClass::IvIron | MedClass::Nsaid => {
            "Doctors' reviews name this medicine among those most often reported with leg cramps, though \
             cramps from it are uncommon."
        }
        MedClass::Gabapentinoid | MedClass::ZDrug => {
            "Leg cramps were reported by some people taking this medicine in its trials; the link is a \
             signal, not an established effect."
        }
        MedClass::Lithium | MedClass::Steroid | MedClass::Opioid => {
            "Older reports name this kind of medicine among possible contributors to cramps; the \
             evidence is thin."
        }
        MedClass::BetaBlocker | MedClass::InhaledAnticholinergic => {
            "Studies of this class found no link with cramps, so a pattern here would be unexpected \
             and worth a second look at other factors."
        }
        MedClass::Other => "Many medicines list cramps among their possible side effects.",
    }
}

/// What to try about a factor, given the person's conditions. Never tells someone whose fluids
/// are limited (a fluid restriction, kidney disease) to drink more.
#[must_use]
pub fn advice(factor: &Factor, conditions: &BTreeSet<Condition>) -> String {
    let limited = fluid_limited(conditions);
    let text = match factor {
        Factor::LowFluid if limited => {
            "Your fluid allowance is set with your care team, so do not drink more on your own; \
             show them this pattern and ask whether your limit or your salt levels play a part."
        }
        Factor::LowFluid => {
            "Drink steadily through the day rather than catching up in the evening, and a little \
             more on hot or busy days."
        }
        Factor::FewMgKFoods if conditions.contains(&Condition::Kidney) => {
            "With kidney disease potassium and magnesium can build up, so ask your doctor or \
             dietitian before eating more of them or taking supplements."
        }
        Factor::FewMgKFoods => {
            "Add a serving or two of foods rich in magnesium and potassium on most days: leafy \
             greens, nuts, seeds, beans or a banana."
        }
        Factor::HardActivity if limited => {
            "After a hard day, wind down gently and stretch your calves and feet, both after the \
             effort and again at bedtime."
        }
        Factor::HardActivity => {
            "After a hard day, wind down gently, stretch your calves and feet after the effort and \
             again at bedtime, and keep up your fluids."
        }
        Factor::LongStanding => {
            "Break up long spells of standing with short sits or walks, shift your weight often, \
             and wear shoes that support your arches."
        }
        Factor::LongSitting => {
            "Get up and walk for a few minutes every hour or so, and circle or flex your ankles \
             while you sit."
        }
        Factor::UnsupportiveFootwear => {
            "Wear shoes with arch support and a firm heel for most of the day, and check that your \
             everyday pair still fits."
        }
        Factor::ToesPointed => {
            "Keep your feet near a right angle in bed: a pillow against the soles, or sleeping on \
             your side with the knees a little bent, stops the toes pointing down."
        }
        Factor::FeetHanging => {
            "Keep your feet supported on the mattress, with the toes up rather than drooping over \
             the edge."
        }
        Factor::TuckedCovers => {
            "Loosen the bedclothes at the foot of the bed or use a lighter cover, so the toes are \
             not pressed down."
        }
        Factor::Stretched => {
            "Keep it up: a few minutes of calf stretches, pulling the toes towards the shin and \
             ankle circles before bed."
        }
        Factor::Med(_) => {
            "Do not stop or change a medicine on your own; show these results to the doctor who \
             prescribed it and ask whether it could play a part."
        }
        Factor::Tag(_) => {
            "If it keeps turning up, try a few weeks without it while you keep logging, and see \
             whether the pattern holds."
        }
    };
    text.to_owned()
}

/// A condition as it reads in a sentence: "kidney disease", "a fluid restriction".
#[must_use]
pub fn condition_name(condition: Condition) -> &'static str {
    match condition {
        Condition::Neuropathy => "neuropathy",
        Condition::Diabetes => "diabetes",
        Condition::Circulation => "poor circulation",
        Condition::Kidney => "kidney disease",
        Condition::Thyroid => "a thyroid condition",
        Condition::Pregnancy => "pregnancy",
        Condition::FluidRestricted => "a fluid restriction",
        Condition::LiverDisease => "liver disease",
        Condition::HeartFailure => "heart failure",
    }
}

/// How a standing condition bears on the results; conditions are context, never tested.
#[must_use]
pub fn condition_note(condition: Condition) -> &'static str {
    match condition {
        Condition::Neuropathy => {
            "Nerve damage can make muscles cramp with no obvious trigger, so day-to-day factors may \
             explain less of your cramps."
        }
        Condition::Diabetes => {
            "Over time diabetes can damage the nerves in the feet, which can bring cramps without \
             an everyday trigger."
        }
        Condition::Circulation => {
            "Poor circulation starves the foot and calf muscles of oxygen and nutrients, which makes \
             them quicker to cramp."
        }
        Condition::Kidney => {
            "Kidney problems upset the body's balance of salts and fluid; advice to drink more or eat \
             more potassium is left out for you."
        }
        Condition::Thyroid => {
            "Thyroid problems can disturb the body's chemistry and make cramps more likely."
        }
        Condition::Pregnancy => "Leg cramps are common in pregnancy, especially in its later months.",
        Condition::FluidRestricted => {
            "Your fluids are limited, so advice to drink more is left out; raise any fluid pattern \
             with your care team."
        }
        Condition::LiverDisease => {
            "Cramps are common with long-standing liver disease, which changes the body's salts and \
             fluid; everyday factors may explain less of them."
        }
        Condition::HeartFailure => {
            "Heart failure and the water pills used for it shift the body's fluid and salts; advice \
             to drink more is left out for you."
        }
    }
}

/// A short label for a factor at a lag, for headings and lists: "Low fluid (the day before)".
#[must_use]
pub fn label(factor: &Factor, lag: u8) -> String {
    let name = name(factor);
    match (factor.lags().len(), lag) {
        (1, _) => name,
        (_, 0) => format!("{name} (same day)"),
        _ => format!("{name} (the day before)"),
    }
}

/// A factor's short name, whatever the lag: "Low fluid", "Tag 'coffee'".
#[must_use]
pub fn name(factor: &Factor) -> String {
    match factor {
        Factor::LowFluid => "Low fluid".to_owned(),
        Factor::FewMgKFoods => "No magnesium- or potassium-rich food".to_owned(),
        Factor::HardActivity => "Hard activity".to_owned(),
        Factor::LongStanding => "Long standing".to_owned(),
        Factor::LongSitting => "Long sitting".to_owned(),
        Factor::UnsupportiveFootwear => "Unsupportive footwear".to_owned(),
        Factor::ToesPointed => "Toes pointed in bed".to_owned(),
        Factor::FeetHanging => "Feet hanging over the edge".to_owned(),
        Factor::TuckedCovers => "Tightly tucked covers".to_owned(),
        Factor::Stretched => "Stretching before bed".to_owned(),
        Factor::Med(MedClass::Other) => "Medicine (other)".to_owned(),
        Factor::Med(class) => format!("Medicine: {class}"),
        Factor::Tag(tag) => format!("Tag '{tag}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_drink_more_advice_when_fluids_are_limited() {
        let none = BTreeSet::new();
        assert!(advice(&Factor::LowFluid, &none).starts_with("Drink steadily"));
        assert!(advice(&Factor::HardActivity, &none).contains("keep up your fluids"));
        for c in [Condition::FluidRestricted, Condition::Kidney] {
            let set = BTreeSet::from([c]);
            for f in [Factor::LowFluid, Factor::HardActivity] {
                let text = advice(&f, &set).to_lowercase();
                let tells_to_drink = ["drink steadily", "drink more", "keep up your fluids"]
                    .iter()
                    .any(|w| text.contains(w) && !text.contains(&format!("not {w}")));
                assert!(!tells_to_drink, "{c}: {f}: {text}");
            }
        }
    }

    #[test]
    fn every_factor_has_a_cause_and_advice() {
        let mut all = Factor::FIXED.to_vec();
        all.extend(MedClass::ALL.iter().map(|c| Factor::Med(*c)));
        for f in &all {
            assert!(!cause(f).name.is_empty() && cause(f).why.ends_with('.'), "{f}");
            assert!(advice(f, &BTreeSet::new()).ends_with('.'), "{f}");
        }
        assert_eq!(label(&Factor::LowFluid, 1), "Low fluid (the day before)");
        assert_eq!(label(&Factor::ToesPointed, 0), "Toes pointed in bed");
    }
}
