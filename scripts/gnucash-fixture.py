#!/usr/bin/python3
# Builds testdata/gnucash/book.gnucash (SQLite) and book.xml.gnucash (XML,
# uncompressed) with GnuCash's own Python bindings: a small but real book
# for `paidup migrate gnucash` and its tests (app/migrate_gnucash_test.go).
#
# Run (Debian 12, GnuCash 4.13 from `apt-get install gnucash python3-gnucash`):
#   /usr/bin/python3 scripts/gnucash-fixture.py testdata/gnucash
# The oracle (GnuCash's Receivable Aging as of 2026-06-30) was then made with
#   gnucash-cli --report run --name "Receivable Aging" ... (see
#   testdata/gnucash/README.md). The tests need neither GnuCash nor Python.
import os
import sys
from datetime import date, timedelta

from gnucash import Session, Account, GncNumeric, SessionOpenMode
from gnucash.gnucash_business import (Customer, Invoice, Entry, TaxTable,
                                      TaxTableEntry, BillTerm, Job)
from gnucash.gnucash_core_c import (ACCT_TYPE_ASSET, ACCT_TYPE_BANK,
                                    ACCT_TYPE_RECEIVABLE, ACCT_TYPE_INCOME,
                                    ACCT_TYPE_LIABILITY, GNC_TERM_TYPE_DAYS,
                                    GNC_AMT_TYPE_PERCENT, GNC_DISC_PRETAX)


def money(s):
    """A decimal string as an exact GncNumeric in hundredths."""
    whole, _, frac = s.partition(".")
    frac = (frac + "00")[:2]
    return GncNumeric(int(whole) * 100 + (int(frac) if not whole.startswith("-") else -int(frac)), 100)


def build(url):
    if url.startswith("sqlite3:"):
        # GnuCash 4.13's SQL backend inserts the book row twice when a new
        # store is saved from Python (UNIQUE constraint failed: books.guid),
        # so make the empty file first and build in it opened as usual: the
        # SQL backend writes each object as it is committed.
        Session(url, SessionOpenMode.SESSION_NEW_STORE).end()
        s = Session(url, SessionOpenMode.SESSION_NORMAL_OPEN)
    else:
        s = Session(url, SessionOpenMode.SESSION_NEW_STORE)
    book = s.book
    root = book.get_root_account()
    table = book.get_table()
    EUR = table.lookup("CURRENCY", "EUR")
    USD = table.lookup("CURRENCY", "USD")
    book.set_default_currency = None

    def account(parent, name, typ, cur):
        a = Account(book)
        parent.append_child(a)
        a.SetName(name)
        a.SetType(typ)
        a.SetCommodity(cur)
        return a

    assets = account(root, "Assets", ACCT_TYPE_ASSET, EUR)
    ar = account(assets, "Accounts Receivable", ACCT_TYPE_RECEIVABLE, EUR)
    ar_usd = account(assets, "Accounts Receivable USD", ACCT_TYPE_RECEIVABLE, USD)
    bank = account(assets, "Bank", ACCT_TYPE_BANK, EUR)
    bank_usd = account(assets, "Bank USD", ACCT_TYPE_BANK, USD)
    income = account(root, "Income", ACCT_TYPE_INCOME, EUR)
    sales = account(income, "Sales", ACCT_TYPE_INCOME, EUR)
    sales_usd = account(income, "Sales USD", ACCT_TYPE_INCOME, USD)
    liab = account(root, "Liabilities", ACCT_TYPE_LIABILITY, EUR)
    vat19 = account(liab, "VAT 19%", ACCT_TYPE_LIABILITY, EUR)
    vat7 = account(liab, "VAT 7%", ACCT_TYPE_LIABILITY, EUR)

    t19 = TaxTable(book, "USt 19%", TaxTableEntry(vat19, True, GncNumeric(19, 1)))
    t7 = TaxTable(book, "USt 7%", TaxTableEntry(vat7, True, GncNumeric(7, 1)))

    def terms(name, days):
        t = BillTerm(book)
        t.SetName(name)
        t.SetType(GNC_TERM_TYPE_DAYS)
        t.SetDueDays(days)
        return t

    net14, net30, net60 = terms("Net 14", 14), terms("Net 30", 30), terms("Net 60", 60)

    def customer(cid, name, cur, term, email):
        c = Customer(book, cid, cur, name)
        c.SetTerms(term)
        a = c.GetAddr()
        a.SetName(name)
        a.SetAddr1("Street 1")
        a.SetEmail(email)
        return c

    mueller = customer("C001", "Müller Maschinenbau GmbH", EUR, net30, "ap@mueller.example")
    nguyen = customer("C002", "Công ty Thương mại Nguyễn Đức", EUR, net14, "ketoan@nguyenduc.example")
    huamei = customer("C003", "上海华美贸易有限公司", EUR, net30, "finance@huamei.example")
    acme = customer("C004", "Acme Corp", USD, net30, "ap@acme.example")
    dupont = customer("C005", "Dupont SARL", EUR, net60, "compta@dupont.example")

    def invoice(iid, cust, cur, posted, lines, post=True, credit=False, term=None):
        inv = Invoice(book, iid, cur, cust)
        inv.SetDateOpened(posted)
        term = term or cust.GetTerms()
        inv.SetTerms(term)
        if credit:
            inv.SetIsCreditNote(True)
        for desc, qty, price, tax, disc in lines:
            e = Entry(book, inv)
            e.SetDate(posted)
            e.SetDateEntered(posted)
            e.SetDescription(desc)
            e.SetDocQuantity(GncNumeric(int(round(float(qty) * 100)), 100), credit)
            e.SetInvPrice(money(price))
            e.SetInvAccount(sales if cur is EUR else sales_usd)
            if tax is None:
                e.SetInvTaxable(False)
            else:
                e.SetInvTaxable(True)
                e.SetInvTaxIncluded(False)
                e.SetInvTaxTable(tax)
            if disc:
                e.SetInvDiscountType(GNC_AMT_TYPE_PERCENT)
                e.SetInvDiscountHow(GNC_DISC_PRETAX)
                e.SetInvDiscount(GncNumeric(disc, 1))
        if post:
            # The due date as GnuCash's invoice window works it out from the terms.
            due = posted + timedelta(days=term.GetDueDays())
            inv.PostToAccount(ar if cur is EUR else ar_usd, posted, due, "posted " + iid, True, False)
        return inv

    inv1 = invoice("INV-1001", mueller, EUR, date(2026, 3, 2), [
        ("Spindle repair", "10", "120.00", t19, 0),
        ("Travel", "2", "45.50", t19, 0),
        ("Handbook (printed)", "3", "20.00", t7, 0)])
    inv2 = invoice("INV-1002", mueller, EUR, date(2026, 5, 15), [
        ("Maintenance contract Q2", "1", "900.00", t19, 10),
        ("Manuals", "4", "25.00", t7, 0)])
    inv3 = invoice("INV-1003", nguyen, EUR, date(2026, 2, 10), [
        ("Kiểm tra máy móc", "8", "95.00", t19, 0),
        ("Phụ tùng", "1.5", "80.00", t19, 0)])
    inv4 = invoice("INV-1004", nguyen, EUR, date(2026, 4, 20), [
        ("Đào tạo nhân viên", "2", "350.00", t19, 0)])
    inv5 = invoice("INV-1005", huamei, EUR, date(2026, 4, 1), [
        ("设备调试", "5", "200.00", t19, 0)])
    inv6 = invoice("INV-1006", huamei, EUR, date(2026, 5, 1), [
        ("备件", "10", "30.00", t19, 0),
        ("说明书", "2", "50.00", t7, 0)])
    inv7 = invoice("INV-1007", acme, USD, date(2026, 6, 10), [
        ("Remote support (hours)", "12", "150.00", None, 0),
        ("Licence", "1", "499.99", None, 0)])
    # Billed to a job of a customer (GnuCash's jobs): Acme's project.
    atlas = Job(book, "J001", acme, "Project Atlas")
    inv10 = invoice("INV-1010", atlas, USD, date(2026, 5, 20), [
        ("Atlas: integration", "3", "400.00", None, 0)], term=net30)
    invoice("INV-1008", mueller, EUR, date(2026, 6, 20), [
        ("Draft, never posted", "1", "100.00", t19, 0)], post=False)
    invoice("INV-1009", huamei, EUR, date(2026, 7, 5), [
        ("Posted after the as-of date", "1", "100.00", t19, 0)])
    cn1 = invoice("CN-0001", mueller, EUR, date(2026, 5, 20), [
        ("Maintenance: two days not delivered", "1", "200.00", t19, 0)], credit=True)

    def pay(inv, amount, when, num, bank_acct=bank):
        """A payment of one invoice, its split in the invoice's lot."""
        inv.ApplyPayment(None, bank_acct, money(amount), GncNumeric(1), when, "payment " + num, num)

    def prepay(cust, amount, when, num):
        """A payment of no invoice: a lot of its own, open (credit)."""
        cust.ApplyPayment(None, None, ar, bank, money(amount), GncNumeric(1), when, "payment " + num, num, False)

    # Paid in full, paid in part.
    pay(inv1, "1600.49", date(2026, 4, 1), "BANK-0401")
    pay(inv3, "500.00", date(2026, 3, 10), "BANK-0310")
    # One payment over two invoices: paid on account, then GnuCash's own
    # auto-apply links it to INV-1005 and INV-1006 (lot links).
    prepay(huamei, "1500.00", date(2026, 6, 5), "BANK-0605")
    inv5.AutoApplyPayments()
    inv6.AutoApplyPayments()
    # The credit note offsets INV-1002 (a lot link).
    inv2.AutoApplyPayments()
    # A prepayment with no invoice: credit the customer has.
    prepay(dupont, "500.00", date(2026, 6, 20), "BANK-0620")
    # USD: part of INV-1007.
    pay(inv7, "1000.00", date(2026, 6, 25), "WIRE-0625", bank_usd)
    for inv in (inv1, inv2, inv3, inv4, inv5, inv6, inv7, cn1):
        print(inv.GetID(), inv.GetTotal().to_string(), "paid" if inv.IsPaid() else "open")

    s.save()
    s.end()
    print("built", url)


if __name__ == "__main__":
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "testdata/gnucash")
    xml, sql = os.path.join(out, "book.xml.gnucash"), os.path.join(out, "book.gnucash")
    for p in (xml, sql):
        if os.path.exists(p):
            os.remove(p)
    build("xml://" + xml)
    build("sqlite3://" + sql)
