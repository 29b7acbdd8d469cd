#!/usr/bin/env python3
"""Writes a made-up Apple Health export.xml of about SIZE bytes, shaped like a real one: the
internal DTD, then for each day a watch's heart rate every few minutes (the bulk of a real
export, and a type cramp passes over), steps from both a phone and a watch, stand minutes,
water in three units, and a night of staged sleep, many records with <MetadataEntry> children
and escaped attribute values.

Usage: python3 bench/gen_health_export.py OUT.xml [SIZE_MB] [--zip OUT.zip]

Prints the number of days written and the steps cramp should choose per day (the watch's total,
which is larger by construction), so a benchmark can check what the import stored.
"""

import datetime
import sys
import zipfile

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-11-27 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1958-04-02"/>
"""

WATCH = "Anna&#x2019;s Apple&#160;Watch"
DEVICE = "&lt;&lt;HKDevice: 0x30099&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch&gt;"
TAIL = "</HealthData>\n"


def record(kind, source, start, end, value, unit=None, meta=()):
    unit_attr = f' unit="{unit}"' if unit else ""
    head = (f' <Record type="{kind}" sourceName="{source}" sourceVersion="11.1" device="{DEVICE}"{unit_attr} '
            f'creationDate="{end}" startDate="{start}" endDate="{end}" value="{value}"')
    if not meta:
        return head + "/>\n"
    body = "".join(f'  <MetadataEntry key="{k}" value="{v}"/>\n' for k, v in meta)
    return head + ">\n" + body + " </Record>\n"


def day_block():
    """One day's records with D0 for the day's date and D1 for the next; returns the text and
    the phone's and watch's step totals."""
    out = []
    t = lambda day, h, m: f"{day} {h:02d}:{m:02d}:00 +0100"
    for minute in range(0, 24 * 60, 4):
        h, m = divmod(minute, 60)
        out.append(record("HKQuantityTypeIdentifierHeartRate", WATCH, t("D0", h, m), t("D0", h, m), 60 + minute % 37,
                          "count/min", [("HKMetadataKeyHeartRateMotionContext", "0")]))
    phone = watch = 0
    for h in range(7, 22):
        out.append(record("HKQuantityTypeIdentifierStepCount", "iPhone", t("D0", h, 0), t("D0", h, 30), 300, "count"))
        out.append(record("HKQuantityTypeIdentifierStepCount", WATCH, t("D0", h, 0), t("D0", h, 30), 420, "count",
                          [("HKMetadataKeySyncIdentifier", f"A&amp;B:{h}")]))
        out.append(record("HKQuantityTypeIdentifierAppleStandTime", WATCH, t("D0", h, 10), t("D0", h, 15), 5, "min"))
        phone, watch = phone + 300, watch + 420
    for h, (v, unit) in zip((8, 13, 19), (("250", "mL"), ("0.5", "L"), ("8", "fl_oz_us"))):
        out.append(record("HKQuantityTypeIdentifierDietaryWater", "Water&amp;Me", t("D0", h, 0), t("D0", h, 0), v, unit))
    sleep = "HKCategoryTypeIdentifierSleepAnalysis"
    out.append(record(sleep, "iPhone", t("D0", 22, 45), t("D1", 6, 55), "HKCategoryValueSleepAnalysisInBed"))
    for (a, b, stage) in (((23, 10), (1, 0), "AsleepCore"), ((1, 0), (1, 5), "Awake"), ((1, 5), (3, 0), "AsleepREM"),
                          ((3, 0), (3, 15), "Awake"), ((3, 15), (6, 40), "AsleepDeep")):
        d0 = "D0" if a[0] >= 12 else "D1"
        d1 = "D0" if b[0] >= 12 else "D1"
        out.append(record(sleep, WATCH, t(d0, *a), t(d1, *b), f"HKCategoryValueSleepAnalysis{stage}",
                          meta=[("HKTimeZone", "Europe/London")]))
    return "".join(out), phone, watch


def main():
    args = sys.argv[1:]
    zip_out = None
    if "--zip" in args:
        i = args.index("--zip")
        zip_out = args[i + 1]
        del args[i:i + 2]
    out = args[0]
    size = int(float(args[1] if len(args) > 1 else 1024) * 1024 * 1024)
    block, phone, watch = day_block()
    days = max(1, (size - len(HEAD)) // len(block.replace("D0", "2026-11-20").replace("D1", "2026-11-21")))
    last = datetime.date(2026, 11, 26)
    first = last - datetime.timedelta(days=days - 1)
    with open(out, "w", encoding="utf-8", buffering=8 << 20) as f:
        f.write(HEAD)
        day = first
        while day <= last:
            f.write(block.replace("D0", day.isoformat()).replace("D1", (day + datetime.timedelta(days=1)).isoformat()))
            day += datetime.timedelta(days=1)
        f.write(TAIL)
    if zip_out:
        with zipfile.ZipFile(zip_out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.write(out, "apple_health_export/export.xml")
    print(f"days={days} first={first.isoformat()} last={last.isoformat()} steps_per_day={max(phone, watch)}")


if __name__ == "__main__":
    main()
