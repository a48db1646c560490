#!/usr/bin/env python3
# Independent computation of the shared totals vectors with Python's decimal module (not the
# TypeScript or SQL code under test). Run `python3 src/lib/documents/totals.vectors.py` after
# adding a case; it rewrites totals.vectors.json.
import json
from decimal import Decimal as D, ROUND_HALF_UP, getcontext
getcontext().prec = 60
def r(x): return int(x.quantize(D(1), rounding=ROUND_HALF_UP))  # half away from zero
def L(q, p, d, v): return {"quantity": q, "unit_price_cents": p, "discount_pct": d, "vat_rate": v}
V = [
 ("empty document", []),
 ("one line, 20 %", [L("1", 10000, "0", "20")]),
 ("1.5 × 19.99 € with 10 % discount at 20 %", [L("1.5", 1999, "10", "20")]),
 ("line tie at half a cent rounds up (positive)", [L("0.5", 1, "0", "20")]),
 ("line tie at half a cent rounds away from zero (negative)", [L("-0.5", 1, "0", "20")]),
 ("line tie 2.5 cents → 3, VAT 0.6 → 1", [L("0.5", 5, "0", "20")]),
 ("VAT ties at half a cent at 10, 5.5 and 2.1 % (bases 5, 100, 500)", [L("1", 5, "0", "10"), L("1", 100, "0", "5.5"), L("1", 500, "0", "2.1")]),
 ("VAT ties at half a cent, negative bases (credit note)", [L("-1", 5, "0", "10"), L("-1", 100, "0", "5.5"), L("-1", 500, "0", "2.1")]),
 ("each line rounds before the base is summed (2 × 0.5 cent → 2)", [L("0.5", 1, "0", "20"), L("0.5", 1, "0", "20")]),
 ("discount tie: 5 cents less 10 % = 4.5 → 5, and −4.5 → −5", [L("1", 5, "10", "20"), L("-1", 5, "10", "10")]),
 ("VAT tie negative on a credit note (base −5 at 10 %)", [L("-1", 5, "0", "10")]),
 ("3-decimal quantity 2.125 kg × 3.33 €", [L("2.125", 333, "0", "5.5")]),
 ("3-decimal quantity 0.001 × 1 € rounds to 0", [L("0.001", 100, "0", "20")]),
 ("0.005 × 1 € is exactly half a cent → 1", [L("0.005", 100, "0", "20")]),
 ("100 % discount gives a zero line", [L("3", 4999, "100", "20")]),
 ("fractional discount 12.5 % and 33.33 %", [L("1", 1000, "12.5", "20"), L("7", 1234, "33.33", "20")]),
 ("every rate on one document", [L("1", 10000, "0", "20"), L("2", 5000, "0", "10"), L("3", 333, "0", "5.5"), L("1", 1999, "0", "2.1"), L("4", 2500, "0", "0")]),
 ("5.5 % VAT rounding on summed base, not per line", [L("1", 9, "0", "5.5"), L("1", 9, "0", "5.5"), L("1", 9, "0", "5.5")]),
 ("2.1 % press rate", [L("13", 149, "0", "2.1")]),
 ("zero rate only", [L("12.75", 4000, "5", "0")]),
 ("credit note: all negative lines", [L("-2", 1999, "0", "20"), L("-1.5", 1000, "10", "5.5")]),
 ("mixed positive and negative lines of one rate cancel before VAT", [L("1", 10001, "0", "20"), L("-1", 10000, "0", "20")]),
 ("negative quantities, ties at −0.5 and −1.5 cents", [L("-0.25", 2, "0", "10"), L("-0.5", 3, "0", "10")]),
 ("big amounts: 1e9 cents × 1000", [L("1000", 1000000000, "0", "20")]),
 ("big amounts with 3-decimal quantity and discount", [L("999.999", 999999999, "0.01", "5.5"), L("-999.999", 999999999, "99.99", "20")]),
 ("same rate written differently adds into one base", [L("1", 100, "0", "5.50"), L("1", 101, "0", "5.5")]),
 ("many lines whose per-line VAT would drift", [L("1", 7, "0", "20")] * 10),
]
out = []
for name, lines in V:
    bases = {}
    for l in lines:
        q, p, d, v = D(l["quantity"]), D(l["unit_price_cents"]), D(l["discount_pct"]), D(l["vat_rate"])
        ex = r(q * p * (D(100) - d) / D(100))
        key = v.normalize()
        bases[key] = bases.get(key, 0) + ex
    by = []
    for rate in sorted(bases, reverse=True):
        base = bases[rate]; vat = r(D(base) * rate / D(100))
        s = format(rate, 'f')
        by.append({"vat_rate": s, "base_cents": base, "vat_cents": vat})
    te = sum(b["base_cents"] for b in by); tv = sum(b["vat_cents"] for b in by)
    out.append({"name": name, "lines": lines, "expected": {"total_excl_cents": te, "total_vat_cents": tv, "total_incl_cents": te + tv, "by_rate": by}})
json.dump(out, open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'totals.vectors.json'), 'w'), ensure_ascii=False, indent='\t')
for o in out: print(o["name"], o["expected"])
