#!/usr/bin/python3
# A bigger GnuCash book to time and check `paidup migrate gnucash` on: N invoices of
# 1-4 lines at 19 %, half paid in full, a sixth in part, over 18 months, N/20 customers.
# Run (GnuCash 4.13, Debian 12): /usr/bin/python3 scripts/gnucash-scale.py xml:///tmp/big.xml.gnucash 3000
# (3.5 min for 3000). Measured 2026-12-04: moved in in 3-5 s; against GnuCash's Receivable
# Aging of it as of 2026-06-30 all 150 customers equal, once what falls due that day is
# counted overdue as GnuCash does (8 customers had some).
import sys, random
from datetime import date, timedelta
from gnucash import Session, Account, GncNumeric, SessionOpenMode
from gnucash.gnucash_business import Customer, Invoice, Entry, TaxTable, TaxTableEntry, BillTerm
from gnucash.gnucash_core_c import ACCT_TYPE_ASSET, ACCT_TYPE_BANK, ACCT_TYPE_RECEIVABLE, ACCT_TYPE_INCOME, ACCT_TYPE_LIABILITY, GNC_TERM_TYPE_DAYS
url, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
s = Session(url, SessionOpenMode.SESSION_NEW_STORE)
book = s.book; root = book.get_root_account(); EUR = book.get_table().lookup("CURRENCY", "EUR")
def account(parent, name, typ):
    a = Account(book); parent.append_child(a); a.SetName(name); a.SetType(typ); a.SetCommodity(EUR); return a
ar = account(root, "AR", ACCT_TYPE_RECEIVABLE); bank = account(root, "Bank", ACCT_TYPE_BANK)
sales = account(root, "Sales", ACCT_TYPE_INCOME); vat = account(root, "VAT", ACCT_TYPE_LIABILITY)
t19 = TaxTable(book, "19", TaxTableEntry(vat, True, GncNumeric(19, 1)))
term = BillTerm(book); term.SetName("Net 30"); term.SetType(GNC_TERM_TYPE_DAYS); term.SetDueDays(30)
custs = []
for i in range(max(1, n // 20)):
    c = Customer(book, "K%04d" % i, EUR, "Kunde %d GmbH" % i); c.SetTerms(term); custs.append(c)
start = date(2025, 1, 1)
for i in range(n):
    c = random.choice(custs); d = start + timedelta(days=random.randrange(540))
    inv = Invoice(book, "R%06d" % i, EUR, c); inv.SetDateOpened(d); inv.SetTerms(term)
    for k in range(random.randint(1, 4)):
        e = Entry(book, inv); e.SetDate(d); e.SetDateEntered(d); e.SetDescription("Leistung %d" % k)
        e.SetQuantity(GncNumeric(random.randint(1, 20), 1)); e.SetInvPrice(GncNumeric(random.randint(10, 500) * 100, 100))
        e.SetInvAccount(sales); e.SetInvTaxable(True); e.SetInvTaxIncluded(False); e.SetInvTaxTable(t19)
    inv.PostToAccount(ar, d, d + timedelta(days=30), "", True, False)
    r = random.random()
    if r < 0.5:
        inv.ApplyPayment(None, bank, inv.GetTotal(), GncNumeric(1), d + timedelta(days=random.randrange(60)), "", "Z%06d" % i)
    elif r < 0.67:
        inv.ApplyPayment(None, bank, GncNumeric(5000, 100), GncNumeric(1), d + timedelta(days=random.randrange(60)), "", "T%06d" % i)
s.save(); s.end()
print("built", url, n)
